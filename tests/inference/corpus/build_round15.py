"""Corpus captures of the fifteenth round of cases: Grocy's REST API (``/api/``, ``GROCY-API-KEY``, bare JSON
arrays and objects, every value of a row served as a string (keys, counts, decimals and ``0``/``1`` flags alike, as
SQLite hands them to PHP), the generic ``/api/objects/{entity}`` routes beside ``/api/tasks`` that embed the assigned
user and the category and ``/api/stock`` that embeds each product, actions answering the log row they wrote).

Also PurpleAir's API v1 (``X-API-Key``, ``{api_version, time_stamp, data_time_stamp, ...}`` answers, sensors
listed as a column list ``fields`` beside rows of bare values ``data``, a sensor read whole with ``stats`` maps),
a Philips Hue bridge's CLIP v2 resources, an Overkiz (Somfy TaHoma) setup document and HubSpot's legacy CRM API
(companies v2, contacts v1: every property a versioned ``{value, timestamp, source, versions}`` object, hyphenated
members, ``{companies, has-more, offset}`` pages) as hubspot-ruby's VCR cassettes recorded it.

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files.
"""

from __future__ import annotations

import json
import subprocess
from typing import Any

import yaml

Call = tuple[Any, ...]  # method, URL, response body[, request body[, extra: status, headers]]

PYGROCY = ("SebRut/pygrocy", "9db6f6186f6484f989f0533e01f474976953232e")
AIOHUE = ("home-assistant-libs/aiohue", "95bece5d8d74eabb7904201920e3d1f3a161857b")
OVERKIZ = ("iMicknl/python-overkiz-api", "a6474ffe082ed58871eab3ef37ca0c481fca1116")
PURPLEAIR = ("bachya/aiopurpleair", "b593f1f321ce608282fe60947bde4341165d8a5a")
HUBSPOT = ("HubspotCommunity/hubspot-ruby", "8eb0a64dd0c14c79e631e81bfdc169583e775a46")
HUE_TYPES = ("bridge", "device", "light", "room", "zone", "grouped_light", "motion", "device_power")


def _recorded(mirrors: Any, source: tuple[str, str], path: str) -> list[tuple[str, str, Any, Any]]:
    """The (method, URL, JSON answer, JSON request body or None) of every interaction of a VCR cassette that
    answered with a body."""
    git = mirrors / source[0].replace("/", "+") / "repo"
    raw = subprocess.run(["git", "-C", str(git), "show", f"{source[1]}:{path}"], check=True,
                         capture_output=True).stdout
    doc = yaml.safe_load(raw)
    return [(it["request"]["method"], it["request"]["uri"], json.loads(it["response"]["body"]["string"]),
             json.loads(it["request"]["body"]) if it["request"]["body"] else None)
            for it in doc["interactions"] if it["response"]["body"]["string"]]


def grocy(mirrors: Any) -> list[Call]:
    """Grocy answers as pygrocy's VCR cassettes recorded them from a Grocy 3.x demo server
    (``test/cassettes/<test>/<name>.yaml``, their data unchanged), each at the address it was recorded at, the API
    key in the ``GROCY-API-KEY`` header: the products and product groups, the users, the tasks and one task, the
    shopping list, the meal plan with its sections and the recipes it names, the stock overview, a chore executed
    and a battery charged (each answering the log row written)."""
    reads = [
        ("test_product/TestProduct.test_get_all_products", "/api/objects/products"),
        ("test_product_groups/TestProductGroups.test_get_product_groups_valid", "/api/objects/product_groups"),
        ("test_users/TestUsers.test_get_users_valid", "/api/users"),
        ("test_tasks/TestTasks.test_get_tasks_valid", "/api/tasks"),
        ("test_tasks/TestTasks.test_get_task_valid", "/api/objects/tasks/2"),
        ("test_shoppinglist/TestShoppingList.test_get_shopping_list_valid", "/api/objects/shopping_list"),
        ("test_meal_plan/TestMealPlan.test_get_meal_plan_valid", "/api/objects/meal_plan"),
        ("test_meal_plan_sections/TestMealPlanSections.test_get_sections_valid", "/api/objects/meal_plan_sections"),
        ("test_meal_plan/TestMealPlan.test_get_meal_plan_with_details_valid", "/api/objects/recipes/1"),
        ("test_meal_plan/TestMealPlan.test_get_meal_plan_with_details_valid", "/api/objects/recipes/2"),
        ("test_meal_plan/TestMealPlan.test_get_meal_plan_with_details_valid", "/api/objects/recipes/3"),
        ("test_meal_plan/TestMealPlan.test_get_meal_plan_with_details_valid", "/api/objects/recipes/4"),
        ("test_stock/TestStock.test_get_stock_valid", "/api/stock"),
        ("test_chores/TestChores.test_execute_chore_valid", "/api/chores/1/execute"),
        ("test_battery/TestBattery.test_charge_battery", "/api/batteries/1/charge"),
    ]
    auth = {"request_headers": {"GROCY-API-KEY": "MOCK_GROCY_API_KEY"}}
    calls: list[Call] = []
    for cassette, route in reads:
        recorded = _recorded(mirrors, PYGROCY, f"test/cassettes/{cassette}.yaml")
        method, url, body, sent = next(r for r in recorded if r[1] == "https://localhost" + route)
        calls.append((method, url, body, sent, auth))
    return calls


