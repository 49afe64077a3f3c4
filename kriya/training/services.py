"""Every write of training: `verb_noun(*, …, by)` in a transaction, with an audit event.

Enrolment is idempotent whatever the path: the batch row is locked while a person is
enrolled (so seats are counted one at a time) and the database allows one enrolment per
person per batch (`training_one_enrolment_per_person`); a second submit returns the first
enrolment. Past capacity a person goes on the waiting list, in order of arrival; a freed
seat is offered to the first on the list with a deadline (`Batch.offer_hours`), and an
offer not accepted in time lapses (`expire_offers`, run by the scheduler) and passes to
the next.
"""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kriya.accounts.access import has_role
from kriya.accounts.models import Role
from kriya.core import audit
from kriya.core.pagecache import bump
from kriya.core.uploads import check_document
from kriya.desk import fee_requests
from kriya.desk.models import Status as DeskStatus

from . import fees, register
from .models import (
    SEAT_STATES,
    Attendance,
    Batch,
    BatchStatus,
    BusinessRule,
    Channel,
    Enrolment,
    EnrolmentStatus,
    Participant,
    Session,
    UnitAssessment,
    UnitResult,
)
from .queries import attendance_rates, competent_units, programme_unit_ids
from .workflow import BATCH, ENROLMENT, is_organiser, is_trainer_of

NIK_LENGTH = 16


# --- Participants -----------------------------------------------------------------------


def _clean_nik(nik: str) -> str:
    nik = "".join(ch for ch in (nik or "") if ch.isdigit())
    if nik and len(nik) != NIK_LENGTH:
        raise ValidationError({"nik": _("NIK terdiri dari 16 angka.")})
    return nik


PARTICIPANT_FIELDS = (
    "full_name",
    "birth_date",
    "gender",
    "phone",
    "email",
    "education",
    "is_student",
    "school",
    "village",
    "business",
    "village_id",
    "business_id",
)


def _values(data: dict) -> dict:
    return {f: data[f] for f in PARTICIPANT_FIELDS if f in data}


@transaction.atomic
def save_own_participant(*, user, data: dict, nik: str = "") -> Participant:
    """The signed-in person's own participant record (made once, then updated)."""
    nik = _clean_nik(nik)
    participant, created = Participant.objects.select_for_update().get_or_create(
        user=user,
        defaults={
            **_values(data),
            "created_by": user,
            "consent_at": timezone.now(),
        },
    )
    was_at = participant.business_id
    if not created:
        for field, value in _values(data).items():
            setattr(participant, field, value)
    if nik:
        participant.set_nik(nik)
    participant.full_clean(exclude=["user", "nik_sealed"])
    participant.save()
    if participant.business_id != was_at and (
        participant.enrolments.exclude(certificate_number="").exists()
    ):
        # Their certificates move from one business's compliance passport to another's
        # (the passport pages are cached with the register's "verification" kind).
        bump("verification")
    audit.record(
        actor=user,
        verb="training.participant_saved",
        obj=participant,
        data={"created": created, "nik": bool(nik)},
    )
    return participant


@transaction.atomic
def register_participant(*, data: dict, consent: bool, nik: str = "", by) -> Participant:
    """A facilitator or organiser records a person who consented to it."""
    if not consent:
        raise ValidationError(
            {"consent": _("Peserta harus menyetujui pencatatan datanya sebelum didaftarkan.")}
        )
    nik = _clean_nik(nik)
    participant = Participant(**_values(data))
    participant.created_by = by
    participant.consent_at = timezone.now()
    participant.is_demo = bool(data.get("is_demo"))
    if nik:
        participant.set_nik(nik)
    participant.full_clean(exclude=["user", "nik_sealed"])
    participant.save()
    audit.record(
        actor=by, verb="training.participant_registered", obj=participant, data={"nik": bool(nik)}
    )
    return participant


# --- Eligibility -----------------------------------------------------------------------


