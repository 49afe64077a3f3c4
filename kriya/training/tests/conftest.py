"""Fixtures of training: a youth batik programme of Kabupaten Probolinggo's regency unit,
its batch, the people who run it, and young people who want to join."""

from datetime import date, timedelta

import pytest

from kriya.accounts.models import Role
from kriya.training import services
from kriya.training.models import (
    Batch,
    BatchStatus,
    CompetencyUnit,
    LearningOutcome,
    Participant,
    Programme,
    Session,
)


@pytest.fixture
def organiser(make_user, probolinggo_unit, member):
    """A trainer of the regency unit that organises the programme."""
    return member(
        make_user("pelatih@probolinggo.test", full_name="Pak Harun"), probolinggo_unit, Role.TRAINER
    )


@pytest.fixture
def trainer(make_user, agency, member):
    """An agency trainer who teaches the batch (not an organiser)."""
    return member(make_user("trainer@agency.test", full_name="Bu Wulan"), agency, Role.TRAINER)


@pytest.fixture
def assessor(make_user, agency, member):
    return member(make_user("asesor@agency.test", full_name="Pak Yusuf"), agency, Role.EVALUATOR)


@pytest.fixture
def other_organiser(make_user, kota_unit, member):
    """A trainer of another regency's unit."""
    return member(make_user("pelatih@kota.test", full_name="Pak Dodi"), kota_unit, Role.TRAINER)


@pytest.fixture
def unit(db):
    return CompetencyUnit.objects.create(
        code="C.13BTK00.001.1", title_id="Membatik tulis", verified=False
    )


@pytest.fixture
def programme(probolinggo_unit, regions, unit):
    programme = Programme.objects.create(
        slug="batik-muda",
        title_id="Batik tulis untuk generasi muda",
        title_en="Hand-drawn batik for young people",
        description_id="Dasar batik tulis.",
        organiser=probolinggo_unit,
        sector="batik",
        technique="batik_tulis",
        region=regions["35.13"],
        min_age=16,
        max_age=30,
    )
    theory = Session.objects.create(programme=programme, position=1, title_id="Teori", hours=2)
    practice = Session.objects.create(
        programme=programme, position=2, title_id="Praktik mencanting", hours=6, is_practical=True
    )
    LearningOutcome.objects.create(session=theory, text_id="Mengenal alat dan bahan")
    outcome = LearningOutcome.objects.create(session=practice, text_id="Mencanting motif")
    outcome.units.add(unit)
    return programme


@pytest.fixture
def make_batch(programme, regions, trainer, assessor):
    counter = {"n": 0}

    def make(capacity=2, status=BatchStatus.OPEN, prog=None, **extra):
        counter["n"] += 1
        start = date.today() + timedelta(days=14)
        batch = Batch.objects.create(
            programme=prog or programme,
            number=counter["n"],
            starts_on=start,
            ends_on=start + timedelta(days=2),
            village=regions["35.13.20.2001"],
            capacity=capacity,
            assessor=assessor,
            **extra,
        )
        batch.trainers.add(trainer)
        Batch.objects.filter(pk=batch.pk).update(status=status)
        batch.refresh_from_db()
        return batch

    return make


@pytest.fixture
def batch(make_batch):
    return make_batch()


@pytest.fixture
def make_person(make_user, regions):
    counter = {"n": 0}

    def make(name=None, *, user=True, age=20, village="35.13.20.2001", **extra):
        counter["n"] += 1
        n = counter["n"]
        account = (
            make_user(f"muda{n}@example.test", full_name=name or f"Peserta {n}") if user else None
        )
        born = date.today().replace(year=date.today().year - age) - timedelta(days=30)
        return Participant.objects.create(
            user=account,
            full_name=name or f"Peserta {n}",
            birth_date=born,
            gender="female" if n % 2 else "male",
            phone=f"0812000000{n:02d}",
            village_id=village,
            **extra,
        )

    return make


@pytest.fixture
def enrol():
    def do(batch, person):
        enrolment, _created = services.enrol_participant(
            batch=batch, participant=person, by=person.user
        )
        return enrolment

    return do


@pytest.fixture
def owner_business(make_user, regions):
    """A batik business in Kabupaten Probolinggo and its owner."""
    from kriya.registry import services as registry_services

    owner = make_user("pemilik@batik.test", full_name="Siti Aminah")
    business = registry_services.create_business(
        data={
            "nib": "9120001234567",
            "name": "Batik Prabulinggih",
            "owner_name": "Siti Aminah",
            "village_id": "35.13.20.2001",
            "sector": "batik",
            "annual_sales": 150_000_000,
        },
        by=owner,
        owner=owner,
    )
    return owner, business


@pytest.fixture
def desk_service():
    """make("pelatihan") → a free desk service of that reference code."""
    from kriya.desk.models import Service

    def make(code):
        return Service.objects.get_or_create(
            code=code, defaults={"name_id": code, "body": "DESK", "variant": "free"}
        )[0]

    return make
