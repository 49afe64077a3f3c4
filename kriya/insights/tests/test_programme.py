"""The cooperation programme: target against live actual by quarter, the contributing
records one click away, the quarterly PDF; scoped per role."""

from datetime import date

import pytest
from django.urls import reverse

from kriya.core.models import AuditEvent
from kriya.insights import queries
from kriya.insights.models import Target
from kriya.insights.services import record_target

pytestmark = pytest.mark.django_db


def test_actuals_per_quarter_and_year(agreement, reports):
    rows = queries.programme(agreement, 2026, today=date(2026, 12, 1))
    tested = next(r for r in rows if r.key == "produk_diuji")
    assert tested.quarter_actuals == [1, 1, 0, 0]
    assert tested.actual == 2  # Kota's report is not Kabupaten Probolinggo's
    assert tested.share == 20.0
    quarter_one = queries.programme(agreement, 2026, today=date(2026, 12, 1), upto_quarter=1)
    assert next(r for r in quarter_one if r.key == "produk_diuji").actual == 1


def test_quarters_not_begun_have_no_actual(agreement, reports):
    rows = queries.programme(agreement, 2026, today=date(2026, 4, 15))
    assert next(r for r in rows if r.key == "produk_diuji").quarter_actuals[2:] == [None, None]


def test_officer_sees_target_actual_and_records(client, officer, agreement, reports):
    client.force_login(officer)
    response = client.get(reverse("insights:programme", args=[agreement.pk]) + "?tahun=2026")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Produk diuji" in text and "Sertifikat hasil uji (SHU)" in text  # the definition
    records = reverse("insights:programme_records", args=[agreement.pk, "produk_diuji"])
    assert records in text
    listing = client.get(records + "?tahun=2026&triwulan=1")
    assert listing.status_code == 200
    body = listing.content.decode()
    assert reports[0].number in body
    assert reports[1].number not in body  # Q2
    assert reports[2].number not in body  # Kota Probolinggo


def test_the_other_regency_gets_404(client, other_officer, agreement, reports):
    client.force_login(other_officer)
    assert client.get(reverse("insights:programme", args=[agreement.pk])).status_code == 404
    url = reverse("insights:programme_records", args=[agreement.pk, "produk_diuji"])
    assert client.get(url).status_code == 404
    pdf = reverse("insights:programme_pdf", args=[agreement.pk, 2026, 1])
    assert client.get(pdf).status_code == 404


def test_agency_sees_every_agreement(client, head, agreement, kota_agreement):
    client.force_login(head)
    page = client.get(reverse("insights:index")).content.decode()
    assert agreement.title in page and kota_agreement.title in page


def test_officer_index_lists_own_agreement_only(client, officer, agreement, kota_agreement):
    client.force_login(officer)
    page = client.get(reverse("insights:index")).content.decode()
    assert agreement.title in page and kota_agreement.title not in page


def test_owner_and_anonymous_are_kept_out(client, owner_user, agreement):
    url = reverse("insights:programme", args=[agreement.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/akun/" in response["Location"]
    client.force_login(owner_user)
    assert client.get(reverse("insights:index")).status_code == 403
    assert client.get(url).status_code == 403


def test_quarterly_pdf(client, officer, agreement, reports):
    client.force_login(officer)
    response = client.get(reverse("insights:programme_pdf", args=[agreement.pk, 2026, 2]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Laporan Triwulan 2 Tahun 2026" in text
    assert "Produk diuji" in text


def test_officer_records_a_target(client, officer, agreement):
    client.force_login(officer)
    url = reverse("insights:target_form", args=[agreement.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"year": "2027", "indicator": "usaha_di_etalase", "value": "25", "q1": "5"}
    )
    assert response.status_code == 302
    target = Target.objects.get(agreement=agreement, year=2027, indicator="usaha_di_etalase")
    assert target.value == 25 and target.q1 == 5 and target.q2 is None
    assert AuditEvent.objects.filter(verb="insights.target_recorded").exists()


def test_bad_target_is_refused_at_the_field(client, officer, agreement):
    client.force_login(officer)
    url = reverse("insights:target_form", args=[agreement.pk])
    response = client.post(url, {"year": "2027", "indicator": "usaha_di_etalase", "value": "-3"})
    assert response.status_code == 200
    assert not Target.objects.filter(year=2027).exists()
    response = client.post(url, {"year": "2031", "indicator": "nope", "value": "3"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Pilih indikator dari daftar." in body
    assert "Pilih tahun dalam masa berlaku perjanjian." in body


def test_other_officer_cannot_record_a_target(other_officer, agreement):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        record_target(agreement=agreement, year=2026, indicator="ikm", value=80, by=other_officer)
