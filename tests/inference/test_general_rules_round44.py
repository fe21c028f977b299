"""General inference rules of the forty-fourth round (relations listed beneath a record, of records a table serves
elsewhere, ...), each on a small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries
from tests.inference.test_general_rules import _columns

HOST = "https://pinboard.test/v3"


def _account(n: int) -> dict[str, object]:
    return {"id": str(90_000_000_000 + n), "login": f"login{n}", "display_name": f"Person {n}"}


def _fks(table: dict[str, object]) -> set[tuple[str, str]]:
    return {(fk["columns"][0], fk["ref_table"]) for fk in table["foreign_keys"]}  # type: ignore[attr-defined,index]


def test_records_of_a_served_table_listed_beneath_a_record_are_a_join(tmp_path: Path) -> None:
    """``GET /boards/{id}/watchers`` and ``GET /accounts/{id}/admirers`` answering ``{"data": [{"id", "login",
    "display_name"}]}``, the fields of the accounts served at ``/accounts/current`` and ``/accounts/{id}``: the lists
    name relations of a board and of an account, so their records are accounts and each list is a join
    (``board_watchers(board_id, account_id)``, ``account_admirers(account_id, admirer_id)``), not a table of
    watchers copying the accounts' fields with a ``board_id``."""
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/accounts/current", {"data": _account(1)}),
        entry(f"{HOST}/accounts/{_account(2)['id']}", {"data": _account(2)}),
        entry(f"{HOST}/boards/7001", {"data": {"id": "7001", "title": "Ideas", "topic": "misc"}}),
        entry(f"{HOST}/boards/7001/watchers", {"data": [_account(n) for n in range(10, 16)],
                                               "meta": {"result_count": 6}}),
        entry(f"{HOST}/accounts/{_account(1)['id']}/admirers", {"data": [_account(n) for n in range(20, 25)],
                                                                "meta": {"result_count": 5}}),
    ])
    holders = [t for t in tables.values() if "login" in _columns(t)]
    assert len(holders) == 1, sorted(tables)
    accounts = holders[0]
    assert accounts["primary_key"] == ["id"] and "board_id" not in _columns(accounts), accounts
    watchers = next(t for t in tables.values() if ("board_id", "boards") in _fks(t))
    assert set(_columns(watchers)) == {"board_id", "account_id"}, watchers
    assert ("account_id", accounts["name"]) in _fks(watchers), watchers
    admirers = next(t for t in tables.values() if ("admirer_id", accounts["name"]) in _fks(t))
    assert set(_columns(admirers)) == {"account_id", "admirer_id"}, admirers


def test_records_listed_beneath_a_record_and_addressed_beneath_their_word_are_a_table(tmp_path: Path) -> None:
    """``GET /shelves/{id}/bins`` answering records with the fields of the shelves, when ``/bins/{id}/parts`` is read
    too: the bins are a collection of their own (addressed by key beneath their word), the shelves' children."""
    def record(n: int) -> dict[str, object]:
        return {"id": n, "name": f"Thing {n}", "note": "spare", "created_at": "2024-01-02T03:04:05Z"}
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/shelves", [record(1), record(2)]),
        entry(f"{HOST}/shelves/1/bins", [record(11), record(12)]),
        entry(f"{HOST}/bins/11/parts", [{"id": 501, "sku": "P-1", "bin_id": 11}]),
    ])
    bins = next(t for t in tables.values() if ("shelf_id", "shelves") in _fks(t))
    assert "name" in _columns(bins), bins


def _keeper(n: int, full: bool = True) -> dict[str, object]:
    out: dict[str, object] = {"key": 6100 + n, "role": "CURATOR", "isMain": n % 2 == 0, "givenName": f"Given {n}",
                              "emails": [f"k{n}@zoo.test"], "phones": ["+1 555 0100"], "modified": "2024-02-03T04:05:06Z"}
    if full:
        out |= {"familyName": f"Family {n}", "createdBy": "robot"}
    return out


