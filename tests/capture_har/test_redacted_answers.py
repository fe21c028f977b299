"""The two-process answers reader (``wiretable infer`` on a large HAR) gives what the one-process
readers give: the answers redacted as the whole-exchange reader redacts them, the same schema,
the same error after the same entries; and the same again without ``os.fork``."""

from __future__ import annotations

import itertools
import json
import os
import threading
from pathlib import Path

import pytest

from capture.har import iter_har_exchanges
from capture.har_answers import iter_har_answers
from capture.redacted_answers import can_fork, iter_redacted_answers
from inference.endpoints import wants_body
from inference.pipeline import infer_schema
from kernel.errors import CaptureError

ROOT = Path(__file__).resolve().parents[2]
CAPTURES = (sorted((ROOT / "tests" / "inference" / "corpus").glob("*/traffic.har"))
            + sorted((ROOT.parent / "shared" / "eval" / "dev").glob("*.har")))
SECRET = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"


def _same_answers(path: Path) -> None:
    whole = list(iter_har_exchanges(path, keep_body=wants_body))
    answers = list(iter_redacted_answers(path, wants_body))
    assert len(answers) == len(whole)
    for ex, ax in zip(whole, answers, strict=True):
        assert ax.id == ex.id
        assert (ax.request.method, ax.request.url) == (ex.request.method, ex.request.url)
        assert (ax.response.status, ax.response.content_type) == (ex.response.status, ex.response.content_type)
        assert ax.response.body == ex.response.body
        assert ax.response.body_truncated == ex.response.body_truncated


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.parent.name if p.name == "traffic.har" else p.stem)
def test_answers_and_schema_equal_the_one_process_readers(path: Path) -> None:
    _same_answers(path)
    one = infer_schema(iter_har_answers(path, wants_body), name="s", answers_redacted=False)
    assert infer_schema(iter_redacted_answers(path, wants_body), name="s").to_json() == one.to_json()


def _har(tmp_path: Path, entries: list[dict[str, object]], cut: int = 0) -> Path:
    text = json.dumps({"log": {"entries": entries}})
    path = tmp_path / "t.har"
    path.write_text(text[:len(text) - cut] if cut else text)
    return path


def _entry(path: str, body: object) -> dict[str, object]:
    return {"request": {"method": "GET", "url": f"https://api.example.com{path}"},
            "response": {"status": 200, "content": {"mimeType": "application/json", "text": json.dumps(body)}}}


def test_answers_that_redaction_changes_arrive_redacted(tmp_path: Path) -> None:
    rows = [{"id": i, "name": f"n{i}", "api_key": SECRET, "note": f"token={SECRET}"} for i in range(30)]
    path = _har(tmp_path, [_entry("/keys", rows), _entry("/plain", [{"id": 1, "name": "a"}] * 3)])
    _same_answers(path)
    keys, plain = iter_redacted_answers(path, wants_body)
    assert SECRET not in json.dumps(keys.response.body)
    assert plain.response.body == [{"id": 1, "name": "a"}] * 3


@pytest.mark.parametrize("forked", [True, False])
def test_a_cut_file_raises_after_the_entries_before_the_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            forked: bool) -> None:
    if not forked:
        monkeypatch.delattr(os, "fork")
    entries = [_entry(f"/items/{i}", {"id": i, "blob": "x" * 5000}) for i in range(400)]
    path = _har(tmp_path, entries, cut=3000)
    read: list[str] = []
    with pytest.raises(CaptureError) as raised:
        for exchange in iter_redacted_answers(path, wants_body):
            read.append(exchange.id)
    expected: list[str] = []
    with pytest.raises(CaptureError) as one:
        for exchange in iter_har_answers(path, wants_body):
            expected.append(exchange.id)
    assert read == expected and len(read) > 100
    assert str(raised.value) == str(one.value)


def test_without_fork_the_answers_are_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = CAPTURES[0]
    forked = list(iter_redacted_answers(path, wants_body))
    monkeypatch.delattr(os, "fork")
    alone = list(iter_redacted_answers(path, wants_body))
    assert [a.model_dump() for a in alone] == [f.model_dump() for f in forked]


def test_a_reader_left_early_ends_its_child(tmp_path: Path) -> None:
    entries = [_entry(f"/items/{i}", {"id": i, "blob": "x" * 5000}) for i in range(2000)]
    path = _har(tmp_path, entries)
    before = _children()
    reader = iter_redacted_answers(path, wants_body)
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


def test_a_process_running_threads_reads_in_process_the_same_answers() -> None:
    path = CAPTURES[0]
    forked = list(iter_redacted_answers(path, wants_body))
    stop = threading.Event()
    waiter = threading.Thread(target=stop.wait)
    waiter.start()
    try:
        assert not can_fork()
        alone = list(iter_redacted_answers(path, wants_body))
    finally:
        stop.set()
        waiter.join()
    assert [a.model_dump() for a in alone] == [f.model_dump() for f in forked]


def test_a_process_on_one_processor_reads_in_process() -> None:
    if not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2 or threading.active_count() != 1:
        pytest.skip("needs a process that may run on two processors and runs no other thread")
    cpus = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cpus)})
    try:
        assert not can_fork()
    finally:
        os.sched_setaffinity(0, cpus)
    assert can_fork()
