import threading

from ninja import NinjaAPI

from . import (
    certification,
    core,
    errors,
    lab,
    registry,
    services,
    services_extra,
    showcase,
    verify,
)


class KriyaAPI(NinjaAPI):
    """The API, whose OpenAPI document is built once per process.

    django-ninja rebuilds the document on every request to `/openapi.json`; it only
    changes when the code does, and building it costs about a hundred times a
    plain request, which anyone could ask for without signing in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._openapi_schemas = {}
        self._openapi_lock = threading.Lock()

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        with self._openapi_lock:
            if path_prefix not in self._openapi_schemas:
                self._openapi_schemas[path_prefix] = super().get_openapi_schema(
                    path_prefix=path_prefix
                )
            return self._openapi_schemas[path_prefix]


api = KriyaAPI(
    title="Kriya API",
    version="1",
    description="Kriya's REST API. Integrations use an administrator-issued bearer token; "
    "the browser uses its session (with the CSRF token for writes).",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("/", core.router)
api.add_router("/", registry.router)
api.add_router("/", showcase.router)
api.add_router("/", services.router)
api.add_router("/", services_extra.router)
api.add_router("/", lab.router)
api.add_router("/", certification.router)
api.add_router("/", verify.router)
