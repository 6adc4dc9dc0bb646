"""Loading and checking YAML records: the part the glossary and the FAQ share.

Every problem is reported as a DataError that names the file and the entry,
so a maintainer can go straight to the line to fix.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import re
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

import yaml

from .safe_text import markdown_problems, plain_text_problem

T = TypeVar("T")


def by_content(loader: Callable[[Path], T]) -> Callable[[Path | str], T]:
    """A data-file loader that parses and checks each version of a file once per process.

    The page build, the Markdown extensions (made afresh for every page by some engines)
    and the generator all load the same files; keyed on the file's bytes, not its
    modification time, so an edit is always seen, however quickly it follows the last
    one. Callers get a shallow copy; the records inside are frozen dataclasses."""
    cache: dict[tuple[str, bytes], T] = {}

    @functools.wraps(loader)
    def load(path: Path | str) -> T:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError:
            return loader(path)  # the loader reports the missing file by name
        key = (str(path.resolve()), hashlib.sha256(data).digest())
        if key not in cache:
            if len(cache) >= 8:
                cache.clear()
            cache[key] = loader(path)
        return copy.copy(cache[key])

    return load


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class DataError(ValueError):
    """A data file is malformed; the message names the file and the entry."""

    def __init__(self, path: Path | str, entry: str | None, problem: str):
        self.path = str(path)
        self.entry = entry
        self.problem = problem
        where = f"{self.path}: entry '{entry}'" if entry else self.path
        super().__init__(f"{where}: {problem}")


# libyaml's safe loader when PyYAML was built with it (ten times faster), else pure Python.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SAFE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader, refusing a key given twice in one mapping (YAML would keep the last)."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    if key in seen:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"duplicate key '{key}' (first given at line {seen[key] + 1})",
                            key_node.start_mark)
                    seen[key] = key_node.start_mark.line
                except TypeError:
                    continue  # an unhashable key: the base class reports it
        return super().construct_mapping(node, deep)


def parse_yaml(text: str) -> Any:
    """Safe YAML parsing (no arbitrary objects, no duplicate keys), as fast as the installation allows."""
    return yaml.load(text, Loader=_UniqueKeyLoader)


def read_text(path: Path | str) -> str:
    """A UTF-8 file's text, or a DataError naming the file."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(path, None, f"cannot be read ({exc.strerror})") from exc


def load_yaml(path: Path | str, text: str | None = None) -> Any:
    """Parse a YAML file (or `text` read from it), turning parser errors into a DataError with the position."""
    path = Path(path)
    text = read_text(path) if text is None else text
    try:
        return parse_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        raise DataError(path, None, f"is not valid YAML{at}: {reason}") from exc


# Front matter as MkDocs reads it: '---' on the first line, then YAML up to a '---' or '...'
# line. The one pattern every reader of pages uses (explainer/front_matter.py, site.py, postbuild.py).
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\r?\n(.*?\r?\n)?(?:-{3}|\.{3})[ \t]*(?:\r?\n|\Z)", re.S)


def split_front_matter(path: Path | str, text: str) -> tuple[dict, str]:
    """A Markdown page's YAML front matter (a mapping, maybe empty) and its body."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = parse_yaml(match.group(1) or "")
    except yaml.YAMLError as exc:
        raise DataError(path, None, f"front matter is not valid YAML: {exc}") from exc
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise DataError(path, None, "front matter must be a YAML mapping")
    return meta, text[match.end():]


class Entry:
    """Typed access to one mapping of a data file, with errors that name it."""

    def __init__(self, path: Path | str, data: Any, label: str):
        self.path = path
        self.label = label
        if not isinstance(data, dict):
            raise DataError(path, label, f"must be a mapping, got {type(data).__name__}")
        self.data = data

    @classmethod
    def of(cls, path: Path | str, data: Any, fallback_label: str, fields: Iterable[str]) -> "Entry":
        """An entry named by its id (or by its position when the id is missing), with only known fields."""
        label = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else fallback_label
        entry = cls(path, data, label)
        entry.reject_unknown(fields)
        return entry

    def fail(self, problem: str) -> DataError:
        return DataError(self.path, self.label, problem)

    def text(self, key: str, *, max_len: int | None = None, required: bool = True) -> str:
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.fail(f"missing required field '{key}'")
            return ""
        if not isinstance(value, str):
            raise self.fail(f"field '{key}' must be text, got {type(value).__name__}")
        value = value.strip()
        if max_len is not None and len(value) > max_len:
            raise self.fail(f"field '{key}' is {len(value)} characters; the limit is {max_len}")
        return value

    def plain(self, key: str, *, max_len: int | None = None) -> str:
        """A plain-text field: one line, no markup (see explainer/safe_text.py)."""
        value = self.text(key, max_len=max_len)
        if problem := plain_text_problem(value):
            raise self.fail(f"field '{key}' {problem}: '{value}'")
        return value

    def plain_list(self, key: str) -> list[str]:
        values = self.text_list(key)
        for v in values:
            if problem := plain_text_problem(v):
                raise self.fail(f"'{v}' in field '{key}' {problem}")
        return values

    def markdown(self, key: str) -> str:
        """A restricted-Markdown field: no raw HTML, attribute lists or foreign links."""
        value = self.text(key)
        problems = markdown_problems(value)
        if problems:
            raise self.fail(f"field '{key}': " + "; ".join(problems))
        return value

    def slug(self, key: str) -> str:
        value = self.text(key)
        if not SLUG.match(value):
            raise self.fail(f"field '{key}' = '{value}' is not a lower-case slug (a-z, 0-9, single hyphens)")
        return value

    def text_list(self, key: str) -> list[str]:
        value = self.data.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(f"field '{key}' must be a list of non-empty texts")
        return [v.strip() for v in value]

    def slug_list(self, key: str) -> list[str]:
        values = self.text_list(key)
        for v in values:
            if not SLUG.match(v):
                raise self.fail(f"'{v}' in field '{key}' is not a lower-case slug")
        return values

    def reject_unknown(self, allowed: Iterable[str]) -> None:
        unknown = sorted(set(self.data) - set(allowed))
        if unknown:
            raise self.fail(f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")


class UniqueNames:
    """Detects a name used twice in a file (ids, terms, aliases), case-insensitively."""

    def __init__(self, path: Path | str, kind: str):
        self.path = path
        self.kind = kind
        self.seen: dict[str, str] = {}

    def add(self, name: str, owner: str) -> None:
        key = name.casefold()
        if key in self.seen:
            other = self.seen[key]
            clash = "itself" if other == owner else f"entry '{other}'"
            raise DataError(self.path, owner, f"{self.kind} '{name}' is already used by {clash}")
        self.seen[key] = owner


def entries(path: Path | str, data: Any, what: str) -> list[Any]:
    """The top-level list of a data file, or a DataError saying what was expected."""
    if not isinstance(data, list) or not data:
        raise DataError(path, None, f"must be a non-empty YAML list of {what}")
    return data
