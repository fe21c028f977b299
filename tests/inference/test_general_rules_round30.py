"""General inference rules of the thirtieth round, each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries

HOST = "https://shelf.test"


def _types(table: dict[str, Any]) -> dict[str, str]:
    return {c["name"]: c["type"] for c in table["columns"]}


def test_a_list_empty_everywhere_is_jsonb_unless_its_name_or_its_siblings_say_it_lists_scalars(tmp_path: Path) -> None:
    """``"reviews": []`` in every book says nothing of what it lists: ``jsonb``. Names of plain values (``keywords``,
    ``editor_ids``, ``liked_by``, ``email_watchers``, ``permissions``) and a list in a nested object beside lists of scalars
    (``access.readers`` names, ``access.writers`` empty) are arrays of scalars."""
    books = [{"id": n, "title": f"book {n}", "reviews": [], "translations": [], "keywords": [], "editor_ids": [],
              "liked_by": [], "email_watchers": [], "permissions": [],
              "access": {"readers": ["ann", "bo"][: n % 2 + 1], "writers": [], "mode": "open"}}
             for n in range(1, 5)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/books", books)])
    types = _types(tables["books"])
    assert types["reviews"] == "jsonb" and types["translations"] == "jsonb", types
    assert {types[c] for c in ("keywords", "editor_ids", "liked_by", "email_watchers", "permissions")} == {"text[]"}, types
    assert types["access_readers"] == "text[]" and types["access_writers"] == "text[]", types


def test_the_one_id_field_naming_no_table_keys_records_without_an_id(tmp_path: Path) -> None:
    """Drives served as ``{"drv_id": "d1", ...}`` with their volumes ``{"vol_id": "d1v1", ...}``: no ``id``, no
    natural key, one ``*_id`` field whose word names no table. It keys its records, and the volumes, keyed too, are
    the drive's children referencing it; a ``user_id`` naming a served table stays a reference, no key."""
    drives = [{"drv_id": f"d{n}", "label": f"Drive {n}", "capacity": 100 * n, "mounted": n % 2 == 0,
               "volumes": [{"vol_id": f"d{n}v{k}", "fs": "ext4", "used": k * 7} for k in range(1, 3)]}
              for n in range(1, 4)]
    users = [{"id": n, "login": f"u{n}"} for n in range(1, 4)]
    quotas = [{"user_id": n, "limit": 10 * n, "used": n} for n in range(1, 4)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/drives", {"drives": drives}),
                                       entry(f"{HOST}/api/users", users), entry(f"{HOST}/api/quotas", quotas)])
    assert tables["drives"]["primary_key"] == ["drv_id"], tables["drives"]
    volumes = tables["drive_volumes"]
    assert volumes["primary_key"] == ["vol_id"], volumes
    assert [(fk["columns"], fk["ref_table"]) for fk in volumes["foreign_keys"]] == [(["drive_drv_id"], "drives")]
    assert tables["quotas"]["primary_key"] != ["user_id"] or tables["quotas"]["foreign_keys"], tables["quotas"]


