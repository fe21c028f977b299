"""The quick tests of value redaction answer as the patterns they stand for: the cheap byte-class
tests (``redact._may_hold_token``, ``redact._has_digit_groups``) never let a text through that
the full patterns would change, on generated texts with planted secrets and on every string of the
public dev captures."""

from __future__ import annotations

import contextlib
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capture.har import iter_entries
from kernel import redact
from tests.hostile.secrets import ORDINARY, planted_secrets, secret_needles

DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev"


def slow_redact_values(text: str) -> str:
    """``redact.redact_values`` as it reads with the full patterns only (the reference)."""
    if redact._VALUE_HINT.search(text):
        text = redact._VALUE_RE.sub(lambda m: redact.marker(m.group(0)), text)
    if len(text) >= 13 and redact._DIGITS13.search(text):
        text = redact._CARD_RE.sub(redact._card_sub, text)
    return text


def check(text: str) -> None:
    assert redact.redact_values(text) == slow_redact_values(text), text
    assert redact._has_digit_groups(text) == (len(text) >= 13 and redact._DIGITS13.search(text) is not None), text
    if redact._VALUE_RE.search(text):
        assert redact._may_hold_token(text), text
    if slow_redact_values(text) != text:
        assert redact.may_hold_value_secret(text), text


_PIECES = [*planted_secrets(3).values(), *ORDINARY, "4111 1111 1111 1111", "4111-1111-1111-1111", "٤١١١١١١١١١١١١١١١",
           "١٢٣٤٥٦٧٨٩٠١٢٣٤", "xoxb-123456789a", "sk_live_abcdefghij", "SK" + "0123456789abcdef" * 2, "ghp_",
           "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXX", "\ud800", "naïve café 日本"]
_FILL = "aZ09 _-./:=é\n\t\"\\"


@settings(max_examples=600, deadline=None, derandomize=True)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(alphabet=_FILL, max_size=20),
                          st.text(max_size=8)), max_size=6))
def test_quick_tests_agree_with_the_patterns(parts: list[str]) -> None:
    check("".join(parts))


def test_every_planted_kind_is_found_whatever_surrounds_it() -> None:
    rng = random.Random(5)
    for seed in range(30):
        for kind, secret in planted_secrets(seed).items():
            for _ in range(4):
                left = "".join(rng.choice(_FILL) for _ in range(rng.randrange(0, 12)))
                right = "".join(rng.choice(_FILL) for _ in range(rng.randrange(0, 12)))
                check(left + secret + right)
                text = f"{left} ({secret}) {right}"  # a word of its own, as each kind is matched
                check(text)
                assert redact.may_hold_value_secret(text), (kind, text)
                assert not any(needle in redact.redact_values(text) for needle in secret_needles(secret)), (kind, text)


def _strings(value: object) -> list[str]:
    out: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            out.extend(k for k in item if isinstance(k, str))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out


@pytest.mark.skipif(not sorted(DEV.glob("*.har")), reason="the evaluation HARs (../shared/eval/dev) are not present")
def test_every_string_of_the_dev_captures() -> None:
    hars = sorted(DEV.glob("*.har"))
    count = 0
    for path in hars:
        for _index, entry, _pages in iter_entries(path):
            texts = _strings(entry)
            content = ((entry.get("response") or {}).get("content") or {}).get("text")
            if isinstance(content, str) and content.lstrip()[:1] in ("{", "["):
                with contextlib.suppress(ValueError):
                    texts += _strings(json.loads(content))
            for text in texts:
                check(text)
                count += 1
    assert count > 10_000


def test_the_spelled_out_word_test_knows_every_word() -> None:
    from kernel.body_redactor import _SECRET_WORDS, _has_secret_word

    for word in _SECRET_WORDS:
        assert _has_secret_word(f"x{word}y")
    assert not _has_secret_word("plain words only")
