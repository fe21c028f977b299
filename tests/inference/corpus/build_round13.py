"""Corpus captures of the thirteenth round of cases: WooCommerce's REST API (``/wp-json/wc/v3/``, bare arrays with
``X-WP-Total``/``X-WP-TotalPages`` headers, ``_links`` on every record, money as decimal strings, local and ``_gmt``
date-times side by side, addresses as nested objects, ``meta_data`` lists of ``{id, key, value}``, an order's lines
(``line_items``, ``tax_lines``, ``shipping_lines``, …) embedded with ids of their own, notes and refunds beneath their
order, ``0`` for "none", ``POST`` answering ``201``, ``DELETE ?force=true`` answering the deleted record).

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.inference.corpus.build_round4 import show_file

_HERE = Path(__file__).resolve().parent
WOO_DOCS = ("woocommerce/woocommerce-rest-api-docs", "13d61967911cb312a27be2dc57b12d5949f40016")

Call = tuple[Any, ...]  # method, URL, response body[, request body[, extra: status, headers]]

_CURL = re.compile(r"```shell\ncurl (?:-X (\w+) )?(\S+)(.*?)```", re.S)
_JSON = re.compile(r"```json\n(.*?)```", re.S)
_DATA = re.compile(r"-d '(.*?)'", re.S)


def _woo_sections(mirrors: Any, name: str) -> list[tuple[str, str, str, Any, Any]]:
    """Each ``## <operation>`` section of a reference page: its title, the curl example's method and URL and
    request body (``-d '…'``), and the JSON response example printed beside it."""
    text = show_file(mirrors, WOO_DOCS[0], WOO_DOCS[1], f"source/includes/wp-api-v3/_{name}.md")
    out = []
    for section in re.split(r"\n## ", text)[1:]:
        title = section.split("\n", 1)[0].strip(" #")
        curl, answer = _CURL.search(section), _JSON.search(section)
        if not curl or not answer:
            continue
        data = _DATA.search(curl.group(3))
        request = None
        if data:
            try:
                request = json.loads(data.group(1))
            except json.JSONDecodeError:  # the refund example's body is no JSON (a colon and a bracket missing)
                request = None
        out.append((title, curl.group(1) or "GET", curl.group(2), request, json.loads(answer.group(1))))
    return out


def woocommerce(mirrors: Any) -> list[Call]:
    """The response examples of WooCommerce's REST API reference (v3) for customers, orders, order notes, order
    refunds and coupons, each served at the request its curl example makes (method, URL, request body): creation
    answered ``201``, the rest ``200``, lists with the paging headers WooCommerce sends. Left out: the batch
    operations (one answer mixing created, updated and deleted records) and a customer's downloads (computed from
    orders and products, not read here)."""
    calls: list[Call] = []
    for page in ("customers", "orders", "order-notes", "order-refunds", "coupons"):
        for title, method, url, request, body in _woo_sections(mirrors, page):
            if url.endswith("/batch") or url.endswith("/downloads"):
                continue
            extra: dict[str, Any] = {"status": 201 if title.startswith("Create") else 200}
            if isinstance(body, list):
                extra["response_headers"] = {"X-WP-Total": str(len(body)), "X-WP-TotalPages": "1"}
            calls.append((method, url, body, request, extra))
    return calls


def jellyfin(_mirrors: Any) -> list[Call]:
    """Jellyfin answers as Home Assistant's Jellyfin tests record them (``jellyfin-items/upstream-fixtures.json``:
    ``tests/components/jellyfin/fixtures/<name>.json``, their data unchanged; the repository is over the mirror's size
    limit), each served at the request Home Assistant's media browser makes for it through
    ``jellyfin_apiclient_python``: a library's or a parent's children of one type
    (``GET /Users/{user}/Items?ParentId=…&IncludeItemTypes=…``) and a series' seasons (``GET /Shows/{id}/Seasons``)."""
    fixtures = json.loads((_HERE / "jellyfin-items" / "upstream-fixtures.json").read_text(encoding="utf-8"))
    api, user = "http://jellyfin.local:8096", "USER-UUID"
    reads = [("artists.json", f"/Users/{user}/Items?ParentId=MUSIC-COLLECTION-FOLDER-UUID&IncludeItemTypes=MusicArtist"),
             ("albums.json", f"/Users/{user}/Items?ParentId=ARTIST-UUID&IncludeItemTypes=MusicAlbum"),
             ("tracks.json", f"/Users/{user}/Items?ParentId=ALBUM-UUID&IncludeItemTypes=Audio"),
             ("playlists.json", f"/Users/{user}/Items?ParentId=PLAYLISTS-COLLECTION-FOLDER-UUID&IncludeItemTypes=Playlist"),
             ("series-list.json", f"/Users/{user}/Items?ParentId=TV-COLLECTION-FOLDER-UUID&IncludeItemTypes=Series"),
             ("user-items-series.json", f"/Users/{user}/Items?ParentId=SERIES-UUID&IncludeItemTypes=Season"),
             ("seasons.json", f"/Shows/SERIES-UUID/Seasons?userId={user}"),
             ("movies.json", f"/Users/{user}/Items?ParentId=MOVIE-COLLECTION-FOLDER-UUID&IncludeItemTypes=Movie")]
    return [("GET", api + route, fixtures[name]) for name, route in reads]


