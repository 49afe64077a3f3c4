"""`client_ip`: X-Forwarded-For is believed only through trusted proxies."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from kriya.accounts.network import client_ip


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.KRIYA_TRUSTED_PROXIES = []
    assert client_ip(_request("198.51.100.9", "203.0.113.7")) == "198.51.100.9"


def test_a_forged_header_from_an_untrusted_peer_is_ignored(settings):
    settings.KRIYA_TRUSTED_PROXIES = ["10.0.0.5"]
    assert client_ip(_request("198.51.100.9", "203.0.113.7")) == "198.51.100.9"


def test_the_trusted_proxy_passes_on_the_client_address(settings):
    settings.KRIYA_TRUSTED_PROXIES = ["10.0.0.5"]
    assert client_ip(_request("10.0.0.5", "203.0.113.7")) == "203.0.113.7"


def test_a_client_cannot_smuggle_an_address_in_front_of_its_own(settings):
    # The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the real address.
    settings.KRIYA_TRUSTED_PROXIES = ["10.0.0.5"]
    assert client_ip(_request("10.0.0.5", "1.2.3.4, 203.0.113.7")) == "203.0.113.7"


def test_hops_of_every_trusted_proxy_are_skipped_from_the_right(settings):
    settings.KRIYA_TRUSTED_PROXIES = ["10.0.0.0/24", "192.0.2.1"]
    request = _request("10.0.0.5", "1.2.3.4, 203.0.113.7, 192.0.2.1, 10.0.0.9")
    assert client_ip(request) == "203.0.113.7"


def test_a_client_inside_the_trusted_network_is_the_leftmost_hop(settings):
    settings.KRIYA_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(_request("10.0.0.5", "10.1.2.3, 10.0.0.9")) == "10.1.2.3"


def test_a_hop_that_is_no_address_stops_at_the_proxy_that_passed_it(settings):
    settings.KRIYA_TRUSTED_PROXIES = ["10.0.0.5"]
    assert client_ip(_request("10.0.0.5", "unknown")) == "10.0.0.5"
    assert client_ip(_request("10.0.0.5", "")) == "10.0.0.5"


def test_ports_brackets_and_ipv6_are_understood(settings):
    settings.KRIYA_TRUSTED_PROXIES = ["::1", "10.0.0.5"]
    assert client_ip(_request("::1", "[2001:db8::7]:4431")) == "2001:db8::7"
    assert client_ip(_request("10.0.0.5", "203.0.113.7:5000")) == "203.0.113.7"
    assert client_ip(_request("::ffff:10.0.0.5", "2001:db8::8")) == "2001:db8::8"


def test_a_malformed_setting_is_a_configuration_error(settings):
    settings.KRIYA_TRUSTED_PROXIES = ["10.0.0.300"]
    with pytest.raises(ImproperlyConfigured):
        client_ip(_request("10.0.0.5", "203.0.113.7"))


def test_allauth_reads_the_same_address(settings):
    from allauth.account.adapter import get_adapter

    settings.KRIYA_TRUSTED_PROXIES = ["10.0.0.5"]
    assert get_adapter().get_client_ip(_request("10.0.0.5", "203.0.113.7")) == "203.0.113.7"


def test_a_malformed_setting_fails_the_system_check(settings):
    from kriya.accounts.apps import check_trusted_proxies

    settings.KRIYA_TRUSTED_PROXIES = ["10.0.0.0/8", "proxy.local"]
    assert [e.id for e in check_trusted_proxies()] == ["accounts.E001"]
    settings.KRIYA_TRUSTED_PROXIES = ["10.0.0.0/8", "::1"]
    assert check_trusted_proxies() == []
