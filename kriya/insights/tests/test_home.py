import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_officer_home_points_to_dashboards_and_own_programme(
    client, officer, agreement, kota_agreement
):
    client.force_login(officer)
    text = client.get(reverse("core:my_home")).content.decode()
    assert reverse("insights:programme", args=[agreement.pk]) in text
    assert reverse("insights:programme", args=[kota_agreement.pk]) not in text
    assert reverse("insights:dashboard", args=["registri"]) in text


def test_head_home_shows_every_programme(client, head, agreement, kota_agreement):
    client.force_login(head)
    text = client.get(reverse("core:my_home")).content.decode()
    assert reverse("insights:programme", args=[agreement.pk]) in text
    assert reverse("insights:programme", args=[kota_agreement.pk]) in text


def test_owner_home_has_no_dashboard_panel(client, owner_user):
    client.force_login(owner_user)
    text = client.get(reverse("core:my_home")).content.decode()
    assert reverse("insights:index") not in text


def test_demo_agreement(db, regions):
    from kriya.accounts import demo as accounts_demo
    from kriya.accounts.models import Organisation, OrganisationKind
    from kriya.insights import demo
    from kriya.insights.models import CooperationAgreement

    Organisation.objects.create(
        name=accounts_demo.REGENCY_UNIT,
        kind=OrganisationKind.REGENCY_UNIT,
        regency=regions["35.13"],
    )
    Organisation.objects.create(name=accounts_demo.AGENCY, kind=OrganisationKind.AGENCY)
    demo.seed()
    demo.seed()  # idempotent
    agreement = CooperationAgreement.objects.get()
    assert agreement.is_demo and agreement.regency_id == "35.13"
    assert agreement.targets.count() == 2 * len(demo.TARGETS)
    from kriya.insights import indicators

    assert all(indicators.get(t.indicator) for t in agreement.targets.all())
