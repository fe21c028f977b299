"""Corpus captures of the nineteenth round of cases: Paperless-ngx's REST API (Django REST framework pages
``{count, next, previous, results}`` under ``/api/…/``, references as bare integer ids, a document's ``tags`` as
tag ids, its ``custom_fields`` as ``{field, value}`` pairs whose value's type follows the field's, notes with a
user stub) as pypaperless' test data holds it.

Also the Home Assistant Supervisor's REST API (``http://supervisor/…``, every answer ``{result: "ok", data}``, lists
under a name of their own beside settings, records keyed by ``slug`` or a dashless ``uuid``, jobs nesting their child
jobs) as aiohasupervisor's test fixtures hold it.

And Amsterdam's open parking data as GeoJSON (``FeatureCollection`` of ``Feature``s with ``geometry`` and free
``properties``; garages keyed by an upper-case GUID, parking spaces by a dotted id and their regimes) as
odp-amsterdam's test fixtures hold it.

And Tile's tracker API (``https://production.tile-api.com/api/v1/…``, every answer
``{version, revision, timestamp, timestamp_ms, result_code, result}``, epoch milliseconds, ``-1`` for "never",
16-hex tile ids) as pytile's test fixtures hold it.

And Tautulli's API (one address, the command in the query, every answer ``{response: {data, message, result}}``,
flags as ``0``/``1``, counts as strings) as pytautulli's test fixtures hold it.

The fixtures are JSON files, and Python modules whose assignments hold literal values (read with
``ast.literal_eval``, never executed).

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files.
"""

from __future__ import annotations

import json
from typing import Any

from tests.inference.corpus.pinned import literals, show

Call = tuple[Any, ...]  # method, URL, response body[, request body[, extra: status, headers]]

PYPAPERLESS = ("tb1337/paperless-api", "403559ddd28f3efde64f3bd4e0496c714fc41342")
AIOHASUPERVISOR = ("home-assistant-libs/python-supervisor-client", "814ca96dbe90eb127c668f22886e53a3375ba41a")
ODPAMSTERDAM = ("klaasnicolaas/python-odp-amsterdam", "9570a11c55c539420e6b6d6a6986b22cc9158895")
PYTILE = ("bachya/pytile", "442a2ac3a20237f654cabee3acab0de4e4751ef7")
PYTAUTULLI = ("ludeeus/pytautulli", "dd681ac562e869b062cf14b615b720ad5bac6648")


def paperless(mirrors: Any) -> list[Call]:
    """A Paperless-ngx server's REST API as pypaperless' tests serve it (``tests/data/*.py``: snapshots of the
    server's answers, values unchanged), each at the request the client makes for it
    (``http://<host>:8000/api/<resource>/?page=1``, a token): the documents, the notes of a document, the tags,
    correspondents, document types, storage paths, custom fields, users and groups. Left out: the answers of
    actions (bulk edits, tasks, suggestions, share links), the single-record variants, the saved views, the mail
    accounts and rules, the workflows and the server's status and statistics."""
    def data(name: str, constant: str) -> Any:
        return literals(show(mirrors, PYPAPERLESS, f"tests/data/{name}.py"))[constant]

    api = "http://paperless.local:8000/api"
    auth = {"request_headers": {"Authorization": "Token MOCK_PAPERLESS_TOKEN"}}
    reads = [("documents/?page=1", "documents", "DATA_DOCUMENTS"),
             ("documents/2/notes/", "document_notes", "DATA_DOCUMENT_NOTES"),
             ("tags/?page=1", "tags", "DATA_TAGS"),
             ("correspondents/?page=1", "correspondents", "DATA_CORRESPONDENTS"),
             ("document_types/?page=1", "document_types", "DATA_DOCUMENT_TYPES"),
             ("storage_paths/?page=1", "storage_paths", "DATA_STORAGE_PATHS"),
             ("custom_fields/?page=1", "custom_fields", "DATA_CUSTOM_FIELDS"),
             ("users/?page=1", "users", "DATA_USERS"),
             ("groups/?page=1", "groups", "DATA_GROUPS")]
    return [("GET", f"{api}/{path}", data(name, constant), None, auth) for path, name, constant in reads]


