from django.urls import path

from . import views

app_name = "certification"
urlpatterns = [
    path("sertifikasi/", views.index, name="index"),
    path("sertifikasi/direktori/", views.directory, name="directory"),
    path("sertifikasi/skema/", views.scheme_list, name="schemes"),
    path("sertifikasi/label/cek/<str:serial>/", views.label_public, name="label_public"),
    # Evaluation
    path("sertifikasi/evaluasi/", views.evaluation_worklist, name="worklist"),
    path("sertifikasi/keputusan/", views.decision_queue, name="decisions"),
    path(
        "sertifikasi/permohonan/<int:request_pk>/evaluasi/",
        views.evaluation_start,
        name="evaluation_start",
    ),
    path("sertifikasi/evaluasi/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path(
        "sertifikasi/evaluasi/<int:pk>/tindakan/<slug:action>/",
        views.evaluation_action,
        name="evaluation_action",
    ),
    path(
        "sertifikasi/evaluasi/<int:pk>/persyaratan/<int:requirement_pk>/",
        views.requirement_check,
        name="requirement_check",
    ),
    path("sertifikasi/evaluasi/<int:evaluation_pk>/audit/", views.audit_new, name="audit_new"),
    path(
        "sertifikasi/evaluasi/<int:evaluation_pk>/contoh/",
        views.sampling_new,
        name="sampling_new",
    ),
    path(
        "sertifikasi/evaluasi/<int:pk>/rekomendasi/",
        views.evaluation_recommend,
        name="recommend",
    ),
    path("sertifikasi/evaluasi/<int:pk>/keputusan/", views.evaluation_decide, name="decide"),
    path("sertifikasi/evaluasi/<int:pk>/fatwa/", views.evaluation_fatwa, name="fatwa"),
    path("sertifikasi/contoh/<int:pk>/lab/", views.sampling_lab, name="sampling_lab"),
    path("sertifikasi/audit/<int:pk>/", views.audit_detail, name="audit"),
    path(
        "sertifikasi/audit/<int:pk>/tindakan/<slug:action>/",
        views.audit_action,
        name="audit_action",
    ),
    path("sertifikasi/audit/<int:audit_pk>/temuan/", views.finding_new, name="finding_new"),
    path(
        "sertifikasi/tindakan-perbaikan/<int:pk>/",
        views.corrective_action_detail,
        name="corrective_action",
    ),
    path("sertifikasi/bukti/<int:pk>/unduh/", views.evidence_download, name="evidence"),
    # Certificates
    path("sertifikasi/sertifikat/", views.certificate_list, name="certificates"),
    path("sertifikasi/sertifikat/<int:pk>/", views.certificate_detail, name="certificate"),
    path("sertifikasi/sertifikat/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path(
        "sertifikasi/sertifikat/<int:pk>/status/<slug:action>/",
        views.certificate_action,
        name="certificate_action",
    ),
    path("sertifikasi/sertifikat/<int:pk>/label/", views.label_order, name="label_order"),
    path("sertifikasi/label/<int:pk>/", views.label_batch_detail, name="label_batch"),
    path(
        "sertifikasi/label/<int:pk>/tindakan/<slug:action>/",
        views.label_batch_action,
        name="label_batch_action",
    ),
    path("sertifikasi/label/<int:pk>/lembar.pdf", views.label_sheet, name="label_sheet"),
    # Surveillance
    path("sertifikasi/survailen/", views.surveillance_list, name="surveillances"),
    path("sertifikasi/survailen/<int:pk>/", views.surveillance_detail, name="surveillance"),
    path(
        "sertifikasi/survailen/<int:pk>/tindakan/<slug:action>/",
        views.surveillance_action,
        name="surveillance_action",
    ),
    path(
        "sertifikasi/survailen/<int:surveillance_pk>/audit/",
        views.audit_new,
        name="surveillance_audit_new",
    ),
    path(
        "sertifikasi/survailen/<int:surveillance_pk>/contoh/",
        views.sampling_new,
        name="surveillance_sampling_new",
    ),
    # Halal
    path("sertifikasi/halal/", views.halal_list, name="halal_list"),
    path("sertifikasi/halal/usaha/<int:business_pk>/baru/", views.halal_new, name="halal_new"),
    path("sertifikasi/halal/<int:pk>/", views.halal_detail, name="halal"),
]
