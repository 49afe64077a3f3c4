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
api.add_router("/", registry.router)
api.add_router("/", showcase.router)
api.add_router("/", services.router)
api.add_router("/", services_extra.router)
api.add_router("/", lab.router)
api.add_router("/", certification.router)
api.add_router("/", verify.router)