def supervisor(mirrors: Any) -> list[Call]:
    """The Home Assistant Supervisor's REST API as aiohasupervisor's tests serve it (``tests/fixtures/``: answers
    of the Supervisor, values unchanged), each at the request the client makes for it (``http://supervisor/…``, a
    bearer token): the installed add-ons, the store's repositories, the backups and one backup read alone, the
    jobs, the network mounts and the discovery entries. Left out: the add-on and store add-on details (their
    options, schemas and translations), the store's add-on catalogue, the host, OS, network and resolution answers,
    the answers of actions and the variants of one answer."""
    def fixture(name: str) -> Any:
        return json.loads(show(mirrors, AIOHASUPERVISOR, f"tests/fixtures/{name}.json"))

    api = "http://supervisor"
    auth = {"request_headers": {"Authorization": "Bearer MOCK_SUPERVISOR_TOKEN"}}
    reads = [("addons", "addons_list"), ("store/repositories", "store_repositories_list"),
             ("backups", "backups_list"), ("backups/69558789/info", "backup_info"), ("jobs/info", "jobs_info"),
             ("mounts", "mounts_info"), ("discovery", "discovery_list")]
    return [("GET", f"{api}/{path}", fixture(name), None, auth) for path, name in reads]


def amsterdam(mirrors: Any) -> list[Call]:
    """Amsterdam's open parking data as odp-amsterdam's tests serve it (``tests/fixtures/``: answers of the two
    services, values unchanged), each at the request the client makes for it: the parking garages' live feed
    (``https://p-info.vorin-amsterdam.nl/v1/ParkingLocation.json``) and a page of parking spaces of one kind from
    the city's data API (``https://api.data.amsterdam.nl/v1/parkeervakken/parkeervakken?…&_format=geojson``,
    served as ``application/geo+json``). Left out: the malformed garages answer."""
    def fixture(name: str) -> Any:
        return json.loads(show(mirrors, ODPAMSTERDAM, f"tests/fixtures/{name}.json"))

    geo = {"mime": "application/geo+json"}
    return [("GET", "https://p-info.vorin-amsterdam.nl/v1/ParkingLocation.json", fixture("garages")),
            ("GET", "https://api.data.amsterdam.nl/v1/parkeervakken/parkeervakken?_pageSize=10&eType=E6a"
             "&_format=geojson", fixture("parking"), None, geo)]


def tile(mirrors: Any) -> list[Call]:
    """Tile's tracker API as pytile's tests serve it (``tests/fixtures/*_response.json``: answers of the API, keys
    masked by the fixtures' authors, values unchanged), each at the request the client makes for it
    (``https://production.tile-api.com/api/v1/…``, the app named in headers): the client registered
    (``PUT clients/{client_uuid}``), the account's tile states and one tile's details. Left out: the sign-in answer
    (not among the fixtures), the variant of the tile's details without a last state and the location history
    (``{complete_history, location_updates: []}``, no update in it)."""
    def fixture(name: str) -> Any:
        return json.loads(show(mirrors, PYTILE, f"tests/fixtures/{name}_response.json"))

    api = "https://production.tile-api.com/api/v1"
    client = "2cc56adc-b96a-4293-9b94-eda716e0aa17"
    app = {"tile_app_id": "ios-tile-production", "tile_app_version": "2.89.1.4774"}
    form = {"app_id": app["tile_app_id"], "app_version": app["tile_app_version"], "locale": "en-US"}
    return [("PUT", f"{api}/clients/{client}", fixture("create_client"), form,
             {"form": True, "request_headers": app}),
            ("GET", f"{api}/tiles/tile_states", fixture("tile_states"), None, {"request_headers": app}),
            ("GET", f"{api}/tiles/19264d2dffdbca32", fixture("tile_details"), None, {"request_headers": app})]


def tautulli(mirrors: Any) -> list[Call]:
    """Tautulli's API (statistics of a Plex Media Server) as pytautulli's tests serve it (``tests/fixtures/``:
    answers of Tautulli, values unchanged), each at the request the client makes for it (one address,
    ``http://<host>:8181/api/v2?apikey=…&cmd=<command>``, every answer ``{response: {data, message, result}}``):
    the current activity (no session playing), the home statistics and the users. Left out: the answer of a bare
    command (``data: {}``)."""
    def fixture(name: str) -> Any:
        return json.loads(show(mirrors, PYTAUTULLI, f"tests/fixtures/{name}.json"))

    api = "http://tautulli.local:8181/api/v2?apikey=MOCK_TAUTULLI_KEY&cmd="
    return [("GET", api + command, fixture(command)) for command in ("get_activity", "get_home_stats", "get_users")]
