from django.urls import path

from . import views

app_name = "lab"
urlpatterns = [
    path("lab/instrumen/", views.instruments, name="instruments"),
    path("lab/instrumen/<int:pk>/", views.instrument_detail, name="instrument"),
    path("lab/spesifikasi/", views.specifications, name="specifications"),
]
