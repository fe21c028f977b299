"""Builds the SQLite database that Datasette serves: a lending library with declared foreign keys
(which Datasette turns into links between row pages). Run with the datasette environment's
Python: ``python seed_datasette.py library.db``. Deterministic."""

from __future__ import annotations

import random
import sqlite3
import sys

SCHEMA = """
CREATE TABLE branches (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL, opened_on TEXT);
CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, born INTEGER, country TEXT);
CREATE TABLE books (
  isbn TEXT PRIMARY KEY, title TEXT NOT NULL, author_id INTEGER NOT NULL REFERENCES authors(id),
  published_year INTEGER, pages INTEGER, language TEXT NOT NULL, price REAL);
CREATE TABLE members (id INTEGER PRIMARY KEY, full_name TEXT NOT NULL, joined_on TEXT NOT NULL,
  home_branch_id INTEGER REFERENCES branches(id), active INTEGER NOT NULL);
CREATE TABLE loans (id INTEGER PRIMARY KEY, book_isbn TEXT NOT NULL REFERENCES books(isbn),
  member_id INTEGER NOT NULL REFERENCES members(id), branch_id INTEGER NOT NULL REFERENCES branches(id),
  borrowed_at TEXT NOT NULL, returned_at TEXT);
"""
CITIES = ["Leeds", "York", "Hull", "Bradford", "Sheffield"]
FIRST = ["Ada", "Ben", "Chloe", "Dev", "Elif", "Femi", "Grace", "Hiro", "Ines", "Jon", "Kemi", "Luis"]
LAST = ["Ahmed", "Brown", "Chen", "Doyle", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jones"]
WORDS = ["River", "Night", "Garden", "Iron", "Silent", "Glass", "North", "Winter", "Paper", "Harbour", "Salt"]


def main(path: str) -> None:
    rng = random.Random(7)
    db = sqlite3.connect(path)
    if db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'loans'").fetchone()[0]:
        return
    db.executescript(SCHEMA)
    for i, city in enumerate(CITIES, 1):
        db.execute("INSERT INTO branches VALUES (?, ?, ?, ?)",
                   (i, f"{city} Central", city, None if i == 5 else f"19{60 + i * 7}-0{i}-1{i}"))
    for i in range(1, 31):
        db.execute("INSERT INTO authors VALUES (?, ?, ?, ?)",
                   (i, f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice([None, *range(1920, 1990)]),
                    rng.choice(["GB", "NG", "JP", "ES", "DE", None])))
    isbns = []
    for _ in range(120):
        isbn = f"978{rng.randrange(10**9, 10**10)}"
        isbns.append(isbn)
        db.execute("INSERT INTO books VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (isbn, f"The {rng.choice(WORDS)} {rng.choice(WORDS)}", rng.randint(1, 30),
                    rng.randint(1950, 2024), rng.randint(90, 800), rng.choice(["en", "en", "fr", "ja"]),
                    round(rng.uniform(4, 40), 2)))
    for i in range(1, 81):
        db.execute("INSERT INTO members VALUES (?, ?, ?, ?, ?)",
                   (i, f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{i % 9}",
                    rng.choice([None, 1, 2, 3, 4, 5]), rng.randint(0, 1)))
    for i in range(1, 301):
        day = rng.randint(1, 28)
        db.execute("INSERT INTO loans VALUES (?, ?, ?, ?, ?, ?)",
                   (i, rng.choice(isbns), rng.randint(1, 80), rng.randint(1, 5), f"2025-03-{day:02d}T10:{i % 60:02d}:00",
                    None if i % 4 == 0 else f"2025-04-{day:02d}T16:00:00"))
    db.commit()


if __name__ == "__main__":
    main(sys.argv[1])
