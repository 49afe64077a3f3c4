from django.urls import path

from .views import complaints as complaint_views
from .views import notifications as notification_views
from .views import requests as views
from .views import sponsorship as sponsorship_views
from .views import survey as survey_views
from .views import whatsapp as whatsapp_views

app_name = "desk"
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
    path("permohonan/<int:pk>/tagihan/<int:bill_pk>/", views.bill_detail, name="bill_detail"),
    path("permohonan/<int:pk>/batalkan/", views.request_cancel, name="cancel"),
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
    # Satisfaction survey
    path("permohonan/<int:pk>/survei/", survey_views.request_survey, name="survey"),
    # Complaints
    path("permohonan/<int:pk>/pengaduan/", complaint_views.complaint_new, name="complaint_new"),
    path("pengaduan/", complaint_views.complaint_list, name="complaints"),
    path("pengaduan/<int:pk>/", complaint_views.complaint_detail, name="complaint"),
    path(
        "pengaduan/<int:pk>/tindakan/<slug:action>/",
        complaint_views.complaint_action,
        name="complaint_action",
    ),
    # Notifications
    path("notifikasi/", notification_views.notification_list, name="notifications"),
    path("notifikasi/whatsapp/", whatsapp_views.whatsapp_settings, name="whatsapp_settings"),
    path("whatsapp/webhook/", whatsapp_views.webhook, name="whatsapp_webhook"),
    path(
        "notifikasi/<int:pk>/buka/",
        notification_views.notification_open,
        name="notification_open",
    ),
    path(
        "notifikasi/baca-semua/",
        notification_views.notification_read_all,
        name="notifications_read_all",
    ),
    # Sponsorship (fasilitasi)
    path("program-fasilitasi/", sponsorship_views.programme_list, name="programmes"),
    path("program-fasilitasi/baru/", sponsorship_views.programme_new, name="programme_new"),
    path("program-fasilitasi/<int:pk>/", sponsorship_views.programme_detail, name="programme"),
    path(
        "permohonan/<int:pk>/rekomendasi/",
        sponsorship_views.request_recommend,
        name="recommend",
    ),
    path("permohonan/<int:pk>/danai/", sponsorship_views.request_sponsor, name="sponsor"),
    path(
        "permohonan/<int:pk>/danai/<int:sponsorship_pk>/tarik/",
        sponsorship_views.sponsorship_withdraw,
        name="sponsorship_withdraw",
    ),
]
