"""General inference rules of references found by their values, each on a small generated capture of its own (no
case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _fks, _infer

HOST = "https://ledger.test"


def test_a_column_named_after_a_tables_own_natural_key_references_it(tmp_path: Path) -> None:
    """``/shipping_zones`` serving zones keyed by numbers, each holding once a ``shipping_region`` word (the column's
    first word is the table's), and ``/parcels`` whose ``shipping_region`` and ``return_shipping_region`` hold those
    words: both reference the zones by that natural key, whatever the table is called."""
    zones = [{"id": i, "shipping_region": word, "label": word.lower()} for i, word in
             ((1, "EU_NORTH"), (2, "EU_SOUTH"), (3, "US_WEST"))]
    parcels = [{"id": 10 + i, "weight": 2 + i, "shipping_region": region, "return_shipping_region": back}
               for i, (region, back) in enumerate((("EU_NORTH", "US_WEST"), ("EU_SOUTH", "EU_NORTH")))]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/shipping_zones", zones),
        ("GET", f"{HOST}/api/parcels", parcels),
    ])
    fks = _fks(tables["parcels"])
    assert ("shipping_region", "shipping_zones") in fks, tables["parcels"]
    assert ("return_shipping_region", "shipping_zones") in fks, tables["parcels"]


def test_values_of_another_tables_column_without_its_name_are_no_reference(tmp_path: Path) -> None:
    """The same words in a column named otherwise (``label`` of notes): no reference by the natural key, which only
    a column named after it makes."""
    zones = [{"id": i, "shipping_region": word} for i, word in ((1, "EU_NORTH"), (2, "EU_SOUTH"))]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/shipping_zones", zones),
        ("GET", f"{HOST}/api/notes", [{"id": 5, "label": "EU_NORTH"}, {"id": 6, "label": "EU_SOUTH"}]),
    ])
    assert not _fks(tables["notes"]), tables["notes"]


def test_a_keyless_record_read_at_its_own_address_is_keyed_by_the_field_holding_it(tmp_path: Path) -> None:
    """Builds without an id listed at ``/builds`` and one read at ``/builds/nightly-7`` whose ``label`` is
    ``nightly-7``: the field the address spells keys the table, so the artifacts read beneath that address
    reference the build by it (``build_label -> builds.label``)."""
    builds = [{"label": word, "state": state, "took": n}
              for word, state, n in (("nightly-7", "green", 31), ("nightly-8", "red", 12), ("hotfix-2", "green", 40))]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/builds", builds),
        ("GET", f"{HOST}/api/builds/nightly-7", builds[0]),
        ("GET", f"{HOST}/api/builds/nightly-7/artifacts", [{"id": 70, "size": 3}, {"id": 71, "size": 9}]),
    ])
    assert tables["builds"]["primary_key"] == ["label"], tables["builds"]
    assert ("build_label", "builds") in _fks(tables["artifacts"]), tables["artifacts"]


def test_an_embedded_parent_holding_its_own_parent_field_is_a_record_of_the_same_table(tmp_path: Path) -> None:
    """Folders listed with a scalar ``parent_id``, and one read with its ``parent_id`` expanded in place into
    ``{id, title, parent_id}`` (a folder the capture never served), beside notes served with ``id`` 1 and a ``title``:
    the object holds the very field it sits under and only the folders' fields, so it is a folder one step up the
    tree (``folders.parent_id -> folders``); notes share two of its three fields only, which is no match."""
    folders = [{"id": 2, "title": "Child", "parent_id": 1}, {"id": 3, "title": "Other child", "parent_id": 1}]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/folders", folders),
        ("GET", f"{HOST}/api/folders/2?expand=parent_id",
         {"id": 2, "title": "Child", "parent_id": {"id": 1, "title": "Root", "parent_id": None}}),
        ("GET", f"{HOST}/api/notes", [{"id": 1, "title": "Groceries", "body": "milk"}, {"id": 4, "title": "b", "body": "c"}]),
    ])
    assert ("parent_id", "folders") in _fks(tables["folders"]), tables["folders"]
    assert not _fks(tables["notes"]), tables["notes"]


def test_a_slug_scoped_by_its_owner_in_the_path_addresses_the_parent(tmp_path: Path) -> None:
    """``/repos`` serving repositories keyed by numbers with a ``slug`` that repeats across owners (``docs``), then
    ``/repos/octo/tiny-app/pulls`` read twice (a pull in both answers): the owner's word and the slug after the
    served collection address one repository, so the pulls reference it by its slug (``repo_slug -> repos.slug``),
    held by every read of a pull."""
    repos = [{"id": 1, "slug": "docs", "owner": "octo"}, {"id": 2, "slug": "docs", "owner": "hubot"},
             {"id": 3, "slug": "web-site", "owner": "octo"}]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/repos", repos),
        ("GET", f"{HOST}/api/repos/octo/tiny-app/pulls", [{"id": 10, "title": "a"}, {"id": 11, "title": "b"}]),
        ("GET", f"{HOST}/api/repos/octo/tiny-app/pulls?state=closed", [{"id": 11, "title": "b"}]),
    ])
    assert ("repo_slug", "repos") in _fks(tables["pulls"]), tables["pulls"]
    slug = next(c for c in tables["pulls"]["columns"] if c["name"] == "repo_slug")
    assert slug["nullable"] is False, slug


def test_one_value_that_several_tables_keys_hold_references_none_of_them(tmp_path: Path) -> None:
    """Queues whose ``handoff_to`` is 1 in every record, where queues and agents both have a record 1: a relation
    word with one value held by several tables' keys tells none of them apart, not even the queue's own table;
    a word of a hierarchy (``parent``, ``manager``) still names its own table."""
    queues = [{"id": i, "title": title, "handoff_to": 1, "parent_id": 2} for i, title in ((1, "a"), (2, "b"))]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/queues", queues),
        ("GET", f"{HOST}/api/agents", [{"id": 1, "email": "a@x.test"}, {"id": 7, "email": "b@x.test"}]),
    ])
    fks = _fks(tables["queues"])
    assert not any(col == "handoff_to" for col, _ in fks), tables["queues"]
    assert ("parent_id", "queues") in fks, tables["queues"]


def test_a_wrapper_repeating_its_name_is_no_record_of_its_owner(tmp_path: Path) -> None:
    """Reports whose ``source_id`` is always an object ``{id, title, source_id}`` (never a plain key: a wrapper
    repeating its name): the object holds the field it sits under and only the reports' fields, but no report serves
    it as a reference, so it is no report one step up a tree (no ``reports.source_id -> reports``)."""
    reports = [{"id": i, "title": f"r{i}", "source_id": {"id": 10 + i, "title": f"s{i}", "source_id": None}}
               for i in (1, 2)]
    tables = _infer(tmp_path, [("GET", f"{HOST}/api/reports", reports)])
    assert ("source_id", "reports") not in _fks(tables["reports"]), tables["reports"]
