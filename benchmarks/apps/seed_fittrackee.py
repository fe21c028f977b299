"""Seed a running FitTrackee through its own sign-up, sign-in and JSON API (standard library only).

    python seed_fittrackee.py http://127.0.0.1:PORT OWNER_EMAIL OWNER_PASSWORD STATE.json

Deterministic: three athletes sign up (the owner activates their accounts through the users API), fill in
their profiles, add equipment, follow each other (follow requests accepted), upload GPX tracks (generated
here: loops with times, elevations and heart rates) and log workouts without a file, comment on and like
each other's workouts. The owner makes one athlete (``lea_rides``) an administrator; STATE.json receives that
athlete's session cookies as a Playwright storage state, for a capture that starts signed in with workouts,
equipment, followers and the administration pages to see.
"""

from __future__ import annotations

import http.cookiejar
import json
import math
import sys
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

ATHLETES = (("sam_runs", "Sam", "Okafor", "Lyon", "Trail runner, mostly the Monts d'Or."),
            ("lea_rides", "Léa", "Martin", "Grenoble", "Road cycling and the odd gravel ride."),
            ("tomas_hikes", "Tomás", "Ruiz", "Annecy", "Hiking and snowshoeing around the lake."))
CAPTURED = "lea_rides"  # the athlete whose session the capture starts with
PASSWORD = "pedal-and-run-2024"  # the seeded athletes' password: local test data only
START = datetime(2026, 9, 1, 7, 30, tzinfo=UTC)
# sport ids of FitTrackee's sports table: 1 cycling (sport), 2 cycling (transport), 3 hiking, 4 mountain biking,
# 5 running, 6 walking
GPX_RIDES = {
    "sam_runs": [(5, "Morning loop at Monts d'Or", 45.83, 4.80, 0.010, 5.2), (5, "Tempo run on the quays", 45.76, 4.83, 0.008, 4.1),
                 (6, "Evening walk", 45.77, 4.85, 0.004, 1.4)],
    "lea_rides": [(1, "Col de Porte", 45.29, 5.77, 0.030, 24.0), (1, "Vercors gravel", 45.10, 5.55, 0.025, 20.0),
                  (2, "Commute", 45.19, 5.72, 0.012, 6.5)],
    "tomas_hikes": [(3, "Semnoz ridge", 45.80, 6.10, 0.012, 4.5), (3, "Lake shore", 45.88, 6.15, 0.008, 3.6)],
}
MANUAL = {
    "sam_runs": [(5, "Track intervals", 8.0, 2700, 40.0), (5, "Recovery jog", 6.2, 2400, None)],
    "lea_rides": [(1, "Home trainer", 30.0, 3600, None), (4, "Bike park", 18.5, 5400, 650.0)],
    "tomas_hikes": [(12, "Snowshoes at Plateau des Glières", 9.0, 12600, 480.0), (6, "City walk", 4.0, 3600, None)],
}
EQUIPMENT = {
    "sam_runs": [("Trail shoes", 1, "Salomon, bought in spring", [5])],
    "lea_rides": [("Road bike", 2, "Carbon frame, 52 cm", [1]), ("Gravel bike", 2, "Steel, 40 mm tyres", [4])],
    "tomas_hikes": [("Hiking boots", 1, "Leather, resoled once", [3])],
}
COMMENTS = [("lea_rides", "sam_runs", 0, "Nice pace on the climb!"), ("tomas_hikes", "lea_rides", 0, "That col is brutal."),
            ("sam_runs", "tomas_hikes", 0, "Great views from the ridge?"), ("admin", "lea_rides", 1, "Welcome aboard.")]


class Secure(http.cookiejar.DefaultCookiePolicy):
    """The app's JWT cookies are Secure; the instance is served over plain HTTP on loopback, as browsers allow."""

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return True


