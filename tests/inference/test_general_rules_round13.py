"""General inference rules of self-describing records and list envelopes, each on a small generated capture of its
own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.test_general_rules import _columns, _fks, _infer

HOST = "https://crm.test"


def _gadget(key: str, **fields: object) -> dict[str, object]:
    return {"attributes": {"type": "Gadget", "url": f"/api/v9/objects/Gadget/{key}"}, **fields}


def test_records_headed_by_their_type_and_address_fill_the_table_of_the_type(tmp_path: Path) -> None:
    """``/query`` answering ``{"totalSize", "done", "records": [{"attributes": {"type": "Gadget", "url":
    ".../Gadget/g1"}, "Label": …}]}`` and another query answering ``Sprocket`` records: each record names its type
    and its own address in a header, so the records fill ``gadgets`` and ``sprockets`` (not one table named by the
    route), keyed by the id their address ends in though the query did not select it."""
    sprockets = [{"attributes": {"type": "Sprocket", "url": f"/api/v9/objects/Sprocket/s{i}"}, "Teeth": i}
                 for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/v9/query?q=gadgets",
         {"totalSize": 2, "done": True, "records": [_gadget("g1", Label="a"), _gadget("g2", Label="b")]}),
        ("GET", f"{HOST}/api/v9/query?q=sprockets", {"totalSize": 2, "done": True, "records": sprockets}),
        ("GET", f"{HOST}/api/v9/recent", [_gadget("g3", Id="g3", Label="c")]),
    ])
    assert {"gadgets", "sprockets"} <= set(tables), set(tables)
    columns = _columns(tables["gadgets"])
    assert "teeth" not in columns and columns["id"]["nullable"] is False, columns


def test_the_id_of_a_record_s_own_address_keys_it_across_reads(tmp_path: Path) -> None:
    """The same gadget answered by two queries (a page read at two moments, ``Label`` changed between them) and read
    by id: the id its own address ends in identifies the record, so ``gadgets`` is keyed by it although the reads
    disagree on most of its fields."""
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/v9/query?q=first", {"totalSize": 1, "done": False, "records": [_gadget("g1", Label="a", Size=1, Done=False)]}),
        ("GET", f"{HOST}/api/v9/query?q=again", {"totalSize": 1, "done": True, "records": [_gadget("g1", Label="b", Size=2, Done=True)]}),
        ("GET", f"{HOST}/api/v9/query?q=both", {"totalSize": 1, "done": True, "records": [_gadget("g2", Label="c", Size=3, Done=True)]}),
    ])
    assert tables["gadgets"]["primary_key"] == ["id"], tables["gadgets"]


def test_records_tagged_with_two_types_are_two_tables_however_alike(tmp_path: Path) -> None:
    """``/members`` answering records tagged ``"type": "member"`` and ``/visitors`` records tagged ``"type":
    "visitor"`` with the same fields, even the same ids (the visitors a few of the members'): each record names its own kind, so they are two
    tables, not one entity served at two addresses."""
    def people(kind: str, count: int) -> list[dict[str, object]]:
        return [{"type": kind, "id": f"5c4{i}e7ea7a", "email": f"p{i}@x.test", "name": f"P {i}", "sessions": i}
                for i in range(1, count + 1)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/members", {"type": "member.list", "members": people("member", 3)}),
        ("GET", f"{HOST}/visitors", {"type": "visitor.list", "visitors": people("visitor", 2)}),
    ])
    assert {"members", "visitors"} <= set(tables), set(tables)


def test_stubs_tagged_with_a_served_type_are_a_many_to_many(tmp_path: Path) -> None:
    """Notes each listing ``"labels": {"type": "label.list", "labels": [{"type": "label", "id", "name"}]}`` beside
    ``/labels`` answering records tagged ``label``: the stubs are labels (tagged so), though not those the capture
    served, so the notes and labels are a many-to-many ``note_labels``, not a ``note_id`` column of labels."""
    def note(i: int, label: str) -> dict[str, object]:
        return {"type": "note", "id": f"n{i}", "body": f"b{i}",
                "labels": {"type": "label.list", "labels": [{"type": "label", "id": label, "name": f"l {label}"}]}}
    labels = [{"type": "label", "id": f"9{i}01", "name": f"l{i}"} for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/labels", {"type": "label.list", "labels": labels}),
        ("GET", f"{HOST}/notes", {"type": "note.list", "notes": [note(1, "4401"), note(2, "5502")]}),
    ])
    join = next((t for t in tables.values() if ("note_id", "notes") in _fks(t)), None)
    assert join is not None and ("label_id", "labels") in _fks(join), set(tables)
    assert "note_id" not in _columns(tables["labels"]), _columns(tables["labels"])


def test_the_total_and_done_flag_of_a_nested_page_are_no_columns(tmp_path: Path) -> None:
    """Crates each holding their bolts as a page, ``"bolts": {"totalSize": 1, "done": true, "records": [...]}``: the
    page's total and its is-it-the-last flag say how the page was cut, so the crates get no ``bolts_done`` column.
    A nested ``seal: {"done": true, "grade": 2}`` beside no total stays flattened."""
    crates = [{"id": f"c{i}", "label": f"crate {i}", "seal": {"done": i == 1, "grade": i},
               "bolts": {"totalSize": 1, "done": True, "records": [{"id": f"b{i}", "size": i}]}} for i in (1, 2)]
    tables = _infer(tmp_path, [("GET", f"{HOST}/api/crates", {"totalSize": 2, "done": True, "records": crates})])
    columns = _columns(tables["crates"])
    assert "bolts_done" not in columns and "bolts_total_size" not in columns, columns
    assert "seal_done" in columns, columns


def test_a_table_s_own_field_named_after_it_is_no_reference_by_form(tmp_path: Path) -> None:
    """Members keyed by ``id`` tokens each holding ``"member_id": "123"`` (their id in another system): the name
    would say a member's key, but the table holds a field of that very name, so the keys' form is no evidence and
    ``member_id`` references nothing. A badge's ``member_id`` holding the members' keys still references them."""
    members = [{"id": f"54c4{i}e7ea7a765fa7", "member_id": f"{i}23", "name": f"m{i}"} for i in (1, 2)]
    badges = [{"id": f"b{i}", "member_id": f"54c4{i}e7ea7a765fa7", "level": i} for i in (1, 2)]
    tables = _infer(tmp_path, [("GET", f"{HOST}/members", members), ("GET", f"{HOST}/badges", badges)])
    assert not _fks(tables["members"]), tables["members"]["foreign_keys"]
    assert ("member_id", "members") in _fks(tables["badges"]), tables["badges"]["foreign_keys"]


def test_id_keys_a_table_before_its_own_singular_id(tmp_path: Path) -> None:
    """Firms each holding ``"firm_id": "762"`` (the firm's id in the app that sent it) before their ``"id"``
    token, both unique: ``id`` is the record's own key, ``firm_id`` an id in another system."""
    firms = [{"type": "firm", "firm_id": f"7{i}2", "id": f"54c4{i}ed71623d8caa", "name": f"f{i}"} for i in (1, 2, 3)]
    tables = _infer(tmp_path, [("GET", f"{HOST}/firms", {"type": "firm.list", "firms": firms})])
    assert tables["firms"]["primary_key"] == ["id"], tables["firms"]["primary_key"]


def test_self_addressed_keys_of_a_very_deep_answer_stop_at_a_bounded_depth() -> None:
    """A hostile answer nested far deeper than any record is searched for headers only down to a bound: no
    recursion error, and a header near the top still gives its record the id its address ends in."""
    from inference.addressed import with_addressed_keys

    deep: Any = "leaf"
    for _ in range(20_000):
        deep = {"child": deep}
    body = {"attributes": {"type": "Widget", "url": "/api/objects/Widget/0W1"}, "name": "w", "nested": deep}
    out = with_addressed_keys(body)
    assert out["Id"] == "0W1" and "Id" not in body  # the answer itself is left as it was
    assert with_addressed_keys([deep]) == [deep]
