"""The schema editor: view state, pure edits and one module per panel."""
