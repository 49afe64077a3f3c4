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
def networks(entries: tuple[str, ...], setting: str) -> tuple[IPNetwork, ...]:
    """The networks of a setting's list of addresses or CIDR networks (an address counts
    as /32 or /128); a wrong entry stops the start with the setting's name."""
    found = []
    for entry in entries:
        try:
            found.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{setting}: {entry!r} is not an address or a CIDR network"
            ) from exc
    return tuple(found)


def in_networks(address: IPAddress, within: tuple[IPNetwork, ...]) -> bool:
    return any(address in network for network in within)


def trusted_proxies() -> tuple[IPNetwork, ...]:
    """The networks of `settings.KRIYA_TRUSTED_PROXIES` (addresses count as /32 or /128)."""
    entries = tuple(getattr(settings, "KRIYA_TRUSTED_PROXIES", ()) or ())
    return networks(entries, "KRIYA_TRUSTED_PROXIES")


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


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, unless it is a trusted proxy, in which case
    X-Forwarded-For is walked from the right past trusted hops. Empty if unknown."""
    if request is None:
        return ""
    remote = parse_address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return ""
    proxies = trusted_proxies()
    if not proxies or not in_networks(remote, proxies):
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
        if not in_networks(address, proxies):
            break
    return str(client)
