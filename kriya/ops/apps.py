from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running Kriya: scheduled jobs, health and metrics, backup and restore. It sits at
    the top of the layers, beside insights: it may read every module, none reads it."""

    name = "kriya.ops"
    label = "ops"
    verbose_name = _("Operasional")

    def ready(self):
        # The only hook django-tasks offers around a task's run (see kriya.ops.leases).
        from django_tasks.signals import task_finished, task_started

        from . import leases

        task_started.connect(leases.task_started, dispatch_uid="kriya.ops.lease.take")
        task_finished.connect(leases.task_finished, dispatch_uid="kriya.ops.lease.drop")
