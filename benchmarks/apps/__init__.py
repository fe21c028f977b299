"""Real open-source web apps installed from the registries, run on 127.0.0.1 as capture targets.

Each app module offers ``install()``, ``start(port)`` (seeded through the app's own API or
library) and ``walk(page, url)``, the guided walk through every page a user would visit.
"""
