"""At most one email a day about one thing: the claim that decides whether to send."""

from datetime import datetime, timedelta

from django.db import IntegrityError, models, transaction

# However busy a thread or a question is, its follower hears about it at most this often.
NOTICE_INTERVAL = timedelta(hours=24)


def claim_notice(notices: type[models.Model], *, now: datetime, **about: object) -> bool:
    """Record in `notices` (a model with `sent_at` and a unique constraint on `about`'s
    fields) that a member is emailed about something now, unless they were within
    `NOTICE_INTERVAL`. One UPDATE or INSERT decides, so two workers never both send."""
    stale = notices._default_manager.filter(**about, sent_at__lte=now - NOTICE_INTERVAL)
    if stale.update(sent_at=now):
        return True
    try:
        with transaction.atomic():
            notices._default_manager.create(**about, sent_at=now)
    except IntegrityError:
        return False
    return True