def test_a_full_path_keys_files_before_their_name(tmp_path: Path) -> None:
    """Files served with a ``name`` and a ``path``, both unique in the capture: the path is the key (a name is
    unique within its folder only)."""
    docs = [{"name": f"note{n}.txt", "path": f"/home/notes/note{n}.txt", "size": 10 * n} for n in range(1, 4)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/docs", {"docs": docs})])
    assert tables["docs"]["primary_key"] == ["path"], tables["docs"]


def _refs(table: dict[str, Any]) -> set[tuple[str, str]]:
    return {(fk["columns"][0], fk["ref_table"]) for fk in table["foreign_keys"]}


def test_a_stub_copying_a_full_name_kept_in_parts_references_its_record(tmp_path: Path) -> None:
    """People served with ``given`` and ``family`` names; tickets name their handler by a stub copying the full
    name (``{"id": 2, "name": "Bob Roy"}``), spelt by no other stub: the stub references the person, no table of
    handlers."""
    people = [{"id": 1, "given": "Ann", "family": "Lee", "mail": "ann@x.test"},
              {"id": 2, "given": "Bob", "family": "Roy", "mail": "bob@x.test"},
              {"id": 3, "given": "Cy", "family": "Dunn", "mail": "cy@x.test"}]
    tickets = [{"id": 10 + n, "title": f"t{n}", "handler": {"id": p["id"], "name": f"{p['given']} {p['family']}"}}
               for n, p in enumerate(people[1:] * 2)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/people", people), entry(f"{HOST}/api/tickets", tickets)])
    assert set(tables) == {"people", "tickets"}, list(tables)
    assert _refs(tables["tickets"]) == {("handler_id", "people")}, tables["tickets"]["foreign_keys"]


def test_one_stub_of_a_list_named_after_an_unserved_resource_contradicting_a_table_is_no_copy_of_it(
        tmp_path: Path) -> None:
    """Forms list their ``groups`` as stubs (``{"id": 2, "name": "Editors"}``, one stub in the capture) where the
    served stages hold other names under the same small keys: the stub names a resource of its own (``groups``),
    not stage 2, though one stub is all there is to compare."""
    stages = [{"id": 1, "name": "Open"}, {"id": 2, "name": "Closed"}, {"id": 3, "name": "Pending"}]
    forms = [{"id": 7, "title": "intake", "groups": [{"id": 2, "name": "Editors"}]},
             {"id": 8, "title": "review", "groups": []}]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/stages", stages), entry(f"{HOST}/api/forms", forms)])
    assert not any(ref == "stages" for t in tables.values() for _, ref in _refs(t)), tables
    assert "groups" in tables, list(tables)


def test_a_parent_null_in_every_record_references_its_own_table(tmp_path: Path) -> None:
    """Folders read with ``"parent": null`` everywhere (the capture read top-level folders only): the parent is a
    folder, a reference to the table's own key that was never filled."""
    folders = [{"id": f"f{n}", "title": f"Folder {n}", "parent": None, "created": "2024-01-02T10:00:00Z"}
               for n in range(1, 4)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/folders", folders)])
    assert _refs(tables["folders"]) == {("parent", "folders")}, tables["folders"]["foreign_keys"]


def test_a_relation_naming_a_kind_no_table_is_references_none_by_containment(tmp_path: Path) -> None:
    """Photos hold ``owner_user_id`` (1 or 2) where only playlists are served, keyed 1 to 3: the name says the
    values are users' keys, and no users are served, so the playlists' keys holding them say nothing."""
    playlists = [{"id": n, "title": f"list {n}", "size": n * 3} for n in range(1, 4)]
    photos = [{"id": 100 + n, "filename": f"p{n}.jpg", "owner_user_id": n % 2 + 1} for n in range(4)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/playlists", playlists), entry(f"{HOST}/api/photos", photos)])
    assert _refs(tables["photos"]) == set(), tables["photos"]["foreign_keys"]


def test_two_singletons_sharing_fields_and_a_key_are_two_tables(tmp_path: Path) -> None:
    """``GET /api/node`` and ``GET /api/operator`` each answer one record keyed ``0`` with many fields alike (map
    settings both hold): neither is another address of the other's table, which no collection serves."""
    node = {"id": 0, "theme": "dark", "zoom": 3, "lat": 1.5, "lon": 2.5, "open_signup": True, "build": "7.1"}
    operator = {"id": 0, "theme": "dark", "zoom": 3, "lat": 1.5, "lon": 2.5, "login": "ann", "mail": "a@x.test"}
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/node", node), entry(f"{HOST}/api/operator", operator)])
    assert len(tables) == 2, list(tables)


def test_an_abbreviated_id_references_the_table_its_letter_begins_holding_its_values(tmp_path: Path) -> None:
    """Notes name their board by ``bid`` (``"bid": "Kx81…"``, a board's ``_id``): a letter and ``id`` reference the
    one served table whose name begins with that letter and whose keys hold every value."""
    boards = [{"_id": f"Kx81qPz{n}Wm3Lr9aT", "title": f"board {n}"} for n in range(1, 4)]
    notes = [{"_id": f"Np3vQ{n}x7Lm2Rk8zY", "text": f"n{n}", "bid": boards[n % 3]["_id"]} for n in range(5)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/api/boards", boards), entry(f"{HOST}/api/notes", notes)])
    assert _refs(tables["notes"]) == {("bid", "boards")}, tables["notes"]["foreign_keys"]


def test_a_class_tag_beside_a_list_is_the_answers_and_a_short_name_keys_its_records(tmp_path: Path) -> None:
    """``{"_class": "org.acme.Registry", "packages": [...]}``: the answer's own class name (as Java servers tag every
    object) beside one list is no record; the list is the packages. Each package's ``short_name`` is its handle,
    its key before the ``url`` of its documentation page."""
    packages = [{"_class": "org.acme.Package", "short_name": f"pkg-{n}", "long_name": f"Package {n}",
                 "version": f"1.{n}", "url": f"https://docs.acme.test/wiki/Package+{n}"} for n in range(1, 4)]
    answer = {"_class": "org.acme.LocalRegistry", "packages": packages}
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/registry/api/json?depth=1", answer)])
    assert list(tables) == ["packages"], list(tables)
    assert tables["packages"]["primary_key"] == ["short_name"], tables["packages"]["primary_key"]
