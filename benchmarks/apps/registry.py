"""The capture targets by name."""

from __future__ import annotations

from types import ModuleType

from benchmarks.apps import (
    datasette_app,
    demo_app,
    doccano_app,
    fittrackee_app,
    jupyterhub_app,
    label_studio_app,
    optuna_dashboard,
    prefect_server,
)

APPS: dict[str, ModuleType] = {
    module.NAME: module for module in (demo_app, optuna_dashboard, prefect_server, datasette_app, doccano_app,
                                     jupyterhub_app, label_studio_app, fittrackee_app)
}
REAL_APPS = [name for name in APPS if name != "demo"]
