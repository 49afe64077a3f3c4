import logging

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError

from kriya.core import audit

log = logging.getLogger("kriya.security")


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


class AccountAdapter(DefaultAccountAdapter):
    """Logs failed logins and lockouts; the lockout itself is allauth's rate limit
    (settings.ACCOUNT_RATE_LIMITS: 5 per account and 5 per IP within 15 minutes)."""

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            login = credentials.get("email", "")
            log.warning("login locked out: account=%s ip=%s", login, _client_ip(request))
            audit.record(
                actor=None,
                verb="account.login_locked",
                data={"email": login, "ip": _client_ip(request)},
            )
            raise

    def authentication_failed(self, request, **credentials):
        login = credentials.get("email", "")
        log.info("login failed: account=%s ip=%s", login, _client_ip(request))
        audit.record(
            actor=None,
            verb="account.login_failed",
            data={"email": login, "ip": _client_ip(request)},
        )
