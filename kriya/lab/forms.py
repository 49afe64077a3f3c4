"""Forms of the lab pages. They parse input only; services decide and write."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .files import validate_document, validate_photo
from .models import Condition, CustodyAction, Disposal, Instrument, StandardVersion, TestMethod
from .models.samples import RETENTION_DAYS
from .scales import Scale, choices, parse_value
from .verdicts import DecisionRule


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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Zero or more photos, each a JPEG or PNG by content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(MultiplePhotoField, self).clean(f, initial) for f in files]
        for f in cleaned:
            validate_photo(f)
        return cleaned


class SampleReceiptForm(forms.Form):
    description = forms.CharField(
        label=_("Uraian contoh"),
        max_length=300,
        help_text=_("Misalnya: kain batik tulis, motif anggur, pewarna alam."),
    )
    quantity = forms.CharField(label=_("Jumlah/ukuran"), max_length=100, required=False)
    standard_version = forms.ModelChoiceField(
        label=_("Dinilai terhadap standar"),
        queryset=StandardVersion.objects.none(),
        required=False,
        empty_label=_("Tanpa standar spesifikasi"),
    )
    methods = forms.ModelMultipleChoiceField(
        label=_("Metode uji yang diminta"),
        queryset=TestMethod.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    condition = forms.ChoiceField(label=_("Kondisi saat diterima"), choices=Condition.choices)
    condition_note = forms.CharField(
        label=_("Catatan kondisi"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    storage_location = forms.CharField(label=_("Tempat penyimpanan"), max_length=200)
    decision_rule = forms.ChoiceField(
        label=_("Aturan keputusan (kaji ulang permintaan)"),
        choices=DecisionRule.choices,
        initial=DecisionRule.SIMPLE,
        required=False,
        help_text=_("Disepakati dengan pelanggan; dicetak pada laporan hasil uji."),
    )
    guard_band = forms.DecimalField(
        label=_("Pita pengaman"),
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=2,
        help_text=_("Hanya untuk penerimaan berpengaman, dalam satuan parameter."),
    )
    report_uncertainty = forms.BooleanField(
        label=_("Pelanggan meminta ketidakpastian pengukuran pada laporan"), required=False
    )
    retain_until = forms.DateField(label=_("Disimpan sampai"), widget=DateInput())
    photos = MultiplePhotoField(label=_("Foto contoh (JPEG/PNG)"))

    def clean_decision_rule(self):
        return self.cleaned_data.get("decision_rule") or DecisionRule.SIMPLE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard_version"].queryset = StandardVersion.objects.select_related(
            "standard"
        ).filter(is_current=True)
        self.fields["methods"].queryset = TestMethod.objects.filter(is_active=True)
        if not self.is_bound:
            self.initial.setdefault(
                "retain_until", timezone.localdate() + timedelta(days=RETENTION_DAYS)
            )


class ResultForm(forms.Form):
    """A result on the parameter's scale with an instrument whose calibration covers
    today. Values off the scale are refused here and again by the service."""

    value = forms.CharField(label=_("Hasil"), max_length=20)
    observations = forms.CharField(
        label=_("Pengamatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    instrument = forms.ModelChoiceField(
        label=_("Instrumen"), queryset=Instrument.objects.none(), required=False
    )

    def __init__(self, *args, parameter, today, with_reason=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.parameter = parameter
        options = choices(parameter.scale)
        if options:
            self.fields["value"] = forms.ChoiceField(
                label=_("Hasil"), choices=[("", "—")] + options
            )
        else:
            self.fields["value"].help_text = _("Angka, boleh memakai koma desimal (misalnya -2,5).")
        self.fields["value"].label = _("Hasil (%(scale)s)") % {
            "scale": Scale(parameter.scale).label
        }
        self.fields["instrument"].queryset = Instrument.objects.usable_on(today).order_by("code")
        self.fields["instrument"].help_text = _(
            "Hanya instrumen yang kalibrasinya berlaku hari ini yang dapat dipilih."
        )
        self.fields["instrument"].required = parameter.scale != Scale.PASS_FAIL
        if parameter.scale == Scale.PASS_FAIL:
            self.fields["observations"].required = True
        if with_reason:
            self.fields["reason"] = forms.CharField(
                label=_("Alasan koreksi"), widget=forms.Textarea(attrs={"rows": 2})
            )

    def clean_value(self):
        try:
            return parse_value(self.parameter.scale, self.cleaned_data["value"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}))


class VerifyForm(forms.Form):
    comment = forms.CharField(
        label=_("Catatan verifikasi"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AssignForm(forms.Form):
    analyst = forms.ModelChoiceField(label=_("Analis"), queryset=None)

    def __init__(self, *args, **kwargs):
        from .queries import lab_workers

        super().__init__(*args, **kwargs)
        self.fields["analyst"].queryset = lab_workers()


class CustodyForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Kejadian"),
        choices=[
            (CustodyAction.STORED, CustodyAction.STORED.label),
            (CustodyAction.HANDED_OVER, CustodyAction.HANDED_OVER.label),
        ],
    )
    holder = forms.ModelChoiceField(label=_("Diserahkan kepada"), queryset=None, required=False)
    location = forms.CharField(label=_("Lokasi"), max_length=200, required=False)
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        from .queries import lab_workers

        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = lab_workers()


class DisposalForm(forms.Form):
    disposal = forms.ChoiceField(label=_("Cara pelepasan"), choices=Disposal.choices)
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Foto (JPEG/PNG)"),
        validators=[validate_photo],
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    caption = forms.CharField(label=_("Keterangan"), max_length=200, required=False)


class LookupForm(forms.Form):
    kode = forms.CharField(
        label=_("Kode contoh"),
        max_length=60,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "inputmode": "text"}
        ),
    )
