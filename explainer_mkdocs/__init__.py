"""The MkDocs (and ProperDocs) adapter of the explainer package: a local plugin.

Registered as the `explainer` plugin by pyproject.toml (`pip install -e .`). It only
wires MkDocs events to functions of explainer/, which knows nothing of MkDocs.
"""
