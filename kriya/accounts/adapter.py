import logging

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import ngettext

from kriya.core import audit

from . import throttle
from .models import User
from .network import client_ip

log = logging.getLogger("kriya.security")


def _login_of(credentials) -> str:
    return (credentials.get("email") or credentials.get("username") or "").strip().lower()


class AccountAdapter(DefaultAccountAdapter):
    """Login throttling (kriya.accounts.throttle) instead of allauth's hard lockout,
    the client address from `network.client_ip` (trusted proxies only), and a log line
    and audit event for every failed or refused attempt."""

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
