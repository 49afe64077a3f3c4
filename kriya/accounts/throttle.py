"""Login throttling that slows password guessing without locking the owner out.

A hard lockout of an account ("five failures and nobody gets in for 15 minutes") lets
anyone who knows an e-mail address keep its owner out. Instead, failed logins are
counted in three places, and each count, once past its free allowance, makes the next
attempt wait a delay that doubles with every further failure (up to MAX_DELAY):

- per account and address: one guesser at one address is slowed after a few tries;
  this is the only count that applies to a browser the account has logged in from;
- per address (all accounts): one address guessing many accounts is slowed;
- per account (all addresses): guessing one account from many addresses is slowed.

The last two do not apply to a browser that carries this account's "known browser"
cookie (set after a successful login, OWASP's device-cookie scheme), so neither
another user at the same office address nor a crowd of addresses attacking the
account keeps its owner out. An attempt that must wait is refused before the password
is checked. The owner is e-mailed once a day when the account collects NOTIFY_AFTER
failures. Counters live in the cache (shared by all workers) and are forgotten WINDOW
seconds after their last failure.
"""

import ipaddress
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from .network import client_ip, parse_address

WINDOW = 60 * 60
BASE_DELAY = 30
MAX_DELAY = 15 * 60
FREE_PER_ACCOUNT_AND_ADDRESS = 5
FREE_PER_ADDRESS = 20
FREE_PER_ACCOUNT = 20
NOTIFY_AFTER = 10
NOTIFY_EVERY = 24 * 60 * 60

KNOWN_BROWSER_COOKIE = "kriya_known"
KNOWN_BROWSER_AGE = 90 * 24 * 60 * 60
_KNOWN_BROWSER_SALT = "kriya.accounts.throttle.known-browser"
_KNOWN_BROWSER_LIMIT = 5


def now() -> float:
    return time.time()


def _digest(value: str) -> str:
    # Keyed, so that the cookie (signed, not encrypted) does not let anyone test guesses
    # of the e-mail addresses it holds.
    return salted_hmac("kriya.accounts.throttle", value, algorithm="sha256").hexdigest()[:32]


def account_key(login: str) -> str:
    return _digest(login.strip().lower())


def address_key(request) -> str:
    """The client's address; IPv6 clients are counted by their /64, which one
    subscriber usually holds whole."""
    address = parse_address(client_ip(request))
    if address is None:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False).network_address)
    return str(address)


@dataclass
class Counter:
    cache_key: str
    free: int
    failures: int = 0
    last: float = 0.0

    @classmethod
    def load(cls, cache_key: str, free: int) -> "Counter":
        stored = cache.get(cache_key) or (0, 0.0)
        return cls(cache_key=cache_key, free=free, failures=stored[0], last=stored[1])

    def wait(self, at: float) -> int:
        """Seconds until the next attempt may be checked (0 = now)."""
        if self.failures < self.free:
            return 0
        delay = min(BASE_DELAY * 2 ** (self.failures - self.free), MAX_DELAY)
        return max(0, int(self.last + delay - at + 0.999))

    def add_failure(self, at: float) -> None:
        self.failures += 1
        self.last = at
        cache.set(self.cache_key, (self.failures, self.last), WINDOW)

    def clear(self) -> None:
        cache.delete(self.cache_key)


@dataclass
class Attempt:
    """One login attempt: which counters apply to it."""

    account: str
    address: str
    known_browser: bool

    @classmethod
    def of(cls, request, login: str) -> "Attempt":
        account = account_key(login)
        return cls(
            account=account,
            address=address_key(request),
            known_browser=account in _known_accounts(request),
        )

    def pair(self) -> Counter:
        return Counter.load(
            f"kriya:login:pair:{self.account}:{self.address}", FREE_PER_ACCOUNT_AND_ADDRESS
        )

    def counters(self) -> list[Counter]:
        """The counts that apply: a known browser answers only for itself."""
        if self.known_browser:
            return [self.pair()]
        return [
            self.pair(),
            Counter.load(f"kriya:login:address:{self.address}", FREE_PER_ADDRESS),
            Counter.load(f"kriya:login:account:{self.account}", FREE_PER_ACCOUNT),
        ]

    def account_failures(self) -> int:
        return Counter.load(f"kriya:login:account:{self.account}", FREE_PER_ACCOUNT).failures


def wait_before_attempt(request, login: str) -> int:
    """Seconds this client must wait before a password for `login` is checked."""
    at = now()
    return max(counter.wait(at) for counter in Attempt.of(request, login).counters())


def record_failure(request, login: str) -> int:
    """Count a wrong password; returns the account's failures in the window. A known
    browser's failures count only against itself: the owner mistyping is no attack."""
    at = now()
    attempt = Attempt.of(request, login)
    for counter in attempt.counters():
        counter.add_failure(at)
    return attempt.account_failures()


def record_success(request, login: str) -> None:
    """The right password from this address: its own count starts again. The address
    and account counts stay, so a guesser cannot wipe them by logging in to an
    account of their own in between."""
    Attempt.of(request, login).pair().clear()


def should_notify_owner(login: str, failures: int) -> bool:
    """True once per NOTIFY_EVERY when the account reaches NOTIFY_AFTER failures."""
    if failures < NOTIFY_AFTER:
        return False
    return cache.add(f"kriya:login:notified:{account_key(login)}", True, NOTIFY_EVERY)


def _known_accounts(request) -> list[str]:
    if request is None:
        return []
    raw = request.COOKIES.get(KNOWN_BROWSER_COOKIE)
    if not raw:
        return []
    try:
        value = signing.loads(raw, salt=_KNOWN_BROWSER_SALT, max_age=KNOWN_BROWSER_AGE)
    except signing.BadSignature:
        return []
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def remember_browser(request, response, login: str) -> None:
    """Mark this browser as one the account logged in from (a signed cookie)."""
    account = account_key(login)
    accounts = [account] + [a for a in _known_accounts(request) if a != account]
    response.set_cookie(
        KNOWN_BROWSER_COOKIE,
        signing.dumps(accounts[:_KNOWN_BROWSER_LIMIT], salt=_KNOWN_BROWSER_SALT),
        max_age=KNOWN_BROWSER_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
