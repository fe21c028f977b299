"""Corpus captures of the third round: HAL, OData v4, GraphQL connections and Spotify's nested paging.

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files; bodies are the upstream files unchanged unless the docstring
says how they are rendered.
"""

from __future__ import annotations

import base64
import html
import json
import re
import subprocess
from typing import Any

MOLLIE = ("mollie/mollie-api-python", "32f57a18ac1b")
ODATA = ("OData/odataorg.github.io", "449fc7d83598")
SWAPI = ("phalt/swapi", "db826e2")
SPOTIFY = ("zmb3/spotify", "46fd70454030")
GRAPH_MOCKS = ("waldekmastykarz/graph-mocks", "a54b378")

Call = tuple[str, str, Any] | tuple[str, str, Any, Any]  # method, URL, response body[, request body]


def _show(mirrors: Any, repo: str, commit: str, path: str) -> str:
    git = mirrors / repo.replace("/", "+") / "repo"
    return subprocess.run(["git", "-C", str(git), "show", f"{commit}:{path}"], check=True,
                          capture_output=True, text=True).stdout


def mollie(mirrors: Any) -> list[Call]:
    """Mollie's v2 API (HAL: ``_embedded`` lists with ``count``, ``_links`` on every resource)."""
    def data(name: str) -> Any:
        return json.loads(_show(mirrors, MOLLIE[0], MOLLIE[1], f"tests/responses/{name}.json"))
    api = "https://api.mollie.com/v2"
    return [
        ("GET", f"{api}/customers", data("customers_list")),
        ("GET", f"{api}/customers/cst_8wmqcHMN4U", data("customer_single")),
        ("GET", f"{api}/customers/cst_8wmqcHMN4U/payments?limit=5", data("customer_payments_multiple")),
        ("GET", f"{api}/customers/cst_8wmqcHMN4U/mandates", data("customer_mandates_list")),
        ("GET", f"{api}/payments", data("payments_list")),
        ("GET", f"{api}/payments/tr_7UhSN1zuXS", data("payment_single")),
        ("GET", f"{api}/payments/tr_7UhSN1zuXS/refunds?limit=5", data("refunds_list")),
    ]


def odata_trippin(mirrors: Any) -> list[Call]:
    """The GET requests and JSON responses of odata.org's basic tutorial over the TripPin service.

    The tutorial page prints each response with two slips of typesetting that are undone here: the quotes
    inside ``@odata.etag`` values are not escaped, and long lists are shortened with a ``......`` line.
    """
    text = _show(mirrors, ODATA[0], ODATA[1], "pages/getting-started/basic-tutorial.html")
    root = "https://services.odata.org/V4/TripPinServiceRW"
    pattern = re.compile(r"<code>GET serviceRoot([^<]*)</code>.*?\{% highlight javascript ?%\}(.*?)"
                         r"\{% endhighlight %\}", re.S)
    calls: list[Call] = []
    for match in pattern.finditer(text):
        path, body = html.unescape(match.group(1)).strip(), match.group(2)
        body = re.sub(r'"W/"([0-9A-F]+)""', r'"W/\\"\1\\""', body)
        body = re.sub(r"^\s*\.{3,}\s*\n\s*,\s*$", "", body, flags=re.M)
        body = re.sub(r"^\s*Response 200 OK\s*$", "", body, flags=re.M).strip()
        try:
            doc = json.loads(body.replace("serviceRoot", root))
        except ValueError:  # a raw `$value` answer, not JSON
            continue
        calls.append(("GET", root + path.replace(" ", "%20"), doc))
    return calls


def _gid(kind: str, pk: int) -> str:
    return base64.b64encode(f"{kind}:{pk}".encode()).decode()


def _cursor(offset: int) -> str:
    return base64.b64encode(f"arrayconnection:{offset}".encode()).decode()


def _number(value: str | None) -> float | int | None:
    """swapi-graphql's ``convertToNumber``: ``unknown``/``n/a`` are null, the first digit group comma goes."""
    if value is None or value in ("unknown", "n/a"):
        return None
    number = float(value.replace(",", "", 1))
    return int(number) if number.is_integer() else number


