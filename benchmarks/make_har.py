"""Generate a large, realistic HAR file deterministically, for throughput and memory benchmarks.

    python benchmarks/make_har.py --size-mb 100 [--shape shop|mixed|replay] [-o FILE]

Three shapes of traffic, each written to ``benchmarks/data/<shape>-<size>mb.har`` by default:

- ``shop`` (below): one generator's shop API, few resources, large uniform pages.
- ``mixed`` (``har_mixed.py``): a back office of about fifteen resources with integer, UUID and
  slug keys, envelopes and bare arrays, embedded objects and nested arrays, optional fields,
  writes, JSON error bodies, and HTML, scripts, CSS, CSV, base64 images and fonts between them.
- ``replay`` (``har_replay.py``): real captures (``--source FILE.har``, by default the public dev
  captures in ``../shared/eval/dev``) repeated to size, each round's ids moved to new values.

The shop traffic is a browsing session against a made-up shop API that keeps growing: users with
nested addresses, products with tag arrays and dimension objects, orders with embedded customers
and line items, posts and comments nested under their posts, categories addressed by slug. List
endpoints use several pagination envelopes (bare arrays, ``{data, total, page}``,
``{count, next, previous, results}``, ``{products, total, skip, limit}``); detail endpoints return
one record; static files and analytics beacons add noise. The same seed and size always give the
same bytes. The file is written entry by entry, so generating 500 MB needs little memory.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

HOST = "https://shop.example.test"
PAGE = 50
_WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu"]
_STATUSES = ("pending", "paid", "shipped", "delivered", "cancelled")
_CATEGORIES = ("books", "music", "garden", "toys", "kitchen", "sports", "office", "beauty", "tools", "games")
_START = datetime(2025, 1, 1, tzinfo=UTC)


class Shop:
    """Deterministic record factories; ids grow as the session goes on."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.next_id = {"users": 1, "products": 1, "orders": 1, "posts": 1, "comments": 1}

    def _words(self, n: int) -> str:
        return " ".join(self.rng.choice(_WORDS) for _ in range(n))

    def _when(self) -> str:
        return (_START + timedelta(seconds=self.rng.randrange(0, 300 * 86400))).isoformat().replace("+00:00", "Z")

    def _take(self, kind: str) -> int:
        value = self.next_id[kind]
        self.next_id[kind] += 1
        return value

    def _some(self, kind: str) -> int:
        return self.rng.randrange(1, max(2, self.next_id[kind]))

    def _record_rng(self, kind: str, key: object) -> None:
        """Records are a function of their key, so list and detail views of one record agree."""
        self.rng = random.Random(f"{self.seed}-{kind}-{key}")

    def user(self, uid: int | None = None) -> dict[str, Any]:
        uid = uid or self._take("users")
        self._record_rng("users", uid)
        first, last = self.rng.choice(_WORDS).title(), self.rng.choice(_WORDS).title()
        return {
            "id": uid, "firstName": first, "lastName": last, "email": f"{first}.{last}{uid}@mail.test".lower(),
            "age": self.rng.randrange(18, 90), "isActive": self.rng.random() < 0.9,
            "phone": None if self.rng.random() < 0.2 else f"+1-555-{self.rng.randrange(1000, 9999)}",
            "address": {"street": f"{self.rng.randrange(1, 999)} {self._words(2)}", "city": self._words(1).title(),
                        "zip": f"{self.rng.randrange(10000, 99999)}",
                        "geo": {"lat": round(self.rng.uniform(-90, 90), 5), "lng": round(self.rng.uniform(-180, 180), 5)}},
            "createdAt": self._when(), "roles": self.rng.sample(["admin", "editor", "viewer", "buyer"], 2),
        }

    def product(self, pid: int | None = None) -> dict[str, Any]:
        pid = pid or self._take("products")
        self._record_rng("products", pid)
        return {
            "id": pid, "title": self._words(3).title(), "description": self._words(18),
            "price": round(self.rng.uniform(1, 500), 2), "stock": self.rng.randrange(0, 1000),
            "category": self.rng.choice(_CATEGORIES), "tags": self.rng.sample(_WORDS, 3),
            "dimensions": {"width": round(self.rng.uniform(1, 50), 2), "height": round(self.rng.uniform(1, 50), 2)},
            "rating": round(self.rng.uniform(1, 5), 2), "sku": f"SKU-{pid:07d}", "updatedAt": self._when(),
        }

    def order(self) -> dict[str, Any]:
        oid = self._take("orders")
        self._record_rng("orders", oid)
        uid = self._some("users")
        items = []
        for _ in range(self.rng.randrange(1, 5)):
            pid = self._some("products")
            items.append({"productId": pid, "quantity": self.rng.randrange(1, 6),
                          "unitPrice": round(self.rng.uniform(1, 500), 2)})
        return {
            "id": oid, "status": self.rng.choice(_STATUSES), "placedAt": self._when(),
            "customer": {"id": uid, "email": f"user{uid}@mail.test"},
            "items": items, "total": round(sum(i["quantity"] * i["unitPrice"] for i in items), 2),
            "note": None if self.rng.random() < 0.7 else self._words(6),
        }

    def post(self) -> dict[str, Any]:
        pid = self._take("posts")
        self._record_rng("posts", pid)
        return {"id": pid, "userId": self._some("users"), "title": self._words(5),
                "body": self._words(40), "publishedAt": self._when(), "likes": self.rng.randrange(0, 5000)}

    def comment(self, post_id: int) -> dict[str, Any]:
        cid = self._take("comments")
        self._record_rng("comments", cid)
        return {"id": cid, "postId": post_id, "userId": self._some("users"),
                "body": self._words(15), "createdAt": self._when()}

    def category(self, slug: str) -> dict[str, Any]:
        self._record_rng("categories", slug)
        return {"slug": slug, "name": slug.title(), "productCount": self.rng.randrange(10, 900)}


