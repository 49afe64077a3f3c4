"""Training's panels on "Beranda saya" (kriya.core.home).

- participant (anyone with a participant record, in the section of their first role —
  "no role yet" for a young person who only signed up): their trainings and what to do
  (answer an offered seat before its deadline);
- trainer: the batches they teach that are not finished;
- organiser (a trainer or regency officer of an organising unit, an administrator): the
  batches of their programmes with seats taken and the waiting list;
- assessor (evaluator): batches waiting for their practical assessment;
- business owner: the trainings of the people who work in their business, with any
  competency-certification referral waiting for them to file (shown only when there is
  at least one such training).
Each panel runs a fixed number of queries.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from kriya.accounts.models import Role
from kriya.core.home import NO_ROLE, ROLE_ORDER, Panel

from . import queries
from .access import organiser_ids, participant_of, worker_enrolments_for
from .models import Batch, BatchStatus

LIST_LENGTH = 5
ACTIVE = (BatchStatus.DRAFT, BatchStatus.OPEN, BatchStatus.RUNNING, BatchStatus.ASSESSING)


def _participant_role(roles) -> str:
    if NO_ROLE in roles:
        return NO_ROLE
    if Role.OWNER in roles:
        return Role.OWNER
    return next((r for r in ROLE_ORDER if r in roles), NO_ROLE)


def panels(user, roles) -> list[Panel]:
    found = []
    person = participant_of(user)
    if person is not None:
        mine = list(queries.my_enrolments(person)[:LIST_LENGTH])
        found.append(
            Panel(
                role=_participant_role(roles),
                title=_("Pelatihan saya"),
                template="training/home/_mine.html",
                context={"rows": mine},
                url=reverse("training:mine"),
                order=30,
            )
        )
    elif NO_ROLE in roles:
        found.append(
            Panel(
                role=NO_ROLE,
                title=_("Ikut pelatihan"),
                template="training/home/_join.html",
                url=reverse("training:index"),
                order=30,
            )
        )
    if Role.OWNER in roles:
        workers = list(worker_enrolments_for(user)[:LIST_LENGTH])
        if workers:
            found.append(
                Panel(
                    role=Role.OWNER,
                    title=_("Pelatihan pekerja usaha saya"),
                    template="training/home/_workers.html",
                    context={"rows": workers},
                    url=reverse("training:workers"),
                    order=35,
                )
            )
    if Role.TRAINER in roles:
        teaching = queries.with_seats(
            Batch.objects.filter(trainers=user, status__in=ACTIVE).select_related("programme")
        ).order_by("starts_on", "id")
        found.append(
            Panel(
                role=Role.TRAINER,
                title=_("Angkatan yang saya ajar"),
                template="training/home/_batches.html",
                context={"rows": list(teaching[:LIST_LENGTH])},
                url=reverse("training:manage"),
                order=20,
            )
        )
    organising = organiser_ids(user)
    organiser_role = next(
        (r for r in (Role.TRAINER, Role.REGENCY_OFFICER, Role.ADMINISTRATOR) if r in roles), None
    )
    if organiser_role and (organising or Role.ADMINISTRATOR in roles):
        qs = Batch.objects.filter(status__in=ACTIVE)
        if Role.ADMINISTRATOR not in roles:
            qs = qs.filter(programme__organiser_id__in=organising)
        rows = queries.with_seats(qs.select_related("programme")).order_by("starts_on", "id")
        found.append(
            Panel(
                role=organiser_role,
                title=_("Pelatihan yang saya selenggarakan"),
                template="training/home/_batches.html",
                context={"rows": list(rows[:LIST_LENGTH]), "organiser": True},
                url=reverse("training:manage"),
                order=25,
            )
        )
    if Role.EVALUATOR in roles:
        assessing = queries.with_seats(
            Batch.objects.filter(
                assessor=user, status__in=(BatchStatus.RUNNING, BatchStatus.ASSESSING)
            ).select_related("programme")
        ).order_by("starts_on", "id")
        rows = list(assessing[:LIST_LENGTH])
        if rows:
            found.append(
                Panel(
                    role=Role.EVALUATOR,
                    title=_("Penilaian praktik pelatihan"),
                    template="training/home/_batches.html",
                    context={"rows": rows},
                    url=reverse("training:manage"),
                    order=60,
                )
            )
    return found
