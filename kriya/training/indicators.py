"""Training's indicators for `kriya.insights` (docs/insights.md): each defined once,
here. A participant's place is their village of residence (its district and regency);
people recorded without a village count only in the agency-wide figures. A training is
counted on its batch's first day, in WIB; an outcome on the day of the answer that
shows it, in WIB."""

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
    FollowUp,
    TurnoverChange,
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


def with_age_key(qs, prefix: str = ""):
    """Annotates `age_key` = yyyymmdd of the batch's first day minus yyyymmdd of birth:
    whole years of age (as `Participant.age_on`) are `age_key // 10000`, in the database
    on both engines. `prefix` reaches the enrolment ("enrolment__" from a follow-up)."""
    return qs.annotate(
        age_key=_day_key(f"{prefix}batch__starts_on") - _day_key(f"{prefix}participant__birth_date")
    )


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


def answered_follow_ups(regency, start, end, district=None):
    """Follow-ups answered in the period (the day of the answer, WIB), by the person's
    village of residence: the outcomes chart's rows."""
    qs = FollowUp.objects.filter(answered_at__date__range=(start, end))
    return place(qs, regency, district, prefix="enrolment__participant__village__")


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


def positive_q(prefix: str = "") -> Q:
    """Of a follow-up: answered, and the person now produces, sells or employs, or their
    turnover went up (`FollowUp.positive`, the funnel's "positive outcome" step)."""
    return Q(**{f"{prefix}answered_at__isnull": False}) & (
        Q(**{f"{prefix}produces": True})
        | Q(**{f"{prefix}sells": True})
        | Q(**{f"{prefix}employs": True})
        | Q(**{f"{prefix}turnover": TurnoverChange.UP})
    )


def positive_outcomes(regency, start, end, district=None):
    """People with a positive outcome: each person's *first* positive answer, of any
    round and any of their batches (the funnel counts a person positive when any answered
    round is), so a person counts once, in the period of that answer; later positive
    rounds do not count again."""
    earlier = FollowUp.objects.filter(
        positive_q(),
        Q(answered_at__lt=OuterRef("answered_at"))
        | Q(answered_at=OuterRef("answered_at"), pk__lt=OuterRef("pk")),
        enrolment__participant_id=OuterRef("enrolment__participant_id"),
    )
    qs = FollowUp.objects.filter(positive_q(), answered_at__date__range=(start, end)).exclude(
        Exists(earlier)
    )
    return (
        place(qs, regency, district, prefix="enrolment__participant__village__")
        .select_related("enrolment__participant__village__parent__parent", "enrolment__batch")
        .select_related("enrolment__batch__programme")
        .order_by("answered_at", "pk")
    )


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


def describe_outcome(follow_up) -> Record:
    batch = follow_up.enrolment.batch
    return Record(
        _local_day(follow_up.answered_at),
        follow_up.enrolment.participant.full_name,
        _("%(programme)s — angkatan %(number)s — tindak lanjut %(round)s")
        % {
            "programme": batch.programme.title,
            "number": batch.number,
            "round": follow_up.get_round_display(),
        },
        _place_name(follow_up.enrolment.participant),
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

register_indicator(
    Indicator(
        key="peserta_hasil_positif",
        name_id="Peserta dengan hasil positif setelah pelatihan",
        name_en="Participants with a positive outcome after training",
        definition_id=(
            "Orang yang menjawab tindak lanjut 3, 6 atau 12 bulan setelah pelatihan bahwa "
            "kini memproduksi, menjual atau mempekerjakan orang, atau omzetnya naik; "
            "dihitung sekali per orang pada tanggal jawaban positif pertamanya, menurut "
            "desa/kelurahan domisili peserta."
        ),
        definition_en=(
            "People who answered a follow-up 3, 6 or 12 months after a training that they "
            "now produce, sell or employ people, or that their turnover went up; counted "
            "once per person on the day of their first positive answer, by the "
            "participant's village of residence."
        ),
        unit_id="orang",
        unit_en="people",
        records=positive_outcomes,
        describe=describe_outcome,
        order=94,
    )
)
