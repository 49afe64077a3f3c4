"""Messages shared by the pages and the API (kept here so they are translated with
the app's own catalogue)."""

from django.utils.translation import gettext_lazy as _

UNAVAILABLE = _("Tindakan ini tidak tersedia pada tahap ini.")
UNKNOWN_ACTION = _("Tindakan tidak dikenal.")
NOT_REGISTERED = _("Tidak terdaftar")
FOREIGN_PRODUCT = _("Produk bukan milik usaha ini.")
