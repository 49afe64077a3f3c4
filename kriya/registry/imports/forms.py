from django import forms
from django.utils.translation import gettext_lazy as _

from .access import import_regencies_for
from .parsing import SourceError, open_sheet

MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # about two million rows of CSV


class ImportForm(forms.Form):
    regency = forms.ModelChoiceField(
        label=_("Kabupaten/kota"), queryset=None, empty_label=None, to_field_name="code"
    )
    file = forms.FileField(
        label=_("Berkas data usaha"),
        help_text=_(
            "Excel (.xlsx) atau CSV (UTF-8, dipisah koma atau titik koma). Baris judul kolom "
            "boleh di bawah baris judul tabel. Kolom wajib: NIB, Nama Usaha, Nama Pemilik, "
            "Desa/Kelurahan."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,text/csv,application/vnd.openxmlformats-"
                "officedocument.spreadsheetml.sheet"
            }
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Uji coba saja (periksa dan hitung, tidak menyimpan)"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regencies = import_regencies_for(user).order_by("code")
        self.fields["regency"].queryset = regencies
        if regencies.count() == 1:
            self.fields["regency"].initial = regencies.first().code

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Berkas terlalu besar (paling besar %(mb)s MB). Bagi menjadi beberapa berkas.")
                % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        # Checked by content, not by name: the header must be found before we queue a job.
        try:
            sheet = open_sheet(upload)
        except SourceError as exc:
            raise forms.ValidationError(str(exc)) from None
        sheet.close()
        upload.seek(0)
        return upload
