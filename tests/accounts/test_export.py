"""The data export speaks the site's words: choices as the pages show them, not as stored."""

import datetime as dt
import json

import pytest

from aposbook.accounts.models import Role
from aposbook.moderation.models import ExpertApplication
from aposbook.reviews.services import vote_on_review
from tests.factories import FeedbackFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def test_it_writes_labels_rather_than_codes(client, alice, bob):
    alice.role = Role.EXPERT
    alice.save()
    ReviewFactory(
        author=alice,
        side_effects="mild",
        side_effects_text="A loose stomach in the first week.",
        duration="1-3-months",
        recommends=False,
    )
    vote_on_review(review=ReviewFactory(author=bob), voter=alice, helpful=True)
    FeedbackFactory(user=alice, helpful=False)
    ExpertApplication.objects.create(
        user=alice, profession="Registered dietitian", credentials="RD"
    )
    client.force_login(alice)

    data = json.loads(client.get("/accounts/settings/export/").content)

    assert data["profile"]["role"] == "Health expert"
    [review] = data["reviews"]
    assert (review["side_effects"], review["duration"], review["recommends"]) == (
        "Mild",
        "1–3 months",
        "No",
    )
    assert data["review_votes"][0]["vote"] == "Helpful"
    assert data["page_feedback"][0]["helpful"] == "No"
    assert data["expert_applications"][0]["status"] == "Waiting for a moderator"


def test_it_keeps_dates_in_iso_8601_for_programs(client, alice):
    ReviewFactory(author=alice)
    client.force_login(alice)

    data = json.loads(client.get("/accounts/settings/export/").content)

    for value in (data["profile"]["date_joined"], data["reviews"][0]["created_at"]):
        assert dt.datetime.fromisoformat(value).tzinfo is not None, value
