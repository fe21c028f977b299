"""Entry point for NiceGUI's `user` test fixture: the real app, configured from the environment."""

from nicegui import ui

from kernel.settings import Settings
from webui.app import RUN_OPTIONS, build

build(Settings())
ui.run(reload=False, show=False, **RUN_OPTIONS)  # type: ignore[arg-type]
