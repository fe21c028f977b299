"""Who the client of a request is, directly or behind a reverse proxy.

A request that names an earlier hop (``Forwarded``, ``X-Forwarded-For`` or ``X-Real-IP``) came
through a proxy, so the connection's peer is not the client:

- from a peer in ``WIRETABLE_TRUSTED_PROXIES`` (addresses or networks, comma-separated): the
  client is the last address of the forwarded chain that is not itself a trusted proxy, read from
  the right, since only the hops the trusted proxies appended are known to be true;
- from any other peer on loopback (a proxy on this host that nobody said to trust): the client is
  unknown, so never local, whatever the headers claim;
- from any other peer: the headers are ignored and the peer is the client.

Without those headers the peer is the client. Headers that disagree with each other, or a hop
that is not an address (``unknown``, an obfuscated name), also leave the client unknown. The app
serves with uvicorn's own forwarded-header handling off, so the peer seen here is the real one.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from typing import Any

from kernel.errors import WiretableError

IP = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

#: Where the middleware leaves the client's address (None: unknown) for routes and pages.
CLIENT_KEY = "wiretable.client"
_FOR = re.compile(r'(?:^|;)\s*for\s*=\s*("(?:[^"\\]|\\.)*"|[^;,\s]*)', re.I)


def parse_networks(text: str) -> tuple[Network, ...]:
    """``WIRETABLE_TRUSTED_PROXIES``: addresses or CIDR networks separated by commas or spaces."""
    out: list[Network] = []
    for item in re.split(r"[,\s]+", text.strip()):
        if not item:
            continue
        try:
            out.append(ipaddress.ip_network(item.strip("[]"), strict=False))
        except ValueError:
            raise WiretableError(f"WIRETABLE_TRUSTED_PROXIES: {item!r} is not an IP address or network "
                                 "(give addresses or CIDR networks separated by commas)") from None
    return tuple(out)


def parse_address(value: str) -> IP | None:
    """An address from a forwarded hop: bare, ``[v6]`` or ``[v6]:port``, ``v4:port``; None otherwise."""
    value = value.strip().strip('"').strip()
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(value.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _headers(scope: dict[str, Any], name: bytes) -> list[str]:
    return [bytes(v).decode("latin-1") for k, v in scope.get("headers") or [] if bytes(k).lower() == name]


def _chains(scope: dict[str, Any]) -> list[list[str]]:
    """The forwarded chains the request carries, one per kind of header, each left (first hop) to right."""
    chains = []
    forwarded = _headers(scope, b"forwarded")
    if forwarded:
        chains.append([m.group(1) for line in forwarded for element in line.split(",")
                       for m in _FOR.finditer(element)] or ["unknown"])
    xff = _headers(scope, b"x-forwarded-for")
    if xff:
        chains.append([hop for line in xff for hop in line.split(",")])
    real = _headers(scope, b"x-real-ip")
    if real:
        chains.append(real[-1:])
    return chains


class ClientAddresses:
    """The client address of a request under one trusted-proxy setting (see the module docstring)."""

    def __init__(self, trusted: Iterable[Network] = ()) -> None:
        self.trusted = tuple(trusted)

    def is_trusted(self, ip: IP | None) -> bool:
        return ip is not None and any(ip in network for network in self.trusted)

    def client(self, scope: dict[str, Any]) -> str | None:
        """The client's address as text; None when it cannot be known."""
        peer_text = (scope.get("client") or (None, None))[0]
        peer = parse_address(peer_text) if isinstance(peer_text, str) else None
        chains = _chains(scope)
        if not chains:
            return peer_text if isinstance(peer_text, str) else None
        if not self.is_trusted(peer):
            if peer is not None and peer.is_loopback:
                return None  # an untrusted proxy on this host: the real client is unknown
            return peer_text if isinstance(peer_text, str) else None
        found = {self._from_chain(chain) for chain in chains}
        if len(found) != 1:
            return None  # headers that disagree prove nothing
        address = found.pop()
        return str(address) if address is not None else None

    def _from_chain(self, chain: list[str]) -> IP | None:
        hops = [parse_address(hop) for hop in chain if hop.strip()]
        for hop in reversed(hops):
            if hop is None:
                return None
            if not self.is_trusted(hop):
                return hop
        return hops[0] if hops else None


def request_client(scope: Mapping[str, Any]) -> str | None:
    """The client address the middleware found for this request (None: unknown); the peer when
    the request did not pass the middleware."""
    if CLIENT_KEY in scope:
        found = scope[CLIENT_KEY]
        return found if isinstance(found, str) else None
    peer = (scope.get("client") or (None, None))[0]
    return peer if isinstance(peer, str) else None
