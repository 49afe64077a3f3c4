from django.urls import path

from .views import checkin, edit, exhibitor, manage, public, survey

app_name = "events"

urlpatterns = [
    path("acara/", public.event_list, name="list"),
    path("acara/kalender.ics", public.calendar_feed, name="calendar"),
    path("acara/kelola/", manage.manage_list, name="manage_list"),
    path("acara/kelola/tahun/<int:year>/", manage.year, name="year"),
    path("acara/kelola/baru/", edit.create, name="create"),
    path("acara/kelola/<int:pk>/ubah/", edit.overview, name="edit"),
    path("acara/kelola/<int:pk>/ubah/<slug:slug>/", edit.section, name="edit_section"),
    path("acara/kelola/<int:pk>/denah-stan/", edit.booths, name="booths"),
    path("acara/kelola/<int:pk>/denah-stan/gambar/", edit.booth_plan, name="booth_plan"),
    path("acara/kelola/<int:pk>/denah-stan/<int:booth_pk>/", edit.booth_edit, name="booth_edit"),
    path(
        "acara/kelola/<int:pk>/denah-stan/<int:booth_pk>/hapus/",
        edit.booth_remove,
        name="booth_remove",
    ),
    path("acara/kelola/<int:pk>/persiapan/presensi/", checkin.checkin_page, name="setup_checkin"),
    path(
        "acara/kelola/<int:pk>/persiapan/presensi/peserta.json",
        checkin.checkin_roster,
        name="setup_checkin_roster",
    ),
    path(
        "acara/kelola/<int:pk>/persiapan/presensi/sinkron",
        checkin.checkin_sync,
        name="setup_checkin_sync",
    ),
    path("acara/kelola/<int:pk>/", manage.manage_event, name="manage"),
    path("acara/kelola/<int:pk>/status/", manage.transition, name="transition"),
    path("acara/kelola/<int:pk>/stan/", manage.add_booth, name="add_booth"),
    path("acara/kelola/<int:pk>/denah/", manage.floor_plan, name="floor_plan"),
    path("acara/kelola/<int:pk>/bagi-stan/", manage.auto_allocate, name="auto_allocate"),
    path("acara/kelola/<int:pk>/pengunjung/", manage.visitors, name="visitors"),
    path("acara/kelola/<int:pk>/laporan/", manage.report, name="report"),
    path("acara/kelola/pendaftaran/<int:pk>/keputusan/", manage.decide, name="decide"),
    path("acara/kelola/pendaftaran/<int:pk>/nilai/", manage.override, name="override"),
    path("acara/kelola/pendaftaran/<int:pk>/stan/", manage.allocate, name="allocate"),
    path("acara/kelola/pendaftaran/<int:pk>/tanda/", checkin.issue_pass, name="issue_pass"),
    path(
        "acara/kelola/<int:pk>/hari/<int:day_pk>/presensi/",
        checkin.checkin_page,
        name="checkin",
    ),
    path(
        "acara/kelola/<int:pk>/hari/<int:day_pk>/presensi/peserta.json",
        checkin.checkin_roster,
        name="checkin_roster",
    ),
    path(
        "acara/kelola/<int:pk>/hari/<int:day_pk>/presensi/sinkron",
        checkin.checkin_sync,
        name="checkin_sync",
    ),
    path("acara/pendaftaran/", exhibitor.my_applications, name="my_applications"),
    path("acara/pendaftaran/<int:pk>/", exhibitor.application_page, name="application"),
    path("acara/pendaftaran/<int:pk>/konfirmasi/", exhibitor.confirm, name="confirm"),
    path("acara/pendaftaran/<int:pk>/batal/", exhibitor.withdraw, name="withdraw"),
    path(
        "acara/pendaftaran/<int:pk>/penjualan/<int:day_pk>/",
        exhibitor.report_sales,
        name="report_sales",
    ),
    path("acara/<slug:slug>/", public.event_page, name="event"),
    path("acara/<slug:slug>/kalender.ics", public.event_ics, name="event_ics"),
    path("acara/<slug:slug>/daftar/", exhibitor.apply, name="apply"),
    path("acara/<slug:slug>/survei/", survey.survey, name="survey"),
]
