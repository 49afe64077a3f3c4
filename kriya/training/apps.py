from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "kriya.training"
    label = "training"
    verbose_name = _("Pelatihan")

    def ready(self):
        from kriya.desk.signals import request_status_changed

        from .desk_link import on_request_status_changed

        request_status_changed.connect(
            on_request_status_changed, dispatch_uid="training.in_house_batch"
        )
