"""Account workflows: verification links, changing the email address, deletion and restore,
the purge, the data export.

Deleting an account logs it out everywhere without visiting every session:
- `is_active=False` makes both authentication backends refuse the user, so every session
  of theirs is anonymous from its next request on;
- the password is hashed again with a fresh salt (same password, new hash), and Django's
  session auth hash is an HMAC of that hash, so the old sessions stay invalid even after a
  restore: only a new log-in with the password brings the member back;
- the purge, 30 days later, deletes whatever session rows are left.
"""

import hashlib
import logging
import math
import time
from datetime import datetime, timedelta
from importlib import import_module
from typing import Any, NamedTuple

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from aposbook.lib.emails import send_templated
from aposbook.lib.pagecache import changed_object
from aposbook.lib.text_checks import name_skeleton

from . import registry
from .models import Role, User

logger = logging.getLogger(__name__)

VERIFICATION_EMAIL_SESSION_KEY = "accounts_verification_email"
RESTORE_SESSION_KEY = "accounts_restore_offer"
# How long the "restore your account?" question stays open after the password was checked.
RESTORE_OFFER_SECONDS = 15 * 60


# --- Accounts the operator makes -------------------------------------------------------


@transaction.atomic
def create_moderator(
    *, email: str, password: str, display_name: str = "", staff: bool = False
) -> User:
    """A moderator who can log in at once (`manage.py create_moderator`); with `staff`, a
    member of staff, who also moderates moderators and has the whole admin. The operator
    made it, so its address counts as confirmed without an emailed link."""
    if staff:
        return User.objects.create_superuser(
            email=email, password=password, display_name=display_name
        )
    user = User.objects.create_user(
        email=email, password=password, display_name=display_name, role=Role.MODERATOR
    )
    user.mark_email_verified()
    return user


# --- Verification links -----------------------------------------------------------------


