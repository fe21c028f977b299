"""The demo bookshop: a single-page front end plus a JSON API, on the standard library only.

Run it with ``python -m demo --port 8081``. Any path outside ``/api/`` and ``/static/`` serves
the SPA's ``index.html``, so deep links work. The API is read-only except for
``POST /api/books/<slug>/reviews``.
"""

from __future__ import annotations

import argparse
import copy
import json
import mimetypes
import signal
import sys
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

from demo.data import Author, Book, Customer, Genre, Order, Publisher, Review, build_dataset, iso

STATIC_DIR = Path(__file__).resolve().parent / "static"
MAX_BODY = 64 * 1024
MAX_DRAIN = 1024 * 1024  # larger refused bodies are not read; the connection just closes
BOOKS_PER_PAGE = 25
ORDERS_PAGE_SIZE = 50

_Row = TypeVar("_Row", bound=Mapping[str, object])


class NotFound(Exception):
    pass


class BadRequest(Exception):
    def __init__(self, message: str, details: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.details = details or {}


class Store:
    """The shop's records, one copy per server so that writes never leak between servers."""

    def __init__(self) -> None:
        data = copy.deepcopy(build_dataset())
        self.lock = threading.Lock()
        self.authors: list[Author] = data["authors"]
        self.publishers: list[Publisher] = data["publishers"]
        self.genres: list[Genre] = data["genres"]
        self.books: list[Book] = data["books"]
        self.customers: list[Customer] = data["customers"]
        self.orders: list[Order] = data["orders"]
        self.reviews: list[Review] = data["reviews"]

    @staticmethod
    def _find(rows: list[_Row], key: str, value: object, what: str) -> _Row:
        for row in rows:
            if row[key] == value:
                return row
        raise NotFound(f"{what} {value} not found")

    def author(self, author_id: str) -> Author:
        return self._find(self.authors, "id", author_id, "author")

    def publisher(self, publisher_id: int) -> Publisher:
        return self._find(self.publishers, "id", publisher_id, "publisher")

    def genre(self, slug: str) -> Genre:
        return self._find(self.genres, "slug", slug, "genre")

    def book(self, slug: str) -> Book:
        return self._find(self.books, "slug", slug, "book")

    def customer(self, customer_id: int) -> Customer:
        return self._find(self.customers, "id", customer_id, "customer")

    def order(self, order_id: int) -> Order:
        return self._find(self.orders, "id", order_id, "order")

    def reviews_of(self, slug: str) -> list[dict[str, Any]]:
        self.book(slug)
        with self.lock:
            rows = [r for r in self.reviews if r["_book_slug"] == slug]
        rows.sort(key=lambda r: (r["created_at"], r["id"]), reverse=True)
        return [public_review(r) for r in rows]

    def add_review(self, slug: str, payload: Any) -> dict[str, Any]:
        self.book(slug)
        if not isinstance(payload, dict):
            raise BadRequest("the body must be a JSON object")
        errors: dict[str, str] = {}
        rating = payload.get("rating")
        if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
            errors["rating"] = "an integer from 1 to 5 is required"
        title = payload.get("title")
        if not isinstance(title, str) or not title.strip() or len(title) > 200:
            errors["title"] = "a non-empty string of at most 200 characters is required"
        body = payload.get("body")
        if body is not None and (not isinstance(body, str) or len(body) > 5000):
            errors["body"] = "a string of at most 5000 characters, or null"
        customer_id = payload.get("customer_id")
        if customer_id is not None:
            if isinstance(customer_id, bool) or not isinstance(customer_id, int):
                errors["customer_id"] = "an existing customer id, or null"
            else:
                try:
                    self.customer(customer_id)
                except NotFound:
                    errors["customer_id"] = "an existing customer id, or null"
        unknown = sorted(set(payload) - {"rating", "title", "body", "customer_id"})
        for key in unknown:
            errors[str(key)[:50]] = "unknown field"
        if errors or not isinstance(rating, int) or not isinstance(title, str):
            raise BadRequest("invalid review", errors)
        body = (body.strip() or None) if isinstance(body, str) else None
        verified = customer_id is not None and any(
            o["customer_id"] == customer_id and any(i["book_slug"] == slug for i in o["items"])
            for o in self.orders
        )
        with self.lock:
            record: Review = {
                "id": max((r["id"] for r in self.reviews), default=0) + 1,
                "rating": rating,
                "title": title.strip(),
                "body": body,
                "customer_id": customer_id,
                "verified_purchase": verified,
                "created_at": iso(datetime.now(UTC).replace(microsecond=0)),
                "_book_slug": slug,
            }
            self.reviews.append(record)
        return public_review(record)


def public_review(row: Review) -> dict[str, object]:
    return {k: v for k, v in row.items() if not k.startswith("_")}


def _int(value: str, what: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise NotFound(f"{what} {value} not found") from None
    if number < 0 or number > 2**31 - 1:
        raise NotFound(f"{what} {value} not found")
    return number


def _positive(query: dict[str, list[str]], name: str, default: int, limit: int = 10_000) -> int:
    raw = query.get(name, [str(default)])[-1]
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a positive integer") from None
    if not 1 <= value <= limit:
        raise BadRequest(f"{name} must be between 1 and {limit}")
    return value


class Handler(BaseHTTPRequestHandler):
    server: DemoServer
    server_version = "WiretableDemo/1.0"
    _pending_body = 0
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes

    # -- logging -------------------------------------------------------------------------------
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature of the base class
        if self.server.verbose:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")

    # -- responses -----------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, payload: Any, extra: dict[str, str] | None = None) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        headers = {"Cache-Control": "no-store"}
        headers.update(extra or {})
        self._send(status, body, "application/json; charset=utf-8", headers)

    def _drain(self) -> None:
        """Read and drop an unread request body, so the client sees the response and not a reset."""
        pending, self._pending_body = self._pending_body, 0
        while pending > 0:
            chunk = self.rfile.read(min(pending, 65536))
            if not chunk:
                break
            pending -= len(chunk)

    def _error(self, status: HTTPStatus, message: str, details: dict[str, str] | None = None) -> None:
        self._drain()
        payload: dict[str, Any] = {"error": status.phrase.lower().replace(" ", "_"), "message": message}
        if details:
            payload["details"] = details
        self._json(status, payload)

    # -- dispatch ------------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 - name fixed by BaseHTTPRequestHandler
        self._dispatch("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch("HEAD")

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._dispatch("PUT")

    def do_PATCH(self) -> None:  # noqa: N802
        self._dispatch("PATCH")

    def do_DELETE(self) -> None:  # noqa: N802
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        self._pending_body = 0
        if method not in ("GET", "HEAD"):
            # a write may be refused before its body is read: never reuse that connection
            self.close_connection = True
            try:
                self._pending_body = min(max(int(self.headers.get("Content-Length") or 0), 0), MAX_DRAIN)
            except ValueError:
                self._pending_body = 0
        try:
            if path == "/api" or path.startswith("/api/"):
                self._api(method, path, parse_qs(url.query))
            elif method not in ("GET", "HEAD"):
                self._error(HTTPStatus.METHOD_NOT_ALLOWED, f"{method} is not supported here")
            elif path.startswith("/static/"):
                self._static(path[len("/static/") :])
            else:
                self._static("index.html", cache=False)
        except NotFound as exc:
            self._error(HTTPStatus.NOT_FOUND, str(exc))
        except BadRequest as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc), exc.details)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as exc:  # pragma: no cover - a last resort so clients always get JSON
            if self.server.verbose:
                sys.stderr.write(f"demo: internal error: {exc!r}\n")
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error")

    def _static(self, name: str, cache: bool = True) -> None:
        target = (STATIC_DIR / name).resolve()
        if STATIC_DIR not in target.parents or not target.is_file():
            raise NotFound(f"file /static/{name} not found")
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "text/javascript"):
            ctype += "; charset=utf-8"
        headers = {"Cache-Control": "max-age=60" if cache else "no-cache"}
        self._send(HTTPStatus.OK, target.read_bytes(), ctype, headers)

    def _read_json(self) -> Any:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise BadRequest("invalid Content-Length") from None
        if length <= 0:
            raise BadRequest("a JSON body is required")
        if length > MAX_BODY:
            raise BadRequest(f"the body is larger than {MAX_BODY} bytes")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        raw = self.rfile.read(length)
        self._pending_body = 0
        if ctype != "application/json":
            raise BadRequest("Content-Type must be application/json")
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise BadRequest("the body is not valid JSON") from None

    def _api(self, method: str, path: str, query: dict[str, list[str]]) -> None:
        store = self.server.store
        parts = [p for p in path.split("/") if p][1:]  # drop "api"
        if method == "POST" and len(parts) == 3 and parts[0] == "books" and parts[2] == "reviews":
            payload = self._read_json()
            record = store.add_review(parts[1], payload)
            self._json(HTTPStatus.CREATED, record)
            return
        if method not in ("GET", "HEAD"):
            self._error(HTTPStatus.METHOD_NOT_ALLOWED, f"{method} {path} is not supported")
            return
        self._json(HTTPStatus.OK, self._get(store, parts, query))

    def _get(self, store: Store, parts: list[str], query: dict[str, list[str]]) -> Any:
        match parts:
            case ["books"]:
                return self._book_page(store, query)
            case ["books", slug]:
                return store.book(slug)
            case ["books", slug, "reviews"]:
                return store.reviews_of(slug)
            case ["authors"]:
                return store.authors
            case ["authors", author_id]:
                return store.author(author_id)
            case ["publishers"]:
                return store.publishers
            case ["publishers", publisher_id]:
                return store.publisher(_int(publisher_id, "publisher"))
            case ["genres"]:
                return store.genres
            case ["genres", slug]:
                return store.genre(slug)
            case ["customers"]:
                return store.customers
            case ["customers", customer_id]:
                return store.customer(_int(customer_id, "customer"))
            case ["customers", customer_id, "orders"]:
                cid = store.customer(_int(customer_id, "customer"))["id"]
                return [o for o in store.orders if o["customer_id"] == cid]
            case ["orders"]:
                return self._order_page(store, query)
            case ["orders", order_id]:
                return store.order(_int(order_id, "order"))
        raise NotFound(f"no API route for /api/{'/'.join(parts)}")

    @staticmethod
    def _book_page(store: Store, query: dict[str, list[str]]) -> dict[str, object]:
        rows = store.books
        if "author" in query:
            rows = [b for b in rows if b["author"]["id"] == query["author"][-1]]
        if "publisher" in query:
            pid = query["publisher"][-1]
            rows = [b for b in rows if b["publisher"] and str(b["publisher"]["id"]) == pid]
        if "genre" in query:
            rows = [b for b in rows if query["genre"][-1] in b["genres"]]
        if "q" in query:
            needle = query["q"][-1].lower()
            rows = [b for b in rows if needle in b["title"].lower()]
        if query.get("sort", [""])[-1] == "-published_on":
            rows = sorted(rows, key=lambda b: b["published_on"], reverse=True)
        page = _positive(query, "page", 1)
        per_page = _positive(query, "per_page", BOOKS_PER_PAGE, 100)
        start = (page - 1) * per_page
        return {
            "data": rows[start : start + per_page],
            "total": len(rows),
            "page": page,
            "per_page": per_page,
        }

    def _order_page(self, store: Store, query: dict[str, list[str]]) -> dict[str, object]:
        rows = store.orders
        if "status" in query:
            rows = [o for o in rows if o["status"] == query["status"][-1]]
        if "customer_id" in query:
            rows = [o for o in rows if str(o["customer_id"]) == query["customer_id"][-1]]
        page = _positive(query, "page", 1)
        size = _positive(query, "page_size", ORDERS_PAGE_SIZE, 100)
        start = (page - 1) * size
        base = "/api/orders?"
        extra = "".join(f"&{k}={query[k][-1]}" for k in ("status", "customer_id") if k in query)
        nxt = f"{base}page={page + 1}&page_size={size}{extra}" if start + size < len(rows) else None
        prev = f"{base}page={page - 1}&page_size={size}{extra}" if page > 1 else None
        return {"count": len(rows), "next": nxt, "previous": prev, "results": rows[start : start + size]}


class DemoServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], verbose: bool = False) -> None:
        self.store = Store()
        self.verbose = verbose
        super().__init__(address, Handler)

    @property
    def url(self) -> str:
        host, port = str(self.server_address[0]), self.server_address[1]
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{port}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        if self.verbose:
            super().handle_error(request, client_address)


def make_server(host: str = "127.0.0.1", port: int = 8081, verbose: bool = False) -> DemoServer:
    """Bind the demo server (port 0 picks a free port); the caller runs ``serve_forever``."""
    return DemoServer((host, port), verbose=verbose)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo", description="Run the wiretable demo bookshop.")
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default: 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8081, help="port to listen on, 0 for any free one (default: 8081)"
    )
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    try:
        server = make_server(args.host, args.port, verbose=args.verbose)
    except OSError as exc:
        print(f"demo: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1

    def stop(signum: int, frame: Any) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    print(f"wiretable demo serving on {server.url}/ (Ctrl+C to stop)", file=sys.stderr, flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
