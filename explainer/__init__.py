"""Build-time logic of the explainer site: data files in, Markdown, head tags and files out.

Plain Python with no knowledge of MkDocs: the MkDocs plugin in explainer_mkdocs/ is
a thin adapter around it, and `python -m explainer generate|postbuild` do the same
work for any other engine.
"""

from .records import DataError

__all__ = ["DataError"]
