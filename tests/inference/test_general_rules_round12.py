"""General inference rules for Microsoft JSON dates and for a list named by its route beside facts of the answer,
each on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _infer

HOST = "https://ledger.test"


def test_microsoft_json_dates_are_timestamps(tmp_path: Path) -> None:
    """``/Date(1700000000000+0000)/`` (epoch milliseconds, as ASP.NET and WCF serialize dates) is a point in time
    whatever the field is called; a string that only starts alike stays text."""
    crates = [{"id": i, "packed": f"/Date({1700000000000 + i * 86400000}+0000)/", "shipped": f"/Date({1700100000000 + i})/",
               "label": f"/Date(soon {i})/"} for i in (1, 2)]
    columns = _columns(_infer(tmp_path, [("GET", f"{HOST}/v2/crates", crates)])["crates"])
    assert columns["packed"]["type"] == "timestamptz", columns["packed"]
    assert columns["shipped"]["type"] == "timestamptz", columns["shipped"]
    assert columns["label"]["type"] == "text", columns["label"]


def _answer(key: str, records: list[dict[str, object]], answer_id: str) -> dict[str, object]:
    return {"Id": answer_id, "Status": "OK", "Provider": "Dock app", "AnsweredAt": "2024-05-01T10:00:00Z", key: records}


def test_list_named_by_its_route_beside_answer_facts_holds_the_records(tmp_path: Path) -> None:
    """``{"Id": <answer guid>, "Status": "OK", "Provider": …, "Crates": [...]}`` at ``/Crates`` and ``/Crates/{id}``:
    the list named as the route's collection holds the records; the answer's own id, status and provider are facts
    of the answer, not a record with a child list. So too for records without an id (``/Tariffs``)."""
    crates = [{"CrateID": f"0c0ffee0-0000-4000-8000-00000000000{i}", "Label": f"north {i}", "Capacity": 10 + i}
              for i in (1, 2)]
    tariffs = [{"Code": c, "Rate": r} for c, r in (("LOW", 1.5), ("HIGH", 4.25))]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/v2/Crates", _answer("Crates", crates, "9a5e0c2e-1111-4000-8000-000000000001")),
        ("GET", f"{HOST}/v2/Crates/{crates[0]['CrateID']}", _answer("Crates", crates[:1], "9a5e0c2e-1111-4000-8000-000000000002")),
        ("GET", f"{HOST}/v2/Tariffs", _answer("Tariffs", tariffs, "9a5e0c2e-1111-4000-8000-000000000003")),
    ])
    assert {"crates", "tariffs"} <= set(tables), set(tables)
    crate_columns = set(_columns(tables["crates"]))
    assert {"crate_id", "label", "capacity"} <= crate_columns and not {"status", "provider", "id"} & crate_columns
    assert tables["crates"]["primary_key"] == ["crate_id"], tables["crates"]["primary_key"]
    assert set(_columns(tables["tariffs"])) == {"code", "rate"}, set(_columns(tables["tariffs"]))


def test_reference_by_a_natural_key_beside_the_id(tmp_path: Path) -> None:
    """Bins keyed by a GUID also carry a unique ``code``; ``bin_code`` of parcels (and ``return_bin_code`` after a
    role) holding such codes references ``bins.code``, which becomes unique. ``batch_code`` names no table and
    ``bin_code`` values missing from the bins would be no reference."""
    bins = [{"BinID": f"5b1d0000-0000-4000-8000-00000000000{i}", "Code": f"B{i}0", "Aisle": i} for i in (1, 2, 3)]
    parcels = [{"ParcelID": f"7e4a0000-0000-4000-8000-00000000000{i}", "BinCode": f"B{i}0", "ReturnBinCode": "B30",
                "BatchCode": f"X{i}"} for i in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/v2/bins", bins),
        ("GET", f"{HOST}/v2/parcels", parcels),
    ])
    fks = {(fk["columns"][0], fk["ref_table"], fk["ref_columns"][0]) for fk in tables["parcels"]["foreign_keys"]}
    assert {("bin_code", "bins", "code"), ("return_bin_code", "bins", "code")} <= fks, fks
    assert not any(col == "batch_code" for col, _t, _c in fks)
    assert _columns(tables["bins"])["code"].get("unique") is True
