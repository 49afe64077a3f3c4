"""The address a request came from, as far as it can be believed.

Behind a reverse proxy every request arrives from the proxy's address (REMOTE_ADDR);
the client's own address is in `X-Forwarded-For`, which anyone can write. Only the
hops that the proxies listed in `KRIYA_TRUSTED_PROXIES` appended are believed: the
header is read from the right, skipping trusted hops, and the first address that is
not a trusted proxy is the client. With no trusted proxies the header is ignored.

Every place that reads a client's address (allauth's rate limits through the account
adapter, login throttling, audit and security logs) calls `client_ip`.
"""

import functools
import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"KRIYA_TRUSTED_PROXIES: {entry!r} is not an address or a CIDR network"
            ) from exc
    return tuple(networks)


def trusted_proxies() -> tuple[IPNetwork, ...]:
    """The networks of `settings.KRIYA_TRUSTED_PROXIES` (addresses count as /32 or /128)."""
    return _networks(tuple(getattr(settings, "KRIYA_TRUSTED_PROXIES", ()) or ()))


def parse_address(value: str) -> IPAddress | None:
    """An address from REMOTE_ADDR or one X-Forwarded-For hop; tolerates a port
    (`1.2.3.4:5678`, `[2001:db8::1]:443`) and brackets. None when it is no address."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address in network for network in networks)


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, unless it is a trusted proxy, in which case
    X-Forwarded-For is walked from the right past trusted hops. Empty if unknown."""
    if request is None:
        return ""
    remote = parse_address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return ""
    networks = trusted_proxies()
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    client = remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            # A trusted proxy passed on something that is no address; the nearest
            # address we can vouch for is the hop that passed it on.
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)