def eligibility_problems(batch: Batch, participant: Participant) -> list[str]:
    """Why the person may not join the batch, one sentence per rule broken (empty: may)."""
    programme = batch.programme
    problems = []
    if batch.status != BatchStatus.OPEN:
        problems.append(_("Pendaftaran angkatan ini tidak sedang dibuka."))
    if programme.region_id:
        village = participant.village_id or ""
        region_code = programme.region_id
        if not village:
            problems.append(
                _(
                    "Syarat wilayah: program ini khusus warga %(region)s. Isi desa domisili "
                    "Anda lebih dulu."
                )
                % {"region": programme.region.name}
            )
        elif not (village == region_code or village.startswith(region_code + ".")):
            problems.append(
                _("Syarat wilayah: program ini khusus warga %(region)s.")
                % {"region": programme.region.name}
            )
    age = participant.age_on(batch.starts_on)
    too_young = programme.min_age is not None and age < programme.min_age
    too_old = programme.max_age is not None and age > programme.max_age
    if too_young or too_old:
        if programme.min_age is not None and programme.max_age is not None:
            rule = _("%(low)s–%(high)s tahun") % {
                "low": programme.min_age,
                "high": programme.max_age,
            }
        elif programme.min_age is not None:
            rule = _("minimal %(low)s tahun") % {"low": programme.min_age}
        else:
            rule = _("maksimal %(high)s tahun") % {"high": programme.max_age}
        problems.append(
            _(
                "Syarat usia: program ini untuk usia %(rule)s; pada hari pertama pelatihan "
                "usia Anda %(age)s tahun."
            )
            % {"rule": rule, "age": age}
        )
    if programme.business_rule == BusinessRule.REQUIRED and not participant.business_id:
        problems.append(
            _("Syarat usaha: program ini untuk pelaku usaha yang usahanya terdaftar di Kriya.")
        )
    if programme.is_paid and not participant.business_id:
        problems.append(
            _(
                "Syarat biaya: program ini berbayar dan tagihannya diterbitkan atas nama usaha "
                "yang terdaftar di Kriya. Daftarkan usaha Anda lebih dulu, atau pilih program "
                "gratis atau yang dibiayai sponsor."
            )
        )
    if programme.business_rule == BusinessRule.NONE and participant.business_id:
        problems.append(_("Syarat usaha: program ini khusus bagi yang belum punya usaha."))
    if programme.students_only and not participant.is_student:
        problems.append(_("Syarat pelajar: program ini khusus pelajar atau mahasiswa."))
    if programme.school and participant.school.strip().casefold() != programme.school.casefold():
        problems.append(
            _("Syarat sekolah: program ini khusus pelajar %(school)s.")
            % {"school": programme.school}
        )
    if programme.leads_to_competency_certificate and not participant.nik_sealed:
        problems.append(
            _(
                "Syarat NIK: program ini mengarah ke sertifikat kompetensi, jadi NIK wajib diisi "
                "(dipakai hanya untuk sertifikat itu)."
            )
        )
    return problems


# --- Enrolment and the waiting list ------------------------------------------------------


def _seat_counts(batch_id: int) -> tuple[int, int]:
    row = Enrolment.objects.filter(batch_id=batch_id).aggregate(
        seats=Count("pk", filter=Q(status__in=SEAT_STATES)),
        waiting=Count("pk", filter=Q(status=EnrolmentStatus.WAITLISTED)),
    )
    return row["seats"], row["waiting"]


def enrol_participant(
    *, batch: Batch, participant: Participant, channel: str = Channel.SELF, by
) -> tuple[Enrolment, bool]:
    """Enrol the person in the batch, or put them on its waiting list when it is full.

    Returns (enrolment, created). Idempotent: a person already enrolled (in any state)
    gets their enrolment back, also when two submits arrive at the same moment. Raises
    ValidationError naming each eligibility rule the person does not meet."""
    if channel == Channel.SELF and participant.user_id != getattr(by, "pk", None):
        raise PermissionDenied(_("Anda hanya dapat mendaftarkan diri sendiri."))
    if channel != Channel.SELF and not (
        is_organiser(by, batch) or _may_facilitate(by, participant)
    ):
        raise PermissionDenied(_("Anda tidak berwenang mendaftarkan orang ke angkatan ini."))
    try:
        with transaction.atomic():
            locked = (
                Batch.objects.select_for_update(of=("self",))
                .select_related("programme__region")
                .get(pk=batch.pk)
            )
            existing = Enrolment.objects.filter(batch=locked, participant=participant).first()
            if existing is not None:
                return existing, False
            problems = eligibility_problems(locked, participant)
            if problems:
                raise ValidationError(problems)
            seats, waiting = _seat_counts(locked.pk)
            now = timezone.now()
            full = seats >= locked.capacity or waiting > 0
            if full:
                status = EnrolmentStatus.WAITLISTED
            elif locked.programme.is_paid:
                status = EnrolmentStatus.AWAITING_PAYMENT
            else:
                status = EnrolmentStatus.ENROLLED
            enrolment = Enrolment.objects.create(
                batch=locked,
                participant=participant,
                status=status,
                channel=channel,
                queued_at=now if full else None,
                enrolled_by=by,
            )
            if enrolment.status == EnrolmentStatus.ENROLLED:
                _give_pass(enrolment, by=by)
            elif enrolment.status == EnrolmentStatus.AWAITING_PAYMENT:
                fees.bill_seat(enrolment, by=by)
            audit.record(
                actor=by,
                verb="training.enrol",
                obj=enrolment,
                data={"status": enrolment.status, "channel": channel},
            )
    except IntegrityError:
        # Another submit for the same person won the race (without the lock: SQLite).
        return Enrolment.objects.get(batch=batch, participant=participant), False
    return enrolment, True


