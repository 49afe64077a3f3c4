"""Forms of training: the participant's data (their own or recorded by a facilitator),
the reason to cancel a batch, scores and unit assessments."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kriya.regions.models import Region

from .models import Participant, UnitResult

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


YES_NO = [("1", _("Ya")), ("0", _("Tidak"))]


class FollowUpForm(forms.Form):
    """The short follow-up: four questions, one optional amount band."""

    produces = forms.TypedChoiceField(
        label=_("Apakah Anda sekarang memproduksi (membatik, menjahit, membuat produk)?"),
        choices=YES_NO,
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    sells = forms.TypedChoiceField(
        label=_("Apakah Anda sekarang menjual hasilnya?"),
        choices=YES_NO,
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    employs = forms.TypedChoiceField(
        label=_("Apakah Anda mempekerjakan orang lain?"),
        choices=YES_NO,
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    employees = forms.IntegerField(
        label=_("Berapa orang?"),
        required=False,
        min_value=1,
        max_value=10000,
        help_text=_("Isi bila mempekerjakan orang."),
    )
    turnover = forms.ChoiceField(
        label=_("Dibanding sebelum pelatihan, omzet Anda…"),
        choices=[],
        widget=forms.RadioSelect,
    )
    turnover_band = forms.ChoiceField(
        label=_("Kisaran omzet sekarang (boleh dikosongkan)"), choices=[], required=False
    )

    def __init__(self, *args, **kwargs):
        from .models import TurnoverBand, TurnoverChange

        super().__init__(*args, **kwargs)
        self.fields["turnover"].choices = TurnoverChange.choices
        self.fields["turnover_band"].choices = [("", "—"), *TurnoverBand.choices]

    @classmethod
    def initial_from(cls, follow_up) -> dict:
        if follow_up.answered_at is None:
            return {}

        def yes_no(value):
            return "1" if value else "0"

        return {
            "produces": yes_no(follow_up.produces),
            "sells": yes_no(follow_up.sells),
            "employs": yes_no(follow_up.employs),
            "employees": follow_up.employees,
            "turnover": follow_up.turnover,
            "turnover_band": follow_up.turnover_band,
        }
