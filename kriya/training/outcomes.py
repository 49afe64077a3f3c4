"""What became of the people trained (issue 16 item 8).

**Follow-ups.** 3, 6 and 12 months after a batch ends (`Batch.ends_on`), each person who
completed it gets one short follow-up per round (`FollowUp`, unique per enrolment and
round): do they now produce, sell, employ (how many), has turnover gone down, stayed or
gone up (optionally a band). The daily job `training_follow_ups` (`send_due`) creates the
round that is due and e-mails a signed link to those with an e-mail address, once per
round (`sent_at`, set under a row lock in the transaction that sends). A round is sent
only while it is the current one: a batch that ended seven months ago gets its 6-month
follow-up, never a late 3-month one as well. Those without e-mail are reached by the
facilitator: the follow-up list offers a WhatsApp click-to-chat link (wa.me, the message
with the signed link prefilled) and a form to fill in for the person.

**The signed link** (`token_for`, `follow_up_from_token`) carries the follow-up's id
and round, signed with Django's `TimestampSigner` under its own salt, and expires after
`LINK_DAYS`. No login: the link is the key. The person may answer again while it is
valid: the same row is corrected, never a second answer.

**Facts Kriya already knows** (`known_facts`): after the batch's end, the person's
business registered, products listed, services applied for, certificates granted and
events exhibited at — read through each app's queries, one query per kind whatever the
number of people.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kriya.core import audit

from .models import (
    FOLLOW_UP_MONTHS,
    Batch,
    BatchStatus,
    Enrolment,
    EnrolmentStatus,
    FollowUp,
    TurnoverBand,
    TurnoverChange,
)

SALT = "kriya.training.follow-up"
LINK_DAYS = 90
# The 12-month round stays current this long after it is due.
LAST_ROUND_DAYS = 90


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def current_round(ends_on: date, today: date) -> int | None:
    """The round due on `today` for a batch that ended on `ends_on` (None: none is)."""
    found = None
    for months in FOLLOW_UP_MONTHS:
        if add_months(ends_on, months) <= today:
            found = months
    if found == FOLLOW_UP_MONTHS[-1] and today > add_months(ends_on, found) + timedelta(
        days=LAST_ROUND_DAYS
    ):
        return None
    return found


# --- the signed link ------------------------------------------------------------------


def token_for(follow_up: FollowUp) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"f": follow_up.pk, "r": follow_up.round})


def follow_up_from_token(token: str) -> FollowUp | None:
    """The follow-up a valid, unexpired link names; None otherwise."""
    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object(
            token, max_age=timedelta(days=LINK_DAYS)
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return (
        FollowUp.objects.select_related("enrolment__participant", "enrolment__batch__programme")
        .filter(pk=data.get("f"), round=data.get("r"))
        .first()
    )


def link_for(follow_up: FollowUp) -> str:
    return settings.KRIYA_PUBLIC_URL + reverse("training:follow_up", args=[token_for(follow_up)])


def message_for(follow_up: FollowUp) -> str:
    enrolment = follow_up.enrolment
    with translation.override("id"):
        return _(
            "Halo %(name)s, sudah %(months)s bulan sejak pelatihan %(programme)s. Mohon isi "
            "tindak lanjut singkat (2 menit) di tautan ini: %(link)s"
        ) % {
            "name": enrolment.participant.full_name,
            "months": follow_up.round,
            "programme": enrolment.batch.programme.title_id,
            "link": link_for(follow_up),
        }


def whatsapp_link(follow_up: FollowUp) -> str:
    """A wa.me click-to-chat link to the person's phone with the message prefilled, for
    the facilitator ("" when the phone is not a valid number)."""
    from kriya.registry.normalize import normalize_phone

    try:
        phone = normalize_phone(follow_up.enrolment.participant.phone)
    except ValidationError:
        return ""
    if not phone:
        return ""
    return f"https://wa.me/{phone.lstrip('+')}?text={quote(message_for(follow_up))}"


# --- the scheduler's job --------------------------------------------------------------


def create_due(today: date | None = None) -> int:
    """Create the current round's follow-up for every person who completed a batch (one
    row per enrolment and round; existing rows are left alone). Returns rows created."""
    today = today or timezone.localdate()
    earliest = add_months(today, -FOLLOW_UP_MONTHS[-1]) - timedelta(days=LAST_ROUND_DAYS)
    batches = list(
        Batch.objects.filter(
            status=BatchStatus.COMPLETED,
            ends_on__gte=earliest,
            ends_on__lte=add_months(today, -FOLLOW_UP_MONTHS[0]),
        ).values_list("pk", "ends_on")
    )
    rounds = {pk: current_round(ends_on, today) for pk, ends_on in batches}
    rounds = {pk: r for pk, r in rounds.items() if r}
    if not rounds:
        return 0
    ends = dict(batches)
    rows = [
        FollowUp(
            enrolment_id=enrolment_id,
            round=rounds[batch_id],
            due_on=add_months(ends[batch_id], rounds[batch_id]),
        )
        for enrolment_id, batch_id in Enrolment.objects.filter(
            batch_id__in=list(rounds), status=EnrolmentStatus.COMPLETED
        ).values_list("pk", "batch_id")
    ]
    mine = FollowUp.objects.filter(enrolment__batch_id__in=list(rounds))
    before = mine.count()
    FollowUp.objects.bulk_create(rows, ignore_conflicts=True)
    return mine.count() - before


def send_one(follow_up_id: int) -> bool:
    """E-mail one follow-up's link, once: the row is locked and `sent_at` set in the same
    transaction, so a second run (or a second worker) sends nothing."""
    with transaction.atomic():
        follow_up = (
            FollowUp.objects.select_for_update(of=("self",))
            .select_related("enrolment__participant", "enrolment__batch__programme")
            .filter(pk=follow_up_id, sent_at__isnull=True, answered_at__isnull=True)
            .first()
        )
        if follow_up is None or not follow_up.enrolment.participant.email:
            return False
        person = follow_up.enrolment.participant
        with translation.override("id"):
            context = {
                "person": person,
                "programme": follow_up.enrolment.batch.programme,
                "months": follow_up.round,
                "link": link_for(follow_up),
                "days": LINK_DAYS,
            }
            subject = " ".join(
                render_to_string("training/email/follow_up_subject.txt", context).split()
            )
            body = render_to_string("training/email/follow_up.txt", context)
        send_mail(subject, body, None, [person.email])
        follow_up.sent_at = timezone.now()
        follow_up.save(update_fields=["sent_at"])
    return True


def send_due(today: date | None = None) -> dict:
    """The job: create the due rounds, then e-mail every unsent, unanswered current one."""
    created = create_due(today)
    today = today or timezone.localdate()
    pending = FollowUp.objects.filter(
        sent_at__isnull=True,
        answered_at__isnull=True,
        due_on__lte=today,
        due_on__gte=today - timedelta(days=LAST_ROUND_DAYS),
    ).exclude(enrolment__participant__email="")
    sent = sum(send_one(pk) for pk in pending.values_list("pk", flat=True))
    return {"created": created, "sent": sent}


# --- answering ------------------------------------------------------------------------

ANSWER_FIELDS = ("produces", "sells", "employs", "employees", "turnover", "turnover_band")


def may_fill_in(user, follow_up: FollowUp) -> bool:
    """The batch's staff, or the facilitator who recorded the person."""
    from .access import is_batch_staff

    if not getattr(user, "is_authenticated", False):
        return False
    enrolment = follow_up.enrolment
    return enrolment.participant.created_by_id == user.pk or is_batch_staff(user, enrolment.batch)


