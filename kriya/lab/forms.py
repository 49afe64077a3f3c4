"""Forms of the lab pages. They parse input only; services decide and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .files import validate_document


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CalibrationForm(forms.Form):
    calibrated_on = forms.DateField(label=_("Tanggal kalibrasi"), widget=DateInput())
    valid_until = forms.DateField(label=_("Berlaku sampai"), widget=DateInput())
    certificate_number = forms.CharField(label=_("Nomor sertifikat kalibrasi"), max_length=100)
    calibrated_by = forms.CharField(label=_("Pelaksana kalibrasi"), max_length=200, required=False)
    document = forms.FileField(
        label=_("Sertifikat (PDF/JPEG/PNG)"), required=False, validators=[validate_document]
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("calibrated_on"), data.get("valid_until")
        if start and end and end < start:
            self.add_error(
                "valid_until", _("Tanggal berlaku tidak boleh sebelum tanggal kalibrasi.")
            )
        return data
