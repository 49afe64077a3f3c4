"""The catalogue's search and filter form (GET, Indonesian parameter names)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kriya.registry.models import Sector, Technique
from kriya.registry.normalize import parse_rupiah

from . import badges
from .search import Filters, SearchQuery

# Parameter value → search sort.
SORTS = {
    "relevan": "relevance",
    "terbaru": "newest",
    "termurah": "price",
    "termahal": "-price",
}
SORT_CHOICES = [
    ("", _("Paling relevan")),
    ("terbaru", _("Terbaru")),
    ("termurah", _("Harga terendah")),
    ("termahal", _("Harga tertinggi")),
]


MAX_PRICE = 10**12  # far above any craft product; keeps the number inside 64 bits


class RupiahField(forms.CharField):
    """'Rp 150.000', '150rb' or '150000' → 150000."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "size": 10, "maxlength": 20})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            amount = parse_rupiah(value[:40])
        except ValidationError:
            raise ValidationError(_("Tulis harga dalam rupiah, misalnya 150000.")) from None
        if amount is not None and amount > MAX_PRICE:
            raise ValidationError(_("Harga terlalu besar."))
        return amount


class CatalogueForm(forms.Form):
    q = forms.CharField(
        label=_("Cari produk"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("misalnya batik tulis, selendang")}
        ),
    )
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    sektor = forms.ChoiceField(
        label=_("Sektor"), required=False, choices=[("", _("Semua sektor")), *Sector.choices]
    )
    teknik = forms.ChoiceField(
        label=_("Teknik batik"),
        required=False,
        choices=[("", _("Semua teknik")), *Technique.choices],
    )
    harga_min = RupiahField(label=_("Harga dari (Rp)"), required=False)
    harga_max = RupiahField(label=_("Harga sampai (Rp)"), required=False)
    sertifikat = forms.ChoiceField(label=_("Sertifikat"), required=False)
    urut = forms.ChoiceField(label=_("Urutkan"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, districts=(), **kwargs):
        super().__init__(*args, **kwargs)
        by_regency: dict[str, list] = {}
        for d in districts:  # grouped: two regencies may both have a "Sukapura"
            by_regency.setdefault(d.parent.name if d.parent else "", []).append((d.code, d.name))
        self.fields["kecamatan"].choices = [("", _("Semua kecamatan")), *by_regency.items()]
        types = badges.certificate_types()
        self.fields["sertifikat"].choices = [("", _("Semua"))] + list(types)
        if not types:  # no certificates yet: no filter to offer
            del self.fields["sertifikat"]

    def clean(self):
        data = super().clean()
        low, high = data.get("harga_min"), data.get("harga_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "harga_max", _("Harga sampai harus sama atau lebih besar dari harga dari.")
            )
        return data

    def value(self, name, default=None):
        """A valid field's value; an invalid one counts as not given."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name, default) if name not in self.errors else default

    def search_query(self) -> SearchQuery:
        filters = Filters(
            district=self.value("kecamatan") or "",
            sector=self.value("sektor") or "",
            technique=self.value("teknik") or "",
            price_min=self.value("harga_min"),
            price_max=self.value("harga_max"),
            certificate=self.value("sertifikat") or "",
        )
        return SearchQuery(
            text=self.value("q") or "",
            filters=filters,
            sort=SORTS.get(self.value("urut") or "", ""),
        )
