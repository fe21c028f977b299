"""Seed a running doccano through its own REST API (standard library only; run with any Python).

    python seed_doccano.py http://127.0.0.1:PORT ADMIN_PASSWORD STATE.json

Deterministic: three annotators, three projects (document classification, sequence labelling with
relations, sequence to sequence) with their label types, tags, members, examples, annotations made by
their annotators, comments and confirmed examples. STATE.json receives the admin's session cookies as
a Playwright storage state, for a capture that starts signed in.
"""

from __future__ import annotations

import http.cookiejar
import json
import sys
import urllib.request
from typing import Any

ANNOTATORS = ("maria", "kenji", "olu")
PASSWORD = "annotate-2024"  # the seeded annotators' password: local test data only

TICKETS = [
    ("I was charged twice for my March invoice, please refund one of them.", "billing", "email", "gold"),
    ("The export button does nothing when the report has more than 500 rows.", "bug", "chat", "silver"),
    ("Could you add dark mode to the dashboard?", "feature request", "email", "bronze"),
    ("I cannot log in since I changed my email address.", "account", "phone", "gold"),
    ("My card was declined although it has enough balance.", "billing", "chat", "bronze"),
    ("The mobile app crashes when I open a shared folder.", "bug", "email", "silver"),
    ("Please support exporting to Parquet.", "feature request", "chat", "gold"),
    ("How do I transfer the account to my colleague?", "account", "email", "silver"),
    ("The VAT number is missing on my latest invoice.", "billing", "email", "gold"),
    ("Search results disappear after a page refresh.", "bug", "chat", "bronze"),
    ("It would help to schedule reports weekly.", "feature request", "phone", "silver"),
    ("Two-factor codes never arrive by SMS.", "account", "chat", "gold"),
    ("I was billed after cancelling my subscription.", "billing", "phone", "silver"),
    ("Dates in the calendar view are shifted by one day.", "bug", "email", "gold"),
    ("Can we get an API endpoint for bulk uploads?", "feature request", "email", "gold"),
    ("My account was locked after three attempts.", "account", "phone", "bronze"),
    ("The annual plan price on the website differs from my invoice.", "billing", "chat", "silver"),
    ("Charts render blank in Firefox.", "bug", "chat", "silver"),
    ("Add keyboard shortcuts for the review screen, please.", "feature request", "chat", "bronze"),
    ("I need to change the owner of our workspace.", "account", "email", "gold"),
    ("Where can I download receipts for last year?", "billing", "email", "bronze"),
    ("Uploading a CSV with accents garbles the names.", "bug", "phone", "gold"),
]

NEWS = [
    ("Angela Merkel met Emmanuel Macron in Paris on Monday.", "Reuters", "2024-03-04",
     [("Angela Merkel", "PER"), ("Emmanuel Macron", "PER"), ("Paris", "LOC"), ("Monday", "DATE")], []),
    ("Satya Nadella said Microsoft will open a data centre in Madrid.", "AP", "2024-03-05",
     [("Satya Nadella", "PER"), ("Microsoft", "ORG"), ("Madrid", "LOC")], [(0, 1, "works_for")]),
    ("Toyota recalled 50,000 cars in Japan last week.", "Kyodo", "2024-03-06",
     [("Toyota", "ORG"), ("Japan", "LOC"), ("last week", "DATE")], []),
    ("The World Health Organization is based in Geneva.", "AFP", "2024-03-07",
     [("World Health Organization", "ORG"), ("Geneva", "LOC")], [(0, 1, "located_in")]),
    ("Lionel Messi scored twice for Inter Miami on Saturday.", "ESPN", "2024-03-09",
     [("Lionel Messi", "PER"), ("Inter Miami", "ORG"), ("Saturday", "DATE")], [(0, 1, "works_for")]),
    ("Airbus delivered its first A321XLR from Hamburg in June.", "Reuters", "2024-06-20",
     [("Airbus", "ORG"), ("Hamburg", "LOC"), ("June", "DATE")], [(0, 1, "located_in")]),
    ("Jacinda Ardern spoke at Harvard University in May.", "AP", "2024-05-26",
     [("Jacinda Ardern", "PER"), ("Harvard University", "ORG"), ("May", "DATE")], []),
    ("Samsung opened a research lab in Toronto.", "Yonhap", "2024-04-11",
     [("Samsung", "ORG"), ("Toronto", "LOC")], [(0, 1, "located_in")]),
    ("Christine Lagarde warned about inflation in Frankfurt.", "Bloomberg", "2024-04-12",
     [("Christine Lagarde", "PER"), ("Frankfurt", "LOC")], []),
    ("Nokia cut 300 jobs in Espoo on Tuesday.", "YLE", "2024-02-13",
     [("Nokia", "ORG"), ("Espoo", "LOC"), ("Tuesday", "DATE")], [(0, 1, "located_in")]),
    ("Tim Cook visited the Apple store in Shanghai.", "Xinhua", "2024-03-21",
     [("Tim Cook", "PER"), ("Apple", "ORG"), ("Shanghai", "LOC")], [(0, 1, "works_for")]),
    ("Heavy snow closed the airport in Oslo for two days.", "NRK", "2024-01-18",
     [("Oslo", "LOC"), ("two days", "DATE")], []),
    ("Ngozi Okonjo-Iweala leads the World Trade Organization.", "BBC", "2024-02-28",
     [("Ngozi Okonjo-Iweala", "PER"), ("World Trade Organization", "ORG")], [(0, 1, "works_for")]),
    ("Siemens signed a rail contract with Egypt in Cairo.", "DW", "2024-05-02",
     [("Siemens", "ORG"), ("Egypt", "LOC"), ("Cairo", "LOC")], []),
]

