"""A shop API in two dialects: HAL (``_embedded``, ``_links``, ``page``) for orders and products,
cursor pages (``{items, nextCursor}``) for customers. camelCase names, non-padded dates, prices
as decimal strings, ``"NULL"`` and empty-string placeholders for absent values."""

from __future__ import annotations

import random
import uuid
from typing import Any

from tests.inference.cases._har import entry, har, table

BASE = "https://shop.example.test/api"


def _customers(rng: random.Random) -> list[dict[str, Any]]:
    names = ["Ines", "Paul", "Kofi", "Yuki", "Sara", "Marek", "Lea", "Noor", "Ivan"]
    return [{"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "displayName": n,
             "email": f"{n.lower()}@mail.example", "phone": "NULL" if i % 3 == 0 else f"+4930{5550100 + i}",
             "signupDate": f"2023-{i % 12 + 1}-{i * 3 + 1}", "loyaltyPoints": rng.randint(0, 900)}
            for i, n in enumerate(names)]


def _products(rng: random.Random) -> list[dict[str, Any]]:
    names = ["Kettle", "Toaster", "Mug", "Teapot", "Grinder", "Scale"]
    return [{"id": 501 + i, "sku": f"HW-{1000 + i}", "title": n, "price": f"{rng.randint(5, 120)}.{rng.choice([0, 50, 99]):02d}",
             "inStock": i != 4, "_links": {"self": {"href": f"{BASE}/products/{501 + i}"}}}
            for i, n in enumerate(names)]


def _orders(rng: random.Random, customers: list[dict[str, Any]], products: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for i in range(12):
        lines = [{"productId": p["id"], "quantity": rng.randint(1, 4), "unitPrice": p["price"]}
                 for p in rng.sample(products, rng.randint(1, 3))]
        status = rng.choice(["PLACED", "SHIPPED", "DELIVERED", "CANCELLED"])
        out.append({"id": 9001 + i, "orderNumber": f"SO-{2024}-{i + 1}", "customerId": customers[i % 9]["id"],
                    "placedAt": f"2024-04-{i + 1:02d}T{8 + i}:15:00+02:00", "deliveryDate": f"2024-5-{i + 2}",
                    "cancelledAt": f"2024-04-{i + 2:02d}T10:00:00+02:00" if status == "CANCELLED" else "",
                    "total": f"{sum(float(line['unitPrice']) * line['quantity'] for line in lines):.2f}",
                    "status": status, "shippingAddress": {"street": f"{i + 3} Main St", "city": "Berlin", "zip": f"1011{i % 10}"},
                    "lines": lines,
                    "_links": {"self": {"href": f"{BASE}/orders/{9001 + i}"},
                               "customer": {"href": f"{BASE}/customers/{customers[i % 9]['id']}"}}})
    return out


def build_har() -> dict[str, Any]:
    rng = random.Random(3)
    customers, products = _customers(rng), _products(rng)
    orders = _orders(rng, customers, products)
    entries = []
    for page in range(3):
        chunk = orders[page * 4:page * 4 + 4]
        links = {"self": {"href": f"{BASE}/orders?page={page}&size=4"}}
        if page < 2:
            links["next"] = {"href": f"{BASE}/orders?page={page + 1}&size=4"}
        entries.append(entry(f"{BASE}/orders?page={page}&size=4",
                             {"_embedded": {"orders": chunk}, "_links": links,
                              "page": {"size": 4, "totalElements": 12, "totalPages": 3, "number": page}}))
    entries.append(entry(f"{BASE}/orders/9003", orders[2]))
    entries.append(entry(f"{BASE}/products", {"_embedded": {"products": products},
                                               "_links": {"self": {"href": f"{BASE}/products"}}}))
    cursor = None
    for start in (0, 5):
        url = f"{BASE}/customers?limit=5" + (f"&cursor={cursor}" if cursor else "")
        cursor = "eyJvZmZzZXQiOjV9" if start == 0 else None
        entries.append(entry(url, {"items": customers[start:start + 5], "nextCursor": cursor}))
    entries.append(entry(f"{BASE}/customers/{customers[4]['id']}/orders",
                         {"_embedded": {"orders": [o for o in orders if o["customerId"] == customers[4]["id"]]}}))
    return har(entries)


TRUTH = [
    table("customers", ["id"], "id uuid, display_name text, email text, phone text null, signup_date date, "
          "loyalty_points integer"),
    table("products", ["id"], "id integer, sku text, title text, price numeric, in_stock boolean"),
    table("orders", ["id"], "id integer, order_number text, customer_id uuid, placed_at timestamptz, delivery_date date, "
          "cancelled_at timestamptz null, total numeric, status text, shipping_address_street text, "
          "shipping_address_city text, shipping_address_zip text", [("customer_id", "customers", "id")]),
    table("order_lines", ["order_id", "product_id"], "order_id integer, product_id integer, quantity integer, "
          "unit_price numeric", [("order_id", "orders", "id"), ("product_id", "products", "id")]),
]
