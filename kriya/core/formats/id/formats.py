"""Kriya's dates in Indonesian (FORMAT_MODULE_PATH): "2 Desember 2026", "2 Desember 2026,
14.30 WIB". See docs/content.md. Formats not named here fall back to Django's `id` locale."""

DATE_FORMAT = "j F Y"
# T is the time zone's abbreviation: WIB for Asia/Jakarta (TIME_ZONE).
DATETIME_FORMAT = "j F Y, H.i T"
TIME_FORMAT = "H.i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "j F Y"
SHORT_DATETIME_FORMAT = "j F Y, H.i T"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
