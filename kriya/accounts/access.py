"""Who a user is in Kriya: their roles and, for regency officers, their regency.

Memberships are read once per user object (one query) and kept on it for the request.
"""

from django.http import Http404

from .models import STAFF_ROLES, Membership, Organisation, OrganisationKind, Role


def memberships_of(user) -> list[Membership]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_kriya_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.active()
            .filter(user=user)
            .select_related("organisation", "organisation__regency")
        )
        user._kriya_memberships = cached
    return cached


def roles_of(user) -> set[str]:
    roles = {m.role for m in memberships_of(user)}
    if getattr(user, "is_superuser", False):
        roles.add(Role.ADMINISTRATOR)
    return roles


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_staff_user(user) -> bool:
    """Any staff role (everyone but a plain business owner) — 2FA applies to them."""
    return bool(roles_of(user) & STAFF_ROLES) or getattr(user, "is_staff", False)


def officer_regency_codes(user) -> set[str]:
    """The regency codes a regency officer is bound to (usually exactly one)."""
    return {
        m.organisation.regency_id
        for m in memberships_of(user)
        if m.role == Role.REGENCY_OFFICER
        and m.organisation.kind == OrganisationKind.REGENCY_UNIT
        and m.organisation.regency_id
    }


def officer_unit_ids(user) -> set[int]:
    """The regency units in which `user` is a regency officer."""
    return {
        m.organisation_id
        for m in memberships_of(user)
        if m.role == Role.REGENCY_OFFICER
        and m.organisation.kind == OrganisationKind.REGENCY_UNIT
        and m.organisation.regency_id
    }


def is_regency_officer_for(user, regency_code: str) -> bool:
    return regency_code in officer_regency_codes(user)


def organisation_ids_of(user, *roles: str) -> set[int]:
    return {m.organisation_id for m in memberships_of(user) if not roles or m.role in roles}


def get_organisation_for(user, pk: int) -> Organisation:
    """An organisation the user belongs to (administrators see all); 404 otherwise."""
    qs = Organisation.objects.select_related("regency")
    if not has_role(user, Role.ADMINISTRATOR):
        qs = qs.filter(pk__in=organisation_ids_of(user))
    try:
        return qs.get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None
