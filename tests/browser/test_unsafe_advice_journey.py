"""A reply with unsafe advice in a real browser, without JavaScript's help: the notice says
what matched and why, the text stays, "Post anyway" sends it to a moderator, and another
member does not see it. Every page on the way is checked (axe-core, Nu HTML, 360 px)."""

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from aposbook.accounts.models import User
from aposbook.discussions.models import Post
from aposbook.library.models import Medicine, SafetyRule
from aposbook.library.safety_seed import seed
from tests.browser.pages import log_in, main, url
from tests.factories import ConditionFactory, ThreadFactory
from tests.fixtures import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

UNSAFE = "Stop taking your insulin, cinnamon keeps my sugar levels fine."


def test_a_member_is_warned_then_posts_anyway_for_a_moderator(
    new_page: Callable[..., Page], live_server: Any, alice: User, bob: User
) -> None:
    seed(Medicine, SafetyRule)  # a transactional test starts from empty tables
    insomnia = ConditionFactory(name="Insomnia", slug="insomnia")
    thread = ThreadFactory(topic=insomnia.topic, author=bob, title="Sleep and sugar levels")
    page = new_page()
    page.goto(f"/discussions/{thread.pk}/")
    log_in(page, email=alice.email, password=PASSWORD)

    main(page).get_by_label("Your reply").fill(UNSAFE)
    main(page).get_by_role("button", name="Post your reply").click()

    notice = page.get_by_role("region", name="Before you post: please check this advice")
    expect(notice).to_contain_text("Stopping a medicine: “Stop taking your insulin”.")
    expect(notice).to_contain_text("talk to their doctor before they stop or change a medicine")
    expect(main(page).get_by_label("Your reply")).to_have_value(UNSAFE)
    assert not Post.objects.filter(author=alice).exists()

    notice.get_by_role("button", name="Post anyway").click()

    post = Post.objects.get(author=alice)
    expect(page).to_have_url(url(live_server, f"/discussions/{thread.pk}/?last=1#post-{post.pk}"))
    expect(main(page)).to_contain_text("waiting for a moderator")
    assert post.is_held

    bobs_page = new_page()
    bobs_page.goto(f"/discussions/{thread.pk}/")
    log_in(bobs_page, email=bob.email, password=PASSWORD)
    expect(main(bobs_page)).not_to_contain_text("Stop taking your insulin")
