"""The certification's API: one router per subject, mounted together by `router`.

Public: the schemes, the directory and a label serial. Everything else needs a
bearer token or the browser session (with the CSRF token for writes). Errors use the
one JSON format of kriya/api/errors.py; a move that does not exist from the current
status answers 409 (`errors.call`). Every operation keeps the operation id it had when
this API lived in `kriya/api/certification.py` (see
`kriya/api/tests/openapi_operations.json`).
"""

from ninja import Router

from . import (
    audits,
    certificates,
    decisions,
    evaluations,
    halal,
    labels,
    schemes,
    surveillance,
)

router = Router()
for subject in (
    schemes,
    certificates,
    labels,
    evaluations,
    audits,
    decisions,
    surveillance,
    halal,
):
    router.add_router("", subject.router)