def swapi_graphql(mirrors: Any) -> list[Call]:
    """SWAPI's records as graphql/swapi-graphql's schema resolves them, queried over ``POST /graphql``.

    Relay connections (``edges``/``node``/``cursor``, ``pageInfo``, ``totalCount``) and global ids
    (base64 of ``people:1``), as graphql-relay builds them; numbers through ``convertToNumber``.
    """
    def fixture(name: str) -> list[dict[str, Any]]:
        rows = json.loads(_show(mirrors, SWAPI[0], SWAPI[1], f"resources/fixtures/{name}.json"))
        return sorted(rows, key=lambda r: r["pk"])
    people, planets, films = fixture("people"), fixture("planets"), fixture("films")
    planet_by_pk = {p["pk"]: p for p in planets}

    def planet(p: dict[str, Any], residents: bool = False) -> dict[str, Any]:
        f = p["fields"]
        out: dict[str, Any] = {
            "id": _gid("planets", p["pk"]), "name": f["name"], "diameter": _number(f["diameter"]),
            "rotationPeriod": _number(f["rotation_period"]), "orbitalPeriod": _number(f["orbital_period"]),
            "gravity": f["gravity"], "population": _number(f["population"]),
            "climates": [s.strip() for s in f["climate"].split(",")] if f["climate"] else None,
            "terrains": [s.strip() for s in f["terrain"].split(",")] if f["terrain"] else None,
            "surfaceWater": _number(f["surface_water"]), "created": f["created"], "edited": f["edited"]}
        if residents:
            rows = [r for r in people if r["fields"]["homeworld"] == p["pk"]]
            out["residentConnection"] = {"totalCount": len(rows), "edges": [
                {"node": {"id": _gid("people", r["pk"]), "name": r["fields"]["name"]}} for r in rows]}
        return out

    def person(r: dict[str, Any], with_films: bool = False) -> dict[str, Any]:
        f = r["fields"]
        home = planet_by_pk[f["homeworld"]]
        out: dict[str, Any] = {
            "id": _gid("people", r["pk"]), "name": f["name"], "birthYear": f["birth_year"],
            "eyeColor": f["eye_color"], "gender": f["gender"], "hairColor": f["hair_color"],
            "height": _number(f["height"]), "mass": _number(f["mass"]), "skinColor": f["skin_color"],
            "homeworld": {"id": _gid("planets", home["pk"]), "name": home["fields"]["name"]},
            "created": f["created"], "edited": f["edited"]}
        if with_films:
            rows = [m for m in films if r["pk"] in m["fields"]["characters"]]
            out["filmConnection"] = {"totalCount": len(rows), "edges": [
                {"node": {"id": _gid("films", m["pk"]), "title": m["fields"]["title"]}} for m in rows]}
        return out

    def connection(rows: list[dict[str, Any]], start: int, size: int) -> dict[str, Any]:
        page = rows[start:start + size]
        return {"totalCount": len(rows),
                "pageInfo": {"hasNextPage": start + size < len(rows), "endCursor": _cursor(start + len(page) - 1)},
                "edges": [{"cursor": _cursor(start + i), "node": node} for i, node in enumerate(page)]}

    person_fields = ("id name birthYear eyeColor gender hairColor height mass skinColor "
                     "homeworld { id name } created edited")
    planet_fields = ("id name diameter rotationPeriod orbitalPeriod gravity population climates terrains "
                     "surfaceWater created edited")
    url = "https://swapi-graphql.netlify.app/graphql"
    all_people = [person(r) for r in people]
    all_planets = [planet(p) for p in planets]
    calls: list[Call] = []
    for start, after in ((0, None), (10, _cursor(9))):
        args = "first: 10" + (f', after: "{after}"' if after else "")
        query = (f"query AllPeople {{ allPeople({args}) {{ totalCount pageInfo {{ hasNextPage endCursor }} "
                 f"edges {{ cursor node {{ {person_fields} }} }} }} }}")
        calls.append(("POST", url, {"data": {"allPeople": connection(all_people, start, 10)}},
                      {"query": query, "operationName": "AllPeople"}))
    for r in people[:3]:
        query = (f"query Person($id: ID) {{ person(id: $id) {{ {person_fields} "
                 f"filmConnection {{ totalCount edges {{ node {{ id title }} }} }} }} }}")
        calls.append(("POST", url, {"data": {"person": person(r, with_films=True)}},
                      {"query": query, "operationName": "Person", "variables": {"id": _gid("people", r["pk"])}}))
    query = (f"query AllPlanets {{ allPlanets(first: 10) {{ totalCount pageInfo {{ hasNextPage endCursor }} "
             f"edges {{ cursor node {{ {planet_fields} }} }} }} }}")
    calls.append(("POST", url, {"data": {"allPlanets": connection(all_planets, 0, 10)}},
                  {"query": query, "operationName": "AllPlanets"}))
    query = (f"query Planet($id: ID) {{ planet(id: $id) {{ {planet_fields} "
             f"residentConnection {{ totalCount edges {{ node {{ id name }} }} }} }} }}")
    calls.append(("POST", url, {"data": {"planet": planet(planets[0], residents=True)}},
                  {"query": query, "operationName": "Planet", "variables": {"id": _gid("planets", planets[0]["pk"])}}))
    film_rows = [{"id": _gid("films", m["pk"]), "title": m["fields"]["title"],
                  "episodeID": m["fields"]["episode_id"], "director": m["fields"]["director"],
                  "producers": [s.strip() for s in m["fields"]["producer"].split(",")],
                  "releaseDate": m["fields"]["release_date"]} for m in films]
    query = "query AllFilms { allFilms { totalCount films { id title episodeID director producers releaseDate } } }"
    calls.append(("POST", url, {"data": {"allFilms": {"totalCount": len(film_rows), "films": film_rows}}},
                  {"query": query, "operationName": "AllFilms"}))
    return calls