def _wait_key(email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"accounts:verification-sent:{digest}"


def verification_cooldown() -> int:
    """Seconds between two verification emails to one address (allauth's cooldown too)."""
    return settings.EMAIL_VERIFICATION_COOLDOWN


def verification_wait(email: str) -> int:
    """Seconds before another verification link may be sent to `email` (0: now)."""
    sent_at = cache.get(_wait_key(email))
    if sent_at is None:
        return 0
    return max(0, math.ceil(sent_at + verification_cooldown() - time.time()))


def start_verification_wait(email: str) -> bool:
    """Note that a link goes to `email` now; False if the previous one is too recent.

    Kept for every address asked about, registered or not, so the answer reveals nothing.
    """
    key, now = _wait_key(email), time.time()
    if cache.add(key, now, timeout=verification_cooldown()):
        return True
    # The entry may outlive the wait by a little (a cache's expiry runs on its own clock).
    if verification_wait(email) == 0:
        cache.set(key, now, timeout=verification_cooldown())
        return True
    return False


def remember_verification_address(request: HttpRequest, email: str) -> None:
    """Keep the address in the session, for the "link sent" page to show it."""
    request.session[VERIFICATION_EMAIL_SESSION_KEY] = email


def verification_address(request: HttpRequest) -> str | None:
    return request.session.get(VERIFICATION_EMAIL_SESSION_KEY)


def _address_awaiting_confirmation(email: str) -> EmailAddress | None:
    """The unconfirmed address of a live account, if `email` is one."""
    accounts = User.objects.live()
    address = (
        EmailAddress.objects.filter(email__iexact=email, user__in=accounts)
        .select_related("user")
        .order_by("-verified")
        .first()
    )
    if address is not None:
        return None if address.verified else address
    # An account made outside the sign-up form (admin, shell) has no address row yet.
    user = accounts.filter(email__iexact=email).first()
    if user is None:
        return None
    has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
    return EmailAddress.objects.create(user=user, email=user.email, primary=not has_primary)


def resend_verification(request: HttpRequest, *, email: str) -> None:
    """Send a new link if `email` is waiting for confirmation; do nothing otherwise.

    The caller answers the same either way, so nobody learns who is registered.
    """
    address = _address_awaiting_confirmation(email)
    if address is not None:
        address.send_confirmation(request)


# --- Changing the email address ---------------------------------------------------------
#
# The new address is not stored anywhere until its owner clicks the link: the link itself
# carries it, signed. So until then the old address is the login, for password resets too,
# and an address someone merely typed can never be used to log in or to reset a password.

EMAIL_CHANGE_SALT = "aposbook.accounts.email-change"


class EmailChange(NamedTuple):
    """What a valid link asks: give `user` the address `email`."""

    user: User
    email: str


def _address_fingerprint(email: str) -> str:
    """Names the address the link was asked from without writing it in the link: once the
    address has changed, the link stops working (it is good for one change)."""
    return salted_hmac(EMAIL_CHANGE_SALT, email.lower(), algorithm="sha256").hexdigest()[:20]


def email_change_token(*, user: User, email: str) -> str:
    return signing.dumps(
        {"user": user.pk, "email": email, "from": _address_fingerprint(user.email)},
        salt=EMAIL_CHANGE_SALT,
    )


def read_email_change_token(token: str) -> EmailChange | None:
    """The change a link asks for, or None if it is forged, expired or already used, or its
    account is no longer live."""
    max_age = timedelta(days=settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS)
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user"), int):
        return None
    user = User.objects.live().filter(pk=data["user"]).first()
    if user is None or data.get("from") != _address_fingerprint(user.email):
        return None
    return EmailChange(user=user, email=str(data.get("email", "")))


def passes_for_a_vouched_member(name: str, *, besides: User | None = None) -> bool:
    """Whether `name` looks like the public name of a health expert, moderator or staff
    member other than `besides` (`name_skeleton`): readers trust those names, so nobody else
    may wear one. There are few such accounts; their names are compared here, not in SQL."""
    skeleton = name_skeleton(name)
    vouched = User.objects.live().filter(
        Q(role__in=[Role.EXPERT, Role.MODERATOR, Role.STAFF]) | Q(is_superuser=True)
    )
    if besides is not None:
        vouched = vouched.exclude(pk=besides.pk)
    names = vouched.values_list("display_name", "email")
    return bool(skeleton) and any(
        name_skeleton(display_name or email.split("@")[0]) == skeleton
        for display_name, email in names
    )


def email_in_use(email: str, *, besides: User) -> bool:
    """Whether another account logs in with `email` or has confirmed it (whatever its case)."""
    return (
        User.objects.exclude(pk=besides.pk).filter(email__iexact=email).exists()
        or EmailAddress.objects.exclude(user=besides)
        .filter(email__iexact=email, verified=True)
        .exists()
    )


def request_email_change(*, user: User, email: str) -> None:
    """Email `email` a link that makes it the member's address. When another account
    already uses it, that address is told so instead: the member sees the same answer
    either way, so nobody learns who is registered."""
    email = email.strip().lower()
    if email_in_use(email, besides=user):
        # Written to the owner of that address, who need not learn who asked.
        send_templated(
            "email-change-address-taken",
            to=[email],
            context={
                "email": email,
                "login_url": f"{settings.SITE_URL}{reverse('account_login')}",
                "reset_url": f"{settings.SITE_URL}{reverse('account_reset_password')}",
            },
        )
        return
    token = email_change_token(user=user, email=email)
    send_templated(
        "email-change",
        to=[email],
        context={
            "name": user.public_name,
            "new_email": email,
            "confirm_url": f"{settings.SITE_URL}"
            f"{reverse('accounts:confirm_email_change', args=[token])}",
            "expire_days": settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS,
        },
    )


@transaction.atomic
def change_email(*, user: User, email: str) -> bool:
    """Make `email`, confirmed by the click on its link, the member's login and only address;
    tell the old address. False, changing nothing, if another account took it meanwhile."""
    email = email.strip().lower()
    if email_in_use(email, besides=user):
        return False
    old_email = user.email
    user.email = email
    try:
        # The case-insensitive unique constraint decides a race with a sign-up.
        with transaction.atomic():
            user.save(update_fields=["email"])
    except IntegrityError:
        user.email = old_email
        return False
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    send_templated(
        "email-changed",
        to=[old_email],
        context={"name": user.public_name, "old_email": old_email, "new_email": email},
    )
    logger.info("Account %s changed its email address", user.pk)
    return True


# --- Deleting and restoring -------------------------------------------------------------


@transaction.atomic
def delete_account(*, user: User, password: str) -> None:
    """Deactivate the account now; its personal data goes with the purge after 30 days."""
    user.deleted_at = timezone.now()
    user.is_active = False
    # Same password, new salt: every existing session's auth hash stops matching.
    user.set_password(password)
    user.save(update_fields=["deleted_at", "is_active", "password"])
    send_templated(
        "account-deleted",
        to=[user.email],
        context={
            "name": user.display_name or user.email,
            "deleted_at": user.deleted_at,
            "restore_deadline": user.restore_deadline,
            "login_url": f"{settings.SITE_URL}{reverse('account_login')}",
        },
    )
    logger.info("Account %s deleted; restorable until %s", user.pk, user.restore_deadline)


@transaction.atomic
def restore_account(*, user: User) -> bool:
    """Bring a deleted account back; False, changing nothing, if it can no longer be.

    Decided by the update itself, not by `user` as it was read: the purge may have run, or
    the account been restored and deleted again, between the visitor's answer and this call."""
    restored = (
        User.objects.restorable()
        .filter(pk=user.pk, deleted_at=user.deleted_at)
        .update(deleted_at=None, is_active=True)
    )
    if not restored:
        return False
    user.deleted_at = None
    user.is_active = True
    changed_object(user)  # Their writing shows their name again.
    logger.info("Account %s restored", user.pk)
    return True


def offer_restore(request: HttpRequest, *, user: User, next_url: str | None) -> None:
    """Remember, once the password is checked, that this visitor may restore `user`.

    The offer names this deletion: if the account is restored elsewhere and deleted again,
    an answer left open here must not undo the new deletion."""
    assert user.deleted_at is not None, "only a deleted account can be restored"
    request.session[RESTORE_SESSION_KEY] = {
        "user": user.pk,
        "deleted_at": user.deleted_at.isoformat(),
        "at": time.time(),
        "next": next_url or "",
    }


def user_offered_restore(request: HttpRequest) -> User | None:
    """The deleted account this visitor proved to own, if it can still be restored."""
    offer = request.session.get(RESTORE_SESSION_KEY)
    if not isinstance(offer, dict) or time.time() - offer.get("at", 0) > RESTORE_OFFER_SECONDS:
        return None
    user_id = offer.get("user")
    user = User.objects.filter(pk=user_id).first() if user_id is not None else None
    if user is None or not user.can_be_restored():
        return None
    assert user.deleted_at is not None  # can_be_restored() checked it
    if user.deleted_at.isoformat() != offer.get("deleted_at"):
        return None
    return user


def withdraw_restore_offer(request: HttpRequest) -> str:
    """Forget the offer; return where the member wanted to go after logging in."""
    offer = request.session.pop(RESTORE_SESSION_KEY, None) or {}
    return offer.get("next", "")


# --- The purge --------------------------------------------------------------------------


def purged_email(user: User) -> str:
    return f"deleted-{user.pk}@deleted.invalid"


@transaction.atomic
def purge_account(*, user: User, now: datetime) -> bool:
    """Remove a deleted member's personal data for good; their public contributions stay,
    shown as "deleted member". False, touching nothing, if the account was restored (or
    purged) since `user` was read: the first update claims the row, whatever else runs."""
    claimed = (
        User.objects.due_for_purge(now)
        .filter(pk=user.pk)
        .update(purged_at=now, is_active=False, last_login=None)
    )
    if not claimed:
        return False
    changed_object(user)  # Their writing now shows as a deleted member's.
    EmailAddress.objects.filter(user=user).delete()
    registry.run_purge_steps(user)
    user.email = purged_email(user)
    user.display_name = ""
    user.credentials = ""
    user.profession = ""
    user.set_unusable_password()
    user.last_login = None
    user.is_active = False
    user.purged_at = now
    # Only the personal fields: `user` may be stale, and its deletion date is not ours to write.
    user.save(update_fields=["email", "display_name", "credentials", "profession", "password"])
    return True


def delete_sessions(user_ids: set[int]) -> int:
    """Delete the stored sessions of these users; returns how many.

    Only database-backed engines can be searched; with other engines sessions already
    stopped working at deletion and simply expire."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not user_ids or not hasattr(store_class, "get_model_class"):
        return 0
    wanted = {str(pk) for pk in user_ids}
    keys = [
        session.session_key
        for session in store_class.get_model_class().objects.iterator()
        if store_class().decode(session.session_data).get(SESSION_KEY) in wanted
    ]
    for key in keys:
        store_class(session_key=key).delete()
    return len(keys)


def purge_deleted_accounts(*, now: datetime | None = None) -> int:
    """Purge every account deleted more than 30 days ago and not purged yet."""
    now = now or timezone.now()
    purged = {
        user.pk for user in User.objects.due_for_purge(now) if purge_account(user=user, now=now)
    }
    sessions = delete_sessions(purged)
    logger.info("Purged %d deleted account(s), removed %d session(s)", len(purged), sessions)
    return len(purged)


# --- Export -----------------------------------------------------------------------------


def export_user_data(*, user: User) -> dict[str, Any]:
    """Everything we hold about `user`, one section per kind of data: the account's own
    here, each other app's from what it registered (`registry`). Choices are written as the
    site shows them ("Health expert", "1–3 months"), dates in ISO 8601 for programs."""
    return {
        "profile": {
            "id": user.pk,
            "email": user.email,
            "display_name": user.display_name,
            "credentials": user.credentials,
            "profession": user.profession,
            "role": user.get_role_display(),
            "reply_emails": user.reply_emails,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        **registry.exported_sections(user),
    }