FAQ = [
    ("How do I reset my password?", "What are the steps to change a forgotten password?"),
    ("Can I pay by bank transfer?", "Is paying with a wire transfer possible?"),
    ("Where is my order?", "How can I track the parcel I ordered?"),
    ("Do you ship to Canada?", "Is delivery available in Canada?"),
    ("How do I cancel my plan?", "What is the way to end my subscription?"),
    ("Is there a student discount?", "Do students get a reduced price?"),
    ("Can I change my delivery address?", None),
    ("How long does a refund take?", None),
    ("Do you have a mobile app?", None),
    ("Can several people share one account?", None),
]


class Api:
    """One signed-in user: token auth for the API calls; the cookie jar keeps the session."""

    def __init__(self, base: str, username: str, password: str) -> None:
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  urllib.request.ProxyHandler({}))
        self.token = ""
        self.token = str(self.call("POST", "/v1/auth/login/", {"username": username, "password": password})["key"])

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        request.add_header("Accept", "application/json")
        if self.token:
            request.add_header("Authorization", f"Token {self.token}")
        csrf = next((c.value for c in self.jar if c.name == "csrftoken"), None)
        if csrf:  # the session cookie makes the server check CSRF as it does for the browser
            request.add_header("X-CSRFToken", csrf)
        try:
            with self.opener.open(request, timeout=30) as answer:
                text = answer.read().decode()
        except urllib.error.HTTPError as exc:
            raise SystemExit(f"{method} {path}: {exc.code} {exc.read().decode()[:500]}") from None
        return json.loads(text) if text else None


def _project(admin: Api, body: dict[str, Any], tags: list[str]) -> int:
    common = {"random_order": False, "collaborative_annotation": True, "single_class_classification": False,
              "allow_member_to_create_label_type": False, "tags": [{"text": t} for t in tags]}
    return int(admin.call("POST", "/v1/projects", {**common, **body})["id"])


def _labels(admin: Api, project: int, kind: str, labels: list[tuple[str, str | None, str]]) -> dict[str, int]:
    ids = {}
    for text, key, colour in labels:
        made = admin.call("POST", f"/v1/projects/{project}/{kind}",
                          {"text": text, "prefix_key": None, "suffix_key": key, "background_color": colour,
                           "text_color": "#ffffff"})
        ids[text] = int(made["id"])
    return ids


