"""Corpus captures of the seventh round: NetBox's brief nested objects, YouTube Data API lists, PayPal's HATEOAS
resources, FHIR search Bundles.

Used by ``build_cases`` (``python -m tests.inference.corpus.build_cases CASE``). Each case's SOURCE.md names
the repository, commit and licence of its files; bodies are the upstream files unchanged (PayPal's are the response
examples of its OpenAPI documents; FHIR's Observation search is a ``searchset`` Bundle wrapping the specification's
example resources unchanged, as a FHIR server serves a search).
"""

from __future__ import annotations

import json
from typing import Any

from tests.inference.corpus.build_round4 import show_file

NETBOX = ("netbox-community/pynetbox", "fc3053006a22624761db20dbf83754aafee471ed")
YOUTUBE = ("sns-sdks/python-youtube", "1694c2c91820dde127a1876ee2f16db31c565d7c")
PAYPAL = ("paypal/paypal-rest-api-specifications", "ec4d8f36a6ab0abcc3865e1072aaddc85ea14d5c")
FHIR = ("smart-on-fhir/client-py", "c548e29ea897a1c5e55deea47e3475562fdbf389")

Call = tuple[str, str, Any]


def netbox(mirrors: Any) -> list[Call]:
    """NetBox REST answers recorded as pynetbox's test fixtures: DRF pages of sites, racks, device types and their
    manufacturers, roles, platforms, devices and tenants, and single sites and devices, at NetBox's routes."""
    def data(name: str) -> Any:
        return json.loads(show_file(mirrors, NETBOX[0], NETBOX[1], f"tests/fixtures/{name}.json"))
    api = "http://localhost:8000/api"
    return [
        ("GET", f"{api}/dcim/sites/", data("dcim/sites")),
        ("GET", f"{api}/dcim/sites/1/", data("dcim/site")),
        ("GET", f"{api}/dcim/racks/", data("dcim/racks")),
        ("GET", f"{api}/dcim/manufacturers/", data("dcim/manufacturers")),
        ("GET", f"{api}/dcim/device-types/", data("dcim/device_types")),
        ("GET", f"{api}/dcim/device-roles/", data("dcim/device_roles")),
        ("GET", f"{api}/dcim/platforms/", data("dcim/platforms")),
        ("GET", f"{api}/dcim/devices/", data("dcim/devices")),
        ("GET", f"{api}/dcim/devices/1/", data("dcim/device")),
        ("GET", f"{api}/tenancy/tenant-groups/", data("tenancy/tenant_groups")),
        ("GET", f"{api}/tenancy/tenants/", data("tenancy/tenants")),
    ]


def youtube(mirrors: Any) -> list[Call]:
    """YouTube Data API v3 list answers recorded as python-youtube's test data: a channel, two pages of its
    playlists, two pages of one playlist's items and two videos (``{kind, etag, nextPageToken, pageInfo, items}``)."""
    def data(name: str) -> Any:
        return json.loads(show_file(mirrors, YOUTUBE[0], YOUTUBE[1], f"testdata/apidata/{name}.json"))
    api = "https://www.googleapis.com/youtube/v3"
    channel, playlist = "UC_x5XG1OV2P6uZZ5FSM9Ttw", "PLOU2XLYxmsIKpaV8h0AGE05so0fAwwfTw"
    return [
        ("GET", f"{api}/channels?part=snippet&id={channel}", data("channels/info")),
        ("GET", f"{api}/playlists?part=snippet&channelId={channel}&maxResults=10",
         data("playlists/playlists_paged_1")),
        ("GET", f"{api}/playlists?part=snippet&channelId={channel}&maxResults=10&pageToken=CAoQAA",
         data("playlists/playlists_paged_2")),
        ("GET", f"{api}/playlistItems?part=snippet&playlistId={playlist}&maxResults=10",
         data("playlist_items/playlist_items_paged_1")),
        ("GET", f"{api}/playlistItems?part=snippet&playlistId={playlist}&maxResults=10"
                "&pageToken=CAoQAA", data("playlist_items/playlist_items_paged_2")),
        ("GET", f"{api}/videos?part=snippet,player&id=D-lhorsDlUQ,ovdbrdCIP7U",
         data("videos/videos_info_multi")),
    ]


def _paypal_example(mirrors: Any, spec: str, path: str, method: str, status: str, name: str) -> Any:
    doc = json.loads(show_file(mirrors, PAYPAL[0], PAYPAL[1], f"openapi/{spec}.json"))
    content = doc["paths"][path][method]["responses"][status]["content"]["application/json"]
    return content["examples"][name]["value"]


def paypal(mirrors: Any) -> list[Call]:
    """PayPal REST: a billing plan and a subscription to it created, a vault setup token and payment token created,
    and the customer's payment tokens listed; each answer is the response example of PayPal's OpenAPI document for
    that operation (``links[{href, rel, method}]`` on every resource)."""
    api = "https://api-m.paypal.com"
    return [
        ("POST", f"{api}/v1/billing/plans",
         _paypal_example(mirrors, "billing_subscriptions_v1", "/v1/billing/plans", "post", "200", "plan")),
        ("POST", f"{api}/v1/billing/subscriptions",
         _paypal_example(mirrors, "billing_subscriptions_v1", "/v1/billing/subscriptions", "post", "201",
                         "subscription")),
        ("POST", f"{api}/v3/vault/setup-tokens",
         _paypal_example(mirrors, "vault_payment_tokens_v3", "/v3/vault/setup-tokens", "post", "201",
                         "setup_token_response")),
        ("POST", f"{api}/v3/vault/payment-tokens",
         _paypal_example(mirrors, "vault_payment_tokens_v3", "/v3/vault/payment-tokens", "post", "201",
                         "payment_token_response")),
        ("GET", f"{api}/v3/vault/payment-tokens?customer_id=customer_4029352050",
         _paypal_example(mirrors, "vault_payment_tokens_v3", "/v3/vault/payment-tokens", "get", "200",
                         "customer_vault_payment_tokens_response")),
    ]


FHIR_OBSERVATIONS = ("body-height", "heart-rate", "body-temperature", "respiratory-rate")


def fhir(mirrors: Any) -> list[Call]:
    """FHIR R4: a search of a patient's vital-sign Observations, and the specification's MedicationRequest search
    example (two pages, the medication ``_include``d), each a ``searchset`` Bundle of ``entry[].resource``."""
    def example(name: str) -> Any:
        return json.loads(show_file(mirrors, FHIR[0], FHIR[1], f"tests/data/examples/{name}.json"))
    base = "https://example.com/base"
    observations = [example(f"observation-example-{name}") for name in FHIR_OBSERVATIONS]
    search = {
        "resourceType": "Bundle", "type": "searchset", "total": len(observations),
        "link": [{"relation": "self", "url": f"{base}/Observation?subject=Patient/example&category=vital-signs"}],
        "entry": [{"fullUrl": f"{base}/Observation/{o['id']}", "resource": o, "search": {"mode": "match"}}
                  for o in observations],
    }
    query = "MedicationRequest?patient=347&_include=MedicationRequest.medication&_count=2"
    return [
        ("GET", f"{base}/Observation?subject=Patient/example&category=vital-signs", search),
        ("GET", f"{base}/{query}", example("bundle-example")),
        ("GET", f"{base}/MedicationRequest?patient=347&searchId=ff15fd40-ff71-4b48-b366-09c706bed9d0&page=2",
         example("bundle-example-page2")),
    ]
