"""General inference rules for search engines' and document stores' addressing (counters about the answer
beside its payload, underscore keywords after a resource, a DELETE answering the deleted record), each on a
small generated capture of its own (no case of the corpus)."""

from __future__ import annotations

from pathlib import Path

from tests.inference.test_general_rules import _columns, _infer

HOST = "https://search.test"


def _doc(key: str, **fields: object) -> dict[str, object]:
    return {"_id": key, "_source": {"title": f"t{key}", "pages": int(key) * 10, **fields}}


def test_counters_beside_a_wrapper_are_no_data(tmp_path: Path) -> None:
    """``{"took": 3, "replicas": {"total": 2, "ok": 2, "failed": 0}, "matches": {...}}``: the tally of
    the replicas that answered is about the answer, so the wrapped list holds the records."""
    page = {"took": 3, "replicas": {"total": 2, "ok": 2, "failed": 0},
            "results": {"total": 2, "rows": [{"id": "a1", "label": "x"}, {"id": "a2", "label": "y"}]}}
    tables = _infer(tmp_path, [("GET", f"{HOST}/v1/articles", page)])
    assert set(tables) == {"articles"}
    assert set(_columns(tables["articles"])) == {"id", "label"}
    assert tables["articles"]["primary_key"] == ["id"]


def test_underscore_keyword_after_a_resource_is_no_collection(tmp_path: Path) -> None:
    """``/library-2/_doc/3`` and ``/library-2/_find`` read the records of ``library-2``; ``/library-2/_count``
    counts them: one table, no ``docs`` table and no parent reference to one."""
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/library-2/_find?q=t", [_doc("1"), _doc("2")]),
        ("GET", f"{HOST}/library-2/_doc/3", _doc("3")),
        ("GET", f"{HOST}/library-2/_doc/1", _doc("1")),
        ("GET", f"{HOST}/library-2/_count", {"count": 3, "elapsed": 1}),
    ])
    assert len(tables) == 1, set(tables)
    (table,) = tables.values()
    assert set(_columns(table)) == {"id", "source_title", "source_pages"}
    assert table["primary_key"] == ["id"]
    assert not table["foreign_keys"]


def test_delete_answer_may_differ_from_the_reads(tmp_path: Path) -> None:
    """A DELETE answers the record as it was deleted (its version bumped), so it does not make the key's rows
    disagree: ``id`` still keys the table."""
    def note(key: int, version: int, seq: int) -> dict[str, object]:
        return {"id": key, "version": version, "seq": seq, "text": f"n{key}"}
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/notes", [note(1, 1, 7), note(2, 1, 8)]),
        ("GET", f"{HOST}/notes/1", note(1, 1, 7)),
        ("DELETE", f"{HOST}/notes/2", note(2, 2, 9)),
    ])
    assert tables["notes"]["primary_key"] == ["id"]


def _author(key: str) -> dict[str, object]:
    return {"id": key, "handle": f"h{key}", "display": f"D {key}", "bio": f"about {key}", "followers": len(key)}


def _post(key: str, author: str, **more: object) -> dict[str, object]:
    return {"id": key, "text": f"text {key}", "likes": 3, "author": _author(author), **more}


def test_route_answering_records_of_an_embedded_entity_is_that_table(tmp_path: Path) -> None:
    """``/me`` and ``/posts/{id}/liked_by`` answer authors that posts embed in full: no ``mes`` or ``liked_bies``
    table, their records are rows of the authors'."""
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/posts", [_post("p1", "a1"), _post("p2", "a2"), _post("p3", "a3")]),
        ("GET", f"{HOST}/api/me", _author("a1")),
        ("GET", f"{HOST}/api/posts/p1/liked_by", [_author("a2")]),
    ])
    assert {"posts", "authors"} <= set(tables) and not {"mes", "liked_bies"} & set(tables), set(tables)
    assert tables["authors"]["primary_key"] == ["id"]


def test_array_of_stubs_of_an_embedded_entity_is_a_join_to_it(tmp_path: Path) -> None:
    """``mentions: [{id, handle}]`` names authors that posts embed in full: a join to authors."""
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/posts", [
            _post("p1", "a1", mentions=[{"id": "a2", "handle": "ha2"}]),
            _post("p2", "a2", mentions=[{"id": "a1", "handle": "ha1"}, {"id": "a3", "handle": "ha3"}]),
            _post("p3", "a3", mentions=[])]),
    ])
    joins = [t for t in tables.values() if ("post_id", "posts") in {(f["columns"][0], f["ref_table"])
                                                                      for f in t["foreign_keys"]}]
    assert any(f["ref_table"] == "authors" for t in joins for f in t["foreign_keys"]), set(tables)