COMMERCE_DOCS = ("AdobeDocs/commerce-webapi", "e2275b5623d47d248df025a9e2a276162e551699")

_ENDPOINT = re.compile(r"`(GET|POST|PUT|DELETE) <host>/rest/<store_code>/(V1/[^`]*)`")
_BLOCK = re.compile(r"```(?:json|JSON)\n(.*?)```", re.S)
_INLINE = re.compile(r"`([^`\n]+)`")


def _json_block(text: str) -> Any:
    """A JSON code block of the docs without its ``//`` comment lines (``// None``: no body)."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("//")]
    body = "\n".join(lines).strip()
    return json.loads(body) if body else None


def _commerce_sections(mirrors: Any, page: str) -> list[tuple[str, str, Any, Any]]:
    """Each ``## <operation>`` section of an inventory REST page: its sample usage's method and route, its payload
    and its response: a JSON block, or the last code span of the response's prose (``[]``; ``4`` in "A `stock_id`,
    such as `4`")."""
    text = show_file(mirrors, COMMERCE_DOCS[0], COMMERCE_DOCS[1], f"src/pages/rest/inventory/{page}.md")
    out = []
    for section in re.split(r"\n## ", text)[1:]:
        endpoint = _ENDPOINT.search(section)
        payload_at, response_at = section.find("Payload"), section.find("Response")
        if not endpoint or response_at < 0:
            continue
        block = _BLOCK.search(section, payload_at, response_at) if payload_at >= 0 else None
        request = _json_block(block.group(1)) if block else None
        rest = section[response_at:]
        block = _BLOCK.search(rest)
        answer = _json_block(block.group(1)) if block else json.loads(_INLINE.findall(rest)[-1])
        out.append((endpoint.group(1), endpoint.group(2), request, answer))
    return out


def magento_inventory(mirrors: Any) -> list[Call]:
    """Adobe Commerce (Magento 2) Inventory Management REST calls as its REST reference pages show them (manage
    sources, manage stocks, manage source items, link stocks and sources): each operation's sample request (method,
    route under ``/rest/default/``, payload) answered with the response the page prints, in the pages' order."""
    api = "https://magento.example.com/rest/default/"
    calls: list[Call] = []
    for page in ("manage-sources", "manage-stocks", "manage-source-items", "link-stocks-sources"):
        for method, route, request, answer in _commerce_sections(mirrors, page):
            calls.append((method, api + route, answer, request, {"status": 200}))
    return calls


def sonarr(_mirrors: Any) -> list[Call]:
    """Sonarr v3 answers as Home Assistant's Sonarr tests record them (``sonarr-v3/upstream-fixtures.json``:
    ``tests/components/sonarr/fixtures/<name>.json``, their data unchanged), each served at the request Home
    Assistant's ``aiopyarr`` client makes for it, the API key in the ``X-Api-Key`` header: the series, the calendar
    and the missing episodes with their series, the download queue with its series and episodes."""
    fixtures = json.loads((_HERE / "sonarr-v3" / "upstream-fixtures.json").read_text(encoding="utf-8"))
    api = "http://sonarr.local:8989/api/v3"
    reads = [("series.json", "/series"),
             ("calendar.json", "/calendar?start=2014-01-26T00%3A00%3A00&end=2014-01-27T23%3A59%3A59&includeSeries=True"),
             ("wanted-missing.json", "/wanted/missing?page=1&pageSize=50&sortKey=airDateUtc&includeSeries=True"),
             ("queue.json", "/queue?page=1&pageSize=10&includeSeries=True&includeEpisode=True")]
    headers = {"request_headers": {"X-Api-Key": "MOCK_API_KEY"}}
    return [("GET", api + route, fixtures[name], None, headers) for name, route in reads]
