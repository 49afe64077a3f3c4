"""Forms of training: the participant's data (their own or recorded by a facilitator),
the reason to cancel a batch, scores and unit assessments."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kriya.regions.models import Region

from .models import BatchRequest, Participant, Programme, UnitResult

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ParticipantForm(forms.ModelForm):
    """The least the programmes need. The NIK field appears only when the programme
    leads to a competency certificate, with the reason beside it."""

    nik = forms.CharField(
        label=_("NIK (16 angka)"),
        required=False,
        max_length=20,
        help_text=_(
            "Diminta karena program ini mengarah ke sertifikat kompetensi; disimpan "
            "terenkripsi dan hanya ditampilkan tersamar."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Participant
        fields = [
            "full_name",
            "birth_date",
            "gender",
            "phone",
            "email",
            "education",
            "is_student",
            "school",
        ]
        widgets = {
            "birth_date": DATE_INPUT,
            "gender": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        }
        help_texts = {"school": _("Isi bila masih pelajar atau mahasiswa.")}

    def __init__(self, *args, needs_nik: bool = False, village: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.village_code = village
        if not needs_nik:
            del self.fields["nik"]
        else:
            self.fields["nik"].required = not (self.instance and self.instance.nik_sealed)

    def clean_birth_date(self):
        born = self.cleaned_data["birth_date"]
        if born and born >= timezone.localdate():
            raise forms.ValidationError(_("Tanggal lahir harus sebelum hari ini."))
        return born

    def clean_nik(self):
        nik = "".join(ch for ch in self.cleaned_data.get("nik", "") if ch.isdigit())
        if nik and len(nik) != 16:
            raise forms.ValidationError(_("NIK terdiri dari 16 angka."))
        return nik

    def clean(self):
        data = super().clean()
        if data.get("is_student") and not (data.get("school") or "").strip():
            self.add_error("school", _("Tulis nama sekolah atau kampus Anda."))
        return data

    def service_data(self) -> dict:
        data = {f: self.cleaned_data[f] for f in self.Meta.fields}
        if self.village_code:
            data["village"] = Region.objects.get(code=self.village_code)
        return data


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "Orang ini setuju datanya dicatat untuk pendaftaran pelatihan dan sudah diberi tahu "
            "untuk apa data itu dipakai."
        ),
        required=True,
        error_messages={"required": _("Centang bila orang ini sudah memberi persetujuan.")},
    )


class CancelBatchForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Alasan wajib diisi.")},
    )


class AssessmentForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Hasil"), choices=UnitResult.choices, widget=forms.RadioSelect
    )
    evidence = forms.FileField(
        label=_("Bukti (foto atau PDF)"),
        required=False,
        help_text=_("JPEG, PNG atau PDF, paling besar 10 MB."),
    )
    note = forms.CharField(
        label=_("Catatan penilai"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BatchRequestForm(forms.ModelForm):
    """What an in-house batch requested through the service desk should be."""

    class Meta:
        model = BatchRequest
        fields = ["programme", "starts_on", "ends_on", "venue_kind", "venue_detail", "capacity"]
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.published().order_by("title_id")

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data


MAX_NAME_LIST_BYTES = 5 * 1024 * 1024


class NameListForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas daftar nama"),
        help_text=_(
            "Excel (.xlsx) atau CSV (UTF-8). Kolom wajib: Nama, Tanggal Lahir, Jenis Kelamin, "
            "No HP; boleh juga E-mail, Pendidikan, Sekolah, Kecamatan, Desa/Kelurahan, NIK."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,text/csv,application/vnd.openxmlformats-"
                "officedocument.spreadsheetml.sheet"
            }
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "Setiap orang dalam daftar ini setuju datanya dicatat untuk pendaftaran pelatihan "
            "dan sudah diberi tahu untuk apa data itu dipakai."
        ),
        required=True,
        error_messages={"required": _("Centang bila setiap orang sudah memberi persetujuan.")},
    )

    def clean_file(self):
        from .imports import NAME_LIST, SourceError, open_sheet

        upload = self.cleaned_data["file"]
        if upload.size > MAX_NAME_LIST_BYTES:
            raise forms.ValidationError(_("Berkas terlalu besar (paling besar 5 MB)."))
        try:
            sheet = open_sheet(upload, NAME_LIST)
        except SourceError as exc:
            raise forms.ValidationError(str(exc)) from None
        sheet.close()
        upload.seek(0)
        return upload
