"""Rebuild the corpus captures (``<case>/traffic.har``) from their public sources.

    python -m tests.inference.corpus.build_cases [CASE ...]

Each case's SOURCE.md names the repository, commit and licence of the files used here. The
sources are read from local git snapshots of those repositories (``$CORPUS_MIRRORS``, default
``/work/.mirror/<owner>+<name>/repo``) at the commit recorded below, so a rebuild gives the same
bytes. Response bodies are the upstream files unchanged; only the request line (method and URL,
on the route the upstream API serves them at) is chosen here. Datasets without recorded
responses (SWAPI, PokeAPI) are served the way their upstream serializers render them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from tests.inference.cases._har import entry, har
from tests.inference.corpus import (
    build_more,
    build_round4,
    build_round5,
    build_round6,
    build_round7,
    build_round8,
    build_round9,
    build_round10,
    build_round11,
    build_round12,
    build_round13,
    build_round14,
    build_round15,
    build_round16,
    build_round17,
    build_round18,
    build_round19,
    build_round20,
    build_round21,
    build_round22,
    build_round23,
    build_round24,
)

HERE = Path(__file__).resolve().parent
MIRRORS = Path(os.environ.get("CORPUS_MIRRORS", "/work/.mirror"))

Call = tuple[str, str, Any]  # method, URL, response body


def source(repo: str, commit: str, path: str) -> Any:
    """A JSON file of a repository snapshot at a commit."""
    git = MIRRORS / repo.replace("/", "+") / "repo"
    text = subprocess.run(["git", "-C", str(git), "show", f"{commit}:{path}"], check=True,
                          capture_output=True, text=True).stdout
    return json.loads(text)


SHOPIFY = ("Shopify/shopify_python_api", "307fa92")
GITLAB = ("NARKOZ/gitlab", "8aef58f")
OCTOKIT = ("octokit/fixtures", "cb8bc9d")
SWAPI = ("phalt/swapi", "db826e2")
ALPHA = ("RomelTorres/alpha_vantage", "fcd80ac")
POKEAPI = ("PokeAPI/api-data", "9b35175882")
STRIPE = ("stripe/openapi", "f6c2a48f")
JSONAPI = ("json-api/json-api", "353ef57")


def shopify(name: str) -> Any:
    return source(SHOPIFY[0], SHOPIFY[1], f"test/fixtures/{name}.json")


def gitlab(name: str) -> Any:
    return source(GITLAB[0], GITLAB[1], f"spec/fixtures/{name}.json")


def shopify_wrappers() -> list[Call]:
    base = "https://shop.myshopify.com/admin/api/2024-01"
    return [
        ("GET", f"{base}/blogs.json", shopify("blogs")),
        ("GET", f"{base}/blogs/1008414260.json", shopify("blog")),
        ("GET", f"{base}/blogs/1008414260/articles.json", shopify("articles")),
        ("GET", f"{base}/blogs/1008414260/articles/6242736.json", shopify("article")),
    ]


def shopify_inventory() -> list[Call]:
    base = "https://shop.myshopify.com/admin/api/2024-01"
    return [
        ("GET", f"{base}/locations.json", shopify("locations")),
        ("GET", f"{base}/locations/487838322.json", shopify("location")),
        ("GET", f"{base}/inventory_items.json?ids=39072856,457924702,808950810", shopify("inventory_items")),
        ("GET", f"{base}/inventory_items/808950810.json", shopify("inventory_item")),
        ("GET", f"{base}/inventory_levels.json?location_ids=487838322,905684977", shopify("inventory_levels")),
        ("POST", f"{base}/inventory_levels/set.json", shopify("inventory_level")),
    ]


def gitlab_jobs() -> list[Call]:
    base = "https://gitlab.example.com/api/v4/projects/3"
    return [
        ("GET", f"{base}/jobs", gitlab("builds")),
        ("GET", f"{base}/jobs/8", gitlab("build")),
        ("POST", f"{base}/jobs/69/cancel", gitlab("build_cancel")),
        ("POST", f"{base}/jobs/69/retry", gitlab("build_retry")),
        ("POST", f"{base}/jobs/69/erase", gitlab("build_erase")),
    ]


def gitlab_issues() -> list[Call]:
    base = "https://gitlab.example.com/api/v4"
    return [
        ("GET", f"{base}/user", gitlab("user")),
        ("GET", f"{base}/users", gitlab("users")),
        ("GET", f"{base}/projects/3/issues", gitlab("project_issues")),
        ("GET", f"{base}/projects/3/issues/33", gitlab("issue")),
    ]


def octokit_scenario(name: str) -> list[Call]:
    recorded = source(OCTOKIT[0], OCTOKIT[1], f"scenarios/api.github.com/{name}/normalized-fixture.json")
    return [(r["method"].upper(), "https://api.github.com" + r["path"], r["response"])
            for r in recorded if r["status"] < 300 and r["response"] not in ("", None)]


def octokit_search() -> list[Call]:
    return octokit_scenario("search-issues")


def swapi() -> list[Call]:
    """People and planets as SWAPI's DRF views serve them: hyperlinked, paged by 10."""
    def fixture(name: str) -> list[dict[str, Any]]:
        return source(SWAPI[0], SWAPI[1], f"resources/fixtures/{name}.json")
    api = "https://swapi.dev/api"
    films, species = fixture("films"), fixture("species")
    vehicles, starships = fixture("vehicles"), fixture("starships")

    def links(rows: list[dict[str, Any]], field: str, pk: int, kind: str) -> list[str]:
        return [f"{api}/{kind}/{r['pk']}/" for r in rows if pk in r["fields"].get(field, [])]

    def person(r: dict[str, Any]) -> dict[str, Any]:
        f = r["fields"]
        return {"name": f["name"], "height": f["height"], "mass": f["mass"], "hair_color": f["hair_color"],
                "skin_color": f["skin_color"], "eye_color": f["eye_color"], "birth_year": f["birth_year"],
                "gender": f["gender"], "homeworld": f"{api}/planets/{f['homeworld']}/",
                "films": links(films, "characters", r["pk"], "films"),
                "species": links(species, "people", r["pk"], "species"),
                "vehicles": links(vehicles, "pilots", r["pk"], "vehicles"),
                "starships": links(starships, "pilots", r["pk"], "starships"),
                "created": f["created"], "edited": f["edited"], "url": f"{api}/people/{r['pk']}/"}

    people = sorted(fixture("people"), key=lambda r: r["pk"])

    def planet(r: dict[str, Any]) -> dict[str, Any]:
        f = r["fields"]
        return {**{k: f[k] for k in ("name", "rotation_period", "orbital_period", "diameter", "climate", "gravity",
                                     "terrain", "surface_water", "population")},
                "residents": [f"{api}/people/{p['pk']}/" for p in people if p["fields"]["homeworld"] == r["pk"]],
                "films": links(films, "planets", r["pk"], "films"),
                "created": f["created"], "edited": f["edited"], "url": f"{api}/planets/{r['pk']}/"}

    planets = sorted(fixture("planets"), key=lambda r: r["pk"])

    def page(kind: str, rows: list[dict[str, Any]], number: int) -> dict[str, Any]:
        last = (len(rows) + 9) // 10
        return {"count": len(rows),
                "next": f"{api}/{kind}/?page={number + 1}" if number < last else None,
                "previous": f"{api}/{kind}/?page={number - 1}" if number > 1 else None,
                "results": rows[(number - 1) * 10:number * 10]}

    rendered_people = [person(r) for r in people]
    rendered_planets = [planet(r) for r in planets]
    calls: list[Call] = [("GET", f"{api}/", {k: f"{api}/{k}/" for k in
                                             ("people", "planets", "films", "species", "vehicles", "starships")})]
    calls += [("GET", f"{api}/people/" + (f"?page={n}" if n > 1 else ""), page("people", rendered_people, n))
              for n in (1, 2)]
    calls += [("GET", f"{api}/people/{p['pk']}/", rendered_people[i]) for i, p in enumerate(people[:3])]
    calls += [("GET", f"{api}/planets/" + (f"?page={n}" if n > 1 else ""), page("planets", rendered_planets, n))
              for n in (1, 2)]
    calls += [("GET", f"{api}/planets/1/", rendered_planets[0])]
    return calls


