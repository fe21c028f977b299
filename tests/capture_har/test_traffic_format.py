"""A traffic file is read as what it holds, whatever its name: a capture's JSON Lines saved under a
``.har`` name, or a HAR saved as ``.json``, give the same schema as the same traffic named right."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from capture.har import iter_traffic
from jobs.verbs.infer import infer_file
from kernel.errors import CaptureError
from kernel.exchange import Exchange, Request, Response, is_har


def _exchanges() -> list[Exchange]:
    rows = [{"id": i, "title": f"post {i}", "author_id": i % 3 + 1} for i in range(1, 7)]
    authors = [{"id": i, "name": f"writer {i}"} for i in range(1, 4)]
    out = []
    for n, (url, body) in enumerate([("http://127.0.0.1:8000/api/posts", rows),
                                     ("http://127.0.0.1:8000/api/authors", authors)]):
        out.append(Exchange(id=str(n), started_at=datetime(2024, 1, 2, tzinfo=UTC),
                            request=Request(method="GET", url=url),
                            response=Response(status=200, content_type="application/json", body=body,
                                              headers={"content-type": "application/json"})))
    return out


def _har(exchanges: list[Exchange]) -> dict:
    return {"log": {"version": "1.2", "entries": [
        {"startedDateTime": "2024-01-02T00:00:00.000Z", "time": 1,
         "request": {"method": x.request.method, "url": x.request.url, "headers": []},
         "response": {"status": 200, "headers": [{"name": "Content-Type", "value": "application/json"}],
                      "content": {"mimeType": "application/json", "text": json.dumps(x.response.body)}}}
        for x in exchanges]}}


def _jsonl(path: Path, exchanges: list[Exchange]) -> Path:
    path.write_text("".join(x.to_json_line() + "\n" for x in exchanges), encoding="utf-8")
    return path


def _tables(path: Path) -> dict[str, list[str]]:
    return {t.name: [c.name for c in t.columns] for t in infer_file(path, name="t").tables}


def test_a_capture_named_har_is_read_as_json_lines(tmp_path: Path) -> None:
    right = _jsonl(tmp_path / "right.jsonl", _exchanges())
    wrong = _jsonl(tmp_path / "capture.har", _exchanges())
    assert not is_har(wrong)
    assert [x.request.url for x in iter_traffic(wrong)] == [x.request.url for x in iter_traffic(right)]
    assert _tables(wrong) == _tables(right)
    assert {"posts", "authors"} <= set(_tables(wrong))


@pytest.mark.parametrize("name", ["export.json", "export.txt", "export"])
def test_a_har_under_another_name_is_read_as_a_har(tmp_path: Path, name: str) -> None:
    doc = json.dumps(_har(_exchanges()), indent=2)
    right = tmp_path / "right.har"
    right.write_text(doc, encoding="utf-8")
    other = tmp_path / name
    other.write_bytes(b"\xef\xbb\xbf" + doc.encode())
    assert is_har(other)
    assert len(list(iter_traffic(other))) == 2
    assert _tables(other) == _tables(right)


@pytest.mark.parametrize("content", ["", "hello", '{"log": {"version": "1.2"}}', '{"other": 1}'])
def test_a_har_named_file_that_is_neither_still_names_the_problem(tmp_path: Path, content: str) -> None:
    path = tmp_path / "broken.har"
    path.write_text(content, encoding="utf-8")
    assert is_har(path)
    with pytest.raises(CaptureError, match="HAR"):
        list(iter_traffic(path))
    with pytest.raises(CaptureError, match="HAR"):
        infer_file(path)