def test_operation_on_a_record_answering_another_record_of_its_collection(tmp_path: Path) -> None:
    """``POST /posts/p1/repost`` answers the new post p4 that embeds p1: both are posts, no ``reposts`` table."""
    posts = [_post("p1", "a1"), _post("p2", "a2"), _post("p3", "a1")]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/posts", posts),
        ("POST", f"{HOST}/api/posts/p1/repost", _post("p4", "a2", repost=posts[0])),
    ])
    assert "reposts" not in tables, set(tables)
    assert ("repost_id", "posts") in {(f["columns"][0], f["ref_table"]) for f in tables["posts"]["foreign_keys"]}


def test_objects_nesting_deep_through_a_list_are_one_document(tmp_path: Path) -> None:
    """``spec: {units: [{name, check: {probe: {path, port}}}]}`` nests four levels through a list: one jsonb
    document, not a tree of child tables; ``file: {details: {image: {width}}}`` (no list) stays flattened."""
    def task(key: str, port: int) -> dict[str, object]:
        return {"id": key, "label": f"task {key}",
                "spec": {"replicas": 2, "units": [{"name": "main", "check": {"probe": {"path": "/ok", "port": port}}}]},
                "file": {"details": {"image": {"width": port, "height": 3}}}}
    tables = _infer(tmp_path, [("GET", f"{HOST}/api/tasks", [task("t1", 80), task("t2", 81)])])
    assert set(tables) == {"tasks"}, set(tables)
    columns = _columns(tables["tasks"])
    assert columns["spec"]["type"] == "jsonb"
    assert "file_details_image_width" in columns


def _object(uid: str, version: int, phase: str) -> dict[str, object]:
    return {"metadata": {"name": f"w-{uid[:4]}", "namespace": "ns", "uid": uid, "resourceVersion": str(version)},
            "status": {"phase": phase, "ready": version}}


def test_uid_of_a_metadata_header_keys_the_record(tmp_path: Path) -> None:
    """``{"metadata": {"name", "namespace", "uid", ...}, ...}`` with no id of its own: the header's ``uid`` keys
    the record, and its children reference it by that key."""
    a, b = "0b7c6e2a-1111-4e5e-9a9e-a6dc7493b6d7", "0b7c6e2a-2222-4e5e-9a9e-a6dc7493b6d7"
    first, second = _object(a, 1, "Running"), _object(b, 2, "Pending")
    first["conditions"] = [{"type": "Ready", "status": "True"}, {"type": "Live", "status": "False"}]
    tables = _infer(tmp_path, [("GET", f"{HOST}/api/v1/namespaces/ns/widgets", {"kind": "WidgetList", "items": [first, second]})])
    assert tables["widgets"]["primary_key"] == ["metadata_uid"]
    children = [t for t in tables.values() if t["name"] != "widgets"]
    assert children and all(f["ref_table"] == "widgets" for t in children for f in t["foreign_keys"])


def test_header_id_keys_a_record_read_while_it_changes(tmp_path: Path) -> None:
    """A resource polled while it changes (its ``resourceVersion`` and status differ from read to read) is still
    keyed by the id its header declares."""
    uid = "5d1f7e00-3333-4e5e-9a9e-a6dc7493b6d7"
    tables = _infer(tmp_path, [("GET", f"{HOST}/api/v1/namespaces/ns/widgets/w-5d1f", _object(uid, v, phase))
                               for v, phase in ((1, "Pending"), (2, "Running"), (3, "Done"))])
    assert tables["widgets"]["primary_key"] == ["metadata_uid"]


def _widget(key: int, owner: int = 1) -> dict[str, object]:
    return {"id": key, "title": f"w{key}", "slug": f"w-{key}", "views": key * 3, "owner_id": owner}


def test_list_page_object_holds_the_records_beside_its_state(tmp_path: Path) -> None:
    """``{"widget_list": {"can_create": false, "draft_key": "new", "widgets": [...]}}``: the list object holds
    the widgets beside the page's own state, which is no table."""
    page = {"widget_list": {"can_create": False, "draft_key": "new_widget", "draft": None,
                            "widgets": [_widget(1), _widget(2)]}}
    tables = _infer(tmp_path, [("GET", f"{HOST}/latest.json", page)])
    assert set(tables) == {"widgets"}, set(tables)
    assert set(_columns(tables["widgets"])) == {"id", "title", "slug", "views", "owner_id"}


