"""Planted secrets of many kinds, found by VALUE (their field names say nothing), and ordinary
values of similar shape that must stay readable. Shared by the redaction tests and the corpus."""

from __future__ import annotations

import random

_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def _luhn_complete(prefix: str, length: int, rng: random.Random) -> str:
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    for check in "0123456789":
        digits = body + check
        total = 0
        for i, char in enumerate(reversed(digits)):
            d = int(char)
            if i % 2:
                d = d * 2 - 9 if d > 4 else d * 2
            total += d
        if total % 10 == 0:
            return digits
    raise AssertionError("unreachable")


def _rand(rng: random.Random, n: int, alphabet: str = _ALNUM) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def planted_secrets(seed: int) -> dict[str, str]:
    """One secret of each kind, different for every seed."""
    rng = random.Random(seed)
    up = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return {
        "visa": _luhn_complete("4", 16, rng),
        "mastercard": _luhn_complete("5" + rng.choice("12345"), 16, rng),
        "amex": _luhn_complete("3" + rng.choice("47"), 15, rng),
        "discover": _luhn_complete("6011", 16, rng),
        "aws_akia": "AKIA" + _rand(rng, 16, up),
        "aws_asia": "ASIA" + _rand(rng, 16, up),
        "github": "ghp_" + _rand(rng, 36),
        "slack": f"xoxb-{_rand(rng, 12, '0123456789')}-{_rand(rng, 24)}",
        "stripe": "sk_live_" + _rand(rng, 24),
        "google": "AIza" + _rand(rng, 35),
        "openai": "sk-proj-" + _rand(rng, 40),
        "jwt": f"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOi{_rand(rng, 16)}.{_rand(rng, 22)}",
        "private_key": "-----BEGIN RSA PRIVATE KEY-----\nMIIEow" + _rand(rng, 40) + "\n-----END RSA PRIVATE KEY-----",
    }


def secret_needles(secret: str) -> list[str]:
    """The strings whose presence anywhere means the secret leaked (a key block by its body)."""
    if secret.startswith("-----BEGIN"):
        return [secret.splitlines()[1]]
    return [secret]


#: Values that look a little like secrets and must stay as they are.
ORDINARY = [
    "1700000000000",  # epoch milliseconds
    "5784719087687",  # an EAN-13 barcode
    "550e8400-e29b-41d4-a716-446655440000",
    "2026-01-01T00:00:00Z",
    "+1 555 123 4567",
    "order 1234567890",
    "the token expired",
    "Skip to content",
    "navbar-expand-lg-container-fluid",
    "/static/js/main.4f3a2b1c.chunk.js",
    "4111111111111112",  # not Luhn-valid
]
