"""Corpus captures of the tenth round: the Hacker News API on Firebase (items and users at ``/v0/<kind>/<id>.json``,
children as id arrays, live lists of ids); Xero's accounting API (PascalCase, ``*ID`` GUID keys, ``/Date(ms+0000)/``
dates, every answer a ``{Id, Status, ProviderName, DateTimeUTC, <Plural>: [...]}`` envelope); Freshdesk API v2 (bare
arrays paged by query, ``?include=`` embeds, integer enumerations, bare ``*_id`` references, solution categories, folders
and articles nested by route).

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files; bodies are the upstream examples unchanged.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

import yaml

from tests.inference.corpus.build_round4 import show_file

HACKERNEWS = ("HackerNews/API", "8a0528f538bca407c2ceeeefc9bee48bdb99c1c8")
XERO = ("XeroAPI/Xero-OpenAPI", "e952d0bda3628facbf7afc5990ad6a0e7e77bd1e")
FRESHDESK = ("sjkingo/python-freshdesk", "87ccfb3d945c5867bfa92d55aad03dc98466a2aa")

Call = tuple[str, str, Any]

_EXAMPLE = re.compile(r"(https://hacker-news\.firebaseio\.com/\S+?)\?print=pretty\s*```javascript\n(.*?)```", re.S)


def hackernews(mirrors: Any) -> list[Call]:
    """The Hacker News API's documented examples, each served at the address the README reads it from: six items
    (story, comment, Ask HN, job, poll, poll option), one user, the largest item id and the recent changes. The
    abridged story lists (``[ 9129911, ..., 9038733 ]``) are no JSON and are left out."""
    readme = show_file(mirrors, HACKERNEWS[0], HACKERNEWS[1], "README.md")
    calls: list[Call] = []
    for url, body in _EXAMPLE.findall(readme):
        try:
            calls.append(("GET", url, json.loads(body)))
        except json.JSONDecodeError:
            continue
    return calls


class _PlainLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: a date in an example stays the string the document spells."""


_PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def xero(mirrors: Any) -> list[Call]:
    """Xero accounting API: invoices and contacts listed and each read once, items, accounts, tax rates and
    currencies; each answer is the response example of Xero's OpenAPI document for that operation, the detail read
    at the id of the record it holds."""
    spec = yaml.load(show_file(mirrors, XERO[0], XERO[1], "xero_accounting.yaml"), Loader=_PlainLoader)  # noqa: S506

    def example(path: str) -> Any:
        return spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["example"]
    api = "https://api.xero.com/api.xro/2.0"
    invoice, contact = example("/Invoices/{InvoiceID}"), example("/Contacts/{ContactID}")
    return [
        ("GET", f"{api}/Invoices", example("/Invoices")),
        ("GET", f"{api}/Invoices/{invoice['Invoices'][0]['InvoiceID']}", invoice),
        ("GET", f"{api}/Contacts", example("/Contacts")),
        ("GET", f"{api}/Contacts/{contact['Contacts'][0]['ContactID']}", contact),
        ("GET", f"{api}/Items", example("/Items")),
        ("GET", f"{api}/Accounts", example("/Accounts")),
        ("GET", f"{api}/TaxRates", example("/TaxRates")),
        ("GET", f"{api}/Currencies", example("/Currencies")),
    ]


def freshdesk(mirrors: Any) -> list[Call]:
    """Freshdesk API v2 answers recorded as python-freshdesk's v2 test data, each served at the route its mocked
    client reads it from: a ticket with its stats and requester, its conversations, time entries, companies (listed,
    read, searched), groups, agents, a contact and the solution categories, folders and articles. The test data's
    v1-shaped ticket lists and its roles (a copy of the groups) are left out."""
    def data(name: str) -> Any:
        return json.loads(show_file(mirrors, FRESHDESK[0], FRESHDESK[1], f"freshdesk/v2/tests/sample_json_data/{name}.json"))
    api = "https://pythonfreshdesk.freshdesk.com/api/v2"
    page, search = "page=1&per_page=100", "\"updated_at:>'2020-07-12'\""
    return [
        ("GET", f"{api}/tickets/1?include=stats,requester", data("ticket_1")),
        ("GET", f"{api}/tickets/1/conversations", data("conversations")),
        ("GET", f"{api}/time_entries", data("time_entries")),
        ("GET", f"{api}/companies?{page}", data("companies")),
        ("GET", f"{api}/companies/1", data("company")),
        ("GET", f"{api}/search/companies?page=1&query={quote(search)}", data("search_companies")),
        ("GET", f"{api}/groups?{page}", data("groups")),
        ("GET", f"{api}/groups/1", data("group_1")),
        ("GET", f"{api}/agents?{page}", data("agents")),
        ("GET", f"{api}/agents/1", data("agent_1")),
        ("GET", f"{api}/contacts/1", data("contact")),
        ("GET", f"{api}/solutions/categories", data("solution_categories")),
        ("GET", f"{api}/solutions/categories/2/folders", data("solution_folders")),
        ("GET", f"{api}/solutions/folders/3/articles", data("solution_articles")),
    ]