def test_named_lists_beside_a_list_page_are_side_loaded_records(tmp_path: Path) -> None:
    """``{"owners": [...], "widget_list": {"more_url": ..., "widgets": [...]}}``: the owners the widgets name are
    served beside them, rows of their own table that the widgets reference."""
    page = {"owners": [{"id": 1, "username": "ann", "avatar": "/a/1.png"}, {"id": 2, "username": "bo", "avatar": "/a/2.png"}],
            "widget_list": {"can_create": False, "more_url": "/hot.json?page=1",
                            "widgets": [_widget(1, 1), _widget(2, 2), _widget(3, 1)]}}
    tables = _infer(tmp_path, [("GET", f"{HOST}/hot.json", page)])
    assert set(tables) == {"widgets", "owners"}, set(tables)
    assert tables["owners"]["primary_key"] == ["id"]
    assert ("owner_id", "owners") in {(f["columns"][0], f["ref_table"]) for f in tables["widgets"]["foreign_keys"]}


def test_qualified_list_key_names_the_routes_collection(tmp_path: Path) -> None:
    """``{"latest_widgets": [...]}`` at ``/widgets`` is a selection of the widgets: one table with the detail."""
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/widgets.json", {"latest_widgets": [_widget(1), _widget(2)]}),
        ("GET", f"{HOST}/widgets/3.json", _widget(3)),
    ])
    assert set(tables) == {"widgets"}, set(tables)


def test_array_in_a_flattened_object_is_named_by_its_own_key(tmp_path: Path) -> None:
    """A board's ``widget_stream: {widgets: [...]}`` holds widgets, rows of the widgets a route lists (the array's
    own key names them, not the object it is flattened from)."""
    board = {"id": 7, "name": "main", "widget_stream": {"stream": [4, 5], "widgets": [_widget(4), _widget(5)]}}
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/widgets", [_widget(1), _widget(2)]),
        ("GET", f"{HOST}/api/boards/7", board),
    ])
    assert "widgets" in tables and not any("widget_stream_widget" in name for name in tables), set(tables)


def test_id_telling_nearly_all_records_apart_keys_despite_a_stale_read(tmp_path: Path) -> None:
    """Twenty members listed, and member 3 read elsewhere at another moment with other values: ``id`` still keys
    the table (one disagreeing read among twenty records does not unmake it)."""
    members = [{"id": i, "handle": f"m{i}", "avatar": f"/a/{i}.png", "posts": i} for i in range(1, 21)]
    stale = {"id": 3, "handle": "m3-old", "avatar": "/old/3.png", "posts": 0}
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/api/members", members),
        ("GET", f"{HOST}/api/members/3", stale),
    ])
    assert tables["members"]["primary_key"] == ["id"]


def test_one_letter_route_abbreviates_a_collection(tmp_path: Path) -> None:
    """``/t/9.json`` answers a topic the list at ``/topics.json`` never showed: the one-letter segment abbreviates
    the topics, whose columns the record shares, so it is a row of theirs, not of a ``ts`` table."""
    def topic(key: int) -> dict[str, object]:
        return {"id": key, "title": f"t{key}", "slug": f"t-{key}", "views": key, "posts_count": 2, "closed": False}
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/topics.json", [topic(1), topic(2)]),
        ("GET", f"{HOST}/t/9.json", {**topic(9), "draft_key": "topic_9", "stream": [4, 5]}),
    ])
    assert set(tables) == {"topics"}, set(tables)


def test_word_after_an_action_qualifies_it(tmp_path: Path) -> None:
    """``/admin/members/list/active`` lists the active members: ``active`` qualifies the listing, the table is
    ``members``, and the posts' ``member_id`` references it."""
    members = [{"id": i, "handle": f"m{i}", "active": True, "posts": i} for i in (1, 2, 3)]
    tables = _infer(tmp_path, [
        ("GET", f"{HOST}/admin/members/list/active.json", members),
        ("GET", f"{HOST}/api/notes", [{"id": 10 + i, "text": "x", "member_id": i} for i in (1, 2)]),
    ])
    assert "members" in tables and "actives" not in tables, set(tables)
    assert ("member_id", "members") in {(f["columns"][0], f["ref_table"]) for f in tables["notes"]["foreign_keys"]}
