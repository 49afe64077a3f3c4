"""Who sees and changes which service request and document.

- agency roles (desk, lab, certification, head, administrator…) see every request;
- a business sees everything filed for it (its owners), and a facilitator with the
  business's active consent sees the business's requests too;
- a regency unit that filed a request in its own name: its regency officers see it and
  act on it as an owner does on their business's request;
- a regency officer sees the requests of businesses and units in their regency, read
  only (unless it is their own unit's request).

Seeing a request is not reading its documents: `readable_document_kinds` keeps each role
to the documents its work needs (docs/document-access.md).

`get_request_for(user, pk)` raises Http404 when the request is not visible;
`get_document_for(user, pk)` also raises PermissionDenied for a document the user may
see exists but may not download (yet). `result_gate` is the single place deciding
whether an applicant may download a result now (the satisfaction survey plugs in there).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from kriya.accounts.access import (
    has_role,
    officer_regency_codes,
    officer_unit_ids,
    organisation_ids_of,
)
from kriya.accounts.models import Membership, Role
from kriya.registry.access import AGENCY_ROLES, is_owner_of

from .models import (
    Bill,
    DocumentKind,
    Programme,
    RequestDocument,
    ServiceRequest,
    Sponsorship,
    Status,
    SurveyResponse,
)
from .workflow import PAYEE_ROLES, PERFORMER_ROLES, is_applicant, is_desk, is_performer


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
        # Their own unit's requests are among these (a unit is in its regency).
        q |= Q(business__regency_id__in=codes) | Q(organisation__regency_id__in=codes)
    if has_role(user, Role.FACILITATOR):
        q |= Q(
            business__in=_consented_businesses(user),
        )
    payee_ids = organisation_ids_of(user, *PAYEE_ROLES)
    if payee_ids:
        # The people of an organisation collecting a fee (kriya.desk.fee_requests) read
        # the requests billed to it, to confirm the payment.
        q |= Q(pk__in=Bill.objects.filter(payee_id__in=payee_ids).values("request_id"))
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
    """The request if `user` may see it; Http404 otherwise. It carries `filer_is_owner`
    (see `filed_by_owner`)."""
    # get(), not first(): no ORDER BY to build over the joined columns.
    try:
        return (
            requests_visible_to(user)
            .select_related(
                "business",
                "business__regency",
                "organisation",
                "organisation__regency",
                "service",
                "assigned_to",
                "filed_by",
            )
            .annotate(
                filer_is_owner=Exists(
                    Membership.objects.active().filter(
                        user_id=OuterRef("filed_by_id"),
                        organisation_id=OuterRef("business__organisation_id"),
                        role=Role.OWNER,
                    )
                )
            )
            .get(pk=pk)
        )
    except ServiceRequest.DoesNotExist:
        raise Http404 from None


def filed_by_owner(request: ServiceRequest) -> bool:
    """Whether the request was filed by an owner of its business (otherwise a
    facilitator filed it for them): read with the request by `get_request_for`. A
    regency unit's own request is filed by its officer, for nobody else."""
    if request.is_unit_request:
        return True
    known = getattr(request, "filer_is_owner", None)
    if known is not None:
        return known
    return is_owner_of(request.filed_by, request.business)


def can_edit_request(user, request) -> bool:
    """The applicant may edit items and notes while the request is theirs to change."""
    return request.status in (Status.DRAFT, Status.RETURNED) and is_applicant(user, request)


def can_upload_application_document(user, request) -> bool:
    return can_edit_request(user, request)


def can_upload_payment_proof(user, request) -> bool:
    """The applicant pays their bill; a sponsored request's bill is paid by the
    programme's regency unit (one of its regency officers uploads the proof)."""
    if request.status != Status.AWAITING_PAYMENT:
        return False
    sponsorship = active_sponsorship(request)
    if sponsorship is not None:
        return is_programme_officer(user, sponsorship.programme)
    return is_applicant(user, request)


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
    action: str = ""  # the link's text, e.g. "Isi survei"


def result_gate(user, request) -> Gate | None:
    """None when `user` may download the request's result documents now.

    Agency staff always may. The applicant side only once the request is completed and
    the applicant has answered the satisfaction survey (the gate then leads the
    applicant to the survey; others who read the request wait for the applicant).
    """
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if is_agency(user):
        return None
    if request.status != Status.COMPLETED:
        return Gate(_("Dokumen hasil dapat diunduh setelah permohonan selesai."))
    # Asked of the model, not of `survey` (which files its answers through the
    # services, which check access here): access rules import no module above them.
    if not SurveyResponse.objects.filter(request=request).exists():
        if is_applicant(user, request):
            return Gate(
                _("Isi survei kepuasan masyarakat terlebih dahulu untuk mengunduh hasil."),
                reverse("desk:survey", kwargs={"pk": request.pk}),
                _("Isi survei"),
            )
        return Gate(_("Hasil dapat diunduh setelah pemohon mengisi survei kepuasan."))
    return None


