"""Secrets found by their value, whatever they are called, in every body and every capture path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from capture.addon import convert_body
from capture.har import iter_har_exchanges, iter_traffic
from kernel.redact import (
    is_secret_number,
    redact_body,
    redact_document,
    redact_headers,
    redact_text,
    redact_url,
    redact_values,
)
from tests.hostile.secrets import ORDINARY, planted_secrets, secret_needles

SECRETS = planted_secrets(1)


@pytest.mark.parametrize("kind", sorted(SECRETS))
def test_each_kind_is_hidden_in_text_json_headers_and_urls(kind: str) -> None:
    secret = SECRETS[kind]
    needle = secret_needles(secret)[0]
    assert needle not in redact_text(f"note: {secret} (ok)")
    assert needle not in json.dumps(redact_body({"note": secret, "list": [f"x {secret} y"]}))
    assert needle not in json.dumps(redact_headers({"X-Debug": secret}))
    if "\n" not in secret:
        assert needle not in redact_url(f"https://app.test/p/{secret}?q={secret}")


@pytest.mark.parametrize("kind", ["visa", "mastercard", "amex", "discover"])
def test_card_numbers_are_hidden_as_numbers_and_grouped(kind: str) -> None:
    card = SECRETS[kind]
    assert is_secret_number(int(card)) and is_secret_number(card)
    assert redact_body({"n": int(card)}) == {"n": "[REDACTED:int]"}
    grouped = " ".join(card[i:i + 4] for i in range(0, len(card), 4))
    assert card[-4:] not in redact_text(f"paid with {grouped} today")


@pytest.mark.parametrize("value", ORDINARY)
def test_ordinary_values_stay_readable(value: str) -> None:
    assert redact_text(value) == value
    assert redact_body({"v": value}) == {"v": value}


def test_an_unknown_token_in_an_inline_script_is_hidden_but_markup_stays() -> None:
    page = ('<html><script>const T = "x8Fq2LmZ9pQr7TvW3nYb6KcD1e"; window.cfg = {k: "' + SECRETS["stripe"]
            + '"};</script><div class="navbar-expand-lg-container-fluid">Skip to content</div></html>')
    out = redact_document(page)
    assert "x8Fq2LmZ9pQr7TvW3nYb6KcD1e" not in out and SECRETS["stripe"] not in out
    assert "navbar-expand-lg-container-fluid" in out and "Skip to content" in out


@pytest.mark.parametrize("media", ["text/html", "text/plain", "application/xml", "text/csv"])
def test_the_proxy_addon_redacts_every_text_body(media: str) -> None:
    content = "\n".join(f"{k} {v}" for k, v in SECRETS.items()).encode()
    _body, text, _trunc = convert_body(content, media, body_cap=1_000_000)
    leaked = [k for k, v in SECRETS.items() if any(n in (text or "") for n in secret_needles(v))]
    assert leaked == []


def _har(path: Path, bodies: list[tuple[str, str]]) -> Path:
    entries = [{
        "startedDateTime": "2026-01-01T00:00:00.000Z", "time": 1,
        "request": {"method": "GET", "url": f"https://app.test/r/{i}", "headers": []},
        "response": {"status": 200, "headers": [], "content": {"mimeType": mime, "text": text}},
    } for i, (mime, text) in enumerate(bodies)]
    path.write_text(json.dumps({"log": {"version": "1.2", "entries": entries}}), encoding="utf-8")
    return path


def test_har_import_redacts_html_script_and_json_bodies(tmp_path: Path) -> None:
    blob = " ".join(SECRETS.values())
    har = _har(tmp_path / "t.har", [
        ("text/html", f"<script>const T = {json.dumps(blob)};</script>"),
        ("application/javascript", f"var cfg = {json.dumps(blob)};"),
        ("text/plain", blob),
        ("application/json", json.dumps({"items": [{"cardNumber": SECRETS["visa"], "n": int(SECRETS["amex"]),
                                                    "note": blob}]})),
    ])
    dumped = "\n".join(e.to_json_line() for e in iter_har_exchanges(har))
    leaked = [k for k, v in SECRETS.items() if any(n in dumped for n in secret_needles(v))]
    assert leaked == []


def test_a_jsonl_read_for_data_is_redacted_again(tmp_path: Path) -> None:
    from tests.factories import make_exchange

    path = tmp_path / "t.jsonl"
    path.write_text(make_exchange("https://app.test/api/cards", [{"id": 1, "card": SECRETS["visa"]}]).to_json_line()
                    + "\n")
    dumped = "".join(e.to_json_line() for e in iter_traffic(path))
    assert SECRETS["visa"] not in dumped and '"id":1' in dumped


@pytest.mark.parametrize("text", ["345659387784082 0", "ref 3456 5938 7784 082-7 end", "4111 1111 1111 1111 22"])
def test_a_card_number_followed_by_more_digits_is_still_hidden(text: str) -> None:
    redacted = redact_values(text)
    assert "REDACTED" in redacted
    assert not any(card in redacted.replace(" ", "").replace("-", "")
                   for card in ("345659387784082", "4111111111111111"))
