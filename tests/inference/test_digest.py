"""Digests from the reading process change nothing: the schema is the one inferred from parsed
bodies, however many pages were digested, and a digest is refused whenever it could differ."""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from capture import har_fast
from capture.har import LightExchange, LightMessage, iter_har_for_inference, iter_har_for_inference_parallel
from inference import drafts, entities, infer_schema
from inference.digest import Digester
from inference.endpoints import wants_body
from inference.entities import Collector
from kernel.errors import InferenceError
from tests.factories import bytes_read, child_pids, make_shop_har

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="module")
def shop_har(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 3 MB capture of the benchmark's shop (its generator, fixed seed)."""
    return make_shop_har(tmp_path_factory.mktemp("shop") / "shop.har", 3)


@pytest.fixture
def small_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drafts, "MAX_ROWS", 200)
    monkeypatch.setattr(entities, "LOOKAHEAD_RECORDS", 300)


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> Counter[bool]:
    """How many digests inference took (True) and refused (False)."""
    counts: Counter[bool] = Counter()
    take = Collector._take_digest

    def counted(self: Collector, digest: Any, streaming: bool) -> bool:
        result = take(self, digest, streaming)
        counts[result] += 1
        return result

    monkeypatch.setattr(Collector, "_take_digest", counted)
    return counts


@pytest.fixture
def digest_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reading process digests every JSON body, and small files are read in two processes."""
    monkeypatch.setattr(har_fast, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(har_fast, "DIGEST_BACKLOG", 0)


def _schema(exchanges: Iterator[LightExchange]) -> dict[str, Any] | str:
    try:
        return infer_schema(exchanges, name="s").model_dump(mode="json")
    except InferenceError as exc:
        return exc.message


def test_digested_pages_give_the_schema_of_parsed_ones(shop_har: Path, small_caps: None, digest_everything: None,
                                                       taken: Counter[bool]) -> None:
    digested = _schema(iter_har_for_inference_parallel(shop_har, wants_body, Digester()))
    assert digested == _schema(iter_har_for_inference(shop_har, wants_body))
    # Both ways were exercised: pages past the row cap counted from digests, others parsed.
    assert taken[True] > 100 and taken[False] > 10


def test_no_digest_is_made_before_inference_takes_them(shop_har: Path, digest_everything: None,
                                                       taken: Counter[bool]) -> None:
    # At the default caps the look-ahead lasts the whole of this file: inference never says that
    # it takes digests, and the reading process makes none.
    digested = _schema(iter_har_for_inference_parallel(shop_har, wants_body, Digester()))
    assert digested == _schema(iter_har_for_inference(shop_har, wants_body))
    assert not taken


def test_digests_are_made_once_welcome(shop_har: Path, digest_everything: None) -> None:
    unwelcome = iter_har_for_inference_parallel(shop_har, wants_body, Digester())
    assert not any(x.digest for x in unwelcome)
    welcome = iter_har_for_inference_parallel(shop_har, wants_body, Digester())
    welcome.welcome_digests()
    exchanges = list(welcome)
    assert sum(1 for x in exchanges if x.digest) > 100
    assert _fields(exchanges) == _fields(iter_har_for_inference(shop_har, wants_body))


def _fields(exchanges: Iterable[LightExchange]) -> list[tuple[Any, ...]]:
    """What inference reads of each exchange (a digested body is parsed on reading it)."""
    return [(x.request.method, x.request.url, x.response.status, x.response.body) for x in exchanges]


@pytest.mark.parametrize("path", sorted((EVAL / "real-har").glob("*.har")) + sorted((EVAL / "dev").glob("*.har")),
                         ids=lambda p: p.name)
def test_real_captures_give_the_same_schema_digested(path: Path, small_caps: None, digest_everything: None) -> None:
    assert _schema(iter_har_for_inference_parallel(path, wants_body, Digester())) == _schema(
        iter_har_for_inference(path, wants_body))


def _page(ids: range, note: Any = "x") -> LightExchange:
    body = {"results": [{"id": i, "customer": {"id": i % 7, "email": f"c{i}@x.test"}, "note": note} for i in ids]}
    return LightExchange(LightMessage("GET", "https://shop.test/api/orders?page=1"),
                         LightMessage(status=200, content_type="application/json", body=body), wants_body)


def _collector_past_the_cap() -> Collector:
    collector = Collector()
    collector.observe_all(_page(range(n, n + 50)) for n in range(0, 30_000, 50))
    assert collector.drafts["orders"].sampled
    return collector


def test_a_digest_counts_exactly_what_the_parsed_page_would() -> None:
    parsed, digested = _collector_past_the_cap(), _collector_past_the_cap()
    page = _page(range(90_000, 90_050))
    parsed.observe_all([page])
    assert digested._take_digest(Digester()(page), streaming=True)
    a, b = parsed.drafts["orders"], digested.drafts["orders"]
    assert a.seen == b.seen == 30_050
    assert {c: k.values for c, k in a.key_index.items()} == {c: k.values for c, k in b.key_index.items()}
    assert "90049" in b.key_index["id"].values and "customer_id" in b.key_index


def test_a_digest_is_refused_when_it_could_differ() -> None:
    digester = Digester()
    collector = _collector_past_the_cap()
    # A record shape the table has not shown yet (a null note) must be flattened.
    assert not collector._take_digest(digester(_page(range(5), note=None)), streaming=True)
    # Held records (the look-ahead) are all flattened.
    assert not collector._take_digest(digester(_page(range(5))), streaming=False)
    # A table not yet past its cap.
    fresh = Collector()
    fresh.observe_all([_page(range(5))])
    assert not fresh._take_digest(digester(_page(range(5, 10))), streaming=True)
    # Nested objects that known natural keys would identify differently.
    digest = digester(_page(range(5)))
    (template, name, learned, count, refs, defs, asked, pairs), = digest
    assert asked == ((("id", "email"), "customer"),)
    collector.known_keys["customers"] = "email"
    assert not collector._take_digest(((template, name, learned, count, refs, defs, asked, pairs),), streaming=True)
    del collector.known_keys["customers"]
    assert collector._take_digest(digest, streaming=True)


@pytest.fixture(scope="module")
def shapes_har(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3 MB of pages whose records keep showing new shapes (a random few of twelve optional
    fields each), so that digests keep numbering new shapes to the end."""
    rng = random.Random(7)
    optional = [f"extra_{i}" for i in range(12)]
    entries = []
    for page in range(1500):
        records = [{"id": page * 10 + i, "user_id": rng.randrange(50),
                    **{k: rng.choice(["a", 1, None]) for k in rng.sample(optional, rng.randrange(4))},
                    "pad": "p" * 150}
                   for i in range(10)]
        entries.append({"request": {"method": "GET", "url": f"https://api.example.test/orders?page={page}"},
                        "response": {"status": 200, "content": {"mimeType": "application/json",
                                                                "text": json.dumps(records)}}})
    path = tmp_path_factory.mktemp("shapes") / "shapes.har"
    path.write_text(json.dumps({"log": {"entries": entries}}))
    return path


