"""The ``mixed`` benchmark shape: a SaaS back office unlike the shop (see ``make_har.py --shape``).

About fifteen resources with integer, UUID and slug keys; bare arrays and ``{data, meta, links}``
envelopes; embedded objects (owners, authors, customers) and nested arrays (members, line items,
labels, tracking events); optional fields that come and go; query strings on most list calls;
POST, PUT, PATCH and DELETE with JSON request bodies; 4xx answers with JSON error bodies; and
between them the browser's other traffic: HTML pages, scripts, stylesheets, CSV exports, and
base64-encoded images and fonts. Everything comes from one seeded generator, so the same seed and
size always give the same bytes.
"""

from __future__ import annotations

import base64
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

HOST = "https://app.backoffice.test"
_START = datetime(2025, 3, 1, tzinfo=UTC)
_WORDS = ("amber", "basalt", "cedar", "dune", "ember", "fjord", "garnet", "harbor", "iris", "jade", "kelp", "lumen",
          "marsh", "nectar", "onyx", "pine", "quartz", "reef", "sage", "tundra", "umber", "vale", "willow", "yarrow")
_STATES = ("open", "in_progress", "blocked", "review", "closed")
_CURRENCIES = ("EUR", "USD", "GBP", "CHF")
_ROLES = ("owner", "admin", "member", "guest")
_EVENTS = ("issue.created", "issue.closed", "invoice.paid", "payment.failed", "member.added", "shipment.sent")


class Sink(Protocol):
    size: int

    def entry(self, method: str, path: str, status: int, body: str, mime: str, request_body: Any = None, *,
              encoding: str | None = None) -> None: ...