def hue(mirrors: Any) -> list[Call]:
    """A Philips Hue bridge's CLIP v2 resources as aiohue's test fixture holds them (``tests/fixtures/v2_resources.json``,
    an anonymized dump of a real bridge: ids replaced consistently in ``id`` and every ``rid``, names replaced), each
    resource type served at its own address in the bridge's envelope ``{"errors": [], "data": [...]}``, the resources
    of the type in the fixture's order and unchanged, with the application key in the ``hue-application-key``
    header."""
    dump = json.loads(subprocess.run(
        ["git", "-C", str(mirrors / AIOHUE[0].replace("/", "+") / "repo"), "show",
         f"{AIOHUE[1]}:tests/fixtures/v2_resources.json"], check=True, capture_output=True).stdout)
    auth = {"request_headers": {"hue-application-key": "MOCK_HUE_APPLICATION_KEY"}}
    return [("GET", f"https://192.168.1.2/clip/v2/resource/{kind}",
             {"errors": [], "data": [r for r in dump if r["type"] == kind]}, None, auth) for kind in HUE_TYPES]


def overkiz(mirrors: Any) -> list[Call]:
    """A Somfy TaHoma home as the Overkiz cloud API serves it, from pyoverkiz's test fixture
    ``tests/fixtures/setup/setup_tahoma_siren_io.json`` (a user's real setup, labels and addresses masked with ``*``),
    unchanged, at the address the client reads it from, with the session cookie the client logs in for."""
    setup = json.loads(subprocess.run(
        ["git", "-C", str(mirrors / OVERKIZ[0].replace("/", "+") / "repo"), "show",
         f"{OVERKIZ[1]}:tests/fixtures/setup/setup_tahoma_siren_io.json"], check=True, capture_output=True).stdout)
    auth = {"request_headers": {"Cookie": "JSESSIONID=MOCK_OVERKIZ_SESSION"}}
    return [("GET", "https://ha101-1.overkiz.com/enduser-mobile-web/enduserAPI/setup", setup, None, auth)]


def purpleair(mirrors: Any) -> list[Call]:
    """PurpleAir API v1 answers as aiopurpleair's tests hold them (``tests/fixtures/<name>.json``, recorded from the
    API, unchanged), each at the request the client makes for it, the read key in the ``X-API-Key`` header: the key
    checked, the sensors listed as columns (``fields``) and rows of values (``data``), one sensor read whole."""
    def fixture(name: str) -> Any:
        return json.loads(subprocess.run(
            ["git", "-C", str(mirrors / PURPLEAIR[0].replace("/", "+") / "repo"), "show",
             f"{PURPLEAIR[1]}:tests/fixtures/{name}.json"], check=True, capture_output=True).stdout)

    api = "https://api.purpleair.com/v1"
    auth = {"request_headers": {"X-API-Key": "MOCK_PURPLEAIR_READ_KEY"}}
    return [("GET", f"{api}/keys", fixture("get_keys_response"), None, auth),
            ("GET", f"{api}/sensors?fields=name%2Clatitude%2Clongitude&location_type=0&max_age=604800",
             fixture("get_sensors_response"), None, auth),
            ("GET", f"{api}/sensors/131075", fixture("get_sensor_response"), None, auth)]


def _ruby_cassette(mirrors: Any, source: tuple[str, str], name: str) -> list[tuple[str, str, Any, Any]]:
    """The (method, URL, JSON answer, JSON request body or None) of every interaction of a Ruby VCR cassette."""
    git = mirrors / source[0].replace("/", "+") / "repo"
    raw = subprocess.run(["git", "-C", str(git), "show", f"{source[1]}:spec/fixtures/vcr_cassettes/{name}.yml"],
                         check=True, capture_output=True).stdout
    out = []
    for it in yaml.safe_load(raw)["http_interactions"]:
        sent = it["request"]["body"].get("string") or None
        out.append((it["request"]["method"].upper(), it["request"]["uri"].replace("<HAPI_KEY>", "MOCK_HAPI_KEY"),
                    json.loads(it["response"]["body"]["string"]), json.loads(sent) if sent else None))
    return out


def hubspot(mirrors: Any) -> list[Call]:
    """HubSpot's legacy CRM API as hubspot-ruby's VCR cassettes recorded it (``spec/fixtures/vcr_cassettes/``,
    answers and request bodies unchanged), each interaction at the method and URL it was recorded at (the filtered
    API key spelt ``MOCK_HAPI_KEY``): a page of companies, a company created and read back, a second company
    created, a contact created with it as associated company and the contact's profile read."""
    names = ["Hubspot_Company_all_with_no_options_returns_a_collection",
             "Hubspot_Company_find_with_a_valid_ID_finds_the_company",
             "Hubspot_Contact_find_with_a_valid_ID_finds_the_contact"]
    return [(method, url, body, sent, None) for name in names
            for method, url, body, sent in _ruby_cassette(mirrors, HUBSPOT, name)]
