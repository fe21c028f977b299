"""Corpus captures of the sixteenth round of cases: a UniFi Network controller behind a UniFi OS console
(``/proxy/network/api/s/{site}/…`` answering ``{"meta": {"rc": "ok"}, "data": [...]}``, the newer
``/proxy/network/v2/api/site/{site}/…`` answering bare arrays, Mongo ``_id`` keys, ``site_id`` on every row, epoch
seconds, hyphenated counters) as aiounifi's test data holds it.

Also a RainMachine sprinkler controller's local API (``/api/4/``, ``access_token`` in the query): every list
wrapped under its collection's name (``{programs: [...]}``, ``{zones: [...]}``, ``{pastValues: [...]}``), ``uid``
keys, a zone served by four addresses with different members (``waterSense`` a flag at one, an object at another),
programs listing every zone they water (``wateringTimes``: the zone's ``id`` and name with the program's settings for
it), ``HH:MM`` start times, ``YYYY-MM-DD`` dates, epoch seconds beside local date-times, mixed camelCase and
snake_case, as regenmaschine's recorded test answers hold it.

And Transmission's RPC (one address, ``POST /transmission/rpc``, the operation named in the JSON body as
``{method, arguments, tag}`` and every answer ``{arguments, result, tag}``: the session's settings with hyphenated
names, torrents with lists of files, file stats, trackers, tracker stats and peers, epoch seconds), as the
recorded request/answer sequences of transmission-rpc's early tests hold it.

And Immich's REST API (``/api/``, ``x-api-key``): UUID keys, albums embedding their owner beside ``ownerId`` and
their shared users as ``{user, role}`` pairs, people paged as ``{people, hasNextPage, total, hidden}``, assets
searched by ``POST /api/search/metadata`` answering ``{assets: {items, nextPage}}``, as aioimmich's tests hold it.

The fixtures are Python modules of plain values (dicts and lists, some built from others by name, subscript, ``**``
spread or ``json.dumps``); they are read with ``ast`` and a small evaluator of those forms only, never imported or
executed.

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files.
"""

from __future__ import annotations

import ast
import json
from typing import Any

from tests.inference.corpus.pinned import show as _show

Call = tuple[Any, ...]  # method, URL, response body[, request body[, extra: status, headers]]

AIOUNIFI = ("Kane610/aiounifi", "4ba00ff5b219b84cc21340ef5be817caf7fcc754")
AIOIMMICH = ("mib1185/aioimmich", "6452d621353ccc38b11e89b65392e5668ba9c0db")
REGENMASCHINE = ("bachya/regenmaschine", "f820967e1eafd48ae2e7158ad8bb3a3e95fead45")
TRANSMISSIONRPC = ("trim21/transmission-rpc", "9e34c2a45f3e849d8318ad02ff3185d1eeed7ecd")


def _values(text: str) -> dict[str, Any]:
    """The module-level assignments of a Python file of plain values, evaluated in order."""
    names: dict[str, Any] = {}

    def ev(node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            return names.get(node.id)  # an imported name (an exception class): not data
        if isinstance(node, ast.List):
            return [ev(n) for n in node.elts]
        if isinstance(node, ast.Tuple):
            return tuple(ev(n) for n in node.elts)
        if isinstance(node, ast.Dict):
            out: dict[Any, Any] = {}
            for key, value in zip(node.keys, node.values, strict=True):
                if key is None:
                    out.update(ev(value))
                else:
                    out[ev(key)] = ev(value)
            return out
        if isinstance(node, ast.Subscript):
            return ev(node.value)[ev(node.slice)]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return ev(node.left) + ev(node.right)
        if isinstance(node, ast.JoinedStr):
            return "".join(str(ev(v.value)) if isinstance(v, ast.FormattedValue) else ev(v) for v in node.values)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "dumps"
                and len(node.args) == 1):
            return json.dumps(ev(node.args[0]))
        raise ValueError(f"not a plain value: {ast.dump(node)[:80]}")

    for stmt in ast.parse(text).body:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
            target = stmt.targets[0] if isinstance(stmt, ast.Assign) else stmt.target
            if isinstance(target, ast.Name):
                try:
                    names[target.id] = ev(stmt.value)
                except (ValueError, KeyError):
                    continue
    return names


def unifi(mirrors: Any) -> list[Call]:
    """A UniFi Network application on a UniFi OS console, its answers from aiounifi's test data
    (``tests/fixtures.py``, values unchanged), each at the address the client reads it from on a UniFi OS console
    (``aiounifi/models/api.py``: ``/proxy/network/api/s/default/…``, ``/proxy/network/v2/api/site/default/…``),
    the v1 answers in the controller's ``{"meta": {"rc": "ok"}, "data": [...]}`` envelope as the tests' mock
    serves them, the v2 ones bare: the sites, the connected clients (one wired, one wireless), the WLANs, the DPI
    restriction apps and groups, the hotspot vouchers, the port forwards and the traffic rules; the session
    cookie and CSRF token of the console's sign-in as headers."""
    fx = _values(_show(mirrors, AIOUNIFI, "tests/fixtures.py"))
    base = "https://192.168.1.1/proxy/network"
    auth = {"request_headers": {"Cookie": "TOKEN=MOCK_UNIFI_SESSION", "X-CSRF-Token": "MOCK_CSRF_TOKEN"}}

    def v1(rows: list[dict[str, Any]]) -> dict[str, Any]:
        return {"meta": {"rc": "ok"}, "data": rows}

    site = f"{base}/api/s/default"
    return [("GET", f"{base}/api/self/sites", fx["SITE_RESPONSE"], None, auth),
            ("GET", f"{site}/stat/sta", v1([fx["WIRED_CLIENT"], fx["WIRELESS_CLIENT"]]), None, auth),
            ("GET", f"{site}/rest/wlanconf", v1(fx["WLANS"]), None, auth),
            ("GET", f"{site}/rest/dpiapp", v1(fx["DPI_APPS"]), None, auth),
            ("GET", f"{site}/rest/dpigroup", v1(fx["DPI_GROUPS"]), None, auth),
            ("GET", f"{site}/stat/voucher", v1(fx["VOUCHERS"]), None, auth),
            ("GET", f"{site}/rest/portforward", fx["PORT_FORWARDING"], None, auth),
            ("GET", f"{base}/v2/api/site/default/trafficrules", fx["TRAFFIC_RULES"], None, auth)]


