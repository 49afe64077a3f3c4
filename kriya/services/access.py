"""Who sees and changes which service request and document.

- agency roles (desk, lab, certification, head, administrator…) see every request;
- a business sees everything filed for it (its owners), and a facilitator with the
  business's active consent sees the business's requests too;
- a regency officer sees the requests of businesses in their regency, read only.

`get_request_for(user, pk)` raises Http404 when the request is not visible;
`get_document_for(user, pk)` also raises PermissionDenied for a document the user may
see exists but may not download (yet). `result_gate` is the single place deciding
whether an applicant may download a result now (the satisfaction survey plugs in there).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from kriya.accounts.access import has_role, officer_regency_codes, organisation_ids_of
from kriya.accounts.models import Role
from kriya.registry.access import AGENCY_ROLES

from .models import DocumentKind, RequestDocument, ServiceRequest, Status
from .workflow import is_applicant, is_desk, is_performer


def is_agency(user) -> bool:
    return has_role(user, *AGENCY_ROLES)


def _visibility(user) -> Q | None:
    """A filter on ServiceRequest for what `user` may see; None means everything."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if is_agency(user):
        return None
    q = Q(business__organisation_id__in=organisation_ids_of(user, Role.OWNER))
    codes = officer_regency_codes(user)
    if codes:
        q |= Q(business__regency_id__in=codes)
    if has_role(user, Role.FACILITATOR):
        q |= Q(
            business__in=_consented_businesses(user),
        )
    return q


def _consented_businesses(user):
    from kriya.registry.models import Business

    return Business.objects.filter(
        consents__facilitator=user, consents__revoked_at__isnull=True
    ).values("pk")


def requests_visible_to(user):
    q = _visibility(user)
    qs = ServiceRequest.objects.all()
    return qs if q is None else qs.filter(q)


def get_request_for(user, pk) -> ServiceRequest:
    """The request if `user` may see it; Http404 otherwise."""
    found = (
        requests_visible_to(user)
        .select_related("business", "business__regency", "service", "assigned_to", "filed_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def can_edit_request(user, request) -> bool:
    """The applicant may edit items and notes while the request is theirs to change."""
    return request.status in (Status.DRAFT, Status.RETURNED) and is_applicant(user, request)


def can_upload_application_document(user, request) -> bool:
    return can_edit_request(user, request)


def can_upload_payment_proof(user, request) -> bool:
    return request.status == Status.AWAITING_PAYMENT and is_applicant(user, request)


def can_attach_result(user, request) -> bool:
    return request.status in (Status.IN_PROGRESS, Status.RESULT_READY) and (
        user is None or is_performer(user, request)
    )


def can_assign(user, request=None) -> bool:
    return is_desk(user)


@dataclass(frozen=True)
class Gate:
    """Why a result cannot be downloaded yet, and where to go to open the gate."""

    message: str
    url: str = ""


def result_gate(user, request) -> Gate | None:
    """None when `user` may download the request's result documents now.

    Agency staff always may. The applicant side only once the request is completed.
    (The satisfaction survey adds its condition here: "answer the survey first".)
    """
    from django.utils.translation import gettext as _

    if is_agency(user):
        return None
    if request.status != Status.COMPLETED:
        return Gate(_("Dokumen hasil dapat diunduh setelah permohonan selesai."))
    return None


def get_document_for(user, pk) -> RequestDocument:
    """A document the user may download: 404 when its request is not visible or it is
    internal and the user is not agency staff; 403 when a result is still gated."""
    document = RequestDocument.objects.select_related("request").filter(pk=pk).first()
    if document is None:
        raise Http404
    request = get_request_for(user, document.request_id)
    document.request = request
    if document.kind == DocumentKind.INTERNAL and not is_agency(user):
        raise Http404
    if document.kind == DocumentKind.RESULT:
        gate = result_gate(user, request)
        if gate is not None:
            raise PermissionDenied(gate.message)
    return document


def businesses_for_filing(user):
    """The businesses `user` may file requests for: their own, and those that gave them
    (as a facilitator) an active consent."""
    from kriya.registry.models import Business

    if not getattr(user, "is_authenticated", False):
        return Business.objects.none()
    q = Q(organisation_id__in=organisation_ids_of(user, Role.OWNER))
    if has_role(user, Role.FACILITATOR):
        q |= Q(pk__in=_consented_businesses(user))
    return Business.objects.filter(q).order_by("name")


def can_see_queue(user) -> bool:
    return is_agency(user)


def can_see_overview(user) -> bool:
    return has_role(user, Role.HEAD, Role.ADMINISTRATOR, Role.DESK)
