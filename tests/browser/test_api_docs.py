"""The API's interactive docs in a real browser: Swagger UI from our own static files,
working under the page's Content Security Policy, and a link to the schema without
JavaScript. The `accessibility` fixture checks each page (see conftest.py)."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.factories import ConditionFactory


@pytest.mark.django_db(transaction=True)
def test_a_developer_reads_the_docs_and_tries_a_list(page: Page, live_server: Any) -> None:
    ConditionFactory(name="Insomnia", slug="insomnia", icd10_codes="G47.0")
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " (event) => console.error('CSP refused ' + event.violatedDirective))"
    )

    page.goto("/api/docs")

    expect(page.get_by_role("heading", name=re.compile("Aposbook open read API"))).to_be_visible()
    operation = page.locator("#operations-library-aposbook_api_views_list_conditions")
    expect(operation).to_be_visible()
    assert [text for text in refused if "CSP" in text or "Content Security" in text] == []


@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_docs_page_links_to_the_schema(
    new_page: Callable[..., Page], live_server: Any
) -> None:
    page = new_page(javascript=False)

    page.goto("/api/docs")

    link = page.get_by_role("link", name="OpenAPI schema")
    expect(link).to_have_attribute("href", "/api/openapi.json")