class Writer:
    """Writes HAR entries one by one and counts the bytes written."""

    def __init__(self, out: IO[str], host: str = HOST, query_strings: bool = False) -> None:
        self.out = out
        self.host = host
        self.query_strings = query_strings  # list a URL's query in ``queryString``, as browsers do
        self.count = 0
        self.size = 0
        self.clock = _START

    def _write(self, text: str) -> None:
        self.out.write(text)
        self.size += len(text)

    def begin(self) -> None:
        self._write('{"log": {"version": "1.2", "creator": {"name": "make_har", "version": "1"},\n'
                    ' "pages": [{"id": "page_1", "title": "' + self.host + '/", "startedDateTime": "2025-01-01T00:00:00Z",'
                    ' "pageTimings": {}}],\n "entries": [\n')

    def end(self) -> None:
        self._write("\n]}}\n")

    def entry(self, method: str, path: str, status: int, body: str, mime: str,
              request_body: Any = None, *, encoding: str | None = None) -> None:
        self.clock += timedelta(milliseconds=137)
        request: dict[str, Any] = {
            "method": method, "url": self.host + path, "httpVersion": "HTTP/1.1",
            "headers": [{"name": "Accept", "value": "application/json"},
                        {"name": "User-Agent", "value": "Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0"},
                        {"name": "Cookie", "value": "session=abc123"}],
            "queryString": _query(path) if self.query_strings else [], "cookies": [], "headersSize": -1, "bodySize": 0,
        }
        if request_body is not None:
            request["postData"] = {"mimeType": "application/json", "text": json.dumps(request_body)}
        content: dict[str, Any] = {"size": len(body), "mimeType": mime, "text": body}
        if encoding:
            content["encoding"] = encoding
        entry = {
            "pageref": "page_1", "startedDateTime": self.clock.isoformat().replace("+00:00", "Z"), "time": 42.5,
            "request": request,
            "response": {"status": status, "statusText": "OK", "httpVersion": "HTTP/1.1",
                         "headers": [{"name": "Content-Type", "value": mime},
                                     {"name": "Cache-Control", "value": "no-cache"}],
                         "cookies": [], "content": content,
                         "redirectURL": "", "headersSize": -1, "bodySize": len(body)},
            "cache": {}, "timings": {"send": 1, "wait": 40, "receive": 1.5},
        }
        self.raw(entry)

    def raw(self, entry: dict[str, Any]) -> None:
        """Write one HAR entry as it is."""
        self._write((",\n" if self.count else "") + json.dumps(entry))
        self.count += 1

    def api(self, path: str, payload: Any, method: str = "GET", request_body: Any = None) -> None:
        self.entry(method, path, 201 if method == "POST" else 200, json.dumps(payload), "application/json",
                   request_body)


