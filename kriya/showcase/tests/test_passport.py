"""The compliance passport (kriya/showcase/passport.py): one public page and one QR
listing every live credential of a verified business — its people's training
certificates included — and its printable A6 card."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from kriya.certification.models import Certificate, CertificateStatus, Label, LabelBatch, Scheme
from kriya.certification.reference import seed_schemes
from kriya.core import pagecache
from kriya.desk.models import Service, ServiceRequest
from kriya.lab.models import ReportStatus, TestReport
from kriya.lab.verdicts import Verdict
from kriya.showcase import passport

from .factories import make_business


@pytest.fixture
def schemes(db):
    seed_schemes()
    return {s.kind: s for s in Scheme.objects.order_by("code")}


@pytest.fixture
def certify(shop, owner, schemes):
    today = timezone.localdate()

    def certify(number, *, business=shop, kind="batikmark", status="active", valid_until=None):
        return Certificate.objects.create(
            number=number,
            scheme=schemes[kind],
            business=business,
            holder_name=business.name,
            holder_nib=business.nib,
            scope="Kain batik tulis",
            technique="tulis",
            issued_on=today - timedelta(days=30),
            valid_until=valid_until or today + timedelta(days=365),
            status=status,
            issued_by=owner,
        )

    return certify


def _report(business, owner, number, *, verdict=Verdict.WITHIN, status=ReportStatus.ISSUED):
    service, _ = Service.objects.get_or_create(
        code="pengujian", defaults={"name_id": "Pengujian", "body": "LAB", "output_id": "SHU"}
    )
    request = ServiceRequest.objects.create(business=business, service=service, filed_by=owner)
    return TestReport.objects.create(
        number=number,
        request=request,
        status=status,
        overall_verdict=verdict,
        content={"samples": [{"code": "S-1", "description": "Kain batik tulis 2 m"}]},
        issued_at=timezone.now(),
    )


def test_the_passport_lists_live_credentials_with_their_status(
    client, shop, owner, certify, make_user, officer
):
    live = certify("BM-LIVE-1")
    batch = LabelBatch.objects.create(certificate=live, quantity=3, ordered_by=owner)
    for n in (1, 2, 3):
        Label.objects.create(batch=batch, certificate=live, serial=f"BM-0000{n}")
    certify("SNI-SUSP-1", kind="sppt_sni", status=CertificateStatus.SUSPENDED)
    certify("BM-GONE-1", status=CertificateStatus.WITHDRAWN)
    certify("BM-OLD-1", valid_until=timezone.localdate() - timedelta(days=1))
    _report(shop, owner, "SHU-OK-1")
    _report(shop, owner, "SHU-FAIL-1", verdict=Verdict.OUTSIDE)
    _report(shop, owner, "SHU-OLD-1", status=ReportStatus.SUPERSEDED)
    other = make_business(make_user("lain@example.test"), officer=officer, name="Batik Lain")
    certify("BM-OTHER-1", business=other)

    response = client.get(f"/usaha/{shop.slug}/paspor/")
    assert response.status_code == 200
    html = response.text
    for shown in ("BM-LIVE-1", "SNI-SUSP-1", "SHU-OK-1", "Kain batik tulis 2 m"):
        assert shown in html
    for hidden in ("BM-GONE-1", "BM-OLD-1", "SHU-FAIL-1", "SHU-OLD-1", "BM-OTHER-1"):
        assert hidden not in html
    assert "Dibekukan" in html and "sedang dibekukan" in html
    assert "BM-00001 s.d. BM-00003 (3 label)" in html
    assert "<svg" in html and passport.passport_url(shop) in html
    assert f'href="/usaha/{shop.slug}/paspor/kartu.pdf"' in html


def test_an_accepted_halal_certificate_is_listed_a_submitted_one_is_not(
    client, shop, owner, desk, product
):
    from kriya.certification import services as certification

    accepted = certification.record_halal_certificate(
        business=shop, products=[product], number="SH2026-1", issued_on=date(2026, 2, 1), by=owner
    )
    certification.check_halal_certificate(halal=accepted, accept=True, by=desk)
    certification.record_halal_certificate(
        business=shop, products=[product], number="SH2026-2", issued_on=date(2026, 3, 1), by=owner
    )
    html = client.get(f"/usaha/{shop.slug}/paspor/").text
    assert "SH2026-1" in html and product.name in html
    assert "SH2026-2" not in html


def test_a_business_without_credentials_says_so(client, shop):
    html = client.get(f"/usaha/{shop.slug}/paspor/").text
    assert "belum memiliki sertifikat" in html


def test_only_verified_businesses_have_a_passport(client, owner, regions):
    draft = make_business(owner, name="Batik Draf")
    assert client.get(f"/usaha/{draft.slug}/paspor/").status_code == 404
    assert client.get(f"/usaha/{draft.slug}/paspor/kartu.pdf").status_code == 404
    assert client.get("/usaha/tidak-ada/paspor/").status_code == 404


def test_the_business_page_links_to_its_passport(client, shop):
    assert f'href="/usaha/{shop.slug}/paspor/"' in client.get(f"/usaha/{shop.slug}/").text


def test_the_passport_speaks_english(client, shop, certify):
    certify("SNI-SUSP-2", kind="sppt_sni", status=CertificateStatus.SUSPENDED)
    client.cookies["django_language"] = "en"
    html = client.get(f"/usaha/{shop.slug}/paspor/", HTTP_ACCEPT_LANGUAGE="en").text
    assert "Compliance passport" in html and "Suspended" in html


def test_the_passport_reads_a_fixed_number_of_queries(
    client, shop, owner, certify, trained, django_assert_max_num_queries
):
    # Certificates made directly in the database bump no page version: the page cache
    # is emptied before each measured request, so each one renders.
    certify("BM-Q-1")
    client.get(f"/usaha/{shop.slug}/paspor/")
    pagecache.clear()
    with django_assert_max_num_queries(15) as one:
        client.get(f"/usaha/{shop.slug}/paspor/")
    for n in range(2, 6):
        certify(f"BM-Q-{n}")
        _report(shop, owner, f"SHU-Q-{n}")
        trained(f"Peserta {n}", business=shop)
    pagecache.clear()
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(f"/usaha/{shop.slug}/paspor/").text
    assert "SHU-Q-5" in html and "Peserta 5" in html


def test_the_card_is_an_a6_pdf_naming_the_business(client, shop, certify):
    certify("BM-CARD-1")
    response = client.get(f"/usaha/{shop.slug}/paspor/kartu.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(__import__("io").BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (105, 148)
    text = reader.pages[0].extract_text()
    assert shop.name in text and "BM-CARD-1" in text
    assert passport.passport_url(shop) in text.replace("\n", "")


# --- Training certificates of the business's people ----------------------------------


@pytest.fixture
def programme(probolinggo_unit, regions):
    from kriya.training.models import Programme

    return Programme.objects.create(
        slug="batik-muda",
        title_id="Batik tulis untuk generasi muda",
        title_en="Hand-drawn batik for young people",
        description_id="Dasar batik tulis.",
        organiser=probolinggo_unit,
        sector="batik",
        technique="batik_tulis",
        region=regions["35.13"],
    )


@pytest.fixture
def trained(programme, regions):
    """A person who completed a batch and got a signed training certificate, as the
    completion does (kriya.training.register.issue_certificate)."""
    from kriya.training import register
    from kriya.training.models import Batch, Enrolment, EnrolmentStatus, Participant

    batch = Batch.objects.create(
        programme=programme,
        number=1,
        starts_on=date(2026, 11, 2),
        ends_on=date(2026, 11, 4),
        village=regions["35.13.20.2001"],
        capacity=30,
    )

    def make(name, *, business=None):
        person = Participant.objects.create(
            full_name=name,
            birth_date=date(2001, 5, 17),
            gender="female",
            phone="081299887766",
            village=regions["35.13.20.2001"],
            business=business,
        )
        enrolment = Enrolment.objects.create(
            batch=batch,
            participant=person,
            status=EnrolmentStatus.COMPLETED,
            channel="self",
            completed_at=timezone.now(),
        )
        document = register.issue_certificate(enrolment)
        Enrolment.objects.filter(pk=enrolment.pk).update(certificate_number=document.number)
        enrolment.certificate_number = document.number
        return enrolment

    return make


def test_the_live_training_certificates_of_its_people_are_listed(
    client, shop, trained, make_user, officer
):
    from kriya.training import register

    ayu = trained("Ayu Lestari", business=shop)
    revoked = trained("Budi Santoso", business=shop)
    register.withdraw(
        register.document_of(register.CERTIFICATE, revoked.certificate_number), reason="Keliru"
    )
    elsewhere = trained(
        "Citra", business=make_business(make_user("c@example.test"), officer=officer, name="Lain")
    )
    alone = trained("Dewi")  # works in no business
    html = client.get(f"/usaha/{shop.slug}/paspor/").text
    assert "Batik tulis untuk generasi muda" in html and ayu.certificate_number in html
    assert "Ayu Lestari" in html and "Sertifikat pelatihan" in html
    assert f'href="/verifikasi/training_certificate/{ayu.certificate_number}/"' in html
    assert date_format(timezone.localdate(), "j F Y") in html  # the issue date
    for hidden in (revoked, elsewhere, alone):
        assert hidden.certificate_number not in html
    # No more of the person than the certificate shows on /verifikasi/.
    assert "081299887766" not in html and "2001" not in html
    client.cookies["django_language"] = "en"
    english = client.get(f"/usaha/{shop.slug}/paspor/", HTTP_ACCEPT_LANGUAGE="en").text
    assert "Hand-drawn batik for young people" in english and "Training certificate" in english


def test_issuing_and_revoking_a_training_certificate_make_the_passport_fresh_at_once(
    client, shop, trained, programme, make_user, member
):
    from kriya.accounts.models import Role
    from kriya.training import services as training

    url = f"/usaha/{shop.slug}/paspor/"
    client.get(url)
    assert client.get(url).wsgi_request.kriya_page_cache == "hit"
    ayu = trained("Ayu Lestari", business=shop)
    page = client.get(url)
    assert page.wsgi_request.kriya_page_cache == "miss" and ayu.certificate_number in page.text
    assert client.get(url).wsgi_request.kriya_page_cache == "hit"
    organiser = member(make_user("pelatih@example.test"), programme.organiser, Role.TRAINER)
    training.revoke_certificate(enrolment=ayu, reason="Data keliru", by=organiser)
    page = client.get(url)
    assert page.wsgi_request.kriya_page_cache == "miss"
    assert ayu.certificate_number not in page.text


def test_the_a6_card_counts_the_training_certificates(client, shop, certify, trained):
    for n in range(1, 4):
        certify(f"BM-A6-{n}")
    for name in ("Ayu", "Budi"):
        trained(name, business=shop)
    text = (
        PdfReader(
            __import__("io").BytesIO(client.get(f"/usaha/{shop.slug}/paspor/kartu.pdf").content)
        )
        .pages[0]
        .extract_text()
    )
    assert "dan 1 lainnya" in text.replace("\n", " ")


def test_a_holder_who_joins_the_business_appears_on_its_passport_at_once(
    client, shop, trained, make_user
):
    from kriya.training import services as training
    from kriya.training.models import Participant

    ayu = trained("Ayu Lestari")
    account = make_user("ayu@example.test")
    Participant.objects.filter(pk=ayu.participant_id).update(user=account)
    url = f"/usaha/{shop.slug}/paspor/"
    client.get(url)
    assert ayu.certificate_number not in client.get(url).text
    training.save_own_participant(user=account, data={"business": shop})
    page = client.get(url)
    assert page.wsgi_request.kriya_page_cache == "miss"
    assert ayu.certificate_number in page.text
