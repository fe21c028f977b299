"""Manual capture instructions: the proxy's address and port, the CA certificate to download and
how to trust it. Only the certificate's public part is ever served, never mitmproxy's key."""

from __future__ import annotations

from pathlib import Path

from fastapi import HTTPException
from fastapi.responses import FileResponse
from nicegui import app, ui

from jobs.verbs.capture import ProxyInfo, instructions
from webui.context import AppContext

CA_FILE = "mitmproxy-ca-cert.pem"


def register_ca_route(ctx: AppContext) -> None:
    @app.get("/jobs/{job_id}/ca.pem")
    def ca_certificate(job_id: str) -> FileResponse:
        try:
            job = ctx.store.get_job(job_id)
        except Exception as exc:  # unknown job: the same answer as a missing file
            raise HTTPException(status_code=404, detail="no such job") from exc
        path = Path(job.artifacts.get("ca_cert", ""))
        if path.name != CA_FILE or not path.is_file():
            raise HTTPException(status_code=404, detail="no CA certificate for this job")
        return FileResponse(path, media_type="application/x-pem-file", filename="wiretable-ca.pem")


class ManualPanel:
    def __init__(self, job_id: str) -> None:
        self.job_id = job_id
        self.shown: str | None = None
        self.card = ui.card().classes("w-full bg-blue-50")
        self.card.visible = False

    def update(self, address: str | None, ca_cert: str | None, running: bool) -> None:
        self.card.visible = bool(address) and running
        if not address or address == self.shown:
            return
        self.shown = address
        host, _, port = address.rpartition(":")
        info = ProxyInfo(host, int(port or 0), Path(ca_cert or CA_FILE))
        self.card.clear()
        with self.card:
            ui.label("Manual capture: use the app through this proxy").classes("text-lg font-semibold")
            with ui.row().classes("items-center gap-6"):
                ui.label("Proxy address").classes("text-xs text-slate-500 uppercase")
                ui.label(host).classes("font-mono text-lg").mark("proxy_host")
                ui.label("Port").classes("text-xs text-slate-500 uppercase")
                ui.label(port).classes("font-mono text-lg").mark("proxy_port")
                ui.link("Download the CA certificate", f"/jobs/{self.job_id}/ca.pem", new_tab=True).mark(
                    "ca_download")
            with ui.column().classes("gap-1 text-sm"):
                for line in instructions(info):
                    ui.label(f"• {line}")
