"""Forms of training: the participant's data (their own or recorded by a facilitator),
the reason to cancel a batch, scores and unit assessments."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kriya.regions.models import Region

from .models import (
    Attendance,
    Batch,
    BatchRequest,
    CompetencyUnit,
    LearningOutcome,
    Participant,
    Programme,
    RunLanguage,
    Session,
    UnitResult,
)

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


class CertificateRunForm(forms.Form):
    """The language of a batch's certificate run (kept per file; both = two PDFs per
    person)."""

    language = forms.ChoiceField(
        label=_("Bahasa sertifikat"),
        choices=RunLanguage.choices,
        initial=RunLanguage.ID,
        widget=forms.RadioSelect,
        help_text=_(
            "Nomor dan kode QR sama untuk semua bahasa. Pilih bahasa Inggris untuk peserta "
            "yang memerlukannya, misalnya untuk melamar kerja atau belajar di luar negeri."
        ),
        error_messages={
            "required": _("Pilih bahasa sertifikat."),
            "invalid_choice": _("Pilih bahasa Indonesia, Inggris, atau keduanya."),
        },
    )


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


# --- Editing programmes and batches ------------------------------------------------------


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "title_id",
            "title_en",
            "description_id",
            "description_en",
            "organiser",
            "service_kind",
            "sector",
            "technique",
            "leads_to_competency_certificate",
            "region",
            "min_age",
            "max_age",
            "business_rule",
            "students_only",
            "school",
            "min_attendance_pct",
            "min_post_test",
            "all_units_competent",
            "fee_kind",
            "fee_amount",
            "sponsor",
            "is_published",
        ]
        widgets = {
            "description_id": forms.Textarea(attrs={"rows": 4}),
            # English text is marked as such (read out in English, not checked as Indonesian)
            "title_en": forms.TextInput(attrs={"lang": "en"}),
            "description_en": forms.Textarea(attrs={"rows": 4, "lang": "en"}),
        }

    def __init__(self, *args, user, **kwargs):
        from kriya.accounts.access import has_role
        from kriya.accounts.models import Organisation, OrganisationKind, Role

        from .access import organiser_ids

        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(
            kind__in=(
                OrganisationKind.AGENCY,
                OrganisationKind.REGENCY_UNIT,
                OrganisationKind.ASSOCIATION,
            )
        ).order_by("name")
        if not has_role(user, Role.ADMINISTRATOR):
            organisations = organisations.filter(pk__in=organiser_ids(user))
        self.fields["organiser"].queryset = organisations
        self.fields["organiser"].empty_label = None
        # A programme is for residents of a province or a regency (not a village).
        self.fields["region"].queryset = Region.objects.filter(level__lte=2).order_by("code")

    def clean(self):
        data = super().clean()
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and low > high:
            self.add_error("max_age", _("Usia maksimal tidak boleh di bawah usia minimal."))
        for name in ("min_attendance_pct", "min_post_test"):
            if (data.get(name) or 0) > 100:
                self.add_error(name, _("Paling besar 100."))
        if data.get("fee_kind") == "tariff" and not data.get("fee_amount"):
            self.add_error("fee_amount", _("Isi tarifnya bila program berbayar."))
        if data.get("fee_kind") == "sponsored" and not (data.get("sponsor") or "").strip():
            self.add_error("sponsor", _("Tulis nama sponsornya."))
        return data


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["position", "title_id", "title_en", "hours", "is_practical"]
        widgets = {"title_en": forms.TextInput(attrs={"lang": "en"})}


class BaseSessionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        kept = 0
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if form.cleaned_data.get("DELETE"):
                if form.instance.pk and Attendance.objects.filter(session=form.instance).exists():
                    form.add_error(
                        None, _("Sesi ini sudah punya catatan kehadiran; tidak dapat dihapus.")
                    )
                continue
            kept += 1
            position = form.cleaned_data.get("position")
            if position in seen:
                form.add_error("position", _("Urutan ini sudah dipakai sesi lain."))
            seen.add(position)
        if kept == 0:
            raise forms.ValidationError(_("Program perlu paling sedikit satu sesi."))
        self.positions = seen


SessionFormSet = forms.inlineformset_factory(
    Programme,
    Session,
    form=SessionForm,
    formset=BaseSessionFormSet,
    extra=2,
    can_delete=True,
)


class OutcomeForm(forms.ModelForm):
    session_position = forms.IntegerField(
        label=_("Sesi ke"), min_value=1, help_text=_("Urutan sesi tempat capaian ini dipelajari.")
    )

    class Meta:
        model = LearningOutcome
        fields = ["session_position", "text_id", "text_en", "units"]
        widgets = {
            "units": forms.CheckboxSelectMultiple,
            "text_en": forms.TextInput(attrs={"lang": "en"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = CompetencyUnit.objects.order_by("code")
        if self.instance.pk:
            self.fields["session_position"].initial = self.instance.session.position


class BaseOutcomeFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, positions=None, **kwargs):
        self.session_positions = positions
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        positions = self.session_positions
        if positions is None:
            return
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            if data.get("session_position") not in positions:
                form.add_error("session_position", _("Tidak ada sesi dengan urutan ini."))


OutcomeFormSet = forms.modelformset_factory(
    LearningOutcome, form=OutcomeForm, formset=BaseOutcomeFormSet, extra=2, can_delete=True
)


class BatchForm(forms.ModelForm):
    class Meta:
        model = Batch
        fields = [
            "starts_on",
            "ends_on",
            "venue_kind",
            "venue_detail",
            "capacity",
            "trainers",
            "assessor",
            "offer_hours",
        ]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "trainers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, programme, **kwargs):
        from django.contrib.auth import get_user_model

        from kriya.accounts.models import Role

        super().__init__(*args, **kwargs)
        self.programme = programme
        users = get_user_model().objects.filter(memberships__is_active=True).distinct()
        self.fields["trainers"].queryset = users.filter(memberships__role=Role.TRAINER).order_by(
            "full_name"
        )
        self.fields["trainers"].label = _("Pelatih")
        self.fields["assessor"].queryset = users.filter(
            memberships__role__in=(Role.EVALUATOR, Role.TRAINER, Role.DECISION_MAKER)
        ).order_by("full_name")

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        assessor = data.get("assessor")
        trainers = data.get("trainers") or []
        if (
            self.programme.leads_to_competency_certificate
            and assessor is not None
            and assessor in trainers
        ):
            self.add_error(
                "assessor",
                _(
                    "Penilai tidak boleh pelatih angkatan ini: program ini mengarah ke "
                    "sertifikat kompetensi."
                ),
            )
        return data
