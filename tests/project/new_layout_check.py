"""Run by `test_migrate_from_community.py` in today's code through `manage.py shell`, on a
database made before the split and migrated since: prints, as JSON, how many rows each moved
table holds and what the moved rows say through today's models."""

import json
import os

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from aposbook.accounts.models import User
from aposbook.discussions.models import Follow, Post, Thread
from aposbook.feedback.models import Feedback
from aposbook.moderation.models import ExpertApplication, Suspension
from aposbook.questions.models import Answer, Question
from aposbook.reviews.models import Review, ReviewStats

with connection.cursor() as cursor:
    counts = {}
    for table in json.loads(os.environ["MOVED_TABLES"]):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]

nina, omar = User.objects.get(email="nina@example.com"), User.objects.get(email="omar@example.com")
review = Review.objects.get(author=nina)
stats = ReviewStats.objects.get(solution=review.solution, condition=review.condition)
print(
    json.dumps(
        {
            "counts": counts,
            "review_story": review.story,
            "review_helpful": review.helpful_count,
            "stats_count": stats.review_count,
            "thread_replies": Thread.objects.get(author=nina).reply_count,
            "reply": Post.objects.get(author=omar).body,
            "omar_follows": Follow.objects.filter(user=omar).count(),
            "answer": Answer.objects.get(author=nina).body,
            "answer_count": Question.objects.get(author=omar).answer_count,
            "feedback": Feedback.objects.get(user=nina).comment,
            "omar_suspended": omar.active_suspension is not None,
            "suspension_reason": Suspension.objects.get(user=omar).reason,
            "pending_applications": ExpertApplication.objects.pending().count(),
            "content_types": sorted(
                f"{ct.app_label}.{ct.model}"
                for ct in ContentType.objects.filter(
                    model__in=["review", "thread", "question", "feedback", "suspension"]
                )
            ),
        }
    )
)
