"""Who may see which programme, batch and enrolment.

- Public: published programmes and their batches once opened (never a draft).
- Staff work on a batch: the programme's organisers (`workflow.is_organiser`), the
  batch's trainers and its assessor. Anyone else gets 404, as if the batch did not exist.
- An enrolment: the person enrolled (their account), and the batch's staff.
- A worker's enrolment (`/pelatihan/usaha/`): the owner of the business the person works
  in — the owner's part of `certification_link.may_refer` —, for people other than the
  owner themself (their own trainings are on "Pelatihan saya").
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from kriya.accounts.access import has_role, memberships_of, organisation_ids_of
from kriya.accounts.models import Role

from .models import Batch, BatchStatus, Enrolment, Participant, Programme
from .workflow import ORGANISER_ROLES, is_organiser, is_organiser_of_programme, is_trainer_of


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def organiser_ids(user) -> set[int]:
    return {m.organisation_id for m in memberships_of(user) if m.role in ORGANISER_ROLES}


def batches_managed_by(user):
    """Batches the user works on: organiser, trainer or assessor (administrators: all)."""
    if not _signed_in(user):
        return Batch.objects.none()
    if has_role(user, Role.ADMINISTRATOR):
        return Batch.objects.all()
    return Batch.objects.filter(
        Q(programme__organiser_id__in=organiser_ids(user)) | Q(trainers=user) | Q(assessor=user)
    ).distinct()


def programmes_managed_by(user):
    if not _signed_in(user):
        return Programme.objects.none()
    if has_role(user, Role.ADMINISTRATOR):
        return Programme.objects.all()
    return Programme.objects.filter(organiser_id__in=organiser_ids(user))


def may_manage_programmes(user) -> bool:
    return _signed_in(user) and (has_role(user, Role.ADMINISTRATOR) or bool(organiser_ids(user)))


def get_public_programme(slug: str) -> Programme:
    programme = (
        Programme.objects.published()
        .select_related("organiser", "region")
        .filter(slug=slug)
        .first()
    )
    if programme is None:
        raise Http404
    return programme


def get_public_batch(pk) -> Batch:
    batch = (
        Batch.objects.exclude(status=BatchStatus.DRAFT)
        .filter(programme__is_published=True)
        .select_related("programme__organiser", "programme__region", "village", "destination")
        .filter(pk=pk)
        .first()
    )
    if batch is None:
        raise Http404
    return batch


def is_batch_staff(user, batch) -> bool:
    if not _signed_in(user):
        return False
    return batch.assessor_id == user.pk or is_trainer_of(user, batch) or is_organiser(user, batch)


def get_batch_for(user, pk) -> Batch:
    """A batch the user works on (organiser, trainer, assessor); 404 otherwise."""
    batch = (
        Batch.objects.select_related(
            "programme__organiser", "programme__region", "village", "destination", "assessor"
        )
        .filter(pk=pk)
        .first()
    )
    if batch is None or not is_batch_staff(user, batch):
        raise Http404
    return batch


def get_organised_batch_for(user, pk) -> Batch:
    """A batch of a programme the user organises; 404 otherwise (trainers and the
    assessor included: what only organisers do is not theirs to see)."""
    batch = get_batch_for(user, pk)
    if not is_organiser(user, batch):
        raise Http404
    return batch


def get_programme_for(user, pk) -> Programme:
    programme = Programme.objects.select_related("organiser", "region").filter(pk=pk).first()
    if programme is None or not is_organiser_of_programme(user, programme):
        raise Http404
    return programme


def get_enrolment_for(user, pk) -> Enrolment:
    """The person's own enrolment, or one in a batch the user works on; 404 otherwise."""
    enrolment = (
        Enrolment.objects.select_related(
            "participant", "batch__programme__organiser", "batch__village", "batch__destination"
        )
        .filter(pk=pk)
        .first()
    )
    if enrolment is None or not _signed_in(user):
        raise Http404
    if enrolment.participant.user_id == user.pk or is_batch_staff(user, enrolment.batch):
        return enrolment
    raise Http404


def worker_enrolments_for(user):
    """Enrolments of the people who work in a business the user owns (not the owner's
    own), with what the owner's pages show, newest batch first."""
    if not _signed_in(user):
        return Enrolment.objects.none()
    owned = organisation_ids_of(user, Role.OWNER)
    if not owned:
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(participant__business__organisation_id__in=owned)
        .exclude(participant__user=user)
        .select_related(
            "participant__business",
            "batch__programme__organiser",
            "batch__village",
            "batch__destination",
            "certification_referral",
        )
        .order_by("-batch__starts_on", "participant__full_name", "id")
    )


def get_worker_enrolment_for(user, pk) -> Enrolment:
    """A worker's enrolment for the owner of their business; 404 for anyone else."""
    enrolment = worker_enrolments_for(user).filter(pk=pk).first()
    if enrolment is None:
        raise Http404
    return enrolment


def participant_of(user) -> Participant | None:
    if not _signed_in(user):
        return None
    return Participant.objects.filter(user=user).select_related("village", "business").first()
