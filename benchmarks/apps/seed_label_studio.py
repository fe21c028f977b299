"""Seed a running Label Studio through its own sign-up, sign-in and REST API (standard library only).

    python seed_label_studio.py http://127.0.0.1:PORT ADMIN_EMAIL ADMIN_PASSWORD STATE.json

Deterministic: three annotators who sign up with the organization's invite link and name themselves;
three projects (ticket classification with predictions of a model, named entities in news sentences,
paraphrases of questions) with their tasks imported, annotations made by the annotators (some tasks twice),
a saved Data Manager tab. STATE.json receives the admin's session cookies as a Playwright storage state,
for a capture that starts signed in.
"""

from __future__ import annotations

import http.cookiejar
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

ANNOTATORS = (("maria", "Maria", "Lopez"), ("kenji", "Kenji", "Sato"), ("olu", "Olu", "Adeyemi"))
PASSWORD = "annotate-2024!"  # the seeded annotators' password: local test data only

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
]

NEWS = [
    ("Angela Merkel met Emmanuel Macron in Paris on Monday.", "Reuters",
     [("Angela Merkel", "PER"), ("Emmanuel Macron", "PER"), ("Paris", "LOC")]),
    ("Satya Nadella said Microsoft will open a data centre in Madrid.", "AP",
     [("Satya Nadella", "PER"), ("Microsoft", "ORG"), ("Madrid", "LOC")]),
    ("Toyota recalled 50,000 cars in Japan last week.", "Kyodo", [("Toyota", "ORG"), ("Japan", "LOC")]),
    ("The World Health Organization is based in Geneva.", "AFP",
     [("World Health Organization", "ORG"), ("Geneva", "LOC")]),
    ("Lionel Messi scored twice for Inter Miami on Saturday.", "ESPN",
     [("Lionel Messi", "PER"), ("Inter Miami", "ORG")]),
    ("Airbus delivered its first A321XLR from Hamburg in June.", "Reuters", [("Airbus", "ORG"), ("Hamburg", "LOC")]),
    ("Samsung opened a research lab in Toronto.", "Yonhap", [("Samsung", "ORG"), ("Toronto", "LOC")]),
    ("Christine Lagarde warned about inflation in Frankfurt.", "Bloomberg",
     [("Christine Lagarde", "PER"), ("Frankfurt", "LOC")]),
    ("Nokia cut 300 jobs in Espoo on Tuesday.", "YLE", [("Nokia", "ORG"), ("Espoo", "LOC")]),
    ("Tim Cook visited the Apple store in Shanghai.", "Xinhua",
     [("Tim Cook", "PER"), ("Apple", "ORG"), ("Shanghai", "LOC")]),
]

FAQ = [
    ("How do I reset my password?", "What are the steps to change a forgotten password?"),
    ("Can I pay by bank transfer?", "Is paying with a wire transfer possible?"),
    ("Where is my order?", "How can I track the parcel I ordered?"),
    ("Do you ship to Canada?", "Is delivery available in Canada?"),
    ("How do I cancel my plan?", None),
    ("Is there a student discount?", None),
]

TRIAGE_CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="category" toName="text" choice="single" showInLine="true">
    <Choice value="billing"/><Choice value="bug"/><Choice value="feature request"/><Choice value="account"/>
  </Choices>
</View>"""
NEWS_CONFIG = """<View>
  <Labels name="label" toName="text">
    <Label value="PER" background="#e65100"/><Label value="ORG" background="#00838f"/>
    <Label value="LOC" background="#2e7d32"/>
  </Labels>
  <Text name="text" value="$text"/>
</View>"""
FAQ_CONFIG = """<View>
  <Text name="text" value="$question"/>
  <TextArea name="paraphrase" toName="text" rows="2" maxSubmissions="1"/>
</View>"""


class Session:
    """One signed-in person: the browser's session cookie and CSRF token, as the app's own pages use them."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  urllib.request.ProxyHandler({}))

    def _csrf(self) -> str:
        return next((c.value or "" for c in self.jar if c.name == "csrftoken"), "")

    def form(self, path: str, fields: dict[str, str]) -> None:
        """GET a form page (for its CSRF cookie), then POST the form as the browser does."""
        with self.opener.open(self.base + path, timeout=30):
            pass
        data = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": self._csrf()}).encode()
        request = urllib.request.Request(self.base + path, data=data, method="POST")
        request.add_header("Referer", self.base + path)
        with self.opener.open(request, timeout=30) as answer:
            answer.read()
        if not any(c.name == "sessionid" for c in self.jar):
            raise SystemExit(f"POST {path}: no session")

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        request.add_header("Accept", "application/json")
        request.add_header("X-CSRFToken", self._csrf())
        request.add_header("Referer", self.base + "/")
        try:
            with self.opener.open(request, timeout=60) as answer:
                text = answer.read().decode()
        except urllib.error.HTTPError as exc:
            raise SystemExit(f"{method} {path}: {exc.code} {exc.read().decode()[:500]}") from None
        return json.loads(text) if text else None


def _choice(category: str) -> list[dict[str, Any]]:
    return [{"from_name": "category", "to_name": "text", "type": "choices", "value": {"choices": [category]}}]


