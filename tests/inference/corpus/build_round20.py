"""Corpus captures of the twentieth round of cases: Linode's API v4 (pages ``{data, page, pages, results}``, records
keyed by integer ids or by slugs (``g6-standard-1``, ``us-east``, ``linode/debian9``) that other records name bare,
nested settings objects, sub-collections under ``/linode/instances/{id}/…``) as linode_api4-python's test fixtures
hold it.

Also Ethereum's JSON-RPC 2.0 API (every call a ``POST`` of ``{jsonrpc, id, method, params}`` to one address, every
answer ``{jsonrpc, id, result}``, quantities as ``0x``-hex strings, records keyed by 32-byte hashes, a block's
transactions as a list of their hashes) as the execution-apis specification's conformance tests record it.

And MediaWiki's action API (one address, ``/w/api.php``, the module and its options in the query, pages under
``query.pages`` in a map keyed by their page id, each ``prop`` module adding a list to the page) as the
``wikipedia`` client's recorded answers hold it.

And the ArcGIS REST API of a map service layer (layer metadata with its ``fields``, ``returnCountOnly`` and
``returnIdsOnly`` answers, query answers ``{fields, features: [{attributes, geometry}]}`` with UPPER-case attribute
names) as pyesridump's test fixtures hold it.

And Ambient Weather's REST API (stations keyed by their MAC address, readings keyed by ``dateutc`` in epoch
milliseconds, a station's readings at ``/v1/devices/{macAddress}``) as aioambient's test fixtures hold it.

The fixtures are JSON files, Python modules whose assignments hold literal values (read with ``ast.literal_eval``,
never executed) and the execution-apis ``.io`` files (``>>`` request and ``<<`` answer lines of JSON).

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files.
"""

from __future__ import annotations

import json
from typing import Any

from tests.inference.corpus.pinned import literals, show

Call = tuple[Any, ...]  # method, URL, response body[, request body[, extra: status, headers]]

LINODE = ("linode/linode_api4-python", "fcc41e560fea615e9f2574099a275e1ef3083e0b")
EXECUTION_APIS = ("ethereum/execution-apis", "033ca6e69da000445840d2060ff47e5e56172a86")
WIKIPEDIA = ("goldsmith/Wikipedia", "1554943e8ab463cef5e93081def48fafbdef324e")
ESRIDUMP = ("openaddresses/pyesridump", "9afa0da796e1dc103d13ea41c9095b81a1a9f180")
AIOAMBIENT = ("bachya/aioambient", "423e7f6ef713098d1bc4718a0c939efd4de80e69")


def linode(mirrors: Any) -> list[Call]:
    """Linode's API v4 as linode_api4-python's tests serve it (``test/fixtures/<path with _ for />.json``: answers
    of the API, values unchanged), each at the address its file is named after (``https://api.linode.com/v4/…``,
    a bearer token): the instances, the instance types, the regions, the images, the volumes, one instance's disks
    and the domains. Left out: the single-record variants, the answers of actions, the account, profile, managed
    databases, Kubernetes, object storage, networking and monitoring answers."""
    def fixture(name: str) -> Any:
        return json.loads(show(mirrors, LINODE, f"test/fixtures/{name}.json"))

    api = "https://api.linode.com/v4"
    auth = {"request_headers": {"Authorization": "Bearer MOCK_LINODE_TOKEN"}}
    reads = [("linode/instances", "linode_instances"), ("linode/types", "linode_types"), ("regions", "regions"),
             ("images", "images"), ("volumes", "volumes"), ("linode/instances/123/disks", "linode_instances_123_disks"),
             ("domains", "domains")]
    return [("GET", f"{api}/{path}", fixture(name), None, auth) for path, name in reads]


def ethereum(mirrors: Any) -> list[Call]:
    """An Ethereum execution client's JSON-RPC API as the execution-apis conformance tests record it
    (``tests/<method>/<case>.io``: the request sent and the answer given, values unchanged), each request a
    ``POST`` to the node's one address: blocks read by number at each fork (their transactions as hashes), the
    transactions of each kind read by hash and their receipts. Left out: the error and not-found cases, blocks read
    with full transactions, the logs filters, traces, raw encodings and the other methods."""
    def recorded(path: str) -> tuple[Any, Any]:
        text = show(mirrors, EXECUTION_APIS, f"tests/{path}.io")
        sent = [json.loads(line[3:]) for line in text.splitlines() if line.startswith(">> ")]
        got = [json.loads(line[3:]) for line in text.splitlines() if line.startswith("<< ")]
        return sent[0], got[0]

    cases = [f"eth_getBlockByNumber/get-block-{fork}-fork" for fork in ("merge", "shanghai", "cancun", "prague")]
    for kind in ("legacy-tx", "access-list", "dynamic-fee", "blob-tx", "setcode-tx"):
        cases.append(f"eth_getTransactionByHash/get-{kind}")
    for kind in ("legacy-receipt", "access-list", "dynamic-fee", "blob-tx", "setcode-tx"):
        cases.append(f"eth_getTransactionReceipt/get-{kind}")
    calls: list[Call] = []
    for path in cases:
        sent, got = recorded(path)
        calls.append(("POST", "http://localhost:8545/", got, sent))
    return calls