def answer(*, follow_up: FollowUp, data: dict, by=None) -> FollowUp:
    """Record (or correct) the answer of one round. `by` None: the person, through the
    signed link; otherwise a facilitator or the batch's staff filling it in for them."""
    if by is not None and not may_fill_in(by, follow_up):
        raise PermissionDenied
    values = {name: data.get(name) for name in ANSWER_FIELDS}
    errors = {}
    for name in ("produces", "sells", "employs"):
        if values[name] not in (True, False):
            errors[name] = _("Pilih ya atau tidak.")
    if values["turnover"] not in TurnoverChange.values:
        errors["turnover"] = _("Pilih turun, sama atau naik.")
    if values["turnover_band"] and values["turnover_band"] not in TurnoverBand.values:
        errors["turnover_band"] = _("Pilih salah satu kisaran.")
    employees = values["employees"]
    if values["employs"] is True and not (isinstance(employees, int) and 0 < employees <= 10000):
        errors["employees"] = _("Tulis berapa orang yang bekerja (1 atau lebih).")
    if errors:
        raise ValidationError(errors)
    if values["employs"] is False:
        values["employees"] = None
    values["turnover_band"] = values["turnover_band"] or ""
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        corrected = locked.answered_at is not None
        for name, value in values.items():
            setattr(locked, name, value)
        locked.answered_at = timezone.now()
        locked.answered_by = by
        locked.save()
        audit.record(
            actor=by,
            verb="training.follow_up.corrected" if corrected else "training.follow_up.answered",
            obj=locked.enrolment,
            data={"round": locked.round, **{k: v for k, v in values.items() if v is not None}},
        )
    return locked


