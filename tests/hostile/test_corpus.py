"""The hostile-input corpus: generated traffic files and schema documents through every verb.

Each input must end in a result or a clear error (no traceback), in bounded time; a schema that
validates (or that inference wrote) pushes and re-pushes as a no-op; planted secrets reach none
of the schema, its evidence or the target database. Inputs run in this process against the
session's embedded Postgres; a few also go through the real command line.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import psycopg
import pytest

from tests.conftest import ROOT
from tests.hostile.check import check_schema_document, check_traffic_file
from tests.hostile.schemas import hostile_schemas
from tests.hostile.secrets import secret_needles
from tests.hostile.traffic import hostile_traffic


@pytest.fixture(scope="module")
def corpus_target(pg_server: str) -> str:
    from tests.conftest import database_url

    name = "hostile_corpus"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
        conn.execute(f"ALTER DATABASE {name} SET synchronous_commit = off")  # the corpus pushes often
    return database_url(pg_server, name)


def test_the_corpus_is_large_enough(tmp_path: Path) -> None:
    assert len(list(hostile_traffic(tmp_path))) >= 100
    assert len(list(hostile_schemas())) >= 80


def test_every_hostile_traffic_file(tmp_path: Path, corpus_target: str) -> None:
    failures = {}
    count = 0
    for name, path, planted in hostile_traffic(tmp_path / "traffic"):
        count += 1
        outcome = check_traffic_file(name, path, planted, corpus_target, time_limit=60)
        if outcome.problems:
            failures[name] = outcome.problems
    assert count >= 100
    assert failures == {}


def test_every_hostile_schema_document(tmp_path: Path, corpus_target: str) -> None:
    failures = {}
    for name, doc in hostile_schemas():
        outcome = check_schema_document(name, doc, tmp_path, corpus_target)
        if outcome.problems:
            failures[name] = outcome.problems
    assert failures == {}


def _cli(*args: str, home: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WIRETABLE_HOME": str(home)}
    return subprocess.run([str(Path(sys.executable).parent / "wiretable"), *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=home.parent)


@pytest.mark.parametrize("name", ["raw-invalid-utf8", "raw-har-deep", "secret-script-0-har", "nul-jsonl"])
def test_a_few_through_the_real_command(name: str, tmp_path: Path, target_db_url: str) -> None:
    found = {n: (p, planted) for n, p, planted in hostile_traffic(tmp_path / "in")}
    path, planted = found[name]
    out = tmp_path / "schema.json"
    home = tmp_path / "home"
    home.mkdir()
    infer = _cli("infer", str(path), "-o", str(out), home=home)
    assert "Traceback" not in infer.stderr and infer.returncode in (0, 1), infer.stderr
    texts = [infer.stdout, infer.stderr]
    if infer.returncode == 0:
        for verb in (["validate", str(out)], ["ddl", str(out)],
                     ["push", str(out), "--target", target_db_url, "--with-data", str(path)],
                     ["push", str(out), "--target", target_db_url]):
            result = _cli(*verb, home=home)
            assert result.returncode == 0 and "Traceback" not in result.stderr, (verb, result.stderr)
            texts += [result.stdout, result.stderr]
        assert "no-op" in texts[-2] or "nothing to do" in texts[-2].lower() or "up to date" in texts[-2].lower(), \
            texts[-2]
        texts.append(out.read_text())
    else:
        assert len(infer.stderr.strip().splitlines()) == 1, infer.stderr
    texts += [p.read_text(errors="replace") for p in home.rglob("*") if p.is_file() and p.suffix in (".json", ".jsonl")]
    leaked = [s[:12] for s in planted for n in secret_needles(s) if any(n in t for t in texts)]
    assert leaked == []


def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "traffic.jsonl"
    os.mkfifo(fifo)
    home = tmp_path / "home"
    home.mkdir()
    for args in (["infer", str(fifo)], ["infer", str(tmp_path / "t.har")]):
        if args[1].endswith(".har"):
            os.mkfifo(args[1])
        result = _cli(*args, home=home, timeout=60)
        assert result.returncode == 1 and "not a regular file" in result.stderr, result.stderr


def test_a_fifo_is_refused_by_the_readers(tmp_path: Path) -> None:
    from capture.har import iter_traffic
    from kernel.errors import CaptureError

    for name in ("t.jsonl", "t.har"):
        fifo = tmp_path / name
        os.mkfifo(fifo)
        done: list[BaseException] = []

        def read(path: Path = fifo, done: list[BaseException] = done) -> None:
            try:
                list(iter_traffic(path))
            except BaseException as exc:  # noqa: BLE001 - handed to the test thread
                done.append(exc)

        thread = threading.Thread(target=read, daemon=True)
        thread.start()
        thread.join(10)
        assert done and isinstance(done[0], CaptureError), done
