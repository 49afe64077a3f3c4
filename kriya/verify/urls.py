from django.urls import path

from . import views

app_name = "verify"
urlpatterns = [
    path(".well-known/kriya-keys.json", views.keys, name="keys"),
    path("verifikasi/", views.check, name="check"),
    path("verifikasi/jwks.json", views.jwks, name="jwks"),
    path("verifikasi/penerbit.json", views.issuer_profile, name="issuer_profile"),
    path("pindai/sw.js", views.checkin_worker, name="checkin_worker"),
    path("verifikasi/status/<int:number>.json", views.status_list, name="status_list"),
    path("verifikasi/status/<int:number>.cwt", views.signed_status_list, name="signed_status_list"),
    path("verifikasi/<slug:doc_type>/<path:number>/", views.document, name="document"),
]