# --- facts Kriya already knows --------------------------------------------------------


@dataclass
class Facts:
    business_registered: bool = False
    products: int = 0
    requests: int = 0
    certificates: int = 0
    events: int = 0
    kinds: list = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(
            self.business_registered
            or self.products
            or self.requests
            or self.certificates
            or self.events
        )


def _after(moment, day: date) -> bool:
    if isinstance(moment, datetime):
        moment = timezone.localdate(moment)
    return moment is not None and moment > day


def known_facts(enrolments) -> dict[int, Facts]:
    """Per enrolment id: what Kriya knows of the person's business after their batch
    ended. Enrolments need `participant__business` and `batch` selected. Four queries
    (products, service requests, certificates, events) whatever the number of people."""
    from kriya.certification.queries import certificate_dates
    from kriya.desk.queries import request_dates
    from kriya.events.queries import exhibiting_dates
    from kriya.registry.queries import product_dates

    enrolments = list(enrolments)
    business_ids = {e.participant.business_id for e in enrolments if e.participant.business_id}
    facts = {e.pk: Facts() for e in enrolments}
    if not business_ids:
        return facts
    dated = {
        "products": product_dates(business_ids),
        "requests": request_dates(business_ids),
        "certificates": certificate_dates(business_ids),
        "events": exhibiting_dates(business_ids),
    }
    for e in enrolments:
        business = e.participant.business
        if business is None:
            continue
        found = facts[e.pk]
        found.business_registered = _after(business.created_at, e.batch.ends_on)
        for kind, rows in dated.items():
            n = sum(1 for b, when in rows if b == business.pk and _after(when, e.batch.ends_on))
            setattr(found, kind, n)
    return facts


def follow_ups_for(user, *, batch_id=None):
    """The follow-ups a user may see and fill in: of the batches they work on, and of the
    people they recorded as a facilitator; latest due first."""
    from django.db.models import Q

    from .access import batches_managed_by

    qs = FollowUp.objects.filter(
        Q(enrolment__batch__in=batches_managed_by(user).values("pk"))
        | Q(enrolment__participant__created_by=user)
    )
    if batch_id:
        qs = qs.filter(enrolment__batch_id=batch_id)
    return qs.select_related(
        "enrolment__participant__business", "enrolment__batch__programme"
    ).order_by("-due_on", "enrolment__participant__full_name", "id")
