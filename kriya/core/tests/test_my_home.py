""" "Beranda saya": who reaches it, where login lands, how apps add their panels."""

import pytest
from django.urls import reverse

from kriya.accounts.models import Role
from kriya.core import home

PASSWORD = "rahasia-kuat-123"


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get("/beranda/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=/beranda/" in response.url


def test_login_lands_on_my_home(client, desk):
    response = client.post(reverse("account_login"), {"login": desk.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/beranda/"


def test_sign_up_and_login_redirects_of_allauth_lead_to_my_home(rf, desk):
    from allauth.account.adapter import get_adapter

    request = rf.get("/")
    request.user = desk
    adapter = get_adapter(request)
    assert adapter.get_login_redirect_url(request) == "/beranda/"
    assert adapter.get_signup_redirect_url(request) == "/beranda/"


def test_a_person_without_a_role_is_asked_to_register_a_business(client, make_user):
    client.force_login(make_user("baru@example.test"))
    response = client.get("/beranda/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Daftarkan usaha" in html
    assert reverse("registry:business_create") in html


def test_every_domain_app_contributes_and_core_names_none():
    names = {provider.__module__ for provider in home.providers()}
    assert {
        "kriya.core.home",
        "kriya.registry.home",
        "kriya.desk.home",
        "kriya.lab.home",
        "kriya.certification.home",
    } <= names


def test_a_new_app_adds_a_panel_without_touching_core(client, desk, monkeypatch):
    def training_panels(user, roles):
        if Role.DESK in roles:
            return [
                home.Panel(
                    role=Role.DESK,
                    title="Kelas pelatihan minggu ini",
                    template="core/home/_admin.html",
                    order=99,
                )
            ]
        return []

    installed = home.providers()
    monkeypatch.setattr(home, "providers", lambda: (*installed, training_panels))
    client.force_login(desk)
    assert "Kelas pelatihan minggu ini" in client.get("/beranda/").content.decode()


def test_a_panel_for_a_role_the_user_lacks_is_not_shown(desk, monkeypatch):
    def greedy(user, roles):
        return [home.Panel(role=Role.HEAD, title="Rahasia kepala", template="x.html")]

    monkeypatch.setattr(home, "providers", lambda: (greedy,))
    assert home.sections_for(desk) == []


def test_several_roles_see_a_section_each(client, desk, agency, member):
    member(desk, agency, Role.HEAD)
    client.force_login(desk)
    sections = client.get("/beranda/").context["sections"]
    assert [s.role for s in sections] == [Role.DESK, Role.HEAD]


def test_the_home_reads_in_english_too(client, desk, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(desk)
    html = client.get("/beranda/").content.decode()
    assert "My home" in html
    assert "To check first" in html
    assert "Beranda saya" not in html
