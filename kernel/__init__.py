"""The kernel: what every part of wiretable shares, importing nothing else of the project.

- ``kernel.errors``: the error tree (``WiretableError`` and one subclass per package).
- ``kernel.settings``: the one typed settings object.
- ``kernel.exchange``: the ``Exchange`` model, the boundary between capture and inference.
- ``kernel.schema``: the ``Schema`` document, the boundary between inference, sql, jobs and the UI.
"""
