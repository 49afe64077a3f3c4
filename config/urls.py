from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from kriya.api.urls import api
from kriya.core import views as core_views
from kriya.ops import views as ops_views

admin.site.site_header = "Kriya"
admin.site.site_title = "Kriya"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", ops_views.readyz, name="readyz"),
    path("metrics", ops_views.metrics_view, name="metrics"),
    # Exempt from CSRF: the switch only sets the language cookie and redirects to a page
    # of this site, and the cached public pages carry no token (docs/decisions.md).
    path("i18n/setlang/", login_not_required(csrf_exempt(set_language)), name="set_language"),
    path("admin/", admin.site.urls),
    path("akun/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("wilayah/", include("kriya.regions.urls")),
    path("", include("kriya.accounts.urls")),
    path("", include("kriya.registry.urls")),
    path("", include("kriya.desk.urls")),
    path("", include("kriya.lab.urls")),
    path("", include("kriya.certification.urls")),
    path("", include("kriya.verify.urls")),
    path("", include("kriya.training.urls")),
    path("", include("kriya.events.urls")),
    path("", include("kriya.showcase.urls")),
    path("", include("kriya.insights.urls")),
    path("", include("kriya.core.urls")),
    path("", include("kriya.hooks.urls")),
    # Public media from the default storage (a folder or a bucket, docs/operations.md).
    path("media/<path:path>", ops_views.media, name="media"),
]

handler400 = "kriya.core.views.bad_request"
handler403 = "kriya.core.views.permission_denied"
handler404 = "kriya.core.views.page_not_found"
handler500 = "kriya.core.views.server_error"
