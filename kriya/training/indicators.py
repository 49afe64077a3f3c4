"""Training's indicators for `kriya.insights` (docs/insights.md): each defined once,
here. A participant's place is their village of residence (its district and regency);
people recorded without a village count only in the agency-wide figures. A training is
counted on its batch's first day, in WIB."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.utils.translation import gettext as _

from kriya.core.figures import Indicator, Record, register_indicator

from .models import (
    YOUTH_AGE,
    BatchStatus,
    CompetencyUnit,
    Enrolment,
    EnrolmentStatus,
    UnitAssessment,
    UnitResult,
)

# Batches that have taken place (begun): cancelled and not yet started ones do not count.
HELD = (BatchStatus.RUNNING, BatchStatus.ASSESSING, BatchStatus.COMPLETED)
# A person who holds a seat in a held batch has been trained (an offer not yet accepted,
# a declined or cancelled place, the waiting list: not).
TRAINED = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)


def place(qs, regency, district, prefix: str = "participant__village__"):
    if regency:
        qs = qs.filter(**{f"{prefix}parent__parent_id": regency})
    if district:
        qs = qs.filter(**{f"{prefix}parent_id": district})
    return qs


def _day_key(field: str):
    return ExtractYear(field) * 10000 + ExtractMonth(field) * 100 + ExtractDay(field)


# `age_key` below YOUTH_KEY: under YOUTH_AGE on the batch's first day.
YOUTH_KEY = YOUTH_AGE * 10000


def with_age_key(qs):
    """Annotates `age_key` = yyyymmdd of the batch's first day minus yyyymmdd of birth:
    whole years of age (as `Participant.age_on`) are `age_key // 10000`, in the database
    on both engines."""
    return qs.annotate(age_key=_day_key("batch__starts_on") - _day_key("participant__birth_date"))


def trained(regency, start, end, district=None):
    qs = Enrolment.objects.filter(
        status__in=TRAINED, batch__status__in=HELD, batch__starts_on__range=(start, end)
    )
    return (
        place(qs, regency, district)
        .select_related("participant__village__parent__parent", "batch__programme")
        .order_by("batch__starts_on", "pk")
    )


def young_trained(regency, start, end, district=None):
    return with_age_key(trained(regency, start, end, district)).filter(age_key__lt=YOUTH_KEY)


def completed(regency, start, end, district=None):
    qs = Enrolment.objects.filter(
        status=EnrolmentStatus.COMPLETED, completed_at__date__range=(start, end)
    )
    return (
        place(qs, regency, district)
        .select_related("participant__village__parent__parent", "batch__programme")
        .order_by("completed_at", "pk")
    )


def competent_q() -> Q:
    """Of a completed enrolment: its programme has practical units and every one of them
    was assessed competent (the funnel's last step, `queries.funnel`)."""
    units = CompetencyUnit.objects.filter(outcomes__session__programme=OuterRef("batch__programme"))
    missing = units.exclude(
        Exists(
            UnitAssessment.objects.filter(
                enrolment=OuterRef(OuterRef("pk")),
                unit=OuterRef("pk"),
                judgement=UnitResult.COMPETENT,
            )
        )
    )
    return Q(status=EnrolmentStatus.COMPLETED) & Q(Exists(units)) & ~Q(Exists(missing))


def competent(regency, start, end, district=None):
    return completed(regency, start, end, district).filter(competent_q())


def _local_day(moment):
    from django.utils import timezone

    return timezone.localtime(moment).date() if moment else None


def _place_name(participant) -> str:
    village = participant.village
    if village is None:
        return ""
    return ", ".join(r.name for r in (village.parent, village.parent.parent) if r is not None)


def describe_enrolment(enrolment) -> Record:
    batch = enrolment.batch
    day = _local_day(enrolment.completed_at) if enrolment.completed_at else batch.starts_on
    return Record(
        day,
        enrolment.participant.full_name,
        _("%(programme)s — angkatan %(number)s")
        % {"programme": batch.programme.title, "number": batch.number},
        _place_name(enrolment.participant),
    )


register_indicator(
    Indicator(
        key="peserta_dilatih",
        name_id="Peserta dilatih",
        name_en="Participants trained",
        definition_id=(
            "Pendaftaran yang memegang kursi (terdaftar atau lulus) pada angkatan pelatihan "
            "yang sudah berlangsung, dihitung sekali per orang per angkatan pada hari pertama "
            "angkatan, menurut desa/kelurahan domisili peserta."
        ),
        definition_en=(
            "Enrolments holding a seat (enrolled or completed) in a training batch that has "
            "begun, counted once per person and batch on the batch's first day, by the "
            "participant's village of residence."
        ),
        unit_id="orang",
        unit_en="people",
        records=trained,
        describe=describe_enrolment,
        order=90,
    )
)

register_indicator(
    Indicator(
        key="pemuda_dilatih",
        name_id="Generasi muda dilatih",
        name_en="Young people trained",
        definition_id=(
            "Peserta dilatih yang berusia di bawah 30 tahun pada hari pertama angkatan, "
            "dihitung sekali per orang per angkatan pada hari itu, menurut desa/kelurahan "
            "domisili peserta."
        ),
        definition_en=(
            "Participants trained who were under 30 on the batch's first day, counted once "
            "per person and batch on that day, by the participant's village of residence."
        ),
        unit_id="orang",
        unit_en="people",
        records=young_trained,
        describe=describe_enrolment,
        order=91,
    )
)

register_indicator(
    Indicator(
        key="peserta_lulus",
        name_id="Peserta lulus pelatihan",
        name_en="Participants who completed a training",
        definition_id=(
            "Pendaftaran yang dinyatakan lulus menurut aturan kelulusan program, dihitung "
            "sekali pada tanggal kelulusan, menurut desa/kelurahan domisili peserta."
        ),
        definition_en=(
            "Enrolments marked completed under the programme's completion rule, counted once "
            "on the day of completion, by the participant's village of residence."
        ),
        unit_id="orang",
        unit_en="people",
        records=completed,
        describe=describe_enrolment,
        order=92,
    )
)

register_indicator(
    Indicator(
        key="peserta_kompeten",
        name_id="Peserta kompeten",
        name_en="Participants found competent",
        definition_id=(
            "Peserta lulus dari program dengan unit kompetensi praktik yang seluruh unitnya "
            "dinilai kompeten, dihitung sekali pada tanggal kelulusan, menurut desa/kelurahan "
            "domisili peserta."
        ),
        definition_en=(
            "Participants who completed a programme with practical competency units and were "
            "assessed competent in every unit, counted once on the day of completion, by the "
            "participant's village of residence."
        ),
        unit_id="orang",
        unit_en="people",
        records=competent,
        describe=describe_enrolment,
        order=93,
    )
)