POKEAPI_FILES = (
    "data/api/v2/berry/index.json",
    *(f"data/api/v2/berry/{i}/index.json" for i in range(1, 6)),
    "data/api/v2/berry-firmness/index.json",
    *(f"data/api/v2/berry-firmness/{i}/index.json" for i in range(1, 6)),
    "data/api/v2/berry-flavor/index.json",
    *(f"data/api/v2/berry-flavor/{i}/index.json" for i in range(1, 6)),
)


def pokeapi() -> list[Call]:
    """PokeAPI's static api-data: DRF list pages of name/url stubs and detail documents."""
    calls: list[Call] = []
    for path in POKEAPI_FILES:
        body = source(POKEAPI[0], POKEAPI[1], path)
        route = "/" + path.removeprefix("data/").removesuffix("index.json")
        calls.append(("GET", "https://pokeapi.co" + route, _absolute(body, "https://pokeapi.co")))
    return calls


def _absolute(body: Any, host: str) -> Any:
    """api-data stores links without the host; the live API serves them absolute."""
    if isinstance(body, dict):
        return {k: (host + v if k == "url" and isinstance(v, str) and v.startswith("/") else _absolute(v, host))
                for k, v in body.items()}
    if isinstance(body, list):
        return [_absolute(v, host) for v in body]
    return body