def spotify(mirrors: Any) -> list[Call]:
    """Spotify Web API responses recorded in zmb3/spotify's test data (full and simplified objects, paging
    objects nested in an album, lists wrapped by their type)."""
    def data(name: str) -> Any:
        text = _show(mirrors, SPOTIFY[0], SPOTIFY[1], f"test_data/{name}.txt")
        return json.JSONDecoder().raw_decode(text.strip())[0]
    api = "https://api.spotify.com/v1"
    return [
        ("GET", f"{api}/artists/0TnOYISbd1XYRBk9myaseg", data("find_artist")),
        ("GET", f"{api}/artists/43ZHCT0cAZBISjO8DG9PnE/top-tracks?country=US", data("artist_top_tracks")),
        ("GET", f"{api}/albums/0sNOF9WDwhWunNAHPD3Baj", data("find_album")),
        ("GET", f"{api}/albums/0sNOF9WDwhWunNAHPD3Baj/tracks?offset=0&limit=1", data("find_album_tracks")),
    ]


def graph_planner(mirrors: Any) -> list[Call]:
    """Microsoft Graph v1.0 Planner answers (OData v4 as Graph serves it: ``value`` lists, ``@odata.etag``
    and ``@odata.type`` annotations, identity sets, maps keyed by user ids), from the mocks built out of the
    Graph API reference's examples; each ``*`` of a mocked address gets the id its answer implies."""
    mocks = json.loads(_show(mirrors, GRAPH_MOCKS[0], GRAPH_MOCKS[1], "graph-v1_0-proxy-mocks.json"))["mocks"]
    api = "https://graph.microsoft.com/v1.0"
    plan, group = "xqQg5FS2LkCp935s-FIFm2QAFkHM", "ebf3b108-5234-4e22-b93d-656d7dae5874"
    routes = {  # mocked address -> the address with ids, in a session's order
        "/groups/*/planner/plans": f"/groups/{group}/planner/plans",
        "/planner/plans": "/planner/plans",
        "/planner/plans/*": f"/planner/plans/{plan}",
        "/planner/plans/*/buckets": f"/planner/plans/{plan}/buckets",
        "/planner/buckets/*": "/planner/buckets/hsOf2dhOJkqyYYZEtdzDe2QAIUCR",
        "/planner/plans/*/tasks": f"/planner/plans/{plan}/tasks",
        "/planner/tasks/*": "/planner/tasks/01gzSlKkIUSUl6DF_EilrmQAKDhh",
        "/me/planner/tasks": "/me/planner/tasks",
    }
    answers = {m["request"]["url"].removeprefix(api): m["response"]["body"] for m in mocks
               if m["request"].get("method", "GET") == "GET" and m["request"]["url"].removeprefix(api) in routes}
    return [("GET", api + real, answers[mocked]) for mocked, real in routes.items()]
