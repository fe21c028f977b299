"""General inference rules for never-filled fields and always-empty lists, each on a small generated capture of its
own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _fks, _infer

HOST = "https://depot.test"


def test_never_filled_nested_field_takes_the_type_of_the_record_field_it_repeats(tmp_path: Path) -> None:
    """``prefs.visible`` null in every record, beside the record's own ``visible`` boolean: a nested block repeating
    the record's fields holds what they hold. ``prefs.motto``, repeating nothing, stays text."""
    def clerk(key: int) -> dict[str, object]:
        return {"id": key, "handle": f"c{key}", "visible": key == 1, "prefs": {"visible": None, "motto": None}}
    tables = _infer(tmp_path, [("GET", f"{HOST}/v2/clerks", [clerk(1), clerk(2)])])
    columns = _columns(tables["clerks"])
    assert columns["prefs_visible"]["type"] == "boolean", columns["prefs_visible"]
    assert columns["prefs_motto"]["type"] == "text"


def test_record_read_at_its_own_address_is_keyed_by_the_id_in_the_path(tmp_path: Path) -> None:
    """``GET /bins/Q7rT2xLm9KpZ`` answering the bin listed under its shelf, with another ``name`` (a rename between the
    two reads, ``rank`` unchanged): the detail addressed the record by that id, so ``id`` keys ``bins`` though list
    and detail disagree, and is not given up for ``name``."""
    listed = {"id": "Q7rT2xLm9KpZ", "name": "To do", "shelf_id": "S4vW8yB1nC3d", "rank": "8a"}
    detail = {"id": "Q7rT2xLm9KpZ", "name": "Returns", "shelf_id": "S9kL2mN5pQ7r", "rank": "8a"}
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/v1/shelves/S4vW8yB1nC3d/bins", {"value": [listed]}),
        ("GET", f"{HOST}/v1/bins/Q7rT2xLm9KpZ", detail),
    ])
    assert tables["bins"]["primary_key"] == ["id"], tables["bins"]["primary_key"]


def test_details_served_empty_and_otherwise_mostly_null_are_one_jsonb_value(tmp_path: Path) -> None:
    """``extras`` is ``{}`` in the logs' answers and, in the jobs', five fields of which four are null: a bag of
    optional details, one ``jsonb`` column, not a column per field null nearly everywhere. ``limits``, ``{}`` in a log
    but filled in the jobs, stays flattened."""
    def job(key: int) -> dict[str, object]:
        return {"id": key, "label": f"j{key}", "limits": {"cpu": key, "memory": 256 * key},
                "extras": {"batch_ref": f"b{key}", "pause_key": None, "cache_key": None, "retry_at": None, "hint": None}}
    logs = [{"id": 10 + key, "line": f"l{key}", "limits": {}, "extras": {}} for key in (1, 2)]
    tables = _infer(tmp_path, [("GET", f"{HOST}/v4/jobs", [job(1), job(2)]), ("GET", f"{HOST}/v4/logs", logs)])
    columns = _columns(tables["jobs"])
    assert columns["extras"]["type"] == "jsonb" and "extras_batch_ref" not in columns, sorted(columns)
    assert {"limits_cpu", "limits_memory"} <= set(columns), sorted(columns)


def test_never_filled_last_participle_is_a_time(tmp_path: Path) -> None:
    """``last_synced`` null in every record names the moment something last happened: a timestamp. ``last_name``
    and ``last_step``, null as well, say no type and stay text."""
    probes = [{"id": key, "host": f"h{key}", "last_synced": None, "last_name": None, "last_step": None} for key in (1, 2)]
    columns = _columns(_infer(tmp_path, [("GET", f"{HOST}/v2/probes", probes)])["probes"])
    assert columns["last_synced"]["type"] == "timestamptz", columns["last_synced"]
    assert columns["last_name"]["type"] == "text" and columns["last_step"]["type"] == "text"


def test_stub_of_a_key_a_tag_and_its_link_leaves_its_key_only(tmp_path: Path) -> None:
    """``head.revision`` is ``{"sha", "type": "revision", "links": {"self": …}}``, a stub of a record never served:
    flattened it leaves ``head_revision_sha`` and no ``head_revision_type`` (the tag is the stub's record's). ``lane``,
    ``{"name", "type"}`` without a link, keeps its tag."""
    def merge(key: int) -> dict[str, object]:
        sha = f"a{key}b2c3d4e5f6"
        return {"id": key, "title": f"m{key}", "lane": {"name": f"l{key}", "type": "lane"},
                "head": {"revision": {"sha": sha, "type": "revision",
                                      "links": {"self": {"href": f"{HOST}/v2/revisions/{sha}"}}}}}
    columns = _columns(_infer(tmp_path, [("GET", f"{HOST}/v2/merges", {"values": [merge(1), merge(2)]})])["merges"])
    assert "head_revision_sha" in columns and "head_revision_type" not in columns, sorted(columns)
    assert "lane_type" in columns, sorted(columns)


