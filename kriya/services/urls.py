from django.urls import path

from . import views

app_name = "services"
urlpatterns = [
    path("layanan/", views.catalogue, name="catalogue"),
    path("layanan/<slug:code>/", views.service_detail, name="service"),
    path("layanan/<slug:code>/ajukan/", views.new_request, name="new"),
    path("permohonan/", views.request_list, name="requests"),
    path("permohonan/antrean/", views.queue, name="queue"),
    path("permohonan/ringkasan/", views.overview, name="overview"),
    path("permohonan/<int:pk>/", views.request_detail, name="request"),
    path("permohonan/<int:pk>/ubah/", views.request_edit, name="edit"),
    path("permohonan/<int:pk>/tindakan/<slug:action>/", views.request_action, name="action"),
    path("permohonan/<int:pk>/dokumen/", views.document_upload, name="document_upload"),
    path("permohonan/<int:pk>/tagihan/", views.bill_new, name="bill"),
    path("permohonan/<int:pk>/bukti-bayar/", views.payment_proof, name="payment_proof"),
    path(
        "permohonan/<int:pk>/bukti-bayar/<int:payment_pk>/tolak/",
        views.payment_reject,
        name="payment_reject",
    ),
    path("permohonan/<int:pk>/hasil/", views.result_upload, name="result_upload"),
    path("permohonan/<int:pk>/selesai/", views.request_complete, name="complete"),
    path("permohonan/<int:pk>/tugaskan/", views.request_assign, name="assign"),
    path("dokumen-layanan/<int:pk>/unduh/", views.document_download, name="download"),
]
