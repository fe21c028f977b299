"""The answers reader whose file is read by a second process (``wiretable infer`` on a large HAR)
gives exactly what the one-process reader gives: the same exchanges, the same error after the same
entries, the same schema; it reads in process where a child cannot have a core of its own."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import capture.forked_answers
from capture.forked_answers import can_fork, iter_forked_answers
from capture.har_answers import iter_har_answers
from inference.endpoints import wants_body
from inference.pipeline import infer_schema
from jobs.verbs.infer import infer_file
from kernel.errors import CaptureError

ROOT = Path(__file__).resolve().parents[2]
CAPTURES = (sorted((ROOT / "tests" / "inference" / "corpus").glob("*/traffic.har"))
            + sorted((ROOT.parent / "shared" / "eval" / "dev").glob("*.har")))


def _dumps(exchanges: Any) -> list[dict[str, Any]]:
    return [exchange.model_dump() for exchange in exchanges]


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.parent.name if p.name == "traffic.har" else p.stem)
def test_the_exchanges_equal_those_read_in_one_process(path: Path) -> None:
    assert can_fork()
    assert _dumps(iter_forked_answers(path, wants_body)) == _dumps(iter_har_answers(path, wants_body))


def _entry(path: str, text: str, mime: str | None = "application/json") -> dict[str, Any]:
    content: dict[str, Any] = {"text": text} | ({"mimeType": mime} if mime else {})
    return {"request": {"method": "GET", "url": f"https://api.example.com{path}?access_token=s3cr3tvalue99"},
            "response": {"status": 200, "content": content}}


def _har(tmp_path: Path, entries: list[dict[str, Any]], cut: int = 0) -> Path:
    text = json.dumps({"log": {"entries": entries}})
    path = tmp_path / "t.har"
    path.write_text(text[:len(text) - cut] if cut else text)
    return path


def test_every_way_of_parsing_an_answer_gives_what_one_process_gives(tmp_path: Path) -> None:
    entries = [
        _entry("/a", '\ufeff \n[{"id": 1, "name": "ann"}]'),  # a mark and white space before the JSON
        _entry("/b", '[{"id": 12345678901234567890123, "n": 1}]'),  # an integer orjson cannot keep exact
        _entry("/c", '{"id": 1, "x": NaN}'),  # JSON orjson refuses
        _entry("/d", '{"id": 1, "broken": '),  # no JSON at all
        _entry("/e", '{"id": 2, "name": "bo"}', "text/plain"),
        _entry("/f", '{"id": 3}', None),
        _entry("/g", "plain words", "text/plain"),
        _entry("/h", '{"id": "\\ud800"}'),  # a lone surrogate's escape
        {"request": {"url": "https://api.example.com/i"}, "response": {"status": 404, "content": {"text": "{}"}}},
    ]
    path = _har(tmp_path, entries)
    forked = list(iter_forked_answers(path, wants_body))
    assert _dumps(forked) == _dumps(iter_har_answers(path, wants_body))
    assert forked[1].response.body == [{"id": 12345678901234567890123, "n": 1}]
    assert "s3cr3tvalue99" not in str(_dumps(forked))


@pytest.mark.parametrize("forked", [True, False])
def test_a_cut_file_raises_after_the_entries_before_the_cut(tmp_path: Path, forked: bool) -> None:
    with contextlib.ExitStack() as stack:
        if not forked:
            stack.enter_context(_another_thread())
        assert can_fork() is forked
        _cut_file_raises(tmp_path)


@contextlib.contextmanager
def _another_thread() -> Iterator[None]:
    """A second thread runs meanwhile (so no child is forked)."""
    stop = threading.Event()
    waiter = threading.Thread(target=stop.wait)
    waiter.start()
    try:
        yield
    finally:
        stop.set()
        waiter.join()


def _cut_file_raises(tmp_path: Path) -> None:
    entries = [_entry(f"/items/{i}", json.dumps({"id": i, "blob": "x" * 5000})) for i in range(400)]
    path = _har(tmp_path, entries, cut=3000)
    read: list[str] = []
    with pytest.raises(CaptureError) as raised:
        for exchange in iter_forked_answers(path, wants_body):
            read.append(exchange.id)
    expected: list[str] = []
    with pytest.raises(CaptureError) as one:
        for exchange in iter_har_answers(path, wants_body):
            expected.append(exchange.id)
    assert read == expected and len(read) > 100
    assert str(raised.value) == str(one.value)


def test_a_reader_left_early_ends_its_child(tmp_path: Path) -> None:
    entries = [_entry(f"/items/{i}", json.dumps({"id": i, "blob": "x" * 5000})) for i in range(2000)]
    path = _har(tmp_path, entries)
    before = _children()
    reader = iter_forked_answers(path, wants_body)
    assert [e.id for e in itertools.islice(reader, 3)] == ["har-1", "har-2", "har-3"]
    assert len(_children()) == len(before) + 1
    reader.close()
    assert _children() == before  # ended and reaped


def _children() -> set[str]:
    """This process's child processes, zombies included (Linux's /proc)."""
    path = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    if not path.exists():
        pytest.skip("no /proc children list here")
    return set(path.read_text().split())


def test_no_child_where_it_cannot_have_a_core_of_its_own() -> None:
    if not hasattr(os, "sched_setaffinity") or not can_fork():
        pytest.skip("needs a process that may run on two processors and runs no other thread")
    cpus = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cpus)})
    try:
        assert not can_fork()
    finally:
        os.sched_setaffinity(0, cpus)
    with _another_thread():
        assert not can_fork()
        before = _children()
        reader = iter_forked_answers(CAPTURES[0], wants_body)
        next(reader)
        assert _children() == before  # read in process
        reader.close()


def test_infer_reads_a_large_har_through_the_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = CAPTURES[0]
    one = infer_schema(iter_har_answers(path, wants_body), name="s", answers_redacted=False).to_json()
    monkeypatch.setattr(capture.forked_answers, "SPLIT_AT", 0)
    assert infer_file(path, name="s").to_json() == one
