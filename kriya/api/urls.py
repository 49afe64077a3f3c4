"""The API object and where each domain's router is mounted.

Each domain owns its router (`kriya/<app>/api.py`, or a package `kriya/<app>/api/`
split by subject); this module only mounts them. Operation ids are pinned in the
routers to the names they had before (`kriya/api/tests/openapi_operations.json`).
"""

import threading

from ninja import NinjaAPI

from kriya.accounts import api as accounts
from kriya.certification import api as certification
from kriya.desk import api as desk
from kriya.events import api as events
from kriya.hooks import api as hooks
from kriya.insights import api as insights
from kriya.lab import api as lab
from kriya.regions import api as regions
from kriya.registry import api as registry
from kriya.showcase import api as showcase
from kriya.training import api as training
from kriya.verify import api as verify

from . import errors


class KriyaAPI(NinjaAPI):
    """The API, whose OpenAPI document is built once per process.

    django-ninja rebuilds the document on every request to `/openapi.json`; it only
    changes when the code does, and building it costs about a hundred times a
    plain request, which anyone could ask for without signing in.

    Every operation's error responses are added to it from how the operation is
    declared (`errors.document`): the handlers of `errors.install` answer them, all in
    the one `ErrorOut` format."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._openapi_schemas = {}
        self._openapi_lock = threading.Lock()

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        with self._openapi_lock:
            if path_prefix not in self._openapi_schemas:
                self._openapi_schemas[path_prefix] = errors.document(
                    self, super().get_openapi_schema(path_prefix=path_prefix)
                )
            return self._openapi_schemas[path_prefix]


api = KriyaAPI(
    title="Kriya API",
    version="1",
    description="Kriya's REST API. Integrations use an administrator-issued bearer token; "
    "the browser uses its session (with the CSRF token for writes). "
    "Offline verification of a signed QR code: download the public keys "
    "(`/.well-known/kriya-keys.json`) and the status lists, then run "
    "`python -m kriya.verify` from a Kriya checkout (see docs/verify.md).",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("/", accounts.router)
api.add_router("/", regions.router)
api.add_router("/", registry.router)
api.add_router("/", showcase.router)
api.add_router("/", desk.router)
api.add_router("/", lab.router)
api.add_router("/", certification.router)
api.add_router("/", verify.router)
api.add_router("/", events.router)
api.add_router("/", insights.router)
api.add_router("/", training.router)
api.add_router("/", hooks.router)
