"""Forms of the certification pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kriya.accounts.models import Role, User

from .models import (
    AuditKind,
    AuthorisedSignatory,
    CheckVerdict,
    FindingGrade,
    Outcome,
    SamplingPlace,
    Scheme,
    SchemeKind,
)
from .models.labels import MAX_LABELS_PER_BATCH
from .queries import DIRECTORY_STATES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where the form has the
    field, otherwise at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class StartEvaluationForm(forms.Form):
    scheme = forms.ModelChoiceField(label=_("Skema"), queryset=Scheme.objects.none())
    products = forms.ModelMultipleChoiceField(
        label=_("Produk yang disertifikasi"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, request_obj, **kwargs):
        super().__init__(*args, **kwargs)
        schemes = Scheme.objects.for_service(request_obj.service)
        self.fields["scheme"].queryset = schemes
        if schemes.count() == 1:
            self.fields["scheme"].initial = schemes.first()
        self.fields["products"].queryset = request_obj.business.products.order_by("name")
        self.fields["products"].initial = [
            i.product_id for i in request_obj.items.all() if i.product_id
        ]


class RequirementCheckForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Hasil"), choices=CheckVerdict.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea({"rows": 2}))


def evaluators():
    return User.objects.filter(
        memberships__role=Role.EVALUATOR, memberships__is_active=True, is_active=True
    ).distinct()


class AuditForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis audit"), choices=AuditKind.choices)
    planned_on = forms.DateField(label=_("Tanggal"), widget=DATE)
    lead_auditor = forms.ModelChoiceField(label=_("Auditor kepala"), queryset=User.objects.none())
    location = forms.CharField(label=_("Lokasi"), max_length=300, required=False)
    team = forms.CharField(label=_("Anggota tim"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_auditor"].queryset = evaluators()


class ConductAuditForm(forms.Form):
    conducted_on = forms.DateField(label=_("Tanggal pelaksanaan"), widget=DATE)
    summary = forms.CharField(label=_("Ringkasan hasil"), widget=forms.Textarea({"rows": 4}))


class FindingForm(forms.Form):
    grade = forms.ChoiceField(label=_("Kategori"), choices=FindingGrade.choices)
    clause = forms.CharField(label=_("Klausul/persyaratan"), max_length=120, required=False)
    description = forms.CharField(label=_("Uraian temuan"), widget=forms.Textarea({"rows": 3}))
    deadline = forms.DateField(
        label=_("Batas waktu tindakan perbaikan"),
        required=False,
        widget=DATE,
        help_text=_("Wajib untuk ketidaksesuaian mayor dan minor."),
    )


class CorrectiveActionForm(forms.Form):
    cause = forms.CharField(label=_("Analisis penyebab"), widget=forms.Textarea({"rows": 3}))
    action_taken = forms.CharField(
        label=_("Tindakan perbaikan"), widget=forms.Textarea({"rows": 3})
    )
    files = MultipleFileField(
        label=_("Bukti (PDF, JPEG atau PNG, paling besar 10 MB)"), required=False
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("Wajib bila dikembalikan."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea({"rows": 3}))


class SamplingForm(forms.Form):
    description = forms.CharField(label=_("Uraian contoh"), max_length=300)
    product = forms.ModelChoiceField(label=_("Produk"), queryset=None, required=False)
    place = forms.ChoiceField(label=_("Tempat pengambilan"), choices=SamplingPlace.choices)
    taken_on = forms.DateField(label=_("Tanggal pengambilan"), widget=DATE)
    quantity = forms.CharField(label=_("Jumlah"), max_length=100, required=False)
    seal_number = forms.CharField(label=_("Nomor segel"), max_length=60, required=False)

    def __init__(self, *args, business, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = business.products.order_by("name")


class LabSampleForm(forms.Form):
    code = forms.CharField(
        label=_("Kode contoh laboratorium"),
        max_length=20,
        help_text=_("Kode pada label contoh dari laboratorium, misalnya CU-2026-00001."),
    )


class RecommendationForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Rekomendasi"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    products = forms.ModelMultipleChoiceField(
        label=_("Produk yang tetap dalam lingkup (lingkup dikurangi)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Catatan/alasan"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Wajib untuk lingkup dikurangi dan penolakan."),
    )

    signatory = forms.ModelChoiceField(
        label=_("Penandatangan sertifikat"),
        queryset=None,
        required=False,
        help_text=_("Penandatangan berwenang lembaga (diatur administrator)."),
    )

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = evaluation.products.order_by("name")
        signatories = AuthorisedSignatory.objects.filter(
            body__code=evaluation.scheme.body, is_active=True
        )
        if signatories.exists():
            self.fields["signatory"].queryset = signatories
            self.fields["signatory"].initial = signatories.first()
        else:
            del self.fields["signatory"]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Keputusan"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    products = forms.ModelMultipleChoiceField(
        label=_("Produk yang diberikan (lingkup dikurangi)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Alasan"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Wajib untuk lingkup dikurangi dan penolakan."),
    )

    signatory = forms.ModelChoiceField(
        label=_("Penandatangan sertifikat"),
        queryset=None,
        required=False,
        help_text=_("Penandatangan berwenang lembaga (diatur administrator)."),
    )

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = evaluation.products.order_by("name")
        signatories = AuthorisedSignatory.objects.filter(
            body__code=evaluation.scheme.body, is_active=True
        )
        if signatories.exists():
            self.fields["signatory"].queryset = signatories
            self.fields["signatory"].initial = signatories.first()
        else:
            del self.fields["signatory"]


class FatwaForm(forms.Form):
    halal = forms.TypedChoiceField(
        label=_("Hasil sidang fatwa"),
        choices=[("1", _("Halal")), ("0", _("Tidak halal"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    number = forms.CharField(label=_("Nomor sertifikat halal (SH…)"), required=False)
    issued_on = forms.DateField(label=_("Tanggal terbit"), required=False, widget=DATE)


class SurveillanceCompleteForm(forms.Form):
    conforms = forms.TypedChoiceField(
        label=_("Hasil survailen"),
        choices=[("1", _("Sesuai")), ("0", _("Tidak sesuai"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea({"rows": 3}))


class LabelOrderForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("Jumlah label"), min_value=1, max_value=MAX_LABELS_PER_BATCH
    )
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)


class HalalForm(forms.Form):
    products = forms.ModelMultipleChoiceField(
        label=_("Produk"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    number = forms.CharField(
        label=_("Nomor sertifikat halal"), max_length=42, help_text=_("Diawali SH.")
    )
    issued_on = forms.DateField(label=_("Tanggal terbit"), widget=DATE)
    evidence = forms.FileField(label=_("Salinan sertifikat (PDF, JPEG atau PNG)"), required=False)

    def __init__(self, *args, business, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].queryset = business.products.order_by("name")


class HalalCheckForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Hasil pemeriksaan"),
        choices=[("1", _("Sesuai, catat")), ("0", _("Tolak"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Alasan"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("Wajib bila ditolak."),
    )


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Nama, NIB atau nomor sertifikat"), required=False, max_length=100)
    scheme = forms.ChoiceField(
        label=_("Skema"), required=False, choices=[("", _("Semua skema")), *SchemeKind.choices]
    )
    district = forms.ChoiceField(label=_("Kecamatan"), required=False)
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("active", _("Aktif")),
            ("suspended", _("Dibekukan")),
            ("withdrawn", _("Dicabut")),
            ("expired", _("Kedaluwarsa")),
            ("all", _("Semua")),
        ],
    )

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("Semua kecamatan")), *districts]

    def clean_state(self):
        state = self.cleaned_data.get("state") or "active"
        return state if state in DIRECTORY_STATES else "active"
