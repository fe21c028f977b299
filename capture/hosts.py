"""Which hosts belong to the app, and which capture targets a shared server may reach.

Pure functions, except :func:`check_public_target`, which resolves a host name.

- First party: a host is the app's own when it is the target host or shares its site (the
  registrable domain, approximated without a public-suffix list: the last two labels, or three
  when the second-level label is a short one such as ``co.uk``). IP addresses match only
  themselves. Everything else is a third party, shown in the live view but left out of inference
  unless the user includes it.
- Outbound safety: a wiretable reachable beyond localhost must not become a way into the private
  network it runs in, so private, loopback, link-local and other non-global addresses are refused
  as targets unless the settings allow them. This is the early check of a job's target; the
  capture proxy checks every connection again and pins it to the address it checked
  (``capture.pinning``).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from capture.pinning import is_public_address
from kernel.errors import CaptureError

_SHORT_SLD = frozenset({"co", "com", "net", "org", "gov", "edu", "ac", "or", "ne", "go", "gob", "mil"})


def url_host(url: str) -> str:
    """The lowercased host of ``url`` without port or brackets, or '' when it has none."""
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def site(host: str) -> str:
    """The registrable domain of ``host`` (approximate); an IP address is its own site."""
    host = host.lower().rstrip(".")
    if _is_ip(host) or "." not in host:
        return host
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SHORT_SLD and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def is_first_party(host: str, target_host: str | None) -> bool:
    """True when ``host`` is the app's own (see the module doc); everything is when there is no target."""
    if not target_host:
        return True
    host, target_host = host.lower().rstrip("."), target_host.lower().rstrip(".")
    return host == target_host or site(host) == site(target_host)


def check_public_target(url: str) -> None:
    """CaptureError unless every address ``url``'s host resolves to is public (see the module doc)."""
    host = url_host(url)
    if not host:
        raise CaptureError(f"the URL has no host: {url!r}", url=url)
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise CaptureError(f"cannot resolve {host}: {exc}", url=url) from exc
    for info in infos:
        address = str(info[4][0])
        if not is_public_address(address):
            raise CaptureError(
                f"refused: {host} is a private, loopback or link-local address ({address}); this wiretable is "
                "reachable from other machines, so such targets need WIRETABLE_ALLOW_PRIVATE_TARGETS=true",
                url=url,
            )


def is_loopback_host(host: str | None) -> bool:
    """True for ``localhost`` and loopback addresses (the server side of a local-only connection)."""
    if not host:
        return False
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
