from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .access import is_staff_user

# Pages a staff user without TOTP may still reach: sign-in, the MFA set-up and sign-out.
_OPEN_PREFIXES = ("/akun/", "/i18n/", "/static/", "/media/", "/healthz", "/api/")


class StaffTwoFactorMiddleware:
    """Staff roles must turn on TOTP before they use Kriya (KRIYA_REQUIRE_STAFF_2FA)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.KRIYA_REQUIRE_STAFF_2FA
            and not request.path.startswith(_OPEN_PREFIXES)
            and request.user.is_authenticated
            and is_staff_user(request.user)
            and not Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            messages.warning(
                request,
                _(
                    "Peran Anda mewajibkan verifikasi dua langkah. Aktifkan aplikasi autentikator dulu."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
