"""The allauth pages render inside Kriya's layout, for the right people."""

import pytest

ACCOUNT_PAGES = ["/akun/2fa/", "/akun/2fa/totp/activate/", "/akun/password/change/", "/akun/email/"]


@pytest.mark.parametrize("url", ACCOUNT_PAGES)
def test_signed_in_user_gets_the_page_in_the_kriya_layout(client, officer, url):
    client.force_login(officer)
    # (Turning on TOTP first asks a session without a fresh password to re-authenticate.)
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert 'class="site-header"' in response.text
    assert 'lang="id"' in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("url", ACCOUNT_PAGES)
def test_anonymous_visitor_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/akun/login/" in response["Location"]


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/accounts/organisation/", "/admin/core/auditevent/"]
)
def test_admin_is_only_for_administrators(client, officer, make_user, url):
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    admin = make_user("admin@example.test", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(url).status_code == 200


def test_audit_events_cannot_be_edited_in_the_admin(client, make_user):
    from kriya.core import audit

    event = audit.record(actor=None, verb="x")
    admin = make_user("admin@example.test", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(f"/admin/core/auditevent/{event.pk}/change/", {"verb": "y"})
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.verb == "x"
