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
