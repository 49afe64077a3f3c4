from django import forms

from .models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "language"]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})}

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = phone.replace(" ", "").replace("-", "")
        if digits and not digits.lstrip("+").isdigit():
            from django.utils.translation import gettext as _

            raise forms.ValidationError(
                _("Nomor telepon hanya boleh berisi angka, spasi, tanda - dan +.")
            )
        return phone
