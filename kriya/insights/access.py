"""Fetch-and-authorise for the programme: an agreement is seen by the agency and by the
officers of its regency; anyone else gets a 404."""

from django.http import Http404

from kriya.accounts.access import has_role
from kriya.accounts.models import Role

from .models import CooperationAgreement
from .scope import scope_for


def agreements_for(user):
    scope = scope_for(user)
    qs = CooperationAgreement.objects.select_related("regency", "regency_unit", "agency")
    if scope.regencies is not None:
        qs = qs.filter(regency_id__in=scope.regencies)
    return qs


def get_agreement_for(user, pk) -> CooperationAgreement:
    found = agreements_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def can_edit_targets(user, agreement: CooperationAgreement) -> bool:
    """The head and administrator of the agency, or an officer of the agreement's regency."""
    if has_role(user, Role.HEAD, Role.ADMINISTRATOR):
        return True
    from kriya.accounts.access import is_regency_officer_for

    return is_regency_officer_for(user, agreement.regency_id)
