from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("organisasi/<int:pk>/", views.organisation, name="organisation"),
]