def alphavantage() -> list[Call]:
    """One query route whose responses hold maps keyed by timestamps and numbered field names."""
    def data(name: str) -> Any:
        return source(ALPHA[0], ALPHA[1], f"test_alpha_vantage/test_data/{name}")
    q = "https://www.alphavantage.co/query?function="
    return [
        ("GET", q + "TIME_SERIES_INTRADAY&symbol=MSFT&interval=1min&outputsize=compact&apikey=demo",
         data("mock_time_series")),
        ("GET", q + "DIGITAL_CURRENCY_INTRADAY&symbol=BTC&market=CNY&apikey=demo", data("mock_crypto_currencies")),
        ("GET", q + "GLOBAL_QUOTE&symbol=MSFT&apikey=demo", data("global_quote")),
        ("GET", q + "SYMBOL_SEARCH&keywords=BA&apikey=demo", data("symbol_search")),
    ]


def jsonapi_spec() -> list[Call]:
    """The specification's complete compound-document example, as ``GET /articles?include=...``."""
    git = MIRRORS / JSONAPI[0].replace("/", "+") / "repo"
    text = subprocess.run(["git", "-C", str(git), "show", f"{JSONAPI[1]}:_format/1.0/index.md"], check=True,
                          capture_output=True, text=True).stdout
    marker = "A complete example document with multiple included relationships:"
    block = text[text.index(marker):].split("```json", 1)[1].split("```", 1)[0]
    return [("GET", "http://example.com/articles?include=author,comments", json.loads(block))]


def stripe() -> list[Call]:
    """Stripe's API fixtures for products and prices, as list objects and detail routes."""
    resources = source(STRIPE[0], STRIPE[1], "openapi/fixtures3.json")["resources"]
    product, price = resources["product"], resources["price"]
    api = "https://api.stripe.com/v1"

    def listed(url: str, row: dict[str, Any]) -> dict[str, Any]:
        return {"object": "list", "data": [row], "has_more": False, "url": url}
    return [
        ("GET", f"{api}/products?limit=10", listed("/v1/products", product)),
        ("GET", f"{api}/products/{product['id']}", product),
        ("GET", f"{api}/prices?product={product['id']}", listed("/v1/prices", price)),
        ("GET", f"{api}/prices/{price['id']}", price),
    ]


def octokit_project_cards() -> list[Call]:
    return octokit_scenario("project-cards")


def octokit_labels() -> list[Call]:
    return octokit_scenario("labels")


