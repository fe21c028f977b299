"""The schema editor: view state, pure edits and one module per panel.

Elements a real browser needs to find also carry a ``data-mark`` attribute equal to their marker.
"""
