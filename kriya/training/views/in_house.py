"""In-house batches requested through the service desk: the list of such requests the
user may see, and one request's details (programme, dates, venue, capacity)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kriya.desk.access import get_request_for
from kriya.regions.models import Region
from kriya.regions.picker import PICK_BUTTON, build_picker

from .. import desk_link
from ..access import batches_managed_by, is_batch_staff
from ..forms import BatchRequestForm
from ..models import Batch, BatchRequest


def request_list(request):
    if not request.user.is_authenticated:
        raise Http404
    # The batch is linked only for those who work on it (the applicant unit reads its name).
    managed = batches_managed_by(request.user).filter(pk=OuterRef("training_batch"))
    requests = list(
        desk_link.in_house_requests_for(request.user)
        .annotate(batch_managed=Exists(managed))
        .order_by("-created_at")[:200]
    )
    return render(request, "training/in_house_list.html", {"requests": requests})


def request_details(request, pk: int):
    req = get_request_for(request.user, pk)
    if not desk_link.is_in_house(req):
        raise Http404
    details = BatchRequest.objects.filter(service_request=req).first()
    batch = Batch.objects.filter(service_request=req).first()
    editable = desk_link.may_edit_details(request.user, req) and batch is None
    if request.method == "POST" and editable:
        picker = build_picker(request.POST)
        form = BatchRequestForm(request.POST, instance=details)
        if PICK_BUTTON not in request.POST and form.is_valid():
            data = {f: form.cleaned_data[f] for f in form.Meta.fields}
            data["village"] = Region.objects.get(code=picker.value) if picker.complete else None
            try:
                desk_link.save_batch_request(request=req, data=data, by=request.user)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error.messages)
            else:
                messages.success(request, _("Permintaan pelatihan disimpan."))
                return redirect("training:in_house", pk=req.pk)
        elif PICK_BUTTON in request.POST:
            form.errors.clear()
    else:
        picker = build_picker(initial=details.village_id if details and details.village_id else "")
        form = BatchRequestForm(instance=details)
    return render(
        request,
        "training/in_house.html",
        {
            "req": req,
            "details": details,
            "batch": batch,
            "batch_manageable": batch is not None and is_batch_staff(request.user, batch),
            "form": form if editable else None,
            "picker": picker,
        },
    )