CASES: dict[str, Callable[[], list[Any]]] = {
    "shopify-wrappers": shopify_wrappers,
    "shopify-inventory": shopify_inventory,
    "gitlab-jobs": gitlab_jobs,
    "gitlab-issues": gitlab_issues,
    "octokit-search": octokit_search,
    "swapi-drf": swapi,
    "pokeapi-stubs": pokeapi,
    "alphavantage-maps": alphavantage,
    "jsonapi-spec": jsonapi_spec,
    "stripe-fixtures": stripe,
    "octokit-project-cards": octokit_project_cards,
    "octokit-labels": octokit_labels,
    "mollie-hal": lambda: build_more.mollie(MIRRORS),
    "trippin-odata": lambda: build_more.odata_trippin(MIRRORS),
    "swapi-graphql": lambda: build_more.swapi_graphql(MIRRORS),
    "spotify-paging": lambda: build_more.spotify(MIRRORS),
    "graph-planner": lambda: build_more.graph_planner(MIRRORS),
    "jira-agile": lambda: build_round4.jira_agile(MIRRORS),
    "slack-conversations": lambda: build_round4.slack_conversations(MIRRORS),
    "notion-api": lambda: build_round4.notion(MIRRORS),
    "contentful-cdn": lambda: build_round4.contentful(MIRRORS),
    "twilio-2010": lambda: build_round5.twilio(MIRRORS),
    "trello-board": lambda: build_round5.trello(MIRRORS),
    "zendesk-groups": lambda: build_round5.zendesk(MIRRORS),
    "airtable-records": lambda: build_round5.airtable(MIRRORS),
    "mastodon-statuses": lambda: build_round6.mastodon(MIRRORS),
    "discourse-topics": lambda: build_round6.discourse(MIRRORS),
    "kubernetes-lists": lambda: build_round6.kubernetes(MIRRORS),
    "elasticsearch-docs": lambda: build_round6.elasticsearch(MIRRORS),
    "netbox-dcim": lambda: build_round7.netbox(MIRRORS),
    "youtube-data": lambda: build_round7.youtube(MIRRORS),
    "paypal-vault": lambda: build_round7.paypal(MIRRORS),
    "fhir-bundles": lambda: build_round7.fhir(MIRRORS),
    "bitbucket-cloud": lambda: build_round8.bitbucket(MIRRORS),
    "square-v2": lambda: build_round8.square(MIRRORS),
    "matrix-rooms": lambda: build_round8.matrix(MIRRORS),
    "todoist-v1": lambda: build_round8.todoist(MIRRORS),
    "salesforce-soql": lambda: build_round9.salesforce(MIRRORS),
    "box-content": lambda: build_round9.box(MIRRORS),
    "couchdb-nano": lambda: build_round9.couchdb(MIRRORS),
    "okta-users": lambda: build_round9.okta(MIRRORS),
    "intercom-lists": lambda: build_round9.intercom(MIRRORS),
    "hackernews-firebase": lambda: build_round10.hackernews(MIRRORS),
    "xero-accounting": lambda: build_round10.xero(MIRRORS),
    "freshdesk-v2": lambda: build_round10.freshdesk(MIRRORS),
    "postgrest-embedding": lambda: build_round11.postgrest(MIRRORS),
    "sentry-web-api": lambda: build_round11.sentry(MIRRORS),
    "auth0-management": lambda: build_round11.auth0(MIRRORS),
    "wordpress-rest": lambda: build_round12.wordpress(MIRRORS),
    "dynamodb-json": lambda: build_round12.dynamodb(MIRRORS),
    "hasura-graphql": lambda: build_round12.hasura(MIRRORS),
    "ghost-content": lambda: build_round12.ghost(MIRRORS),
    "woocommerce-rest": lambda: build_round13.woocommerce(MIRRORS),
    "jellyfin-items": lambda: build_round13.jellyfin(MIRRORS),
    "magento-inventory": lambda: build_round13.magento_inventory(MIRRORS),
    "sonarr-v3": lambda: build_round13.sonarr(MIRRORS),
    "overseerr-requests": lambda: build_round14.overseerr(MIRRORS),
    "mealie-recipes": lambda: build_round14.mealie(MIRRORS),
    "habitica-tasks": lambda: build_round14.habitica(MIRRORS),
    "netatmo-weather": lambda: build_round14.netatmo(MIRRORS),
    "grocy-objects": lambda: build_round15.grocy(MIRRORS),
    "hue-clip-v2": lambda: build_round15.hue(MIRRORS),
    "overkiz-setup": lambda: build_round15.overkiz(MIRRORS),
    "purpleair-columns": lambda: build_round15.purpleair(MIRRORS),
    "hubspot-legacy-crm": lambda: build_round15.hubspot(MIRRORS),
    "unifi-network": lambda: build_round16.unifi(MIRRORS),
    "immich-albums": lambda: build_round16.immich(MIRRORS),
    "rainmachine-programs": lambda: build_round16.rainmachine(MIRRORS),
    "transmission-rpc": lambda: build_round16.transmission(MIRRORS),
    "redmine-rails": lambda: build_round17.redmine(MIRRORS),
    "nextcloud-ocs": lambda: build_round17.nextcloud(MIRRORS),
    "jenkins-json": lambda: build_round17.jenkins(MIRRORS),
    "rocketchat-rest": lambda: build_round17.rocketchat(MIRRORS),
    "portainer-docker": lambda: build_round17.portainer(MIRRORS),
    "synology-dsm": lambda: build_round18.synology(MIRRORS),
    "withings-health": lambda: build_round18.withings(MIRRORS),
    "notion-sensors": lambda: build_round18.notion(MIRRORS),
    "traccar-api": lambda: build_round18.traccar(MIRRORS),
    "simplisafe-v3": lambda: build_round18.simplisafe(MIRRORS),
    "paperless-ngx": lambda: build_round19.paperless(MIRRORS),
    "hassio-supervisor": lambda: build_round19.supervisor(MIRRORS),
    "amsterdam-geojson": lambda: build_round19.amsterdam(MIRRORS),
    "tile-trackers": lambda: build_round19.tile(MIRRORS),
    "tautulli-api": lambda: build_round19.tautulli(MIRRORS),
    "linode-v4": lambda: build_round20.linode(MIRRORS),
    "ethereum-jsonrpc": lambda: build_round20.ethereum(MIRRORS),
    "mediawiki-query": lambda: build_round20.mediawiki(MIRRORS),
    "arcgis-rest": lambda: build_round20.arcgis(MIRRORS),
    "ambient-weather": lambda: build_round20.ambient(MIRRORS),
    "overpass-osm": lambda: build_round21.overpass(MIRRORS),
    "discogs-database": lambda: build_round21.discogs(MIRRORS),
    "crossref-works": lambda: build_round21.crossref(MIRRORS),
    "zotero-web-api": lambda: build_round21.zotero(MIRRORS),
    "twitter-v2": lambda: build_round22.twitter(MIRRORS),
    "smartthings-v1": lambda: build_round22.smartthings(MIRRORS),
    "gbif-registry": lambda: build_round22.gbif(MIRRORS),
    "inaturalist-taxa": lambda: build_round22.inaturalist(MIRRORS),
    "olingo-odata2": lambda: build_round23.olingo(MIRRORS),
    "strava-v3": lambda: build_round23.strava(MIRRORS),
    "bitbucket-server": lambda: build_round23.bitbucket_server(MIRRORS),
    "reddit-things": lambda: build_round23.reddit(MIRRORS),
    "jira-issues": lambda: build_round24.jira(MIRRORS),
    "jira-servicedesk": lambda: build_round24.servicedesk(MIRRORS),
    "august-locks": lambda: build_round24.august(MIRRORS),
    "harvest-v2": lambda: build_round24.harvest(MIRRORS),
    "home-assistant-rest": lambda: build_round24.home_assistant(MIRRORS),
}


