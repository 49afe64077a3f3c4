from django.urls import path, re_path

from .views import officers, public

app_name = "insights"

urlpatterns = [
    path("dasbor/", officers.index, name="index"),
    path("dasbor/program/<int:pk>/", officers.programme, name="programme"),
    path("dasbor/program/<int:pk>/target/", officers.target_form, name="target_form"),
    path(
        "dasbor/program/<int:pk>/catatan/<slug:key>/",
        officers.programme_records,
        name="programme_records",
    ),
    path(
        "dasbor/program/<int:pk>/laporan-<int:year>-triwulan-<int:quarter>.pdf",
        officers.programme_pdf,
        name="programme_pdf",
    ),
    path("dasbor/laporan-industri/", officers.industry_report, name="industry_report"),
    path("laporan-semester/<int:pk>/", officers.semester_report, name="semester_report"),
    path("dasbor/ekspor/", officers.exports_page, name="exports"),
    path("dasbor/ekspor/<int:pk>/unduh/", officers.export_download, name="export_download"),
    path("dasbor/<slug:key>/", officers.dashboard, name="dashboard"),
    path("data/", public.data_index, name="data_index"),
    path("data/catalog.jsonld", public.catalogue, name="catalogue"),
    path("data/kinerja-layanan/", public.performance_page, name="performance"),
    re_path(
        r"^data/kinerja-layanan/(?P<key>\d{4}-S[12])\.pdf$",
        public.performance_pdf,
        name="performance_pdf",
    ),
    path("data/<slug:slug>/", public.dataset_page, name="dataset"),
    re_path(
        r"^data/(?P<slug>[-a-z0-9]+)\.(?P<fmt>csv|json|xlsx)$",
        public.dataset_file,
        name="dataset_file",
    ),
    path("api/3/action/package_list", public.ckan_package_list, name="ckan_package_list"),
    path("api/3/action/package_show", public.ckan_package_show, name="ckan_package_show"),
    path("api/3/action/package_search", public.ckan_package_search, name="ckan_package_search"),
]
