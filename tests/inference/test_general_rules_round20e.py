"""General inference rules of the twentieth round (e), each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries

HOST = "https://shelf.test"


def test_labelled_stubs_under_the_owners_name_join_the_served_table(tmp_path: Path) -> None:
    """``/api/genres`` serves ``{id, name, slug}``; each book lists ``bookGenre: [{id, name, slug, ownerId}]``, the
    owner's own name before the table's, ids not among the served ones and none listed twice: stubs of genres, a
    join ``book_genres(book_id, genre_id)`` to them, not a child table of copies."""
    genres = [{"id": "g1", "name": "Poetry", "slug": "poetry"}, {"id": "g2", "name": "Essays", "slug": "essays"}]
    books = [
        {"id": "b1", "title": "Leaves", "bookGenre": [{"id": "g3", "name": "Novel", "slug": "novel", "ownerId": "o1"}]},
        {"id": "b2", "title": "Dunes", "bookGenre": [{"id": "g4", "name": "Drama", "slug": "drama", "ownerId": "o1"},
                                                    {"id": "g5", "name": "Travel", "slug": "travel", "ownerId": "o1"}]},
        {"id": "b3", "title": "Tides", "bookGenre": []},
    ]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/genres", genres), entry(f"{HOST}/api/books", books)])
    assert "book_genres" in tables, list(tables)
    join = tables["book_genres"]
    assert sorted(c["name"] for c in join["columns"]) == ["book_id", "genre_id"], join
    assert {(f["columns"][0], f["ref_table"]) for f in join["foreign_keys"]} == {("book_id", "books"),
                                                                                 ("genre_id", "genres")}, join
    assert not any("book_genre" in name and name != "book_genres" for name in tables), list(tables)


def test_objects_sharing_only_the_key_and_times_are_no_records_of_a_table(tmp_path: Path) -> None:
    """Each order embeds its ``placedBy`` user and lists ``parcels: [{id, parcelNumber, state, createdAt,
    updatedAt}]`` whose ids (1–4) overlap the users' (1–3): beyond the key and the record-keeping times they share no
    field with the users, so the parcels are a table of their own, not rows of the users' table."""
    def user(uid: int) -> dict[str, object]:
        return {"id": uid, "email": f"u{uid}@x.test", "displayName": f"U{uid}", "createdAt": "2024-01-01T00:00:00Z",
                "updatedAt": "2024-01-02T00:00:00Z"}

    def parcel(pid: int, number: int) -> dict[str, object]:
        return {"id": pid, "parcelNumber": number, "state": 2, "createdAt": "2024-02-01T00:00:00Z",
                "updatedAt": "2024-02-02T00:00:00Z"}

    orders = [
        {"id": 10, "kind": "box", "placedBy": user(1), "parcels": [parcel(1, 1), parcel(2, 2)]},
        {"id": 11, "kind": "box", "placedBy": user(2), "parcels": [parcel(3, 1)]},
        {"id": 12, "kind": "bag", "placedBy": user(3), "parcels": [parcel(4, 1)]},
        {"id": 13, "kind": "bag", "placedBy": user(1), "parcels": []},
    ]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/v1/order", {"results": orders})])
    holding = [name for name, t in tables.items() if "parcel_number" in {c["name"] for c in t["columns"]}]
    assert len(holding) == 1, tables
    parcels = tables[holding[0]]
    assert "email" not in {c["name"] for c in parcels["columns"]}, parcels
    assert parcels["primary_key"] == ["id"], parcels
    assert any(f["ref_table"] == "orders" for f in parcels["foreign_keys"]), parcels


def test_a_reference_id_is_the_items_own_handle(tmp_path: Path) -> None:
    """Steps without an id of their own, each with a ``referenceId`` (UUIDs, never repeated) by which other records
    point at them: a name for the act of referring, not for a referenced table, so it keys the steps."""
    guides = [
        {"id": 1, "title": "Bread", "guideStep": [
            {"referenceId": "7c1e2a50-0d4b-4c8e-9a51-3f0e6b1d2a01", "text": "Mix", "unitId": None},
            {"referenceId": "7c1e2a50-0d4b-4c8e-9a51-3f0e6b1d2a02", "text": "Bake", "unitId": None}]},
        {"id": 2, "title": "Soup", "guideStep": [
            {"referenceId": "7c1e2a50-0d4b-4c8e-9a51-3f0e6b1d2a03", "text": "Boil", "unitId": None}]},
    ]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/guides", guides)])
    steps = next(t for name, t in tables.items() if "step" in name)
    assert steps["primary_key"] == ["reference_id"], steps


def test_a_zero_sentinel_references_no_table_read_only_inside_parents(tmp_path: Path) -> None:
    """``"faultyParcel": 0`` in every order names the parcels, but the parcels are only ever listed inside orders (a
    child table) and no value was seen: with no evidence, no reference is inferred to them."""
    def parcel(pid: int) -> dict[str, object]:
        return {"id": pid, "weight": pid * 2, "state": "sent"}

    orders = [
        {"id": 10, "kind": "box", "faultyParcel": 0, "parcels": [parcel(1), parcel(2)]},
        {"id": 11, "kind": "box", "faultyParcel": 0, "parcels": [parcel(3)]},
        {"id": 12, "kind": "bag", "faultyParcel": 0, "parcels": [parcel(4)]},
    ]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/v1/order", {"results": orders})])
    assert "parcels" in tables or "order_parcels" in tables, list(tables)
    assert not [f for f in tables["orders"]["foreign_keys"] if f["columns"] == ["faulty_parcel"]], tables["orders"]
