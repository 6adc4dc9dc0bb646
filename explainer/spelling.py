"""British and American spellings a reader may type for the same word: one table for the site
search (explainer/search_records.py indexes both) and the glossary filter (site.js reads it
from the glossary page's markup and folds one into the other)."""

from __future__ import annotations

# (British, American) word beginnings.
SPELLINGS: tuple[tuple[str, str], ...] = (
    ("licence", "license"),
    ("quantis", "quantiz"),
    ("customis", "customiz"),
    ("optimis", "optimiz"),
    ("organis", "organiz"),
    ("recognis", "recogniz"),
    ("behaviour", "behavior"),
    ("modelling", "modeling"),
    ("catalogue", "catalog"),
)


def other_spellings(word: str) -> list[str]:
    """The word in the other spelling, when SPELLINGS knows one."""
    out = []
    for british, american in SPELLINGS:
        for a, b in ((british, american), (american, british)):
            if word.startswith(a) and not word.startswith(b):
                out.append(b + word[len(a):])
    return out


def spellings_attribute() -> str:
    """The table as the glossary filter reads it: "british american|..."."""
    return "|".join(f"{british} {american}" for british, american in SPELLINGS)
