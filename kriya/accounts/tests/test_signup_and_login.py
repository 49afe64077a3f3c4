import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail

from kriya.accounts.models import Role, User

PASSWORD = "rahasia-kuat-123"


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


@pytest.mark.django_db
def test_sign_up_sends_a_verification_link_and_login_waits_for_it(client):
    response = client.post(
        "/akun/signup/",
        {"email": "Sari@Example.test", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    user = User.objects.get(email="sari@example.test")
    assert len(mail.outbox) == 1
    # Before verification, logging in only re-sends the verification notice.
    client.post("/akun/login/", {"login": "sari@example.test", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    link = _link(mail.outbox[0])
    client.post(link)
    assert user.emailaddress_set.get().verified
    client.post("/akun/login/", {"login": "sari@example.test", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_sign_up_errors_are_shown_at_the_field_in_indonesian(client, make_user):
    make_user("taken@example.test")
    response = client.post(
        "/akun/signup/", {"email": "taken@example.test", "password1": PASSWORD, "password2": "lain"}
    )
    assert response.status_code == 200
    # The mismatch is reported at the field, in Indonesian. (A taken address is not
    # revealed: allauth prevents account enumeration and mails the owner instead.)
    assert 'id="id_password2_error"' in response.text
    assert "kata sandi yang sama" in response.text
    assert User.objects.filter(email="taken@example.test").count() == 1


@pytest.mark.django_db
def test_password_reset_mails_a_working_link(client, make_user):
    make_user("lupa@example.test")
    client.post("/akun/password/reset/", {"email": "lupa@example.test"})
    assert len(mail.outbox) == 1
    link = _link(mail.outbox[0])
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    client.post(form_url, {"password1": "kata-sandi-baru-99", "password2": "kata-sandi-baru-99"})
    assert client.login(email="lupa@example.test", password="kata-sandi-baru-99")


@pytest.mark.django_db
def test_staff_without_totp_must_set_it_up_first(client, settings, desk):
    settings.KRIYA_REQUIRE_STAFF_2FA = True
    client.force_login(desk)
    response = client.get("/profil/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/2fa/totp/activate")


@pytest.mark.django_db
def test_staff_with_totp_passes(client, settings, desk):
    settings.KRIYA_REQUIRE_STAFF_2FA = True
    Authenticator.objects.create(user=desk, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(desk)
    assert client.get("/profil/").status_code == 200


@pytest.mark.django_db
def test_business_owner_may_skip_totp(client, settings, make_user, member):
    from kriya.accounts.models import Organisation, OrganisationKind

    settings.KRIYA_REQUIRE_STAFF_2FA = True
    owner = make_user("owner@example.test")
    member(
        owner,
        Organisation.objects.create(name="Batik Sari", kind=OrganisationKind.BUSINESS),
        Role.OWNER,
    )
    client.force_login(owner)
    assert client.get("/profil/").status_code == 200


@pytest.mark.django_db
def test_the_requirement_can_be_turned_off(client, settings, desk):
    settings.KRIYA_REQUIRE_STAFF_2FA = False
    client.force_login(desk)
    assert client.get("/profil/").status_code == 200


@pytest.mark.django_db
def test_sessions_expire(client, make_user, settings):
    make_user("a@example.test")
    client.login(email="a@example.test", password=PASSWORD)
    assert 0 < client.session.get_expiry_age() <= settings.SESSION_COOKIE_AGE <= 12 * 3600
