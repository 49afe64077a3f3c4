from django.urls import path

from .views import manage, mine, public

app_name = "training"

urlpatterns = [
    path("pelatihan/", public.index, name="index"),
    path("pelatihan/program/<slug:slug>/", public.programme, name="programme"),
    path("pelatihan/angkatan/<int:pk>/", public.batch, name="batch"),
    path("pelatihan/angkatan/<int:pk>/daftar/", mine.enrol, name="enrol"),
    path("pelatihan/angkatan/<int:pk>/daftarkan/", manage.register_person, name="register_person"),
    path("pelatihan/saya/", mine.my_trainings, name="mine"),
    path("pelatihan/saya/<int:pk>/", mine.my_enrolment, name="my_enrolment"),
    path(
        "pelatihan/pendaftaran/<int:pk>/<str:action>/",
        mine.enrolment_action,
        name="enrolment_action",
    ),
    path("pelatihan/kelola/", manage.batch_list, name="manage"),
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
    path("pelatihan/penilaian/<int:pk>/", manage.assess, name="assess"),
]