def main(base: str, admin_password: str, state_path: str) -> None:
    admin = Api(base, "admin", admin_password)
    for name in ANNOTATORS:
        admin.call("POST", "/v1/users/create", {"username": name, "email": f"{name}@example.org",
                                                "password1": PASSWORD, "password2": PASSWORD})
    users = {u["username"]: int(u["id"]) for u in admin.call("GET", "/v1/users")}
    roles = {r["name"]: int(r["id"]) for r in admin.call("GET", "/v1/roles")}
    people = {name: Api(base, name, PASSWORD) for name in ANNOTATORS}

    triage = _project(admin, {"name": "Support ticket triage", "project_type": "DocumentClassification",
                              "resourcetype": "TextClassificationProject", "single_class_classification": True,
                              "description": "Route incoming support tickets to the right team.",
                              "guideline": "Pick the one category that the customer needs help with."},
                      ["support", "routing"])
    news = _project(admin, {"name": "News entities", "project_type": "SequenceLabeling",
                            "resourcetype": "SequenceLabelingProject", "use_relation": True,
                            "allow_overlapping": False, "grapheme_mode": False,
                            "description": "People, organisations, places and dates in wire stories.",
                            "guideline": "Mark the longest name; link people to their employer."},
                    ["news", "ner", "relations"])
    faq = _project(admin, {"name": "FAQ paraphrases", "project_type": "Seq2seq", "resourcetype": "Seq2seqProject",
                           "description": "Paraphrase customer questions.",
                           "guideline": "Keep the meaning; change the wording."}, ["faq"])

    for project, members in ((triage, [("maria", "annotator"), ("kenji", "annotation_approver")]),
                             (news, [("kenji", "annotator"), ("olu", "annotator")]),
                             (faq, [("olu", "annotator"), ("maria", "annotation_approver")])):
        for name, role in members:
            admin.call("POST", f"/v1/projects/{project}/members", {"user": users[name], "role": roles[role]})

    categories = _labels(admin, triage, "category-types", [("billing", "b", "#d32f2f"), ("bug", "g", "#7b1fa2"),
                                                           ("feature request", "f", "#1976d2"),
                                                           ("account", "a", "#388e3c")])
    spans = _labels(admin, news, "span-types", [("PER", "p", "#e65100"), ("ORG", "o", "#00838f"),
                                                ("LOC", "l", "#2e7d32"), ("DATE", "d", "#6a1b9a")])
    relation_types = _labels(admin, news, "relation-types", [("works_for", None, "#455a64"),
                                                             ("located_in", None, "#795548")])

    for index, (text, category, channel, tier) in enumerate(TICKETS):
        example = admin.call("POST", f"/v1/projects/{triage}/examples",
                             {"text": text, "meta": {"channel": channel, "customer_tier": tier, "ticket": 4100 + index}})
        eid = int(example["id"])
        if index < 16:
            people["maria"].call("POST", f"/v1/projects/{triage}/examples/{eid}/categories",
                                 {"example": eid, "label": categories[category]})
            people["maria"].call("POST", f"/v1/projects/{triage}/examples/{eid}/states", {})
        if index % 5 == 0:
            people["kenji"].call("POST", f"/v1/projects/{triage}/comments?example={eid}",
                                 {"text": f"Checked against the ticket history ({channel})."})

    for index, (text, source, published, entities, relations) in enumerate(NEWS):
        example = admin.call("POST", f"/v1/projects/{news}/examples",
                             {"text": text, "meta": {"source": source, "published": published}})
        eid = int(example["id"])
        annotator = people["kenji" if index % 2 == 0 else "olu"]
        if index >= 12:
            continue
        span_ids = []
        for words, label in entities:
            start = text.index(words)
            made = annotator.call("POST", f"/v1/projects/{news}/examples/{eid}/spans",
                                  {"example": eid, "label": spans[label], "start_offset": start,
                                   "end_offset": start + len(words)})
            span_ids.append(int(made["id"]))
        for source_index, target_index, kind in relations:
            annotator.call("POST", f"/v1/projects/{news}/examples/{eid}/relations",
                           {"example": eid, "from_id": span_ids[source_index], "to_id": span_ids[target_index],
                            "type": relation_types[kind]})
        annotator.call("POST", f"/v1/projects/{news}/examples/{eid}/states", {})
        if index % 4 == 1:
            admin.call("POST", f"/v1/projects/{news}/comments?example={eid}",
                       {"text": "Is the date relative to the story's dateline?"})

    for text, paraphrase in FAQ:
        example = admin.call("POST", f"/v1/projects/{faq}/examples", {"text": text, "meta": {"locale": "en-GB"}})
        eid = int(example["id"])
        if paraphrase:
            people["olu"].call("POST", f"/v1/projects/{faq}/examples/{eid}/texts", {"example": eid, "text": paraphrase})
            people["olu"].call("POST", f"/v1/projects/{faq}/examples/{eid}/states", {})

    cookies = [{"name": c.name, "value": c.value or "", "domain": c.domain.lstrip("."), "path": c.path,
                "expires": -1, "httpOnly": c.name == "sessionid", "secure": False, "sameSite": "Lax"}
               for c in admin.jar]
    with open(state_path, "w", encoding="utf-8") as handle:
        json.dump({"cookies": cookies, "origins": []}, handle, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
