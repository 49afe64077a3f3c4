"""Anyone can check a report number: key facts and status, nothing more."""

import pytest

pytestmark = pytest.mark.django_db


def test_anyone_sees_the_key_facts_of_a_report(client, verified_sample):
    from kriya.lab.models import TestReport

    report = TestReport.objects.get()
    page = client.get(f"/shu/{report.number}/", follow=True)
    assert page.status_code == 200
    assert page.redirect_chain[-1][0] == f"/verifikasi/test_report/{report.number}/"
    text = page.text
    assert "Sah" in text
    assert report.number in text and "Batik Prabulinggih" in text
    assert verified_sample.code in text and "tidak memenuhi spesifikasi" in text
    # no documents, no contacts, no per-parameter results
    assert "/unduh/" not in text and "owner@batik.test" not in text and "3-4" not in text


def test_a_report_outside_the_register_keeps_the_labs_own_page(client, verified_sample):
    from kriya.lab.models import TestReport

    report = TestReport.objects.get()
    TestReport.objects.filter(pk=report.pk).update(document=None)
    text = client.get(f"/shu/{report.number}/").text
    assert "berlaku" in text and report.number in text
    assert "Tidak memenuhi spesifikasi" in text and "3-4" not in text


def test_an_unknown_number_says_not_registered(client, db):
    page = client.get("/shu/SHU-2026-99999/")
    assert page.status_code == 404
    assert "tidak terdaftar" in page.text


def test_the_public_api_gives_the_same_facts(client, verified_sample):
    from kriya.lab.models import TestReport

    report = TestReport.objects.get()
    body = client.get(f"/api/v1/lab/reports/{report.number}/verification").json()
    assert (body["number"], body["status"], body["overall_verdict"]) == (
        report.number,
        "issued",
        "outside",
    )
    assert client.get("/api/v1/lab/reports/SHU-0/verification").status_code == 404
