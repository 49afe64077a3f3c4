from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("beranda/", views.my_home, name="my_home"),
    path("kontak/", views.contact, name="contact"),
    path("privasi/", views.privacy, name="privacy"),
    path("gaya/", views.style_guide, name="style"),
]
