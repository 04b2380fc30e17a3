"""Numbers read from the query string (`?page=`, `?quote=`, `?from=`…) never break a page:
`str.isdigit()` accepts "²" and `int()` accepts "١٢" (Arabic-Indic digits), so each is tried
on every address of the site, as a visitor, a member and a moderator."""

import pytest
from django.test import Client

from tests.project.attack_world import NOT_VISITED, make_world, site_routes

pytestmark = pytest.mark.django_db

# Every query parameter a view reads (grep `GET.get` in aposbook/).
PARAMETERS = (
    *("page", "quote", "from", "to", "sig", "condition", "topic", "type", "subject", "q"),
    *("cursor", "last"),
)


@pytest.mark.parametrize("value", ["²", "١٢"])
def test_no_address_fails_on_odd_digits_in_the_query_string(value: str) -> None:
    world = make_world()
    query = "&".join(f"{name}={value}" for name in PARAMETERS)
    for who in (None, world.alice, world.mo):
        client = Client()  # raises the view's exception, should one fail
        if who is not None:
            client.force_login(who)
        for route in site_routes():
            if route.name in NOT_VISITED:
                continue
            response = client.get(f"{world.url(route)}?{query}")
            assert response.status_code < 500, (route.name, who)
