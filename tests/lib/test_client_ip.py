from allauth.account.adapter import get_adapter
from django.test import RequestFactory

from aposbook.lib.client import client_ip, hashed_client_ip
from tests.fixtures import PASSWORD, make_user


def request_from(remote: str, forwarded: str = ""):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_it_uses_the_connection_address_without_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip(request_from("203.0.113.5", "198.51.100.1")) == "203.0.113.5"


def test_it_takes_the_address_the_trusted_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    # The client wrote the first address itself; only the last one comes from our proxy.
    assert client_ip(request_from("10.0.0.2", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"


def test_it_falls_back_when_the_header_is_shorter_than_the_proxy_chain(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_ip(request_from("10.0.0.2", "198.51.100.7")) == "10.0.0.2"


def test_allauth_counts_its_rate_limits_per_client_behind_the_proxy(settings, rf):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")

    counted_as = get_adapter(request).get_client_ip(request)

    assert counted_as == hashed_client_ip(request_from("198.51.100.7"))
    assert counted_as != hashed_client_ip(request_from("10.0.0.2"))


def test_allauth_keeps_no_ip_address_in_the_cache(client, db, monkeypatch):
    """allauth stores what `get_client_ip` returns in its rate-limit keys."""
    from django.core.cache import cache

    keys: list[str] = []
    original = cache.set

    def recorded_set(key, *args, **kwargs):
        keys.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(cache, "set", recorded_set)
    client.post(
        "/accounts/login/",
        {"login": "guess@example.com", "password": "wrong"},
        REMOTE_ADDR="203.0.113.66",
    )

    assert any(key.startswith("allauth:rl:") for key in keys)
    assert not any("203.0.113" in key for key in keys)


def test_one_ipv6_customer_is_one_client_and_its_neighbour_another():
    first = hashed_client_ip(request_from("2001:db8:1:2::10"))

    assert first == hashed_client_ip(request_from("2001:db8:1:2:ffff::1"))
    assert first != hashed_client_ip(request_from("2001:db8:1:3::10"))


def test_failed_logins_from_one_client_do_not_lock_out_the_others(settings, client, db):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for n in range(10):
        client.post(
            "/accounts/login/",
            {"login": f"guess{n}@example.com", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="203.0.113.66",
            **proxy,
        )
    carol = make_user("carol@example.com", "Carol")
    credentials = {"login": carol.email, "password": PASSWORD}

    guesser = client.post(
        "/accounts/login/", credentials, HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy
    )
    neighbour = type(client)().post(
        "/accounts/login/", credentials, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
    )

    assert "Too many wrong passwords for this account." in guesser.content.decode()
    assert neighbour.status_code == 302
