"""What each verdict is called and means, for the page and the API (Indonesian msgids)."""

from django.utils.translation import gettext_lazy as _

from .models import PASS_TYPES
from .offline import Verdict

# verdict → (title, explanation, tone for the badge)
VERDICTS = {
    Verdict.VALID: (_("Sah"), _("Dokumen ini asli dan berlaku."), "ok"),
    Verdict.SUSPENDED: (
        _("Dibekukan"),
        _("Dokumen ini asli, tetapi sedang dibekukan dan tidak berlaku selama pembekuan."),
        "warn",
    ),
    Verdict.WITHDRAWN: (
        _("Dicabut"),
        _("Dokumen ini asli, tetapi telah dicabut dan tidak berlaku lagi."),
        "bad",
    ),
    Verdict.EXPIRED: (
        _("Kedaluwarsa"),
        _("Dokumen ini asli, tetapi masa berlakunya telah habis."),
        "warn",
    ),
    Verdict.SUPERSEDED: (
        _("Digantikan"),
        _("Dokumen ini asli, tetapi telah digantikan oleh dokumen yang lebih baru."),
        "warn",
    ),
    Verdict.SIGNATURE_INVALID: (
        _("Tanda tangan tidak sah"),
        _("Isi kode ini telah diubah atau rusak. Jangan percayai dokumen ini."),
        "bad",
    ),
    Verdict.UNKNOWN_KEY: (
        _("Kunci tidak dikenal"),
        _(
            "Kode ini ditandatangani dengan kunci yang tidak dikenal Kriya. Jangan percayai dokumen ini."
        ),
        "bad",
    ),
    Verdict.NOT_REGISTERED: (
        _("Tidak terdaftar"),
        _("Kode atau nomor ini tidak terdaftar di Kriya."),
        "bad",
    ),
    Verdict.KEY_REVOKED: (
        _("Kunci penanda tangan dicabut"),
        _(
            "Kode ini ditandatangani dengan kunci yang telah dicabut karena bocor, pada atau "
            "setelah saat kebocorannya. Jangan percayai dokumen ini; pemegang yang sah dapat "
            "meminta penerbit menerbitkannya ulang."
        ),
        "bad",
    ),
    # Only an offline verifier reaches these two (about its downloaded status list).
    Verdict.STATUS_LIST_INVALID: (
        _("Daftar status tidak sah"),
        _("Daftar status yang dipakai telah diubah atau rusak. Unduh ulang daftar status."),
        "bad",
    ),
    Verdict.STATUS_LIST_EXPIRED: (
        _("Daftar status kedaluwarsa"),
        _("Daftar status yang dipakai sudah lewat masa berlakunya. Unduh daftar terbaru."),
        "warn",
    ),
}

# A pass (training_pass, exhibitor_pass) is shown at a door: the texts name it.
PASS_VERDICTS = {
    Verdict.VALID: (_("Sah"), _("Tanda peserta ini asli dan berlaku."), "ok"),
    Verdict.SUSPENDED: (
        _("Dibekukan"),
        _("Tanda peserta ini asli, tetapi sedang dibekukan: pemegangnya belum boleh masuk."),
        "warn",
    ),
    Verdict.WITHDRAWN: (
        _("Dicabut"),
        _("Tanda peserta ini asli, tetapi telah dicabut dan tidak berlaku lagi."),
        "bad",
    ),
    Verdict.EXPIRED: (
        _("Kedaluwarsa"),
        _("Tanda peserta ini asli, tetapi masa berlakunya telah habis."),
        "warn",
    ),
    Verdict.SUPERSEDED: (
        _("Digantikan"),
        _(
            "Tanda peserta ini telah diganti dengan yang baru. Minta pemegang menunjukkan yang baru."
        ),
        "warn",
    ),
}


def verdict_text(verdict, doc_type: str = "") -> tuple:
    """(title, explanation, tone) of a verdict, in the words of the document's type."""
    if doc_type in PASS_TYPES and verdict in PASS_VERDICTS:
        return PASS_VERDICTS[verdict]
    return VERDICTS[verdict]


EMPTY_QUERY = _("Isi kode QR atau nomor dokumen.")
