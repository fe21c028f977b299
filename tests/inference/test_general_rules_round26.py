"""General inference rules of the twenty-sixth round, each on a small generated capture of its own (no case of the
corpus)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.inference.cases._har import entry
from tests.inference.cases._har import infer_tables as _infer_entries

REST = "https://club.test/rest/v1"


def _people() -> list[dict[str, Any]]:
    return [{"username": h, "mood": m, "joined": f"2024-0{i + 1}-01"}
            for i, (h, m) in enumerate((("ada", "calm"), ("bo", "busy"), ("cy", "calm")))]


def test_a_row_read_only_through_the_holders_own_foreign_keys_is_a_row_of_pairs(tmp_path: Path) -> None:
    """``/mentorships?select=mentor:users!mentorships_mentor_fkey(*),mentee:users!mentorships_mentee_fkey(*)``
    answers one object holding only the two people embedded (users keyed by ``username``): each hint is PostgREST's default name of a foreign key
    of ``mentorships`` itself, so the row holds both references (``mentor_username``, ``mentee_username``) and is a row
    of ``mentorships``, not a settings document."""
    people = _people()
    select = ("mentor:users!mentorships_mentor_fkey(*),mentee:users!mentorships_mentee_fkey(*),"
              "witness:users!mentorships_witness_fkey(*)")
    tables = _infer_entries(tmp_path, [
        entry(f"{REST}/users?select=*", people),
        entry(f"{REST}/mentorships?select={select}&limit=1",
              {"mentor": people[0], "mentee": people[2], "witness": people[1]}),
    ])
    assert "mentorships" in tables, list(tables)
    pairs = tables["mentorships"]
    assert {c["name"] for c in pairs["columns"]} == {"mentor_username", "mentee_username", "witness_username"}, pairs
    assert {(fk["columns"][0], fk["ref_table"]) for fk in pairs["foreign_keys"]} == {
        ("mentor_username", "users"), ("mentee_username", "users"), ("witness_username", "users")}


def test_a_row_read_only_through_a_join_hint_holds_no_reference(tmp_path: Path) -> None:
    """The same read with a join's kind as hint (``users!left(*)``) says nothing of whose key it is: the holder
    carries no column of its own and is no row."""
    people = _people()
    tables = _infer_entries(tmp_path, [
        entry(f"{REST}/users?select=*", people),
        entry(f"{REST}/mentorships?select=mentor:users!left(*),mentee:users!left(*)&limit=1",
              {"mentor": people[0], "mentee": people[2]}),
    ])
    assert "mentorships" not in tables, list(tables)


HOST = "https://depot.test/api"


def _goods() -> list[dict[str, Any]]:
    return [{"id": i, "title": t, "shelf": s} for i, (t, s) in enumerate((("nails", "A"), ("glue", "B"), ("tape", "B"),
                                                                          ("wire", "C")), start=1)]


def test_records_without_a_key_naming_each_a_different_record_of_one_table_are_keyed_by_that_reference(
        tmp_path: Path) -> None:
    """``/api/levels`` lists one level per good (``good_id`` distinct in every record, no id of their own): the
    reference identifies each record, so it is the key (a one-to-one extension of the goods)."""
    levels = [{"good_id": i, "count": 10 * i, "reordered": f"2024-05-0{i}"} for i in (1, 2, 4)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/goods", _goods()), entry(f"{HOST}/levels", levels)])
    assert tables["levels"]["primary_key"] == ["good_id"], tables["levels"]


def test_records_naming_one_record_twice_are_not_keyed_by_the_reference(tmp_path: Path) -> None:
    """The same levels with two records of good 4: the reference keys nothing."""
    levels = [{"good_id": i, "count": 10 * n, "reordered": f"2024-05-0{n}"} for n, i in enumerate((1, 2, 4, 4), 1)]
    tables = _infer_entries(tmp_path, [entry(f"{HOST}/goods", _goods()), entry(f"{HOST}/levels", levels)])
    assert tables["levels"]["primary_key"] is None, tables["levels"]


DOCS = "https://docs.test/api"


def _versions(parent: int, first: int) -> list[dict[str, Any]]:
    return [{"id": first + n, "parent": parent, "body": f"draft {n}", "saved": f"2024-06-0{n + 1}T10:00:00Z"}
            for n in range(2)]


def test_one_collection_name_beneath_two_parents_whose_field_holds_each_parents_key_is_one_table_per_parent(
        tmp_path: Path) -> None:
    """``/notes/4/versions`` and ``/sheets/7/versions``: every version's ``parent`` holds the key of the note or the
    sheet it was read beneath, and no version is read beneath both: the versions of notes and the versions of
    sheets, two tables, each ``parent`` referencing one table."""
    notes = [{"id": 4, "title": "plan"}, {"id": 5, "title": "todo"}]
    sheets = [{"id": 7, "caption": "budget"}, {"id": 8, "caption": "rota"}]
    tables = _infer_entries(tmp_path, [
        entry(f"{DOCS}/notes", notes), entry(f"{DOCS}/sheets", sheets),
        entry(f"{DOCS}/notes/4/versions", _versions(4, 40)), entry(f"{DOCS}/sheets/7/versions", _versions(7, 70)),
        entry(f"{DOCS}/notes/4/versions/40", _versions(4, 40)[0]),
    ])
    assert "versions" not in tables, list(tables)
    assert {(fk["columns"][0], fk["ref_table"]) for fk in tables["note_versions"]["foreign_keys"]} == {
        ("parent", "notes")}
    assert {(fk["columns"][0], fk["ref_table"]) for fk in tables["sheet_versions"]["foreign_keys"]} == {
        ("parent", "sheets")}


def test_records_beneath_two_parents_naming_each_by_its_own_field_stay_one_collection(tmp_path: Path) -> None:
    """Comments read beneath users and beneath posts, each holding both ``user_id`` and ``post_id``: no one field
    holds the parent's key beneath both, so they are one ``comments`` table."""
    users = [{"id": 1, "login": "ada"}, {"id": 2, "login": "bo"}]
    posts = [{"id": 9, "title": "hello"}, {"id": 8, "title": "again"}]
    comments = [{"id": 30 + n, "user_id": 1, "post_id": 9 - n, "text": f"c{n}"} for n in range(2)]
    tables = _infer_entries(tmp_path, [
        entry(f"{DOCS}/users", users), entry(f"{DOCS}/posts", posts),
        entry(f"{DOCS}/users/1/comments", comments), entry(f"{DOCS}/posts/8/comments", comments[1:]),
        entry(f"{DOCS}/posts/9/comments", comments[:1]),
    ])
    assert "comments" in tables and not any(name.endswith("_comments") for name in tables), list(tables)
