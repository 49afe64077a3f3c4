"""The service desk's API: one router per subject, mounted together by `router`.

Every operation keeps the operation id it had when the desk's API lived in
`kriya/api/services.py` and `kriya/api/services_extra.py` (see
`kriya/api/tests/openapi_operations.json`).
"""

from ninja import Router

from . import (
    billing,
    catalogue,
    complaints,
    documents,
    notifications,
    requests,
    sponsorship,
    survey,
)

router = Router()
for subject in (
    catalogue,
    requests,
    documents,
    billing,
    sponsorship,
    notifications,
    survey,
    complaints,
):
    router.add_router("", subject.router)
