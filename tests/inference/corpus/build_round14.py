"""Corpus captures of the fourteenth round of cases: Overseerr's REST API (``/api/v1/``, ``X-Api-Key``,
``{pageInfo: {pages, pageSize, results, page}, results}`` pages, the requesting and modifying users and the media
embedded whole in every request and issue, a request's seasons with ids of their own, comments beneath an issue,
``POST`` answering ``201``) and Mealie's (``/api/``, a bearer token, ``{page, per_page, total, total_pages, items,
next, previous}`` pages, UUID keys, recipes addressed by slug, tags, categories and tools embedded as
``{id, name, slug}`` lists, meal-plan entries embedding their recipe, shopping lists with label settings that embed
their label, shopping items embedding their food, unit and label beside the ids) and Habitica's (``/api/v3/``,
``x-api-user``/``x-api-key``, every answer ``{success, data, notifications, userV, appVersion}`` carrying the user's
notifications beside the data, ``_id`` beside ``id``, habits, dailies, to-dos and rewards in one collection told apart
by ``type``, histories stamped in epoch milliseconds, weekday maps) and Netatmo's (``/api/``, a bearer token,
reads by ``POST``, every answer ``{body, status, time_exec, time_server}``, devices keyed by MAC addresses under
``_id`` with their modules nested, the latest readings as ``dashboard_data`` objects of PascalCase measures, epoch
seconds everywhere, the account's ``user`` beside the devices).

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files.
"""

from __future__ import annotations

import json
from typing import Any

from tests.inference.corpus.build_round4 import show_file

Call = tuple[Any, ...]  # method, URL, response body[, request body[, extra: status, headers]]

OVERSEERR = ("joostlek/python-overseerr", "721c8506d0697d468dc96666d7cd7dd60fc642ba")
MEALIE = ("joostlek/python-mealie", "2a3ef07d27f312095bc8aac4945643304686113d")
HABITICA = ("tr4nt0r/habiticalib", "82933b082091c7f062d2cb86dd26e55a4df444ac")
PYATMO = ("jabesq/pyatmo", "8bf11a0a400dfc18ba8c8c1c75cdf19b4d185c4b")


def _fixture(mirrors: Any, source: tuple[str, str], path: str) -> Any:
    return json.loads(show_file(mirrors, source[0], source[1], path))


def overseerr(mirrors: Any) -> list[Call]:
    """Overseerr answers as python-overseerr's tests record them (``tests/fixtures/overseerr/<name>.json``, their
    data unchanged), each served at the request the client makes for it, the API key in the ``X-Api-Key`` header:
    the requests and issues listed, two requests created (a movie, a series with its seasons), an issue read,
    created and updated (status resolved, with the comment that resolves it), the Plex watchlist."""
    api = "http://overseerr.local:5055/api/v1"

    def fixture(name: str) -> Any:
        return _fixture(mirrors, OVERSEERR, f"tests/fixtures/overseerr/{name}.json")

    key = {"X-Api-Key": "MOCK_OVERSEERR_API_KEY"}
    read, created = {"request_headers": key}, {"request_headers": key, "status": 201}
    return [
        ("GET", f"{api}/request?filter=all&sort=added", fixture("request"), None, read),
        ("POST", f"{api}/request", fixture("create_movie_request"), {"mediaType": "movie", "mediaId": 402431},
         created),
        ("POST", f"{api}/request", fixture("create_tv_request"),
         {"mediaType": "tv", "mediaId": 249522, "seasons": [1]}, created),
        ("GET", f"{api}/issue?filter=all&sort=added", fixture("issue"), None, read),
        ("GET", f"{api}/issue/11", fixture("issue_single"), None, read),
        ("POST", f"{api}/issue", fixture("issue_created"),
         {"issueType": 1, "message": "Video is out of sync", "mediaId": 537, "problemSeason": 0,
          "problemEpisode": 0}, created),
        ("PUT", f"{api}/issue/11", fixture("issue_updated"), {"status": 2, "message": "Issue has been resolved"},
         read),
        ("GET", f"{api}/discover/watchlist", fixture("watchlist"), None, read),
    ]


