"""Evaluation writes: start, requirement checks, audits, findings, corrective actions,
sampling and the recommendation. Each function runs in a transaction, checks who acts
(PermissionDenied), validates (ValidationError with Indonesian messages per field,
nothing half-saved) and writes an audit event."""

from __future__ import annotations

import os
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kriya.accounts.access import has_role
from kriya.accounts.models import Role
from kriya.core import audit
from kriya.core.uploads import check_document
from kriya.desk import services as desk
from kriya.desk.models import DocumentKind, RequestDocument, ServiceRequest
from kriya.desk.models import Status as RequestStatus
from kriya.registry.models import BATIK_TECHNIQUES, Product, Technique

from .. import lab_link, notifications
from ..models import (
    Audit,
    AuditKind,
    AuditStatus,
    CheckVerdict,
    CorrectiveAction,
    CorrectiveEvidence,
    Evaluation,
    EvaluationStatus,
    EvaluatorAssignment,
    Finding,
    FindingGrade,
    Outcome,
    Requirement,
    RequirementCheck,
    Sampling,
    SamplingPlace,
    Scheme,
    Surveillance,
    SurveillanceStatus,
)
from ..models.evaluations import NONCONFORMITY, OPEN_EVALUATION
from ..queries import blockers
from ..workflow import AUDIT, CORRECTIVE_ACTION, EVALUATION, is_evaluator, is_the_evaluator
from .common import notify_on_commit

STARTABLE = (RequestStatus.PAID, RequestStatus.ACCEPTED, RequestStatus.IN_PROGRESS)


def _require_evaluator(by) -> None:
    if not is_evaluator(by):
        raise PermissionDenied(_("Hanya evaluator yang dapat melakukannya."))


def _require_the_evaluator(by, evaluation: Evaluation) -> None:
    if not is_the_evaluator(by, evaluation):
        raise PermissionDenied(_("Hanya evaluator permohonan ini yang dapat melakukannya."))


def check_batikmark_products(products) -> str:
    """The one technique of Batikmark products, or ValidationError: printing is never
    batik (SNI 0239:2019), and one certificate covers one technique (one label colour)."""
    products = list(products)
    printing = [p.name for p in products if p.technique == Technique.PRINTING]
    if printing:
        raise ValidationError(
            {
                "products": _("Tiruan batik/printing tidak dapat memperoleh Batikmark: %(names)s.")
                % {"names": ", ".join(printing)}
            }
        )
    missing = [p.name for p in products if p.technique not in BATIK_TECHNIQUES]
    if missing:
        raise ValidationError(
            {
                "products": _("Teknik batik (tulis, cap atau kombinasi) belum diisi: %(names)s.")
                % {"names": ", ".join(missing)}
            }
        )
    techniques = {p.technique for p in products}
    if len(techniques) > 1:
        raise ValidationError(
            {
                "products": _(
                    "Satu sertifikat Batikmark mencakup satu teknik (satu warna label); "
                    "ajukan teknik lain dalam permohonan tersendiri."
                )
            }
        )
    return techniques.pop() if techniques else ""


def _clean_products(request: ServiceRequest, scheme: Scheme, products) -> list[Product]:
    if products is None:
        products = [item.product for item in request.items.all() if item.product_id is not None]
    products = list(products)
    if not products:
        raise ValidationError({"products": _("Pilih sedikitnya satu produk yang disertifikasi.")})
    foreign = [p.name for p in products if p.business_id != request.business_id]
    if foreign:
        raise ValidationError({"products": _("Produk bukan milik usaha pemohon.")})
    if scheme.is_batikmark:
        check_batikmark_products(products)
    return products


