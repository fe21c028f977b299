"""The outbound address check: resolve a host once, refuse it unless every address is public, and
pin the connection to the address that was checked.

Checking one DNS answer and then connecting by name asks the resolver a second time, and a DNS
server that answers a public address first and ``127.0.0.1`` next (DNS rebinding) gets the
connection into the private network. :func:`pin` resolves once and returns the checked address
to connect to; a host that does not resolve is refused too, since letting the connection resolve
it again would be an unchecked lookup.

Standard library only: the capture addon imports it inside mitmproxy's own environment (as
``pinning``, from beside it), and the app imports it as ``capture.pinning``.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from typing import Any

Resolver = Callable[..., Sequence[Any]]


class Refused(Exception):
    """A host the check refuses; the message says why, for the user."""


def is_public_address(address: str) -> bool:
    """True for globally routable addresses; False for private, loopback, link-local, reserved..."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return bool(ip.is_global) and not ip.is_multicast


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def pin(host: str, resolve: Resolver | None = None) -> str:
    """The address to connect to for ``host``: ``host`` itself when it is a public IP address,
    else the first address of one lookup (``resolve``, by default ``socket.getaddrinfo``) whose
    every answer is public. Raises :class:`Refused`."""
    host = host.strip("[]")
    if _is_ip(host):
        if not is_public_address(host):
            raise Refused(f"wiretable refused a private address: {host}")
        return host
    try:
        infos = (resolve or socket.getaddrinfo)(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise Refused(f"wiretable refused {host}: it does not resolve ({exc}); "
                      "its address is checked before connecting") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise Refused(f"wiretable refused {host}: it resolves to no address")
    blocked = [a for a in addresses if not is_public_address(a)]
    if blocked:
        raise Refused(f"wiretable refused a private address: {host} ({blocked[0]})")
    return addresses[0]
