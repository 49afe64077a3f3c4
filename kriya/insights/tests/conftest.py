"""A hand-built world for the indicators and the pages: businesses in two districts of
Kabupaten Probolinggo (35.13) and one of Kota Probolinggo (35.74), with requests, test
reports, certificates and surveys on known days."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from kriya.accounts.models import Organisation, OrganisationKind, Role

WIB = ZoneInfo("Asia/Jakarta")
_seq = itertools.count(1)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=WIB)


@pytest.fixture
def world(regions, make_user):
    from kriya.registry.models import Business, BusinessStatus, Product

    owner = make_user("pemilik@usaha.test", full_name="Pemilik")

    def business(
        village,
        *,
        status=BusinessStatus.VERIFIED,
        created=date(2026, 2, 10),
        verified=date(2026, 2, 20),
        sector="batik",
        size="mikro",
        published=False,
    ):
        n = next(_seq)
        org = Organisation.objects.create(name=f"Usaha {n}", kind=OrganisationKind.BUSINESS)
        v = regions[village]
        d = regions[v.parent_id]
        b = Business.objects.create(
            organisation=org,
            nib=f"{n:013d}",
            name=f"Usaha {n}",
            slug=f"usaha-{n}",
            owner_name="Pemilik",
            village=v,
            district=d,
            regency_id=d.parent_id,
            sector=sector,
            size_class=size,
            status=status,
            verified_at=at(verified) if verified and status == BusinessStatus.VERIFIED else None,
            created_by=owner,
        )
        Business.objects.filter(pk=b.pk).update(created_at=at(created))
        if published:
            Product.objects.create(
                business=b,
                name=f"Kain {n}",
                slug=f"kain-{n}",
                sector=sector,
                price=100000,
                is_published=True,
            )
        b.refresh_from_db()
        return b

    return {"owner": owner, "business": business}


@pytest.fixture
def service(db):
    from kriya.desk.models import Service

    return Service.objects.create(code="uji", name_id="Pengujian produk", standard_days=10)


@pytest.fixture
def make_request(world, service):
    from kriya.desk.models import ServiceRequest, Status

    def make(business, *, status=Status.COMPLETED, completed=date(2026, 5, 5), submitted=None):
        r = ServiceRequest.objects.create(
            business=business,
            service=service,
            status=status,
            filed_by=world["owner"],
            completed_at=at(completed) if status == Status.COMPLETED else None,
            submitted_at=at(submitted or completed),
            clock_days_used=4,
        )
        return r

    return make


@pytest.fixture
def make_report(make_request):
    from kriya.lab.models import TestReport

    def make(business, issued: date, *, supersedes=None, request=None):
        request = request or make_request(business, completed=issued)
        return TestReport.objects.create(
            number=f"SHU-{next(_seq)}",
            request=request,
            overall_verdict="within",
            issued_at=at(issued),
            supersedes=supersedes,
        )

    return make


@pytest.fixture
def schemes(db):
    from kriya.certification.models import Scheme

    return {
        "sni": Scheme.objects.create(
            code="sni-x", kind="sppt_sni", name_id="SPPT SNI", body="LSPRO"
        ),
        "batikmark": Scheme.objects.create(
            code="bm-x", kind="batikmark", name_id="Batikmark", body="LSPRO"
        ),
    }


@pytest.fixture
def make_certificate(schemes):
    from kriya.certification.models import Certificate

    def make(business, kind: str, issued: date, **extra):
        return Certificate.objects.create(
            number=f"CERT-{next(_seq)}",
            scheme=schemes[kind],
            business=business,
            holder_name=business.name,
            holder_nib=business.nib,
            scope="kain",
            issued_on=issued,
            issued_by=business.created_by,
            **extra,
        )

    return make


@pytest.fixture
def make_survey(make_request, world):
    from kriya.desk.models import SURVEY_FIELDS, SurveyResponse

    def make(business, answered: date, score: int = 4):
        request = make_request(business, completed=answered)
        response = SurveyResponse.objects.create(
            request=request,
            service=request.service,
            respondent=world["owner"],
            **{code: score for code in SURVEY_FIELDS},
        )
        SurveyResponse.objects.filter(pk=response.pk).update(created_at=at(answered))
        return response

    return make


@pytest.fixture
def head(make_user, agency, member):
    return member(make_user("kepala@balai.test", full_name="Kepala Balai"), agency, Role.HEAD)


@pytest.fixture
def owner_user(world):
    return world["owner"]


@pytest.fixture
def agreement(probolinggo_unit, agency):
    from kriya.insights.models import CooperationAgreement, Target

    a = CooperationAgreement.objects.create(
        number="PKS-01/2026",
        title="Kerja sama pembinaan IKM Kabupaten Probolinggo",
        regency_unit=probolinggo_unit,
        agency=agency,
        regency_id="35.13",
        signed_on=date(2026, 1, 5),
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
    )
    Target.objects.create(agreement=a, year=2026, indicator="produk_diuji", value=10, q1=2, q2=3)
    Target.objects.create(agreement=a, year=2026, indicator="usaha_bersertifikat_sni", value=4)
    return a


@pytest.fixture
def kota_agreement(kota_unit, agency):
    from kriya.insights.models import CooperationAgreement, Target

    a = CooperationAgreement.objects.create(
        number="PKS-02/2026",
        title="Kerja sama Kota Probolinggo",
        regency_unit=kota_unit,
        agency=agency,
        regency_id="35.74",
        signed_on=date(2026, 1, 5),
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    Target.objects.create(agreement=a, year=2026, indicator="produk_diuji", value=7)
    return a


@pytest.fixture
def reports(world, make_report):
    """Two reports in Kabupaten Probolinggo (Q1 and Q2 2026), one in Kota Probolinggo."""
    a = world["business"]("35.13.01.2001")
    k = world["business"]("35.74.01.1001")
    return [
        make_report(a, date(2026, 2, 3)),
        make_report(a, date(2026, 5, 4)),
        make_report(k, date(2026, 2, 5)),
    ]


# --- Training and events, built by hand -------------------------------------------------


@pytest.fixture
def make_enrolment(world, probolinggo_unit):
    """make(village, starts=, age=, status=, completed=, batch_status=, competent=)."""
    from kriya.training.models import (
        Batch,
        CompetencyUnit,
        Enrolment,
        LearningOutcome,
        Participant,
        Programme,
        Session,
        UnitAssessment,
    )

    unit = CompetencyUnit.objects.create(code=f"U-{next(_seq)}", title_id="Membatik")
    programme = Programme.objects.create(
        slug=f"batik-{next(_seq)}",
        title_id="Batik tulis",
        organiser=probolinggo_unit,
        sector="batik",
        technique="batik_tulis",
    )
    practice = Session.objects.create(programme=programme, title_id="Praktik", is_practical=True)
    LearningOutcome.objects.create(session=practice, text_id="Mencanting").units.add(unit)
    batches: dict = {}

    def make(
        village,
        *,
        starts=date(2026, 2, 10),
        age=20,
        status="enrolled",
        completed=None,
        batch_status="completed",
        competent=None,
        gender="female",
    ):
        key = (starts, batch_status)
        if key not in batches:
            batches[key] = Batch.objects.create(
                programme=programme,
                number=len(batches) + 1,
                starts_on=starts,
                ends_on=starts,
                status=batch_status,
            )
        n = next(_seq)
        born = date(starts.year - age, starts.month, starts.day)
        person = Participant.objects.create(
            full_name=f"Peserta {n}",
            birth_date=born,
            gender=gender,
            phone=f"0812{n:08d}",
            village_id=village,
        )
        enrolment = Enrolment.objects.create(
            batch=batches[key],
            participant=person,
            status=status,
            channel="facilitator",
            completed_at=at(completed) if completed else None,
        )
        if competent is not None:
            UnitAssessment.objects.create(
                enrolment=enrolment,
                unit=unit,
                judgement="competent" if competent else "not_yet",
                assessor=world["owner"],
            )
        return enrolment

    return make


@pytest.fixture
def make_event(world, probolinggo_unit):
    """make(district, starts=, status=) -> Event with two days; `sell(event, business,
    day_index, amount)` records a current sales report for an accepted exhibitor."""
    from datetime import time, timedelta

    from kriya.events.models import Event, EventDay

    def make(district, *, starts=date(2026, 2, 10), status="closed", name=None):
        n = next(_seq)
        event = Event.objects.create(
            year=starts.year,
            name=name or f"Pameran {n}",
            slug=f"pameran-{n}",
            kind="expo",
            organiser=probolinggo_unit,
            regency_id=district[:5],
            district_id=district,
            venue="Pendopo",
            starts_on=starts,
            ends_on=starts + timedelta(days=1),
            status=status,
            created_by=world["owner"],
        )
        for i in range(2):
            EventDay.objects.create(
                event=event, date=starts + timedelta(days=i), opens_at=time(9), closes_at=time(17)
            )
        return event

    return make


@pytest.fixture
def sell(db):
    from kriya.events.models import Application, SalesReport

    def do(event, business, day_index, amount, *, status="accepted", current=True):
        application, _ = Application.objects.get_or_create(
            event=event, business=business, defaults={"sector": "batik", "status": status}
        )
        day = list(event.days.all())[day_index]
        return SalesReport.objects.create(
            application=application,
            day=day,
            sector="batik",
            transactions=1,
            turnover=amount,
            cash=amount,
            is_current=current,
        )

    return do


@pytest.fixture
def follow_up():
    """answer(enrolment, round, day, hour=10, **answers) -> FollowUp answered on that day
    (WIB); `answered=False` leaves it sent but unanswered."""
    from kriya.training.models import FollowUp

    def answer(enrolment, round_, day, hour=10, answered=True, **answers):
        return FollowUp.objects.create(
            enrolment=enrolment,
            round=round_,
            due_on=day,
            sent_at=at(day, 8),
            answered_at=at(day, hour) if answered else None,
            **answers,
        )

    return answer
