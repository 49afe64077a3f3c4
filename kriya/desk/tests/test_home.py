""" "Beranda saya" as each persona: the desk's queue, the owner's requests, the trainer's
and head's numbers; only one's own data; constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kriya.accounts.models import Role
from kriya.desk.models import Bill, Status, SurveyResponse

PERSONAS = [
    "owner",
    "facilitator",
    "stranger",
    "officer",
    "other_officer",
    "desk",
    "analyst",
    "supervisor",
    "evaluator",
    "decision_maker",
    "head",
    "trainer",
    "administrator",
]


def home(client, user):
    client.force_login(user)
    response = client.get("/beranda/")
    assert response.status_code == 200
    return response


def html(client, user) -> str:
    return home(client, user).content.decode()


@pytest.mark.parametrize("name", PERSONAS)
def test_every_persona_has_a_home_with_a_section_of_its_own(client, personas, name):
    response = home(client, personas[name])
    sections = response.context["sections"]
    assert sections, f"{name} sees an empty home"
    roles = {s.role for s in sections}
    expected = {
        "stranger": Role.OWNER,
        "officer": Role.REGENCY_OFFICER,
        "other_officer": Role.REGENCY_OFFICER,
    }.get(name, name)
    assert expected in roles


def _submitted(make_request, n, **fields):
    return [make_request(Status.SUBMITTED, submitted_at=timezone.now(), **fields) for _ in range(n)]


def test_desk_sees_counts_per_state_and_the_oldest_waiting_first(client, desk, make_request):
    from datetime import timedelta

    now = timezone.now()
    newer = make_request(Status.SUBMITTED, submitted_at=now - timedelta(days=1))
    oldest = make_request(Status.SUBMITTED, submitted_at=now - timedelta(days=9))
    make_request(Status.RESUBMITTED, submitted_at=now - timedelta(days=3))
    make_request(Status.IN_PROGRESS, submitted_at=now - timedelta(days=20))
    make_request(Status.DRAFT)  # never in the desk's counts
    page = html(client, desk)
    context = client.get("/beranda/").context
    waiting = context["sections"][0].panels[0]
    assert waiting.count == 3
    rows = [req for req, _clock in waiting.context["rows"]]
    assert rows[0] == oldest
    assert rows.index(oldest) < rows.index(newer)
    counts = {s["label"]: s["n"] for s in context["sections"][0].panels[1].context["stats"]}
    assert counts["Diajukan"] == 2
    assert counts["Diajukan ulang"] == 1
    assert counts["Dalam proses"] == 1
    assert f"/permohonan/{oldest.pk}/" in page


def test_desk_sees_overdue_in_working_days(client, desk, make_request):
    from datetime import date

    late = make_request(
        Status.IN_REVIEW,
        submitted_at=timezone.now(),
        standard_days=5,
        clock_deadline=date(2020, 1, 6),
        clock_running_since=date(2020, 1, 1),
    )
    make_request(Status.IN_REVIEW, submitted_at=timezone.now(), standard_days=5)
    response = home(client, desk)
    panel = response.context["sections"][0].panels[0]
    assert [req for req, _ in panel.context["overdue"]] == [late]
    assert "lewat standar" in response.content.decode()


def test_owner_sees_their_requests_and_what_to_do_next(
    client, owner, desk, make_request, other_business, stranger
):
    returned = make_request(Status.RETURNED, status_reason="Surat permohonan belum ditandatangani")
    billed = make_request(Status.AWAITING_PAYMENT)
    Bill.objects.create(
        request=billed,
        billing_code="820260000000001",
        code_source="manual",
        total=300_000,
        due_date=timezone.localdate(),
        issued_by=desk,
    )
    done = make_request(Status.COMPLETED)
    answered = make_request(Status.COMPLETED)
    SurveyResponse.objects.create(
        request=answered,
        service=answered.service,
        respondent=owner,
        **{f"u{i}": 4 for i in range(1, 10)},
    )
    theirs = make_request(Status.RETURNED, business_=other_business, by=stranger)
    page = html(client, owner)
    assert "Surat permohonan belum ditandatangani" in page
    assert "Tagihan Rp 300.000 menunggu pembayaran." in page
    assert f"/permohonan/{done.pk}/survei/" in page
    assert f"/permohonan/{answered.pk}/" not in page  # nothing left to do, closed
    assert returned.number in page and billed.number in page
    assert theirs.number not in page
    # …and the other owner sees only theirs.
    other = html(client, stranger)
    assert theirs.number in other
    assert returned.number not in other and billed.number not in other


def test_officer_sees_only_their_regency(
    client, officer, other_officer, make_request, other_business, stranger
):
    ours = make_request(Status.RETURNED)
    theirs = make_request(Status.AWAITING_PAYMENT, business_=other_business, by=stranger)
    page = html(client, officer)
    assert ours.number in page and theirs.number not in page
    page = html(client, other_officer)
    assert theirs.number in page and ours.number not in page


def test_trainer_sees_training_requests_or_what_they_can_do(
    client, staff, make_request, free_service
):
    from kriya.desk.models import Service

    trainer = staff(Role.TRAINER)
    assert "Tidak ada permohonan pelatihan" in html(client, trainer)
    training = Service.objects.create(code="pelatihan", name_id="Pelatihan teknis", body="DESK")
    req = make_request(Status.SUBMITTED, service=training, submitted_at=timezone.now())
    make_request(Status.SUBMITTED, service=free_service, submitted_at=timezone.now())
    page = html(client, trainer)
    assert req.number in page
    assert "1 permohonan pelatihan" in page


def test_head_sees_the_numbers_now(client, head, make_request):
    _submitted(make_request, 2)
    response = home(client, head)
    head_section = next(s for s in response.context["sections"] if s.role == Role.HEAD)
    stats = {s["label"]: s["n"] for p in head_section.panels for s in p.context.get("stats", [])}
    assert stats["Permohonan terbuka"] == 2


def _queries(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/beranda/").status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["desk", "owner", "officer", "head", "facilitator"])
def test_queries_do_not_grow_with_the_data(client, personas, make_request, desk, name):
    user = personas[name]
    _submitted(make_request, 1)
    make_request(Status.RETURNED)
    before = _queries(client, user)
    _submitted(make_request, 8)
    for _ in range(6):
        billed = make_request(Status.AWAITING_PAYMENT)
        Bill.objects.create(
            request=billed,
            billing_code="820260000000001",
            code_source="manual",
            total=300_000,
            due_date=timezone.localdate(),
            issued_by=desk,
        )
        make_request(Status.COMPLETED)
        make_request(Status.RETURNED)
    assert _queries(client, user) == before


def test_the_overdue_count_links_to_the_overdue_queue(client, desk, make_request):
    from datetime import date

    late = make_request(
        Status.IN_REVIEW,
        submitted_at=timezone.now(),
        standard_days=5,
        clock_deadline=date(2020, 1, 6),
        clock_running_since=date(2020, 1, 1),
    )
    on_time = make_request(Status.IN_REVIEW, submitted_at=timezone.now(), standard_days=5)
    response = home(client, desk)
    stats = response.context["sections"][0].panels[1].context["stats"]
    overdue = next(s for s in stats if s["label"] == "Lewat standar pelayanan")
    assert overdue["n"] == 1
    queue = client.get(overdue["url"]).content.decode()
    assert late.number in queue and on_time.number not in queue


def test_desk_sees_payment_proofs_to_check(
    client, desk, owner, make_request, pdf, settings, tmp_path
):
    from kriya.desk import services

    settings.MEDIA_ROOT = tmp_path
    billed = make_request(Status.AWAITING_PAYMENT)
    Bill.objects.create(
        request=billed,
        billing_code="820260000000001",
        code_source="manual",
        total=300_000,
        due_date=timezone.localdate(),
        issued_by=desk,
    )
    make_request(Status.AWAITING_PAYMENT)  # billed, not paid yet: nothing to check
    stats = home(client, desk).context["sections"][0].panels[1].context["stats"]
    proofs = next(s for s in stats if s["label"] == "Bukti bayar perlu dicek")
    assert proofs["n"] == 0
    services.upload_payment_proof(
        request=billed, file=pdf("bukti.pdf"), by=owner, paid_on=timezone.localdate()
    )
    stats = home(client, desk).context["sections"][0].panels[1].context["stats"]
    proofs = next(s for s in stats if s["label"] == "Bukti bayar perlu dicek")
    assert proofs["n"] == 1
