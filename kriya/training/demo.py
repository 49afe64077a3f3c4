"""Demo data for `make run`: a youth batik programme of the regency (DKUPP Kabupaten
Probolinggo, sponsored, ages 16–30) with two batches, made through the real services:

- angkatan 1, completed: twelve young people recorded by the demo facilitator with their
  consent, attendance per session, pre- and post-test scores, practical assessment by the
  demo evaluator (not a trainer of the batch), the completion rule applied, and the
  6-month follow-up answered for most who completed (filled in by the facilitator);
- angkatan 2, open: its eight seats taken and two people on the waiting list, the demo
  participant account (`peserta@demo.kriya.id`) among the enrolled;
- an in-house batch the DKUPP asked for through the service desk in its own name
  (`pelatihan`, submitted, with the programme, dates and village it wants).

Every programme and person is marked `is_demo` (batches and enrolments through their
programme); demo phone numbers reach nobody (kriya.accounts.demo). Idempotent: nothing is
made once the programme exists."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from kriya.accounts.demo import REGENCY_UNIT, demo_phone, ensure_user
from kriya.accounts.models import Organisation, User
from kriya.regions.models import Region

from . import services
from .models import (
    Batch,
    Channel,
    CompetencyUnit,
    FeeKind,
    LearningOutcome,
    Participant,
    Programme,
    Session,
)

# `manage.py seed` runs every app's `seed()`, lowest SEED_ORDER first; this one after
# certification (it uses the demo accounts and regions) and before the verify register.
SEED_ORDER = 65

SLUG = "batik-tulis-generasi-muda"
# Competency units of the batik SKKNI as the curriculum names them. The codes were not
# confirmed against the published SKKNI text, so they are marked unverified; an
# administrator corrects them in the admin and ticks "terverifikasi".
UNITS = [
    ("BTK.01 (demo)", "Menyiapkan alat dan bahan membatik", "Preparing batik tools and materials"),
    ("BTK.02 (demo)", "Mencanting motif batik tulis", "Drawing a batik motif with a canting"),
    ("BTK.03 (demo)", "Mewarnai kain batik dengan pewarna alam", "Dyeing batik with natural dyes"),
]
SESSIONS = [
    # title id, title en, JP, practical, outcomes (id, en, unit index or None)
    (
        "Mengenal batik Probolinggo",
        "Probolinggo batik",
        2,
        False,
        [("Menjelaskan motif khas Probolinggo", "Explain Probolinggo's motifs", None)],
    ),
    (
        "Alat, bahan dan keselamatan kerja",
        "Tools, materials and safety",
        2,
        True,
        [("Menyiapkan canting, malam dan kain", "Prepare canting, wax and cloth", 0)],
    ),
    (
        "Praktik mencanting",
        "Canting practice",
        6,
        True,
        [("Mencanting motif dengan garis rapi", "Draw a motif with clean lines", 1)],
    ),
    (
        "Pewarnaan alam dan penguncian warna",
        "Natural dyeing and fixing",
        4,
        True,
        [("Mewarnai dan mengunci warna alam", "Dye and fix natural colours", 2)],
    ),
    (
        "Harga, foto produk dan menjual daring",
        "Pricing, product photos, selling online",
        2,
        False,
        [("Menghitung harga pokok dan memotret produk", "Cost a product and photograph it", None)],
    ),
]
NAMES = [
    ("Ayu Lestari", "female"),
    ("Bagus Prasetyo", "male"),
    ("Citra Maharani", "female"),
    ("Dimas Saputra", "male"),
    ("Eka Wulandari", "female"),
    ("Fajar Nugroho", "male"),
    ("Gita Permatasari", "female"),
    ("Hadi Santoso", "male"),
    ("Indah Puspita", "female"),
    ("Joko Susilo", "male"),
    ("Kartika Sari", "female"),
    ("Lukman Hakim", "male"),
    ("Maya Anggraini", "female"),
    ("Nanda Pratama", "male"),
    ("Okta Safitri", "female"),
    ("Putri Ramadhani", "female"),
    ("Rizki Firmansyah", "male"),
]


def _units() -> list[CompetencyUnit]:
    return [
        CompetencyUnit.objects.get_or_create(
            code=code,
            defaults={
                "title_id": title_id,
                "title_en": title_en,
                "verified": False,
                "source": "Kurikulum demo; kode belum dicocokkan dengan SKKNI",
            },
        )[0]
        for code, title_id, title_en in UNITS
    ]


def _programme(organiser, regency) -> Programme:
    units = _units()
    programme = Programme.objects.create(
        slug=SLUG,
        title_id="Batik tulis untuk generasi muda",
        title_en="Hand-drawn batik for young people",
        description_id=(
            "Pelatihan dasar batik tulis dan pewarnaan alam bagi warga muda Kabupaten "
            "Probolinggo usia 16–30 tahun, dari mengenal motif khas sampai menjual daring. "
            "Gratis bagi peserta: dibiayai pemerintah kabupaten."
        ),
        description_en=(
            "Basic hand-drawn batik and natural dyeing for young residents of Probolinggo "
            "Regency aged 16–30, from the local motifs to selling online. Free for "
            "participants: funded by the regency."
        ),
        organiser=organiser,
        service_kind="pelatihan",
        sector="batik",
        technique="batik_tulis",
        region=regency,
        min_age=16,
        max_age=30,
        fee_kind=FeeKind.SPONSORED,
        sponsor="Pemerintah Kabupaten Probolinggo",
    )
    Programme.objects.filter(pk=programme.pk).update(is_demo=True)
    for position, (title_id, title_en, hours, practical, outcomes) in enumerate(SESSIONS, 1):
        session = Session.objects.create(
            programme=programme,
            position=position,
            title_id=title_id,
            title_en=title_en,
            hours=hours,
            is_practical=practical,
        )
        for text_id, text_en, unit_index in outcomes:
            outcome = LearningOutcome.objects.create(
                session=session, text_id=text_id, text_en=text_en
            )
            if unit_index is not None:
                outcome.units.add(units[unit_index])
    return programme


def _batch(programme, number, start, village, *, capacity, trainer, assessor, organiser):
    batch = Batch.objects.create(
        programme=programme,
        number=number,
        starts_on=start,
        ends_on=start + timedelta(days=4),
        village=village,
        venue_detail=f"Balai Desa {village.name}",
        capacity=capacity,
        assessor=assessor,
    )
    batch.trainers.add(trainer)
    services.transition_batch(batch=batch, action="open", by=organiser)
    return batch


def _people(villages, facilitator, first: int, count: int) -> list[Participant]:
    today = timezone.localdate()
    people = []
    for n in range(first, first + count):
        name, gender = NAMES[n % len(NAMES)]
        people.append(
            services.register_participant(
                data={
                    "full_name": name,
                    "birth_date": date(today.year - 17 - n % 11, 1 + n % 12, 1 + n % 27),
                    "gender": gender,
                    "phone": demo_phone(700 + n),
                    "education": "sma",
                    "is_student": n % 3 == 0,
                    "school": "SMK Negeri 1 Kraksaan" if n % 3 == 0 else "",
                    "village": villages[n % len(villages)],
                    "is_demo": True,
                },
                consent=True,
                by=facilitator,
            )
        )
    return people


def _demo_workplace():
    """The demo owner's first business (kriya.registry.demo), if the registry seeded it."""
    from kriya.accounts.demo import demo_email
    from kriya.accounts.models import Role
    from kriya.registry.demo import OWNER_LOCAL
    from kriya.registry.models import Business

    return (
        Business.objects.filter(
            organisation__memberships__user__email=demo_email(OWNER_LOCAL),
            organisation__memberships__role=Role.OWNER,
        )
        .order_by("pk")
        .first()
    )


