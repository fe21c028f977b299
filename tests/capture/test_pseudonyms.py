"""Redaction keeps equality: a hidden value becomes a pseudonym (a keyed hash under a key made per
process and never written), except credentials with little entropy, which keep the fixed marker."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kernel.body_redactor import BodyRedactor
from kernel.markers import is_marker, marker, unkeyed, unkeyed_value
from kernel.redact import redact_body, redact_document, redact_headers, redact_text, redact_url

ROOT = Path(__file__).resolve().parents[2]
PSEUDONYM = re.compile(r"\[REDACTED:(str:(0|1-15|16-64|65-256|257\+)|int|float):[a-p]{16}\]")
TWILIO_KEY = "SK" + "0123456789abcdef" * 2


def test_equal_secrets_get_equal_pseudonyms_wherever_they_are() -> None:
    token = "tok-9f8e7d6c5b4a"
    seen = {
        redact_body({"token": token})["token"],  # type: ignore[index]
        redact_body({"session": {"access_token": token}})["session"]["access_token"],  # type: ignore[index]
        BodyRedactor().redact({"api_key": token})["api_key"],
        redact_url(f"https://a.test/x?token={token}").split("token=")[1],
        redact_headers({"Authorization": f"Bearer {token}"})["Authorization"].removeprefix("Bearer "),
        redact_headers({"Cookie": f"sid={token}"})["Cookie"].removeprefix("sid="),
        redact_text(f"secret={token}").removeprefix("secret="),
    }
    assert len(seen) == 1
    (pseudonym,) = seen
    assert PSEUDONYM.fullmatch(pseudonym) and unkeyed(pseudonym) == "[REDACTED:str:16-64]"
    assert token not in pseudonym


def test_different_secrets_get_different_pseudonyms() -> None:
    values = [f"session-{i:04d}" for i in range(2000)] + [TWILIO_KEY, TWILIO_KEY[:-1] + "0"]
    pseudonyms = [redact_body({"sid": value})["sid"] for value in values]  # type: ignore[index]
    assert len(set(pseudonyms)) == len(values)
    assert all(PSEUDONYM.fullmatch(p) for p in pseudonyms)  # type: ignore[arg-type]
    by_shape = [redact_body({"id": value})["id"] for value in (TWILIO_KEY, TWILIO_KEY[:-1] + "0")]  # type: ignore[index]
    assert by_shape[0] != by_shape[1] and all(PSEUDONYM.fullmatch(p) for p in by_shape)  # type: ignore[arg-type]
    assert redact_body({"api_key": 5}) != redact_body({"api_key": 6})
    assert redact_body({"api_key": 5}) == redact_body({"api_key": 5})


@pytest.mark.parametrize(
    ("redacted", "fixed"),
    [
        (lambda v: redact_body({"password": v})["password"], "[REDACTED:str:1-15]"),  # type: ignore[index]
        (lambda v: redact_body({"user": {"new_password": v}})["user"]["new_password"], "[REDACTED:str:1-15]"),  # type: ignore[index]
        (lambda v: BodyRedactor().redact({"pin": v})["pin"], "[REDACTED:str:1-15]"),
        (lambda v: redact_body({"card_cvv": v})["card_cvv"], "[REDACTED:str:1-15]"),  # type: ignore[index]
        (lambda v: redact_body({"otp": {"code": v}})["otp"]["code"], "[REDACTED:str:1-15]"),  # type: ignore[index]
        (lambda v: redact_url(f"https://a.test/x?pin={v}"), "https://a.test/x?pin=[REDACTED:str:1-15]"),
        (lambda v: redact_url(f"https://ada:{v}@a.test/x"), "https://ada:[REDACTED:str:1-15]@a.test/x"),
        (lambda v: redact_text(f"user=ada&password={v}"), "user=ada&password=[REDACTED:str:1-15]"),
        (lambda v: redact_text(f"<r><password>{v}</password></r>"), "<r><password>[REDACTED:str:1-15]</password></r>"),
        (lambda v: redact_headers({"Authorization": f"Basic {v}"})["Authorization"], "Basic [REDACTED:str:1-15]"),
    ],
)  # fmt: skip
def test_low_entropy_credentials_keep_the_fixed_marker(redacted, fixed: str) -> None:  # type: ignore[no-untyped-def]
    # Equal passwords, PINs or card codes never show as equal: there is nothing to compare.
    assert redacted("hunter2") == redacted("1234") == fixed


def test_card_numbers_keep_the_fixed_marker() -> None:
    visa, other = "4111111111111111", "4012888888881881"
    assert redact_body({"n": visa}) == redact_body({"n": other}) == {"n": "[REDACTED:str:16-64]"}
    assert redact_body({"n": int(visa)}) == {"n": "[REDACTED:int]"}
    assert redact_text(f"card {visa} ok") == "card [REDACTED:str:16-64] ok"


def test_a_marker_is_never_redacted_again() -> None:
    for value in ("x", "tok-" + "a1" * 20, TWILIO_KEY, "4111111111111111", 12345678901234567):
        for m in (marker(value), marker(value, fixed=True)):
            assert is_marker(m)
            assert redact_body({"token": m, "note": m, "pin": m}) == {"token": m, "note": m, "pin": m}
            assert redact_text(m) == m and redact_document(m) == m and redact_text(f"token={m}") == f"token={m}"
            assert redact_url(f"https://a.test/x/{m}?token={m}") == f"https://a.test/x/{m}?token={m}"
            assert BodyRedactor().redact([{"secret": m}, m]) == [{"secret": m}, m]


def test_pseudonyms_spell_no_digit() -> None:
    # Sixteen letters a-p: a pseudonym never looks like a card number, a digit run or a token.
    tags = [marker(f"value-{i}")[-17:-1] for i in range(3000)]
    assert all(re.fullmatch(r"[a-p]{16}", tag) for tag in tags)


def test_unkeyed_writes_pseudonyms_as_fixed_markers() -> None:
    m = marker("some-long-session-token")
    doc = {"a": [m, f"x={m}", 1, None], m: {"b": marker(7)}}
    assert unkeyed_value(doc) == {"a": ["[REDACTED:str:16-64]", "x=[REDACTED:str:16-64]", 1, None],
                                  "[REDACTED:str:16-64]": {"b": "[REDACTED:int]"}}
    assert unkeyed("no marker here") == "no marker here"


def test_each_process_has_its_own_key() -> None:
    code = "from kernel.markers import marker; print(marker('same-secret-value'))"
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                           check=True, timeout=60).stdout.strip() for _ in range(2)}
    assert len(runs) == 2  # no guess of a secret can be checked against a marker of another run
    assert {unkeyed(run) for run in runs} == {"[REDACTED:str:16-64]"}
    assert "same-secret-value" not in "".join(runs)