def test_never_filled_by_field_beside_an_agent_references_the_agents_table(tmp_path: Path) -> None:
    """``merged_by`` null in every record, beside ``author`` objects that reference one table of people: it is a
    person left empty, ``merged_by_uuid`` referencing that table. ``meta.archived_by``, under another object than the
    author, stays a plain column."""
    def person(key: int) -> dict[str, object]:
        return {"uuid": f"{{00000000-0000-4000-8000-00000000000{key}}}", "display_name": f"P {key}", "nickname": f"p{key}"}
    changes = [{"id": key, "title": f"c{key}", "author": person(key), "merged_by": None,
                "meta": {"archived_by": None, "flag": f"f{key}"}} for key in (1, 2)]
    tables = _infer(tmp_path, [("GET", f"{HOST}/v3/changes", {"values": changes})])
    fks = _fks(tables["changes"])
    people = next(t for c, t in fks if c == "author_uuid")
    assert ("merged_by_uuid", people) in fks, fks
    assert "meta_archived_by" in _columns(tables["changes"]) and not any(c.startswith("meta_") for c, _t in fks)


def test_never_filled_field_named_after_stubs_of_its_table_holds_their_key(tmp_path: Path) -> None:
    """``landed_revision`` null in every record, in a table whose ``head.revision`` holds ``{"sha", "type", "links"}``
    stubs: a stub of that kind left empty, ``landed_revision_sha``. ``landed_note``, named after nothing, stays."""
    def merge(key: int) -> dict[str, object]:
        sha = f"c{key}d2e3f4a5b6"
        return {"id": key, "title": f"m{key}", "landed_revision": None, "landed_note": None,
                "head": {"revision": {"sha": sha, "type": "revision",
                                      "links": {"self": {"href": f"{HOST}/v2/revisions/{sha}"}}}}}
    columns = _columns(_infer(tmp_path, [("GET", f"{HOST}/v2/merges", {"values": [merge(1), merge(2)]})])["merges"])
    assert "landed_revision_sha" in columns and "landed_revision" not in columns, sorted(columns)
    assert "landed_note" in columns


def test_never_filled_list_named_as_a_list_of_objects_elsewhere_is_jsonb(tmp_path: Path) -> None:
    """``draft.badges`` is ``[]`` in every record while a member's own ``badges`` hold objects: a list of such objects,
    one ``jsonb`` value, not ``text[]``. ``draft.tags``, empty and named as nothing filled, stays ``text[]``."""
    def member(key: int) -> dict[str, object]:
        return {"id": key, "handle": f"m{key}", "badges": [{"title": f"b{key}", "level": key}],
                "draft": {"bio": f"bio {key}", "badges": [], "tags": []}}
    columns = _columns(_infer(tmp_path, [("GET", f"{HOST}/v2/members", [member(1), member(2)])])["members"])
    assert columns["draft_badges"]["type"] == "jsonb", columns["draft_badges"]
    assert columns["draft_tags"]["type"] == "text[]", columns["draft_tags"]


def test_object_named_as_settings_is_one_jsonb_document(tmp_path: Path) -> None:
    """``retry_policy`` and ``runner_configuration`` hold settings the app defines: one ``jsonb`` value each, not a
    column per setting. ``address``, named as nothing of the kind, is flattened."""
    def task(key: int) -> dict[str, object]:
        return {"id": key, "label": f"t{key}", "retry_policy": {"retries": key, "delay_seconds": 5 * key},
                "runner_configuration": {"image": f"img{key}", "cpus": key},
                "address": {"city": f"C{key}", "zip": f"0{key}00"}}
    columns = _columns(_infer(tmp_path, [("GET", f"{HOST}/v2/tasks", [task(1), task(2)])])["tasks"])
    assert columns["retry_policy"]["type"] == "jsonb" and columns["runner_configuration"]["type"] == "jsonb", sorted(columns)
    assert {"address_city", "address_zip"} <= set(columns) and "retry_policy_retries" not in columns


def test_list_and_detail_naming_one_field_differently_are_one_column(tmp_path: Path) -> None:
    """The list's records hold ``board_name``, the detail at ``/boards/{id}`` ``name``, never both
    in one object and equal for the record read both ways: one field, ``board_name``. ``label`` and
    ``board_label``, held together by the list's records, stay two columns."""
    listed = [{"board_id": key, "board_name": f"Plan {key}", "label": "x", "board_label": f"L{key}", "lanes": key}
              for key in (1, 2)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/v1/boards", {"boards": listed}),
        ("GET", f"{HOST}/v1/boards/1", {"board_id": 1, "name": "Plan 1", "lanes": 1, "owner_note": "n"}),
    ])
    boards = next(t for n, t in tables.items() if "board_name" in _columns(t))
    columns = _columns(boards)
    assert "name" not in columns and {"label", "board_label", "owner_note"} <= set(columns), sorted(columns)


def test_parent_list_summarizing_its_childrens_attributes_is_no_table(tmp_path: Path) -> None:
    """A board's ``note_keys`` (``{key, sortable}``) holds exactly the keys of its tasks' ``notes`` with a computed
    flag: a summary of those records, not a table. The tasks' notes keep their table."""
    def task(key: int) -> dict[str, object]:
        return {"task_id": key, "board_id": 1, "title": f"t{key}", "notes": [{"key": f"k{key}", "value": f"v{key}"}]}
    board = {"board_id": 1, "title": "B", "tasks": [task(1), task(2)],
             "note_keys": [{"key": "k1", "sortable": True}, {"key": "k2", "sortable": False}]}
    tables = _infer(tmp_path, [("GET", f"{HOST}/v1/boards/1", board)])
    assert not any("sortable" in _columns(t) for t in tables.values()), sorted(tables)
    assert any("value" in _columns(t) and "key" in _columns(t) for t in tables.values()), sorted(tables)
