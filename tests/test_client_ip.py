from django.test import RequestFactory

from aposbook.lib.client import client_ip


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
