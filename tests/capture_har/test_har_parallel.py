"""The two-process HAR reader of ``wiretable infer``: the same exchanges, order and errors as the
one-process reader, and no reading process left behind however the iteration ends."""

from __future__ import annotations

import base64
import json
import mmap
import os
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from capture import har_fast
from capture.har import iter_har_for_inference, iter_har_for_inference_parallel
from inference.endpoints import wants_body
from kernel.errors import CaptureError
from tests.factories import bytes_read, child_pids
from wiretable.cli import app

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"
HAR_FILES = sorted((EVAL / "real-har").glob("*.har")) + sorted((EVAL / "dev").glob("*.har"))


@pytest.fixture(autouse=True)
def _always_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(har_fast, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(har_fast, "_BATCH_ITEMS", 3)  # several batches even for small files


def _entry(url: str, text: str | None, mime: str = "application/json", status: int = 200,
           **content: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"mimeType": mime, "size": 0, **content}
    if text is not None:
        body["text"] = text
    return {"request": {"method": "get", "url": url}, "response": {"status": status, "content": body}}


def _fields(exchanges: Any) -> list[tuple[Any, ...]]:
    return [(x.request.method, x.request.url, x.response.status, x.response.content_type,
             json.dumps(x.response.body, sort_keys=True, default=repr), x.response.body_truncated)
            for x in exchanges]


def _many(tmp_path: Path, count: int = 2000, pad: int = 2000) -> Path:
    entries = [_entry(f"https://api.example.com/items/{i}", json.dumps({"id": i, "pad": "z" * pad}))
               for i in range(count)]
    path = tmp_path / "many.har"
    path.write_text(json.dumps({"log": {"entries": entries}}))
    return path


def _edge_cases(tmp_path: Path) -> Path:
    entries = [
        _entry("https://api.example.com/users?token=abc123", json.dumps([{"id": 1, "password": "x"}])),
        _entry("https://api.example.com/big", '{"id": 123456789012345678901234567890}'),
        _entry("https://api.example.com/nan", '{"id": 1, "score": NaN}'),
        _entry("https://api.example.com/surrogate", '{"id": 1, "s": "\\ud800"}'),
        _entry("https://api.example.com/bom", "\ufeff  [{\"id\": 2}]"),
        _entry("https://api.example.com/b64", base64.b64encode(b'{"id": 3}').decode(), encoding="base64"),
        _entry("https://api.example.com/bad", "{not json" + "x" * 70_000),
        _entry("https://api.example.com/bad-short", "[oops"),
        _entry("https://api.example.com/text", "plain", mime="text/plain"),
        _entry("https://api.example.com/missing", None),
        _entry("https://api.example.com/error", '{"id": 4}', status=500),
        _entry("https://cdn.example.com/app.js", "var a = 1;", mime="application/javascript"),
        _entry("https://api.example.com/xml", "<a>1</a>", mime="application/xml"),
    ] * 3
    path = tmp_path / "edge.har"
    path.write_text(json.dumps({"log": {"entries": entries}}))
    return path


def test_parallel_reader_equals_the_serial_one_on_edge_cases(tmp_path: Path) -> None:
    path = _edge_cases(tmp_path)
    serial = _fields(iter_har_for_inference(path, wants_body))
    assert len(serial) == 39
    assert _fields(iter_har_for_inference_parallel(path, wants_body)) == serial


@pytest.mark.skipif(not HAR_FILES, reason="evaluation HARs not present")
@pytest.mark.parametrize("path", HAR_FILES, ids=lambda p: p.stem)
def test_parallel_reader_equals_the_serial_one_on_real_hars(path: Path) -> None:
    assert _fields(iter_har_for_inference_parallel(path, wants_body)) == _fields(
        iter_har_for_inference(path, wants_body))


@pytest.mark.parametrize("content", [
    '{"log": {"entries": [' + ", ".join(['{"request": {"url": "http://x/a"}}'] * 7) + ', {"request": ',
    "hello",
    '{"log": {"version": "1.2"}}',
])
def test_malformed_file_gives_the_same_entries_then_the_same_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.har"
    path.write_text(content)
    before = child_pids()
    outcomes = []
    for reader in (iter_har_for_inference, iter_har_for_inference_parallel):
        seen = []
        with pytest.raises(CaptureError) as info:
            for exchange in reader(path, wants_body):
                seen.append(exchange.request.url)
        outcomes.append((seen, str(info.value)))
    assert outcomes[0] == outcomes[1]
    assert str(path) in outcomes[1][1] and "\n" not in outcomes[1][1]
    assert child_pids() == before


def test_stopping_early_leaves_no_reading_process(tmp_path: Path) -> None:
    path = _many(tmp_path)
    before = child_pids()
    reader = iter_har_for_inference_parallel(path, wants_body)
    first = next(reader)
    assert first.response.body["id"] == 0
    assert len(child_pids() - before) == 1  # the reader is running, blocked on a full pipe
    reader.close()
    assert child_pids() == before


def test_infer_command_reports_a_broken_har_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.har"
    path.write_text('{"log": {"entries": [{"request": {"url": "http://x/"}}, {"request": ')
    result = CliRunner().invoke(app, ["infer", str(path)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"error: {path}: not a valid HAR file: "
                                                  "the file ends inside a JSON value (truncated?)"]


def test_an_interrupted_consumer_leaves_no_reading_process(tmp_path: Path) -> None:
    path = _many(tmp_path)
    before = child_pids()
    with pytest.raises(KeyboardInterrupt):
        for exchange in iter_har_for_inference_parallel(path, wants_body):
            if exchange.response.body["id"] == 5:
                raise KeyboardInterrupt  # what Ctrl-C raises in the consuming process
    assert child_pids() == before


def test_a_started_reading_process_is_taken_over(tmp_path: Path) -> None:
    path = _many(tmp_path)
    before = child_pids()
    assert har_fast.start_reading(path, wants_body)
    (started,) = child_pids() - before
    assert not har_fast.start_reading(path, wants_body)  # one at a time
    reader = iter_har_for_inference_parallel(path, wants_body)
    first = next(reader)
    assert child_pids() - before == {started}  # no second process
    assert _fields([first, *reader]) == _fields(iter_har_for_inference(path, wants_body))
    assert child_pids() == before


@pytest.mark.parametrize("change", ["another file", "another filter", "rewritten"])
def test_a_started_reading_process_for_something_else_is_stopped(tmp_path: Path, change: str) -> None:
    path = _many(tmp_path)
    other = tmp_path / "other.har"
    other.write_text(json.dumps({"log": {"entries": [_entry("https://api.example.com/x", '{"id": 1}')]}}))
    before = child_pids()
    assert har_fast.start_reading(path, wants_body)
    (started,) = child_pids() - before
    wanted = wants_body
    if change == "another file":
        path = other
    elif change == "another filter":
        def wanted(method: str, url: str, status: int, mime: str | None) -> bool:
            return wants_body(method, url, status, mime) and url.endswith("7")
    else:
        path.write_text(path.read_text().replace('"id": 1,', '"id": 100001,'))
    exchanges = iter_har_for_inference_parallel(path, wanted)
    assert _fields(exchanges) == _fields(iter_har_for_inference(path, wanted))
    assert started not in child_pids()
    assert child_pids() == before


def test_a_started_reading_process_never_taken_is_stopped(tmp_path: Path) -> None:
    before = child_pids()
    assert har_fast.start_reading(_many(tmp_path), wants_body)
    assert len(child_pids() - before) == 1
    har_fast.stop_started()
    assert child_pids() == before


def test_small_or_missing_files_start_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(har_fast, "PARALLEL_MIN_BYTES", 1 << 20)
    small = tmp_path / "small.har"
    small.write_text(json.dumps({"log": {"entries": []}}))
    assert not har_fast.start_reading(small, wants_body)
    assert not har_fast.start_reading(tmp_path / "missing.har", wants_body)


def test_the_reading_process_reads_on_while_nobody_takes_the_exchanges(tmp_path: Path) -> None:
    # Four times the pipe's size: the process holds what the pipe cannot take, and reads the
    # whole file although nothing has been read from the pipe yet.
    path = _many(tmp_path, count=2000, pad=2000)
    size = path.stat().st_size
    assert size > 4 * har_fast._PIPE_BYTES
    before = child_pids()
    assert har_fast.start_reading(path, wants_body)
    (pid,) = child_pids() - before
    deadline = time.monotonic() + 30
    while bytes_read(pid) < size and time.monotonic() < deadline:
        time.sleep(0.05)
    assert bytes_read(pid) >= size
    assert _fields(iter_har_for_inference_parallel(path, wants_body)) == _fields(
        iter_har_for_inference(path, wants_body))
    assert child_pids() == before


def test_bodies_are_digested_in_the_order_they_are_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(har_fast, "DIGEST_BACKLOG", 0)
    read_fd, write_fd = os.pipe()
    welcome = mmap.mmap(-1, 1)
    digested: list[str] = []

    def digest(item: Any) -> Any:
        digested.append(item[1])
        return (*item[:8], "digest")

    def item(url: str, size: int = 10) -> tuple[Any, ...]:
        return ("GET", url, 200, "application/json", b"[" + b" " * size + b"]", None, False, False, None)

    try:
        sender = har_fast._Sender(write_fd, welcome, digest)
        sender.send(("items", [item("fills the pipe", 1 << 20)]), True)
        sender.send(("items", [item("a"), None, item("b")]), False)  # read before digests were welcome
        assert not sender.digesting()
        welcome[0] = 1
        assert not sender.digesting()  # "a" and "b" have their chance first
        assert sender.catch_up()
        assert digested == ["a", "b"]
        assert sender.digesting()
        assert not sender.catch_up()
        sender.send(("items", [item("c")]), True)
        assert not sender.catch_up() and digested == ["a", "b"]  # had its chance when read
    finally:
        os.close(read_fd)
        os.close(write_fd)