# --- Documents: who reads which kind (docs/document-access.md) -------------------------

# Application-document slots that carry personal identity or tax data (requirement codes
# as slugs): every download of one is audited.
PERSONAL_SLOTS = frozenset({"ktp", "npwp", "kk", "kartu-keluarga", "paspor"})

# Agency roles that read documents by role alone (oversight and support): the head and
# administrators. Administrators' downloads are all audited.
OVERSIGHT_ROLES = (Role.HEAD, Role.ADMINISTRATOR)
LAB_ROLES = (Role.ANALYST, Role.SUPERVISOR)

_document_readers: list = []


def register_document_reader(reader) -> None:
    """A higher layer adds who else reads a request's documents: `reader(user, request)`
    returns the document kinds `user` may read because of their part in it (e.g. the
    certification body's evaluator of the request's evaluation). Called in AppConfig.ready."""
    if reader not in _document_readers:
        _document_readers.append(reader)


def is_personal_document(document) -> bool:
    """An identity or tax document (KTP, NPWP and the like): personal data."""
    slot = (document.slot or "").lower().replace("_", "-")
    return document.kind == DocumentKind.APPLICATION and slot in PERSONAL_SLOTS


def supporting_unit_ids(request) -> set[int]:
    """The regency units that recommended the request or sponsor it (active sponsorship)."""
    units = set(request.recommendations.values_list("unit_id", flat=True))
    units |= set(
        Sponsorship.objects.active()
        .filter(request=request)
        .values_list("programme__unit_id", flat=True)
    )
    return units


def readable_document_kinds(user, request) -> set[str]:
    """The document kinds of `request` that `user` may read (before the result gate).

    See docs/document-access.md: the applicant reads its own; the desk every kind; the lab results and internal documents; the
    certification body's people through the registered readers; the head and
    administrators everything; a regency officer only what their unit recommended or
    sponsors; the trainer nothing."""
    if not getattr(user, "is_authenticated", False):
        return set()
    kinds: set[str] = set()
    applicant_side = {DocumentKind.APPLICATION, DocumentKind.PAYMENT_PROOF, DocumentKind.RESULT}
    if is_applicant(user, request):
        kinds |= applicant_side
    if has_role(user, *OVERSIGHT_ROLES):
        kinds |= set(DocumentKind)
    if has_role(user, Role.DESK):
        # Every state: the desk also helps applicants complete drafts at the counter.
        kinds |= set(DocumentKind)
    if has_role(user, *LAB_ROLES):
        kinds |= {DocumentKind.RESULT, DocumentKind.INTERNAL}
    if request.assigned_to_id == user.pk and has_role(user, *PERFORMER_ROLES):
        # The desk handed the request to this person: its documents are their work.
        kinds |= {DocumentKind.APPLICATION, DocumentKind.RESULT, DocumentKind.INTERNAL}
    units = officer_unit_ids(user)
    if units and units & supporting_unit_ids(request):
        kinds |= applicant_side
    for reader in _document_readers:
        kinds |= set(reader(user, request))
    return kinds


def can_read_document(user, document, kinds: set[str] | None = None) -> bool:
    """Whether `user` may download `document` now (kind and result gate)."""
    if kinds is None:
        kinds = readable_document_kinds(user, document.request)
    if document.kind not in kinds:
        return False
    if document.kind == DocumentKind.RESULT:
        return result_gate(user, document.request) is None
    return True


def get_document_for(user, pk) -> RequestDocument:
    """A document the user may download: 404 when its request is not visible or it is
    internal and the user is not agency staff; 403 when the user sees the request but
    has no need for this kind of document (docs/document-access.md) or a result is
    still gated."""
    from django.utils.translation import gettext as _

    document = RequestDocument.objects.select_related("request").filter(pk=pk).first()
    if document is None:
        raise Http404
    request = get_request_for(user, document.request_id)
    document.request = request
    if document.kind == DocumentKind.INTERNAL and not is_agency(user):
        raise Http404
    if document.kind not in readable_document_kinds(user, request):
        raise PermissionDenied(_("Anda tidak berwenang mengunduh dokumen ini."))
    if document.kind == DocumentKind.RESULT:
        gate = result_gate(user, request)
        if gate is not None:
            raise PermissionDenied(gate.message)
    return document


def download_needs_audit(user, document) -> bool:
    """Identity and tax documents are audited for everyone; administrators' downloads
    of any document too (they read by necessity, not by a part in the request)."""
    return is_personal_document(document) or has_role(user, Role.ADMINISTRATOR)


