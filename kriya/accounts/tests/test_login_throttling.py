"""Failed logins slow the guesser down, never the account's owner (kriya.accounts.throttle)."""

import pytest
from django.core import mail
from django.test import Client

from kriya.accounts import throttle
from kriya.core.models import AuditEvent

PASSWORD = "rahasia-kuat-123"
OWNER = "sari@example.test"


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved by hand."""

    class Clock:
        at = 1_800_000_000.0

        def advance(self, seconds):
            self.at += seconds

    clock = Clock()
    monkeypatch.setattr(throttle, "now", lambda: clock.at)
    return clock


def _login(client, password, *, email=OWNER, ip="198.51.100.9"):
    return client.post("/akun/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def _browser_that_logged_in_before() -> Client:
    """A browser the owner logged in from and then logged out of (the session ends,
    the known-browser cookie stays)."""
    browser = Client()
    _login(browser, PASSWORD)
    assert _logged_in(browser)
    known = browser.cookies[throttle.KNOWN_BROWSER_COOKIE]
    browser = Client()
    browser.cookies[throttle.KNOWN_BROWSER_COOKIE] = known.value
    return browser


@pytest.mark.django_db
def test_five_wrong_passwords_make_the_next_attempt_wait_even_with_the_right_one(
    client, make_user, clock, caplog
):
    make_user(OWNER)
    for _ in range(5):
        _login(client, "salah")
    response = _login(client, PASSWORD)
    assert not _logged_in(client)
    assert "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 30 detik." in response.text
    assert AuditEvent.objects.filter(verb="account.login_failed").count() == 5
    assert AuditEvent.objects.filter(verb="account.login_throttled").exists()
    assert "login throttled" in caplog.text


@pytest.mark.django_db
def test_after_the_wait_the_right_password_gets_in(client, make_user, clock):
    make_user(OWNER)
    for _ in range(5):
        _login(client, "salah")
    clock.advance(30)
    _login(client, PASSWORD)
    assert _logged_in(client)


@pytest.mark.django_db
def test_the_wait_doubles_with_every_further_failure(client, make_user, clock):
    make_user(OWNER)
    for _ in range(5):
        _login(client, "salah")
    clock.advance(30)
    _login(client, "salah")  # checked: the sixth failure
    assert "Coba lagi dalam 60 detik" in _login(client, PASSWORD).text
    clock.advance(59)
    assert "Coba lagi dalam 1 detik" in _login(client, PASSWORD).text
    assert not _logged_in(client)
    # Attempts refused while waiting are not checked, so they do not count as failures.
    assert AuditEvent.objects.filter(verb="account.login_failed").count() == 6


@pytest.mark.django_db
def test_four_failures_do_not_slow_the_owner_down(client, make_user, clock):
    make_user(OWNER)
    for _ in range(4):
        _login(client, "salah")
    _login(client, PASSWORD)
    assert _logged_in(client)


@pytest.mark.django_db
def test_a_right_password_starts_the_count_of_its_address_again(make_user, clock):
    make_user(OWNER)
    owner = Client()
    for _ in range(4):
        _login(owner, "salah")
    _login(owner, PASSWORD)
    owner.logout()
    for _ in range(4):
        _login(owner, "salah")
    _login(owner, PASSWORD)
    assert _logged_in(owner)


@pytest.mark.django_db
def test_the_owner_gets_in_from_their_address_while_another_address_guesses(make_user, clock):
    user = make_user(OWNER)
    attacker, owner = Client(), Client()
    for _ in range(12):
        _login(attacker, "salah", ip="203.0.113.66")
    assert "Terlalu banyak" in _login(attacker, PASSWORD, ip="203.0.113.66").text
    _login(owner, PASSWORD, ip="198.51.100.9")
    assert owner.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_many_addresses_guessing_one_account_slow_strangers_but_not_the_owners_browser(
    make_user, clock
):
    user = make_user(OWNER)
    owner = _browser_that_logged_in_before()
    for n in range(throttle.FREE_PER_ACCOUNT):
        _login(Client(), "salah", ip=f"203.0.113.{n + 1}")
    stranger = Client()
    assert "Terlalu banyak" in _login(stranger, PASSWORD, ip="192.0.2.200").text
    assert not _logged_in(stranger)
    _login(owner, PASSWORD)
    assert owner.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_one_address_guessing_many_accounts_is_slowed(client, make_user, clock):
    make_user(OWNER)
    for n in range(throttle.FREE_PER_ADDRESS):
        _login(client, "salah", email=f"tebak{n}@example.test")
    assert "Terlalu banyak" in _login(client, PASSWORD).text
    assert not _logged_in(client)


@pytest.mark.django_db
def test_the_owner_is_emailed_once_when_the_account_sees_many_failures(make_user, clock):
    make_user(OWNER)
    for n in range(throttle.NOTIFY_AFTER + 5):
        _login(Client(), "salah", ip=f"203.0.113.{n + 1}")
    notices = [m for m in mail.outbox if m.to == [OWNER]]
    assert len(notices) == 1
    assert "percobaan masuk yang gagal" in notices[0].subject.lower()
    assert f"ada {throttle.NOTIFY_AFTER} percobaan" in notices[0].body
    assert "203.0.113.10" in notices[0].body
    assert AuditEvent.objects.filter(verb="account.login_failures_notified").count() == 1


@pytest.mark.django_db
def test_no_notice_is_sent_for_an_address_without_an_account(db, clock):
    for n in range(throttle.NOTIFY_AFTER):
        _login(Client(), "salah", email="tidak-ada@example.test", ip=f"203.0.113.{n + 1}")
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_owners_own_typos_in_a_known_browser_send_no_notice(make_user, clock):
    make_user(OWNER)
    owner = _browser_that_logged_in_before()
    for _ in range(throttle.NOTIFY_AFTER):
        _login(owner, "salah")
        clock.advance(throttle.MAX_DELAY)
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_wait_is_explained_in_english_too(client, make_user, clock):
    make_user(OWNER)
    client.cookies["django_language"] = "en"
    for _ in range(5):
        _login(client, "salah")
    assert (
        "Too many failed login attempts. Try again in 30 seconds." in _login(client, PASSWORD).text
    )


@pytest.mark.django_db
def test_a_colleague_at_the_same_office_address_is_not_slowed_by_one_users_mistakes(
    make_user, clock
):
    make_user(OWNER)
    colleague = make_user("budi@example.test")
    office = "198.51.100.9"
    for _ in range(12):
        _login(Client(), "salah", ip=office)
    browser = Client()
    _login(browser, PASSWORD, email="budi@example.test", ip=office)
    assert browser.session["_auth_user_id"] == str(colleague.pk)
