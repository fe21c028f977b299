"""The generated REST API over a Schema's tables (``create_app``); imports only ``sql`` and ``kernel``."""
