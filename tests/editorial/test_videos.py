"""Experts submit YouTube and Vimeo videos from the desk; editors publish them (they appear on
their topics' pages at once) or refuse them with a note."""

import pytest
from django.core import mail

from aposbook.editorial import services
from aposbook.library.models import Video, VideoStatus
from tests.factories import ConditionFactory, SolutionFactory, VideoFactory
from tests.helpers import page_text

NEW = "/editorial/videos/new/"
ADDRESS = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def topics(db):
    return ConditionFactory(name="Insomnia", slug="insomnia"), SolutionFactory(
        name="Magnesium", slug="magnesium"
    )


def send(client, pages, **data: object):
    insomnia, magnesium = pages
    form = {
        "url": ADDRESS,
        "title": "How sleep works",
        "creator": "A sleep clinic",
        "creator_url": "",
        "description": "A clear ten-minute explanation of sleep stages and habits.",
        "topics": [str(insomnia.topic.pk), str(magnesium.topic.pk)],
        **data,
    }
    return client.post(NEW, form)


def test_an_expert_submits_a_video_that_waits_for_an_editor(client, erin, topics) -> None:
    client.force_login(erin)

    response = send(client, topics)

    video = Video.objects.get()
    assert response.status_code == 302
    assert (video.status, video.submitted_by, video.slug) == (
        VideoStatus.SUBMITTED,
        erin,
        "how-sleep-works",
    )
    assert "waiting for an editor" in page_text(client.get(response["Location"]))
    assert "How sleep works" not in page_text(client.get("/conditions/insomnia/"))
    assert client.get(video.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"url": "https://example.com/video.mp4"}, "YouTube"),
        ({"url": ""}, "Please give the video's YouTube or Vimeo address."),
        ({"topics": []}, "Please choose at least one condition or solution."),
        ({"description": "Short"}, "Your summary is too short"),
    ],
)
def test_bad_input_gets_a_message_and_keeps_the_form(client, erin, topics, data, message) -> None:
    client.force_login(erin)

    response = send(client, topics, **data)

    assert response.status_code == 400
    assert message in page_text(response)
    assert 'value="How sleep works"' in response.content.decode()
    assert not Video.objects.exists()


def test_members_do_not_submit_videos(client, alice, topics) -> None:
    client.force_login(alice)

    response = send(client, topics)

    assert response.status_code == 403
    assert "Only health experts submit videos" in page_text(response)
    assert not Video.objects.exists()


def test_an_editor_publishes_and_it_appears_on_its_topics_pages(
    client, erin, mo, topics, django_capture_on_commit_callbacks
) -> None:
    client.force_login(erin)
    send(client, topics)
    video = Video.objects.get()
    client.force_login(mo)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/editorial/videos/{video.pk}/publish/")

    assert response.status_code == 302
    assert "How sleep works" in page_text(client.get("/conditions/insomnia/"))
    assert "How sleep works" in page_text(client.get("/solutions/magnesium/"))
    assert client.get(video.get_absolute_url()).status_code == 200
    [message] = mail.outbox
    assert message.to == ["erin@example.com"]
    assert "is published" in message.subject


def test_a_refusal_needs_a_note_the_expert_reads(
    client, erin, mo, topics, django_capture_on_commit_callbacks
) -> None:
    client.force_login(erin)
    send(client, topics)
    video = Video.objects.get()
    client.force_login(mo)

    empty = client.post(f"/editorial/videos/{video.pk}/refuse/", {"note": ""})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/editorial/videos/{video.pk}/refuse/", {"note": "The sound is poor."})

    assert empty.status_code == 400
    assert "Please say why" in page_text(empty)
    video.refresh_from_db()
    assert video.status == VideoStatus.REFUSED
    [message] = mail.outbox
    assert "The sound is poor." in message.body


def test_only_editors_decide(client, erin, bob, topics) -> None:
    client.force_login(erin)
    send(client, topics)
    video = Video.objects.get()

    own = client.post(f"/editorial/videos/{video.pk}/publish/")
    client.force_login(bob)
    stranger = client.get(f"/editorial/videos/{video.pk}/")

    assert own.status_code == 403
    assert stranger.status_code == 404
    video.refresh_from_db()
    assert video.status == VideoStatus.SUBMITTED


def test_deciding_refuses_get(client, mo, topics) -> None:
    video = VideoFactory(status=VideoStatus.SUBMITTED)
    client.force_login(mo)

    assert client.get(f"/editorial/videos/{video.pk}/publish/").status_code == 405
    video.refresh_from_db()
    assert video.status == VideoStatus.SUBMITTED


def test_a_video_is_decided_once(mo, topics) -> None:
    video = VideoFactory(status=VideoStatus.SUBMITTED)
    services.decide_video(video=video, editor=mo, publish=True)

    with pytest.raises(services.AlreadyDecided):
        services.decide_video(video=video, editor=mo, publish=False, note="No.")


def test_the_desk_counts_videos_waiting(client, erin, mo, topics) -> None:
    client.force_login(erin)
    send(client, topics)
    mine = page_text(client.get("/editorial/"))
    client.force_login(mo)

    text = page_text(client.get("/editorial/"))

    assert "Videos waiting for review (1)" in text
    assert "How sleep works" in text
    assert "Your videos" in mine
    assert "How sleep works" in mine and "Waiting for an editor" in mine
