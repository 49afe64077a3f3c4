"""The business's semester industry report: who may confirm it, one current confirmation
per semester with history, the regency's XLSX from the confirmations, and the share of
businesses that reported on the registry dashboard."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kriya.accounts.models import Role
from kriya.core.models import AuditEvent
from kriya.insights import industry
from kriya.insights.models import SemesterReport
from kriya.insights.performance import semester

pytestmark = pytest.mark.django_db

PERIOD = "2026-S1"

DATA = {
    "products": "Kain batik tulis; selendang",
    "workforce_men": "2",
    "workforce_women": "5",
    "capacity": "1200",
    "capacity_unit": "lembar",
    "annual_turnover": "180000000",
    "raw_materials": "Kain mori, malam, pewarna alam",
    "raw_material_origin": "domestik",
    "export_value_usd": "",
    "export_countries": "",
}


@pytest.fixture
def shop(world, member):
    business = world["business"]("35.13.01.2001")
    member(world["owner"], business.organisation, Role.OWNER)
    return business


@pytest.fixture
def facilitator(make_user, member, agency, shop):
    from kriya.registry.models import FacilitationConsent

    user = member(make_user("pendamping@balai.test"), agency, Role.FACILITATOR)
    FacilitationConsent.objects.create(
        business=shop,
        facilitator=user,
        method="paper",
        declared_by="Pemilik",
        declared_at=timezone.now(),
    )
    return user


def _url(shop):
    return reverse("insights:semester_report", args=[shop.pk]) + f"?periode={PERIOD}"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("facilitator", 200),
        ("other_owner", 404),
        ("other_officer", 404),
        ("anonymous", 302),
    ],
)
def test_who_may_open_the_form(
    client, shop, facilitator, other_officer, make_user, member, world, who, status
):
    users = {
        "owner": world["owner"],
        "facilitator": facilitator,
        "other_officer": other_officer,
    }
    if who == "other_owner":
        other = world["business"]("35.13.20.2001")
        users[who] = member(make_user("lain@usaha.test"), other.organisation, Role.OWNER)
    if who != "anonymous":
        client.force_login(users[who])
    assert client.get(_url(shop)).status_code == status
    if status != 200:
        assert client.post(_url(shop), DATA).status_code == status
        assert not SemesterReport.objects.exists()


def test_form_is_prefilled_from_kriya(client, shop, world):
    type(shop).objects.filter(pk=shop.pk).update(
        workforce_total=7, workforce_women=5, annual_sales=150_000_000
    )
    client.force_login(world["owner"])
    form = client.get(_url(shop)).context["form"]
    assert form.initial["workforce_men"] == 2 and form.initial["workforce_women"] == 5
    assert form.initial["annual_turnover"] == 150_000_000
    assert "correction_reason" not in form.fields


def test_one_confirmation_per_semester_corrected_with_history(client, shop, facilitator):
    client.force_login(facilitator)
    assert client.post(_url(shop), DATA).status_code == 302
    first = SemesterReport.objects.get()
    assert first.is_current and first.confirmed_by == facilitator and first.period == PERIOD
    # A second submission is a correction: a reason is asked at the field, nothing saved.
    response = client.post(_url(shop), {**DATA, "annual_turnover": "200000000"})
    assert response.status_code == 200
    assert "correction_reason" in response.context["form"].errors
    assert SemesterReport.objects.count() == 1
    client.post(
        _url(shop), {**DATA, "annual_turnover": "200000000", "correction_reason": "Salah ketik"}
    )
    rows = list(SemesterReport.objects.order_by("pk"))
    assert [r.is_current for r in rows] == [False, True]
    assert rows[1].annual_turnover == 200_000_000 and rows[1].correction_reason == "Salah ketik"
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="insights.semester").values_list(
            "verb", flat=True
        )
    )
    assert sorted(verbs) == [
        "insights.semester_report_confirmed",
        "insights.semester_report_corrected",
    ]
    assert len(client.get(_url(shop)).context["history"]) == 2


def test_regency_report_uses_the_confirmation_and_marks_who_reported(client, shop, officer, world):
    silent = world["business"]("35.13.20.2001")
    client.force_login(world["owner"])
    client.post(_url(shop), DATA)
    client.force_login(officer)
    page = client.get("/dasbor/laporan-industri/", {"periode": PERIOD}).content.decode()
    assert "1 dari 2 usaha terverifikasi" in page
    response = client.get("/dasbor/laporan-industri/", {"unduh": "1", "periode": PERIOD})
    rows = list(load_workbook(io.BytesIO(response.content))["laporan"].values)
    header = list(rows[0])
    assert header == [c["header"] for c in industry.columns()]
    by_nib = {r[header.index("NIB")]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    mine = by_nib[shop.nib]
    assert mine["Bahan baku utama"] == "Kain mori, malam, pewarna alam"
    assert mine["Asal bahan baku (lokal/impor)"].startswith("Dalam negeri")
    assert mine["Nilai produksi/omzet per tahun (Rp)"] == 180_000_000
    assert mine["Dikonfirmasi pelaku usaha"] == "ya"
    assert by_nib[silent.nib]["Dikonfirmasi pelaku usaha"] == "belum"
    assert by_nib[silent.nib]["Bahan baku utama"] is None


def test_share_that_reported_is_on_the_registry_dashboard(client, shop, officer, world):
    world["business"]("35.13.20.2001")
    world["business"]("35.74.01.1001")  # another regency: not in the officer's share
    client.force_login(world["owner"])
    client.post(_url(shop), DATA)
    from kriya.insights import rollups

    rollups.rebuild()  # the registry dashboard reads the summaries
    client.force_login(officer)
    url = reverse("insights:dashboard", args=["registri"])
    csv = client.get(url, {"periode": "2026", "unduh": "laporan-semester"}).content.decode()
    line = next(row for row in csv.splitlines() if row.startswith("2026-S1,"))
    assert line.startswith("2026-S1,1,1,") and "50" in line
    assert industry.reporting_share(["35.13"], semester(PERIOD)) == (1, 2)


def test_owner_home_links_the_semester_form(client, shop, world):
    client.force_login(world["owner"])
    text = client.get(reverse("core:my_home")).content.decode()
    assert reverse("insights:semester_report", args=[shop.pk]) in text
    assert "belum dikonfirmasi" in text
