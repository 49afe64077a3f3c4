from django.urls import path

from . import views

app_name = "lab"
urlpatterns = [
    path("lab/", views.worklist, name="worklist"),
    path("lab/verifikasi/", views.verification_queue, name="verification_queue"),
    path("lab/terlambat/", views.overdue, name="overdue"),
    path("lab/permohonan/", views.lab_requests, name="requests"),
    path("lab/permohonan/<int:pk>/", views.lab_request, name="request"),
    path("lab/permohonan/<int:pk>/sahkan/", views.authorise_report, name="authorise_report"),
    path("lab/contoh/", views.sample_lookup, name="sample_lookup"),
    path("lab/contoh/<str:code>/", views.sample_detail, name="sample"),
    path("lab/contoh/<str:code>/label/", views.sample_label, name="sample_label"),
    path("lab/contoh/<str:code>/foto/", views.sample_add_photo, name="sample_add_photo"),
    path("lab/contoh/<str:code>/foto/<int:pk>/", views.sample_photo, name="sample_photo"),
    path("lab/contoh/<str:code>/penguasaan/", views.sample_custody, name="sample_custody"),
    path("lab/contoh/<str:code>/pelepasan/", views.sample_dispose, name="sample_dispose"),
    path("lab/analisis/<int:pk>/", views.analysis_detail, name="analysis"),
    path("lab/analisis/<int:pk>/<slug:action>/", views.analysis_action, name="analysis_action"),
    path("lab/laporan/<str:number>/", views.report_detail, name="report"),
    path("lab/laporan/<str:number>/unduh/", views.report_download, name="report_download"),
    path("lab/instrumen/", views.instruments, name="instruments"),
    path("lab/instrumen/<int:pk>/", views.instrument_detail, name="instrument"),
    path("lab/spesifikasi/", views.specifications, name="specifications"),
    path("shu/<str:number>/", views.report_public, name="report_public"),
]
