from django import forms
from django.utils.translation import gettext_lazy as _

from . import indicators


class TargetForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Tahun"),
        coerce=int,
        error_messages={"invalid_choice": _("Pilih tahun dalam masa berlaku perjanjian.")},
    )
    indicator = forms.ChoiceField(
        label=_("Indikator"), error_messages={"invalid_choice": _("Pilih indikator dari daftar.")}
    )
    value = forms.DecimalField(
        label=_("Target setahun"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages={"required": _("Isi target setahun."), "invalid": _("Isi dengan angka.")},
    )
    q1 = forms.DecimalField(
        label=_("Triwulan I"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    q2 = forms.DecimalField(
        label=_("Triwulan II"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    q3 = forms.DecimalField(
        label=_("Triwulan III"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    q4 = forms.DecimalField(
        label=_("Triwulan IV"), required=False, min_value=0, max_digits=14, decimal_places=2
    )

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in agreement.years]
        self.fields["indicator"].choices = indicators.choices()


class SemesterReportForm(forms.ModelForm):
    """The business's semester confirmation; the reason is asked only for a correction."""

    class Meta:
        from .models import SemesterReport

        model = SemesterReport
        fields = [
            "products",
            "workforce_men",
            "workforce_women",
            "capacity",
            "capacity_unit",
            "annual_turnover",
            "raw_materials",
            "raw_material_origin",
            "export_value_usd",
            "export_countries",
            "correction_reason",
        ]
        widgets = {
            "products": forms.Textarea(attrs={"rows": 2}),
            "raw_materials": forms.Textarea(attrs={"rows": 2}),
            "correction_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, correcting: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not correcting:
            del self.fields["correction_reason"]