class Backoffice:
    """Deterministic records: each is a function of its key, so list and detail views agree."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.counts: dict[str, int] = {}

    # -- helpers --------------------------------------------------------------------------------
    def take(self, kind: str) -> int:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return self.counts[kind]

    def some(self, kind: str) -> int:
        return self.rng.randrange(1, self.counts.get(kind, 1) + 1)

    def at(self, kind: str, key: object) -> random.Random:
        self.rng = random.Random(f"{self.seed}/{kind}/{key}")
        return self.rng

    def uid(self, kind: str, number: int) -> str:
        return str(uuid.UUID(int=random.Random(f"{self.seed}/{kind}#{number}").getrandbits(128), version=4))

    def words(self, n: int) -> str:
        return " ".join(self.rng.choice(_WORDS) for _ in range(n))

    def when(self) -> str:
        moment = _START + timedelta(seconds=self.rng.randrange(0, 200 * 86400), microseconds=self.rng.randrange(10**6))
        return moment.isoformat().replace("+00:00", "Z")

    def maybe(self, p: float, value: Any) -> Any:
        return value if self.rng.random() < p else None

    @staticmethod
    def slug(n: int) -> str:
        return f"{_WORDS[n % len(_WORDS)]}-{_WORDS[(n // len(_WORDS)) % len(_WORDS)]}-{n}"

    # -- records --------------------------------------------------------------------------------
    def user_ref(self, number: int) -> dict[str, Any]:
        return {"id": number, "username": f"{_WORDS[number % 24]}{number}", "avatar": f"/media/avatars/{number}.png"}

    def org(self, n: int) -> dict[str, Any]:
        rng = self.at("orgs", n)
        record = {"id": self.uid("orgs", n), "name": self.words(2).title(), "plan": rng.choice(("free", "team", "scale")),
                  "owner": self.user_ref(self.some("users")), "created_at": self.when(),
                  "settings": {"locale": rng.choice(("en-GB", "de-DE", "fr-FR")), "timezone": "Europe/Berlin",
                               "two_factor": rng.random() < 0.5, "retention_days": rng.choice((30, 90, 365))}}
        if rng.random() < 0.6:
            record["billing_email"] = f"billing{n}@org.test"
        return record

    def user(self, n: int) -> dict[str, Any]:
        rng = self.at("users", n)
        record: dict[str, Any] = {
            "id": n, "username": f"{_WORDS[n % 24]}{n}", "email": f"user{n}@mail.test", "full_name": self.words(2).title(),
            "organization": {"id": self.uid("orgs", rng.randrange(1, 40)), "name": self.words(2).title()},
            "roles": rng.sample(_ROLES, rng.randrange(1, 3)), "active": rng.random() < 0.92, "created_at": self.when()}
        if rng.random() < 0.7:
            record["last_login_at"] = self.when()
        if rng.random() < 0.5:
            record["avatar_url"] = f"https://cdn.backoffice.test/a/{n}.png"
        return record

    def project(self, n: int) -> dict[str, Any]:
        rng = self.at("projects", n)
        members = [{"user_id": self.some("users"), "role": rng.choice(_ROLES), "joined_at": self.when()}
                   for _ in range(rng.randrange(1, 6))]
        return {"slug": self.slug(n), "name": self.words(3).title(), "description": self.maybe(0.7, self.words(14)),
                "owner": self.user_ref(self.some("users")), "members": members, "tags": rng.sample(_WORDS, 3),
                "archived": rng.random() < 0.1, "updated_at": self.when(), "budget": round(rng.uniform(1e3, 1e5), 2)}

    def label(self, n: int) -> dict[str, Any]:
        rng = self.at("labels", n)
        return {"slug": f"label-{n}", "name": self.words(1), "color": f"#{rng.randrange(0x1000000):06x}"}

    def issue(self, n: int, project: int) -> dict[str, Any]:
        rng = self.at("issues", n)
        record: dict[str, Any] = {
            "id": n, "number": n, "title": self.words(6).capitalize(), "state": rng.choice(_STATES),
            "project_slug": self.slug(project), "author": self.user_ref(self.some("users")),
            "assignee": self.user_ref(self.some("users")) if rng.random() < 0.6 else None,
            "labels": [self.label(rng.randrange(1, 25)) for _ in range(rng.randrange(0, 4))],
            "estimate": self.maybe(0.5, rng.choice((1, 2, 3, 5, 8))), "created_at": self.when(), "updated_at": self.when()}
        if rng.random() < 0.3:
            record["due_on"] = (_START + timedelta(days=rng.randrange(300))).date().isoformat()
        return record

    def comment(self, n: int, issue: int) -> dict[str, Any]:
        self.at("comments", n)
        return {"id": n, "issue_id": issue, "author": self.user_ref(self.some("users")), "body": self.words(25),
                "created_at": self.when(), "edited": self.rng.random() < 0.1}

    def team(self, n: int) -> dict[str, Any]:
        rng = self.at("teams", n)
        return {"id": self.uid("teams", n), "name": self.words(2).title(), "org_id": self.uid("orgs", rng.randrange(1, 40)),
                "members": [self.user_ref(self.some("users")) for _ in range(rng.randrange(2, 8))]}

    def product(self, n: int) -> dict[str, Any]:
        rng = self.at("products", n)
        record = {"id": n, "sku": f"P-{n:06d}", "name": self.words(3).title(), "price": round(rng.uniform(2, 900), 2),
                  "currency": rng.choice(_CURRENCIES), "weight_grams": rng.randrange(20, 9000),
                  "dimensions": {"w": rng.randrange(1, 90), "h": rng.randrange(1, 90), "d": rng.randrange(1, 90)}}
        if rng.random() < 0.4:
            record["discontinued_at"] = self.when()
        return record

    def invoice(self, n: int) -> dict[str, Any]:
        rng = self.at("invoices", n)
        lines = []
        for _ in range(rng.randrange(1, 6)):
            product = rng.randrange(1, max(2, self.counts.get("products", 1)))
            lines.append({"product": {"id": product, "sku": f"P-{product:06d}"}, "quantity": rng.randrange(1, 9),
                          "unit_price": round(rng.uniform(2, 900), 2), "tax_rate": rng.choice((0, 0.07, 0.19, 0.2))})
        customer = self.some("users")
        return {"id": self.uid("invoices", n), "number": f"INV-{n:07d}", "customer": {"id": customer,
                "email": f"user{customer}@mail.test"}, "currency": rng.choice(_CURRENCIES),
                "status": rng.choice(("draft", "open", "paid", "void")), "line_items": lines,
                "total": round(sum(x["quantity"] * x["unit_price"] for x in lines), 2), "issued_at": self.when(),
                "paid_at": self.maybe(0.5, self.when()), "notes": self.maybe(0.2, self.words(8))}

    def payment(self, n: int) -> dict[str, Any]:
        rng = self.at("payments", n)
        record = {"id": self.uid("payments", n), "invoice_id": self.uid("invoices", rng.randrange(1, self.counts.get("invoices", 1) + 1)),
                  "amount": round(rng.uniform(5, 5000), 2), "currency": rng.choice(_CURRENCIES),
                  "method": rng.choice(("card", "sepa", "wire")), "status": rng.choice(("succeeded", "failed", "pending")),
                  "created_at": self.when()}
        if record["status"] == "failed":
            record["failure_reason"] = rng.choice(("card_declined", "insufficient_funds", "expired_card"))
        return record

    def warehouse(self, n: int) -> dict[str, Any]:
        rng = self.at("warehouses", n)
        return {"code": f"wh-{_WORDS[n % 24]}-{n}", "name": self.words(2).title(), "capacity": rng.randrange(1000, 90000),
                "address": {"line1": f"{rng.randrange(1, 300)} {self.words(2).title()} Road", "city": self.words(1).title(),
                            "country": rng.choice(("DE", "FR", "GB", "NL")), "postcode": f"{rng.randrange(10000, 99999)}"}}

    def stock(self, product: int, warehouse: int) -> dict[str, Any]:
        rng = self.at("stock", (product, warehouse))
        return {"product_id": product, "warehouse_code": f"wh-{_WORDS[warehouse % 24]}-{warehouse}",
                "quantity": rng.randrange(0, 500), "bin": {"aisle": rng.randrange(1, 40), "shelf": rng.choice("ABCDEFG")},
                "reorder_level": self.maybe(0.6, rng.randrange(5, 50))}

    def shipment(self, n: int) -> dict[str, Any]:
        rng = self.at("shipments", n)
        events = [{"status": s, "at": self.when(), "location": self.words(1).title()}
                  for s in ("label_created", "picked_up", "in_transit", "delivered")[: rng.randrange(1, 5)]]
        return {"id": n, "invoice_id": self.uid("invoices", rng.randrange(1, self.counts.get("invoices", 1) + 1)),
                "carrier": rng.choice(("dhl", "ups", "dpd")), "tracking_number": f"TRK{rng.randrange(10**11, 10**12)}",
                "destination": {"city": self.words(1).title(), "country": rng.choice(("DE", "FR", "GB"))},
                "tracking": events, "shipped_at": self.maybe(0.8, self.when())}

    def event(self, n: int) -> dict[str, Any]:
        rng = self.at("events", n)
        kind = rng.choice(_EVENTS)
        return {"id": self.uid("events", n), "type": kind, "occurred_at": self.when(),
                "actor": {"type": "user", "id": self.some("users")},
                "data": {"object_id": rng.randrange(1, 10**6), "previous_state": rng.choice(_STATES), "source": "web"}}

    def webhook(self, n: int) -> dict[str, Any]:
        rng = self.at("webhooks", n)
        return {"id": n, "url": f"https://hooks.partner.test/in/{n}", "events": rng.sample(_EVENTS, 2),
                "active": rng.random() < 0.8, "created_at": self.when()}

    def file(self, n: int) -> dict[str, Any]:
        rng = self.at("files", n)
        return {"id": self.uid("files", n), "filename": f"{self.words(2).replace(' ', '_')}.pdf",
                "size_bytes": rng.randrange(1000, 10**7), "content_type": "application/pdf",
                "uploaded_by": self.user_ref(self.some("users")), "checksum": f"{rng.getrandbits(128):032x}"}


def _page(records: list[dict[str, Any]], path: str, page: int, per_page: int, total: int) -> dict[str, Any]:
    return {"data": records, "meta": {"page": page, "per_page": per_page, "total": total},
            "links": {"self": f"{path}?page={page}", "next": f"{path}?page={page + 1}",
                      "prev": f"{path}?page={page - 1}" if page > 1 else None}}


class Noise:
    """The browser's other requests: fixed blobs made once from the seed."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(f"{seed}/noise")
        self.html = "<!doctype html><html><head><title>Back office</title></head><body>" + "".join(
            f"<div class='row'><span>{rng.choice(_WORDS)}</span><a href='/p/{i}'>{rng.choice(_WORDS)}</a></div>"
            for i in range(300)) + "</body></html>"
        self.script = "".join(f"function f{i}(a,b){{return a*{i}+b;}}\n" for i in range(900))
        self.css = "".join(f".c{i}{{margin:{i % 9}px;color:#{rng.randrange(0x1000000):06x}}}\n" for i in range(600))
        self.png = base64.b64encode(rng.randbytes(9000)).decode()
        self.font = base64.b64encode(rng.randbytes(24000)).decode()

    def csv(self, app: Backoffice, rows: int) -> str:
        return "id,number,total\n" + "".join(f"{i},INV-{i:07d},{i * 3.5:.2f}\n" for i in range(1, rows + 1))


