"""The decision, certificates and their status, surveillance, and the halal outcome.

A grant issues the certificate (or, for halal inspection, the inspection report),
registers it with kriya.verify, renders its PDF with the QR of the signed payload,
attaches it to the request and moves the request to "result ready". A refusal does
the same with a decision letter. Status changes of a certificate are mirrored to the
register (its status list), and the holder is told.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kriya.core import audit
from kriya.core.workflow import InvalidTransition
from kriya.desk import services as desk
from kriya.desk.models import Body

from .. import documents, notifications, register
from ..models import (
    AuthorisedSignatory,
    Certificate,
    CertificateStatus,
    CertificationBody,
    Evaluation,
    EvaluationStatus,
    Outcome,
    Scheme,
    Surveillance,
    SurveillanceStatus,
)
from ..models.certificates import OPEN_SURVEILLANCE
from ..queries import blockers, surveillance_blockers
from ..signals import CHANGE_OF_ACTION, GRANTED, certificate_changed
from ..workflow import CERTIFICATE, EVALUATION, SURVEILLANCE, is_independent_decision_maker
from .common import add_months, next_number, notify_on_commit, showcase_changed
from .evaluations import _reduced_scope, check_batikmark_products


def certificate_number(scheme: Scheme, year: int) -> str:
    """The next number in the scheme's format (`number_format`, docs/certification.md):
    the sequence is per format and year, so schemes sharing a format never collide."""
    while True:
        seq = next_number(f"cert:{scheme.number_format}"[:40], year)
        number = scheme.number_format.format(
            seq=seq, year=year, type=scheme.certification_type, code=scheme.code
        )
        if not Certificate.objects.filter(number=number).exists():
            return number


def document_number(scheme: Scheme, year: int, prefix: str) -> str:
    seq = next_number(f"{prefix}:{scheme.code}"[:40], year)
    return scheme.number_format.format(
        seq=seq, year=year, type=scheme.certification_type, code=scheme.code
    )


def _scope(products, certificate_technique: str) -> str:
    names = "; ".join(p.name for p in products)
    return names[:300]


def _motifs(products) -> str:
    motifs = []
    for product in products:
        if product.motif and product.motif not in motifs:
            motifs.append(product.motif)
    return ", ".join(motifs)[:200]


# --- Decision --------------------------------------------------------------------

DECISIONS = {
    Outcome.GRANT: "grant",
    Outcome.GRANT_REDUCED: "grant_reduced",
    Outcome.REFUSE: "refuse",
}


@transaction.atomic
def decide(
    *,
    evaluation: Evaluation,
    outcome: str,
    by,
    reason: str = "",
    products=None,
    today: date | None = None,
    signatory=None,
):
    """The decision on a recommended evaluation, by a decision maker who took no part in
    it (the lifecycle refuses anyone else). `grant` grants the recommended scope;
    `grant_reduced` grants the given products (fewer than applied) with a reason;
    `refuse` needs a reason. Returns the certificate (or, for halal inspection and
    refusals, None) once the request's result is attached and ready. `signatory` is the
    authorised signatory of the scheme's body who signs the certificate (default: the
    body's first active one; none when the administrator has entered none)."""
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    if outcome not in DECISIONS:
        raise ValidationError({"outcome": _("Pilih keputusan.")})
    # The rules first, so nobody learns a detail of an evaluation they may not decide.
    if not is_independent_decision_maker(by, evaluation):
        raise PermissionDenied(
            _("Keputusan diambil oleh pengambil keputusan yang tidak ikut mengevaluasi.")
        )
    if EVALUATION.find(evaluation.status, DECISIONS[outcome]) is None:
        raise InvalidTransition(DECISIONS[outcome], evaluation.status)
    if outcome == Outcome.GRANT_REDUCED:
        scope = _reduced_scope(evaluation, products)
    elif outcome == Outcome.GRANT:
        scope = list(evaluation.recommended_products.all()) or list(evaluation.products.all())
    else:
        scope = []
    if outcome != Outcome.REFUSE:
        problems = blockers(evaluation)
        if problems:
            raise ValidationError({"outcome": problems})
        if evaluation.scheme.is_batikmark:
            check_batikmark_products(scope)
        signatory = choose_signatory(evaluation.scheme, signatory)
    updated = EVALUATION.transition(
        evaluation,
        action=DECISIONS[outcome],
        by=by,
        reason=reason,
        changes={
            "decision": outcome,
            "decision_reason": reason,
            "decided_by": by,
            "decided_at": timezone.now(),
        },
        data={
            "products": [p.pk for p in scope],
            **({"signatory": signatory.pk} if outcome != Outcome.REFUSE and signatory else {}),
        },
    )
    updated.granted_products.set(scope)
    certificate = None
    request = updated.request
    if outcome == Outcome.REFUSE:
        number = document_number(updated.scheme, today.year, "refusal")
        pdf = documents.letter_pdf(
            title=_("Surat Keputusan Penolakan Sertifikasi"),
            number=f"{number}/TOLAK",
            evaluation=updated,
            paragraphs=[
                _("Berdasarkan hasil evaluasi, permohonan sertifikasi ini tidak dapat diberikan."),
                _("Alasan: %(reason)s") % {"reason": reason},
            ],
            on=today,
        )
        document = desk.attach_result_document(
            request=request,
            file=pdf,
            name=f"keputusan-{request.pk}.pdf",
            title=_("Surat keputusan penolakan sertifikasi"),
            by=by,
        )
    elif not updated.scheme.issues_certificate:
        number = document_number(updated.scheme, today.year, "report")
        pdf = documents.letter_pdf(
            title=_("Laporan Hasil Pemeriksaan Halal"),
            number=number,
            evaluation=updated,
            paragraphs=[
                _(
                    "LPH telah melaksanakan pemeriksaan atas produk di atas. Laporan ini "
                    "disampaikan kepada BPJPH untuk penetapan kehalalan produk oleh "
                    "MUI/Komite Fatwa; sertifikat halal diterbitkan oleh BPJPH."
                ),
                _("Produk yang diperiksa: %(scope)s") % {"scope": _scope(scope, "")},
            ],
            on=today,
        )
        document = desk.attach_result_document(
            request=request,
            file=pdf,
            name=f"lhp-{request.pk}.pdf",
            title=_("Laporan hasil pemeriksaan halal %(number)s") % {"number": number},
            by=by,
        )
    else:
        certificate = issue_certificate(
            evaluation=updated, products=scope, by=by, today=today, signatory=signatory
        )
        document = desk.attach_result_document(
            request=request,
            file=certificate.pdf.open("rb").read(),
            name=f"sertifikat-{certificate.pk}.pdf",
            title=_("Sertifikat %(number)s") % {"number": certificate.number},
            by=by,
        )
    desk.mark_result_ready(request=request, by=by, document=document)
    notify_on_commit(
        event=f"evaluation.{DECISIONS[outcome]}", business=request.business, obj=updated, by=by
    )
    return certificate


