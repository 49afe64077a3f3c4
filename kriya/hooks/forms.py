from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from kriya.accounts.models import User

from .events import Event


class SubscriberForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=120)
    url = forms.URLField(
        label=_("Alamat (URL)"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Alamat HTTPS milik integrator yang menerima POST berisi JSON."),
    )
    events = forms.MultipleChoiceField(
        label=_("Peristiwa"), choices=Event.choices, widget=forms.CheckboxSelectMultiple
    )
    owner_email = forms.EmailField(
        label=_("E-mail penanggung jawab"),
        help_text=_("Akun Kriya yang diberi tahu bila pengiriman terus gagal."),
    )
    is_active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    def clean_url(self):
        url = self.cleaned_data["url"]
        if urlsplit(url).scheme not in ("https", "http"):
            raise forms.ValidationError(_("Alamat harus diawali https://."))
        return url

    def clean_owner_email(self):
        email = self.cleaned_data["owner_email"]
        owner = User.objects.filter(email__iexact=email, is_active=True).first()
        if owner is None:
            raise forms.ValidationError(_("Tidak ada akun aktif dengan e-mail ini."))
        self.cleaned_data["owner"] = owner
        return email

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "url": data["url"],
            "events": list(data["events"]),
            "owner": data["owner"],
            "is_active": data["is_active"],
        }

    @classmethod
    def initial_from(cls, subscriber) -> dict:
        return {
            "name": subscriber.name,
            "url": subscriber.url,
            "events": list(subscriber.events),
            "owner_email": subscriber.owner.email,
            "is_active": subscriber.is_active,
        }
