"""Forms of the registry. The pages and the API validate through these same classes,
so a value the page refuses is refused by the API with the same message."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kriya.accounts.models import Organisation, OrganisationKind
from kriya.core.images import process_image
from kriya.core.uploads import check_document
from kriya.regions.models import Level, Region

from .access import may_see_business
from .models import (
    MAX_PRODUCT_PHOTOS,
    Business,
    BusinessStatus,
    ConsentMethod,
    LegalForm,
    Product,
    Sector,
    SizeClass,
)
from .normalize import normalize_kbli, normalize_nib, normalize_phone, parse_rupiah

# --- Fields that accept values the way people write them -------------------


class NibField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("error_messages", {"required": _("NIB wajib diisi.")})
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return ""
        return normalize_nib(value)


class PhoneField(forms.CharField):
    def to_python(self, value):
        if value in self.empty_values:
            return ""
        return normalize_phone(value)


class KbliField(forms.CharField):
    def to_python(self, value):
        if value in self.empty_values:
            return []
        return normalize_kbli(value)

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value


class RupiahField(forms.CharField):
    """'Rp 1.500.000', '1,5 juta', '1500000' or a number → integer rupiah."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The value is an integer after to_python: no length validators on it.
        self.validators = []

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_rupiah(value if isinstance(value, int | float) else str(value))

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")


def rupiah_widget():
    return forms.TextInput(attrs={"inputmode": "text", "placeholder": "Rp 1.500.000"})


def without_errors(form):
    """Show a bound form again without validating it (the region picker's "next")."""
    from django.forms.utils import ErrorDict

    form._errors = ErrorDict()
    return form


def nib_taken_message(nib: str, *, user, exclude_pk=None) -> str:
    """The duplicate-NIB message names the holder only for a user who may see it."""
    holder = Business.objects.filter(nib=nib).exclude(pk=exclude_pk).only("pk", "name").first()
    if holder is None:
        return ""
    if user is not None and may_see_business(user, holder.pk):
        return _("NIB ini sudah terdaftar atas usaha “%(name)s”.") % {"name": holder.name}
    return _(
        "NIB ini sudah terdaftar di Kriya atas usaha lain. Bila NIB ini milik Anda, "
        "hubungi petugas dinas kabupaten/kota Anda."
    )


# --- Business ------------------------------------------------------------------

WORKFORCE_FIELDS = ("workforce_total", "workforce_women", "workforce_youth")


