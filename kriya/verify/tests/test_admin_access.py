"""Keys and the register in the admin: administrators only."""

import pytest

from kriya.verify.models import KeyStatus, SigningKey
from kriya.verify.services import active_signing_key

PAGES = ["/admin/verify/signingkey/", "/admin/verify/issueddocument/", "/admin/verify/statuslist/"]


@pytest.fixture
def staff_desk(make_user, agency, member):
    from kriya.accounts.models import Role

    return member(make_user("staff@agency.test", is_staff=True), agency, Role.DESK)


@pytest.mark.parametrize("url", PAGES)
def test_an_administrator_sees_the_register_and_keys(client, admin_user, issue, url):
    issue()
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_other_staff_are_refused(client, staff_desk, url):
    client.force_login(staff_desk)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_is_sent_to_the_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_nobody_adds_or_edits_keys_in_the_admin(client, admin_user):
    key = active_signing_key()
    client.force_login(admin_user)
    assert client.get("/admin/verify/signingkey/add/").status_code == 403
    page = client.get(f"/admin/verify/signingkey/{key.pk}/change/")
    assert page.status_code == 200
    assert key.private_key not in page.text
    assert client.post(f"/admin/verify/signingkey/{key.pk}/delete/").status_code == 403


def test_an_administrator_rotates_the_key_from_the_admin(client, admin_user):
    key = active_signing_key()
    client.force_login(admin_user)
    response = client.post(
        "/admin/verify/signingkey/",
        {"action": "rotate", "_selected_action": [key.pk]},
        follow=True,
    )
    assert response.status_code == 200
    key.refresh_from_db()
    assert key.status == KeyStatus.RETIRED
    assert SigningKey.objects.filter(status=KeyStatus.ACTIVE).count() == 1
