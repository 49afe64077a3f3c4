"""A competent result feeds a competency certification request (issue 16 §6).

Competency certification is the LSP's service `sertifikasi_kompetensi` on the service
desk. From a participant whose every practical unit of a programme that leads to a
competency certificate was assessed competent, the batch's organiser or assessor, or
the owner of the participant's business, starts the request: a **referral** (one per
participant and batch, `CertificationReferral`) holding the person, the units and the
references of the evidence. The desk files requests for a business, by its owner or a
facilitator with its consent (`desk.services.create_request`): when the person starting
it may file for the business, the desk request (a draft, prefilled) is made at once;
otherwise the referral waits for the owner, who files it with one click
(`file_referral`). Training calls the desk's services; the desk never imports training.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from kriya.core import audit
from kriya.desk import services as desk_services
from kriya.desk.models import Service
from kriya.registry.access import has_consent, is_owner_of

from .models import CertificationReferral, Enrolment, UnitAssessment, UnitResult
from .queries import programme_unit_ids
from .workflow import is_organiser

SERVICE_CODE = "sertifikasi_kompetensi"


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def owns_business_of(user, enrolment: Enrolment) -> bool:
    """The user owns the business the person works in (the owner's part of `may_refer`)."""
    business = enrolment.participant.business
    return _signed_in(user) and business is not None and is_owner_of(user, business)


def may_refer(user, enrolment: Enrolment) -> bool:
    """The batch's organisers and assessor, and the owner of the person's business."""
    if not _signed_in(user):
        return False
    batch = enrolment.batch
    return (
        is_organiser(user, batch)
        or batch.assessor_id == user.pk
        or owns_business_of(user, enrolment)
    )


def _may_file(user, business) -> bool:
    return is_owner_of(user, business) or has_consent(user, business)


def may_file(user, enrolment: Enrolment) -> bool:
    """May file the person's referral as a desk request: the owner of the person's
    business or a facilitator it consented to."""
    business = enrolment.participant.business
    return business is not None and _may_file(user, business)


def competent_assessments(enrolment: Enrolment) -> list[UnitAssessment] | None:
    """The person's competent assessments when every practical unit is competent, else
    None (also when the programme has no practical unit)."""
    units = programme_unit_ids(enrolment.batch.programme)
    found = list(
        UnitAssessment.objects.filter(
            enrolment=enrolment, judgement=UnitResult.COMPETENT
        ).select_related("unit")
    )
    if not units or not units <= {a.unit_id for a in found}:
        return None
    return [a for a in found if a.unit_id in units]


def referral_problems(enrolment: Enrolment) -> list[str]:
    problems = []
    if not enrolment.batch.programme.leads_to_competency_certificate:
        problems.append(_("Program ini tidak mengarah ke sertifikat kompetensi."))
    elif competent_assessments(enrolment) is None:
        problems.append(_("Peserta belum kompeten di semua unit praktik program ini."))
    if enrolment.participant.business_id is None:
        problems.append(
            _(
                "Permohonan sertifikasi diajukan atas nama usaha yang terdaftar di Kriya; "
                "peserta ini belum tercatat bekerja di usaha mana pun."
            )
        )
    return problems


def _notes(enrolment: Enrolment, referral: CertificationReferral) -> str:
    person = enrolment.participant
    batch = enrolment.batch
    lines = [
        _("Rujukan dari pelatihan %(programme)s, angkatan %(n)s (%(start)s–%(end)s).")
        % {
            "programme": batch.programme.title_id,
            "n": batch.number,
            "start": batch.starts_on.isoformat(),
            "end": batch.ends_on.isoformat(),
        },
        _("Peserta: %(name)s, lahir %(born)s, NIK %(nik)s.")
        % {
            "name": person.full_name,
            "born": person.birth_date.isoformat(),
            "nik": person.nik_masked or "—",
        },
        _("Unit kompeten:"),
        *[f"- {u['code']} {u['title']}" for u in referral.units],
        _("Bukti penilaian:"),
        *[f"- {e['unit']}: {e['reference']}" for e in referral.evidence],
    ]
    return "\n".join(lines)


def _file(referral: CertificationReferral, *, by) -> None:
    enrolment = referral.enrolment
    service = Service.objects.filter(code=SERVICE_CODE).first()
    if service is None:
        raise ValidationError(_("Layanan sertifikasi kompetensi belum ada di katalog."))
    request, _created = desk_services.create_request(
        business=enrolment.participant.business,
        service=service,
        by=by,
        items=[
            {"name": f"{u['code']} {u['title']}"[:200], "kind": "other", "quantity": 1}
            for u in referral.units
        ],
        notes=_notes(enrolment, referral),
        idempotency_key=f"training-referral-{referral.pk}",
    )
    referral.service_request = request
    CertificationReferral.objects.filter(pk=referral.pk).update(service_request=request)


def request_competency_certification(
    *, enrolment: Enrolment, by
) -> tuple[CertificationReferral, bool]:
    """Start the competency certification of a competent person: (referral, created).
    Once per participant and batch; a second call returns the first referral."""
    if not may_refer(by, enrolment):
        raise PermissionDenied(_("Anda tidak dapat mengajukan sertifikasi untuk peserta ini."))
    existing = CertificationReferral.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing, False
    problems = referral_problems(enrolment)
    if problems:
        raise ValidationError(problems)
    assessments = competent_assessments(enrolment) or []
    try:
        with transaction.atomic():
            referral = CertificationReferral.objects.create(
                enrolment=enrolment,
                units=[
                    {"code": a.unit.code, "title": a.unit.title_id, "verified": a.unit.verified}
                    for a in assessments
                ],
                evidence=[
                    {
                        "unit": a.unit.code,
                        "assessment": a.pk,
                        "reference": reverse("training:assess", args=[enrolment.pk])
                        + f"#unit-{a.unit_id}"
                        + (" (" + _("dengan berkas bukti") + ")" if a.evidence else ""),
                        "assessed_at": a.assessed_at.isoformat(),
                    }
                    for a in assessments
                ],
                created_by=by,
            )
            if _may_file(by, enrolment.participant.business):
                _file(referral, by=by)
            audit.record(
                actor=by,
                verb="training.certification_referral",
                obj=enrolment,
                data={
                    "units": [u["code"] for u in referral.units],
                    "request": referral.service_request_id,
                },
            )
    except IntegrityError:
        return CertificationReferral.objects.get(enrolment=enrolment), False
    return referral, True


def file_referral(*, referral: CertificationReferral, by) -> CertificationReferral:
    """The owner (or a consented facilitator) of the person's business files a waiting
    referral as a desk request (a draft they then submit on the desk)."""
    business = referral.enrolment.participant.business
    if business is None or not _may_file(by, business):
        raise PermissionDenied(_("Anda tidak dapat mengajukan permohonan untuk usaha ini."))
    with transaction.atomic():
        locked = CertificationReferral.objects.select_for_update().get(pk=referral.pk)
        if locked.service_request_id is None:
            _file(locked, by=by)
            audit.record(
                actor=by,
                verb="training.certification_referral_filed",
                obj=locked.enrolment,
                data={"request": locked.service_request_id},
            )
    return locked
