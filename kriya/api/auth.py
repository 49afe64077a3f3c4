from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from .models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer kry_…` — an administrator-issued integration token."""

    def authenticate(self, request, token):
        found = (
            ApiToken.objects.active()
            .select_related("user")
            .filter(key_hash=hash_token(token), user__is_active=True)
            .first()
        )
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class BrowserSession(SessionAuth):
    """The signed-in browser session; unsafe methods need the CSRF token."""


token_or_session = [TokenAuth(), BrowserSession()]