def mealie(mirrors: Any) -> list[Call]:
    """Mealie answers as python-mealie's (aiomealie) tests record them (``tests/fixtures/<name>.json``, their data
    unchanged), each served at the request the client makes for it, the API token as a bearer token: the recipes
    (one page) and one recipe by its slug, the tags, categories and tools, the household's meal plans, its shopping
    lists and the items of a list."""
    api = "http://mealie.local:9000/api"

    def fixture(name: str) -> Any:
        return _fixture(mirrors, MEALIE, f"tests/fixtures/{name}.json")

    auth = {"request_headers": {"Authorization": "Bearer MOCK_MEALIE_TOKEN"}}
    items = ("/households/shopping/items?queryFilter=shoppingListId%3D9ce096fe-ded2-4077-877d-78ba450ab13e"
             "&orderBy=position&orderDirection=asc&perPage=-1")
    reads = [("recipes", "/recipes?perPage=50"),
             ("recipe", "/recipes/original-sacher-torte-2"),
             ("tags", "/organizers/tags?perPage=50"),
             ("categories", "/organizers/categories?perPage=50"),
             ("tools", "/organizers/tools?perPage=50"),
             ("mealplans", "/households/mealplans?start_date=2024-01-20&end_date=2026-07-31&perPage=-1"),
             ("shopping_lists", "/households/shopping/lists?perPage=-1"),
             ("shopping_items", items)]
    return [("GET", api + route, fixture(name), None, auth) for name, route in reads]


def habitica(mirrors: Any) -> list[Call]:
    """Habitica answers as habiticalib's tests record them (``tests/fixtures/<name>.json``, their data unchanged),
    each served at the request the client makes for it, with the user id and API key in ``x-api-user`` and
    ``x-api-key``: the user's tasks, one task read and updated, a task moved (the answer lists the new order's task
    ids) and deleted (``data: null``)."""
    api = "https://habitica.com/api/v3"
    task = "7bc0d924-f5e5-48a6-af7f-8075f8c94e0f"

    def fixture(name: str) -> Any:
        return _fixture(mirrors, HABITICA, f"tests/fixtures/{name}.json")

    auth = {"request_headers": {"x-api-user": "a380546a-94be-4b8e-8a0b-23e0d5c03303",
                                "x-api-key": "MOCK_HABITICA_API_KEY",
                                "x-client": "4c4ca53f-c059-4ffa-966e-9d29dd405daf - Habiticalib"}}
    return [
        ("GET", f"{api}/tasks/user", fixture("tasks"), None, auth),
        ("GET", f"{api}/tasks/{task}", fixture("task"), None, auth),
        ("PUT", f"{api}/tasks/{task}", fixture("task"), {"notes": "task notes"}, auth),
        ("POST", f"{api}/tasks/{task}/move/to/2", fixture("task_order"), None, auth),
        ("DELETE", f"{api}/tasks/{task}", fixture("empty_data"), None, auth),
    ]


def netatmo(mirrors: Any) -> list[Call]:
    """Netatmo answers as pyatmo's tests record them (``fixtures/<name>.json``, their data unchanged), each served at
    the request the client makes for it (a ``POST`` to the read's address), the OAuth access token as a bearer token:
    the weather stations with their modules and the Healthy Home Coaches."""
    api = "https://api.netatmo.com/api"

    def fixture(name: str) -> Any:
        return _fixture(mirrors, PYATMO, f"fixtures/{name}.json")

    auth = {"request_headers": {"Authorization": "Bearer MOCK_NETATMO_ACCESS_TOKEN"}}
    return [("POST", f"{api}/getstationsdata", fixture("weatherstation_data_simple"), None, auth),
            ("POST", f"{api}/gethomecoachsdata", fixture("home_coach_simple"), None, auth)]