def _enrol(batch, people, facilitator):
    return [
        services.enrol_participant(
            batch=batch, participant=p, channel=Channel.FACILITATOR, by=facilitator
        )[0]
        for p in people
    ]


@transaction.atomic
def seed() -> None:
    if Programme.objects.filter(slug=SLUG).exists():
        return
    organiser_org = Organisation.objects.filter(name=REGENCY_UNIT).first()
    regency = Region.objects.filter(code="35.13").first()
    villages = list(Region.objects.filter(level=4, code__startswith="35.13.").order_by("code")[:8])
    if organiser_org is None or regency is None or not villages:
        return
    organiser = ensure_user("dkupp", "Petugas DKUPP")
    trainer = ensure_user("pelatih", "Pelatih Batik")
    assessor = ensure_user("evaluator", "Evaluator LSPro")
    facilitator = ensure_user("pendamping", "Pendamping APBBA")
    programme = _programme(organiser_org, regency)
    _seed_completed(programme, villages, organiser, trainer, assessor, facilitator)
    _seed_open(programme, villages, organiser, trainer, assessor, facilitator)
    _seed_in_house_request(programme, organiser_org, organiser, villages[0])


def _seed_completed(programme, villages, organiser, trainer, assessor, facilitator) -> None:
    today = timezone.localdate()
    batch = _batch(
        programme,
        1,
        today - timedelta(days=200),
        villages[0],
        capacity=12,
        trainer=trainer,
        assessor=assessor,
        organiser=organiser,
    )
    enrolments = _enrol(batch, _people(villages, facilitator, 0, 12), facilitator)
    # Two of them (both completing, competent) work in the demo owner's business: the
    # owner's page of their workers' trainings (/pelatihan/usaha/) has them to show.
    workplace = _demo_workplace()
    if workplace is not None:
        Participant.objects.filter(pk__in=[e.participant_id for e in enrolments[4:6]]).update(
            business=workplace
        )
    services.transition_batch(batch=batch, action="start", by=trainer)
    sessions = list(programme.sessions.all())
    for index, session in enumerate(sessions):
        # Two people missed most sessions; everyone else came to all of them.
        present = [e.pk for i, e in enumerate(enrolments) if i >= 2 or index == 0]
        services.record_attendance(
            batch=batch, session=session, enrolment_ids=present, by=trainer, manual=True
        )
    scores = {e.pk: (35 + (i * 7) % 30, 70 + (i * 5) % 28) for i, e in enumerate(enrolments)}
    scores[enrolments[-1].pk] = (30, 62)  # below the pass mark
    services.record_scores(batch=batch, scores=scores, by=trainer)
    services.transition_batch(batch=batch, action="assess", by=trainer)
    units = list(CompetencyUnit.objects.filter(code__in=[c for c, _i, _e in UNITS]))
    for i, enrolment in enumerate(enrolments):
        for unit in units:
            result = "not_yet" if i == 3 and unit.code.startswith("BTK.03") else "competent"
            services.assess_unit(
                enrolment=enrolment,
                unit=unit,
                result=result,
                note="Warna belum rata; ulangi pencelupan." if result == "not_yet" else "",
                by=assessor,
            )
    services.transition_batch(batch=batch, action="complete", by=organiser)
    _seed_outcomes(batch, facilitator)


