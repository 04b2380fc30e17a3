"""Where the moderation pages live: under /moderation/, and `/experts/apply/` at the root."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("name", "args", "url"),
    [
        ("moderation:dashboard", [], "/moderation/"),
        ("moderation:audit_log", [], "/moderation/log/"),
        ("moderation:members", [], "/moderation/members/"),
        ("moderation:suspend", [7], "/moderation/members/7/suspend/"),
        ("moderation:unsuspend", [7], "/moderation/members/7/unsuspend/"),
        ("moderation:suspensions", [], "/moderation/suspensions/"),
        ("moderation:expert_applications", [], "/moderation/expert-applications/"),
        ("moderation:approve_application", [3], "/moderation/expert-applications/3/approve/"),
        ("moderation:refuse_application", [3], "/moderation/expert-applications/3/refuse/"),
        ("experts:apply", [], "/experts/apply/"),
        ("pages:contact", [], "/contact/"),
        ("pages:contact_sent", [], "/contact/sent/"),
        ("pages:code_of_conduct", [], "/code-of-conduct/"),
    ],
)
def test_it_serves_each_page_at_its_address(name, args, url) -> None:
    assert reverse(name, args=args) == url