@pytest.mark.parametrize("when", ["all read", "half read"])
@pytest.mark.parametrize("capture", ["shop", "shapes"])
def test_bodies_read_before_digests_were_welcome_are_digested_while_they_wait(
        shop_har: Path, shapes_har: Path, small_caps: None, digest_everything: None,
        monkeypatch: pytest.MonkeyPatch, when: str, capture: str) -> None:
    har = shop_har if capture == "shop" else shapes_har
    size = har.stat().st_size
    if when == "half read":  # the reading process stops when this much waits, before the end
        monkeypatch.setattr(har_fast, "_QUEUE_BYTES", 1 << 19)
    before = child_pids()
    reader = iter_har_for_inference_parallel(har, wants_body, Digester())
    first = next(reader)
    (pid,) = child_pids() - before
    deadline = time.monotonic() + 30
    while not _waiting(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _waiting(pid)
    assert (bytes_read(pid) >= size) == (when == "all read")
    reader.welcome_digests()
    exchanges = [first, *reader]
    assert sum(1 for x in exchanges if x.digest) > 100
    assert _fields(exchanges) == _fields(iter_har_for_inference(har, wants_body))
    # Digests number record shapes in the order they are sent: inference can take them.
    assert _schema(iter(exchanges)) == _schema(iter_har_for_inference(har, wants_body))


def _waiting(pid: str) -> bool:
    """The process sleeps waiting for its pipe (to the parent) to take more."""
    wchan = Path(f"/proc/{pid}/wchan").read_text()
    return Path(f"/proc/{pid}/stat").read_text().split()[2] == "S" and ("poll" in wchan or "select" in wchan)