def units_for_filing(user, service):
    """The regency units in whose name `user` (their regency officer) may file a request
    for `service`: none unless the service is open to regency units."""
    from kriya.accounts.models import Organisation

    if not getattr(user, "is_authenticated", False) or not service.open_to_regency_units:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk__in=officer_unit_ids(user)).order_by("name")


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


# --- Sponsorship -----------------------------------------------------------------------

# A regency may recommend and sponsor a request while no bill has been issued for it.
SPONSORABLE = (
    Status.SUBMITTED,
    Status.RESUBMITTED,
    Status.IN_REVIEW,
    Status.RETURNED,
    Status.ACCEPTED,
)


def is_programme_officer(user, programme: Programme) -> bool:
    return programme.unit_id in officer_unit_ids(user)


def can_recommend(user, request) -> bool:
    """A regency officer of the business's regency, while the request is filed and no
    bill has been issued yet. A unit's own request is neither recommended nor sponsored:
    the unit pays its bill itself."""
    if request.is_unit_request:
        return False
    return request.status in SPONSORABLE and request.business.regency_id in (
        officer_regency_codes(user)
    )


def can_sponsor(user, request) -> bool:
    return can_recommend(user, request)


def active_sponsorship(request) -> Sponsorship | None:
    # At most one (constraint sponsorship_one_active_per_request): no ORDER BY.
    found = (
        Sponsorship.objects.active()
        .select_related("programme", "programme__unit")
        .filter(request=request)
        .order_by()[:1]
    )
    return next(iter(found), None)


def can_withdraw_sponsorship(user, sponsorship: Sponsorship) -> bool:
    return (
        sponsorship.is_active
        and sponsorship.request.status in SPONSORABLE
        and is_programme_officer(user, sponsorship.programme)
    )


def programmes_visible_to(user):
    """Agency staff see every programme; a regency officer those of their regency."""
    if not getattr(user, "is_authenticated", False):
        return Programme.objects.none()
    if is_agency(user):
        return Programme.objects.all()
    codes = officer_regency_codes(user)
    return Programme.objects.filter(unit__regency_id__in=codes)


def get_programme_for(user, pk) -> Programme:
    found = programmes_visible_to(user).select_related("unit", "unit__regency").filter(pk=pk)
    programme = found.first()
    if programme is None:
        raise Http404
    return programme


def can_manage_programmes(user) -> bool:
    return bool(officer_unit_ids(user))


def programmes_for_sponsoring(user, request):
    """Open programmes of the officer's units in the business's regency that fund the
    request's service."""
    from django.utils import timezone

    return (
        Programme.objects.open_on(timezone.localdate())
        .filter(
            unit_id__in=officer_unit_ids(user),
            unit__regency_id=request.business.regency_id,
            services=request.service_id,
        )
        .select_related("unit")
        .distinct()
    )


# --- Notifications -------------------------------------------------------------------


def get_notification_for(user, pk):
    """One of the user's own notifications; 404 for anyone else's."""
    from .models import Notification

    if not getattr(user, "is_authenticated", False):
        raise Http404
    found = Notification.objects.filter(pk=pk, recipient=user).first()
    if found is None:
        raise Http404
    return found


# --- Complaints ------------------------------------------------------------------------

COMPLAINT_HANDLER_ROLES = (Role.DESK, Role.HEAD, Role.ADMINISTRATOR)


def is_complaint_handler(user, complaint=None) -> bool:
    """The desk and the head of the agency handle complaints (administrators read)."""
    return getattr(user, "is_authenticated", False) and has_role(user, Role.DESK, Role.HEAD)


def complaints_visible_to(user):
    """The head, the desk and administrators see every complaint; the business (owners
    and facilitators with consent) those on its requests, a regency unit's officers
    those on the unit's own requests. Nobody else."""
    from .models import Complaint

    if not getattr(user, "is_authenticated", False):
        return Complaint.objects.none()
    if has_role(user, *COMPLAINT_HANDLER_ROLES):
        return Complaint.objects.all()
    q = Q(request__business__organisation_id__in=organisation_ids_of(user, Role.OWNER))
    if has_role(user, Role.FACILITATOR):
        q |= Q(request__business__in=_consented_businesses(user))
    units = officer_unit_ids(user)
    if units:
        q |= Q(request__organisation_id__in=units)
    return Complaint.objects.filter(q)


def get_complaint_for(user, pk):
    complaint = (
        complaints_visible_to(user)
        .select_related(
            "request",
            "request__business",
            "request__organisation",
            "request__service",
            "filed_by",
            "handled_by",
            "answered_by",
        )
        .filter(pk=pk)
        .first()
    )
    if complaint is None:
        raise Http404
    return complaint


def can_file_complaint(user, request) -> bool:
    """The applicant, on any request that has been filed."""
    return request.status != Status.DRAFT and is_applicant(user, request)