@transaction.atomic
def start_evaluation(
    *, request: ServiceRequest, by, scheme: Scheme | None = None, products=None
) -> Evaluation:
    """Start the evaluation of a certification request; `by` (an evaluator) becomes its
    evaluator. The request moves to "in progress" if it was paid (or accepted, for a
    free service). `scheme` defaults to the one scheme of the request's service;
    `products` default to the products named on the request. For Batikmark, every
    product must be batik tulis, cap or kombinasi of one technique (never printing)."""
    _require_evaluator(by)
    request = (
        ServiceRequest.objects.select_for_update().select_related("service").get(pk=request.pk)
    )
    if Evaluation.objects.filter(request=request).exists():
        raise ValidationError(_("Evaluasi permohonan ini sudah dimulai."))
    schemes = list(Scheme.objects.for_service(request.service))
    if scheme is None:
        if len(schemes) != 1:
            raise ValidationError({"scheme": _("Pilih skema sertifikasi.")})
        scheme = schemes[0]
    elif scheme not in schemes:
        raise ValidationError({"scheme": _("Skema ini bukan untuk layanan permohonan.")})
    if request.status not in STARTABLE:
        raise ValidationError(
            _("Evaluasi dimulai setelah permohonan dibayar (atau diterima, bila tanpa tagihan).")
        )
    products = _clean_products(request, scheme, products)
    if request.status != RequestStatus.IN_PROGRESS:
        desk.start_work(request=request, by=by)
    evaluation = Evaluation.objects.create(
        request=request, scheme=scheme, evaluator=by, is_demo=request.is_demo
    )
    evaluation.products.set(products)
    EvaluatorAssignment.objects.create(
        evaluation=evaluation, evaluator=by, assigned_by=by, assigned_at=evaluation.created_at
    )
    audit.record(
        actor=by,
        verb="evaluation.started",
        obj=evaluation,
        data={
            "request": request.pk,
            "scheme": scheme.code,
            "products": [p.pk for p in products],
        },
    )
    notify_on_commit(event="evaluation.started", business=request.business, obj=evaluation, by=by)
    return evaluation


