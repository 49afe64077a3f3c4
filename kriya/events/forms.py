from __future__ import annotations

import re
from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from kriya.accounts.models import Organisation, OrganisationKind
from kriya.regions.models import Region
from kriya.registry.models import Sector
from kriya.showcase.models import Destination

from . import access
from .models import Application, Booth, Event, EventKind, VisitorOrigin, VisitReason


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

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        if event is not None:
            self.instance.event = event

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        event_id = self.instance.event_id
        if (
            event_id
            and Booth.objects.filter(event_id=event_id, code=code)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(_("Kode stan sudah dipakai di acara ini."))
        return code


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


# -- The officers' event form, one part per page (docs/events.md "Creating events") --


class EventBasicsForm(forms.ModelForm):
    """What, who, where and when: enough for a draft event."""

    first_day = forms.DateField(
        label=_("Hari pertama"), widget=forms.DateInput(attrs={"type": "date"})
    )
    last_day = forms.DateField(
        label=_("Hari terakhir"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Kosongkan bila acara hanya sehari. Jam tiap hari dapat diubah nanti."),
    )
    opens_at = forms.TimeField(label=_("Jam buka"), widget=forms.TimeInput(attrs={"type": "time"}))
    closes_at = forms.TimeField(
        label=_("Jam tutup"), widget=forms.TimeInput(attrs={"type": "time"})
    )

    MAX_DAYS = 31

    class Meta:
        model = Event
        fields = ["name", "series", "year", "kind", "organiser", "district", "venue"]
        help_texts = {
            "series": _("Pilih bila acara ini diadakan setiap tahun (misalnya Harjakapro)."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = access.organiser_choices(user)
        regencies = {o.regency_id for o in self.fields["organiser"].queryset}
        self.fields["district"].queryset = Region.objects.filter(
            level=3, parent_id__in=regencies
        ).order_by("name")
        self.fields["year"].widget.attrs.update({"inputmode": "numeric"})

    def clean(self):
        data = super().clean()
        organiser, district = data.get("organiser"), data.get("district")
        if organiser and district and district.parent_id != organiser.regency_id:
            self.add_error("district", _("Pilih kecamatan di kabupaten penyelenggara."))
        first, last = data.get("first_day"), data.get("last_day") or data.get("first_day")
        if first and last:
            if last < first:
                self.add_error("last_day", _("Hari terakhir tidak boleh sebelum hari pertama."))
            elif (last - first).days >= self.MAX_DAYS:
                self.add_error("last_day", _("Acara paling lama 31 hari."))
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Jam tutup harus setelah jam buka."))
        year = data.get("year")
        if first and year and first.year != year:
            self.add_error("year", _("Tahun harus sama dengan tahun hari pertama."))
        return data

    def days(self):
        data = self.cleaned_data
        first, last = data["first_day"], data.get("last_day") or data["first_day"]
        return [
            (first + timedelta(days=i), data["opens_at"], data["closes_at"])
            for i in range((last - first).days + 1)
        ]


class EventWhoForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["name", "series", "year", "kind", "organiser", "co_organisers"]
        widgets = {"co_organisers": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisers = access.organiser_choices(user)
        current = self.instance.organiser_id
        self.fields["organiser"].queryset = Organisation.objects.filter(
            pk__in=[*organisers.values_list("pk", flat=True), current]
        )
        self.fields["co_organisers"].queryset = Organisation.objects.filter(
            kind__in=(OrganisationKind.REGENCY_UNIT, OrganisationKind.ASSOCIATION),
            regency_id=self.instance.regency_id,
        ).exclude(pk=current)
        self.fields["co_organisers"].required = False

    def clean(self):
        data = super().clean()
        organiser = data.get("organiser")
        if organiser and organiser.regency_id != self.instance.regency_id:
            self.add_error("organiser", _("Penyelenggara harus dari kabupaten acara ini."))
        return data


class EventDayForm(forms.Form):
    date = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    opens_at = forms.TimeField(label=_("Jam buka"), widget=forms.TimeInput(attrs={"type": "time"}))
    closes_at = forms.TimeField(
        label=_("Jam tutup"), widget=forms.TimeInput(attrs={"type": "time"})
    )

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Jam tutup harus setelah jam buka."))
        return data


class BaseDayFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        dates = [
            f.cleaned_data["date"]
            for f in self.forms
            if f.cleaned_data and not self._should_delete_form(f)
        ]
        if not dates:
            raise forms.ValidationError(_("Isi paling sedikit satu hari acara."))
        if len(set(dates)) != len(dates):
            raise forms.ValidationError(_("Setiap tanggal hanya boleh diisi sekali."))

    def days(self):
        return sorted(
            (f.cleaned_data["date"], f.cleaned_data["opens_at"], f.cleaned_data["closes_at"])
            for f in self.forms
            if f.cleaned_data and not self._should_delete_form(f)
        )


DayFormSet = forms.formset_factory(
    EventDayForm, formset=BaseDayFormSet, extra=2, can_delete=True, max_num=31, validate_max=True
)


class EventSetupForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["setup_on"]
        widgets = {"setup_on": forms.DateInput(attrs={"type": "date"})}


class EventPlaceForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["district", "venue", "destination", "directions", "directions_en"]
        widgets = {
            "directions": forms.Textarea(attrs={"rows": 3}),
            "directions_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regency = self.instance.regency_id
        self.fields["district"].queryset = Region.objects.filter(
            level=3, parent_id=regency
        ).order_by("name")
        self.fields["destination"].queryset = Destination.objects.filter(
            district__parent_id=regency
        ).order_by("name")
        self.fields["destination"].required = False


class EventTextForm(forms.ModelForm):
    photo_upload = forms.ImageField(
        label=_("Foto acara"),
        required=False,
        help_text=_("JPEG, PNG atau WebP; diperiksa dan diperkecil otomatis."),
    )

    class Meta:
        model = Event
        fields = [
            "description",
            "description_en",
            "programme",
            "photo_caption",
            "photo_caption_en",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "programme": forms.Textarea(attrs={"rows": 5}),
        }


class EventContactForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["contact_name", "contact_phone", "contact_email"]
        widgets = {
            "contact_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and not re.fullmatch(r"\+?[0-9][0-9 .\-]{6,18}", phone):
            raise forms.ValidationError(
                _("Tulis nomor seperti 0812-3456-7890 atau +62 335 123456.")
            )
        return phone


class EventCallForm(forms.ModelForm):
    """Criteria, terms and fee, and one quota input per product category (0 or empty:
    no quota)."""

    class Meta:
        model = Event
        fields = ["criteria", "terms", "booth_fee"]
        widgets = {
            "criteria": forms.Textarea(attrs={"rows": 4}),
            "terms": forms.Textarea(attrs={"rows": 4}),
            "booth_fee": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        quota = self.instance.category_quota or {}
        for code, label in Sector.choices:
            self.fields[f"quota_{code}"] = forms.IntegerField(
                label=_("Kuota %(category)s") % {"category": label},
                required=False,
                min_value=0,
                max_value=1000,
                initial=quota.get(code),
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            )

    def quota(self) -> dict:
        return {
            code: self.cleaned_data[f"quota_{code}"]
            for code, _label in Sector.choices
            if self.cleaned_data.get(f"quota_{code}")
        }


class SurveyForm(forms.Form):
    origin = forms.ChoiceField(
        label=_("Anda datang dari mana?"), choices=VisitorOrigin.choices, widget=forms.RadioSelect
    )
    reason = forms.ChoiceField(
        label=_("Apa alasan utama Anda datang?"),
        choices=VisitReason.choices,
        widget=forms.RadioSelect,
    )
