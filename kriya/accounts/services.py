"""Writes on accounts and organisations. Each runs in a transaction and is audited."""

from django.db import transaction

from kriya.core import audit

from .models import Membership, Organisation, User


@transaction.atomic
def update_profile(*, user: User, full_name: str, phone: str, language: str, by: User) -> User:
    """Save the user's own profile fields and record what changed."""
    before = {"full_name": user.full_name, "phone": user.phone, "language": user.language}
    user.full_name, user.phone, user.language = full_name, phone, language
    user.save(update_fields=["full_name", "phone", "language"])
    after = {"full_name": full_name, "phone": phone, "language": language}
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    audit.record(actor=by, verb="account.profile_updated", obj=user, data={"changed": changed})
    return user


@transaction.atomic
def add_membership(
    *, user: User, organisation: Organisation, role: str, by: User | None
) -> Membership:
    """Give `user` a role in `organisation` (validated against the organisation's kind)."""
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    audit.record(
        actor=by,
        verb="membership.added",
        obj=organisation,
        data={"user": user.email, "role": role},
    )
    return membership
