"""Exports: files generated from a Schema document, each a pure function of it.

Every format renders to ``{relative path: text}``; writing them is the caller's business.
"""
