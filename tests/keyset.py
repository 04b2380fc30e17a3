"""Walking a list paged by key (cursor) as a reader does, through its page links: every page
forwards, every page back, and what the deepest page cost against the first."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape

from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext


def page_link(response: HttpResponse, rel: str) -> str | None:
    """The query of the page's "next" or "prev" link, or None at that end of the list."""
    found = re.search(rf'<a href="\?([^"]*)" rel="{rel}"', response.content.decode())
    return unescape(found.group(1)) if found else None


@dataclass
class Walk:
    forward: list[list[str]]  # the items of each page, following "next" from the first
    back: list[list[str]]  # the same pages, reached by following "prev" from the last
    first_queries: int
    deepest_queries: int
    deepest_sql: str
    deepest_query: str  # the address of the last page, to ask for again

    @property
    def items(self) -> list[str]:
        return [item for page in self.forward for item in page]


def walk(client: Client, url: str, items: Callable[[HttpResponse], list[str]]) -> Walk:
    """Follow `url`'s list to its end and back; `items` reads a page's items in order."""
    path = url.split("?")[0]  # the links carry the filters themselves
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    first_queries = len(captured.captured_queries)
    forward, deepest_query = [items(response)], url
    while query := page_link(response, "next"):
        deepest_query = f"{path}?{query}"
        with CaptureQueriesContext(connection) as captured:
            response = client.get(deepest_query)
        forward.append(items(response))
    # Read now, before the walk back: the query log is capped.
    deepest_queries = len(captured.captured_queries)
    deepest_sql = " ".join(query["sql"].upper() for query in captured.captured_queries)
    back = [forward[-1]]
    while query := page_link(response, "prev"):
        response = client.get(f"{path}?{query}")
        back.insert(0, items(response))
    return Walk(forward, back, first_queries, deepest_queries, deepest_sql, deepest_query)


def assert_walks_every_item_once_at_page_one_cost(walk: Walk, expected: list[str]) -> None:
    assert walk.items == expected  # in order, none twice, none left out
    assert walk.back == walk.forward
    assert walk.deepest_queries == walk.first_queries
    assert " OFFSET " not in walk.deepest_sql
    assert "COUNT(" not in walk.deepest_sql