def return_evaluation(*, evaluation: Evaluation, reason: str, by) -> Evaluation:
    """A decision maker sends the evaluation back to its evaluator (with the reason)."""
    with transaction.atomic():
        updated = EVALUATION.transition(
            evaluation, action="return", by=by, reason=reason, changes={"recommendation": ""}
        )
        notify_on_commit(
            event="evaluation.return",
            business=updated.request.business,
            obj=updated,
            by=by,
            audience=notifications.BODY,
        )
    return updated


def _stated_facts(scheme, business, signatory) -> dict:
    """What the certificate states of the body, the holder and the signatory, as of
    today (ISO/IEC 17065 7.7.1). Without a configured body the body's name is its label
    and nothing else is stated."""
    body = CertificationBody.objects.filter(code=scheme.body).first()
    return {
        "body_name": body.name if body else str(Body(scheme.body).label),
        "body_address": body.address if body else "",
        "accreditation_number": body.accreditation_number if body else "",
        "holder_address": business.address,
        "trademark_number": business.trademark_number,
        "signatory": signatory,
        "signatory_name": signatory.full_name if signatory else "",
        "signatory_position_id": signatory.position_id if signatory else "",
        "signatory_position_en": signatory.position_en if signatory else "",
    }


def choose_signatory(scheme, signatory=None):
    """The authorised signatory for a certificate of `scheme`: the one given (it must be
    active and of the scheme's body), else the body's first active one, else None."""
    active = AuthorisedSignatory.objects.filter(body__code=scheme.body, is_active=True)
    if signatory is not None:
        if not active.filter(pk=getattr(signatory, "pk", signatory)).exists():
            raise ValidationError(
                {"signatory": _("Penandatangan tidak berwenang untuk lembaga ini.")}
            )
        return active.get(pk=getattr(signatory, "pk", signatory))
    return active.first()


