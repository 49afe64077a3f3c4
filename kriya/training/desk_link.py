"""The service desk's side of training: a regency requests an in-house batch through
the desk (services `pelatihan`, `pengiriman_instruktur`), filed in its regency unit's own
name by one of the unit's officers (or for a business); when the request is completed
the batch is made, a draft linked back to the request.

The desk sits below training and never imports it: training listens to the desk's
`request_status_changed` signal (connected in `apps.TrainingConfig.ready`), which the
desk sends inside the transaction of the move. A batch is made once per request (the
unique `Batch.service_request`), so a replayed completion makes nothing new.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kriya.accounts.access import has_role
from kriya.accounts.models import Role
from kriya.core import audit
from kriya.desk.models import ServiceRequest, Status
from kriya.desk.workflow import is_applicant

from .models import Batch, BatchRequest, Programme

IN_HOUSE_SERVICES = ("pelatihan", "pengiriman_instruktur")
DETAIL_FIELDS = (
    "programme",
    "starts_on",
    "ends_on",
    "venue_kind",
    "village",
    "venue_detail",
    "capacity",
)


def is_in_house(request: ServiceRequest) -> bool:
    return request.service.code in IN_HOUSE_SERVICES


def may_edit_details(user, request: ServiceRequest) -> bool:
    """The applicant (the regency unit's officers for the unit's own request; a business's
    owner or consented facilitator) until the request is final; the desk and administrators also afterwards (to choose the
    programme when the applicant left it open)."""
    if not getattr(user, "is_authenticated", False) or not is_in_house(request):
        return False
    if has_role(user, Role.DESK, Role.ADMINISTRATOR):
        return True
    return not request.is_final and is_applicant(user, request)


@transaction.atomic
def save_batch_request(*, request: ServiceRequest, data: dict, by) -> BatchRequest:
    """Record (or change) what the in-house batch should be. Once the request is
    completed and a programme is known, the batch is made at once."""
    if not may_edit_details(by, request):
        raise PermissionDenied(_("Anda tidak dapat mengubah permintaan pelatihan ini."))
    if (
        request.status == Status.COMPLETED
        and Batch.objects.filter(service_request=request).exists()
    ):
        raise ValidationError(_("Angkatan dari permohonan ini sudah dibuat."))
    details = BatchRequest.objects.filter(service_request=request).first() or BatchRequest(
        service_request=request
    )
    for name in DETAIL_FIELDS:
        if name in data:
            setattr(details, name, data[name])
    details.updated_by = by
    details.full_clean(exclude=["service_request"])
    details.save()
    audit.record(
        actor=by,
        verb="training.batch_request_saved",
        obj=request,
        data={"programme": details.programme_id},
    )
    if request.status == Status.COMPLETED:
        create_batch_from_request(request=request, by=by)
    return details


def create_batch_from_request(*, request: ServiceRequest, by=None) -> tuple[Batch | None, bool]:
    """The draft batch for a completed in-house request: (batch, created). Returns the
    existing batch when one was made before; (None, False) while no programme is known."""
    existing = Batch.objects.filter(service_request=request).first()
    if existing is not None:
        return existing, False
    details = (
        BatchRequest.objects.filter(service_request=request).select_related("programme").first()
    )
    if details is None or details.programme_id is None:
        return None, False
    try:
        with transaction.atomic():
            # One number at a time per programme.
            Programme.objects.select_for_update().filter(pk=details.programme_id).first()
            last = Batch.objects.filter(programme_id=details.programme_id).aggregate(
                n=Max("number")
            )["n"]
            batch = Batch.objects.create(
                programme_id=details.programme_id,
                number=(last or 0) + 1,
                starts_on=details.starts_on,
                ends_on=details.ends_on,
                venue_kind=details.venue_kind,
                village_id=details.village_id,
                venue_detail=details.venue_detail,
                capacity=details.capacity,
                service_request=request,
            )
            audit.record(
                actor=by,
                verb="training.batch_from_request",
                obj=batch,
                data={"request": request.pk, "service": request.service.code},
            )
    except IntegrityError:
        # Another completion of the same request won the race.
        return Batch.objects.get(service_request=request), False
    return batch, True


def on_request_status_changed(sender, request, action, from_status, to_status, by, **kwargs):
    """The desk completed a request: an in-house training request makes its batch."""
    if to_status != Status.COMPLETED or not is_in_house(request):
        return
    create_batch_from_request(request=request, by=by)


def request_link(user, request: ServiceRequest):
    """The desk's request page of an in-house request links to its details (whoever
    reads the request reads them: the details page fetches through the desk's rule)."""
    if not is_in_house(request):
        return None
    from django.urls import reverse

    return (_("Rincian pelatihan yang diminta"), reverse("training:in_house", args=[request.pk]))


def in_house_requests_for(user):
    """The in-house training requests the user may see (the desk's own rule)."""
    from kriya.desk.access import requests_visible_to

    return (
        requests_visible_to(user)
        .filter(service__code__in=IN_HOUSE_SERVICES)
        .select_related(
            "service",
            "business",
            "organisation",
            "training_details__programme",
            "training_batch",
        )
    )