class Session:
    """One signed-in person: the app's JWT access cookie and its CSRF cookie, as the app's pages use them."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar(policy=Secure())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  urllib.request.ProxyHandler({}))

    def call(self, method: str, path: str, body: Any = None, *, raw: bytes | None = None,
             content_type: str = "application/json") -> Any:
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", content_type)
        request.add_header("Accept", "application/json")
        csrf = next((c.value or "" for c in self.jar if c.name == "csrf_access_token"), "")
        if csrf:
            request.add_header("X-CSRF-TOKEN", csrf)
        try:
            with self.opener.open(request, timeout=120) as answer:
                text = answer.read().decode()
        except urllib.error.HTTPError as exc:
            raise SystemExit(f"{method} {path}: {exc.code} {exc.read().decode()[:500]}") from None
        return json.loads(text) if text else None

    def login(self, email: str, password: str) -> None:
        self.call("POST", "/api/auth/login", {"email": email, "password": password})

    def upload(self, gpx: str, data: dict[str, Any]) -> Any:
        boundary = uuid.uuid5(uuid.NAMESPACE_URL, json.dumps(data)).hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="data"\r\n\r\n{json.dumps(data)}\r\n',
                 f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="track.gpx"\r\n'
                 f'Content-Type: application/gpx+xml\r\n\r\n{gpx}\r\n', f"--{boundary}--\r\n"]
        return self.call("POST", "/api/workouts", raw="".join(parts).encode(),
                         content_type=f"multipart/form-data; boundary={boundary}")


def track(name: str, lat: float, lon: float, radius: float, start: datetime, km_per_10min: float) -> str:
    """A closed loop of 60 points a minute apart, with elevations and heart rates."""
    points = []
    for i in range(61):
        angle = 2 * math.pi * i / 60
        when = start + timedelta(seconds=int(60 * i * 10 / max(km_per_10min, 1.0)))
        points.append(
            f'<trkpt lat="{lat + radius * math.sin(angle):.6f}" lon="{lon + radius * 1.4 * math.cos(angle):.6f}">'
            f"<ele>{300 + 80 * math.sin(angle / 2):.1f}</ele><time>{when.strftime('%Y-%m-%dT%H:%M:%SZ')}</time>"
            f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{120 + i % 40}</gpxtpx:hr>"
            f"</gpxtpx:TrackPointExtension></extensions></trkpt>")
    return ('<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="seed" '
            'xmlns="http://www.topografix.com/GPX/1/1" '
            'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
            f"<trk><name>{name}</name><trkseg>{''.join(points)}</trkseg></trk></gpx>")


def main(base: str, owner_email: str, owner_password: str, state_path: str) -> None:
    owner = Session(base)
    owner.login(owner_email, owner_password)
    owner.call("POST", "/api/auth/profile/edit", {"first_name": "Ada", "last_name": "Admin", "location": "Paris",
                                                  "bio": "Runs this instance.", "birth_date": "1985-04-12"})
    people: dict[str, Session] = {"admin": owner}
    for index, (name, first, last, town, bio) in enumerate(ATHLETES):
        Session(base).call("POST", "/api/auth/register", {"username": name, "email": f"{name}@example.org",
                                                          "password": PASSWORD, "accepted_policy": True,
                                                          "language": "en", "timezone": "Europe/Paris"})
        owner.call("PATCH", f"/api/users/{name}", {"activate": True})
        person = Session(base)
        person.login(f"{name}@example.org", PASSWORD)
        person.call("POST", "/api/auth/profile/edit", {"first_name": first, "last_name": last, "location": town,
                                                       "bio": bio, "birth_date": f"199{index}-0{index + 3}-1{index}"})
        people[name] = person
    owner.call("PATCH", f"/api/users/{CAPTURED}", {"role": "admin"})
    equipment: dict[str, list[str]] = {}
    for name, items in EQUIPMENT.items():
        equipment[name] = [people[name].call("POST", "/api/equipments", {
            "label": label, "equipment_type_id": kind, "description": text, "default_for_sport_ids": sports,
            "visibility": "followers_only"})["data"]["equipments"][0]["id"] for label, kind, text, sports in items]
    for follower, followed in (("sam_runs", "lea_rides"), ("lea_rides", "sam_runs"), ("tomas_hikes", "lea_rides"),
                               ("admin", "sam_runs"), ("admin", "lea_rides"), ("admin", "tomas_hikes"),
                               ("sam_runs", "tomas_hikes")):
        people[follower].call("POST", f"/api/users/{followed}/follow")
        people[followed].call("POST", f"/api/follow-requests/{follower}/accept")
    workouts: dict[str, list[str]] = {}
    for index, (name, rides) in enumerate(GPX_RIDES.items()):
        for n, (sport, title, lat, lon, radius, speed) in enumerate(rides):
            start = START + timedelta(days=3 * n + index, hours=n)
            answer = people[name].upload(track(title, lat, lon, radius, start, speed), {
                "sport_id": sport, "title": title, "notes": f"{title}: felt good." if n % 2 == 0 else "",
                "description": "Generated track" if n == 0 else None,
                "workout_visibility": "public" if n != 2 else "followers_only",
                "map_visibility": "followers_only", "analysis_visibility": "followers_only", "equipment_ids": equipment[name][:1] if n < 2 else []})
            workouts.setdefault(name, []).append(answer["data"]["workouts"][0]["id"])
        for n, (sport, title, km, seconds, ascent) in enumerate(MANUAL[name]):
            payload: dict[str, Any] = {
                "sport_id": sport, "title": title, "distance": km, "duration": seconds,
                "workout_date": (START + timedelta(days=2 * n + 10 + index)).strftime("%Y-%m-%d %H:%M"),
                "workout_visibility": "public", "notes": "Logged by hand"}
            if ascent is not None:
                payload.update(ascent=ascent, descent=ascent)
            people[name].call("POST", "/api/workouts/no_gpx", payload)
    for author, owner_name, which, text in COMMENTS:
        people[author].call("POST", f"/api/workouts/{workouts[owner_name][which]}/comments",
                            {"text": text, "text_visibility": "public"})
    for liker, owner_name, which in (("lea_rides", "sam_runs", 0), ("tomas_hikes", "sam_runs", 0),
                                     ("sam_runs", "lea_rides", 0), ("admin", "tomas_hikes", 0)):
        people[liker].call("POST", f"/api/workouts/{workouts[owner_name][which]}/like")
    cookies = [{"name": c.name, "value": c.value or "", "domain": c.domain.lstrip("."), "path": c.path,
                "expires": -1, "httpOnly": c.name.startswith("access_token"), "secure": False, "sameSite": "Lax"}
               for c in people[CAPTURED].jar]
    with open(state_path, "w", encoding="utf-8") as handle:
        json.dump({"cookies": cookies, "origins": []}, handle, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4])