def session(sink: Sink, target: int, seed: int) -> None:
    """Rounds of back-office work until the sink holds ``target`` bytes."""
    app, noise = Backoffice(seed), Noise(seed)
    for kind, start in (("users", 30), ("products", 20), ("invoices", 5), ("orgs", 40)):
        app.counts[kind] = start
    rounds = 0
    while sink.size < target:
        rounds += 1
        rng = random.Random(f"{seed}/round/{rounds}")
        api = _Api(sink)
        if rounds % 6 == 1:
            sink.entry("GET", f"/app/{rng.choice(_WORDS)}", 200, noise.html, "text/html; charset=utf-8")
            sink.entry("GET", f"/assets/main.{rounds % 13}.js", 200, noise.script, "application/javascript")
            sink.entry("GET", f"/assets/app.{rounds % 5}.css", 200, noise.css, "text/css")
            sink.entry("GET", "/assets/inter.woff2", 200, noise.font, "font/woff2", encoding="base64")
        if rounds % 2:
            sink.entry("GET", f"/media/avatars/{rng.randrange(1, 500)}.png", 200, noise.png, "image/png", encoding="base64")
        # users: bare arrays with a filter
        users = [app.user(app.take("users")) for _ in range(25)]
        api.get(f"/api/v2/users?page={rounds}&per_page=25&sort=-created_at", users)
        api.get(f"/api/v2/users/{users[0]['id']}", app.user(users[0]["id"]))
        api.get("/api/v2/me", app.user(rng.randrange(1, 30)))
        # organizations and teams: envelopes keyed by UUID
        if rounds % 3 == 0:
            orgs = [app.org(app.take("orgs")) for _ in range(10)]
            api.get(f"/api/v2/organizations?page={rounds // 3}", _page(orgs, "/api/v2/organizations", rounds // 3, 10,
                                                                           app.counts["orgs"]))
            api.get(f"/api/v2/organizations/{orgs[1]['id']}", {"data": app.org(app.counts["orgs"] - 8)})
            teams = [app.team(app.take("teams")) for _ in range(5)]
            api.get(f"/api/v2/organizations/{orgs[0]['id']}/teams", teams)
        # projects (slug keys) and their issues, comments and labels
        project = app.take("projects")
        api.get(f"/api/v2/projects/{app.slug(project)}", {"data": app.project(project)})
        if rounds % 5 == 0:
            api.get(f"/api/v2/projects?archived=false&page={rounds // 5}",
                    _page([app.project(rng.randrange(1, project + 1)) for _ in range(20)], "/api/v2/projects",
                          rounds // 5, 20, project))
            api.get("/api/v2/labels", [app.label(i) for i in range(1, 25)])
        issues = [app.issue(app.take("issues"), project) for _ in range(20)]
        api.get(f"/api/v2/projects/{app.slug(project)}/issues?state=open&page=1",
                _page(issues, f"/api/v2/projects/{app.slug(project)}/issues", 1, 20, len(issues)))
        shown = issues[rng.randrange(len(issues))]
        api.get(f"/api/v2/issues/{shown['id']}", {"data": shown})
        api.get(f"/api/v2/issues/{shown['id']}/comments",
                [app.comment(app.take("comments"), shown["id"]) for _ in range(rng.randrange(0, 8))])
        # writes
        if rounds % 2 == 0:
            new = app.issue(app.take("issues"), project)
            sent = {"title": new["title"], "state": "open", "labels": [x["slug"] for x in new["labels"]]}
            api.send("POST", f"/api/v2/projects/{app.slug(project)}/issues", sent, 201, {"data": new})
            api.send("PATCH", f"/api/v2/issues/{shown['id']}", {"state": "closed"}, 200, {"data": shown | {"state": "closed"}})
            comment = app.comment(app.take("comments"), shown["id"])
            api.send("POST", f"/api/v2/issues/{shown['id']}/comments", {"body": comment["body"]}, 201, comment)
        if rounds % 7 == 0:
            project_record = app.project(project)
            api.send("PUT", f"/api/v2/projects/{app.slug(project)}",
                     {k: project_record[k] for k in ("name", "description", "tags")}, 200, {"data": project_record})
        # 4xx with JSON error bodies
        if rounds % 3 == 1:
            api.send("POST", "/api/v2/issues", {"title": ""}, 422,
                     {"error": {"code": "validation_failed", "message": "Title can't be blank",
                                "details": [{"field": "title", "issue": "blank"}, {"field": "project", "issue": "missing"}]}})
        if rounds % 5 == 2:
            api.get(f"/api/v2/issues/{10**7 + rounds}", {"error": "not_found", "message": "No such issue"}, 404)
        if rounds % 11 == 4:
            api.get("/api/v2/admin/audit", {"error": "forbidden", "message": "Admins only", "request_id": app.uid("req", rounds)}, 403)
        # billing: invoices with line items, payments, a CSV export
        invoices = [app.invoice(app.take("invoices")) for _ in range(12)]
        api.get(f"/api/v2/invoices?status=open&page={rounds}", _page(invoices, "/api/v2/invoices", rounds, 12,
                                                                    app.counts["invoices"]))
        api.get(f"/api/v2/invoices/{invoices[0]['id']}", {"data": invoices[0]})
        api.get(f"/api/v2/invoices/{invoices[0]['id']}/payments", [app.payment(app.take("payments")) for _ in range(3)])
        if rounds % 6 == 0:
            sink.entry("GET", f"/api/v2/invoices/export.csv?from={rounds}", 200, noise.csv(app, 150), "text/csv")
        # catalogue and warehouses
        products = [app.product(app.take("products")) for _ in range(15)]
        api.get(f"/api/v2/products?limit=15&offset={(rounds - 1) * 15}", products)
        if rounds % 4 == 2:
            warehouse = rng.randrange(1, 9)
            api.get("/api/v2/warehouses", [app.warehouse(i) for i in range(1, 9)])
            api.get(f"/api/v2/warehouses/wh-{_WORDS[warehouse % 24]}-{warehouse}/stock?below=reorder",
                    [app.stock(p["id"], warehouse) for p in products])
        shipments = [app.shipment(app.take("shipments")) for _ in range(6)]
        api.get(f"/api/v2/shipments?carrier=dhl&page={rounds}", _page(shipments, "/api/v2/shipments", rounds, 6,
                                                                      app.counts["shipments"]))
        # audit events, webhooks, files
        api.get(f"/api/v2/events?since={rounds * 1000}", [app.event(app.take("events")) for _ in range(10)])
        if rounds % 8 == 3:
            hook = app.webhook(app.take("webhooks"))
            api.send("POST", "/api/v2/webhooks", {"url": hook["url"], "events": hook["events"]}, 201, hook)
            api.get("/api/v2/webhooks", [app.webhook(i) for i in range(max(1, hook["id"] - 5), hook["id"] + 1)])
            sink.entry("DELETE", f"/api/v2/webhooks/{hook['id']}", 204, "", "", request_body=None)
        if rounds % 5 == 3:
            api.get(f"/api/v2/files?uploaded_by={rng.randrange(1, 50)}", {"data": [app.file(app.take("files")) for _ in range(8)],
                                                                          "meta": {"total": app.counts["files"]}})
        sink.entry("POST", "/collect?v=1&t=pageview", 204, "", "text/plain")


class _Api:
    def __init__(self, sink: Sink) -> None:
        self.sink = sink

    def get(self, path: str, payload: Any, status: int = 200) -> None:
        self.sink.entry("GET", path, status, _dumps(payload), "application/json; charset=utf-8")

    def send(self, method: str, path: str, sent: Any, status: int, payload: Any) -> None:
        self.sink.entry(method, path, status, _dumps(payload), "application/json; charset=utf-8", sent)


def _dumps(payload: Any) -> str:
    import json

    return json.dumps(payload, separators=(",", ":"))
