"""Run by `test_migrate_from_community.py` inside the code as it was before the split (the
`community` app), through `manage.py shell`: makes members with one of everything the
split moved, then prints how many rows each moved table (`MOVED_TABLES`, given by the test)
holds, as JSON."""

import json
import os
from datetime import timedelta

from allauth.account.models import EmailAddress
from aposbook.community.discussions_services import (
    add_answer,
    add_reply,
    ask_question,
    follow,
    start_thread,
    toggle_vote,
)
from aposbook.community.models import Feedback
from aposbook.community.reviews_services import ReviewDetails, create_review, vote_on_review
from django.db import connection
from django.utils import timezone

from aposbook.accounts.models import ExpertApplication, Suspension, User
from aposbook.library.models import Condition, Solution


def member(email: str, name: str) -> User:
    user = User.objects.create_user(email=email, password="not used here", display_name=name)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


nina, omar, mo = (
    member("nina@example.com", "Nina"),
    member("omar@example.com", "Omar"),
    member("mo@example.com", "Mo"),
)
magnesium, insomnia = Solution.objects.get(slug="magnesium"), Condition.objects.get(slug="insomnia")
review = create_review(
    author=nina,
    solution=magnesium,
    condition=insomnia,
    details=ReviewDetails(
        effectiveness=7,
        side_effects="none",
        side_effects_text="",
        solution_form=None,
        dose="200 mg",
        duration="1-3-months",
        recommends=True,
        story="Magnesium glycinate at night helped me fall asleep sooner.",
    ),
)
vote_on_review(review=review, voter=omar, helpful=True)
thread = start_thread(
    topic=insomnia.topic,
    author=nina,
    title="Waking at 4 am every night",
    body="Has anyone found a way back to sleep?",
)
add_reply(thread=thread, author=omar, body="A dim light and a dull book work for me.")
follow(user=omar, topic=insomnia.topic)
question = ask_question(
    topic=magnesium.topic, author=omar, title="Which form of magnesium is gentlest?", body=""
)
answer = add_answer(question=question, author=nina, body="Glycinate is the gentlest on my stomach.")
toggle_vote(answer=answer, user=omar)
Feedback.objects.create(topic=insomnia.topic, helpful=True, comment="Clear page.", user=nina)
Suspension.objects.create(
    user=omar, reason="Spam links.", created_by=mo, ends_at=timezone.now() + timedelta(days=7)
)
ExpertApplication.objects.create(
    user=nina,
    profession="Registered dietitian",
    credentials="RD",
    registry_url="https://www.hcpc-uk.org/check-the-register/",
)

with connection.cursor() as cursor:
    counts = {}
    for table in json.loads(os.environ["MOVED_TABLES"]):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
print(json.dumps(counts))
