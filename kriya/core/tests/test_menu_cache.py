"""The work-area menu is rendered once per kind of user and language, and still follows
each person's memberships at once (kriya/core/templatetags/kriya_menu.py); the unread
count beside it stays live (kriya/desk/tests/test_pages_notifications.py)."""

import pytest

from kriya.accounts.models import Membership, Role
from kriya.core.templatetags import kriya_menu

pytestmark = pytest.mark.django_db


def _menu(client) -> str:
    page = client.get("/permohonan/").text
    return page[
        page.index('class="nav-list nav-work"') : page.index('class="nav-list nav-account"')
    ]


def test_a_second_person_with_the_same_memberships_gets_the_stored_menu(
    client, make_user, officer, probolinggo_unit
):
    twin = make_user("kembar@example.id")
    Membership.objects.create(user=twin, organisation=probolinggo_unit, role=Role.REGENCY_OFFICER)
    client.force_login(officer)
    first = _menu(client)
    assert "Data usaha" in first  # the regency workspace link
    stored = len(kriya_menu._store)
    client.force_login(twin)
    assert _menu(client) == first
    assert len(kriya_menu._store) == stored


def test_a_membership_given_or_taken_changes_the_menu_on_the_next_request(
    client, make_user, probolinggo_unit
):
    user = make_user("baru@example.id")
    client.force_login(user)
    assert "Data usaha" not in _menu(client)
    membership = Membership.objects.create(
        user=user, organisation=probolinggo_unit, role=Role.REGENCY_OFFICER
    )
    assert "Data usaha" in _menu(client)
    membership.is_active = False
    membership.save()
    assert "Data usaha" not in _menu(client)


def test_the_menu_follows_the_language(client, officer):
    client.force_login(officer)
    indonesian = _menu(client)
    client.cookies["django_language"] = "en"
    english = client.get("/permohonan/", HTTP_ACCEPT_LANGUAGE="en").text
    assert "Beranda saya" in indonesian
    assert "Beranda saya" not in english and "My home" in english
