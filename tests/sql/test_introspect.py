"""Introspection reads catalogs written by hand, not only by wiretable."""

from __future__ import annotations

import psycopg

from kernel.schema import Column, ForeignKey, Index
from sql.introspect import enum_values, introspect


def test_catalog_types_are_normalized_to_model_names(conn: psycopg.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE authors (id serial PRIMARY KEY, handle character varying(20) NOT NULL UNIQUE);
        CREATE TABLE books (
            isbn character(13) PRIMARY KEY,
            title character varying(200) NOT NULL,
            price numeric(8,2) DEFAULT 0,
            rating double precision,
            published timestamp with time zone DEFAULT now(),
            written date,
            starts_at time without time zone,
            labels text[] DEFAULT '{}'::text[],
            sizes character varying(20)[],
            info json,
            data jsonb,
            big int8,
            flag bool DEFAULT true,
            kind text CHECK (kind IN ('novel', 'poem')),
            stars integer CHECK (stars > 0),
            author_id integer REFERENCES authors (id) ON DELETE CASCADE,
            editor_id integer REFERENCES authors ON DELETE RESTRICT,
            UNIQUE (title, author_id)
        );
        CREATE INDEX ON books (written);
        CREATE INDEX books_lower ON books (lower(title));
        CREATE TABLE wiretable_migrations (version serial);
        """
    )
    live = introspect(conn)
    assert [t.name for t in live.tables] == ["authors", "books"]
    authors, books = live.tables
    assert authors.columns[1] == Column(name="handle", type="varchar(20)", nullable=False, unique=True)
    assert authors.columns[0].default == "nextval('authors_id_seq'::regclass)"  # kept verbatim
    assert {c.name: c.type for c in books.columns} == {
        "isbn": "char(13)",
        "title": "varchar(200)",
        "price": "numeric(8,2)",
        "rating": "double precision",
        "published": "timestamptz",
        "written": "date",
        "starts_at": "time",
        "labels": "text[]",
        "sizes": "varchar(20)[]",
        "info": "json",
        "data": "jsonb",
        "big": "bigint",
        "flag": "boolean",
        "kind": "text",
        "stars": "integer",
        "author_id": "integer",
        "editor_id": "integer",
    }
    by_name = {c.name: c for c in books.columns}
    assert by_name["published"].default == "CURRENT_TIMESTAMP"
    assert by_name["labels"].default == "'{}'"
    assert by_name["flag"].default == "TRUE"
    assert by_name["kind"].enum == ["novel", "poem"]
    assert by_name["stars"].enum is None
    assert not by_name["isbn"].nullable and by_name["price"].nullable
    assert books.primary_key == ["isbn"]
    assert books.foreign_keys == [
        ForeignKey(columns=["author_id"], ref_table="authors", ref_columns=["id"], on_delete="cascade"),
        ForeignKey(columns=["editor_id"], ref_table="authors", ref_columns=["id"], on_delete="restrict"),
    ]
    assert books.indexes == [Index(columns=["title", "author_id"], unique=True), Index(columns=["written"])]


def test_introspect_accepts_a_url_and_other_schemas(target_url: str, conn: psycopg.Connection) -> None:
    conn.execute('CREATE SCHEMA other; CREATE TABLE other."T" (x uuid NOT NULL)')
    assert introspect(target_url).tables == []
    (table,) = introspect(target_url, "other").tables
    assert (table.name, table.columns) == ("T", [Column(name="x", type="uuid", nullable=False)])


def test_enum_values_reads_only_single_column_in_lists() -> None:
    assert enum_values("CHECK ((s = ANY (ARRAY['a'::text, 'b'::text])))", "s") == ["a", "b"]
    assert enum_values("CHECK ((s = 'a'::text))", "s") == ["a"]
    varchar = "CHECK (((s)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])))"
    assert enum_values(varchar, "s") == ["a", "b"]
    assert enum_values("CHECK ((n = ANY (ARRAY[1, -2])))", "n") == ["1", "-2"]
    assert enum_values("CHECK ((s = ANY (ARRAY['a'::text])))", "t") is None
    assert enum_values("CHECK ((n > 0))", "n") is None
    assert enum_values("CHECK ((s = lower(s)))", "s") is None
