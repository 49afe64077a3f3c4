"""Forms of the service desk pages. They parse; the services decide."""

from __future__ import annotations

import datetime
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kriya.accounts.models import User
from kriya.core.formatting import rupiah

from .models import Service, Status
from .workflow import PERFORMER_ROLES

ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def file_input():
    return forms.ClearableFileInput(attrs={"accept": ACCEPT})


def apply_errors(form: forms.Form, error: ValidationError, *, aliases: dict | None = None):
    """Put a service's ValidationError on the form's fields (or the form)."""
    aliases = aliases or {}
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            name = aliases.get(field, field)
            target = name if name in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class ItemForm(forms.Form):
    name = forms.CharField(label=_("Nama barang/contoh"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Uraian"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Misalnya: kain batik tulis, pewarna alam, 2 × 1,15 m."),
    )
    quantity = forms.IntegerField(label=_("Jumlah"), min_value=1, initial=1, required=False)


ItemFormSet = forms.formset_factory(ItemForm, extra=3, max_num=20)


def items_from(formset) -> list[dict]:
    return [
        {
            "name": f.cleaned_data["name"],
            "description": f.cleaned_data.get("description", ""),
            "quantity": f.cleaned_data.get("quantity") or 1,
        }
        for f in formset.forms
        if f.cleaned_data.get("name")
    ]


