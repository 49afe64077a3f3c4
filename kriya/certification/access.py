"""Who sees which evaluation, certificate, label batch and halal record. Each
`get_x_for(user, pk)` fetches and authorises at once: Http404 when the user may not
see it, PermissionDenied when they see it but may not do what they asked.

- agency staff (all agency roles) see everything of certification;
- a holder (the business's owner, or a facilitator with its active consent) sees the
  evaluations, certificates, corrective actions, label batches and halal records of
  that business — not the body's internal notes;
- a regency officer sees the certificates of businesses in their regency (they are
  public in the directory anyway), nothing of evaluations;
- everyone, signed in or not, sees the public directory and label pages.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from kriya.accounts.access import has_role, officer_regency_codes, organisation_ids_of
from kriya.accounts.models import Role
from kriya.registry.access import AGENCY_ROLES

from .models import (
    Audit,
    Certificate,
    CorrectiveAction,
    CorrectiveEvidence,
    Evaluation,
    HalalCertificate,
    LabelBatch,
    Sampling,
    Surveillance,
)

STAFF_ROLES = AGENCY_ROLES


def is_agency(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and has_role(user, *STAFF_ROLES)


def _holder_businesses(user) -> Q:
    """A filter on Business: the businesses `user` holds (owns or has consent for)."""
    q = Q(organisation_id__in=organisation_ids_of(user, Role.OWNER))
    if has_role(user, Role.FACILITATOR):
        q |= Q(consents__facilitator=user, consents__revoked_at__isnull=True)
    return q


def held_business_ids(user) -> list[int]:
    from kriya.registry.models import Business

    if not getattr(user, "is_authenticated", False):
        return []
    return list(Business.objects.filter(_holder_businesses(user)).values_list("pk", flat=True))


def is_holder_of(user, business) -> bool:
    return business.pk in held_business_ids(user)


def evaluations_visible_to(user):
    qs = Evaluation.objects.all()
    if is_agency(user):
        return qs
    return qs.filter(request__business_id__in=held_business_ids(user))


def get_evaluation_for(user, pk) -> Evaluation:
    from .queries import evaluation_detail

    found = evaluation_detail(pk).filter(pk__in=evaluations_visible_to(user).values("pk")).first()
    if found is None:
        raise Http404
    return found


def certificates_visible_to(user):
    qs = Certificate.objects.all()
    if is_agency(user):
        return qs
    q = Q(business_id__in=held_business_ids(user))
    codes = officer_regency_codes(user)
    if codes:
        q |= Q(business__regency_id__in=codes)
    return qs.filter(q)


def get_certificate_for(user, pk) -> Certificate:
    found = (
        certificates_visible_to(user)
        .select_related("scheme", "business", "evaluation__request", "issued_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def can_download_certificate(user, certificate) -> bool:
    return is_agency(user) or is_holder_of(user, certificate.business)


def get_certificate_pdf_for(user, pk) -> Certificate:
    """The certificate whose PDF `user` may download: agency staff and the holder."""
    certificate = get_certificate_for(user, pk)
    if not can_download_certificate(user, certificate):
        raise PermissionDenied
    if not certificate.pdf:
        raise Http404
    return certificate


def _business_of_parent(obj):
    return obj.evaluation.request.business if obj.evaluation_id else obj.surveillance.business


def get_audit_for(user, pk) -> Audit:
    audit = (
        Audit.objects.select_related(
            "evaluation__request__business",
            "evaluation__scheme",
            "surveillance__certificate__business",
            "lead_auditor",
        )
        .filter(pk=pk)
        .first()
    )
    if audit is None:
        raise Http404
    if not (is_agency(user) or is_holder_of(user, _business_of_parent(audit))):
        raise Http404
    return audit


def get_corrective_action_for(user, pk) -> CorrectiveAction:
    action = (
        CorrectiveAction.objects.select_related(
            "finding__audit__evaluation__request__business",
            "finding__audit__surveillance__certificate__business",
        )
        .filter(pk=pk)
        .first()
    )
    if action is None:
        raise Http404
    if not (is_agency(user) or is_holder_of(user, action.business)):
        raise Http404
    return action


# Agency roles whose work needs the evidence of corrective actions (docs/document-access.md):
# the desk (the applicant's counter), the certification body's evaluators and decision
# makers, the head and administrators — not the lab, not the trainer.
EVIDENCE_READER_ROLES = (
    Role.DESK,
    Role.EVALUATOR,
    Role.DECISION_MAKER,
    Role.HEAD,
    Role.ADMINISTRATOR,
)


def can_read_evidence(user, action) -> bool:
    return is_holder_of(user, action.business) or has_role(user, *EVIDENCE_READER_ROLES)


def get_evidence_for(user, pk) -> CorrectiveEvidence:
    """Evidence of a corrective action: 404 unless the action is visible, 403 for agency
    staff whose work does not need it."""
    evidence = CorrectiveEvidence.objects.filter(pk=pk).first()
    if evidence is None:
        raise Http404
    action = get_corrective_action_for(user, evidence.action_id)
    if not can_read_evidence(user, action):
        raise PermissionDenied
    return evidence


def get_surveillance_for(user, pk) -> Surveillance:
    surveillance = (
        Surveillance.objects.select_related("certificate__business", "certificate__scheme")
        .filter(pk=pk)
        .first()
    )
    if surveillance is None:
        raise Http404
    if not (is_agency(user) or is_holder_of(user, surveillance.business)):
        raise Http404
    return surveillance


def get_label_batch_for(user, pk) -> LabelBatch:
    batch = (
        LabelBatch.objects.select_related("certificate__business", "certificate__scheme")
        .filter(pk=pk)
        .first()
    )
    if batch is None:
        raise Http404
    if not (is_agency(user) or is_holder_of(user, batch.business)):
        raise Http404
    return batch


def halal_visible_to(user):
    qs = HalalCertificate.objects.all()
    if is_agency(user):
        return qs
    return qs.filter(business_id__in=held_business_ids(user))


def get_halal_for(user, pk) -> HalalCertificate:
    found = (
        halal_visible_to(user)
        .select_related("business", "submitted_by", "checked_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def get_sampling_for(user, pk) -> Sampling:
    """A sampling, for agency staff only (the holder sees results through the body)."""
    sampling = (
        Sampling.objects.select_related(
            "evaluation__request__business", "surveillance__certificate__business"
        )
        .filter(pk=pk)
        .first()
    )
    if sampling is None or not is_agency(user):
        raise Http404
    return sampling


# --- Documents of the request (docs/document-access.md) --------------------------------


def takes_part_in(user, evaluation) -> bool:
    """An evaluator who is on the evaluation's team (assigned, audited, checked a
    requirement, raised a finding or took a sample)."""
    from .workflow import evaluation_team

    return has_role(user, Role.EVALUATOR) and user.pk in evaluation_team(evaluation)


def decides(user, evaluation) -> bool:
    """A decision maker while the evaluation awaits a decision, and the one who made it."""
    from .models import EvaluationStatus

    if not has_role(user, Role.DECISION_MAKER):
        return False
    return evaluation.status == EvaluationStatus.RECOMMENDED or evaluation.decided_by_id == user.pk


def request_document_kinds(user, request) -> set[str]:
    """What the certification body's people read of a request's documents: the
    application documents, results and internal documents of an evaluation they take
    part in or decide (registered with the desk's `readable_document_kinds`)."""
    from kriya.desk.models import DocumentKind

    if not has_role(user, Role.EVALUATOR, Role.DECISION_MAKER):
        return set()
    evaluation = Evaluation.objects.filter(request=request).first()
    if evaluation is None or not (takes_part_in(user, evaluation) or decides(user, evaluation)):
        return set()
    return {DocumentKind.APPLICATION, DocumentKind.RESULT, DocumentKind.INTERNAL}
