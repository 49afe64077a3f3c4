from ninja import NinjaAPI

from . import core, errors

api = NinjaAPI(
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
