"""SQLAlchemy models, JSON Schema and docs exports, checked by the real tools: SQLAlchemy's
``create_all`` on Postgres and SQLite, a JSON Schema validator, mermaid in headless Chromium."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import sys
import uuid
from pathlib import Path
from types import ModuleType

import pytest
from jsonschema import Draft202012Validator

from jobs.sample_records import sample_records
from jobs.verbs.export import render_export, write_export
from kernel.exchange import read_exchanges
from kernel.schema import Schema
from kernel.settings import Settings
from sql.ddl import render_ddl
from sql.embedded import EmbeddedPostgres
from sql.exports.docs import render_markdown
from sql.introspect import introspect
from tests.sql.exports.conftest import DEMO, demo_schema, varied_schema
from tests.sql.test_push_objects import shop


def load_models(schema: Schema, tmp_path: Path) -> ModuleType:
    path = tmp_path / f"models_{uuid.uuid4().hex[:8]}.py"
    path.write_text(render_export("sqlalchemy", schema)["models.py"])
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def sorted_structure(url: str) -> dict[str, object]:
    """The catalog as a document; tables and indexes by name (SQLAlchemy creates indexes in set order)."""
    doc = introspect(url).structure()
    doc["tables"] = sorted(doc["tables"], key=lambda t: t["name"])
    for table in doc["tables"]:
        table["indexes"] = sorted(table["indexes"], key=lambda i: (i["columns"], i["unique"]))
    return doc


@pytest.mark.parametrize("schema", [demo_schema(), varied_schema(), shop()], ids=lambda s: s.name)
def test_create_all_gives_the_ddl_catalog_on_postgres(schema: Schema, tmp_path: Path,
                                                      embedded: EmbeddedPostgres) -> None:
    import psycopg
    from sqlalchemy import create_engine
    from sqlalchemy.orm import configure_mappers

    models = load_models(schema, tmp_path)
    configure_mappers()  # every relationship resolves
    names = {k: f"sa_{k}_{uuid.uuid4().hex[:8]}" for k in ("models", "ddl")}
    urls = {k: embedded.ensure_database(n) for k, n in names.items()}
    try:
        engine = create_engine(urls["models"].replace("postgresql://", "postgresql+psycopg://", 1))
        models.Base.metadata.create_all(engine)
        engine.dispose()
        with psycopg.connect(urls["ddl"], autocommit=True) as conn:
            for statement in render_ddl(schema).split(";\n"):
                if statement.strip():
                    conn.execute(statement)  # wiretable's own DDL
        assert sorted_structure(urls["models"]) == sorted_structure(urls["ddl"])
    finally:
        for name in names.values():
            embedded.drop_database(name)


def sqlite_catalog(path: Path) -> dict[str, object]:
    with sqlite3.connect(path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        out: dict[str, object] = {}
        for table in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            columns = [(r[1], r[2].upper(), r[3], r[5]) for r in conn.execute(f"PRAGMA table_info({quoted})")]
            fks = sorted((r[2], r[3], r[4], r[6]) for r in conn.execute(f"PRAGMA foreign_key_list({quoted})"))
            out[table] = {"columns": columns, "fks": fks}
        return out


@pytest.mark.parametrize("schema", [demo_schema(), shop()], ids=lambda s: s.name)
def test_create_all_gives_the_ddl_catalog_on_sqlite(schema: Schema, tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    models = load_models(schema, tmp_path)
    engine = create_engine(f"sqlite:///{tmp_path / 'models.db'}")
    models.Base.metadata.create_all(engine)
    engine.dispose()
    with sqlite3.connect(tmp_path / "ddl.db") as conn:
        conn.executescript(render_ddl(schema, "sqlite"))
    assert sqlite_catalog(tmp_path / "models.db") == sqlite_catalog(tmp_path / "ddl.db")


def test_json_schemas_are_valid_and_accept_the_captured_rows(tmp_path: Path) -> None:
    schema = demo_schema()
    docs = {k: json.loads(v) for k, v in render_export("jsonschema", schema).items()}
    assert set(docs) == {f"{t.name}.schema.json" for t in schema.tables}
    records = sample_records(read_exchanges(DEMO.with_name("demo.jsonl")), schema).records
    checked = 0
    for table in schema.tables:
        validator = Draft202012Validator(docs[f"{table.name}.schema.json"],
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
        Draft202012Validator.check_schema(validator.schema)
        for row in records.get(table.name, [])[:50]:
            validator.validate({k: v for k, v in row.items() if k in {c.name for c in table.columns}})
            checked += 1
    assert checked > 100
    bad = dict(records["books"][0], format="vinyl")
    assert not Draft202012Validator(docs["books.schema.json"]).is_valid(bad)


def test_markdown_docs_have_an_index_tables_and_diagrams() -> None:
    text = render_markdown(demo_schema())
    assert "- [books](#table-books)" in text
    assert text.count("```mermaid") == 1 + len(demo_schema().tables)
    assert "| format | text | no |  |  |  | audiobook, ebook, hardcover, paperback |" in text
    assert "`author`: one [authors](#table-authors) (author_id → id)" in text


@pytest.mark.e2e
def test_the_html_docs_render_every_diagram_in_headless_chromium(tmp_path: Path, artifacts_dir: Path) -> None:
    from playwright.sync_api import sync_playwright

    schema = demo_schema()
    page_path = write_export(render_export("docs", schema, html=True), tmp_path / "schema.html")[0]
    chromium = Settings().chromium
    assert chromium, "chromium is not installed (make setup installs it)"
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu",
                                                                     "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))
        page.goto(page_path.as_uri())
        page.wait_for_function("document.body.dataset.rendered !== undefined", timeout=120_000)
        rendered = page.evaluate("document.body.dataset.rendered")
        svgs = page.locator("pre.mermaid svg").count()
        page.screenshot(path=str(artifacts_dir / "docs-export.png"))
        browser.close()
    assert rendered == "ok" and not errors
    assert svgs == 1 + len(schema.tables)


def test_markdown_docs_list_indexes_checks_identity_and_enum_types() -> None:
    from tests.sql.test_push_objects import shop

    text = render_markdown(shop())
    assert "| id | bigint | no |  | PK, identity (always) |" in text
    assert "| status | text | no | 'draft' |  |  | draft, live (type products_status) |" in text
    assert "- unique (sku) where `deleted_at IS NULL`" in text and "- (status, Price)" in text
    assert "- `price_positive`: `price >= 0`" in text
