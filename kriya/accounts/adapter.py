import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kriya.core import audit

from . import throttle
from .models import User
from .network import client_ip

log = logging.getLogger("kriya.security")


def _login_of(credentials) -> str:
    return (credentials.get("email") or credentials.get("username") or "").strip().lower()


@dataclass(frozen=True)
class KriyaSite:
    """What the account e-mails call the site: "Kriya" and the public address
    (KRIYA_SITE_NAME, KRIYA_PUBLIC_URL), never the host the request came in on."""

    name: str
    domain: str


def kriya_site() -> KriyaSite:
    public = getattr(settings, "KRIYA_PUBLIC_URL", "")
    return KriyaSite(
        name=getattr(settings, "KRIYA_SITE_NAME", "Kriya"),
        domain=urlsplit(public).netloc or public,
    )


class AccountAdapter(DefaultAccountAdapter):
    """Login throttling (kriya.accounts.throttle) instead of allauth's hard lockout,
    the client address from `network.client_ip` (trusted proxies only), and a log line
    and audit event for every failed or refused attempt. The e-mails speak as Kriya,
    and the messages a person meets use Kriya's wording ("kata sandi", "Anda")."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("Akun ini sedang tidak aktif."),
        "duplicate_email": _("Alamat e-mail ini sudah terhubung dengan akun Anda."),
        "email_password_mismatch": _("Alamat e-mail atau kata sandi tidak cocok."),
        "email_taken": _(
            "Alamat e-mail ini sudah terdaftar. Masuk, atau pakai “Lupa kata sandi?”."
        ),
        "enter_current_password": _("Ketik kata sandi Anda sekarang."),
        "incorrect_password": _("Kata sandi salah."),
        "invalid_or_expired_key": _("Tautan ini tidak berlaku lagi atau sudah dipakai."),
        "invalid_password_reset": _(
            "Tautan untuk mengganti kata sandi tidak berlaku lagi. Minta tautan baru."
        ),
        "unknown_email": _("Alamat e-mail ini tidak terhubung dengan akun mana pun."),
        "unverified_primary_email": _("Alamat e-mail utama Anda harus dikonfirmasi dulu."),
        "too_many_login_attempts": _("Terlalu banyak percobaan masuk yang gagal. Coba lagi nanti."),
        "rate_limited": _("Terlalu banyak permintaan. Tunggu sebentar lalu coba lagi."),
        "same_as_current": _("Isian baru harus berbeda dari yang sekarang."),
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth would fill `current_site` from the request's host ("Halo dari
        # 127.0.0.1:8101!"); the templates in kriya/templates/account/email/ greet
        # from Kriya and read the site from here.
        super().send_mail(template_prefix, email, {**context, "current_site": kriya_site()})

    def get_client_ip(self, request) -> str:
        # allauth's rate limits and notification e-mails read the address through here.
        return client_ip(request) or super().get_client_ip(request)

    def pre_authenticate(self, request, **credentials):
        super().pre_authenticate(request, **credentials)
        login = _login_of(credentials)
        wait = throttle.wait_before_attempt(request, login)
        if wait:
            ip = client_ip(request)
            log.warning("login throttled: account=%s ip=%s wait=%ss", login, ip, wait)
            audit.record(
                actor=None,
                verb="account.login_throttled",
                data={"email": login, "ip": ip, "wait_seconds": wait},
            )
            raise ValidationError(
                ngettext(
                    "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(wait)d detik.",
                    "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(wait)d detik.",
                    wait,
                )
                % {"wait": wait},
                code="too_many_login_attempts",
            )

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            throttle.record_success(request, _login_of(credentials))
        return user

    def authentication_failed(self, request, **credentials):
        login = _login_of(credentials)
        ip = client_ip(request)
        log.info("login failed: account=%s ip=%s", login, ip)
        audit.record(actor=None, verb="account.login_failed", data={"email": login, "ip": ip})
        failures = throttle.record_failure(request, login)
        if throttle.should_notify_owner(login, failures):
            self._notify_owner_of_failures(request, login, failures)

    def _notify_owner_of_failures(self, request, login: str, failures: int) -> None:
        owner = User.objects.filter(email__iexact=login, is_active=True).first()
        if owner is None:
            return
        log.warning("login failures notice sent: account=%s failures=%s", login, failures)
        audit.record(
            actor=None,
            verb="account.login_failures_notified",
            obj=owner,
            data={"failures": failures},
        )
        self.send_mail(
            "account/email/login_failures",
            owner.email,
            {
                "failures": failures,
                "ip": client_ip(request),
                "timestamp": timezone.localtime(),
            },
        )

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        throttle.remember_browser(request, response, user.email)
        return response
