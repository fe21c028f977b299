"""Corpus captures of the eighteenth round of cases: a Synology DiskStation's Web API (DSM 7: one address,
``/webapi/entry.cgi``, the API, its version and method named in the query, every answer ``{data, success}``;
File Station shares and files with an ``additional`` block, Synology Photos albums and items, the Virtual Machine
Manager's guests, external USB disks with their partitions) as py-synologydsm-api's test data holds it.

Also the Withings public API (``POST /measure``, ``/v2/measure``, ``/v2/user``, ``/v2/sleep``, ``/notify``, the
operation named by the form's ``action``, every answer ``{status, body}``; measure groups with ``measures`` as
``{value, type, unit}``, epoch seconds, devices by ``deviceid`` hashes) as aiowithings' test fixtures hold it.

And the API of Notion home sensors (``https://api.getnotion.com/api/…``: lists and records alike wrapped under the
collection's name, ``{"sensors": [...]}`` and ``{"sensors": {...}}``; sensors naming their user and bridge by stubs,
listeners with nested insights, listener definitions) as aionotion's test fixtures hold it.

And Traccar's REST API (``/api/devices``, ``/api/positions``, ``/api/reports/events``…, bare lists and records,
camelCase ``…Id`` references, ``attributes`` maps) as pytraccar's test responses (the API reference's examples)
hold it.

And SimpliSafe's cloud API (``/v1/users/{uid}/subscriptions``, ``/v1/ss3/subscriptions/{sid}/…``: deep subscription
documents holding a location, its system, cameras and messages; sensors keyed by serial with type-dependent settings;
events) as simplisafe-python's test fixtures hold it.

The fixtures are JSON files, and Python modules whose assignments hold literal values (read with
``ast.literal_eval``, never executed).

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from tests.inference.corpus.pinned import literals as _literals
from tests.inference.corpus.pinned import show as _show

Call = tuple[Any, ...]  # method, URL, response body[, request body[, extra: status, headers]]

SYNOLOGYDSM = ("mib1185/py-synologydsm-api", "7dee928f1db40098245fae67b6e8cb8597248db3")
AIOWITHINGS = ("joostlek/python-withings", "6775b520b496c42edaa1cfafe63eae18d60dd3fc")
AIONOTION = ("bachya/aionotion", "5ab1283e968b9b74091394b589b0671b8e7af892")
PYTRACCAR = ("ludeeus/pytraccar", "2f7c9bfc2f67b2993e73402ae1600bdbf1c271fa")


def synology(mirrors: Any) -> list[Call]:
    """A DSM 7 DiskStation's Web API as py-synologydsm-api's tests serve it (``tests/api_data/dsm_7/``: answers
    taken from DiskStations, values unchanged), each at the request the client makes for it
    (``/webapi/entry.cgi?api=…&version=…&method=…``, the session id in ``_sid``): File Station's shared folders and
    the files of one folder, Synology Photos' albums, the items of an album, of the shared (team) space and of a
    search, the Virtual Machine Manager's guests and the external USB disks. Left out: the login and API-info
    answers, the singletons of DSM information, utilisation and upgrade, the items of a shared album (a variant of
    an album's items reusing an item id) and the answer without disks."""
    def data(path: str) -> dict[str, Any]:
        return _literals(_show(mirrors, SYNOLOGYDSM, f"tests/api_data/dsm_7/{path}.py"))

    files = data("file_station/const_7_file_station")
    photos = data("photos/const_7_photo")
    vmm = data("virtual_machine_manager/const_7_vmm")
    usb = data("core/const_7_core_external_usb")
    base = "https://diskstation.local:5001/webapi/entry.cgi"

    def url(api: str, version: int, method: str, **params: Any) -> str:
        return base + "?" + urlencode({"api": api, "version": version, "method": method, **params,
                                       "_sid": "MOCK_SYNOLOGY_SID"})

    return [("GET", url("SYNO.FileStation.List", 2, "list_share", additional='["real_path","owner","time","perm",'
                        '"mount_point_type","sync_share","volume_status"]'), files["DSM_7_FILE_STATION_FOLDERS"]),
            ("GET", url("SYNO.FileStation.List", 2, "list", folder_path="/home", additional='["real_path","owner",'
                        '"time","perm","mount_point_type","type","size"]'), files["DSM_7_FILE_STATION_FILES"]),
            ("GET", url("SYNO.Foto.Browse.Album", 1, "list", offset=0, limit=100), photos["DSM_7_FOTO_ALBUMS"]),
            ("GET", url("SYNO.Foto.Browse.Item", 1, "list", album_id=4, offset=0, limit=100,
                        additional='["thumbnail"]'), photos["DSM_7_FOTO_ITEMS"]),
            ("GET", url("SYNO.FotoTeam.Browse.Item", 1, "list", offset=0, limit=100, additional='["thumbnail"]'),
             photos["DSM_7_FOTO_SHARED_ITEMS"]),
            ("GET", url("SYNO.Foto.Search.Search", 1, "list_item", keyword="search", offset=0, limit=100,
                        additional='["thumbnail"]'), photos["DSM_7_FOTO_ITEMS_SEARCHED"]),
            ("GET", url("SYNO.Virtualization.Guest", 1, "list"), vmm["DSM_7_VMM_GUESTS"]),
            ("GET", url("SYNO.Core.ExternalDevice.Storage.USB", 1, "list", additional='["all"]'),
             usb["DSM_7_CORE_EXTERNAL_USB_DS1821_PLUS_EXTERNAL_USB"])]


def withings(mirrors: Any) -> list[Call]:
    """The Withings public API as aiowithings' tests serve it (``tests/fixtures/``: answers of Withings' API,
    values unchanged), each at the request the client makes for it (``POST https://wbsapi.withings.net/<service>``
    with a bearer token and the form ``action=…`` beside the period asked for): the devices, the goals, the measure
    groups, the daily activities, the sleep summaries, the workouts and the notification subscriptions. Left out:
    ``measurement_list*.json`` (lists without their answer's envelope), the variants of one answer (no goals, a new
    device, sleep without data fields), the high-frequency sleep series (maps keyed by epoch seconds) and the
    answers without data (subscribe, revoke)."""
    def fixture(name: str) -> Any:
        return json.loads(_show(mirrors, AIOWITHINGS, f"tests/fixtures/{name}.json"))

    api = "https://wbsapi.withings.net"
    auth = {"request_headers": {"Authorization": "Bearer MOCK_WITHINGS_TOKEN"},
            "form": True}
    period = {"startdate": 1693000000, "enddate": 1698000000}
    days = {"startdateymd": "2023-08-01", "enddateymd": "2023-10-31"}
    calls = [("v2/user", {"action": "getdevice"}, "device"),
             ("v2/user", {"action": "getgoals"}, "goals"),
             ("measure", {"action": "getmeas", **period}, "measurement"),
             ("v2/measure", {"action": "getactivity", **days}, "activity"),
             ("v2/sleep", {"action": "getsummary", **days}, "sleep_summary"),
             ("v2/measure", {"action": "getworkouts", **days}, "workouts"),
             ("notify", {"action": "list"}, "notify_list")]
    return [("POST", f"{api}/{path}", fixture(name), form, auth) for path, form, name in calls]


def notion(mirrors: Any) -> list[Call]:
    """The API of Notion home sensors as aionotion's tests serve it (``tests/fixtures/*_response.json``, values
    unchanged; identifiers masked by the fixtures' authors), each at the request the client makes for it
    (``https://api.getnotion.com/api/…``, a bearer token): the bridges (base stations) listed and one read alone,
    the sensors listed and one read alone, the systems listed and one read alone, the sensors' listeners, the
    listener definitions, the signed-in user and the user's preferences. Left out: the sign-in and token answers,
    the failures and the surface types (an answer of a legacy address)."""
    def fixture(name: str) -> Any:
        return json.loads(_show(mirrors, AIONOTION, f"tests/fixtures/{name}_response.json"))

    api = "https://api.getnotion.com/api"
    user = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
    auth = {"request_headers": {"Authorization": "Bearer MOCK_NOTION_TOKEN"}}
    reads = [("base_stations", "bridge_all"), ("base_stations/12345", "bridge_get"), ("sensors", "sensor_all"),
             ("sensors/123456", "sensor_get"), ("systems", "system_all"), ("systems/12345", "system_get"),
             ("sensor/listeners", "sensor_listeners"), ("listener_definitions", "listener_definitions"),
             (f"users/{user}", "user_info"), (f"users/{user}/user_preferences", "user_preferences")]
    return [("GET", f"{api}/{path}", fixture(name), None, auth) for path, name in reads]


def traccar(mirrors: Any) -> list[Call]:
    """A Traccar server's REST API as pytraccar's tests serve it (``tests/responses/``: the examples of Traccar's
    API reference, values unchanged), each at the request the client makes for it (``http://<host>:8082/api/…``,
    a bearer token): the server's settings, the session's user, the devices, the geofences, the latest positions
    and the events report of a device. Left out: the reports of other kinds and the websocket messages."""
    def fixture(name: str) -> Any:
        return json.loads(_show(mirrors, PYTRACCAR, f"tests/responses/{name}.json"))

    api = "http://traccar.local:8082/api"
    auth = {"request_headers": {"Authorization": "Bearer MOCK_TRACCAR_TOKEN"}}
    reads = [("server", "server"), ("session", "session"), ("devices", "devices"), ("geofences", "geofences"),
             ("positions", "positions"),
             ("reports/events?deviceId=0&from=2019-08-24T00:00:00Z&to=2019-08-25T00:00:00Z", "reports_events")]
    return [("GET", f"{api}/{path}", fixture(name), None, auth) for path, name in reads]


SIMPLISAFE = ("bachya/simplisafe-python", "d9a974e5ba06d52787942f2fb081cc62d9392967")


def simplisafe(mirrors: Any) -> list[Call]:
    """SimpliSafe's cloud API as simplisafe-python's tests serve it (``tests/fixtures/*_response.json``: answers of
    the API, identifiers masked by the fixtures' authors, values unchanged), each at the request the client makes
    for it (``https://api.simplisafe.com/v1/…``, a bearer token): the user's subscriptions (each with its location,
    its SimpliSafe 3 system, cameras and messages), the system's sensors and settings, the events and the latest
    event. Left out: the authentication answers, the failures, the v2 system's answers (pins, settings, state), the
    answers of actions (state changes, pins, deleted messages) and the websocket messages."""
    def fixture(name: str) -> Any:
        return json.loads(_show(mirrors, SIMPLISAFE, f"tests/fixtures/{name}_response.json"))

    api = "https://api.simplisafe.com/v1"
    auth = {"request_headers": {"Authorization": "Bearer MOCK_SIMPLISAFE_TOKEN"}}
    reads = [("users/12345/subscriptions?activeOnly=true", "subscriptions"),
             ("ss3/subscriptions/12345/sensors?forceUpdate=false", "v3_sensors"),
             ("ss3/subscriptions/12345/settings/normal?forceUpdate=false", "v3_settings"),
             ("subscriptions/12345/events?numEvents=50", "events"),
             ("subscriptions/12345/events?numEvents=1", "latest_event")]
    return [("GET", f"{api}/{path}", fixture(name), None, auth) for path, name in reads]
