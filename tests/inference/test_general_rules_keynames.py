"""General inference rule: a key named by its references. A column whose name other columns end in under
several entities (``ref`` beside ``rack_ref``, ``owner_ref``) is an id name: it keys its table as ``id``
would, and ``<entity>_ref`` references that entity's ``ref`` (a small generated capture, no corpus case)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _infer

HOST = "https://lib.test"


def _rack(ref: str) -> dict[str, object]:
    return {"ref": ref, "label": f"rack {ref}", "url": f"{HOST}/v2/racks/{ref}"}


def _book(ref: str, rack: str) -> dict[str, object]:
    return {"ref": ref, "rack_ref": rack, "owner_ref": f"OW{ref[-2:]}x", "title": f"title {ref}",
            "url": f"{HOST}/v2/books/{ref}"}


def test_a_key_named_by_its_references(tmp_path: Path) -> None:
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/v2/racks", {"racks": [_rack("RK01"), _rack("RK02")]}),
        ("GET", f"{HOST}/v2/racks/RK01", _rack("RK01")),
        ("GET", f"{HOST}/v2/books", {"books": [_book("BK11", "RK01"), _book("BK12", "RK02"), _book("BK13", "RK01")]}),
        ("GET", f"{HOST}/v2/books/BK12", _book("BK12", "RK02")),
    ])
    assert tables["racks"]["primary_key"] == ["ref"]
    assert tables["books"]["primary_key"] == ["ref"]
    fks = {(tuple(fk["columns"]), fk["ref_table"], tuple(fk["ref_columns"])) for fk in tables["books"]["foreign_keys"]}
    assert (("rack_ref",), "racks", ("ref",)) in fks


def test_names_of_people_make_no_key_name(tmp_path: Path) -> None:
    """``first_name`` and ``last_name`` end in ``name`` but hold words, not ids: ``name`` stays a natural key
    (asked to be unique without exception), behind ``url``."""
    def person(key: int, name: str) -> dict[str, object]:
        return {"name": name, "first_name": name.split()[0], "last_name": name.split()[1],
                "url": f"{HOST}/v2/people/{key}"}
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/v2/people", {"people": [person(1, "Ann Lee"), person(2, "Bo Kim")]}),
        ("GET", f"{HOST}/v2/people/1", person(1, "Ann Lee")),
    ])
    assert tables["people"]["primary_key"] == ["url"]
