"""A capture named ``.har`` is a HAR 1.2 file other tools open: har-validator accepts it, mitmproxy
reads its flows, and wiretable reads back the same traffic and infers the same schema as from the
JSON Lines it was written from. Earlier traffic in the file is kept; a foreign HAR is never
overwritten."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from capture.har import iter_traffic
from capture.har_write import har_output, partial_path, write_har, write_lines
from jobs.verbs.infer import infer_file
from kernel.errors import CaptureError
from kernel.exchange import Exchange, Request, Response, is_har
from tests.capture_har.peers import har_validator_errors, mitmproxy_flows

BASE = "http://127.0.0.1:8000"
BIG = 123456789012345678901234


def _exchange(n: int, method: str, path: str, body: object = None, *, status: int = 200,
              sent: object = None, text: str | None = None, page: str | None = f"{BASE}/") -> Exchange:
    kind = "application/json" if body is not None else ("text/html" if text is not None else None)
    return Exchange(
        id=str(n), started_at=datetime(2025, 3, 4, 5, 6, n, tzinfo=UTC), duration_ms=12.5, page_url=page,
        request=Request(method=method, url=BASE + path, body=sent,
                        content_type="application/json" if sent is not None else None,
                        headers={"accept": "application/json", "authorization": "Bearer sk_live_abcdefghijklmnop"}),
        response=Response(status=status, content_type=kind, body=body, body_text=text,
                          headers={"content-type": kind} if kind else {}))


def _traffic() -> list[Exchange]:
    shelves = [{"id": i, "label": f"shelf {i}", "opened_ms": 1700000000000 + i} for i in range(1, 4)]
    books = [{"id": i, "title": f"book é {i}", "shelf_id": i % 3 + 1, "isbn": BIG + i} for i in range(1, 7)]
    return [
        _exchange(1, "GET", "/index.html", text="<html><body>hi</body></html>"),
        _exchange(2, "GET", "/api/shelves?limit=10&q=", shelves),
        _exchange(3, "GET", "/api/books?page=1", books, page=f"{BASE}/books"),
        _exchange(4, "POST", "/api/books", {**books[0], "id": 7}, status=201,
                  sent={"title": "new", "shelf_id": 1, "password": "hunter2-secret"}),
        _exchange(5, "GET", "/api/books/99", {"error": "not found"}, status=404),
        _exchange(6, "DELETE", "/api/books/7", status=599),
    ]


def _written(tmp_path: Path) -> tuple[Path, Path]:
    lines = tmp_path / "run.jsonl"
    with lines.open("w", encoding="utf-8") as out:
        write_lines(_traffic(), out)
    har = tmp_path / "run.har"
    assert write_har(lines, har) == 6
    return lines, har


def test_har_validator_accepts_the_written_har(tmp_path: Path) -> None:
    _, har = _written(tmp_path)
    assert har_validator_errors(har) is None
    doc = json.loads(har.read_text(encoding="utf-8"))
    assert doc["log"]["creator"]["name"] == "wiretable"
    assert [p["title"] for p in doc["log"]["pages"]] == [f"{BASE}/", f"{BASE}/books"]
    entries = doc["log"]["entries"]
    assert entries[1]["request"]["queryString"] == [{"name": "limit", "value": "10"}, {"name": "q", "value": ""}]
    assert entries[3]["request"]["postData"]["mimeType"] == "application/json"
    assert entries[4]["response"]["statusText"] == "Not Found"
    assert entries[5]["response"]["statusText"] == ""


def test_a_har_that_breaks_the_schema_is_refused_by_the_validator(tmp_path: Path) -> None:
    """The peer check can fail: an entry without its response is not HAR 1.2."""
    _, har = _written(tmp_path)
    doc = json.loads(har.read_text(encoding="utf-8"))
    del doc["log"]["entries"][0]["response"]
    har.write_text(json.dumps(doc), encoding="utf-8")
    assert har_validator_errors(har) is not None


def test_mitmproxy_reads_the_flows(tmp_path: Path) -> None:
    _, har = _written(tmp_path)
    flows = mitmproxy_flows(har)
    assert [(f[0], f[1], f[2]) for f in flows] == [(x.request.method, x.request.url, x.response.status)
                                                    for x in _traffic()]
    assert json.loads(str(flows[2][4]))[0]["isbn"] == BIG + 1  # big integers stay exact
    assert json.loads(str(flows[3][3]))["title"] == "new"
    assert flows[0][4] == "<html><body>hi</body></html>"


def test_wiretable_reads_back_the_same_traffic_and_schema(tmp_path: Path) -> None:
    lines, har = _written(tmp_path)
    assert is_har(har)
    before, after = list(iter_traffic(lines)), list(iter_traffic(har))
    assert len(before) == len(after) == 6
    for a, b in zip(before, after, strict=True):
        assert (a.request.method, a.request.url, a.response.status, a.page_url, a.started_at) == \
               (b.request.method, b.request.url, b.response.status, b.page_url, b.started_at)
        assert (a.request.body, a.response.body, a.response.body_text) == \
               (b.request.body, b.response.body, b.response.body_text)
    schema = infer_file(lines, name="t").model_dump()
    assert infer_file(har, name="t").model_dump() == schema
    assert {t["name"] for t in schema["tables"]} >= {"books", "shelves"}


def test_no_secret_reaches_the_har(tmp_path: Path) -> None:
    _, har = _written(tmp_path)
    text = har.read_text(encoding="utf-8")
    assert "hunter2-secret" not in text and "sk_live_abcdefghijklmnop" not in text


def test_a_capture_into_a_har_adds_to_the_earlier_one(tmp_path: Path) -> None:
    har = tmp_path / "run.har"
    traffic = _traffic()
    for part in (traffic[:3], traffic[3:]):
        with har_output(har) as lines:
            assert lines == partial_path(har)
            with lines.open("a", encoding="utf-8") as out:
                write_lines(part, out)
        assert not partial_path(har).exists()
    assert har_validator_errors(har) is None
    assert [x.request.url for x in iter_traffic(har)] == [x.request.url for x in traffic]


def test_json_lines_saved_as_har_become_a_har_with_the_new_traffic(tmp_path: Path) -> None:
    har = tmp_path / "old.har"
    with har.open("w", encoding="utf-8") as out:
        write_lines(_traffic()[:2], out)
    assert not is_har(har)
    with har_output(har) as lines, lines.open("a", encoding="utf-8") as out:
        write_lines(_traffic()[2:], out)
    assert is_har(har) and len(list(iter_traffic(har))) == 6


def test_a_foreign_har_is_never_overwritten(tmp_path: Path) -> None:
    har = tmp_path / "browser.har"
    original = json.dumps({"log": {"version": "1.2", "creator": {"name": "Firefox", "version": "1"},
                                   "entries": []}})
    har.write_text(original, encoding="utf-8")
    with pytest.raises(CaptureError, match="did not write.*another --output"), har_output(har):
        pytest.fail("the capture must not start")
    assert har.read_text(encoding="utf-8") == original
    assert not partial_path(har).exists()


def test_a_left_partial_file_is_named_and_kept(tmp_path: Path) -> None:
    har = tmp_path / "run.har"
    partial = partial_path(har)
    partial.write_text(_traffic()[0].to_json_line() + "\n", encoding="utf-8")
    with pytest.raises(CaptureError, match=r"run\.har\.partial\.jsonl.*did not finish"), har_output(har):
        pytest.fail("the capture must not start")
    assert len(list(iter_traffic(partial))) == 1 and not har.exists()


def test_a_failed_capture_keeps_what_it_recorded(tmp_path: Path) -> None:
    har = tmp_path / "run.har"
    with pytest.raises(RuntimeError), har_output(har) as lines:
        with lines.open("a", encoding="utf-8") as out:
            write_lines(_traffic()[:1], out)
        raise RuntimeError("proxy died")
    assert len(list(iter_traffic(partial_path(har)))) == 1 and not har.exists()
    with pytest.raises(RuntimeError), har_output(tmp_path / "empty.har"):
        raise RuntimeError("proxy died")
    assert not partial_path(tmp_path / "empty.har").exists()
