"""Behind the reverse proxy every request arrives from the proxy's address; the client's
own address is in X-Forwarded-For, to be believed only from a trusted proxy."""

import pytest

from kriya.core.models import AuditEvent

PASSWORD = "rahasia-kuat-123"
PROXY = "10.0.0.5"


def _login(client, email, password, **headers):
    return client.post("/akun/login/", {"login": email, "password": password}, **headers)


@pytest.fixture
def behind_proxy(settings):
    settings.KRIYA_TRUSTED_PROXIES = [PROXY]


@pytest.mark.django_db
def test_wrong_passwords_on_one_account_do_not_lock_out_another_user_behind_the_proxy(
    client, make_user, behind_proxy
):
    make_user("ani@example.test")
    budi = make_user("budi@example.test")
    for _ in range(8):
        _login(
            client,
            "ani@example.test",
            "salah",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    _login(
        client,
        "budi@example.test",
        PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert client.session.get("_auth_user_id") == str(budi.pk)


@pytest.mark.django_db
def test_the_guesser_behind_the_proxy_is_slowed_by_their_own_address(
    client, make_user, behind_proxy
):
    make_user("ani@example.test")
    for _ in range(5):
        _login(
            client,
            "ani@example.test",
            "salah",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    response = _login(
        client, "ani@example.test", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7"
    )
    assert "Terlalu banyak percobaan masuk" in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_forged_forwarded_address_from_an_untrusted_peer_is_ignored(
    client, make_user, behind_proxy
):
    # Talking to Kriya directly, the guesser invents a new X-Forwarded-For each time;
    # it is not believed, so all the attempts count against their real address.
    make_user("ani@example.test")
    for n in range(5):
        _login(
            client,
            "ani@example.test",
            "salah",
            REMOTE_ADDR="198.51.100.9",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}",
        )
    response = _login(
        client,
        "ani@example.test",
        PASSWORD,
        REMOTE_ADDR="198.51.100.9",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert "Terlalu banyak percobaan masuk" in response.text
    assert "_auth_user_id" not in client.session
    failed = AuditEvent.objects.filter(verb="account.login_failed")
    assert {event.data["ip"] for event in failed} == {"198.51.100.9"}