def immich(mirrors: Any) -> list[Call]:
    """An Immich server's answers as aioimmich's tests serve them (``tests/const.py``: ``MOCK_DATA`` keyed by
    address, and the search answers of ``tests/conftest.py``), values unchanged, at the requests the client makes
    (``aioimmich/*/__init__.py``) with the ``x-api-key`` header: the albums (all, not shared, shared), one album,
    the signed-in user, the tags, the people paged and searched by name, and the assets of a metadata search
    (``POST /api/search/metadata`` with the client's body). Left out: the thumbnails (bytes), the server's
    about/storage/statistics/version answers, the error answers, and the album answered at a tag's id (the tests
    serve album 1 there with its assets, an address no server would answer so)."""
    fx = _values(_show(mirrors, AIOIMMICH, "tests/const.py"))
    data = fx["MOCK_DATA"]
    api = "https://immich.local:2283/api"
    auth = {"request_headers": {"x-api-key": "MOCK_IMMICH_API_KEY"}}
    reads = ["albums", "albums?shared=false", "albums?shared=true", f"albums/{fx['MOCK_DATA_ALBUM_1']['id']}",
             "users/me", "tags", "people?page=1&size=200", "search/person?name=some+person"]
    calls: list[Call] = [("GET", f"{api}/{path}", json.loads(data[path]["body"]), None, auth) for path in reads]
    search = {"assets": {"items": fx["MOCK_DATA_ALBUM_1_ASSETS"], "nextPage": None}}
    calls.append(("POST", f"{api}/search/metadata", search,
                  {"size": 100, "albumIds": [fx["MOCK_DATA_ALBUM_1"]["id"]], "page": 1}, auth))
    return calls


def rainmachine(mirrors: Any) -> list[Call]:
    """A RainMachine controller's local API as regenmaschine's tests serve it (``tests/fixtures/<name>.json``,
    recorded from controllers, unchanged), each at the request the client makes for it
    (``regenmaschine/endpoints/*.py``; ``https://<host>:8080/api/4/<endpoint>?access_token=…``): the programs and
    one program, the zones, their properties, one zone and its properties, the zones' watering state, the past
    watering values of two days and the weather parsers. Left out: empty answers (queue, hourly restrictions),
    the device's settings documents (provision, diagnostics, global restrictions), the watering log and daily
    statistics (days of programs of zones of cycles, four levels deep) and the actions' ``{statusCode, message}``."""
    def fixture(name: str) -> Any:
        return json.loads(_show(mirrors, REGENMASCHINE, f"tests/fixtures/{name}.json"))

    api = "https://192.168.1.100:8080/api/4"
    token = "access_token=MOCK_RAINMACHINE_TOKEN"
    reads = [("program", "program_response"), ("program/1", "program_id_response"), ("zone", "zone_response"),
             ("zone/properties", "zone_properties_response"), ("zone/1", "zone_id_response"),
             ("zone/1/properties", "zone_id_properties_response"), ("watering/zone", "watering_zone_response"),
             ("watering/past/2018-06-04/2", "watering_past_response"), ("parser", "parser_response")]
    return [("GET", f"{api}/{endpoint}?{token}", fixture(name)) for endpoint, name in reads]


def transmission(mirrors: Any) -> list[Call]:
    """A Transmission daemon's RPC as transmission-rpc's test sequences recorded it (``test/data/<name>.json``:
    each a list of ``{request, response}`` pairs, a client's session-get then its call; a 1.92 daemon's answers),
    requests and answers unchanged, each pair a ``POST`` of the request as JSON to the one RPC address with the
    session id header the daemon hands out: all torrents read (``info``), one read by hash
    (``get_torrent_hash``), one stopped (``stop``, its first call). Left out: the adds (their answers are
    made-up stubs whose ids collide with the recorded torrents) and the other actions."""
    def sequence(name: str) -> list[dict[str, Any]]:
        doc = json.loads(_show(mirrors, TRANSMISSIONRPC, f"test/data/{name}.json"))
        return list(doc["test sequence"])

    url = "http://192.168.1.20:9091/transmission/rpc"
    auth = {"request_headers": {"X-Transmission-Session-Id": "MOCK_TRANSMISSION_SESSION_ID"}}
    pairs = sequence("info") + sequence("get_torrent_hash") + sequence("stop")[:2]
    return [("POST", url, pair["response"], pair["request"], auth) for pair in pairs]