def issue_certificate(
    *, evaluation: Evaluation, products, by, today: date, signatory=None
) -> Certificate:
    """Create the certificate of a granted evaluation (call inside `decide`): its number,
    holder and NIB as of today, products and scope, technique and motif (Batikmark),
    standard and validity; register it with kriya.verify, render its PDF, and schedule
    its first surveillance."""
    scheme = evaluation.scheme
    business = evaluation.request.business
    technique = check_batikmark_products(products) if scheme.is_batikmark else ""
    if not technique and scheme.technique_standards:
        techniques = {p.technique for p in products if p.technique}
        technique = techniques.pop() if len(techniques) == 1 else ""
    certificate = Certificate.objects.create(
        number=certificate_number(scheme, today.year),
        scheme=scheme,
        evaluation=evaluation,
        business=business,
        holder_name=business.name,
        holder_nib=business.nib,
        scope=_scope(products, technique),
        technique=technique if scheme.is_batikmark else "",
        motif=_motifs(products) if scheme.is_batikmark else "",
        standard=scheme.standard_for(technique),
        issued_on=today,
        valid_until=scheme.valid_until(today),
        issued_by=by,
        is_demo=evaluation.is_demo,
        **_stated_facts(scheme, business, signatory),
    )
    certificate.products.set(products)
    document = register.register_certificate(certificate, by=by)
    certificate.pdf.save(
        f"{certificate.pk}.pdf",
        ContentFile(documents.certificate_pdf(certificate, document, language="id")),
        save=False,
    )
    certificate.pdf_en.save(
        f"{certificate.pk}-en.pdf",
        ContentFile(documents.certificate_pdf(certificate, document, language="en")),
    )
    schedule_surveillance(certificate=certificate, after=today)
    audit.record(
        actor=by,
        verb="certificate.issued",
        obj=certificate,
        data={
            "number": certificate.number,
            "scheme": scheme.code,
            "evaluation": evaluation.pk,
            "valid_until": certificate.valid_until.isoformat() if certificate.valid_until else None,
            "products": [p.pk for p in products],
        },
    )
    certificate_changed.send(
        sender=Certificate, certificate=certificate, change=GRANTED, reason="", by=by
    )
    showcase_changed(business)
    return certificate


# --- Certificate status -------------------------------------------------------------

STATUS_ACTIONS = ("suspend", "reinstate", "withdraw")


def change_certificate_status(
    *, certificate: Certificate, action: str, reason: str, by
) -> Certificate:
    """Suspend, reinstate or withdraw a certificate, with its reason (required). The
    change is mirrored to kriya.verify (so the status list, labels included, follows),
    a withdrawal cancels open surveillance, and the holder is told."""
    if action not in STATUS_ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    reason = (reason or "").strip()
    with transaction.atomic():
        updated = CERTIFICATE.transition(
            certificate,
            action=action,
            by=by,
            reason=reason,
            changes={"status_reason": reason, "status_changed_at": timezone.now()},
        )
        register.mirror_status(updated, action=action, reason=reason, by=by)
        certificate_changed.send(
            sender=Certificate,
            certificate=updated,
            change=CHANGE_OF_ACTION[action],
            reason=reason,
            by=by,
        )
        if action == "withdraw":
            for surveillance in updated.surveillances.filter(status__in=OPEN_SURVEILLANCE):
                SURVEILLANCE.transition(
                    surveillance,
                    action="cancel",
                    by=None,
                    reason=_("Sertifikat dicabut."),
                    changes={"cancel_reason": _("Sertifikat dicabut.")},
                )
        notify_on_commit(
            event=f"certificate.{action}",
            business=updated.business,
            obj=updated,
            by=by,
            data={"reason": reason},
        )
        showcase_changed(updated.business)
    return updated


# --- Surveillance ------------------------------------------------------------------


def schedule_surveillance(*, certificate: Certificate, after: date) -> Surveillance | None:
    """Schedule the next surveillance `surveillance_months` after `after`, with the
    scheme's activities (audit and/or sampling) — unless the scheme has none or the
    certificate ends before it is due."""
    scheme = certificate.scheme
    if not scheme.has_surveillance:
        return None
    due_on = add_months(after, scheme.surveillance_months)
    if certificate.valid_until is not None and due_on >= certificate.valid_until:
        return None
    sequence = certificate.surveillances.count() + 1
    surveillance = Surveillance.objects.create(
        certificate=certificate,
        sequence=sequence,
        due_on=due_on,
        with_audit=scheme.surveillance_audit,
        with_sampling=scheme.surveillance_sampling,
    )
    audit.record(
        actor=None,
        verb="surveillance.scheduled",
        obj=certificate,
        data={"surveillance": surveillance.pk, "sequence": sequence, "due_on": due_on.isoformat()},
    )
    return surveillance