@transaction.atomic
def reassign_evaluator(*, evaluation: Evaluation, evaluator, reason: str, by) -> Evaluation:
    """The head of the agency hands an open evaluation to another evaluator, with a
    reason. The replaced evaluator's assignment is ended, not removed: they took part
    and stay excluded from the decision (`workflow.evaluation_team`)."""
    if not (getattr(by, "is_authenticated", False) and has_role(by, Role.HEAD)):
        raise PermissionDenied(_("Hanya kepala balai yang dapat mengganti evaluator."))
    reason = (reason or "").strip()
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    errors = {}
    if not reason:
        errors["reason"] = _("Alasan wajib diisi.")
    if not is_evaluator(evaluator):
        errors["evaluator"] = _("Pengganti harus seorang evaluator.")
    elif evaluator.pk == locked.evaluator_id:
        errors["evaluator"] = _("Orang ini sudah menjadi evaluatornya.")
    if locked.status not in OPEN_EVALUATION or locked.status == EvaluationStatus.RECOMMENDED:
        errors["__all__"] = _("Evaluator hanya dapat diganti selama kaji ulang atau evaluasi.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    previous = locked.evaluator_id
    EvaluatorAssignment.objects.filter(evaluation=locked, ended_at__isnull=True).update(
        ended_at=now, reason=reason
    )
    EvaluatorAssignment.objects.create(
        evaluation=locked, evaluator=evaluator, assigned_by=by, assigned_at=now
    )
    locked.evaluator = evaluator
    locked.save(update_fields=["evaluator", "updated_at"])
    audit.record(
        actor=by,
        verb="evaluation.reassigned",
        obj=locked,
        data={"from": previous, "to": evaluator.pk, "reason": reason},
    )
    evaluation.evaluator = evaluator
    return locked


def latest_application_document(request: ServiceRequest, slot: str) -> RequestDocument | None:
    return (
        RequestDocument.objects.filter(request=request, kind=DocumentKind.APPLICATION, slot=slot)
        .order_by("-version")
        .first()
    )


@transaction.atomic
def check_requirement(
    *,
    evaluation: Evaluation,
    requirement: Requirement,
    verdict: str,
    by,
    note: str = "",
) -> RequirementCheck:
    """Record the evaluator's verdict on one requirement. A document requirement names
    the latest version of the matching application document on the request. A new
    verdict replaces the previous one; both stay in the audit trail."""
    _require_the_evaluator(by, evaluation)
    if evaluation.status not in (EvaluationStatus.REVIEW, EvaluationStatus.EVALUATION):
        raise ValidationError(_("Persyaratan hanya diperiksa selama evaluasi berjalan."))
    if requirement.scheme_id != evaluation.scheme_id:
        raise ValidationError({"requirement": _("Persyaratan bukan bagian dari skema ini.")})
    if verdict not in CheckVerdict.values:
        raise ValidationError({"verdict": _("Pilih hasil pemeriksaan.")})
    note = (note or "").strip()
    if verdict == CheckVerdict.NONCONFORM and not note:
        raise ValidationError({"note": _("Jelaskan ketidaksesuaiannya.")})
    if verdict == CheckVerdict.NOT_APPLICABLE and requirement.is_mandatory and not note:
        raise ValidationError({"note": _("Jelaskan mengapa persyaratan wajib ini tidak berlaku.")})
    document = latest_application_document(evaluation.request, requirement.code)
    previous = RequirementCheck.objects.filter(
        evaluation=evaluation, requirement=requirement
    ).first()
    check, _created = RequirementCheck.objects.update_or_create(
        evaluation=evaluation,
        requirement=requirement,
        defaults={
            "verdict": verdict,
            "note": note,
            "document": document,
            "checked_by": by,
            "checked_at": timezone.now(),
        },
    )
    audit.record(
        actor=by,
        verb="evaluation.requirement_checked",
        obj=evaluation,
        data={
            "requirement": requirement.code,
            "verdict": verdict,
            "note": note,
            "document": document.pk if document else None,
            "previous": previous.verdict if previous else None,
        },
    )
    return check


@transaction.atomic
def complete_review(*, evaluation: Evaluation, by) -> Evaluation:
    """Close the document review: every mandatory document requirement has a verdict."""
    from ..queries import unchecked_requirements

    missing = unchecked_requirements(evaluation, kinds=("document",))
    if missing:
        raise ValidationError(
            {
                "requirements": _("Dokumen wajib belum diperiksa: %(names)s.")
                % {"names": ", ".join(r.name_id for r in missing)}
            }
        )
    return EVALUATION.transition(evaluation, action="complete_review", by=by)


# --- Audits and findings -----------------------------------------------------------


def _parent_open(evaluation, surveillance) -> None:
    if (evaluation is None) == (surveillance is None):
        raise ValueError("Give exactly one of evaluation and surveillance.")
    if evaluation is not None and evaluation.status not in (
        EvaluationStatus.REVIEW,
        EvaluationStatus.EVALUATION,
    ):
        raise ValidationError(_("Evaluasi ini tidak sedang berjalan."))
    if surveillance is not None and surveillance.status not in (
        SurveillanceStatus.PLANNED,
        SurveillanceStatus.IN_PROGRESS,
    ):
        raise ValidationError(_("Survailen ini tidak sedang berjalan."))


@transaction.atomic
def plan_audit(
    *,
    kind: str,
    planned_on: date,
    lead_auditor,
    by,
    evaluation: Evaluation | None = None,
    surveillance: Surveillance | None = None,
    location: str = "",
    team: str = "",
) -> Audit:
    """Plan an audit for an evaluation (by its evaluator) or a surveillance (by an
    evaluator). The lead auditor must be an evaluator; the holder is told the date."""
    if evaluation is not None:
        _require_the_evaluator(by, evaluation)
    else:
        _require_evaluator(by)
    _parent_open(evaluation, surveillance)
    errors = {}
    if kind not in AuditKind.values:
        errors["kind"] = _("Pilih jenis audit.")
    if not is_evaluator(lead_auditor):
        errors["lead_auditor"] = _("Auditor kepala harus seorang evaluator.")
    if planned_on is None:
        errors["planned_on"] = _("Isi tanggal audit.")
    if errors:
        raise ValidationError(errors)
    audit_row = Audit.objects.create(
        evaluation=evaluation,
        surveillance=surveillance,
        kind=kind,
        planned_on=planned_on,
        location=(location or "").strip()[:300],
        lead_auditor=lead_auditor,
        team=(team or "").strip()[:300],
        created_by=by,
    )
    audit.record(
        actor=by,
        verb="audit.planned",
        obj=audit_row,
        data={"kind": kind, "planned_on": planned_on.isoformat(), "lead": lead_auditor.pk},
    )
    notify_on_commit(event="audit.planned", business=audit_row.business, obj=audit_row, by=by)
    return audit_row


def record_audit(*, audit_row: Audit, conducted_on: date, summary: str, by) -> Audit:
    """Record that a planned audit took place, with its summary."""
    summary = (summary or "").strip()
    errors = {}
    if not summary:
        errors["summary"] = _("Tuliskan ringkasan hasil audit.")
    if conducted_on is None or conducted_on > timezone.localdate():
        errors["conducted_on"] = _("Tanggal pelaksanaan tidak boleh di masa depan.")
    if errors:
        raise ValidationError(errors)
    return AUDIT.transition(
        audit_row,
        action="conduct",
        by=by,
        changes={"conducted_on": conducted_on, "summary": summary},
        data={"conducted_on": conducted_on.isoformat()},
    )


def cancel_audit(*, audit_row: Audit, reason: str, by) -> Audit:
    return AUDIT.transition(
        audit_row, action="cancel", by=by, reason=reason, changes={"cancel_reason": reason.strip()}
    )


@transaction.atomic
def raise_finding(
    *,
    audit_row: Audit,
    grade: str,
    description: str,
    by,
    clause: str = "",
    deadline: date | None = None,
) -> Finding:
    """Record a finding of an audit. A nonconformity (major or minor) opens a corrective
    action with its deadline, and the holder is told."""
    _require_evaluator(by)
    if audit_row.status == AuditStatus.CANCELLED:
        raise ValidationError(_("Audit yang dibatalkan tidak dapat diberi temuan."))
    if audit_row.evaluation_id and audit_row.evaluation.status not in OPEN_EVALUATION:
        raise ValidationError(_("Evaluasi ini sudah diputuskan."))
    errors = {}
    if grade not in FindingGrade.values:
        errors["grade"] = _("Pilih kategori temuan.")
    description = (description or "").strip()
    if not description:
        errors["description"] = _("Uraikan temuan.")
    if grade in NONCONFORMITY:
        if deadline is None:
            errors["deadline"] = _("Ketidaksesuaian perlu batas waktu tindakan perbaikan.")
        elif deadline < timezone.localdate():
            errors["deadline"] = _("Batas waktu tidak boleh sebelum hari ini.")
    if errors:
        raise ValidationError(errors)
    finding = Finding.objects.create(
        audit=audit_row,
        grade=grade,
        clause=(clause or "").strip()[:120],
        description=description,
        raised_by=by,
    )
    if finding.is_nonconformity:
        CorrectiveAction.objects.create(finding=finding, deadline=deadline)
    audit.record(
        actor=by,
        verb="finding.raised",
        obj=audit_row,
        data={
            "finding": finding.pk,
            "grade": grade,
            "deadline": deadline.isoformat() if deadline and finding.is_nonconformity else None,
        },
    )
    notify_on_commit(event="finding.raised", business=audit_row.business, obj=finding, by=by)
    return finding


def _store_evidence(action: CorrectiveAction, file, info, by) -> CorrectiveEvidence:
    original = os.path.basename(getattr(file, "name", "") or "")[:255]
    file.seek(0)
    evidence = CorrectiveEvidence(
        action=action,
        original_name=original or f"bukti.{info.extension}",
        content_type=info.content_type,
        size=info.size,
        sha256=info.sha256,
        uploaded_by=by,
    )
    evidence.file.save(f"bukti.{info.extension}", file, save=False)
    evidence.save()
    return evidence


def submit_corrective_action(
    *, action: CorrectiveAction, cause: str, action_taken: str, by, files=()
) -> CorrectiveAction:
    """The holder submits the cause, the correction and evidence (PDF/JPEG/PNG checked by
    content, stored privately). At least one evidence file is needed in all."""
    cause = (cause or "").strip()
    action_taken = (action_taken or "").strip()
    errors = {}
    if not cause:
        errors["cause"] = _("Tuliskan analisis penyebab.")
    if not action_taken:
        errors["action_taken"] = _("Tuliskan tindakan perbaikan yang dilakukan.")
    checked = []
    for file in files or ():
        try:
            checked.append((file, check_document(file)))
        except ValidationError as error:
            errors["files"] = error.messages
    if not checked and not action.evidence.exists() and "files" not in errors:
        errors["files"] = _("Lampirkan sedikitnya satu bukti.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        updated = CORRECTIVE_ACTION.transition(
            action,
            action="submit",
            by=by,
            changes={
                "cause": cause,
                "action_taken": action_taken,
                "submitted_by": by,
                "submitted_at": timezone.now(),
            },
            data={"files": len(checked)},
        )
        for file, info in checked:
            _store_evidence(updated, file, info, by)
        business = updated.finding.audit.business
        notify_on_commit(
            event="corrective_action.submit",
            business=business,
            obj=updated,
            by=by,
            audience=notifications.BODY,
        )
    return updated


def review_corrective_action(
    *, action: CorrectiveAction, accept: bool, by, note: str = ""
) -> CorrectiveAction:
    """The assigned evaluator (of a surveillance audit: its lead auditor) accepts the
    correction (closing the finding) or sends it back with a reason (the holder submits
    again)."""
    note = (note or "").strip()
    with transaction.atomic():
        updated = CORRECTIVE_ACTION.transition(
            action,
            action="accept" if accept else "reject",
            by=by,
            reason=note,
            changes={"review_note": note, "reviewed_by": by, "reviewed_at": timezone.now()},
        )
        notify_on_commit(
            event=f"corrective_action.{'accept' if accept else 'reject'}",
            business=updated.finding.audit.business,
            obj=updated,
            by=by,
        )
    return updated


# --- Sampling ----------------------------------------------------------------------


@transaction.atomic
def record_sampling(
    *,
    description: str,
    place: str,
    taken_on: date,
    by,
    evaluation: Evaluation | None = None,
    surveillance: Surveillance | None = None,
    product: Product | None = None,
    quantity: str = "",
    seal_number: str = "",
) -> Sampling:
    """Record a sample taken for certification and send it to the lab (the lab sample's
    code is kept on the sampling; its verified results come back into the evaluation)."""
    if evaluation is not None:
        _require_the_evaluator(by, evaluation)
    else:
        _require_evaluator(by)
    _parent_open(evaluation, surveillance)
    errors = {}
    description = (description or "").strip()
    if not description:
        errors["description"] = _("Uraikan contoh yang diambil.")
    if place not in SamplingPlace.values:
        errors["place"] = _("Pilih tempat pengambilan.")
    if taken_on is None or taken_on > timezone.localdate():
        errors["taken_on"] = _("Tanggal pengambilan tidak boleh di masa depan.")
    business = evaluation.request.business if evaluation else surveillance.certificate.business
    if product is not None and product.business_id != business.pk:
        errors["product"] = _("Produk bukan milik usaha pemegang.")
    if errors:
        raise ValidationError(errors)
    sampling = Sampling.objects.create(
        evaluation=evaluation,
        surveillance=surveillance,
        product=product,
        description=description[:300],
        place=place,
        taken_on=taken_on,
        quantity=(quantity or "").strip()[:100],
        seal_number=(seal_number or "").strip()[:60],
        taken_by=by,
    )
    code = lab_link.send_to_lab(sampling, by=by)
    if code:
        sampling.lab_sample_code = code
        sampling.save(update_fields=["lab_sample_code"])
    audit.record(
        actor=by,
        verb="sampling.recorded",
        obj=evaluation or surveillance,
        data={"sampling": sampling.pk, "lab_sample": code, "place": place},
    )
    return sampling


@transaction.atomic
def link_lab_sample(*, sampling: Sampling, code: str, by) -> Sampling:
    """Tie a sampling to the lab sample that was tested for it (by the sample's code).
    The sample must belong to a request of the same business; its results then count
    in the evaluation (verified ones only)."""
    evaluation = sampling.evaluation
    if evaluation is not None:
        _require_the_evaluator(by, evaluation)
        if evaluation.status not in OPEN_EVALUATION:
            raise ValidationError(_("Evaluasi ini sudah diputuskan."))
    else:
        _require_evaluator(by)
    sample = lab_link.find_sample(code)
    business = evaluation.request.business if evaluation else sampling.surveillance.business
    if sample is None:
        raise ValidationError({"code": _("Kode contoh laboratorium tidak ditemukan.")})
    if sample.request.business_id != business.pk:
        raise ValidationError({"code": _("Contoh laboratorium ini milik usaha lain.")})
    previous = sampling.lab_sample_code
    sampling.lab_sample_code = sample.code
    sampling.save(update_fields=["lab_sample_code"])
    audit.record(
        actor=by,
        verb="sampling.lab_sample_linked",
        obj=evaluation or sampling.surveillance,
        data={"sampling": sampling.pk, "lab_sample": sample.code, "previous": previous},
    )
    return sampling


# --- Recommendation ---------------------------------------------------------------


def _reduced_scope(evaluation: Evaluation, products) -> list[Product]:
    applied = {p.pk: p for p in evaluation.products.all()}
    chosen = [p for p in (products or []) if p.pk in applied]
    if len(chosen) != len(list(products or [])):
        raise ValidationError({"products": _("Lingkup hanya dapat memuat produk yang diajukan.")})
    if not chosen:
        raise ValidationError({"products": _("Pilih produk yang tetap dalam lingkup.")})
    if len({p.pk for p in chosen}) >= len(applied):
        raise ValidationError(
            {"products": _("Lingkup yang dikurangi harus lebih sempit dari yang diajukan.")}
        )
    return chosen


@transaction.atomic
def recommend(*, evaluation: Evaluation, outcome: str, note: str, by, products=None) -> Evaluation:
    """The evaluator's recommendation: grant, grant a reduced scope (the products that
    stay), or refuse (with the reason). Granting needs a clean evaluation (see
    `queries.blockers`)."""
    note = (note or "").strip()
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Pilih rekomendasi.")})
    if outcome != Outcome.GRANT and not note:
        raise ValidationError({"note": _("Tuliskan alasan rekomendasi.")})
    scope = list(evaluation.products.all())
    if outcome == Outcome.GRANT_REDUCED:
        scope = _reduced_scope(evaluation, products)
    if outcome != Outcome.REFUSE:
        problems = blockers(evaluation)
        if problems:
            raise ValidationError({"outcome": problems})
    updated = EVALUATION.transition(
        evaluation,
        action="recommend",
        by=by,
        reason=note,
        changes={
            "recommendation": outcome,
            "recommendation_note": note,
            "recommended_at": timezone.now(),
        },
        data={"outcome": outcome, "products": [p.pk for p in scope]},
    )
    updated.recommended_products.set(scope if outcome != Outcome.REFUSE else [])
    notify_on_commit(
        event="evaluation.recommend",
        business=updated.request.business,
        obj=updated,
        by=by,
        audience=notifications.BODY,
    )
    return updated
