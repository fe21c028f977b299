"""A Stripe-like payments API: ``{object: "list", data, has_more, url}`` lists, prefixed string ids,
epoch-second ``created``, nested ``metadata``, and expandable references (an id string, or the
embedded object when the client asks ``expand[]``)."""

from __future__ import annotations

import random
import string
from typing import Any

from tests.inference.cases._har import entry, har, table

BASE = "https://api.payments.example.test/v1"


def _id(rng: random.Random, prefix: str) -> str:
    return prefix + "_" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(14))


def _customers(rng: random.Random) -> list[dict[str, Any]]:
    names = ["Jenny Rosen", "Ravi Patel", "Mia Chen", "Omar Haddad", "Lena Vogel", "Tom Berg", "Ana Ruiz"]
    return [{"id": _id(rng, "cus"), "object": "customer", "name": n,
             "email": n.split()[0].lower() + "@example.com", "created": 1680000000 + i * 86400,
             "balance": rng.choice([0, 0, -500, 1200]), "currency": "usd", "delinquent": i == 3,
             "description": None if i % 2 else f"Customer {n}", "livemode": False,
             "metadata": {"crm_ref": f"CRM-{100 + i}", "segment": rng.choice(["smb", "enterprise"])}}
            for i, n in enumerate(names)]


def _products(rng: random.Random) -> list[dict[str, Any]]:
    names = ["Starter", "Growth", "Scale", "Add-on seats"]
    return [{"id": _id(rng, "prod"), "object": "product", "name": n, "active": i != 3,
             "created": 1670000000 + i * 3600, "description": None if i == 2 else f"{n} plan",
             "metadata": {}, "livemode": False} for i, n in enumerate(names)]


def _prices(rng: random.Random, products: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for i, product in enumerate(products):
        for interval in ("month", "year"):
            out.append({"id": _id(rng, "price"), "object": "price", "product": product["id"], "currency": "usd",
                        "unit_amount": (i + 1) * (1000 if interval == "month" else 10000), "active": True,
                        "recurring": {"interval": interval, "interval_count": 1}, "created": 1670100000 + i * 60,
                        "livemode": False, "nickname": None if i else f"{product['name']} {interval}ly"})
    return out


def _charges(rng: random.Random, customers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for i in range(14):
        cust = customers[i % len(customers)]
        status = rng.choice(["succeeded", "succeeded", "pending", "failed"])
        out.append({"id": _id(rng, "ch"), "object": "charge", "amount": rng.randint(5, 400) * 100,
                    "amount_refunded": 0, "currency": "usd", "customer": cust["id"], "created": 1690000000 + i * 7200,
                    "paid": status == "succeeded", "status": status, "livemode": False,
                    "failure_message": "Your card was declined." if status == "failed" else None,
                    "billing_details": {"name": cust["name"], "address": {"country": "US", "postal_code": "9410" + str(i % 10)}},
                    "metadata": {"order_id": str(6735 + i)}})
    return out


def _page(url: str, data: list[dict[str, Any]], more: bool) -> dict[str, Any]:
    return {"object": "list", "data": data, "has_more": more, "url": url}


def build_har() -> dict[str, Any]:
    rng = random.Random(42)
    customers, products = _customers(rng), _products(rng)
    prices, charges = _prices(rng, products), _charges(rng, customers)
    entries = [
        entry(f"{BASE}/customers?limit=4", _page("/v1/customers", customers[:4], True)),
        entry(f"{BASE}/customers?limit=4&starting_after={customers[3]['id']}", _page("/v1/customers", customers[4:], False)),
        entry(f"{BASE}/customers/{customers[1]['id']}", customers[1]),
        entry(f"{BASE}/products", _page("/v1/products", products, False)),
        entry(f"{BASE}/prices?limit=10", _page("/v1/prices", prices, False)),
        entry(f"{BASE}/charges?limit=8", _page("/v1/charges", charges[:8], True)),
        entry(f"{BASE}/charges?limit=8&starting_after={charges[7]['id']}", _page("/v1/charges", charges[8:], False)),
    ]
    by_id = {c["id"]: c for c in customers}
    for charge in charges[:4]:
        expanded = dict(charge, customer=by_id[charge["customer"]])
        entries.append(entry(f"{BASE}/charges/{charge['id']}?expand[]=customer", expanded))
    entries.append(entry(f"{BASE}/customers/{customers[0]['id']}/charges",
                         _page("/v1/charges", [c for c in charges if c["customer"] == customers[0]["id"]], False)))
    return har(entries)


TRUTH = [
    table("customers", ["id"], "id text, object text, name text, email text, created timestamptz, balance integer, currency text, "
          "delinquent boolean, description text null, livemode boolean, metadata jsonb"),
    table("products", ["id"], "id text, object text, name text, active boolean, created timestamptz, description text null, "
          "livemode boolean"),
    table("prices", ["id"], "id text, object text, product text, currency text, unit_amount integer, active boolean, "
          "recurring_interval text, recurring_interval_count integer, created timestamptz, livemode boolean, "
          "nickname text null", [("product", "products", "id")]),
    table("charges", ["id"], "id text, object text, amount integer, amount_refunded integer, currency text, customer_id text, "
          "created timestamptz, paid boolean, status text, livemode boolean, failure_message text null, "
          "billing_details_name text, billing_details_address_country text, "
          "billing_details_address_postal_code text, metadata jsonb",
          [("customer_id", "customers", "id")]),
]