def mediawiki(mirrors: Any) -> list[Call]:
    """Wikipedia's MediaWiki action API as the ``wikipedia`` client's tests serve it (``tests/request_mock_data.py``:
    answers of the API keyed by the options the client sends, values unchanged), each at the request the client
    makes (``https://en.wikipedia.org/w/api.php?format=json&action=query&<options>``): pages' info and page
    properties, plain-text extracts with revision ids, links, categories and coordinates. Left out: the searches
    (title stubs without page ids), the missing page and the images' file pages (keyed ``-1``, ``-2``… without a page
    id), the answer whose page holds a member named with leading spaces (``"    pagelanguage"``), the rendered
    revisions, the section list of ``action=parse`` and the external links (``{"*": url}``)."""
    from urllib.parse import urlencode

    answers = literals(show(mirrors, WIKIPEDIA, "tests/request_mock_data.py"))["mock_data"]["_wiki_request calls"]
    wanted = ("info|pageprops", "extracts|revisions", "links", "categories", "coordinates")
    calls: list[Call] = []
    for options, body in answers.items():
        params = dict(options)
        if params.get("prop") not in wanted or params.get("titles") in ("purpleberry", "butterfly"):
            continue
        query = urlencode({"format": "json", "action": "query", **params})
        calls.append(("GET", f"https://en.wikipedia.org/w/api.php?{query}", body,
                      None, {"request_headers": {"User-Agent": "wikipedia (https://github.com/goldsmith/Wikipedia/)"}}))
    return calls


def arcgis(mirrors: Any) -> list[Call]:
    """Two map service layers of ArcGIS Server's REST API as pyesridump's tests serve them (``tests/fixtures/``:
    answers of the servers, values unchanged), each at the request the dumper makes for it: the layer's metadata
    (``…/MapServer/<layer>/?f=json``), its count and object ids (``query?where=1=1&returnCountOnly=true``,
    ``returnIdsOnly=true``) and a page of features (a form ``POST`` to ``query``). Left out: the statistics
    answers and the other layers."""
    def fixture(name: str) -> Any:
        return json.loads(show(mirrors, ESRIDUMP, f"tests/fixtures/{name}.json"))

    layers = [("carson", "https://gis.carson.example/arcgis/rest/services/AddressPoints/MapServer/1"),
              ("tuolumne", "https://gis.tuolumne.example/arcgis/rest/services/Parcels/MapServer/0")]
    calls: list[Call] = []
    for name, layer in layers:
        prefix = f"us-ca-{name}/us-ca-{name}"
        calls.append(("GET", f"{layer}/?f=json", fixture(f"{prefix}-metadata")))
        calls.append(("GET", f"{layer}/query?where=1%3D1&returnCountOnly=true&f=json", fixture(f"{prefix}-count-only")))
        calls.append(("GET", f"{layer}/query?where=1%3D1&returnIdsOnly=true&f=json", fixture(f"{prefix}-ids-only")))
        form = {"where": "1=1", "outFields": "*", "returnGeometry": "true", "outSR": "4326", "f": "json"}
        calls.append(("POST", f"{layer}/query", fixture(f"{prefix}-0"), form, {"form": True}))
    return calls


def ambient(mirrors: Any) -> list[Call]:
    """Ambient Weather's REST API as aioambient's tests serve it (``tests/fixtures/``: answers of the API, values
    unchanged), each at the request the client makes for it: the account's stations
    (``https://rt.ambientweather.net/v1/devices?applicationKey=…&apiKey=…``) and one station's readings
    (``/v1/devices/{macAddress}``), and the open API's stations near a place and one station read alone
    (``https://lightning.ambientweather.net/devices…``). Left out: the websocket updates."""
    def fixture(name: str) -> Any:
        return json.loads(show(mirrors, AIOAMBIENT, f"tests/fixtures/{name}.json"))

    keys = "applicationKey=MOCK_APPLICATION_KEY&apiKey=MOCK_API_KEY"
    rest, open_api = "https://rt.ambientweather.net/v1", "https://lightning.ambientweather.net"
    return [("GET", f"{rest}/devices?{keys}", fixture("devices_response")),
            ("GET", f"{rest}/devices/84:F3:EB:21:90:C4?{keys}&limit=2", fixture("device_details_response")),
            ("GET", f"{open_api}/devices?%24publicBox%5B0%5D%5B0%5D=-96.9&%24publicBox%5B0%5D%5B1%5D=32.7"
             "&%24publicBox%5B1%5D%5B0%5D=-96.7&%24publicBox%5B1%5D%5B1%5D=32.9&%24limit=500",
             fixture("devices_by_location_open_response")),
            ("GET", f"{open_api}/devices/AA:AA:AA:AA:AA:AA", fixture("device_details_open_response"))]
