from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "kriya.training"
    label = "training"
    verbose_name = _("Pelatihan")

    def ready(self):
        # The showcase sits beside training and must not import it: training fills in
        # the showcase's hook so a business's compliance passport lists the live
        # training certificates of its people (docs/showcase.md).
        from kriya.showcase import competency

        from .queries import live_certificates_of_business

        competency.register(live_certificates_of_business)
