from django.urls import path

from . import views

app_name = "hooks"
urlpatterns = [
    path("integrasi/", views.status, name="status"),
    path("integrasi/uji/<slug:name>/", views.test_connection, name="test_connection"),
    path("integrasi/webhook/", views.subscribers, name="subscribers"),
    path("integrasi/webhook/baru/", views.subscriber_create, name="subscriber_create"),
    path("integrasi/webhook/<int:pk>/", views.subscriber_detail, name="subscriber"),
    path("integrasi/webhook/<int:pk>/ubah/", views.subscriber_edit, name="subscriber_edit"),
    path(
        "integrasi/webhook/pengiriman/<uuid:pk>/kirim-ulang/",
        views.redeliver,
        name="redeliver",
    ),
]
