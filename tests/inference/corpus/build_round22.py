"""Corpus captures of the twenty-second round of cases: the Twitter API v2 (every answer ``{data, meta}``, ids as
strings of 64-bit numbers, the default fields only, relations between users, tweets and lists served as collections
under a record: ``/users/{id}/followers``, ``/tweets/{id}/liking_users``, ``/lists/{id}/members``) as tweepy's
recorded cassettes hold it.

Also the SmartThings API (pages ``{items, _links}``, every record keyed by a camelCase ``<kind>Id`` UUID and naming
others by theirs, a device's components each a list of capabilities ``{id, version}``, dates as ISO strings or epoch
milliseconds) as pysmartthings' test fixtures hold it.

And GBIF's registry API (singular collection names, records keyed by a UUID ``key``, references named ``<kind>Key``,
pages ``{offset, limit, endOfRecords, count, results}``, contacts, endpoints, identifiers, machine tags and comments
with their own numeric ``key`` under records of every kind) as pygbif's recorded cassettes hold it.

And iNaturalist's API v1 taxa (pages ``{total_results, page, per_page, results}``, a taxon embedding its ancestors
and children, taxa of the same tree, beside ``ancestor_ids`` and a slash-joined ``ancestry``, photos embedded as a
default photo and as ``taxon_photos``, conservation statuses and listings embedding places and users) as
pyinaturalist's test data holds it.

The fixtures are JSON files and vcrpy cassettes (YAML, their answers' bodies gzip-compressed JSON or text), read as
data (never executed). Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's
SOURCE.md names the repository, commit and licence of its files.
"""

from __future__ import annotations

import gzip
import json
from typing import Any

from tests.inference.corpus.pinned import show

Call = tuple[Any, ...]  # method, URL, response body[, request body[, extra: status, headers]]

TWEEPY = ("tweepy/tweepy", "c05ba988177219f1591b3bf03b8896b427c8b233")
SMARTTHINGS = ("andrewsayre/pysmartthings", "b6e622565c449d59216345f4bb07bef9f9a6b70d")
PYGBIF = ("gbif/pygbif", "207bd3c1593a9529fdc91675ebf76777cddf648f")
PYINAT = ("pyinat/pyinaturalist", "f87ea8dbde3de85f55c5b1d06e5d46edc85390d1")


def _cassette(mirrors: Any, source: tuple[str, str], path: str, agent: str) -> list[Call]:
    """The successful ``GET``s of a vcrpy cassette, each body decompressed and parsed, at the address recorded."""
    import yaml

    calls: list[Call] = []
    for interaction in yaml.safe_load(show(mirrors, source, path))["interactions"]:
        if interaction["request"]["method"] != "GET" or interaction["response"]["status"]["code"] != 200:
            continue
        body = interaction["response"]["body"]["string"]
        text = gzip.decompress(body).decode("utf-8") if isinstance(body, bytes) else body
        calls.append(("GET", interaction["request"]["uri"], json.loads(text), None,
                      {"request_headers": {"User-Agent": agent}}))
    return calls


TWEEPY_CASSETTES = (
    "test_client_get_me", "test_client_get_user", "test_client_get_users", "test_client_get_tweet",
    "test_client_get_tweets", "test_client_get_users_tweets", "test_client_get_liking_users",
    "test_client_get_liked_tweets", "test_client_get_users_followers", "test_client_get_users_following",
    "test_client_get_list", "test_client_get_list_members", "test_client_get_list_followers",
    "test_client_get_owned_lists", "test_client_get_followed_lists", "test_client_get_space",
    "test_client_get_spaces",
)


def twitter(mirrors: Any) -> list[Call]:
    """The Twitter API v2 as tweepy's tests recorded it (``cassettes/<test>.yaml``: vcrpy cassettes of the API's
    answers, read with ``yaml.safe_load``, each body decompressed and parsed, values unchanged), each at the address
    recorded with the client's user agent: the signed-in user, users by name and id, tweets by id, a user's tweets,
    a tweet's liking users, a user's liked tweets, followers and followings, a list, its members and followers, a
    user's owned and followed lists, spaces by id. Left out: the timelines, searches, mentions and counts (tweets
    chosen by a query), the writes (follow, like, retweet, mute, pin, bookmark), the compliance jobs and direct
    messages."""
    calls: list[Call] = []
    for name in TWEEPY_CASSETTES:
        calls += _cassette(mirrors, TWEEPY, f"cassettes/{name}.yaml", "Python/3.10.0 Requests/2.27.1 Tweepy/4.10.1")
    return calls


