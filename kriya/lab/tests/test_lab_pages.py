"""Every lab page with the allowed persona, a persona of a business or regency, and
an anonymous visitor."""

import pytest

from kriya.lab.models import AnalysisStatus, Sample

from .conftest import png_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(receive, lab_reference):
    return receive(methods=[lab_reference["washing"]], photos=[png_upload()])


def urls(sample, testing_request):
    analysis = sample.analyses.first()
    photo = sample.photos.first()
    return [
        "/lab/",
        "/lab/verifikasi/",
        "/lab/terlambat/",
        "/lab/permohonan/",
        f"/lab/permohonan/{testing_request.pk}/",
        "/lab/contoh/",
        f"/lab/contoh/{sample.code}/",
        f"/lab/contoh/{sample.code}/label/",
        f"/lab/contoh/{sample.code}/foto/{photo.pk}/",
        f"/lab/analisis/{analysis.pk}/",
    ]


def test_lab_staff_open_every_lab_page(client, analyst, sample, testing_request):
    client.force_login(analyst)
    for url in urls(sample, testing_request):
        assert client.get(url).status_code == 200, url


def test_head_of_agency_reads_the_lab_pages(
    client, make_user, agency, member, sample, testing_request
):
    from kriya.accounts.models import Role

    head = member(make_user("kepala@agency.test"), agency, Role.HEAD)
    client.force_login(head)
    for url in urls(sample, testing_request):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["owner", "other_officer", "desk"])
def test_people_outside_the_lab_are_refused(client, persona, request, sample, testing_request):
    client.force_login(request.getfixturevalue(persona))
    for url in urls(sample, testing_request):
        assert client.get(url).status_code in (403, 404), url


def test_anonymous_visitors_are_sent_to_login(client, sample, testing_request):
    for url in urls(sample, testing_request):
        response = client.get(url)
        assert response.status_code == 302 and "/akun/login/" in response["Location"], url


def test_analyst_receives_a_sample_through_the_request_page(
    client, analyst, testing_request, lab_reference
):
    client.force_login(analyst)
    response = client.post(
        f"/lab/permohonan/{testing_request.pk}/",
        {
            "description": "Kain batik cap",
            "quantity": "1 lembar",
            "standard_version": lab_reference["version"].pk,
            "methods": [lab_reference["washing"].pk],
            "condition": "good",
            "storage_location": "Lemari B",
            "retain_until": "2099-01-01",
            "photos": [png_upload("a.png"), png_upload("b.png")],
        },
    )
    sample = Sample.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/lab/contoh/{sample.code}/"
    assert sample.photos.count() == 2 and sample.analyses.count() == 2


def test_receipt_form_shows_errors_at_the_field_and_saves_nothing(client, analyst, testing_request):
    client.force_login(analyst)
    response = client.post(
        f"/lab/permohonan/{testing_request.pk}/",
        {"description": "", "condition": "damaged", "storage_location": "", "retain_until": ""},
    )
    assert response.status_code == 200
    for field in ("description", "methods", "storage_location"):
        assert f'id="id_{field}_error"' in response.text
    assert not Sample.objects.exists()


def test_desk_cannot_receive_samples(client, desk, testing_request, lab_reference):
    client.force_login(desk)
    assert client.post(f"/lab/permohonan/{testing_request.pk}/", {}).status_code == 404


def test_lookup_by_typed_code_or_scanned_address(client, analyst, sample):
    client.force_login(analyst)
    typed = client.get("/lab/contoh/", {"kode": sample.code.lower()})
    assert typed["Location"] == f"/lab/contoh/{sample.code}/"
    scanned = client.get(
        "/lab/contoh/", {"kode": f"https://kriya.example/lab/contoh/{sample.code}/"}
    )
    assert scanned["Location"] == f"/lab/contoh/{sample.code}/"
    missing = client.get("/lab/contoh/", {"kode": "CU-1900-00000"})
    assert missing.status_code == 200 and "tidak ditemukan" in missing.text


def test_the_lookup_page_works_without_javascript_and_ships_its_scanner(client, analyst):
    client.force_login(analyst)
    page = client.get("/lab/contoh/").text
    assert 'name="kode"' in page and "lab/vendor/jsQR.js" in page
    assert 'id="scan-button"' in page and "hidden" in page