class RequestForm(forms.Form):
    """The new-request wizard: the applicant, notes, one file field per required document.

    The applicant is a business (`business`, a select of those the user may file for);
    a regency officer filing a service open to regency units chooses instead, in
    `applicant`, their unit (or one of their businesses, if they also own one): radio
    buttons, one per line, so the page stays simple on a phone."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    business = forms.ModelChoiceField(queryset=None, label=_("Usaha"), empty_label=None)
    notes = forms.CharField(
        label=_("Catatan untuk petugas"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, service: Service, businesses, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.service = service
        self.fields["business"].queryset = businesses
        self.fields["idempotency_key"].initial = uuid.uuid4().hex
        self.units = {u.pk: u for u in units}
        self.businesses = businesses
        if self.units:
            del self.fields["business"]
            choices = [
                (f"unit-{u.pk}", _("%(name)s (perangkat daerah)") % {"name": u.name})
                for u in self.units.values()
            ] + [(f"usaha-{b.pk}", b.name) for b in businesses]
            self.fields["applicant"] = forms.ChoiceField(
                label=_("Diajukan atas nama"),
                choices=choices,
                initial=choices[0][0],
                widget=forms.RadioSelect,
            )
            self.order_fields(["idempotency_key", "applicant"])
        self.document_fields = []
        for doc in service.documents.all():
            name = f"doc_{doc.code}"
            self.fields[name] = forms.FileField(
                label=doc.name,
                required=False,
                widget=file_input(),
                help_text=_("Wajib. PDF, JPEG atau PNG, paling besar 10 MB.")
                if doc.is_mandatory
                else _("Tidak wajib. PDF, JPEG atau PNG, paling besar 10 MB."),
            )
            self.document_fields.append((doc, name))

    def applicant(self) -> dict:
        """The chosen applicant as the service's keywords: {"business": …} or
        {"organisation": …}."""
        if "applicant" not in self.fields:
            return {"business": self.cleaned_data["business"]}
        kind, _sep, pk = self.cleaned_data["applicant"].partition("-")
        if kind == "unit":
            return {"organisation": self.units[int(pk)]}
        return {"business": self.businesses.get(pk=int(pk))}

    def documents(self) -> dict:
        return {
            doc.code: self.cleaned_data.get(name)
            for doc, name in self.document_fields
            if self.cleaned_data.get(name)
        }


class EditRequestForm(forms.Form):
    notes = forms.CharField(
        label=_("Catatan untuk petugas"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DocumentForm(forms.Form):
    slot = forms.ChoiceField(label=_("Jenis dokumen"))
    file = forms.FileField(label=_("Berkas"), widget=file_input())

    def __init__(self, *args, service: Service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(d.code, d.name) for d in service.documents.all()]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BillForm(forms.Form):
    """Bill lines: a quantity per tariff item of the service, plus lines typed by the desk."""

    FREE_LINES = 3

    billing_code = forms.CharField(
        label=_("Kode billing SIMPONI"),
        max_length=40,
        required=False,
        help_text=_("15 digit angka. Kosongkan bila kode dibuat otomatis lewat SIMPONI."),
    )
    due_date = forms.DateField(
        label=_("Jatuh tempo"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )

    def __init__(self, *args, service: Service, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_date"].initial = timezone.localdate() + datetime.timedelta(days=7)
        self.tariff_fields = []
        for tariff in service.tariff_items.filter(is_active=True):
            name = f"qty_{tariff.pk}"
            label = f"{tariff.name} — {rupiah(tariff.amount)} / {tariff.unit}"
            self.fields[name] = forms.IntegerField(
                label=label,
                min_value=0,
                initial=0,
                required=False,
                help_text=""
                if tariff.is_verified
                else _("Tarif belum dikonfirmasi: %(note)s") % {"note": tariff.note},
            )
            self.tariff_fields.append((tariff, name))
        for i in range(1, self.FREE_LINES + 1):
            self.fields[f"desc_{i}"] = forms.CharField(
                label=_("Uraian baris %(n)d") % {"n": i}, max_length=200, required=False
            )
            self.fields[f"price_{i}"] = forms.IntegerField(
                label=_("Tarif baris %(n)d (Rp)") % {"n": i}, min_value=0, required=False
            )
            self.fields[f"qty_free_{i}"] = forms.IntegerField(
                label=_("Jumlah baris %(n)d") % {"n": i}, min_value=0, required=False
            )

    def lines(self) -> list[dict]:
        data = self.cleaned_data
        lines = [
            {"tariff_item": tariff.pk, "quantity": data.get(name) or 0}
            for tariff, name in self.tariff_fields
            if data.get(name)
        ]
        for i in range(1, self.FREE_LINES + 1):
            if data.get(f"desc_{i}") or data.get(f"price_{i}"):
                lines.append(
                    {
                        "description": data.get(f"desc_{i}") or "",
                        "unit_price": data.get(f"price_{i}"),
                        "quantity": data.get(f"qty_free_{i}") or 1,
                    }
                )
        return lines


class PaymentProofForm(forms.Form):
    file = forms.FileField(
        label=_("Bukti bayar"),
        widget=file_input(),
        help_text=_("Foto atau PDF bukti bayar, paling besar 10 MB."),
    )
    paid_on = forms.DateField(
        label=_("Tanggal bayar"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    reference = forms.CharField(label=_("NTPN / nomor referensi"), max_length=40, required=False)


class ResultForm(forms.Form):
    file = forms.FileField(label=_("Dokumen hasil"), widget=file_input())
    title = forms.CharField(label=_("Judul dokumen"), max_length=200, required=False)


class CompleteForm(forms.Form):
    file = forms.FileField(
        label=_("Dokumen hasil"),
        widget=file_input(),
        required=False,
        help_text=_("Lampirkan di sini bila dokumen hasil belum ada."),
    )


def officer_choices():
    return (
        User.objects.filter(
            memberships__role__in=PERFORMER_ROLES,
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(queryset=None, label=_("Petugas"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officer_choices()


class QueueFilterForm(forms.Form):
    service = forms.ChoiceField(label=_("Layanan"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    regency = forms.ChoiceField(label=_("Kabupaten/kota"), required=False)
    assigned = forms.ChoiceField(
        label=_("Petugas"),
        required=False,
        choices=[("", _("Semua")), ("me", _("Tugas saya")), ("none", _("Belum ditugaskan"))],
    )
    overdue = forms.BooleanField(label=_("Hanya yang melewati standar"), required=False)

    def __init__(self, *args, regencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("Semua"))] + [
            (s.code, s.name) for s in Service.objects.all()
        ]
        self.fields["status"].choices = [("", _("Semua yang terbuka"))] + [
            (s.value, s.label) for s in Status if s != Status.DRAFT
        ]
        self.fields["regency"].choices = [("", _("Semua"))] + [(r.code, r.name) for r in regencies]


# --- Sponsorship -----------------------------------------------------------------------


def date_input():
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class ProgrammeForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label=_("Perangkat daerah"), empty_label=None)
    name = forms.CharField(
        label=_("Nama program"),
        max_length=200,
        help_text=_("Misalnya: Fasilitasi sertifikasi halal 2026."),
    )
    description = forms.CharField(
        label=_("Uraian"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    services = forms.ModelMultipleChoiceField(
        queryset=Service.objects.active(),
        label=_("Layanan yang didanai"),
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(label=_("Mulai"), widget=date_input())
    ends_on = forms.DateField(label=_("Berakhir"), widget=date_input())
    quota = forms.IntegerField(label=_("Kuota (jumlah usaha)"), min_value=1)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        year = timezone.localdate().year
        self.fields["starts_on"].initial = datetime.date(year, 1, 1)
        self.fields["ends_on"].initial = datetime.date(year, 12, 31)


class RecommendForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "recommend_%s")  # unique ids beside SponsorForm
        super().__init__(*args, **kwargs)

    note = forms.CharField(
        label=_("Isi rekomendasi"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Misalnya: usaha binaan DKUPP, layak difasilitasi."),
    )


class SponsorForm(forms.Form):
    programme = forms.ModelChoiceField(queryset=None, label=_("Program"), empty_label=None)
    note = forms.CharField(
        label=_("Catatan rekomendasi"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, programmes, **kwargs):
        kwargs.setdefault("auto_id", "sponsor_%s")
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].label_from_instance = lambda p: (
            _("%(name)s — sisa kuota %(left)d dari %(quota)d")
            % {"name": p.name, "left": p.left, "quota": p.quota}
        )


# --- Satisfaction survey -----------------------------------------------------------------


class SurveyForm(forms.Form):
    """The nine elements of PermenPAN-RB 14/2017, each answered 1–4, and a suggestion."""

    suggestion = forms.CharField(
        label=_("Saran dan masukan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        from .survey import elements

        super().__init__(*args, **kwargs)
        self.elements = []
        for code, name, question, answers in elements():
            self.fields[code] = forms.TypedChoiceField(
                label=question,
                choices=[(str(score), answer) for score, answer in answers],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Pilih salah satu jawaban.")},
            )
            self.elements.append((name, self[code]))
        self.order_fields([code for code, *_rest in elements()] + ["suggestion"])

    def scores(self) -> dict:
        from .models import SURVEY_FIELDS

        return {code: self.cleaned_data[code] for code in SURVEY_FIELDS}


# --- Complaints --------------------------------------------------------------------------


class ComplaintForm(forms.Form):
    subject = forms.CharField(label=_("Perihal"), max_length=200)
    body = forms.CharField(
        label=_("Isi pengaduan"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ceritakan apa yang terjadi; petugas akan menjawab di sini."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "complaint_%s")
        super().__init__(*args, **kwargs)


class ComplaintAnswerForm(forms.Form):
    text = forms.CharField(label=_("Jawaban"), widget=forms.Textarea(attrs={"rows": 4}))
