"""General inference rules of the twentieth round, each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries

HOST = "https://depot.test"


def _refs(table: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(fk["columns"][0], fk["ref_table"], fk["ref_columns"][0]) for fk in table.get("foreign_keys", [])}


def _sent(url: str, payload: Any, answer: Any, method: str = "POST") -> dict[str, Any]:
    """An entry whose request carries ``payload`` as its JSON body."""
    item = entry(url, answer, method=method)
    text = json.dumps(payload)
    item["request"]["postData"] = {"mimeType": "application/json", "text": text}
    item["request"]["bodySize"] = len(text)
    return item


def test_a_bulk_deletion_names_the_key_of_its_records(tmp_path: Path) -> None:
    """``POST /shelf-slots-delete`` sent ``{"slots": [{"part_no", "bin"}, ...]}`` and answered ``[]``: the records are
    named for deletion by both fields, so both key the slots, though the one search read (of one part) holds each bin
    once."""
    slots = [{"part_no": "p-2", "bin": b, "quantity": q, "status": 1} for b, q in (("north", 5), ("south", 7))]
    tables = _infer_entries(tmp_path, [
        _sent(f"{HOST}/api/shelf-slots-delete", {"slots": [{"part_no": "p-1", "bin": "north"},
                                                           {"part_no": "p-1", "bin": "south"}]}, []),
        entry(f"{HOST}/api/shelf-slots?part_no=p-2", {"items": slots, "total_count": 2}),
    ])
    assert sorted(tables["shelf_slots"]["primary_key"]) == ["bin", "part_no"], tables["shelf_slots"]


def test_an_operation_named_by_a_read_verb_answers_records_of_what_it_reads(tmp_path: Path) -> None:
    """``GET /catalog/get-parts-stocked-in-warehouse/3``: an operation named by a read verb and the plural it reads
    answers records of that collection (``parts``, served at its own route too); the value after it is the
    operation's argument, no column of the parts."""
    parts = [{"part_code": f"p{i}", "label": f"Part {i}", "weight": i * 2, "active": True} for i in range(1, 4)]
    warehouses = [{"id": 3, "city": "Gent"}, {"id": 4, "city": "Lille"}]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/api/parts", parts),
        entry(f"{HOST}/api/warehouses", warehouses),
        entry(f"{HOST}/api/catalog/get-parts-stocked-in-warehouse/3", parts[:2]),
    ])
    assert set(tables) == {"parts", "warehouses"}, tables
    assert {c["name"] for c in tables["parts"]["columns"]} == {"part_code", "label", "weight", "active"}, tables["parts"]
    assert tables["parts"]["primary_key"] == ["part_code"], tables["parts"]


def test_a_sibling_naming_the_table_in_full_keeps_another_qualifier_apart(tmp_path: Path) -> None:
    """``price_list_id`` and ``tax_list_id`` beside it, with only ``price_lists`` served: the sibling names the table in
    full, so ``tax_list_id`` (the same last word after another qualifier) is the key of another kind of list."""
    lists = [{"id": 1, "name": "Retail", "currency": "EUR"}, {"id": 2, "name": "Trade", "currency": "EUR"}]
    products = [{"id": 10 + i, "title": f"Bolt {i}", "price_list_id": 1 + i % 2, "tax_list_id": 1} for i in range(4)]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/api/price_lists", lists),
        entry(f"{HOST}/api/products", products),
    ])
    refs = _refs(tables["products"])
    assert ("price_list_id", "price_lists", "id") in refs, tables["products"]
    assert not any(col == "tax_list_id" for col, _t, _c in refs), tables["products"]


def _column(table: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in table["columns"] if c["name"] == name)


def test_a_typed_collection_references_itself_by_its_kinds(tmp_path: Path) -> None:
    """Every kind of record in one collection told apart by ``Type`` (shelves, books, chapters), linked by ``ParentId``
    (a tree whose roots were never read), ``WallShelfId`` (by a kind's last word) and ``CoverSourceItemId`` (the
    collection's own name after a role, a GUID among keys of text): all three reference the collection itself, the
    last typed as its key."""
    shelf = {"Id": "SHELF-A", "Name": "Shelf", "Type": "WallShelf", "ParentId": "LIBRARY-ROOT"}
    books = [{"Id": f"BOOK-{i}", "Name": f"Book {i}", "Type": "Book", "ParentId": "SHELF-A", "ShelfId": "SHELF-A"}
             for i in (1, 2)]
    chapters = [{"Id": f"CH-{i}", "Name": f"Chapter {i}", "Type": "BookChapter", "ParentId": "BOOK-1",
                 "CoverSourceItemId": "3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e6f"} for i in (1, 2)]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/Users/USER-A/Items?ParentId=LIBRARY-ROOT&IncludeItemTypes=WallShelf", {"Items": [shelf]}),
        entry(f"{HOST}/Users/USER-A/Items?ParentId=SHELF-A&IncludeItemTypes=Book", {"Items": books}),
        entry(f"{HOST}/Users/USER-A/Items?ParentId=BOOK-1&IncludeItemTypes=BookChapter", {"Items": chapters}),
    ])
    items = tables["items"]
    refs = _refs(items)
    assert {("parent_id", "items", "id"), ("shelf_id", "items", "id"), ("cover_source_item_id", "items", "id")} <= refs, items
    assert _column(items, "cover_source_item_id")["type"] == "text", items


