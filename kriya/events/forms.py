from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kriya.registry.models import Sector

from .models import Application, Booth, EventKind


class FilterForm(forms.Form):
    month = forms.CharField(
        label=_("Bulan"), required=False, widget=forms.TextInput(attrs={"type": "month"})
    )
    district = forms.ChoiceField(label=_("Kecamatan"), required=False)
    kind = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua jenis")), *EventKind.choices]
    )

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [("", _("Semua kecamatan"))] + [
            (d.code, d.name) for d in districts
        ]


class ApplicationForm(forms.ModelForm):
    business = forms.ChoiceField(label=_("Usaha"))

    class Meta:
        model = Application
        fields = ["sector", "products", "booth_width_m", "needs_power", "days", "note"]
        widgets = {
            "products": forms.CheckboxSelectMultiple,
            "days": forms.CheckboxSelectMultiple,
        }
        labels = {"products": _("Produk yang dipamerkan"), "days": _("Hari ikut")}

    def __init__(self, *args, businesses, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.businesses = {str(b.pk): b for b in businesses}
        self.fields["business"].choices = [(str(b.pk), b.name) for b in businesses]
        from kriya.registry.models import Product

        self.fields["products"].queryset = Product.objects.filter(
            business__in=list(businesses)
        ).order_by("name")
        self.fields["products"].required = False
        self.fields["days"].queryset = event.days.all()
        self.fields["days"].required = False
        self.fields["days"].label_from_instance = lambda d: d.date.strftime("%d-%m-%Y")
        self.order_fields(["business"])

    def clean_business(self):
        return self.businesses[self.cleaned_data["business"]]


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("accept", _("Terima")), ("waitlist", _("Daftar tunggu")), ("reject", _("Tolak"))]
    )
    reason = forms.CharField(
        label=_("Alasan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OverrideForm(forms.Form):
    score = forms.IntegerField(
        label=_("Nilai pengganti"), required=False, min_value=-20, max_value=20
    )
    reason = forms.CharField(
        label=_("Alasan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BoothForm(forms.ModelForm):
    class Meta:
        model = Booth
        fields = ["code", "zone", "sector", "width_m", "depth_m", "power_watts"]


class FloorPlanForm(forms.Form):
    image = forms.ImageField(label=_("Gambar denah stan"))


class VisitorForm(forms.Form):
    day = forms.IntegerField(widget=forms.HiddenInput)
    visitors = forms.IntegerField(label=_("Jumlah pengunjung"), min_value=0)


class SalesForm(forms.Form):
    """The phone form: large number inputs, one per payment channel."""

    sector = forms.ChoiceField(label=_("Kategori produk"), choices=Sector.choices)
    transactions = forms.IntegerField(label=_("Jumlah transaksi"), min_value=0)
    cash = forms.IntegerField(label=_("Tunai (Rp)"), min_value=0, initial=0)
    qris = forms.IntegerField(label=_("QRIS (Rp)"), min_value=0, initial=0)
    transfer = forms.IntegerField(label=_("Transfer (Rp)"), min_value=0, initial=0)
    correction_reason = forms.CharField(
        label=_("Alasan koreksi (bila mengubah laporan)"), required=False
    )
    confirmed = forms.BooleanField(label=_("Angka ini sudah benar"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("transactions", "cash", "qris", "transfer"):
            self.fields[name].widget.attrs.update(
                {"inputmode": "numeric", "class": "big-input", "autocomplete": "off"}
            )


class ConfirmForm(forms.Form):
    terms_accepted = forms.BooleanField(
        label=_("Saya akan hadir dan menyetujui ketentuan peserta"), required=False
    )
