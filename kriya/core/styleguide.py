"""Sample content for the living style page /gaya/ (kriya/templates/core/style_guide.html).

Every text is translatable, so the page shows each component in both languages.
"""

from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _


class SampleForm(forms.Form):
    """A form shown bound with errors: the error summary and the field errors."""

    name = forms.CharField(label=_("Nama usaha"), max_length=120)
    phone = forms.CharField(
        label=_("Nomor ponsel"),
        help_text=_("Nomor WhatsApp pembeli menghubungi Anda, mis. 0812 3456 7890."),
    )
    sector = forms.ChoiceField(
        label=_("Bidang usaha"),
        choices=[("", _("Pilih bidang")), ("batik", _("Batik")), ("kerajinan", _("Kerajinan"))],
    )
    channel = forms.ChoiceField(
        label=_("Cara dihubungi"),
        choices=[("wa", _("WhatsApp")), ("email", _("Surel"))],
        widget=forms.RadioSelect,
        required=False,
    )
    agree = forms.BooleanField(label=_("Saya menyatakan data ini benar."))


def samples() -> dict:
    form = SampleForm(data={"name": "", "phone": "12", "sector": "", "channel": "wa"})
    form.is_valid()
    form.add_error("phone", _("Nomor ponsel diawali 08 dan terdiri dari 10–13 angka."))
    page = Paginator(list(range(60)), 10).page(3)
    return {
        "sample_form": form,
        "sample_page": page,
        "sample_tasks": [
            {"label": _("Profil usaha"), "href": "#", "status": "done"},
            {"label": _("Produk"), "href": "#", "status": "progress", "count": 2},
            {
                "label": _("Dokumen"),
                "href": "#",
                "status": "todo",
                "hint": _("NIB dan foto tempat usaha"),
            },
            {"label": _("Ajukan verifikasi"), "status": "cannot"},
        ],
        "sample_rows": [
            {"key": _("Nama usaha"), "value": "Batik Tulis Sumber Rejeki", "href": "#"},
            {"key": _("NIB"), "value": "9120 0012 3456 7", "href": "#"},
            {"key": _("Alamat"), "value": _("Jl. Raya Kraksaan 12, Kraksaan"), "href": "#"},
            {"key": _("Nomor ponsel"), "value": "", "href": "#"},
        ],
        "sample_steps": [
            {"label": _("Permohonan diajukan"), "state": "done", "note": _("2 Desember 2026")},
            {"label": _("Pemeriksaan kelengkapan"), "state": "done"},
            {"label": _("Pembayaran tagihan"), "state": "current", "note": _("Tagihan Rp 245.000")},
            {"label": _("Pengujian di laboratorium"), "state": "todo"},
            {"label": _("Laporan hasil uji terbit"), "state": "todo"},
        ],
        "sample_columns": [_("Nomor"), _("Layanan"), _("Pemohon"), _("Status"), _("Biaya")],
        "sample_table": [
            [
                "PU-2026-0012",
                _("Pengujian"),
                "Batik Tulis Sumber Rejeki",
                _("Menunggu pembayaran"),
                "Rp 245.000",
            ],
            [
                "PU-2026-0013",
                _("Sertifikasi SNI"),
                "Anyaman Pandan Makmur",
                _("Diproses"),
                "Rp 1.250.000",
            ],
            ["PU-2026-0014", _("Kalibrasi"), "Gerabah Kuning Jaya", _("Selesai"), "Rp 480.000"],
        ],
    }