SMARTTHINGS_READS = (
    ("locations", "locations"),
    ("locations/397678e5-9995-4a39-9d9f-ae6ba310236b", "location"),
    ("locations/397678e5-9995-4a39-9d9f-ae6ba310236b/rooms", "rooms"),
    ("locations/397678e5-9995-4a39-9d9f-ae6ba310236b/rooms/7715151d-0314-457a-a82c-5ce48900e065", "room"),
    ("devices", "devices"),
    ("devices/743de49f-036f-4e9c-839a-2f89d57607db", "device"),
    ("scenes", "scenes"),
    ("apps", "apps"),
    ("apps/c6cde2b0-203e-44cf-a510-3b3ed4706996", "app_get"),
    ("installedapps", "installedapps_get_response"),
    ("installedapps/4514eb36-f5fd-4ab2-9520-0597acd1d212", "installedapp_get_response"),
    ("installedapps/4514eb36-f5fd-4ab2-9520-0597acd1d212/subscriptions", "subscriptions_get_response"),
)


def smartthings(mirrors: Any) -> list[Call]:
    """The SmartThings API as pysmartthings' tests serve it (``tests/json/<name>.json``: answers of the API, values
    unchanged), each at the address the client reads it from on ``https://api.smartthings.com/v1/`` (its
    ``API_*`` paths) with the ids the fixtures hold: the locations, one location, its rooms and one room, the
    devices and one device, the scenes, the apps and one app, the installed apps, one of them and its
    subscriptions. Left out: a device's status (attribute values keyed by component and capability), the
    commands, the OAuth settings, the writes and the filtered lists repeating these."""
    api = "https://api.smartthings.com/v1"
    agent = {"request_headers": {"Authorization": "Bearer <token>"}}
    return [("GET", f"{api}/{path}", json.loads(show(mirrors, SMARTTHINGS, f"tests/json/{name}.json")), None, agent)
            for path, name in SMARTTHINGS_READS]


GBIF_CASSETTES = (
    "test_nodes_limit", "test_nodes_return", "test_organizations_limit", "test_organizations_uuid",
    "test_installations_limit", "test_installations_uuid", "test_networks_limit", "test_networks_uuid",
)


def gbif(mirrors: Any) -> list[Call]:
    """GBIF's registry API as pygbif's tests recorded it (``test/vcr_cassettes/<test>.yaml``: vcrpy cassettes of the
    API's answers, read with ``yaml.safe_load``, each body parsed, values unchanged), each at the address recorded:
    pages of five nodes, organizations, installations and networks, one of each but the node read by key, and a
    node's identifiers. Left out: the datasets (pages of hundreds of records), occurrences, species, maps,
    literature and downloads (other APIs of GBIF)."""
    calls: list[Call] = []
    for name in GBIF_CASSETTES:
        calls += _cassette(mirrors, PYGBIF, f"test/vcr_cassettes/{name}.yaml", "python-requests/2.32.3,pygbif/0.6.5")
    return calls


def inaturalist(mirrors: Any) -> list[Call]:
    """iNaturalist's API v1 as pyinaturalist's tests serve it (``test/sample_data/v1/<name>.json``: answers of the
    API, values unchanged), each at the request its test mocks on ``https://api.inaturalist.org/v1``: a search of taxa
    (``q=vespi``, three ranks), one taxon read by id with its ancestors, children, photos, conservation statuses and
    listings, and a place read by id. Left out: observations, identifications, projects, users and messages (records
    of their own APIs), the autocompletes and histograms."""
    def fixture(name: str) -> Any:
        return json.loads(show(mirrors, PYINAT, f"test/sample_data/v1/{name}.json"))

    api = "https://api.inaturalist.org/v1"
    agent = {"request_headers": {"User-Agent": "python-requests/2.32.3 pyinaturalist/0.20.0"}}
    return [("GET", f"{api}/taxa?q=vespi&rank=genus%2Csubgenus%2Cspecies", fixture("get_taxa"), None, agent),
            ("GET", f"{api}/taxa/70118", fixture("get_taxa_by_id"), None, agent),
            ("GET", f"{api}/places/89191", fixture("get_places_by_id"), None, agent)]