def test_label_shows_code_request_date_and_a_qr_to_the_sample(client, analyst, sample):
    client.force_login(analyst)
    label = client.get(f"/lab/contoh/{sample.code}/label/").text
    assert sample.code in label and sample.request.number in label and "<svg" in label


def test_result_entry_flow_through_the_pages(
    client, analyst, supervisor, sample, lab_reference, instrument, expired_instrument
):
    analysis = sample.analyses.get(parameter=lab_reference["change"])
    client.force_login(supervisor)
    client.post(f"/lab/analisis/{analysis.pk}/assign/", {"analyst": analyst.pk})
    client.force_login(analyst)
    page = client.get(f"/lab/analisis/{analysis.pk}/").text
    assert "XE-09" not in page and "LO-01" in page  # expired instrument not offered
    bad = client.post(
        f"/lab/analisis/{analysis.pk}/submit/", {"value": "4.25", "instrument": instrument.pk}
    )
    assert bad.status_code == 400 and 'id="id_value_error"' in bad.text
    locked = client.post(
        f"/lab/analisis/{analysis.pk}/submit/", {"value": "4", "instrument": expired_instrument.pk}
    )
    assert locked.status_code == 400 and 'id="id_instrument_error"' in locked.text
    ok = client.post(
        f"/lab/analisis/{analysis.pk}/submit/", {"value": "4-5", "instrument": instrument.pk}
    )
    assert ok.status_code == 302
    own = client.get(f"/lab/analisis/{analysis.pk}/").text
    assert "verifikasi harus oleh orang lain" in own
    assert client.post(f"/lab/analisis/{analysis.pk}/verify/", {}).status_code == 403
    client.force_login(supervisor)
    assert f"/lab/analisis/{analysis.pk}/" in client.get("/lab/verifikasi/").text
    assert client.post(f"/lab/analisis/{analysis.pk}/verify/", {"comment": "OK"}).status_code == 302
    analysis.refresh_from_db()
    assert analysis.status == AnalysisStatus.VERIFIED


def test_an_action_that_no_longer_applies_says_so(client, analyst, sample, supervisor):
    analysis = sample.analyses.first()
    client.force_login(supervisor)
    response = client.post(f"/lab/analisis/{analysis.pk}/verify/", {}, follow=True)
    assert "tidak tersedia lagi" in response.text


def test_unknown_action_is_not_found(client, supervisor, sample):
    client.force_login(supervisor)
    assert client.post(f"/lab/analisis/{sample.analyses.first().pk}/hapus/").status_code == 404


def test_sample_page_records_custody_and_photos(client, analyst, other_analyst, sample):
    client.force_login(analyst)
    client.post(
        f"/lab/contoh/{sample.code}/penguasaan/",
        {"action": "handed_over", "holder": other_analyst.pk},
    )
    client.post(
        f"/lab/contoh/{sample.code}/foto/", {"image": png_upload(), "caption": "Sisi belakang"}
    )
    assert sample.custody.count() == 2 and sample.photos.count() == 2
    head = client.get(f"/lab/contoh/{sample.code}/")
    assert "Budi Analis" in head.text and "Sisi belakang" in head.text


def test_disposal_before_the_retention_date_is_refused_with_a_message(client, analyst, sample):
    client.force_login(analyst)
    response = client.post(
        f"/lab/contoh/{sample.code}/pelepasan/", {"disposal": "destroyed"}, follow=True
    )
    assert "masa simpan" in response.text
    sample.refresh_from_db()
    assert not sample.is_disposed


def test_overdue_page_lists_analyses_past_their_due_date(client, analyst, sample):
    from datetime import timedelta

    from django.utils import timezone

    sample.analyses.update(due_date=timezone.localdate() - timedelta(days=1))
    client.force_login(analyst)
    page = client.get("/lab/terlambat/").text
    assert sample.code in page


def test_services_requests_in_progress_are_listed_for_the_lab(
    client, analyst, testing_request, make_request
):
    other = make_request("submitted")
    client.force_login(analyst)
    page = client.get("/lab/permohonan/").text
    assert testing_request.number in page and other.number not in page
