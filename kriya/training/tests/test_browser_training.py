"""The journey in Chromium on a phone-sized window: a young person enrols from
/pelatihan/, the trainer checks them in with the network switched off and syncs after,
the batch is assessed and completed, the participant downloads the certificate, and a
visitor verifies it by pasting the QR text on /verifikasi/."""

import pytest
from playwright.sync_api import expect

from kriya.training import services
from kriya.training.models import Attendance, Enrolment

pytestmark = pytest.mark.browser
PASSWORD = "rahasia-kuat-123"


def login(page, email):
    page.context.clear_cookies()
    page.goto(page.base_url + "/akun/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url("**/beranda/")


def test_enrol_check_in_offline_and_verify_the_certificate(
    page,
    transactional_db,
    batch,
    programme,
    trainer,
    organiser,
    assessor,
    unit,
    make_user,
    journey_shot,
):
    shot = journey_shot("training")
    make_user("ayu@example.test", full_name="Ayu")
    login(page, "ayu@example.test")
    page.goto(page.base_url + "/pelatihan/")
    shot(page, "list")
    page.click(f"[data-batch='{batch.pk}'] h3 a")
    page.click("[data-enrol]")
    page.fill("#id_full_name", "Ayu Lestari")
    page.fill("#id_birth_date", "2006-05-17")
    page.check("input[name=gender][value=female]")
    page.fill("#id_phone", "081233344455")
    page.select_option("#id_district", "35.13.20")
    page.settle_htmx()
    page.select_option("#id_village", "35.13.20.2001")
    page.settle_htmx()
    shot(page, "form")
    page.click("[data-submit-enrol]")
    expect(page.locator("body")).to_contain_text("Anda terdaftar")
    shot(page, "enrolled")
    page.click("[data-pass-link]")
    expect(page.locator("[data-pass] svg")).to_be_visible()
    enrolment = Enrolment.objects.get()
    assert enrolment.participant.full_name == "Ayu Lestari"
    enrolment.refresh_from_db()
    qr_text = services.register.document_of("training_pass", enrolment.pass_number).qr_text

    # The trainer checks Ayu in without a connection, then syncs.
    services.transition_batch(batch=batch, action="start", by=organiser)
    session = programme.sessions.first()
    login(page, trainer.email)
    page.goto(page.base_url + f"/pelatihan/kelola/{batch.pk}/presensi/{session.pk}/")
    expect(page.locator('[data-count="total"]')).to_have_text("1")
    page.context.set_offline(True)
    page.fill("#checkin-text", qr_text)
    page.click("[data-checkin-paste] button[type=submit]")
    expect(page.locator('[data-count="pending"]')).to_have_text("1")
    assert Attendance.objects.count() == 0
    shot(page, "offline-scan")
    page.context.set_offline(False)
    expect(page.locator('[data-count="pending"]')).to_have_text("0")
    expect(page.locator("[data-checkin-scans] li[data-status=accepted]")).to_have_count(1)
    assert Attendance.objects.filter(enrolment=enrolment, session=session).count() == 1

    # The rest of the sessions, scores, assessment, completion.
    for other in programme.sessions.all():
        services.record_attendance(
            batch=batch, session=other, enrolment_ids=[enrolment.pk], by=trainer
        )
    services.record_scores(batch=batch, scores={enrolment.pk: (40, 90)}, by=trainer)
    services.assess_unit(enrolment=enrolment, unit=unit, result="competent", by=assessor)
    services.transition_batch(batch=batch, action="assess", by=organiser)
    services.transition_batch(batch=batch, action="complete", by=organiser)
    enrolment.refresh_from_db()
    certificate = services.register.document_of(
        "training_certificate", enrolment.certificate_number
    )

    login(page, "ayu@example.test")
    page.goto(page.base_url + f"/pelatihan/saya/{enrolment.pk}/")
    shot(page, "certificate")
    href = page.get_attribute("[data-certificate]", "href")
    response = page.request.get(page.base_url + href)
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # A visitor pastes the QR text on /verifikasi/.
    page.context.clear_cookies()
    page.goto(page.base_url + "/verifikasi/")
    page.fill("textarea[name=q], input[name=q]", certificate.qr_text)
    page.locator("form:has([name=q]) [type=submit]").first.click()
    expect(page.locator("body")).to_contain_text("Ayu Lestari")
    shot(page, "verified")
