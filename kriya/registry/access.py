"""Who sees and changes which business. Fetch helpers check access as they load.

- administrators and agency staff see every business (they serve all regencies);
- a regency officer sees the businesses of their regency;
- an owner sees and edits their own business (membership of its organisation);
- a facilitator sees and edits the businesses that gave them an active consent.

`get_business_for` / `get_product_for` / `get_consent_for` raise Http404 when the
object is not visible to the user and PermissionDenied when it is visible but the
user may not do what they asked.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from kriya.accounts.access import has_role, officer_regency_codes, organisation_ids_of
from kriya.accounts.models import Role

AGENCY_ROLES = (
    Role.ADMINISTRATOR,
    Role.DESK,
    Role.ANALYST,
    Role.SUPERVISOR,
    Role.EVALUATOR,
    Role.DECISION_MAKER,
    Role.HEAD,
    Role.TRAINER,
)


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def sees_all_regencies(user) -> bool:
    """Agency staff and administrators serve every regency."""
    return _authenticated(user) and has_role(user, *AGENCY_ROLES)


def _visibility(user) -> Q | None:
    """A filter on Business for what `user` may see; None means everything."""
    from .models import FacilitationConsent

    if not _authenticated(user):
        return Q(pk__in=[])
    if sees_all_regencies(user):
        return None
    q = Q(organisation_id__in=organisation_ids_of(user, Role.OWNER))
    codes = officer_regency_codes(user)
    if codes:
        q |= Q(regency_id__in=codes)
    if has_role(user, Role.FACILITATOR):
        # A subquery rather than a join: no duplicate rows, no DISTINCT on big lists.
        q |= Q(
            pk__in=FacilitationConsent.objects.filter(
                facilitator=user, revoked_at__isnull=True
            ).values("business_id")
        )
    return q


def businesses_visible_to(user):
    from .models import Business

    q = _visibility(user)
    qs = Business.objects.all()
    return qs if q is None else qs.filter(q)


def businesses_editable_by(user):
    """The businesses `user` keeps as owner or as a facilitator with active consent."""
    from .models import Business, FacilitationConsent

    if not _authenticated(user):
        return Business.objects.none()
    q = Q(organisation_id__in=organisation_ids_of(user, Role.OWNER))
    if has_role(user, Role.FACILITATOR):
        q |= Q(
            pk__in=FacilitationConsent.objects.filter(
                facilitator=user, revoked_at__isnull=True
            ).values("business_id")
        )
    return Business.objects.filter(q)


def may_see_business(user, pk) -> bool:
    return businesses_visible_to(user).filter(pk=pk).exists()


def is_owner_of(user, business) -> bool:
    return business.organisation_id in organisation_ids_of(user, Role.OWNER)


def has_consent(user, business) -> bool:
    if not has_role(user, Role.FACILITATOR):
        return False
    return business.consents.filter(facilitator=user, revoked_at__isnull=True).exists()


def can_edit_business(user, business) -> bool:
    """Owners, and facilitators with an active consent, keep the profile and products."""
    if not _authenticated(user):
        return False
    return is_owner_of(user, business) or has_consent(user, business)


def can_facilitate(user) -> bool:
    return _authenticated(user) and has_role(user, Role.FACILITATOR)


def can_use_workspace(user) -> bool:
    """Regency officers (their regency) and agency staff (all regencies)."""
    return bool(officer_regency_codes(user)) or sees_all_regencies(user)


def workspace_businesses(user):
    """The businesses of the regency workspace: an officer's own regency only, even
    when the officer also owns or facilitates a business elsewhere; every business
    for agency staff. PermissionDenied for anyone else."""
    from .models import Business

    if sees_all_regencies(user):
        return Business.objects.all()
    codes = officer_regency_codes(user)
    if not codes:
        raise PermissionDenied
    return Business.objects.filter(regency_id__in=codes)


def get_business_for(user, pk, *, edit: bool = False):
    """The business if `user` may see it (404 otherwise); with edit=True also 403
    unless they may change it."""
    business = (
        businesses_visible_to(user)
        .filter(pk=pk)
        .select_related("village", "district", "regency", "organisation")
        .first()
    )
    if business is None:
        raise Http404
    if edit and not can_edit_business(user, business):
        raise PermissionDenied
    return business


def get_workspace_business_for(user, pk):
    """A business in the user's workspace: 403 for who has no workspace, 404 for a
    business outside it (another regency)."""
    business = (
        workspace_businesses(user)
        .filter(pk=pk)
        .select_related("village", "district", "regency", "organisation")
        .first()
    )
    if business is None:
        raise Http404
    return business


def get_product_for(user, pk, *, edit: bool = False):
    from .models import Product

    product = Product.objects.filter(pk=pk).first()
    if product is None:
        raise Http404
    product.business = get_business_for(user, product.business_id, edit=edit)
    return product


def can_read_statement(user, consent) -> bool:
    """The signed statement is personal evidence: the business's owners, the
    facilitator it was given to, an officer of the business's regency and
    administrators may download it."""
    business = consent.business
    return (
        is_owner_of(user, business)
        or consent.facilitator_id == user.pk
        or business.regency_id in officer_regency_codes(user)
        or has_role(user, Role.ADMINISTRATOR)
    )


def can_revoke_consent(user, consent) -> bool:
    return is_owner_of(user, consent.business) or consent.facilitator_id == user.pk


def get_consent_for(user, business_pk, pk, *, action: str = "read"):
    """A facilitation consent of a business `user` may see; 403 unless allowed to
    `action` ('read' the statement or 'revoke')."""
    from .models import FacilitationConsent

    business = get_business_for(user, business_pk)
    consent = FacilitationConsent.objects.filter(business=business, pk=pk).first()
    if consent is None:
        raise Http404
    consent.business = business
    check = can_read_statement if action == "read" else can_revoke_consent
    if not check(user, consent):
        raise PermissionDenied
    return consent
