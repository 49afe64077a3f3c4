from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _

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
            raise forms.ValidationError(
                _("Nomor telepon hanya boleh berisi angka, spasi, tanda - dan +.")
            )
        return phone


# --- Sign-up, login and password forms (allauth, ACCOUNT_FORMS) ------------------
# One wording in each language: "kata sandi", "Anda", "e-mail"; no colons after labels;
# plain help text instead of the validators' list.


LABELS = {
    "email": _("Alamat e-mail"),
    "login": _("Alamat e-mail"),
    "password": _("Kata sandi"),
    "oldpassword": _("Kata sandi sekarang"),
    "password1": _("Kata sandi"),
    "password2": _("Ketik ulang kata sandi"),
    "remember": _("Tetap masuk di perangkat ini"),
}
REQUIRED = {
    "email": _("Tulis alamat e-mail Anda."),
    "login": _("Tulis alamat e-mail Anda."),
    "password": _("Tulis kata sandi Anda."),
    "oldpassword": _("Tulis kata sandi Anda sekarang."),
    "password1": _("Buat kata sandi."),
    "password2": _("Ketik ulang kata sandi."),
}
NEW_PASSWORD_HELP = _(
    "Paling sedikit 8 karakter. Jangan hanya angka, dan jangan kata yang mudah ditebak "
    "atau mirip alamat e-mail Anda."
)


class KriyaAccountFormMixin:
    new_password_labels = {}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        labels = {**LABELS, **self.new_password_labels}
        for name, field in self.fields.items():
            if name in labels:
                field.label = labels[name]
            field.widget.attrs.pop("placeholder", None)
            field.help_text = ""
            if name in REQUIRED:
                field.error_messages["required"] = REQUIRED[name]
        if "password1" in self.fields:
            self.fields["password1"].help_text = NEW_PASSWORD_HELP
        if "email" in self.fields:
            self.fields["email"].widget.attrs.update(
                {"autocomplete": "email", "inputmode": "email"}
            )


class SignupForm(KriyaAccountFormMixin, allauth_forms.SignupForm):
    pass


class LoginForm(KriyaAccountFormMixin, allauth_forms.LoginForm):
    pass


class ResetPasswordForm(KriyaAccountFormMixin, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(KriyaAccountFormMixin, allauth_forms.ResetPasswordKeyForm):
    new_password_labels = {"password1": _("Kata sandi baru")}


class ChangePasswordForm(KriyaAccountFormMixin, allauth_forms.ChangePasswordForm):
    new_password_labels = {"password1": _("Kata sandi baru")}


class SetPasswordForm(KriyaAccountFormMixin, allauth_forms.SetPasswordForm):
    pass