def _may_facilitate(user, participant) -> bool:
    """A facilitator may enrol people they recorded themselves (with consent)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and has_role(user, Role.FACILITATOR, Role.REGENCY_OFFICER, Role.TRAINER)
        and participant.created_by_id == user.pk
        and participant.consent_at is not None
    )


def _give_pass(enrolment: Enrolment, *, by) -> None:
    """Issue the enrolment's signed pass and keep its number (a seat holder only)."""
    if enrolment.pass_number:
        return
    document = register.issue_pass(enrolment, by=by)
    enrolment.pass_number = document.number
    Enrolment.objects.filter(pk=enrolment.pk).update(pass_number=document.number)


def issue_missing_passes(*, batch: Batch, by=None) -> int:
    """Passes for every seat holder of the batch who has none yet."""
    missing = list(
        Enrolment.objects.filter(
            batch=batch, status=EnrolmentStatus.ENROLLED, pass_number=""
        ).select_related("participant", "batch__programme", "batch__village", "batch__destination")
    )
    for enrolment in missing:
        _give_pass(enrolment, by=by)
    return len(missing)


def waiting_list(batch):
    return Enrolment.objects.filter(batch=batch, status=EnrolmentStatus.WAITLISTED).order_by(
        "queued_at", "id"
    )


def offer_free_seats(*, batch: Batch, by=None) -> list[Enrolment]:
    """Offer each free seat to the next person on the waiting list, in order."""
    offered = []
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        if locked.status not in (BatchStatus.OPEN, BatchStatus.RUNNING):
            return offered
        seats, _waiting = _seat_counts(locked.pk)
        free = max(locked.capacity - seats, 0)
        deadline = timezone.now() + timedelta(hours=locked.offer_hours)
        for enrolment in list(waiting_list(locked)[:free]):
            offered.append(
                ENROLMENT.transition(
                    enrolment,
                    action="offer",
                    by=by,
                    changes={"offer_expires_at": deadline},
                    data={"deadline": deadline.isoformat()},
                )
            )
    return offered


def accept_offer(*, enrolment: Enrolment, by) -> Enrolment:
    if enrolment.offer_expires_at and enrolment.offer_expires_at < timezone.now():
        raise ValidationError(_("Batas waktu menjawab tawaran kursi ini sudah lewat."))
    with transaction.atomic():
        accepted = ENROLMENT.transition(
            enrolment, action="accept", by=by, changes={"offer_expires_at": None}
        )
        if accepted.batch.programme.is_paid:
            # The seat is held until the bill's due date (docs/training.md "Fees").
            accepted = ENROLMENT.transition(accepted, action="await_payment", by=None)
            fees.bill_seat(accepted, by=by)
        else:
            _give_pass(accepted, by=by)
    return accepted


def confirm_paid_seat(*, enrolment: Enrolment, by) -> Enrolment:
    """The desk confirmed the payment of the seat's bill: the place is confirmed and
    the pass issued (called from the desk's signal, in its transaction)."""
    paid = ENROLMENT.transition(
        enrolment, action="pay", by=None, data={"request": enrolment.fee_request_id}
    )
    _give_pass(paid, by=by)
    return paid


def release_unpaid_seat(*, enrolment: Enrolment, reason: str = "") -> Enrolment:
    """The seat's bill lapsed or its request was cancelled: the seat goes to the next
    person on the waiting list (called from the desk's signal, in its transaction)."""
    lapsed = ENROLMENT.transition(
        enrolment,
        action="lapse",
        by=None,
        reason=reason,
        data={"request": enrolment.fee_request_id},
    )
    offer_free_seats(batch=enrolment.batch, by=None)
    return lapsed


def decline_offer(*, enrolment: Enrolment, by) -> Enrolment:
    with transaction.atomic():
        declined = ENROLMENT.transition(enrolment, action="decline", by=by)
        offer_free_seats(batch=enrolment.batch, by=None)
    return declined


