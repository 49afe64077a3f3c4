from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/mulai-ulang/", views.restart, name="restart"),
    path("<int:pk>/laporan.xlsx", views.report, name="report"),
]