def test_stubs_of_the_tables_own_records_are_a_join_with_itself(tmp_path: Path) -> None:
    """``"mentors": [{"id": 2, "name": "Bo"}]`` in people, beside person 2 named ``Bo``: stubs of records the table
    served itself, whatever the list's name, are a join of people with people, not a table of mentors."""
    people = [{"id": 1, "name": "Ann", "city": "Oslo", "mentors": [{"id": 2, "name": "Bo"}, {"id": 3, "name": "Cy"}]},
              {"id": 2, "name": "Bo", "city": "Riga", "mentors": [{"id": 3, "name": "Cy"}]},
              {"id": 3, "name": "Cy", "city": "Pula", "mentors": []}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/people", people)])
    assert set(tables) == {"people", "person_mentors"}, tables
    assert _refs(tables["person_mentors"]) == {("person_id", "people", "id"), ("mentor_id", "people", "id")}, tables


def test_a_pascal_case_id_makes_items_records_though_they_hold_lists(tmp_path: Path) -> None:
    """``"Variants": [{"Id": "v1", "Sku": "A-1", "Prices": [{"Currency", "Amount"}]}]``: items with an ``Id`` (PascalCase)
    are records of their own, so a list of objects inside them does not make the whole list one ``jsonb`` value."""
    products = [{"Id": f"P{i}", "Title": f"Lamp {i}", "Variants": [
        {"Id": f"P{i}-V{j}", "Sku": f"L{i}-{j}", "Prices": [{"Currency": "EUR", "Amount": 10 + j}]} for j in (1, 2)]}
        for i in (1, 2)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/Products", {"Items": products})])
    variants = next((t for name, t in tables.items() if name.endswith("variants")), None)
    assert variants is not None and "sku" in {c["name"] for c in variants["columns"]}, tables


def test_a_list_repeating_its_parents_list_is_a_copy(tmp_path: Path) -> None:
    """Each ``sources`` item of a video (with an id of its own) holds ``streams`` again, the very streams the video lists under ``streams``:
    a copy, kept whole as a ``jsonb`` value of the sources, no second table of streams."""
    def streams(n: int) -> list[dict[str, Any]]:
        return [{"index": 0, "codec": "h264", "width": 640 * n, "kind": "video"},
                {"index": 1, "codec": "aac", "channels": 2, "kind": "audio"}]
    videos = [{"id": n, "title": f"Clip {n}", "streams": streams(n),
               "sources": [{"id": f"src-{n}", "container": "mkv", "path": f"/v/{n}.mkv", "size": 1000 * n, "streams": streams(n)}]}
              for n in (1, 2)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/videos", videos)])
    assert len(tables) == 3 and {"videos", "video_streams"} <= set(tables), tables
    sources = next(t for name, t in tables.items() if name.endswith("sources"))
    assert next(c for c in sources["columns"] if c["name"] == "streams")["type"] == "jsonb", sources


def test_an_embedded_copy_showing_more_fields_is_another_read_of_the_record(tmp_path: Path) -> None:
    """A queue item embedding task 7 (``include=task``) with ``estimate``, which the tasks' own list does not show,
    and without ``done``: the copy is another read of the record, so ``estimate`` is a column of the tasks and ``done``,
    missing from one read, is nullable."""
    tasks = [{"id": 6, "title": "Sweep", "owner_id": 1, "due": "2026-01-04", "done": False},
             {"id": 7, "title": "Paint", "owner_id": 1, "due": "2026-01-05", "done": False}]
    copy = {"id": 7, "title": "Paint", "owner_id": 1, "due": "2026-01-05", "estimate": 3}
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/api/tasks", tasks),
        entry(f"{HOST}/api/queue?include=task", [{"id": 900, "position": 1, "task": copy}]),
    ])
    columns = {c["name"]: c for c in tables["tasks"]["columns"]}
    assert "estimate" in columns and columns["done"]["nullable"], tables["tasks"]
    queue = next(t for name, t in tables.items() if name.startswith("queue"))
    assert ("task_id", "tasks", "id") in _refs(queue), tables


def test_a_key_other_reads_pass_as_a_scope_is_no_parent(tmp_path: Path) -> None:
    """``/Accounts/ACC-1/Notes`` and ``/Notes?accountId=ACC-1`` answering the same notes, none holding the account: the
    account scopes the view (whose notes are visible), it is no parent of the notes, so no ``account_key`` column."""
    notes = [{"id": 10 + i, "text": f"Note {i}", "pinned": i == 1} for i in range(3)]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/Accounts/ACC-1/Notes", notes),
        entry(f"{HOST}/Notes?accountId=ACC-1", notes[:2]),
    ])
    assert {c["name"] for c in tables["notes"]["columns"]} == {"id", "text", "pinned"}, tables["notes"]


def test_an_empty_list_named_as_a_list_of_objects_is_jsonb(tmp_path: Path) -> None:
    """``"fee_lines": []`` in every order beside filled ``tax_lines`` objects: the empty list ends as the qualified
    name of a list of objects does, so it is a list of such objects, one ``jsonb`` value, not ``text[]``."""
    orders = [{"id": n, "total": "9.50", "tax_lines": [{"rate": "21", "amount": "1.65"}], "fee_lines": []}
              for n in (1, 2)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/orders", orders)])
    assert _column(tables["orders"], "fee_lines")["type"] == "jsonb", tables["orders"]