class BusinessForm(forms.ModelForm):
    """The business profile. `village` is a village code; the pages fill it from the
    region picker, the API takes it as given."""

    nib = NibField(
        label=_("NIB"),
        help_text=_("13 digit seperti tercetak di NIB; spasi dan titik boleh."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = PhoneField(
        label=_("Nomor HP/WA"),
        required=False,
        max_length=40,
        help_text=_("Misalnya 0812-3456-7890; disimpan sebagai +62…"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    village = forms.ModelChoiceField(
        label=_("Desa/kelurahan"),
        queryset=Region.objects.filter(level=Level.VILLAGE),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Pilih desa/kelurahan tempat usaha."),
            "invalid_choice": _("Pilih desa/kelurahan yang terdaftar."),
        },
    )
    kbli = KbliField(
        label=_("KBLI"),
        required=False,
        max_length=200,
        help_text=_("Kode 5 digit seperti tercetak di NIB, pisahkan dengan koma (13134 = batik)."),
    )
    capital = RupiahField(
        label=_("Modal usaha (Rp)"),
        required=False,
        max_length=40,
        help_text=_("Tanpa tanah dan bangunan."),
        widget=rupiah_widget(),
    )
    annual_sales = RupiahField(
        label=_("Omzet per tahun (Rp)"),
        required=False,
        max_length=40,
        help_text=_("Menentukan kelas usaha (PP 7/2021)."),
        widget=rupiah_widget(),
    )
    associations = forms.ModelMultipleChoiceField(
        label=_("Asosiasi"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.ASSOCIATION),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Business
        fields = [
            "nib",
            "name",
            "legal_form",
            "owner_name",
            "phone",
            "email",
            "address",
            "village",
            "kbli",
            "sector",
            "year_founded",
            "workforce_total",
            "workforce_women",
            "workforce_youth",
            "capital",
            "annual_sales",
            "associations",
            "trademark_number",
            "latitude",
            "longitude",
        ]
        error_messages = {
            "name": {"required": _("Nama usaha wajib diisi.")},
            "owner_name": {"required": _("Nama pemilik wajib diisi.")},
            "sector": {"required": _("Pilih sektor usaha.")},
        }

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        # Blank counts as the model's default (0 workers, a sole proprietorship),
        # so the API may leave them out as the page may leave them empty.
        for name in WORKFORCE_FIELDS + ("legal_form",):
            self.fields[name].required = False
        self.fields["latitude"].help_text = _("Titik peta (opsional), misalnya -7.7543.")
        self.fields["longitude"].help_text = _("Misalnya 113.2159.")

    @classmethod
    def data_from(cls, business: Business) -> dict:
        """The business's current values as form data (a base for partial updates)."""
        return {
            "nib": business.nib,
            "name": business.name,
            "legal_form": business.legal_form,
            "owner_name": business.owner_name,
            "phone": business.phone,
            "email": business.email,
            "address": business.address,
            "village": business.village_id,
            "kbli": list(business.kbli),
            "sector": business.sector,
            "year_founded": business.year_founded,
            "workforce_total": business.workforce_total,
            "workforce_women": business.workforce_women,
            "workforce_youth": business.workforce_youth,
            "capital": business.capital,
            "annual_sales": business.annual_sales,
            "associations": [a.pk for a in business.associations.all()],
            "trademark_number": business.trademark_number,
            "latitude": business.latitude,
            "longitude": business.longitude,
        }

    def clean_nib(self):
        nib = self.cleaned_data["nib"]
        message = nib_taken_message(nib, user=self.user, exclude_pk=self.instance.pk)
        if message:
            raise ValidationError(message, code="nib_taken")
        return nib

    def clean(self):
        cleaned = super().clean()
        for name in WORKFORCE_FIELDS:
            if cleaned.get(name) is None and not self.has_error(name):
                cleaned[name] = 0
        if not cleaned.get("legal_form") and not self.has_error("legal_form"):
            cleaned["legal_form"] = LegalForm.PERORANGAN
        lat, lng = cleaned.get("latitude"), cleaned.get("longitude")
        if (lat is None) != (lng is None) and not (
            self.has_error("latitude") or self.has_error("longitude")
        ):
            self.add_error(
                "longitude" if lng is None else "latitude",
                _("Isi lintang dan bujur bersama-sama, atau kosongkan keduanya."),
            )
        if lat is not None and not -90 <= lat <= 90:
            self.add_error("latitude", _("Lintang harus antara -90 dan 90."))
        if lng is not None and not -180 <= lng <= 180:
            self.add_error("longitude", _("Bujur harus antara -180 dan 180."))
        return cleaned

    def validate_unique(self):
        # The NIB is checked in clean_nib with a message that depends on the user.
        pass

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("village", "associations")}
        data["village_id"] = self.cleaned_data["village"].pk
        return data


# --- The business form in steps ------------------------------------------------


class RegistrationStep:
    """One page of the business form: its slug in the address, title and fields."""

    def __init__(self, slug: str, title, fields: tuple[str, ...]):
        self.slug, self.title, self.fields = slug, title, fields


REGISTRATION_STEPS = (
    RegistrationStep(
        "identitas",
        _("Identitas usaha dan NIB"),
        ("nib", "name", "legal_form", "owner_name", "phone", "email", "trademark_number"),
    ),
    RegistrationStep("alamat", _("Alamat usaha"), ("address", "village", "latitude", "longitude")),
    RegistrationStep(
        "usaha",
        _("Sektor dan skala usaha"),
        (
            "sector",
            "kbli",
            "year_founded",
            "workforce_total",
            "workforce_women",
            "workforce_youth",
            "capital",
            "annual_sales",
            "associations",
        ),
    ),
)
STEP_OF_FIELD = {name: step for step in REGISTRATION_STEPS for name in step.fields}


class BusinessStepForm(BusinessForm):
    """The fields of one step of `BusinessForm`, with the same rules. The point on the
    map is not typed: "Gunakan lokasi saya" fills the hidden latitude and longitude."""

    def __init__(self, *args, step: RegistrationStep, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        for name in list(self.fields):
            if name not in step.fields:
                del self.fields[name]
        for name in ("latitude", "longitude"):
            if name in self.fields:
                self.fields[name].widget = forms.HiddenInput()

    def clean(self):
        cleaned = super().clean()
        # BusinessForm.clean fills the defaults of every step; keep this step's only.
        return {k: v for k, v in cleaned.items() if k in self.fields}


def form_data_as_strings(data: dict) -> dict:
    """Form data that can be kept in the session (JSON): strings and lists of strings."""
    out = {}
    for key, value in data.items():
        if value is None:
            out[key] = ""
        elif isinstance(value, list | tuple):
            out[key] = [str(v) for v in value]
        else:
            out[key] = str(value)
    if isinstance(data.get("kbli"), list | tuple):
        out["kbli"] = ", ".join(str(v) for v in data["kbli"])
    return out


# --- Product ---------------------------------------------------------------------


class ProductForm(forms.ModelForm):
    price = RupiahField(
        label=_("Harga (Rp)"),
        max_length=40,
        error_messages={"required": _("Harga wajib diisi.")},
        widget=rupiah_widget(),
    )

    class Meta:
        model = Product
        fields = [
            "name",
            "description",
            "sector",
            "category",
            "technique",
            "motif",
            "dye",
            "fabric",
            "size",
            "price",
            "availability",
            "is_published",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "name": {"required": _("Nama produk wajib diisi.")},
            "sector": {"required": _("Pilih sektor produk.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technique"].help_text = _(
            "Untuk produk batik. Kain bermotif batik yang dicetak adalah "
            "“tiruan batik / printing motif batik” (SNI 0239:2019), bukan batik, "
            "dan tidak dapat memperoleh sertifikat batik."
        )

    @classmethod
    def data_from(cls, product: Product) -> dict:
        return {f: getattr(product, f) for f in cls._meta.fields}

    def clean_price(self):
        price = self.cleaned_data["price"]
        if price is not None and price <= 0:
            raise ValidationError(_("Harga harus lebih dari Rp 0."))
        return price

    def clean(self):
        cleaned = super().clean()
        sector, technique = cleaned.get("sector"), cleaned.get("technique")
        if sector == Sector.BATIK and not technique and not self.has_error("technique"):
            self.add_error(
                "technique",
                _(
                    "Pilih teknik batik; bila motifnya dicetak pilih "
                    "“tiruan batik / printing motif batik”."
                ),
            )
        # A technique on a non-batik product is refused by Product.clean (at the field).
        return cleaned

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


# --- Photos --------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """One or more photos, each checked by content and re-encoded."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            # image/* lets a phone offer its camera and gallery (and convert HEIC);
            # the server still accepts only JPEG, PNG and WebP, checked by content.
            MultipleFileInput(attrs={"accept": "image/*"}),
        )
        kwargs.setdefault("error_messages", {"required": _("Pilih foto yang akan diunggah.")})
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [f for f in files if f]
        if not files:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_PRODUCT_PHOTOS:
            raise ValidationError(
                _("Paling banyak %(max)s foto sekaligus.") % {"max": MAX_PRODUCT_PHOTOS}
            )
        processed, errors = [], []
        for upload in files:
            try:
                processed.append(process_image(upload))
            except ValidationError as exc:
                name = getattr(upload, "name", "") or _("berkas")
                errors.extend(f"{name}: {message}" for message in exc.messages)
        if errors:
            raise ValidationError(errors)
        return processed


class PhotoUploadForm(forms.Form):
    photos = PhotosField(
        label=_("Foto"),
        help_text=_("JPEG, PNG atau WebP, paling besar 5 MB per foto, paling banyak 8 foto."),
    )


# --- Facilitation ----------------------------------------------------------------


class ConsentForm(forms.Form):
    """How the owner consented that a facilitator registers the business for them."""

    method = forms.ChoiceField(
        label=_("Cara persetujuan"),
        # What a facilitator records; "given by the owner in Kriya" is the owner's own act.
        choices=[(m.value, m.label) for m in ConsentMethod if m != ConsentMethod.OWNER_ONLINE],
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih cara persetujuan.")},
    )
    declared_by = forms.CharField(
        label=_("Nama yang menyatakan persetujuan"),
        max_length=150,
        error_messages={"required": _("Tulis nama pemilik yang menyatakan persetujuan.")},
    )
    declared_at = forms.DateTimeField(
        label=_("Waktu pernyataan"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": _("Isi waktu pernyataan."),
            "invalid": _("Tulis waktu seperti 2026-01-31 09:30."),
        },
    )
    statement = forms.FileField(
        label=_("Surat pernyataan bertanda tangan"),
        required=False,
        help_text=_("PDF, JPEG atau PNG, paling besar 10 MB. Wajib bila persetujuan tertulis."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def clean_declared_at(self):
        value = self.cleaned_data["declared_at"]
        if value and value > timezone.now():
            raise ValidationError(_("Waktu pernyataan tidak boleh di masa depan."))
        return value

    def clean_statement(self):
        upload = self.cleaned_data.get("statement")
        if upload:
            check_document(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("method") == ConsentMethod.SIGNED_STATEMENT
            and not cleaned.get("statement")
            and not self.has_error("statement")
        ):
            self.add_error("statement", _("Unggah surat pernyataan bertanda tangan."))
        return cleaned

    def consent_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("method", "declared_by", "declared_at")}


class GrantConsentForm(forms.Form):
    """The owner names the facilitator (by the e-mail of their Kriya account)."""

    email = forms.EmailField(
        label=_("E-mail akun pendamping"),
        help_text=_(
            "Pendamping (petugas dinas, asosiasi atau pendamping halal) dapat melihat dan "
            "mengubah usaha ini sampai Anda mencabut persetujuan ini."
        ),
        error_messages={
            "required": _("Tulis alamat e-mail akun pendamping."),
            "invalid": _("Alamat e-mail tidak valid."),
        },
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail pemilik (opsional)"),
        required=False,
        help_text=_(
            "Bila diisi, tautan dikirim ke alamat ini dan hanya akun itu yang dapat klaim."
        ),
        error_messages={"invalid": _("Alamat e-mail tidak valid.")},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib untuk mengembalikan atau membekukan."),
    )


# --- Filters (regency workspace and API) ------------------------------------------


class BusinessFilterForm(forms.Form):
    """Search and filters of the business list. `regencies` limits the regency codes
    the user may filter on (None: any)."""

    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
    regency = forms.CharField(label=_("Kabupaten/kota"), required=False, max_length=5)
    district = forms.CharField(label=_("Kecamatan"), required=False, max_length=8)
    village = forms.CharField(label=_("Desa/kelurahan"), required=False, max_length=13)
    sector = forms.ChoiceField(
        label=_("Sektor"), required=False, choices=[("", _("Semua"))] + Sector.choices
    )
    size_class = forms.ChoiceField(
        label=_("Kelas usaha"), required=False, choices=[("", _("Semua"))] + SizeClass.choices
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua"))] + BusinessStatus.choices
    )

    def __init__(self, *args, regencies=None, **kwargs):
        self.regencies = regencies
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        regency, district, village = (
            cleaned.get("regency", ""),
            cleaned.get("district", ""),
            cleaned.get("village", ""),
        )
        if regency and (
            (self.regencies is not None and regency not in self.regencies)
            or not Region.objects.filter(code=regency, level=Level.REGENCY).exists()
        ):
            self.add_error("regency", _("Kabupaten/kota tidak dikenal atau di luar wilayah Anda."))
        scope = [regency] if regency else (self.regencies or [])
        if district and (
            (scope and not any(district.startswith(code + ".") for code in scope))
            or not Region.objects.filter(code=district, level=Level.DISTRICT).exists()
        ):
            self.add_error("district", _("Kecamatan tidak dikenal di wilayah ini."))
        if village and (
            (district and not village.startswith(district + "."))
            or (scope and not any(village.startswith(code + ".") for code in scope))
            or not Region.objects.filter(code=village, level=Level.VILLAGE).exists()
        ):
            self.add_error("village", _("Desa/kelurahan tidak dikenal di kecamatan ini."))
        return cleaned

    def filters(self) -> dict:
        """The valid, non-empty filters (invalid ones are dropped)."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}
