from django.urls import include, path, re_path

from .views import facilitation, owner, registration, workspace

app_name = "registry"
urlpatterns = [
    # Self-service: owners, and facilitators with consent.
    path("usaha-saya/", owner.my_businesses, name="mine"),
    path("usaha-saya/baru/", registration.create_step, name="business_create"),
    path(
        "usaha-saya/baru/<slug:step>/",
        registration.create_step,
        name="business_create_step",
    ),
    path("usaha-saya/dampingan/baru/", facilitation.facilitated_create, name="facilitated_create"),
    path("usaha-saya/<int:pk>/", owner.business_detail, name="business"),
    path("usaha-saya/<int:pk>/ubah/", registration.edit_step, name="business_edit"),
    path(
        "usaha-saya/<int:pk>/ubah/<slug:step>/",
        registration.edit_step,
        name="business_edit_step",
    ),
    path("usaha-saya/<int:pk>/riwayat/", owner.business_history, name="business_history"),
    path("usaha-saya/<int:pk>/foto/", owner.business_photos, name="business_photos"),
    path(
        "usaha-saya/<int:pk>/foto/<int:photo>/hapus/",
        owner.business_photo_remove,
        name="business_photo_remove",
    ),
    path("usaha-saya/<int:pk>/produk/baru/", owner.product_create, name="product_create"),
    path("usaha-saya/<int:pk>/undangan/", facilitation.invitation_create, name="invite"),
    path("usaha-saya/<int:pk>/persetujuan/baru/", owner.consent_grant, name="consent_grant"),
    path(
        "usaha-saya/<int:pk>/persetujuan/<int:consent>/cabut/",
        owner.consent_revoke,
        name="consent_revoke",
    ),
    path("usaha-saya/produk/<int:pk>/", owner.product_detail, name="product"),
    path("usaha-saya/produk/<int:pk>/ubah/", owner.product_edit, name="product_edit"),
    path("usaha-saya/produk/<int:pk>/foto/", owner.product_photos, name="product_photos"),
    path(
        "usaha-saya/produk/<int:pk>/foto/<int:photo>/hapus/",
        owner.product_photo_remove,
        name="product_photo_remove",
    ),
    # The signed statement: owners, the facilitator, the regency's officers.
    path(
        "usaha/<int:pk>/persetujuan/<int:consent>/surat/",
        owner.consent_statement,
        name="consent_statement",
    ),
    path("klaim/<str:token>/", facilitation.claim, name="claim"),
    # Regency workspace.
    path("kabupaten/usaha/", workspace.business_list, name="ws_list"),
    path("kabupaten/ringkasan/", workspace.overview, name="ws_overview"),
    re_path(r"^kabupaten/usaha/ekspor\.(?P<fmt>csv|xlsx)$", workspace.export, name="ws_export"),
    path("kabupaten/usaha/<int:pk>/", workspace.business_detail, name="ws_business"),
    path("kabupaten/verifikasi/", workspace.queue, name="ws_queue"),
]
urlpatterns += [path("impor-usaha/", include("kriya.registry.imports.urls"))]
