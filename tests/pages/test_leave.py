"""The leaving-site page, its signed addresses and the outbound helpers."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.core.signing import Signer
from django.template import Context, Template

from aposbook.lib.outbound import (
    InvalidLeaveTarget,
    SiteKind,
    classify,
    leave_url,
    strip_tracking,
    verify_leave_target,
)

SENTENCE = (
    "You are now leaving Aposbook.com and going to an external site managed by another "
    "organization."
)


def _query(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def _tamper(value: str) -> str:
    """Change one character in the middle of a value."""
    middle = len(value) // 2
    return value[:middle] + ("A" if value[middle] != "A" else "B") + value[middle + 1 :]


def test_it_shows_the_destination(client) -> None:
    response = client.get(leave_url("https://example.org/health/sleep?page=2"))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Ready to leave?" in text
    assert SENTENCE in text
    assert "https://<strong>example.org</strong>/health/sleep?page=2" in text
    assert "Continue to the site" in text
    # "nofollow": the destination may come from a member's post, vouched for by nobody.
    continue_link = (
        'href="https://example.org/health/sleep?page=2" rel="nofollow noopener noreferrer"'
    )
    assert continue_link in text
    assert "Other site" in text


def test_it_does_not_query_the_database(client, db, django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        client.get(leave_url("https://example.org/"))


def test_it_is_not_indexed_and_sends_no_referrer(client) -> None:
    response = client.get(leave_url("https://example.org/"))

    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert response["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("https://pubmed.ncbi.nlm.nih.gov/12345678/", "Research literature"),
        ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC123/", "Research literature"),
        ("https://doi.org/10.1000/xyz", "Research literature"),
        ("https://bmccomplementmedtherapies.biomedcentral.com/a/1", "Research literature"),
        ("https://www.cdc.gov/sleep/", "Government or public-health agency"),
        ("https://www.nhs.uk/conditions/insomnia/", "Government or public-health agency"),
        ("https://www.who.int/news", "Government or public-health agency"),
        ("https://www.youtube.com/watch?v=abcdefghijk", "Video platform"),
        ("https://youtu.be/abcdefghijk", "Video platform"),
        ("https://vimeo.com/123", "Video platform"),
        ("https://example.org/", "Other site"),
    ],
)
def test_it_names_the_kind_of_site(client, url: str, label: str) -> None:
    assert label in client.get(leave_url(url)).content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "https://pubmed.ncbi.nlm.nih.gov.evil.com/1/",
        "https://evil-pubmed.ncbi.nlm.nih.gov.attacker.com/",
        "https://notyoutube.com/watch",
        "https://pubmed.ncbi.nlm.nih.gov@evil.com/",
        "https://gov.evil.com/",
    ],
)
def test_it_classifies_look_alike_hosts_as_other_sites(url: str) -> None:
    assert classify(url) == SiteKind.OTHER


def test_it_classifies_subdomains_and_www() -> None:
    assert classify("https://www.bmj.com/content/1") == SiteKind.RESEARCH
    assert classify("https://m.youtube.com/watch?v=x") == SiteKind.VIDEO
    assert classify("https://assets.publishing.service.gov.uk/x.pdf") == SiteKind.GOVERNMENT
    assert classify("https://www.ema.europa.eu/") == SiteKind.GOVERNMENT
    assert classify("https://www.nccih.nih.gov/health") == SiteKind.GOVERNMENT


def test_it_shows_the_host_of_a_look_alike_address(client) -> None:
    text = client.get(leave_url("https://pubmed.ncbi.nlm.nih.gov.evil.com/1/")).content.decode()

    assert "<strong>pubmed.ncbi.nlm.nih.gov.evil.com</strong>" in text
    assert "Other site" in text


def test_it_shows_a_host_in_another_alphabet_as_dns_knows_it(client) -> None:
    # "аpple.com" with a Cyrillic "а" looks like apple.com; its DNS form does not.
    text = client.get(leave_url("https://\u0430pple.com/login")).content.decode()

    assert "https://<strong>xn--pple-43d.com</strong>/login" in text
    assert 'href="https://xn--pple-43d.com/login"' in text
    assert "\u0430pple" not in text


def test_it_keeps_an_ascii_host_as_written(client) -> None:
    text = client.get(leave_url("https://Example.ORG:8443/a")).content.decode()

    assert "https://<strong>Example.ORG</strong>:8443/a" in text


def test_it_removes_tracking_parameters_and_keeps_the_rest(client) -> None:
    url = "https://example.org/a?utm_source=news&id=7&fbclid=abc&utm_campaign=x&gclid=g&b=2#top"

    text = client.get(leave_url(url)).content.decode()

    assert "https://<strong>example.org</strong>/a?id=7&amp;b=2#top" in text
    assert 'href="https://example.org/a?id=7&amp;b=2#top"' in text
    for name in ["utm_source", "utm_campaign", "fbclid", "gclid"]:
        assert name not in text


def test_it_strips_only_tracking_parameters() -> None:
    assert (
        strip_tracking("https://e.org/?UTM_Medium=x&q=a%20b&msclkid=1") == "https://e.org/?q=a%20b"
    )
    assert strip_tracking("https://e.org/?utm_source=x") == "https://e.org/"
    assert strip_tracking("https://e.org/?utmost=1&q=") == "https://e.org/?utmost=1&q="
    assert strip_tracking("https://e.org/path") == "https://e.org/path"


def test_it_escapes_the_destination(client) -> None:
    text = client.get(leave_url('https://example.org/"><script>alert(1)</script>')).content.decode()

    assert "<script>alert(1)" not in text
    assert "&lt;script&gt;" in text


def test_it_refuses_a_missing_target(client) -> None:
    response = client.get("/leave/")

    assert response.status_code == 400
    assert "This link cannot be followed" in response.content.decode()


def test_it_refuses_an_unsigned_target(client) -> None:
    response = client.get("/leave/?" + urlencode({"to": "https://example.org/"}))

    assert response.status_code == 400
    assert "broken or was altered" in response.content.decode()


@pytest.mark.parametrize("part", ["to", "sig"])
def test_it_refuses_a_tampered_target(client, part: str) -> None:
    query = _query(leave_url("https://example.org/health"))
    query[part] = _tamper(query[part])

    response = client.get("/leave/?" + urlencode(query))

    assert response.status_code == 400
    assert "This link cannot be followed" in response.content.decode()
    assert "example.org" not in response.content.decode()


def test_it_refuses_a_signature_made_with_another_salt(client) -> None:
    url = "https://example.org/"
    query = urlencode({"to": url, "sig": Signer(salt="something.else").signature(url)})

    assert client.get(f"/leave/?{query}").status_code == 400


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/file",
        "//evil.com",
        "mailto:someone@example.org",
        "https://evil.com\\@pubmed.ncbi.nlm.nih.gov/",
        "https:///nohost",
        "https://example.org/\nSet-Cookie: x",
        "https://pubmed.ncbi.nlm.nih.gov@evil.com/",
        "https://good.com:443@evil.com/",
        "https://user:password@example.org/",
        "https://evil..com/",
    ],
)
def test_it_refuses_a_correctly_signed_target_that_is_not_a_web_address(client, url: str) -> None:
    query = urlencode({"to": url, "sig": Signer(salt="aposbook.leave").signature(url)})

    response = client.get(f"/leave/?{query}")

    assert response.status_code == 400
    assert "Continue to the site" not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?to=https://evil.com",
        "?to=javascript:alert(1)&sig=x",
        "?to=//evil.com&sig=",
        "?next=https://evil.com",
    ],
)
def test_it_never_redirects(client, query: str) -> None:
    response = client.get(f"/leave/{query}")

    assert not 300 <= response.status_code < 400
    assert "Location" not in response


def test_it_never_redirects_a_valid_link(client) -> None:
    response = client.get(leave_url("https://example.org/"))

    assert response.status_code == 200
    assert "Location" not in response


def test_it_goes_back_to_a_page_on_our_site(client) -> None:
    response = client.get(
        leave_url("https://example.org/"), HTTP_REFERER="http://testserver/conditions/insomnia/"
    )

    assert 'href="http://testserver/conditions/insomnia/">Go back</a>' in response.content.decode()


@pytest.mark.parametrize(
    "referer",
    ["https://evil.com/", "javascript:alert(1)", "//evil.com/x", "http://testserver.evil.com/", ""],
)
def test_it_ignores_a_foreign_referer(client, referer: str) -> None:
    response = client.get(leave_url("https://example.org/"), HTTP_REFERER=referer)

    text = response.content.decode()
    assert 'href="/">Go back</a>' in text
    assert "evil.com" not in text


def test_it_uses_the_site_name_and_domain_settings(client, settings) -> None:
    settings.SITE_NAME = "Healthbook"
    settings.SITE_DOMAIN = "Healthbook.org"

    text = client.get(leave_url("https://example.org/")).content.decode()

    assert (
        "You are now leaving Healthbook.org and going to an external site managed by another "
        "organization." in text
    )
    assert "Aposbook" not in text


def test_it_signs_links_that_do_not_expire() -> None:
    url = "https://example.org/a?b=c"

    query = _query(leave_url(url))

    assert leave_url(url).startswith("/leave/?to=")
    assert verify_leave_target(query["to"], query["sig"]) == url


def test_it_explains_why_a_target_is_refused() -> None:
    with pytest.raises(InvalidLeaveTarget, match="signature"):
        verify_leave_target("https://example.org/", "nope")
    with pytest.raises(InvalidLeaveTarget, match="no destination"):
        verify_leave_target("", "")


def test_it_routes_external_urls_through_the_leave_filter() -> None:
    template = Template("{% load outbound %}[{{ a|leave }}][{{ b|leave }}][{{ c|leave }}]")

    rendered = template.render(
        Context({"a": "https://pubmed.ncbi.nlm.nih.gov/1/", "b": "javascript:alert(1)", "c": None})
    )

    assert rendered.startswith("[/leave/?to=https%3A%2F%2Fpubmed.ncbi.nlm.nih.gov%2F1%2F&amp;sig=")
    assert rendered.endswith("][][]")


def test_it_keeps_our_own_addresses_in_the_leave_filter() -> None:
    template = Template("{% load outbound %}{{ url|leave }}")

    assert template.render(Context({"url": "https://aposbook.com/x/"})) == "https://aposbook.com/x/"
