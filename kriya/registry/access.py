"""Who sees and changes which business. Fetch helpers check access as they load.

- administrators and agency staff see every business (they serve all regencies);
- a regency officer sees the businesses of their regency;
- an owner sees and edits their own business (membership of its organisation);
- a facilitator sees and edits the businesses that gave them an active consent.
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


def _visibility(user) -> Q | None:
    """A filter on Business for what `user` may see; None means everything."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if has_role(user, *AGENCY_ROLES):
        return None
    q = Q(organisation_id__in=organisation_ids_of(user, Role.OWNER))
    codes = officer_regency_codes(user)
    if codes:
        q |= Q(regency_id__in=codes)
    if has_role(user, Role.FACILITATOR):
        q |= Q(consents__facilitator=user, consents__revoked_at__isnull=True)
    return q


def businesses_visible_to(user):
    from .models import Business

    q = _visibility(user)
    qs = Business.objects.all()
    return qs if q is None else qs.filter(q).distinct()


def is_owner_of(user, business) -> bool:
    return business.organisation_id in organisation_ids_of(user, Role.OWNER)


def has_consent(user, business) -> bool:
    if not has_role(user, Role.FACILITATOR):
        return False
    return business.consents.filter(facilitator=user, revoked_at__isnull=True).exists()


def can_edit_business(user, business) -> bool:
    """Owners, and facilitators with an active consent, keep the profile and products."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_owner_of(user, business) or has_consent(user, business)


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


def get_product_for(user, pk, *, edit: bool = False):
    from .models import Product

    product = Product.objects.select_related("business").filter(pk=pk).first()
    if product is None:
        raise Http404
    business = get_business_for(user, product.business_id, edit=edit)
    product.business = business
    return product