def start_surveillance(*, surveillance: Surveillance, by) -> Surveillance:
    with transaction.atomic():
        updated = SURVEILLANCE.transition(surveillance, action="start", by=by)
        notify_on_commit(event="surveillance.start", business=updated.business, obj=updated, by=by)
    return updated


def complete_surveillance(
    *, surveillance: Surveillance, conforms: bool, note: str, by, today: date | None = None
) -> Surveillance:
    """Close a surveillance with its outcome (its audit conducted and/or samples taken,
    as the scheme requires) and schedule the next one from this one's due date. A
    nonconforming outcome is for a decision maker to act on (suspension)."""
    today = today or timezone.localdate()
    note = (note or "").strip()
    problems = surveillance_blockers(surveillance)
    if problems:
        raise ValidationError({"outcome": problems})
    if not conforms and not note:
        raise ValidationError({"note": _("Jelaskan ketidaksesuaian hasil survailen.")})
    with transaction.atomic():
        updated = SURVEILLANCE.transition(
            surveillance,
            action="complete",
            by=by,
            reason=note,
            changes={"conforms": conforms, "outcome_note": note, "completed_on": today},
            data={"conforms": conforms},
        )
        certificate = updated.certificate
        if certificate.status != CertificateStatus.WITHDRAWN:
            schedule_surveillance(certificate=certificate, after=updated.due_on)
        notify_on_commit(
            event="surveillance.complete",
            business=updated.business,
            obj=updated,
            by=by,
            data={"conforms": conforms},
        )
        if not conforms:
            notify_on_commit(
                event="surveillance.nonconforming",
                business=updated.business,
                obj=updated,
                by=by,
                audience=notifications.BODY,
            )
    return updated


def cancel_surveillance(*, surveillance: Surveillance, reason: str, by) -> Surveillance:
    reason = (reason or "").strip()
    return SURVEILLANCE.transition(
        surveillance, action="cancel", by=by, reason=reason, changes={"cancel_reason": reason}
    )


# --- Halal inspection outcome ------------------------------------------------------


def record_fatwa_outcome(
    *,
    evaluation: Evaluation,
    halal: bool,
    by,
    number: str = "",
    issued_on: date | None = None,
):
    """The desk records what happened outside Kriya after the LPH's inspection report:
    the fatwa's outcome and, when halal, BPJPH's certificate number (SH…) and date,
    which is recorded on the products (accepted at once: the desk checked it)."""
    from ..workflow import is_desk
    from .halal import accept_recorded, record_halal_certificate

    if not is_desk(by):
        raise PermissionDenied(_("Hanya petugas layanan yang mencatat hasil fatwa."))
    if not evaluation.scheme.is_halal or evaluation.status != EvaluationStatus.GRANTED:
        raise ValidationError(_("Hasil fatwa dicatat setelah laporan pemeriksaan halal terbit."))
    if evaluation.fatwa_outcome:
        raise ValidationError(_("Hasil fatwa sudah dicatat."))
    with transaction.atomic():
        certificate = None
        if halal:
            certificate = record_halal_certificate(
                business=evaluation.request.business,
                products=list(evaluation.granted_products.all()),
                number=number,
                issued_on=issued_on,
                by=by,
                evaluation=evaluation,
            )
            accept_recorded(halal=certificate, by=by)
        Evaluation.objects.filter(pk=evaluation.pk).update(
            fatwa_outcome="halal" if halal else "not_halal", fatwa_recorded_at=timezone.now()
        )
        evaluation.refresh_from_db()
        audit.record(
            actor=by,
            verb="evaluation.fatwa_recorded",
            obj=evaluation,
            data={"halal": halal, "number": number if halal else ""},
        )
        notify_on_commit(
            event="evaluation.fatwa_recorded",
            business=evaluation.request.business,
            obj=evaluation,
            by=by,
            data={"halal": halal},
        )
    return certificate


__all__ = [
    "SurveillanceStatus",
    "cancel_surveillance",
    "change_certificate_status",
    "complete_surveillance",
    "decide",
    "issue_certificate",
    "record_fatwa_outcome",
    "return_evaluation",
    "schedule_surveillance",
    "start_surveillance",
]