def _spans(text: str, entities: list[tuple[str, str]]) -> list[dict[str, Any]]:
    result = []
    for index, (words, label) in enumerate(entities):
        start = text.index(words)
        result.append({"id": f"e{index}", "from_name": "label", "to_name": "text", "type": "labels",
                       "value": {"start": start, "end": start + len(words), "text": words, "labels": [label]}})
    return result


def _project(admin: Session, title: str, description: str, config: str, colour: str, rows: list[dict[str, Any]],
             ) -> list[int]:
    """A project with its tasks imported; the tasks' ids in import order."""
    pid = int(admin.call("POST", "/api/projects/", {"title": title, "description": description,
                                                     "label_config": config, "color": colour,
                                                     "show_instruction": True, "maximum_annotations": 2,
                                                     "expert_instruction": f"<p>{description}</p>"})["id"])
    admin.call("POST", f"/api/projects/{pid}/import", rows)
    tasks = admin.call("GET", f"/api/tasks/?project={pid}&page_size=100&fields=all")
    items = tasks["tasks"] if isinstance(tasks, dict) else tasks
    return [int(t["id"]) for t in sorted(items, key=lambda t: int(t["id"]))] + [pid]


def main(base: str, admin_email: str, admin_password: str, state_path: str) -> None:
    admin = Session(base)
    admin.form("/user/login/", {"email": admin_email, "password": admin_password})
    admin.call("PATCH", f"/api/users/{admin.call('GET', '/api/current-user/whoami')['id']}/",
               {"first_name": "Ada", "last_name": "Admin", "username": "ada"})
    invite = admin.call("GET", "/api/invite")["token"]
    people: dict[str, Session] = {}
    for name, first, last in ANNOTATORS:
        person = Session(base)
        person.form(f"/user/signup/?token={invite}", {"email": f"{name}@example.org", "password": PASSWORD})
        me = person.call("GET", "/api/current-user/whoami")
        person.call("PATCH", f"/api/users/{me['id']}/", {"first_name": first, "last_name": last, "username": name})
        people[name] = person

    *triage_tasks, triage = _project(
        admin, "Support ticket triage", "Route incoming support tickets to the right team.", TRIAGE_CONFIG, "#D32F2F",
        [{"data": {"text": text, "channel": channel, "customer_tier": tier, "ticket": 4100 + i}}
         for i, (text, _, channel, tier) in enumerate(TICKETS)])
    *news_tasks, news = _project(
        admin, "News entities", "People, organisations and places in wire stories.", NEWS_CONFIG, "#00838F",
        [{"data": {"text": text, "source": source}} for text, source, _ in NEWS])
    *faq_tasks, _faq = _project(
        admin, "FAQ paraphrases", "Paraphrase customer questions.", FAQ_CONFIG, "#6A1B9A",
        [{"data": {"question": question, "locale": "en-GB"}} for question, _ in FAQ])

    for index, (task, (_, category, _, _)) in enumerate(zip(triage_tasks, TICKETS, strict=True)):
        if index < 12:
            people["maria"].call("POST", f"/api/tasks/{task}/annotations/",
                                 {"result": _choice(category), "lead_time": 8.5 + index, "ground_truth": index < 3})
        if index % 4 == 0:
            second = category if index % 8 == 0 else "bug"
            people["kenji"].call("POST", f"/api/tasks/{task}/annotations/",
                                 {"result": _choice(second), "lead_time": 11.0 + index})
        if index >= 6:
            admin.call("POST", "/api/predictions/", {"task": task, "result": _choice(category),
                                                      "score": round(0.55 + index / 50, 2), "model_version": "triage-v1"})
    for index, (task, (text, _, entities)) in enumerate(zip(news_tasks, NEWS, strict=True)):
        if index < 8:
            annotator = people["kenji" if index % 2 == 0 else "olu"]
            annotator.call("POST", f"/api/tasks/{task}/annotations/",
                           {"result": _spans(text, entities), "lead_time": 30.0 + 3 * index})
    for task, (_, paraphrase) in zip(faq_tasks, FAQ, strict=True):
        if paraphrase:
            people["olu"].call("POST", f"/api/tasks/{task}/annotations/", {
                "result": [{"from_name": "paraphrase", "to_name": "text", "type": "textarea",
                            "value": {"text": [paraphrase]}}], "lead_time": 20.0})
    admin.call("POST", "/api/dm/views/", {"project": triage, "data": {
        "title": "Billing to review", "type": "list", "target": "tasks",
        "filters": {"conjunction": "and", "items": [{"filter": "filter:tasks:data.channel", "operator": "equal",
                                                      "type": "String", "value": "email"}]}}})
    _ = news
    cookies = [{"name": c.name, "value": c.value or "", "domain": c.domain.lstrip("."), "path": c.path,
                "expires": -1, "httpOnly": c.name == "sessionid", "secure": False, "sameSite": "Lax"}
               for c in admin.jar]
    with open(state_path, "w", encoding="utf-8") as handle:
        json.dump({"cookies": cookies, "origins": []}, handle, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4])
