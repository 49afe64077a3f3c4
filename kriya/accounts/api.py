"""The signed-in user's API: who am I, and their profile."""

from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from ninja import Router, Schema

from kriya.accounts import services
from kriya.accounts.access import memberships_of
from kriya.accounts.forms import ProfileForm
from kriya.accounts.models import OrganisationKind, Role
from kriya.api.auth import token_or_session
from kriya.api.types import Id, one_of

router = Router(tags=["core"])


class MembershipOut(Schema):
    organisation_id: Id
    organisation: str
    kind: one_of(OrganisationKind.values)  # type: ignore[valid-type]
    role: one_of(Role.values)  # type: ignore[valid-type]
    regency: str | None


class MeOut(Schema):
    email: str
    full_name: str
    language: one_of(code for code, _ in settings.LANGUAGES)  # type: ignore[valid-type]
    memberships: list[MembershipOut]


@router.get(
    "/me",
    response=MeOut,
    auth=token_or_session,
    summary="The signed-in user and their roles",
    operation_id="kriya_api_core_me",
)
def me(request):
    user = request.auth
    return {
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "memberships": [
            {
                "organisation_id": m.organisation_id,
                "organisation": m.organisation.name,
                "kind": m.organisation.kind,
                "role": m.role,
                "regency": m.organisation.regency_id,
            }
            for m in memberships_of(user)
        ],
    }


class MeIn(Schema):
    full_name: str | None = None
    phone: str | None = None
    language: Literal["id", "en"] | None = None


@router.patch(
    "/me",
    response=MeOut,
    auth=token_or_session,
    summary="Update the signed-in user's profile",
    operation_id="kriya_api_core_update_me",
)
def update_me(request, payload: MeIn):
    """Validated by the same form as the profile page."""
    user = request.auth
    data = {"full_name": user.full_name, "phone": user.phone, "language": user.language}
    data.update(payload.dict(exclude_unset=True, exclude_none=True))
    form = ProfileForm(data, instance=user)
    if not form.is_valid():
        raise ValidationError(
            {f: [e["message"] for e in errs] for f, errs in form.errors.get_json_data().items()}
        )
    services.update_profile(user=user, by=user, **form.cleaned_data)
    return me(request)
