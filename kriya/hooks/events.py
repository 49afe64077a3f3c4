"""The events an integrator may subscribe to: a fixed set (an enum in the API)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    REQUEST_STATUS_CHANGED = "service_request.status_changed", _("Status permohonan berubah")
    CERTIFICATE_GRANTED = "certificate.granted", _("Sertifikat diberikan")
    CERTIFICATE_SUSPENDED = "certificate.suspended", _("Sertifikat dibekukan")
    CERTIFICATE_REINSTATED = "certificate.reinstated", _("Sertifikat diaktifkan kembali")
    CERTIFICATE_WITHDRAWN = "certificate.withdrawn", _("Sertifikat dicabut")
    EVENT_REPORT_CLOSED = "event.report_closed", _("Laporan acara ditutup")