def _seed_outcomes(batch, facilitator) -> None:
    """The 6-month follow-up (the batch ended some 196 days ago), filled in by the demo
    facilitator for all but two people: most produce and sell, a few employ."""
    from . import outcomes
    from .models import FollowUp

    outcomes.create_due(timezone.localdate())
    follow_ups = list(
        FollowUp.objects.filter(enrolment__batch=batch, round=6).order_by("enrolment_id")
    )
    for i, follow_up in enumerate(follow_ups[:-2]):
        outcomes.answer(
            follow_up=follow_up,
            data={
                "produces": i % 4 != 3,
                "sells": i % 3 != 2,
                "employs": i % 4 == 0,
                "employees": 1 + i % 3 if i % 4 == 0 else None,
                "turnover": ("up", "same", "up", "down")[i % 4],
                "turnover_band": ("lt1", "1to5", "", "lt1")[i % 4],
            },
            by=facilitator,
        )


def _seed_open(programme, villages, organiser, trainer, assessor, facilitator) -> None:
    today = timezone.localdate()
    batch = _batch(
        programme,
        2,
        today + timedelta(days=21),
        villages[1 % len(villages)],
        capacity=8,
        trainer=trainer,
        assessor=assessor,
        organiser=organiser,
    )
    participant_user: User = ensure_user("peserta", "Nanda Peserta")
    me = services.save_own_participant(
        user=participant_user,
        data={
            "full_name": "Nanda Peserta",
            "birth_date": date(today.year - 19, 8, 17),
            "gender": "female",
            "phone": demo_phone(799),
            "education": "sma",
            "village": villages[1 % len(villages)],
        },
    )
    Participant.objects.filter(pk=me.pk).update(is_demo=True)
    services.enrol_participant(batch=batch, participant=me, by=participant_user)
    _enrol(batch, _people(villages, facilitator, 12, 9), facilitator)


def _seed_in_house_request(programme, unit, officer, village) -> None:
    """The regency unit files `pelatihan` in its own name and says what it wants (when
    the desk's catalogue is seeded and the service is open to regency units)."""
    from kriya.desk import services as desk_services
    from kriya.desk.models import Service

    from . import desk_link

    service = Service.objects.filter(code="pelatihan", open_to_regency_units=True).first()
    if service is None:
        return
    request, _created = desk_services.create_request(
        organisation=unit,
        service=service,
        by=officer,
        items=[{"name": "Pelatihan batik tulis untuk perajin muda", "quantity": 20}],
        notes="Untuk perajin muda binaan DKUPP; tempat di balai desa.",
        submit=True,
        is_demo=True,
    )
    start = timezone.localdate() + timedelta(days=45)
    desk_link.save_batch_request(
        request=request,
        data={
            "programme": programme,
            "starts_on": start,
            "ends_on": start + timedelta(days=2),
            "venue_kind": "village",
            "village": village,
            "venue_detail": "Balai desa",
            "capacity": 20,
        },
        by=officer,
    )
