import pytest

from kriya.accounts.models import Organisation, OrganisationKind, Role
from kriya.core.models import AuditEvent


@pytest.mark.django_db
def test_profile_requires_login(client):
    response = client.get("/profil/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/login/")


def test_profile_shows_memberships_and_saves_changes(client, officer):
    client.force_login(officer)
    response = client.get("/profil/")
    assert "DKUPP Kabupaten Probolinggo" in response.text
    response = client.post(
        "/profil/", {"full_name": "Oki Santoso", "phone": "0812-3456", "language": "en"}
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert (officer.full_name, officer.language) == ("Oki Santoso", "en")
    assert AuditEvent.objects.filter(verb="account.profile_updated", actor=officer).exists()


def test_profile_rejects_a_bad_phone_at_the_field_and_saves_nothing(client, officer):
    client.force_login(officer)
    response = client.post(
        "/profil/", {"full_name": "Baru", "phone": "telepon saya", "language": "id"}
    )
    assert response.status_code == 200
    assert 'id="id_phone_error"' in response.text
    officer.refresh_from_db()
    assert officer.full_name == "Oki"


def test_member_sees_their_organisation(client, officer, probolinggo_unit):
    client.force_login(officer)
    response = client.get(f"/organisasi/{probolinggo_unit.pk}/")
    assert response.status_code == 200
    assert "officer@probolinggo.test" in response.text


def test_officer_of_another_regency_gets_404(client, other_officer, probolinggo_unit):
    client.force_login(other_officer)
    assert client.get(f"/organisasi/{probolinggo_unit.pk}/").status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, probolinggo_unit):
    response = client.get(f"/organisasi/{probolinggo_unit.pk}/")
    assert response.status_code == 302


def test_administrator_sees_every_organisation(client, make_user, probolinggo_unit):
    admin = make_user("admin@example.test", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(f"/organisasi/{probolinggo_unit.pk}/").status_code == 200


def test_admin_manages_organisations_and_memberships(client, make_user, regions):
    admin = make_user("admin@example.test", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/admin/accounts/organisation/").status_code == 200
    assert client.get("/admin/accounts/membership/").status_code == 200
    response = client.post(
        "/admin/accounts/organisation/add/",
        {
            "name": "DKUPP Probolinggo",
            "kind": OrganisationKind.REGENCY_UNIT,
            "regency": "35.13",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": str(admin.pk),
            "memberships-0-role": Role.REGENCY_OFFICER,
            "memberships-0-is_active": "on",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    org = Organisation.objects.get(name="DKUPP Probolinggo")
    assert org.memberships.get().role == Role.REGENCY_OFFICER
    assert AuditEvent.objects.filter(verb="membership.saved").exists()