def test_one_kind_of_record_listed_under_several_holders_is_one_table(tmp_path: Path) -> None:
    """``"keepers": [{"key": 6101, "role", "isMain", "givenName", "emails", ...}]`` inside zoos and aquariums alike,
    the keys one numbering (none under two holders): one table ``keepers`` referencing both holders, not
    ``zoo_keepers`` and ``aquarium_keepers``; ``"labels": [{"url", "width", "height", ...}]`` keyed by an address
    stay one table per holder."""
    def label(n: int) -> dict[str, object]:
        return {"url": f"https://img.test/{n}.png", "width": 64, "height": 64, "kind": "thumb", "alt": f"L {n}"}
    zoos = [{"id": f"2a0e0000-0000-4000-8000-00000000000{i}", "title": f"Zoo {i}",
             "keepers": [_keeper(3 * i + j) for j in range(2)], "labels": [label(10 + i)]} for i in range(3)]
    aquariums = [{"id": f"3a0e0000-0000-4000-8000-00000000000{i}", "title": f"Aquarium {i}", "depth": 4 + i,
                  "keepers": [_keeper(20 + i, full=i == 0)], "labels": [label(20 + i)]} for i in range(3)]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/zoo?limit=3", {"offset": 0, "limit": 3, "count": 3, "results": zoos}),
        entry(f"{HOST}/aquarium?limit=3", {"offset": 0, "limit": 3, "count": 3, "results": aquariums}),
    ])
    holders = [t for t in tables.values() if "given_name" in _columns(t)]
    assert len(holders) == 1, sorted(tables)
    owners = {t["name"] for t in tables.values() if "title" in _columns(t)}
    assert len(owners) == 2 and {ref for _, ref in _fks(holders[0])} == owners, holders[0]
    assert holders[0]["primary_key"] == ["key"], holders[0]
    assert len([t for t in tables.values() if "width" in _columns(t)]) == 2, sorted(tables)


def test_an_id_named_for_the_records_own_kind_keys_them_though_two_reads_disagree(tmp_path: Path) -> None:
    """``GET /gardens`` listing ``{"gardenId", "name"}`` and ``GET /gardens/{id}`` answering the garden of that
    ``gardenId`` renamed since (every field but the id differs): the id named for the records' own kind, read at their
    own address, keys them (one garden read at two moments), and the beds' ``gardenId`` references them."""
    ids = [f"9a4d{i:04d}-2222-4000-8000-00000000000{i}" for i in range(2)]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/gardens", {"items": [{"gardenId": ids[0], "name": "Home"}, {"gardenId": ids[1], "name": "Plot"}],
                                  "_links": None}),
        entry(f"{HOST}/gardens/{ids[0]}", {"gardenId": ids[0], "name": "Home garden", "soil": "loam", "acres": 2}),
        entry(f"{HOST}/beds", {"items": [{"bedId": f"bed0000{i}-3333-4000-8000-00000000000{i}", "gardenId": ids[i % 2],
                                          "label": f"Bed {i}"} for i in range(3)], "_links": None}),
    ])
    gardens = next(t for t in tables.values() if "soil" in _columns(t))
    assert gardens["primary_key"] == ["garden_id"], gardens
    beds = next(t for t in tables.values() if "label" in _columns(t))
    assert ("garden_id", gardens["name"]) in _fks(beds), beds


def test_objects_of_one_name_nesting_other_things_under_each_holder_are_each_holders_own(tmp_path: Path) -> None:
    """``"slots": [{"id": "left", "sensors": [...]}]`` in every hub, the same slot names in each but other sensors in
    each: the slots hold nothing plain but their name, and what they nest differs, so they are each hub's own (a child
    table beside its hub's key), not one ``slots`` record shared by the hubs through a join."""
    hubs = [{"hubId": f"4b0b{i:04d}-5555-4000-8000-00000000000{i}", "label": f"Hub {i}",
             "slots": [{"id": side, "sensors": [{"id": f"s{i}{side}{n}", "version": n + 1} for n in range(i + 1)]}
                       for side in ("left", "right")]} for i in range(3)]
    tables = _infer_entries(tmp_path, [
        entry(f"{HOST}/hubs", {"items": hubs, "_links": None}),
        entry(f"{HOST}/hubs/{hubs[0]['hubId']}", hubs[0]),
    ])
    hub = next(t for t in tables.values() if "label" in _columns(t))
    slots = [t for t in tables.values() if ("hub_id", hub["name"]) in _fks(t) and "sensor_id" not in _columns(t)]
    assert len(slots) == 1 and set(_columns(slots[0])) == {"hub_id", "id"}, sorted(tables)
    assert not [t for t in tables.values() if set(_columns(t)) == {"id"}], sorted(tables)


def test_keys_of_the_records_own_kind_under_a_role_are_a_join_to_the_same_table(tmp_path: Path) -> None:
    """``"prior_draft_ids": ["501", "498"]`` in drafts keyed by ``id``, every value a draft's key: the name says they
    are drafts (``draft_ids``) in a role (``prior``), so the array is a join of drafts to drafts,
    ``draft_prior_drafts(draft_id, prior_draft_id)``, not a ``text[]`` column."""
    drafts = [{"id": str(500 + i), "title": f"Draft {i}", "prior_draft_ids": [str(500 + j) for j in range(i + 1)]}
              for i in range(4)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/drafts", {"data": drafts, "meta": {"result_count": 4}})])
    draft = next(t for t in tables.values() if "title" in _columns(t))
    assert "prior_draft_ids" not in _columns(draft), draft
    join = next(t for t in tables.values() if ("prior_draft_id", draft["name"]) in _fks(t))
    assert set(_columns(join)) == {"draft_id", "prior_draft_id"}, join
