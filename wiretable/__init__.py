"""wiretable: capture a web app's API traffic, infer its schema, edit it, push it."""

__version__ = "0.1.0"
