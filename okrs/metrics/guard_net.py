"""The network rules: a URL's host must resolve to public addresses only, unless the operator
allows a network (OKRS_BINDING_ALLOWED_NETWORKS, CIDRs).

Loopback, link-local, private, multicast, reserved and unspecified addresses are refused;
the cloud metadata addresses are refused even inside an allowed network, unless that
network is the address itself.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from okrs.metrics.base import MetricError

if TYPE_CHECKING:
    from okrs.metrics.guard import Guard

NETWORKS_SETTING = "OKRS_BINDING_ALLOWED_NETWORKS"
METADATA = (ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254"))
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def address_refusal(guard: Guard, text: str) -> str | None:
    """Why connecting to the address `text` is refused, or None when it is allowed."""
    address: Address = ipaddress.ip_address(text.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    networks = [ipaddress.ip_network(network, strict=False) for network in guard.allowed_networks]
    if address in METADATA:
        if any(network.num_addresses == 1 and address in network for network in networks):
            return None
        return f"{address} is a cloud metadata address"
    if any(address in network for network in networks):
        return None
    for test, name in (
        (address.is_loopback, "loopback"),
        (address.is_link_local, "link-local"),
        (address.is_multicast, "multicast"),
        (address.is_unspecified, "unspecified"),
        (address.is_reserved, "reserved"),
        (address.is_private, "private"),
    ):
        if test:
            return f"{address} is a {name} address, not allowed by {NETWORKS_SETTING}"
    return None


def check_address(guard: Guard, source: str, text: str) -> None:
    problem = address_refusal(guard, text)
    if problem is not None:
        raise MetricError(source, f"refused: {problem}")


def resolve(source: str, host: str, port: int) -> list[str]:
    """Every address `host` resolves to (an address stays itself)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise MetricError(source, f"is unreachable: host {host} does not resolve") from error
    return list(dict.fromkeys(str(item[4][0]) for item in found))


def url_host(source: str, url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise MetricError(source, "is not an http(s) URL")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise MetricError(source, "has a port that is not a number") from None
    return parts.scheme, parts.hostname, port


def check_url(guard: Guard, source: str, url: str, *, at_bind: bool = False) -> list[str]:
    """The addresses to connect to, each checked. At bind time a host that does not resolve
    here is let through: it is checked again, resolved, each time it is read."""
    _, host, port = url_host(source, url)
    try:
        addresses = resolve(source, host, port)
    except MetricError:
        if at_bind:
            return []
        raise
    for address in addresses:
        check_address(guard, source, address)
    return addresses