def cancel_enrolment(*, enrolment: Enrolment, by, reason: str = "") -> Enrolment:
    """Cancel a place (or a place on the list); a freed seat goes to the next in line."""
    with transaction.atomic():
        held_seat = enrolment.status in SEAT_STATES
        unpaid = enrolment.status == EnrolmentStatus.AWAITING_PAYMENT
        cancelled = ENROLMENT.transition(enrolment, action="cancel", by=by, reason=reason)
        if unpaid and cancelled.fee_request_id:
            fee_requests.cancel_fee_request(
                request=cancelled.fee_request, reason=_("Pendaftaran pelatihan dibatalkan.")
            )
        register.withdraw(
            register.document_of(register.PASS, cancelled.pass_number),
            reason="Pendaftaran dibatalkan.",
        )
        if held_seat:
            offer_free_seats(batch=enrolment.batch, by=None)
    return cancelled


def expire_offers(*, now=None) -> int:
    """Offers not accepted in time lapse; each seat goes to the next on the list."""
    now = now or timezone.now()
    lapsed = list(
        Enrolment.objects.filter(
            status=EnrolmentStatus.OFFERED, offer_expires_at__lt=now
        ).select_related("batch")
    )
    for enrolment in lapsed:
        with transaction.atomic():
            ENROLMENT.transition(enrolment, action="expire", by=None)
            offer_free_seats(batch=enrolment.batch, by=None)
    return len(lapsed)


def on_request_status_changed(sender, request, action, from_status, to_status, by, **kwargs):
    """The desk moved a request: if it bills a seat, confirm or release the seat."""
    if not request.origin.startswith(fees.ORIGIN):
        return
    enrolment = (
        Enrolment.objects.select_related("batch__programme", "participant")
        .filter(pk=int(request.origin[len(fees.ORIGIN) :]))
        .first()
    )
    if enrolment is None or enrolment.status != EnrolmentStatus.AWAITING_PAYMENT:
        return
    if to_status == DeskStatus.PAID:
        confirm_paid_seat(enrolment=enrolment, by=by)
    elif to_status == DeskStatus.CANCELLED:
        release_unpaid_seat(enrolment=enrolment, reason=request.status_reason)


# --- Batches -----------------------------------------------------------------------------


def transition_batch(*, batch: Batch, action: str, by, reason: str = "") -> Batch:
    changes = {"cancel_reason": reason.strip()} if action == "cancel" else None
    with transaction.atomic():
        moved = BATCH.transition(batch, action=action, by=by, reason=reason, changes=changes)
        if action == "start":
            issue_missing_passes(batch=moved, by=by)
        if action == "complete":
            complete_participants(batch=moved, by=by)
    return moved


# --- Attendance and assessment ----------------------------------------------------------


def check_staff(batch, by) -> None:
    """Raise PermissionDenied unless `by` organises, teaches or assesses the batch."""
    _check_batch_staff(batch, by)


def _check_batch_staff(batch, by) -> None:
    if not (is_organiser(by, batch) or is_trainer_of(by, batch) or batch.assessor_id == by.pk):
        raise PermissionDenied(_("Anda tidak berwenang mencatat untuk angkatan ini."))


def record_attendance(
    *, batch: Batch, session: Session, enrolment_ids, by, manual: bool = True, at=None
) -> int:
    """Mark people present at a session (once each, however often they are marked):
    a constant number of queries for any number of people. Returns rows added."""
    _check_batch_staff(batch, by)
    if session.programme_id != batch.programme_id:
        raise ValidationError(_("Sesi ini bukan bagian dari program angkatan ini."))
    ids = set(
        Enrolment.objects.filter(
            batch=batch, pk__in=list(enrolment_ids), status__in=SEAT_STATES
        ).values_list("pk", flat=True)
    )
    already = set(
        Attendance.objects.filter(session=session, enrolment_id__in=ids).values_list(
            "enrolment_id", flat=True
        )
    )
    at = at or timezone.now()
    rows = [
        Attendance(enrolment_id=pk, session=session, recorded_at=at, recorded_by=by, manual=manual)
        for pk in sorted(ids - already)
    ]
    with transaction.atomic():
        Attendance.objects.bulk_create(rows, ignore_conflicts=True)
        audit.record(
            actor=by,
            verb="training.attendance",
            obj=batch,
            data={"session": session.pk, "added": len(rows), "manual": manual},
        )
    return len(rows)


def record_scores(*, batch: Batch, scores: dict[int, tuple[int | None, int | None]], by) -> int:
    """Pre- and post-test scores (0–100) per enrolment id."""
    _check_batch_staff(batch, by)
    errors = [
        _("Nilai harus antara 0 dan 100.")
        for pre, post in scores.values()
        for v in (pre, post)
        if v is not None and not 0 <= v <= 100
    ]
    if errors:
        raise ValidationError(errors[0])
    enrolments = list(Enrolment.objects.filter(batch=batch, pk__in=list(scores)))
    for enrolment in enrolments:
        enrolment.pre_test, enrolment.post_test = scores[enrolment.pk]
    with transaction.atomic():
        Enrolment.objects.bulk_update(enrolments, ["pre_test", "post_test", "updated_at"])
        audit.record(actor=by, verb="training.scores", obj=batch, data={"count": len(enrolments)})
    return len(enrolments)