def _entry(method: str, url: str, body: Any, request: Any = None, extra: Any = None) -> dict[str, Any]:
    """One HAR entry; a request body (a GraphQL query) is sent as JSON. ``extra`` may give the answer's
    ``status``, headers of the request and of the answer (``request_headers``, ``response_headers``) and the
    bodies' media type (``mime``)."""
    extra = extra or {}
    out = entry(url, body, method=method, status=extra.get("status", 200))
    mime = extra.get("mime", "application/json")
    if request is not None and extra.get("form"):
        text = urlencode(request)
        out["request"]["postData"] = {"mimeType": "application/x-www-form-urlencoded", "text": text,
                                      "params": [{"name": k, "value": str(v)} for k, v in request.items()]}
        out["request"]["bodySize"] = len(text)
    elif request is not None:
        text = json.dumps(request, separators=(",", ":"))
        out["request"]["postData"] = {"mimeType": mime, "text": text}
        out["request"]["bodySize"] = len(text)
    for side in ("request", "response"):
        for name, value in extra.get(f"{side}_headers", {}).items():
            out[side]["headers"].append({"name": name, "value": value})
    if "mime" in extra:
        out["response"]["content"]["mimeType"] = mime
        out["response"]["headers"][0]["value"] = mime
    return out


def build(name: str) -> Path:
    calls = CASES[name]()
    out = HERE / name / "traffic.har"
    out.parent.mkdir(exist_ok=True)
    doc = har([_entry(*call) for call in calls])
    out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


def main(argv: list[str]) -> int:
    for name in argv or list(CASES):
        print(f"built {build(name).relative_to(HERE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
