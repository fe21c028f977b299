"""Secret redaction for captured traffic, applied before anything reaches disk.

Standard library only: the mitmproxy addon loads this file by its path inside mitmproxy's own
Python environment; the HAR reader and inference use it from the app as ``kernel.redact``.

Guarantees:

- Credentials in headers (``Authorization``, ``Proxy-Authorization``, ``Cookie``, ``Set-Cookie``,
  API-key, token, secret and auth-like headers), in token-like URL query parameters (and URL
  fragments and userinfo), in JSON fields named like passwords, tokens, keys and sessions, and in
  non-JSON text (form-encoded pairs, ``key: value`` pairs, bearer tokens, JWT-looking strings) are
  replaced by a marker.
- Secrets are also found by their VALUE, whatever the field is called and wherever they appear
  (JSON strings and numbers, headers, URLs, HTML, scripts, text): Luhn-valid card numbers of 14 to
  19 digits with an issuer prefix and length, AWS access key ids, private-key blocks, JWTs, and the token
  shapes that secret scanners look for (GitHub, GitLab, Slack, Stripe, Google, OpenAI, npm,
  SendGrid, PyPI, Twilio...). :func:`redact_document` (a whole non-JSON body, which inference never
  reads) also hides long high-entropy string tokens.
- The marker (``kernel.markers``) keeps what inference may still use: the value's type, a length
  class and, so that keys and references survive, a pseudonym (a keyed hash under a key made per
  process and never written): ``[REDACTED:str:16-64:fkbnaopcdhgjelmi]``. Credentials with little
  entropy (password, PIN, OTP, CVV names; Basic credentials, URL passwords, card numbers) keep the
  fixed ``[REDACTED:str:1-15]``: equal ones never show as equal. Structure (dict keys, list
  lengths, cookie names, the auth scheme) is kept.
- ``None`` and booleans carry no secret and are left as they are.
- Every function returns a new value and never mutates its argument.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from urllib.parse import unquote_plus, urlsplit, urlunsplit

try:
    from kernel.markers import is_marker, marker, unkeyed
except ImportError:  # loaded by its path in mitmproxy's environment (capture/addon.py), as its sibling is
    from wiretable_markers import is_marker, marker, unkeyed  # type: ignore[no-redef]

__all__ = [
    "is_fixed_name", "is_marker", "is_secret_number", "json_depth_ok", "is_sensitive_name", "marker",
    "may_hold_value_secret", "redact_body", "redact_document", "redact_headers", "redact_text", "redact_url",
    "redact_values", "secret_level", "unkeyed",
]

# A name is split into lowercase words ("X-Api-Key" -> x, api, key; "accessToken" -> access, token).
# It is sensitive when one of its words is in _WORDS, when the words joined together contain one of
# _FRAGMENTS (for run-together names such as "apikey" or "clientsecret"), or when the joined name is
# one of _EXACT. "auth" is a word, not a fragment, so "author" and "authorId" stay visible.
_WORDS = frozenset(
    {
        "password", "passwd", "passphrase", "pwd", "secret", "secrets", "token", "apikey",
        "jwt", "bearer", "credential", "credentials", "authorization", "auth", "cookie", "otp", "cvv", "cvc",
    }
)  # fmt: skip
_FRAGMENTS = (
    "password", "passwd", "secret", "apikey", "accesskey", "privatekey", "signingkey",
    "accesstoken", "refreshtoken", "idtoken", "authtoken", "sessiontoken", "csrftoken",
    "xsrftoken", "bearertoken", "sessionid", "sessionkey", "setcookie",
)  # fmt: skip
_EXACT = frozenset({"session", "sess", "sid", "csrf", "xsrf", "pin", "sig", "signature"})
# Query parameters that are credentials in URLs (OAuth codes, signed URLs, map keys) but ordinary
# fields in JSON bodies.
_QUERY_WORDS = frozenset({"signature", "sig"})
_QUERY_EXACT = frozenset({"key", "code", "auth", "pass", "hmac", "hash", "state", "nonce", "ticket"})

_DESCRIPTIVE_SUFFIXES = frozenset(
    {
        "type", "kind", "format", "hint", "count", "length", "ttl", "expires", "expiry", "at",
        "url", "uri", "endpoint", "name", "policy", "required", "enabled", "method", "provider",
        "scope", "scopes", "strength", "changed", "updated", "created", "version", "label",
        "timestamp", "time", "date",  # when a credential was issued or used (``token_issued_time``), no credential
    }
)  # fmt: skip
_WORD_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+")
_JWT_RE = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
# A credential after an auth scheme word; it must hold a digit so that prose ("basic information",
# "token expired") stays readable.
_SCHEME_RE = re.compile(
    r"(?i)\b(bearer|basic|digest|token|negotiate|ntlm)(\s+)((?=[A-Za-z._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,})"
)
_AUTH_SCHEMES = frozenset({"bearer", "basic", "digest", "token", "negotiate", "ntlm"})
#: Finds any of the scheme words in lowercased text (``any(s in text.lower() ...)`` in one pass).
_ANY_AUTH_SCHEME = re.compile("|".join(sorted(_AUTH_SCHEMES)))
_AUTH_VALUE_RE = re.compile(r"(?i)^\s*(bearer|basic|digest|token|negotiate|ntlm|aws4-hmac-sha256)\s+")
# key = value, key: value, "key": "value", 'key'='value' ... inside free text, scripts and forms.
_PAIR_RE = re.compile(
    r"""(?P<key>[A-Za-z_][\w.\-\[\]]{0,80})(?P<q1>["']?)(?P<sep>\s*[:=]\s*)"""
    r"""(?:"(?P<dq>[^"\\]*(?:\\.[^"\\]*)*)"|'(?P<sq>[^'\\]*(?:\\.[^'\\]*)*)'|(?P<bare>[^\s&,;"'<>(){}\[\]]+))"""
)
_XML_RE = re.compile(r"<(?P<tag>[A-Za-z_][\w.:-]{0,80})(?P<attrs>\s[^<>]*)?>(?P<val>[^<]+)</(?P=tag)>")
# Token shapes that secret scanners (gitleaks, trufflehog, GitHub secret scanning) look for. Each
# starts with a fixed prefix, so ordinary data does not match.
_VALUE_PATTERNS = (
    r"-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|\Z)",
    r"\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}\b",
    r"\bgh[pousr]_[A-Za-z0-9]{30,}\b", r"\bgithub_pat_[A-Za-z0-9_]{30,}", r"\bglpat-[A-Za-z0-9_-]{20,}",
    r"\bxox[abposre]-[A-Za-z0-9-]{10,}", r"hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9/_-]{20,}",
    r"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}", r"\bwhsec_[A-Za-z0-9]{20,}", r"\bAIza[0-9A-Za-z_-]{35}",
    r"\bya29\.[0-9A-Za-z_-]{20,}", r"\bGOCSPX-[0-9A-Za-z_-]{20,}",
    r"\bsk-(?:proj-|ant-|svcacct-)?[A-Za-z0-9_-]{20,}", r"\bnpm_[A-Za-z0-9]{36}\b",
    r"\bpypi-[A-Za-z0-9_-]{40,}", r"\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}", r"\bSK[0-9a-f]{32}\b",
    r"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b", r"\bdop_v1_[a-f0-9]{64}\b", r"\bhf_[A-Za-z0-9]{34,}\b",
    r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*",
)
_VALUE_RE = re.compile("|".join(_VALUE_PATTERNS))
#: A test that a string could hold one of ``_VALUE_PATTERNS`` (literal pieces only), run only on
#: texts that pass the cheaper tests of :func:`_may_hold_token`.
_VALUE_HINT = re.compile(
    r"PRIVATE KEY|A[KSBCGINPR][A-Z]A[A-Z0-9]{16}|gh[pousr]_|github_pat_|glpat-|xox[abposre]-|hooks\.slack"
    r"|sk_(?:live|test)_|rk_(?:live|test)_|whsec_|AIza|ya29\.|GOCSPX-|sk-|npm_|pypi-|SG\.|SK[0-9a-f]{32}|shp..?_|dop_v1_|hf_|eyJ"
)
# Card numbers: 13-19 digits, optionally grouped by single spaces or dashes, with an issuer prefix
# (2-6: Mastercard, Visa, Amex, Diners, JCB, Discover, UnionPay); Luhn-checked before hiding.
_CARD_RE = re.compile(r"(?<![\w.-])[2-6]\d{3}(?:[ -]?\d){9,15}(?![\w-]|\.\d)")
_DIGITS13 = re.compile(r"\d{4}[ -]?\d{4}[ -]?\d{4}")
# The same tests made cheap: bytes mapped to classes in one pass, then a literal search. Digits to
# "0", space and dash kept: ``_DIGITS13_MAPPED`` answers ``_DIGITS13`` for ASCII text. The characters
# of every ``_VALUE_PATTERNS`` token but the key block to "c": each token is a run of 15 or more.
_DIGIT_CLASSES = bytes(0x30 if 0x30 <= i <= 0x39 else i if i in (0x20, 0x2D) else 0x78 for i in range(256))
_DIGITS13_MAPPED = re.compile(rb"0000[ -]?0000[ -]?0000")
_TOKEN_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./-")
_TOKEN_CLASSES = bytes(0x63 if i in _TOKEN_CHARS else 0x20 for i in range(256))
_SHORTEST_TOKEN = 15  # xox[abposre]- and ten more
_TOKEN_RUN = b"c" * _SHORTEST_TOKEN
#: Every token also has a character out of these (UUIDs and hashes are made of them alone).
_NOT_TOKEN_OR_HEX = bytes(i for i in range(256) if i not in _TOKEN_CHARS or i in b"0123456789abcdef-")
# Long tokens in a whole text body (scripts, HTML): letters and digits mixed, high entropy.
_LONG_TOKEN_RE = re.compile(r"(?<![\w/+=-])[A-Za-z0-9_+/=-]{24,}(?![\w/+=-])")
_SET_COOKIE_RE = re.compile(r"(?:^|(?<=,))(?P<lead>\s*)(?P<name>[^=;,\s]+)=(?P<val>[^;,]*)")


def _words(name: str) -> list[str]:
    return [w.lower() for w in _WORD_RE.findall(name)]


@lru_cache(maxsize=1 << 12)  # a capture repeats the same few names
def is_sensitive_name(name: str, *, in_query: bool = False) -> bool:
    """True when a header, field or parameter named ``name`` holds a credential.

    Names that describe a credential rather than hold it (``token_type``, ``password_changed_at``,
    ``auth_method``) stay visible.
    """
    words = _words(name)
    if not words:
        return False
    if len(words) > 1 and words[-1] in _DESCRIPTIVE_SUFFIXES:
        return False
    joined = "".join(words)
    if joined in _EXACT or (in_query and joined in _QUERY_EXACT):
        return True
    if any(word in _WORDS or (in_query and word in _QUERY_WORDS) for word in words):
        return True
    if "session" in words and set(words) <= {"x", "session", "id", "key", "token", "secret"}:
        return True
    return any(fragment in joined for fragment in _FRAGMENTS)


#: Credential words with little entropy: their values keep the fixed marker.
_LOW_ENTROPY = frozenset({"password", "passwd", "passphrase", "pwd", "pass", "passcode", "pin", "otp", "cvv", "cvc"})


@lru_cache(maxsize=1 << 12)
def is_fixed_name(name: str) -> bool:
    """True when a credential named ``name`` has little entropy (passwords, PINs, OTPs, card codes)."""
    words = _words(name)
    joined = "".join(words)
    return any(w in _LOW_ENTROPY for w in words) or "password" in joined or "passwd" in joined


def secret_level(name: str, *, in_query: bool = False) -> int:
    """0 for a name that holds no credential, 2 for one with little entropy (fixed marker), else 1."""
    if not is_sensitive_name(name, in_query=in_query):
        return 0
    return 2 if is_fixed_name(name) else 1


def _redact_auth_value(value: str, fixed: bool) -> str:
    """Keep the scheme of an Authorization-like value ("Bearer", "Basic"), hide the credential
    (Basic credentials hold a password: fixed marker)."""
    match = _AUTH_VALUE_RE.match(value)
    if match:
        basic = match[1].lower() == "basic"
        return value[: match.end()] + marker(value[match.end() :], fixed=fixed or basic)
    return marker(value, fixed=fixed)


def _redact_cookie(value: str) -> str:
    parts = []
    for part in value.split(";"):
        name, eq, val = part.partition("=")
        parts.append(
            f"{name}={marker(val.strip())}" if eq else marker(part.strip()) if part.strip() else part
        )
    return ";".join(parts)


def _redact_set_cookie(value: str) -> str:
    """Hide every cookie value, also of several cookies joined with ", "; keep the attributes.

    A cookie starts the value or follows a comma with ``name=``; attributes follow ``;``, and the
    commas inside Expires dates are never followed by ``name=``.
    """
    return _SET_COOKIE_RE.sub(_cookie_sub, value)


def _cookie_sub(match: re.Match[str]) -> str:
    return f"{match['lead']}{match['name']}={marker(match['val'])}"


#: Headers (name, value) that redaction leaves as they are (so they hold no secret), remembered.
_KEPT_HEADERS: set[tuple[str, str]] = set()


def redact_headers(headers: dict[str, str]) -> dict[str, str]:
    """Headers with credentials hidden; names and non-secret values are unchanged."""
    result: dict[str, str] = {}
    for name, value in headers.items():
        if (name, value) in _KEPT_HEADERS:
            result[name] = value
            continue
        lower = name.lower()
        if lower in ("cookie",):
            result[name] = _redact_cookie(value)
        elif lower == "set-cookie":
            result[name] = _redact_set_cookie(value)
        elif lower in ("referer", "location", "content-location", "origin"):
            result[name] = redact_url(value)
        elif is_sensitive_name(name):
            result[name] = _redact_auth_value(value, is_fixed_name(name))
        else:
            result[name] = _redact_tokens(value)
        if result[name] == value and len(_KEPT_HEADERS) < 4096:
            _KEPT_HEADERS.add((name, value))
    return result


def _redact_query(query: str) -> str:
    if not query:
        return query
    parts = []
    for part in query.split("&"):
        key, eq, value = part.partition("=")
        if eq and (level := secret_level(unquote_plus(key), in_query=True)):
            parts.append(f"{key}={marker(unquote_plus(value), fixed=level == 2)}")
        elif eq:
            parts.append(f"{key}={_redact_tokens(value)}")
        else:
            parts.append(_redact_tokens(part))
    return "&".join(parts)


#: A plain http(s) URL without userinfo, brackets or fragment, which ``urlsplit`` cuts exactly here.
_PLAIN_URL = re.compile(r"(https?)://([^/?#@\[\]]*)((?:/[^?#]*)?)(?:\?([^#]*))?\Z")


def redact_url(url: str) -> str:
    """The URL with token-like query (and fragment) parameters, userinfo passwords and JWTs hidden."""
    match = _PLAIN_URL.match(url) if url.isprintable() else None
    if match is not None and match.group(2).isascii():
        # The common case, cut without ``urlsplit`` (the result is the same, see the tests).
        scheme, netloc, path, query = match.groups()
        query = _redact_query(query) if query else ""
        return f"{scheme}://{netloc}{_redact_tokens(path)}" + (f"?{query}" if query else "")
    return _redact_split_url(url)


def _redact_split_url(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact_text(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        user, colon, password = userinfo.partition(":")
        netloc = f"{user}:{marker(unquote_plus(password), fixed=True)}@{hostport}" if colon else f"{user}@{hostport}"
    fragment = _redact_query(parts.fragment) if "=" in parts.fragment else _redact_tokens(parts.fragment)
    return urlunsplit(
        (parts.scheme, netloc, _redact_tokens(parts.path), _redact_query(parts.query), fragment)
    )


#: Parsed bodies nested deeper than this are not kept (the Exchange readers use the same bound).
MAX_JSON_DEPTH = 200


def json_depth_ok(value: object, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when ``value`` nests no deeper than ``limit`` (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return False
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item if isinstance(v, dict | list))
    return True


def redact_body(body: object) -> object:
    """A parsed JSON value with credential fields (at any depth) replaced by markers.

    Other strings are treated as URLs or free text, so a form body or a callback URL echoed inside
    JSON is redacted too.
    """
    return _redact_value(body, force=False)


def _redact_value(value: object, *, force: int) -> object:
    """``force``: 1 (or True) hides every value as a pseudonym, 2 with the fixed marker."""
    if isinstance(value, dict):
        return {
            key: _redact_value(item, force=max(force, secret_level(key) if isinstance(key, str) else 0))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_redact_value(item, force=force) for item in value]
    if value is None or isinstance(value, bool):
        return value
    if force or (type(value) is int and is_secret_number(value)):
        return marker(value, fixed=force != 1)
    if isinstance(value, str):
        if value.startswith(("http://", "https://")):
            return redact_url(value)
        return redact_text(value)
    return value


def _luhn(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = ord(char) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


# Issuer prefixes and the lengths their card numbers have (Visa, Mastercard, Amex, Diners, JCB,
# Discover, UnionPay). Thirteen-digit numbers are left out: EAN-13 barcodes have that length and
# would pass the Luhn check one time in ten.
_CARD_IIN = re.compile(
    r"4\d{15}(?:\d{3})?|5[1-5]\d{14}|2(?:2[2-9]|[3-6]\d|7[01])\d{13}|2720\d{12}|3[47]\d{13}"
    r"|3(?:0[0-5]|[689]\d)\d{11}(?:\d{2,5})?|35(?:2[89]|[3-8]\d)\d{12}(?:\d{1,3})?"
    r"|6(?:011|4[4-9]\d|5\d\d)\d{12}(?:\d{1,3})?|62\d{14}(?:\d{1,3})?"
)


def _is_card(digits: str) -> bool:
    return 14 <= len(digits) <= 19 and _CARD_IIN.fullmatch(digits) is not None and _luhn(digits)


def is_secret_number(value: object) -> bool:
    """True for an integer (or digit string) that is a Luhn-valid card number with an issuer
    prefix: such numbers are hidden wherever they appear, whatever the field is called."""
    if type(value) is int:
        return 10**12 <= value < 10**19 and _is_card(str(value))
    return isinstance(value, str) and value.isdigit() and _is_card(value)


def _card_sub(match: re.Match[str]) -> str:
    # The longest run of groups that is a card ("3456 5938 7784 082" of "3456 5938 7784 082 0").
    text = match.group(0)
    for end in [len(text)] + [i for i in range(len(text) - 1, 0, -1) if text[i] in " -"]:
        if _is_card(head := text[:end].replace(" ", "").replace("-", "")):
            return marker(head, fixed=True) + text[end:]
    return text


def _may_hold_token(text: str) -> bool:
    """False when ``_VALUE_RE`` surely finds nothing in ``text``: no key block, and no run of
    ``_SHORTEST_TOKEN`` token characters or none that ``_VALUE_HINT`` accepts."""
    if "PRIVATE KEY" in text:
        return True
    if len(text) < _SHORTEST_TOKEN:
        return False
    try:
        data = text.encode()
    except UnicodeEncodeError:  # a lone surrogate
        return _VALUE_HINT.search(text) is not None
    return (_TOKEN_RUN in data.translate(_TOKEN_CLASSES) and bool(data.translate(None, _NOT_TOKEN_OR_HEX))
            and _VALUE_HINT.search(text) is not None)


def _has_digit_groups(text: str) -> bool:
    """``_DIGITS13.search(text)``, by the byte classes for an ASCII text."""
    if len(text) < 13:
        return False
    if text.isascii():
        return _DIGITS13_MAPPED.search(text.encode().translate(_DIGIT_CLASSES)) is not None
    return _DIGITS13.search(text) is not None


def _may_hold_card(text: str) -> bool:
    """False when the card step of :func:`redact_values` surely leaves ``text`` as it is."""
    return _has_digit_groups(text) and _CARD_RE.search(text) is not None


def may_hold_value_secret(text: str) -> bool:
    """False when :func:`redact_values` surely returns ``text`` unchanged (a quick test)."""
    return len(text) >= 13 and (_may_hold_card(text) or _may_hold_token(text))


def redact_values(text: str) -> str:
    """``text`` with secrets found by their value (cards, cloud keys, tokens, key blocks) hidden."""
    if _may_hold_token(text):
        text = _VALUE_RE.sub(lambda m: marker(m.group(0)), text)
    if _has_digit_groups(text):
        text = _CARD_RE.sub(_card_sub, text)
    return text


def _entropy(token: str) -> float:
    counts: dict[str, int] = {}
    for char in token:
        counts[char] = counts.get(char, 0) + 1
    n = len(token)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def _long_token_sub(match: re.Match[str]) -> str:
    token = match.group(0)
    classes = sum((any(c.isdigit() for c in token), any(c.islower() for c in token), any(c.isupper() for c in token)))
    if classes >= 2 and any(c.isdigit() for c in token) and _entropy(token) >= 3.5:
        return marker(token)
    return token


def redact_document(text: str) -> str:
    """A whole non-JSON body (HTML, a script, plain text) with credentials hidden.

    On top of :func:`redact_text`, long high-entropy tokens (mixed letters and digits) are hidden:
    inference never reads these bodies, so an unknown credential in an inline script
    (``const T = "..."``) costs nothing to hide.
    """
    return _LONG_TOKEN_RE.sub(_long_token_sub, redact_text(text)) if text else text


def _redact_tokens(text: str) -> str:
    """Hide JWT-looking strings, "Bearer <credential>" and secrets found by value wherever they
    appear."""
    text = redact_values(text)
    if "eyJ" in text:
        text = _JWT_RE.sub(lambda m: marker(m.group(0)), text)
    if _ANY_AUTH_SCHEME.search(text.lower()):
        text = _SCHEME_RE.sub(lambda m: f"{m[1]}{m[2]}{marker(m[3], fixed=m[1].lower() == 'basic')}", text)
    return text


def _pair_sub(match: re.Match[str]) -> str:
    key = match["key"]
    if not is_sensitive_name(key.strip("[]."), in_query=True) or key.lower() in _NOT_SECRET_KEYS:
        return match.group(0)
    head = match.group(0)[: match.start("sep") - match.start(0) + len(match["sep"])]
    if match["bare"] is not None and match["bare"].lower() in _AUTH_SCHEMES:
        return match.group(0)  # "Authorization: Bearer <token>": the token itself is hidden elsewhere
    fixed = is_fixed_name(key.strip("[]."))
    if match["dq"] is not None:
        return f'{head}"{marker(match["dq"], fixed=fixed)}"'
    if match["sq"] is not None:
        return f"{head}'{marker(match['sq'], fixed=fixed)}'"
    return head + marker(unquote_plus(match["bare"]), fixed=fixed)


# Words that look like credential names in free text but label ordinary code and markup.
_NOT_SECRET_KEYS = frozenset({"type", "state", "hash", "code", "key", "pin", "nonce"})


def _xml_sub(match: re.Match[str]) -> str:
    if not is_sensitive_name(match["tag"].rpartition(":")[2]):
        return match.group(0)
    fixed = is_fixed_name(match["tag"].rpartition(":")[2])
    return f"<{match['tag']}{match['attrs'] or ''}>{marker(match['val'], fixed=fixed)}</{match['tag']}>"


def redact_text(text: str) -> str:
    """Free text (form bodies, XML, scripts, logs) with credentials hidden.

    Form-encoded bodies are redacted parameter by parameter; other text has its ``name=value`` /
    ``name: value`` pairs with credential names, XML elements with credential names, bearer
    tokens and JWT-looking strings hidden.
    """
    if not text:
        return text
    stripped = text.strip()
    if "=" in stripped and not any(c in stripped for c in " \t\n<>{}\"'"):
        return (
            _redact_query(stripped) if stripped == text else text.replace(stripped, _redact_query(stripped))
        )
    text = _redact_tokens(text)
    if "=" in text or ":" in text:
        text = _PAIR_RE.sub(_pair_sub, text)
    if "</" in text:
        text = _XML_RE.sub(_xml_sub, text)
    return text
