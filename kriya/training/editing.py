"""Creating and editing programmes and batches outside the Django admin (issue 16 §1–2).

A programme is saved with its curriculum (sessions, and learning outcomes mapped to
competency units) in one transaction: either all of it or nothing. A batch's dates,
venue, capacity, trainers and assessor are edited here; its status only ever moves
through `services.transition_batch` (the lifecycle's `transition()`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kriya.accounts.access import has_role
from kriya.accounts.models import Role
from kriya.core import audit

from .access import organiser_ids
from .models import Batch, BatchStatus, Programme
from .workflow import is_organiser, is_organiser_of_programme


def may_organise(user, organisation_id) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return has_role(user, Role.ADMINISTRATOR) or organisation_id in organiser_ids(user)


def unique_slug(title: str, *, exclude_pk=None) -> str:
    base = (slugify(title) or "program")[:100]
    slug, n = base, 1
    taken = Programme.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def save_programme(*, form, sessions, outcomes, by) -> Programme:
    """Save the programme form, its session formset and its outcome formset (all valid)
    together. Outcomes name their session by its position in the curriculum."""
    programme = form.instance
    if programme.pk and not is_organiser_of_programme(by, Programme.objects.get(pk=programme.pk)):
        raise PermissionDenied(_("Anda tidak dapat mengubah program ini."))
    if not may_organise(by, form.cleaned_data["organiser"].pk):
        raise PermissionDenied(_("Anda tidak dapat menyelenggarakan atas nama organisasi ini."))
    created = programme.pk is None
    with transaction.atomic():
        if created:
            programme.slug = unique_slug(form.cleaned_data["title_id"])
        programme = form.save()
        sessions.instance = programme
        sessions.save()
        by_position = {s.position: s for s in programme.sessions.all()}
        for outcome_form in outcomes.forms:
            if not outcome_form.has_changed() and outcome_form.instance.pk is None:
                continue
            if outcomes.can_delete and outcome_form.cleaned_data.get("DELETE"):
                if outcome_form.instance.pk:
                    outcome_form.instance.delete()
                continue
            outcome = outcome_form.save(commit=False)
            outcome.session = by_position[outcome_form.cleaned_data["session_position"]]
            outcome.save()
            outcome_form.save_m2m()
        audit.record(
            actor=by,
            verb="training.programme_created" if created else "training.programme_saved",
            obj=programme,
            data={"sessions": len(by_position)},
        )
    return programme


def save_batch(*, form, programme: Programme, village, by) -> Batch:
    """Create or edit a batch (never its status)."""
    batch = form.instance
    if batch.pk:
        if not is_organiser(by, batch):
            raise PermissionDenied(_("Anda tidak dapat mengubah angkatan ini."))
    elif not is_organiser_of_programme(by, programme):
        raise PermissionDenied(_("Anda tidak dapat membuat angkatan untuk program ini."))
    created = batch.pk is None
    with transaction.atomic():
        if created:
            Programme.objects.select_for_update().filter(pk=programme.pk).first()
            last = Batch.objects.filter(programme=programme).aggregate(n=Max("number"))["n"]
            batch.programme = programme
            batch.number = (last or 0) + 1
            batch.status = BatchStatus.DRAFT
        batch.village = village
        batch = form.save()
        audit.record(
            actor=by,
            verb="training.batch_created" if created else "training.batch_saved",
            obj=batch,
            data={"number": batch.number},
        )
    return batch