def session(shop: Shop, writer: Writer, target: int) -> None:
    """One round of browsing after another until the file reaches ``target`` bytes."""
    rounds = 0
    while writer.size < target:
        rounds += 1
        writer.entry("GET", f"/static/app.{rounds % 7}.js", 200, "console.log(1);" * 20, "application/javascript")
        users = [shop.user() for _ in range(PAGE)]
        writer.api(f"/api/users?page={rounds}", {"data": users, "total": shop.next_id["users"] - 1,
                                                 "page": rounds, "per_page": PAGE})
        for user in users[:3]:
            writer.api(f"/api/users/{user['id']}", shop.user(user["id"]))
        products = [shop.product() for _ in range(PAGE)]
        writer.api(f"/api/products?skip={(rounds - 1) * PAGE}&limit={PAGE}",
                   {"products": products, "total": shop.next_id["products"] - 1,
                    "skip": (rounds - 1) * PAGE, "limit": PAGE})
        writer.api(f"/api/products/{products[0]['id']}", shop.product(products[0]["id"]))
        orders = [shop.order() for _ in range(PAGE)]
        writer.api(f"/api/orders?page={rounds}",
                   {"count": shop.next_id["orders"] - 1, "next": f"/api/orders?page={rounds + 1}",
                    "previous": None if rounds == 1 else f"/api/orders?page={rounds - 1}", "results": orders})
        posts = [shop.post() for _ in range(PAGE // 2)]
        writer.api(f"/api/posts?page={rounds}", posts)
        for post in posts[:2]:
            writer.api(f"/api/posts/{post['id']}/comments", [shop.comment(post["id"]) for _ in range(5)])
        if rounds % 5 == 1:
            writer.api("/api/categories", [shop.category(c) for c in _CATEGORIES])
            slug = _CATEGORIES[rounds % len(_CATEGORIES)]
            writer.api(f"/api/categories/{slug}", shop.category(slug))
        if rounds % 10 == 3:
            created = shop.post()
            sent = {k: v for k, v in created.items() if k in ("title", "body", "userId")}
            writer.api("/api/posts", created, method="POST", request_body=sent)
        writer.entry("POST", "/g/collect?v=2", 204, "", "text/plain")
        writer.entry("GET", "/favicon.ico", 200, "", "image/x-icon")


def _query(path: str) -> list[dict[str, str]]:
    from urllib.parse import parse_qsl, urlsplit

    return [{"name": k, "value": v} for k, v in parse_qsl(urlsplit(path).query, keep_blank_values=True)]


SHAPES = ("shop", "mixed", "replay")


def make_har(path: Path, size_mb: float, seed: int = 7, shape: str = "shop",
             sources: list[Path] | None = None) -> int:
    """Write the HAR; returns the number of entries."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling shape modules
    path.parent.mkdir(parents=True, exist_ok=True)
    target = int(size_mb * 1024 * 1024)
    with path.open("w", encoding="utf-8") as out:
        if shape == "shop":
            writer = Writer(out)
            writer.begin()
            session(Shop(seed), writer, target)
        elif shape == "mixed":
            import har_mixed

            writer = Writer(out, har_mixed.HOST, query_strings=True)
            writer.begin()
            har_mixed.session(writer, target, seed)
        elif shape == "replay":
            import har_replay

            writer = Writer(out, "https://replay.test")
            writer.begin()
            har_replay.session(writer, target, sources)
        else:
            raise ValueError(f"unknown shape {shape!r}; one of {', '.join(SHAPES)}")
        writer.end()
    return writer.count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shape", choices=SHAPES, default="shop")
    parser.add_argument("--source", type=Path, action="append",
                        help="replay: a HAR file to repeat (repeatable; default: ../shared/eval/dev/*.har)")
    parser.add_argument("-o", "--output", type=Path, default=None)
    args = parser.parse_args()
    out = args.output or Path(__file__).parent / "data" / f"{args.shape}-{args.size_mb:g}mb.har"
    count = make_har(out, args.size_mb, args.seed, args.shape, args.source)
    print(f"{out}: {count} entries, {out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
