"""The demo bookshop's data set: deterministic, built from literals and a fixed random seed.

Entities: authors (uuid keys), publishers, genres (slug keys), books (slug keys), customers,
orders (with line items) and reviews (reachable under their book). Every reference points at an
existing record.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import TypedDict

SEED = 20240517
_NS = uuid.UUID("6f1c1b8e-2d55-4c51-9a53-0f1f6f4f6a10")
_EPOCH = datetime(2022, 1, 1, tzinfo=UTC)

BOOK_FORMATS = ("hardcover", "paperback", "ebook", "audiobook")
ORDER_STATUSES = ("pending", "paid", "shipped", "delivered", "cancelled")


class Author(TypedDict):
    id: str
    name: str
    bio: str | None
    birth_date: str | None
    country: str
    website: str | None
    created_at: str
    updated_at: str


class PublisherAddress(TypedDict):
    city: str
    country: str


class Publisher(TypedDict):
    id: int
    name: str
    website: str | None
    founded_year: int
    is_independent: bool
    address: PublisherAddress


class Genre(TypedDict):
    slug: str
    name: str
    description: str


class AuthorRef(TypedDict):
    id: str
    name: str


class PublisherRef(TypedDict):
    id: int
    name: str


class Award(TypedDict):
    name: str
    year: int


class Book(TypedDict):
    slug: str
    title: str
    subtitle: str | None
    isbn: str
    author: AuthorRef
    publisher: PublisherRef | None
    genres: list[str]
    tags: list[str]
    format: str
    price: float
    page_count: int
    published_on: str
    in_stock: bool
    awards: list[Award]
    created_at: str
    updated_at: str


class Address(TypedDict):
    street: str
    city: str
    postal_code: str
    country: str


class Customer(TypedDict):
    id: int
    first_name: str
    last_name: str
    email: str
    phone: str | None
    is_member: bool
    loyalty_points: int
    address: Address
    created_at: str
    updated_at: str


class OrderItem(TypedDict):
    book_slug: str
    quantity: int
    unit_price: float


class Order(TypedDict):
    id: int
    customer_id: int
    status: str
    placed_at: str
    shipped_at: str | None
    is_gift: bool
    gift_message: str | None
    shipping_address: Address
    items: list[OrderItem]
    subtotal: float
    shipping_fee: float
    total: float
    currency: str
    updated_at: str


class Review(TypedDict):
    """A review as stored; ``_book_slug`` is private and never served."""

    id: int
    rating: int
    title: str
    body: str | None
    customer_id: int | None
    verified_purchase: bool
    created_at: str
    _book_slug: str


class Dataset(TypedDict):
    authors: list[Author]
    publishers: list[Publisher]
    genres: list[Genre]
    books: list[Book]
    customers: list[Customer]
    orders: list[Order]
    reviews: list[Review]


# fmt: off
# name, country, birth_date (or None), website (or None), bio (or None)
_AUTHORS: list[tuple[str, str, str | None, str | None, str | None]] = [
    ("Mara Ellison", "United Kingdom", "1961-03-14", "https://maraellison.example", "Writes quiet novels about loud families."),
    ("Tomasz Wierzba", "Poland", "1975-11-02", None, "Former cartographer turned crime novelist."),
    ("Aiko Tanabe", "Japan", "1983-06-21", "https://aikotanabe.example", "Short fiction and long walks."),
    ("Rafael Quintero", "Mexico", None, None, None),
    ("Hannah Brook", "Canada", "1990-01-08", "https://hannahbrook.example", "Science writer and former lab technician."),
    ("Olu Adebayo", "Nigeria", "1969-09-30", None, "Historian of trade routes and harbours."),
    ("Ingrid Solberg", "Norway", "1958-12-12", "https://solberg.example", "Poet, translator and sailor."),
    ("Luca Marchetti", "Italy", "1979-04-17", None, "Cooks, then writes about it."),
    ("Priya Raman", "India", "1986-08-05", "https://priyaraman.example", "Writes speculative fiction set in near-future cities."),
    ("Samuel Okoro", "Ghana", None, None, "Essayist."),
    ("Claire Dubois", "France", "1972-02-28", "https://clairedubois.example", None),
    ("Jonas Weber", "Germany", "1965-10-10", None, "Engineer who explains engineering to everyone else."),
]

# name, website (or None), founded_year, city, country, is_independent
_PUBLISHERS: list[tuple[str, str | None, int, str, str, bool]] = [
    ("Harbor & Finch", "https://harborfinch.example", 1921, "London", "United Kingdom", False),
    ("Northlight Press", "https://northlight.example", 1987, "Oslo", "Norway", True),
    ("Cobalt Books", None, 2004, "Toronto", "Canada", True),
    ("Meridian House", "https://meridianhouse.example", 1950, "New York", "United States", False),
    ("Paper Lantern", "https://paperlantern.example", 2011, "Kyoto", "Japan", True),
    ("Vellum & Vine", None, 1998, "Lyon", "France", True),
    ("Atlas Scholarly", "https://atlasscholarly.example", 1932, "Berlin", "Germany", False),
    ("Red Kite Editions", "https://redkite.example", 2016, "Edinburgh", "United Kingdom", True),
    ("Sol Publishing", None, 1979, "Mexico City", "Mexico", False),
    ("Baobab Press", "https://baobab.example", 2008, "Lagos", "Nigeria", True),
]

# slug, name, description
_GENRES = [
    ("literary-fiction", "Literary fiction", "Character-driven novels with an eye for language."),
    ("crime", "Crime", "Detectives, heists and the people who get caught up in them."),
    ("science-fiction", "Science fiction", "Futures near and far."),
    ("fantasy", "Fantasy", "Other worlds and old magic."),
    ("history", "History", "Narrative non-fiction about the past."),
    ("science", "Popular science", "How the world works, explained."),
    ("poetry", "Poetry", "Collections and long poems."),
    ("food", "Food & drink", "Cookbooks and writing about eating."),
    ("travel", "Travel", "Journeys, maps and places."),
    ("short-stories", "Short stories", "Collections of short fiction."),
]

# title, subtitle (or None), author index, publisher index (or None), genres, tags, format, pages
_BOOKS: list[tuple[str, str | None, int, int | None, list[str], list[str], str, int]] = [
    ("The Salt Orchard", None, 0, 0, ["literary-fiction"], ["family", "coastal"], "hardcover", 352),
    ("A House of Small Weather", None, 0, 0, ["literary-fiction", "short-stories"], ["family"], "paperback", 240),
    ("The Cartographer's Alibi", None, 1, 3, ["crime"], ["detective", "maps"], "paperback", 412),
    ("Blind Corners", "A Warsaw Mystery", 1, 3, ["crime"], ["detective", "series"], "ebook", 388),
    ("Paper Cranes at Dusk", None, 2, 4, ["short-stories", "literary-fiction"], ["japan"], "hardcover", 198),
    ("Tide Tables", "Stories", 2, 4, ["short-stories"], ["sea", "japan"], "paperback", 176),
    ("Desert Lanterns", None, 3, 8, ["fantasy"], ["desert", "debut"], "paperback", 501),
    ("The Ninth Well", None, 3, None, ["fantasy", "literary-fiction"], ["self-published"], "ebook", 455),
    ("Small Machines", "How Tiny Things Run the World", 4, 2, ["science"], ["engineering", "bestseller"], "hardcover", 304),
    ("The Patient Cell", None, 4, 2, ["science"], ["biology"], "audiobook", 290),
    ("Harbours of Gold", "Trade on the West African Coast", 5, 9, ["history", "travel"], ["trade", "africa"], "hardcover", 520),
    ("Ledger of the Sea", None, 5, 9, ["history"], ["trade"], "paperback", 344),
    ("North of the Wind", None, 6, 1, ["poetry"], ["nordic", "award-winner"], "paperback", 112),
    ("Salt and Sail", "Poems 1990-2020", 6, 1, ["poetry", "travel"], ["nordic", "sea"], "hardcover", 256),
    ("Slow Tomatoes", "Recipes from a Ligurian Kitchen", 7, 5, ["food"], ["italy", "vegetarian"], "hardcover", 288),
    ("Bread Without Hurry", None, 7, None, ["food"], ["baking", "self-published"], "ebook", 164),
    ("Monsoon Protocol", None, 8, 7, ["science-fiction"], ["climate", "bestseller"], "paperback", 432),
    ("Glass District", None, 8, 7, ["science-fiction", "crime"], ["cities"], "ebook", 380),
    ("Weights and Measures", "Essays", 9, None, ["literary-fiction"], ["essays"], "paperback", 208),
    ("The Lighthouse Ledger", None, 10, 5, ["literary-fiction", "history"], ["france", "award-winner"], "hardcover", 366),
    ("Quiet Rivers", None, 10, 5, ["travel"], ["france", "walking"], "paperback", 230),
    ("Bridges Explained", "Why They Stand and Why They Fall", 11, 6, ["science", "history"], ["engineering"], "hardcover", 318),
    ("The Gear Train", None, 11, 6, ["science"], ["engineering", "illustrated"], "audiobook", 276),
    ("Atlas of Lost Roads", None, 1, 8, ["travel", "history"], ["maps", "illustrated"], "hardcover", 264),
]

_AWARDS = ["Golden Quill", "Harbour Prize", "Northern Lights Award", "Readers' Choice", "First Novel Medal"]

# first_name, last_name, phone (or None), street, city, postal_code, country
_CUSTOMERS: list[tuple[str, str, str | None, str, str, str, str]] = [
    ("Ada", "Lindqvist", "+46 70 123 4567", "Storgatan 12", "Uppsala", "753 20", "Sweden"),
    ("Ben", "Carter", None, "14 Elm Road", "Bristol", "BS1 4DJ", "United Kingdom"),
    ("Chiara", "Rossi", "+39 333 555 0101", "Via Roma 8", "Turin", "10121", "Italy"),
    ("Dmitri", "Volkov", "+49 151 0000 222", "Lindenstrasse 3", "Hamburg", "20095", "Germany"),
    ("Emma", "Okafor", None, "22 Marina Way", "Lagos", "101241", "Nigeria"),
    ("Felix", "Moreau", "+33 6 12 34 56 78", "5 Rue des Lilas", "Lyon", "69003", "France"),
    ("Grace", "Huang", "+1 416 555 0199", "88 King St W", "Toronto", "M5H 1J9", "Canada"),
    ("Hugo", "Silva", None, "Rua Augusta 120", "Lisbon", "1100-053", "Portugal"),
    ("Isla", "McKenzie", "+44 7700 900123", "3 Thistle Court", "Edinburgh", "EH1 2NG", "United Kingdom"),
    ("Jun", "Sato", "+81 90 1234 5678", "2-4-1 Nishiki", "Kyoto", "604-8101", "Japan"),
    ("Kofi", "Mensah", None, "17 Ring Road", "Accra", "GA-184", "Ghana"),
    ("Lena", "Novak", "+420 601 123 456", "Husova 9", "Prague", "110 00", "Czechia"),
    ("Mateo", "Garcia", "+52 55 1234 5678", "Av. Reforma 250", "Mexico City", "06600", "Mexico"),
    ("Nora", "Berg", None, "Kirkegata 15", "Oslo", "0153", "Norway"),
    ("Omar", "Haddad", "+1 212 555 0142", "410 W 57th St", "New York", "10019", "United States"),
]

_REVIEW_TITLES = [
    "Could not put it down", "Beautifully written", "A slow start, worth it", "Not for me",
    "Gift for my father, he loved it", "Better than the first one", "Clear and useful",
    "Read it twice", "Uneven but memorable", "Great for a long train ride",
]
_REVIEW_BODIES = [
    "The ending surprised me and the characters stayed with me for days.",
    "Lovely prose, though the middle section drags a little.",
    "Exactly what I wanted: clear explanations and good illustrations.",
    "I expected more from the premise.",
    "Bought two copies to give away.",
]

# fmt: on


def slugify(text: str) -> str:
    out = []
    for ch in text.lower():
        if ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


def iso(ts: datetime) -> str:
    return ts.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _ts(rng: random.Random, start: datetime = _EPOCH, days: int = 900) -> datetime:
    return (start + timedelta(seconds=rng.randrange(days * 86400))).replace(microsecond=0)


def build_dataset(seed: int = SEED) -> Dataset:
    """Return every collection of the demo shop as plain JSON-ready records.

    Reviews carry their book's slug under the private key ``_book_slug``; the API serves them
    only under ``/api/books/<slug>/reviews`` and strips that key.
    """
    rng = random.Random(seed)

    authors: list[Author] = []
    for name, country, birth, website, bio in _AUTHORS:
        created = _ts(rng)
        authors.append(
            {
                "id": str(uuid.uuid5(_NS, "author/" + name)),
                "name": name,
                "bio": bio,
                "birth_date": birth,
                "country": country,
                "website": website,
                "created_at": iso(created),
                "updated_at": iso(
                    created + timedelta(days=rng.randrange(1, 200), seconds=rng.randrange(86400))
                ),
            }
        )

    publishers: list[Publisher] = []
    for i, (name, website, founded, city, country, indie) in enumerate(_PUBLISHERS, start=1):
        publishers.append(
            {
                "id": i,
                "name": name,
                "website": website,
                "founded_year": founded,
                "is_independent": indie,
                "address": {"city": city, "country": country},
            }
        )

    genres: list[Genre] = [{"slug": s, "name": n, "description": d} for s, n, d in _GENRES]

    books: list[Book] = []
    for title, subtitle, a_idx, p_idx, genre_slugs, tags, fmt, pages in _BOOKS:
        author = authors[a_idx]
        publisher = publishers[p_idx] if p_idx is not None else None
        created = _ts(rng)
        price = round(rng.randrange(699, 3499, 50) / 100 + 0.49, 2)
        published = date(2008, 1, 1) + timedelta(days=rng.randrange(16 * 365))
        awards: list[Award] = []
        if rng.random() < 0.3:
            for name in rng.sample(_AWARDS, rng.randint(1, 2)):
                awards.append({"name": name, "year": rng.randint(max(published.year, 2010), 2024)})
        books.append(
            {
                "slug": slugify(title),
                "title": title,
                "subtitle": subtitle,
                "isbn": "978" + "".join(str(rng.randrange(10)) for _ in range(10)),
                "author": {"id": author["id"], "name": author["name"]},
                "publisher": {"id": publisher["id"], "name": publisher["name"]} if publisher else None,
                "genres": list(genre_slugs),
                "tags": list(tags),
                "format": fmt,
                "price": price,
                "page_count": pages,
                "published_on": published.isoformat(),
                "in_stock": rng.random() > 0.2,
                "awards": awards,
                "created_at": iso(created),
                "updated_at": iso(
                    created + timedelta(days=rng.randrange(1, 300), seconds=rng.randrange(86400))
                ),
            }
        )
    # make sure the child table of awards always has rows to infer from
    if not any(b["awards"] for b in books):  # pragma: no cover - depends on the seed
        books[0]["awards"] = [{"name": _AWARDS[0], "year": 2020}]

    customers: list[Customer] = []
    for i, (first, last, phone, street, city, postal, country) in enumerate(_CUSTOMERS, start=1):
        created = _ts(rng, days=400)
        customers.append(
            {
                "id": i,
                "first_name": first,
                "last_name": last,
                "email": f"{first.lower()}.{last.lower()}@mail.example",
                "phone": phone,
                "is_member": rng.random() < 0.5,
                "loyalty_points": rng.randrange(0, 2500, 10),
                "address": {"street": street, "city": city, "postal_code": postal, "country": country},
                "created_at": iso(created),
                "updated_at": iso(
                    created + timedelta(days=rng.randrange(1, 300), seconds=rng.randrange(86400))
                ),
            }
        )

    orders: list[Order] = []
    for n in range(30):
        customer = customers[n % len(customers)] if n < len(customers) else rng.choice(customers)
        status = ORDER_STATUSES[n % len(ORDER_STATUSES)] if n < 10 else rng.choice(ORDER_STATUSES)
        placed = _ts(rng, start=_EPOCH + timedelta(days=400), days=500)
        shipped = (
            placed + timedelta(hours=rng.randrange(12, 96)) if status in ("shipped", "delivered") else None
        )
        items: list[OrderItem] = []
        for book in rng.sample(books, rng.randint(1, 4)):
            items.append(
                {"book_slug": book["slug"], "quantity": rng.randint(1, 3), "unit_price": book["price"]}
            )
        subtotal = round(sum(i["quantity"] * i["unit_price"] for i in items), 2)
        fee = 0.0 if subtotal >= 50 else 4.95
        is_gift = n % 4 == 1
        addr = customer["address"]
        orders.append(
            {
                "id": 1001 + n,
                "customer_id": customer["id"],
                "status": status,
                "placed_at": iso(placed),
                "shipped_at": iso(shipped) if shipped else None,
                "is_gift": is_gift,
                "gift_message": ("Happy birthday! Enjoy the read." if n % 8 == 1 else None)
                if is_gift
                else None,
                "shipping_address": {
                    "street": addr["street"],
                    "city": addr["city"],
                    "postal_code": addr["postal_code"],
                    "country": addr["country"],
                },
                "items": items,
                "subtotal": subtotal,
                "shipping_fee": fee,
                "total": round(subtotal + fee, 2),
                "currency": "EUR",
                "updated_at": iso((shipped or placed) + timedelta(minutes=rng.randrange(5, 600))),
            }
        )

    bought = {(o["customer_id"], it["book_slug"]) for o in orders for it in o["items"]}
    reviews: list[Review] = []
    for book in books:
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            reviewer = rng.choice(customers) if rng.random() < 0.8 else None
            cid = reviewer["id"] if reviewer else None
            reviews.append(
                {
                    "id": len(reviews) + 1,
                    "rating": rng.randint(2, 5),
                    "title": rng.choice(_REVIEW_TITLES),
                    "body": rng.choice(_REVIEW_BODIES) if rng.random() < 0.75 else None,
                    "customer_id": cid,
                    "verified_purchase": (cid, book["slug"]) in bought,
                    "created_at": iso(_ts(rng, start=_EPOCH + timedelta(days=300), days=600)),
                    "_book_slug": book["slug"],
                }
            )

    return {
        "authors": authors,
        "publishers": publishers,
        "genres": genres,
        "books": books,
        "customers": customers,
        "orders": orders,
        "reviews": reviews,
    }