def may_assess(user, batch) -> bool:
    """The batch's assessor or its organisers; never one of its trainers when the
    programme leads to a competency certificate (the assessor must be independent)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if batch.programme.leads_to_competency_certificate and is_trainer_of(user, batch):
        return False
    return batch.assessor_id == user.pk or is_organiser(user, batch)


def assess_unit(
    *, enrolment: Enrolment, unit, result: str, by, note: str = "", evidence=None
) -> UnitAssessment:
    batch = enrolment.batch
    if batch.programme.leads_to_competency_certificate and is_trainer_of(by, batch):
        raise PermissionDenied(
            _(
                "Penilai tidak boleh pelatih angkatan ini: program ini mengarah ke sertifikat "
                "kompetensi, jadi penilaiannya harus independen."
            )
        )
    if not may_assess(by, batch):
        raise PermissionDenied(_("Anda bukan penilai angkatan ini."))
    if result not in UnitResult.values:
        raise ValidationError({"result": _("Pilih kompeten atau belum kompeten.")})
    if evidence is not None:
        try:
            check_document(evidence)
        except ValidationError as error:
            raise ValidationError({"evidence": error.messages}) from None
    with transaction.atomic():
        assessment, _created = UnitAssessment.objects.update_or_create(
            enrolment=enrolment,
            unit=unit,
            defaults={"judgement": result, "note": note.strip(), "assessor": by},
        )
        if evidence is not None:
            assessment.evidence.save(evidence.name, evidence, save=True)
        audit.record(
            actor=by,
            verb="training.assess_unit",
            obj=assessment,
            data={"unit": unit.code, "result": result},
        )
    return assessment


# --- Completion --------------------------------------------------------------------------


def completion_problems(
    enrolment: Enrolment, *, attendance_pct: int, unit_ids: set[int], competent: set[int]
) -> list[str]:
    programme = enrolment.batch.programme
    problems = []
    if attendance_pct < programme.min_attendance_pct:
        problems.append(
            _("Kehadiran %(pct)s%%, kurang dari %(min)s%%.")
            % {"pct": attendance_pct, "min": programme.min_attendance_pct}
        )
    if enrolment.post_test is None or enrolment.post_test < programme.min_post_test:
        problems.append(
            _("Nilai post-test belum mencapai %(min)s.") % {"min": programme.min_post_test}
        )
    if programme.all_units_competent and not unit_ids <= competent:
        problems.append(_("Belum kompeten di semua unit praktik."))
    return problems


def complete_participants(*, batch: Batch, by) -> list[Enrolment]:
    """Mark every enrolled person who meets the programme's completion rule as completed."""
    unit_ids = programme_unit_ids(batch.programme)
    rates = attendance_rates(batch)
    competent = competent_units(batch)
    done = []
    for enrolment in Enrolment.objects.filter(
        batch=batch, status=EnrolmentStatus.ENROLLED
    ).select_related("batch__programme"):
        if not completion_problems(
            enrolment,
            attendance_pct=rates.get(enrolment.pk, 0),
            unit_ids=unit_ids,
            competent=competent.get(enrolment.pk, set()),
        ):
            completed = ENROLMENT.transition(
                enrolment, action="complete", by=by, changes={"completed_at": timezone.now()}
            )
            document = register.issue_certificate(completed, by=by)
            Enrolment.objects.filter(pk=completed.pk).update(certificate_number=document.number)
            completed.certificate_number = document.number
            done.append(completed)
    return done


def revoke_certificate(*, enrolment: Enrolment, reason: str, by) -> None:
    """Withdraw a training certificate (an organiser, with a reason): the register's
    status list then tells every verifier, online and offline."""
    if not is_organiser(by, enrolment.batch):
        raise PermissionDenied(_("Hanya penyelenggara yang dapat mencabut sertifikat."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Alasan wajib diisi.")})
    document = register.document_of(register.CERTIFICATE, enrolment.certificate_number)
    if document is None:
        raise ValidationError(_("Peserta ini belum memiliki sertifikat."))
    with transaction.atomic():
        register.withdraw(document, reason=reason.strip())
        audit.record(
            actor=by,
            verb="training.revoke_certificate",
            obj=enrolment,
            data={"number": document.number, "reason": reason.strip()},
        )
