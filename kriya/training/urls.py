from django.urls import path

from .views import checkin, documents, edit, in_house, manage, mine, outcomes, public, workers

app_name = "training"

urlpatterns = [
    path("pelatihan/", public.index, name="index"),
    path("pelatihan/program/<slug:slug>/", public.programme, name="programme"),
    path("pelatihan/angkatan/<int:pk>/", public.batch, name="batch"),
    path("pelatihan/angkatan/<int:pk>/daftar/", mine.enrol, name="enrol"),
    path("pelatihan/angkatan/<int:pk>/daftarkan/", manage.register_person, name="register_person"),
    path("pelatihan/saya/", mine.my_trainings, name="mine"),
    path("pelatihan/saya/data.json", mine.my_data, name="my_data"),
    path("pelatihan/saya/<int:pk>/", mine.my_enrolment, name="my_enrolment"),
    path(
        "pelatihan/pendaftaran/<int:pk>/<str:action>/",
        mine.enrolment_action,
        name="enrolment_action",
    ),
    path("pelatihan/usaha/", workers.worker_trainings, name="workers"),
    path("pelatihan/usaha/<int:pk>/", workers.worker_enrolment, name="worker_enrolment"),
    path("pelatihan/kelola/", manage.batch_list, name="manage"),
    path("pelatihan/kelola/program/", edit.programme_list, name="programme_list"),
    path("pelatihan/kelola/program/baru/", edit.programme_edit, name="programme_new"),
    path("pelatihan/kelola/program/<int:pk>/", edit.programme_edit, name="programme_edit"),
    path(
        "pelatihan/kelola/program/<int:programme_pk>/angkatan-baru/",
        edit.batch_edit,
        name="batch_new",
    ),
    path("pelatihan/kelola/<int:pk>/ubah/", edit.batch_edit, name="batch_edit"),
    path("pelatihan/permintaan/", in_house.request_list, name="in_house_list"),
    path("pelatihan/permintaan/<int:pk>/", in_house.request_details, name="in_house"),
    path("pelatihan/kelola/<int:pk>/", manage.manage_batch, name="manage_batch"),
    path(
        "pelatihan/kelola/<int:pk>/status/<str:action>/",
        manage.batch_transition,
        name="batch_transition",
    ),
    path(
        "pelatihan/kelola/<int:pk>/hadir/<int:session_pk>/",
        manage.attendance,
        name="attendance",
    ),
    path("pelatihan/kelola/<int:pk>/nilai/", manage.scores, name="scores"),
    path("pelatihan/kelola/<int:pk>/impor/", manage.import_names, name="import_names"),
    path("pelatihan/kelola/<int:pk>/ekspor.csv", manage.export, {"fmt": "csv"}, name="export_csv"),
    path(
        "pelatihan/kelola/<int:pk>/ekspor.xlsx", manage.export, {"fmt": "xlsx"}, name="export_xlsx"
    ),
    path("pelatihan/penilaian/<int:pk>/", manage.assess, name="assess"),
    path(
        "pelatihan/penilaian/<int:pk>/sertifikasi/",
        manage.refer_to_certification,
        name="refer_certification",
    ),
    path("pelatihan/sertifikasi/<int:pk>/ajukan/", manage.file_referral, name="file_referral"),
    path("pelatihan/saya/<int:pk>/tanda-peserta/", documents.pass_page, name="pass"),
    path(
        "pelatihan/saya/<int:pk>/sertifikat.pdf",
        documents.certificate_download,
        name="certificate_pdf",
    ),
    path("pelatihan/saya/<int:pk>/lencana.json", documents.badge_json, name="badge_json"),
    path("pelatihan/saya/<int:pk>/lencana.jwt", documents.badge_jwt, name="badge_jwt"),
    path(
        "pelatihan/kelola/sertifikat/<int:pk>/cabut/",
        documents.certificate_revoke,
        name="certificate_revoke",
    ),
    path(
        "pelatihan/kelola/<int:pk>/presensi/<int:session_pk>/",
        checkin.checkin_page,
        name="checkin",
    ),
    path(
        "pelatihan/kelola/<int:pk>/presensi/<int:session_pk>/peserta.json",
        checkin.checkin_roster,
        name="checkin_roster",
    ),
    path(
        "pelatihan/kelola/<int:pk>/presensi/<int:session_pk>/sinkron",
        checkin.checkin_sync,
        name="checkin_sync",
    ),
    path(
        "pelatihan/kelola/<int:pk>/sertifikat/buat/",
        manage.certificates_render,
        name="certificates_render",
    ),
    path("pelatihan/kelola/<int:pk>/sertifikat/", manage.certificate_run, name="certificate_run"),
    path(
        "pelatihan/kelola/<int:pk>/sertifikat/<int:file_pk>.pdf",
        manage.certificate_file,
        name="certificate_file",
    ),
    path(
        "pelatihan/kelola/<int:pk>/sertifikat.zip",
        manage.certificates_zip,
        name="certificates_zip",
    ),
    path("pelatihan/tindak-lanjut/", outcomes.follow_up_list, name="follow_ups"),
    path("pelatihan/tindak-lanjut/isi/<int:pk>/", outcomes.follow_up_fill, name="follow_up_fill"),
    path("pelatihan/t/<str:token>/", outcomes.follow_up, name="follow_up"),
]
