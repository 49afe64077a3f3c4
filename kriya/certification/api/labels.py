"""Batikmark labels in the API: a label serial (public), ordering label batches and
moving a batch along its lifecycle."""

from __future__ import annotations

from typing import Literal

from ninja import Router, Schema
from ninja.errors import HttpError

from kriya.api.auth import token_or_session
from kriya.api.errors import answers
from kriya.api.types import BigInt, Count, Id, actions_of, one_of
from kriya.certification import queries, services, texts
from kriya.certification.access import get_certificate_for, get_label_batch_for
from kriya.certification.models import CertificateState, Label, LabelBatchStatus
from kriya.certification.workflow import LABEL_BATCH
from kriya.registry.models import Technique

from .errors import call

router = Router(tags=["certification"])
auth = token_or_session


class LabelOut(Schema):
    serial: str
    registered: bool
    certificate: str
    certificate_state: one_of(CertificateState.values)  # type: ignore[valid-type]
    holder_name: str
    holder_nib: str
    technique: one_of(["", *Technique.values])  # type: ignore[valid-type]
    label_colour: str | None
    verify_url: str


@router.get(
    "/certification/labels/{serial}",
    response=LabelOut,
    auth=None,
    summary="A Batikmark label by its serial",
    operation_id="kriya_api_certification_label",
)
def label(request, serial: str):
    """404 (not registered, "tidak terdaftar") for a serial that was never issued."""
    found = (
        Label.objects.select_related("certificate__scheme")
        .filter(serial=serial.strip().upper())
        .first()
    )
    if found is None:
        raise HttpError(404, str(texts.NOT_REGISTERED))
    c = found.certificate
    colour = c.label_colour
    return {
        "serial": found.serial,
        "registered": True,
        "certificate": c.number,
        "certificate_state": c.state,
        "holder_name": c.holder_name,
        "holder_nib": c.holder_nib,
        "technique": c.technique,
        "label_colour": colour[0] if colour else None,
        "verify_url": queries.verify_path(found.serial, "batikmark_label"),
    }


class LabelOrderIn(Schema):
    quantity: Count
    note: str = ""


class LabelBatchOut(Schema):
    id: Id
    certificate: str
    quantity: BigInt
    status: one_of(LabelBatchStatus.values)  # type: ignore[valid-type]
    serials: list[str]
    actions: list[actions_of(LABEL_BATCH)]  # type: ignore[valid-type]


def _batch_out(b, user) -> dict:
    return {
        "id": b.pk,
        "certificate": b.certificate.number,
        "quantity": b.quantity,
        "status": b.status,
        "serials": list(b.labels.values_list("serial", flat=True)),
        "actions": [m.action for m in LABEL_BATCH.available(b, user)],
    }


@router.post(
    "/certification/certificates/{certificate_id}/label-batches",
    response={201: LabelBatchOut},
    auth=auth,
    summary="The holder orders Batikmark labels",
    operation_id="kriya_api_certification_order_labels",
)
@answers(409)
def order_labels(request, certificate_id: Id, payload: LabelOrderIn):
    c = get_certificate_for(request.auth, certificate_id)
    batch = call(
        lambda: services.order_labels(
            certificate=c, quantity=payload.quantity, note=payload.note, by=request.auth
        )
    )
    return 201, _batch_out(batch, request.auth)


class LabelActionIn(Schema):
    action: Literal["issue", "refuse", "cancel"]
    reason: str = ""


@router.post(
    "/certification/label-batches/{batch_id}",
    response=LabelBatchOut,
    auth=auth,
    summary="Issue, refuse (with reason) or cancel a label order",
    operation_id="kriya_api_certification_label_batch",
)
@answers(409)
def label_batch(request, batch_id: Id, payload: LabelActionIn):
    batch = get_label_batch_for(request.auth, batch_id)
    actions = {
        "issue": lambda: services.issue_labels(batch=batch, by=request.auth),
        "refuse": lambda: services.refuse_labels(
            batch=batch, reason=payload.reason, by=request.auth
        ),
        "cancel": lambda: services.cancel_labels(batch=batch, by=request.auth),
    }
    if payload.action not in actions:
        raise HttpError(422, str(texts.UNKNOWN_ACTION))
    call(actions[payload.action])
    return _batch_out(get_label_batch_for(request.auth, batch_id), request.auth)
