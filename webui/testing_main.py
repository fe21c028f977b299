"""Entry point for NiceGUI's `user` test fixture: the real app, configured from the environment."""

from nicegui import ui

from webui.app import build
from wiretable.settings import Settings

build(Settings())
ui.run(reload=False, show=False)
