from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("akun/terkonfirmasi/", views.email_confirmed, name="email_confirmed"),
    path("organisasi/<int:pk>/", views.organisation, name="organisation"),
]
