from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "kriya.training"
    label = "training"
    verbose_name = _("Pelatihan")

    def ready(self):
        # The desk sits below training and must not import it: training listens to the
        # desk's moves to confirm or release a seat billed through it (services.on_request_status_changed).
        from kriya.desk.signals import request_status_changed

        from . import services

        request_status_changed.connect(
            services.on_request_status_changed, dispatch_uid="training.fees"
        )
