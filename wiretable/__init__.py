"""wiretable: capture a web app's API traffic, infer its schema, edit it, push it."""

from wiretable.compiled import use_compiled

__version__ = "0.1.0"

use_compiled()  # inference compiled to C when a matching build exists (see wiretable.compiled)
