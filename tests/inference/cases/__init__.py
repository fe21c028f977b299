"""Synthetic but realistic capture cases, each a deterministic generator of a HAR and its truth.

    .venv/bin/python -m tests.inference.cases            # write every case into ../golden/

Each module builds the traffic of one API convention (``build_har``) and holds the ground-truth
schema written by hand after ``../shared/eval/README.md`` (``TRUTH``); nothing here is derived
from what inference answers.
"""
