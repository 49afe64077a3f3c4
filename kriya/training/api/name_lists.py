"""Enrolment from a spreadsheet of names in the API: the page `/pelatihan/kelola/<id>/impor/`
as one multipart request. The same form checks the upload (`NameListForm`: size, a
readable XLSX/CSV with the required columns, the organiser's declaration of consent),
the same `imports.enrol_from_file` enrols each row, and the answer is the per-row
report the page shows. The batch's organisers only (`access.get_organised_batch_for`);
others 404, anonymous 401.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from kriya.api.auth import token_or_session
from kriya.api.types import Count, Id, one_of

from .. import imports
from ..access import get_organised_batch_for
from ..forms import NameListForm

router = Router(tags=["training"])


class TrainingNameListCountsOut(Schema):
    enrolled: Count
    waitlisted: Count
    already: Count
    rejected: Count
    duplicate: Count
    blank: Count


class TrainingNameListRowOut(Schema):
    row: Count
    result: one_of(imports.Result.LABELS)  # type: ignore[valid-type]
    label: str
    name: str
    reasons: list[str]
    notes: list[str]


class TrainingNameListOut(Schema):
    line: str
    counts: TrainingNameListCountsOut
    ignored_headers: list[str]
    rows: list[TrainingNameListRowOut]


@router.post(
    "/training/manage/batches/{batch_id}/name-list",
    response=TrainingNameListOut,
    auth=token_or_session,
    summary="Enrol a spreadsheet of names (XLSX or CSV); the report per row (its organisers)",
    operation_id="kriya_api_training_import_names",
)
def import_names(request, batch_id: Id, file: File[UploadedFile], consent: Form[bool] = False):
    """`consent`: the organiser declares that everyone in the list agreed to their data
    being recorded (required, as on the page). A file that cannot be read as a whole is
    a 422 on `file`; a bad row is a line of the report (`rejected`, with its reasons),
    never an error of the request, and the good rows are kept."""
    batch = get_organised_batch_for(request.auth, batch_id)
    form = NameListForm(data={"consent": consent}, files={"file": file})
    if not form.is_valid():
        raise ValidationError({field: list(messages) for field, messages in form.errors.items()})
    upload = form.cleaned_data["file"]
    try:
        outcome = imports.enrol_from_file(
            batch=batch, fileobj=upload, consent=True, by=request.auth
        )
    except imports.SourceError as error:
        raise ValidationError({"file": [str(error)]}) from None
    return {
        "line": outcome.line,
        "counts": outcome.counts,
        "ignored_headers": list(outcome.ignored_headers),
        "rows": [
            {
                "row": r.row,
                "result": r.result,
                "label": r.label,
                "name": r.name,
                "reasons": [str(x) for x in r.reasons],
                "notes": [str(x) for x in r.notes],
            }
            for r in outcome.rows
        ],
    }
