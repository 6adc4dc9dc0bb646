"""Build-time logic of the explainer site: data files in, Markdown and JSON-LD out.

Plain Python with no knowledge of MkDocs: the MkDocs hooks in overrides/hooks/
are thin adapters around it, so a move to another static site generator only
needs new adapters.
"""

from .records import DataError

__all__ = ["DataError"]
