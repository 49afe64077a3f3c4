from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "kriya.training"
    label = "training"
    verbose_name = _("Pelatihan")

    def ready(self):
        # The desk sits below training and must not import it: training listens to the
        # desk's moves to make an in-house batch when its request completes (desk_link)
        # and to confirm or release a seat billed through the desk (services).
        from kriya.desk.panels import register_request_link
        from kriya.desk.signals import request_status_changed

        from . import services
        from .desk_link import on_request_status_changed, request_link

        request_status_changed.connect(
            on_request_status_changed, dispatch_uid="training.in_house_batch"
        )
        request_status_changed.connect(
            services.on_request_status_changed, dispatch_uid="training.fees"
        )
        # The request page of an in-house request links to what the batch should be.
        register_request_link(request_link)

        # The showcase sits beside training and must not import it: training fills in
        # the showcase's hook so a business's compliance passport lists the live
        # training certificates of its people (docs/showcase.md).
        from kriya.showcase import competency

        from .queries import live_certificates_of_business

        competency.register(live_certificates_of_business)
