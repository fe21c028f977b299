"""Run FitTrackee on a PostgreSQL cluster of its own (run with the app's own Python).

    python fittrackee_server.py DATA_DIR PORT OWNER_NAME OWNER_EMAIL OWNER_PASSWORD

FitTrackee keeps its routes in PostGIS geometries, so it needs Debian's PostgreSQL 15 with PostGIS
(``apt-get install postgresql-15-postgis-3``; the embedded ``pgserver`` wheel has no PostGIS). This makes a fresh
cluster in DATA_DIR/pg that listens on a socket only (as the ``postgres`` user when run as root), creates the
``fittrackee`` database, applies FitTrackee's migrations (``ftcli db upgrade``, after ``CREATE EXTENSION postgis``), creates the instance's owner
(``ftcli users create --role owner``) and serves the app with its own gunicorn entry point (``fittrackee``) on
127.0.0.1:PORT (with a local tile server of plain tiles) until SIGTERM, which stops the app and then the cluster.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType

PG_BIN = Path(os.environ.get("FITTRACKEE_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _stop(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class _Tiles(BaseHTTPRequestHandler):
    """One plain map tile for every tile address: the app draws each uploaded track on tiles (a static image per
    workout, and the tiles the map pages ask for through the app), which would otherwise come from OpenStreetMap."""

    tile = b""

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.tile)))
        self.end_headers()
        self.wfile.write(self.tile)

    def log_message(self, *_args: object) -> None:
        pass


def _tile_server() -> str:
    from PIL import Image  # FitTrackee's own dependency (through staticmap)

    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (232, 230, 224)).save(buffer, "PNG")
    _Tiles.tile = buffer.getvalue()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Tiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/{{z}}/{{x}}/{{y}}.png"


def main(data: str, port: str, owner: str, email: str, password: str) -> None:
    signal.signal(signal.SIGTERM, _stop)
    folder = Path(data).resolve()
    pgdata, sockets = folder / "pg", folder / "sockets"
    shutil.rmtree(pgdata, ignore_errors=True)
    sockets.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(sockets, "postgres")
        pgdata.mkdir()
        shutil.chown(pgdata, "postgres")
    subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(pgdata), "-U", "postgres", "--auth=trust",
                                 "-E", "UTF8"]), check=True, stdout=subprocess.DEVNULL)
    subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(pgdata), "-l", str(pgdata / "server.log"),
                                 "-o", f"-c listen_addresses='' -k {sockets}", "-w", "start"]), check=True)
    try:
        subprocess.run(_as_postgres([str(PG_BIN / "createdb"), "-h", str(sockets), "-U", "postgres",
                                     "fittrackee"]), check=True)
        # FitTrackee's install guide has the administrator create the extension; its migrations do not
        subprocess.run(_as_postgres([str(PG_BIN / "psql"), "-h", str(sockets), "-U", "postgres", "-q", "-d",
                                     "fittrackee", "-c", "CREATE EXTENSION postgis;"]), check=True)
        bin_dir = Path(sys.executable).parent
        env = {**os.environ, "DATABASE_URL": f"postgresql://postgres@/fittrackee?host={sockets}",
               "APP_SETTINGS": "fittrackee.config.ProductionConfig", "APP_SECRET_KEY": os.urandom(24).hex(),
               "UI_URL": f"http://127.0.0.1:{port}", "UPLOAD_FOLDER": str(folder / "uploads"),
               "HOST": "127.0.0.1", "PORT": port, "APP_WORKERS": "2", "APP_TIMEOUT": "120",
               # no Redis here: no rate limits, no queued tasks, no e-mails
               "REDIS_URL": "redis://127.0.0.1:1", "EMAIL_URL": "", "LOG_LEVEL": "warning",
               "TILE_SERVER_URL": _tile_server(), "MAP_ATTRIBUTION": "plain tiles"}
        (folder / "uploads").mkdir(parents=True, exist_ok=True)
        subprocess.run([str(bin_dir / "ftcli"), "db", "upgrade"], env=env, check=True)
        subprocess.run([str(bin_dir / "ftcli"), "users", "create", owner, "--email", email, "--password", password,
                        "--role", "owner", "--tz", "Europe/Paris"], env=env, check=True)
        app = subprocess.Popen([str(bin_dir / "fittrackee")], env=env)
        try:
            app.wait()
        finally:
            if app.poll() is None:
                app.terminate()
                app.wait(timeout=20)
    finally:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(pgdata), "-m", "fast", "-w", "stop"]),
                       check=False)


if __name__ == "__main__":
    main(*sys.argv[1:6])
