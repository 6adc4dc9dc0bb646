"""Loading and checking YAML records: the part the glossary and the FAQ share.

Every problem is reported as a DataError that names the file and the entry,
so a maintainer can go straight to the line to fix.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import re
import reprlib
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

import yaml

from .reserved_ids import reserved_id_problem
from .safe_text import EVENT_ATTRIBUTE, line_text_problem, markdown_problems, plain_text_problem

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


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # \Z: "$" would accept a trailing newline


class DataError(ValueError):
    """A data file is malformed; the message names the file and the entry."""

    def __init__(self, path: Path | str, entry: str | None, problem: str):
        self.path = str(path)
        self.entry = entry
        self.problem = problem
        where = f"{self.path}: entry '{shorten(entry)}'" if entry else self.path
        super().__init__(f"{where}: {problem}")


# libyaml's safe loader when PyYAML was built with it (ten times faster), else pure Python.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Limits that keep a hostile file from exhausting memory or time (the site's files are far below).
MAX_FILE_BYTES = 2_000_000
# Alias references (*name) to lists or mappings in one document. Construction shares the
# object, but anything that walks the value (a check, a message) walks the expansion, which
# grows as k**L for L levels of k references: with at most 10 references, at most 32-fold.
# The site's files use none.
MAX_ALIASES = 10
MAX_DEPTH = 40             # nested lists and mappings (the site's files need 5)
MAX_SHOWN = 80             # characters of a value shown in an error message


_SHORT_REPR = reprlib.Repr()  # keyword arguments only from Python 3.12
_SHORT_REPR.maxlevel, _SHORT_REPR.maxlist, _SHORT_REPR.maxdict = 2, 4, 4
_SHORT_REPR.maxstring = _SHORT_REPR.maxother = MAX_SHOWN


def shorten(value: Any, limit: int = MAX_SHOWN) -> str:
    """A value as an error message shows it: repr-like, one line, cut short."""
    text = value if isinstance(value, str) else _SHORT_REPR.repr(value)  # never the whole expansion
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} characters)"


# The YAML 1.2 core schema: only these plain scalars are not text. No YAML 1.1 timestamps
# (`2025-02-30` is text, checked by the field's own rule), no octal `077`, no base-60
# `1:20`, no yes/no/on/off booleans and no merge key `<<`.
_CORE_RESOLVERS = (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", list("~nN") + [""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+.0123456789")),
)


def _core_int(loader: Any, node: yaml.ScalarNode) -> int:
    value = loader.construct_scalar(node)
    if value.startswith("0o"):
        return int(value[2:], 8)
    if value.startswith("0x"):
        return int(value[2:], 16)
    return int(value, 10)  # `077` is seventy-seven, as in YAML 1.2


def _refuse_tag(loader: Any, node: yaml.Node) -> Any:
    raise yaml.constructor.ConstructorError(None, None, f"the tag {node.tag} is not allowed here", node.start_mark)


class _UniqueKeyLoader(SAFE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader with the YAML 1.2 core schema, refusing a key given twice in one
    mapping (YAML would keep the last), tags beyond the core schema and alias bombs."""

    yaml_implicit_resolvers: dict = {}
    yaml_constructors = dict(SAFE_LOADER.yaml_constructors)

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.alias_uses = 0

    def construct_document(self, node):
        """Refuse a document nested deeper than MAX_DEPTH before building anything from it
        (a walk without recursion: deep nesting is what exhausts Python's stack)."""
        stack = [(node, 1)]
        deepest: dict[int, int] = {}  # node -> deepest depth walked (an alias is walked once per depth)
        while stack:
            current, depth = stack.pop()
            if deepest.get(id(current), 0) >= depth:
                continue
            deepest[id(current)] = depth
            if depth > MAX_DEPTH:
                raise yaml.constructor.ConstructorError(
                    None, None, f"lists and mappings are nested more than {MAX_DEPTH} deep", current.start_mark)
            if isinstance(current, yaml.SequenceNode):
                stack.extend((child, depth + 1) for child in current.value)
            elif isinstance(current, yaml.MappingNode):
                stack.extend((child, depth + 1) for pair in current.value for child in pair)
        return super().construct_document(node)

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects and not isinstance(node, yaml.ScalarNode):
            # The same list or mapping again: an alias. A few are fine; nested, they grow
            # exponentially (a "billion laughs"). Scalar keys are constructed twice, not counted.
            self.alias_uses += 1
            if self.alias_uses > MAX_ALIASES:
                raise yaml.constructor.ConstructorError(
                    None, None, f"more than {MAX_ALIASES} alias references (*name): write the values out",
                    node.start_mark)
        return super().construct_object(node, deep)

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge" or (
                        isinstance(key_node, yaml.ScalarNode) and key_node.value == "<<" and not key_node.style):
                    raise yaml.constructor.ConstructorError(
                        None, None, "merge keys (<<) are not allowed: write the keys out", key_node.start_mark)
                key = self.construct_object(key_node, deep=True)
                try:
                    if key in seen:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"duplicate key '{shorten(key)}' (first given at line {seen[key] + 1})",
                            key_node.start_mark)
                    seen[key] = key_node.start_mark.line
                except TypeError:
                    raise yaml.constructor.ConstructorError(
                        None, None, "a key must be text or a number", key_node.start_mark) from None
        return super().construct_mapping(node, deep)


for _tag, _pattern, _first in _CORE_RESOLVERS:
    _UniqueKeyLoader.add_implicit_resolver(_tag, re.compile(_pattern), _first)
_UniqueKeyLoader.add_constructor("tag:yaml.org,2002:int", _core_int)
for _tag in ("timestamp", "binary", "omap", "pairs", "set", "merge", "value"):
    _UniqueKeyLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)
_UniqueKeyLoader.add_constructor(None, _refuse_tag)  # any other tag (!foo, !!python/...)


# A run of flow openers past the depth limit: refused before libyaml parses it (deep flow
# nesting takes libyaml seconds to parse).
_DEEP_FLOW = re.compile(r"(?:[\[{][ \t\r\n]*){%d}" % (MAX_DEPTH + 1))


def parse_yaml(text: str) -> Any:
    """Strict YAML parsing: the 1.2 core schema, no arbitrary objects, no duplicate keys,
    no alias bombs, no nesting past MAX_DEPTH, as fast as the installation allows."""
    if found := _DEEP_FLOW.search(text):
        line = text.count("\n", 0, found.start())
        raise yaml.constructor.ConstructorError(
            None, None, f"lists and mappings are nested more than {MAX_DEPTH} deep",
            yaml.Mark("", found.start(), line, found.start() - (text.rfind("\n", 0, found.start()) + 1), None, None))
    return yaml.load(text, Loader=_UniqueKeyLoader)


def decode(path: Path | str, data: bytes) -> str:
    """Bytes as strict UTF-8 text, or a DataError naming the file and the byte offset."""
    if len(data) > MAX_FILE_BYTES:
        raise DataError(path, None, f"is {len(data)} bytes; the limit is {MAX_FILE_BYTES}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(path, None, f"is not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} "
                                    f"(line {line}) ({exc.reason})") from None
    return text.removeprefix("\ufeff")


def read_text(path: Path | str, label: Path | str | None = None) -> str:
    """A file's text, read as strict UTF-8, or a DataError naming the file (as `label`, when given)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DataError(label or path, None, f"cannot be read ({exc.strerror})") from exc
    return decode(label or path, data)


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
        raise DataError(path, None, f"is not valid YAML{at}: {shorten(reason, 200)}") from None
    except (RecursionError, MemoryError, ValueError, OverflowError) as exc:
        raise DataError(path, None, f"is not valid YAML: {type(exc).__name__}: {shorten(str(exc))}") from None


# Front matter as MkDocs reads it: '---' on the first line, then YAML up to a '---' or '...'
# line. The one pattern every reader of pages uses (explainer/front_matter.py, site.py, postbuild.py).
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\r?\n(.*?\r?\n)?(?:-{3}|\.{3})[ \t]*(?:\r?\n|\Z)", re.S)


def split_front_matter(path: Path | str, text: str) -> tuple[dict, str]:
    """A Markdown page's YAML front matter (a mapping, maybe empty) and its body."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta = load_yaml(path, match.group(1) or "")
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
            raise self.fail(f"field '{key}' must be text, got {type(value).__name__}: {shorten(value)}")
        value = value.strip()
        if max_len is not None and len(value) > max_len:
            raise self.fail(f"field '{key}' is {len(value)} characters; the limit is {max_len}")
        return value

    def plain(self, key: str, *, max_len: int | None = None) -> str:
        """A plain-text field: one line, no markup (see explainer/safe_text.py)."""
        value = self.text(key, max_len=max_len)
        if problem := plain_text_problem(value):
            raise self.fail(f"field '{key}' {problem}: '{shorten(value)}'")
        return value

    def line(self, key: str, *, required: bool = True) -> str:
        """One line of visible text that may hold markup characters (a document's own title
        may have `_`): no control, format or separator character; escaped where written."""
        value = self.text(key, required=required)
        if problem := line_text_problem(value):
            raise self.fail(f"field '{key}' {problem}: '{shorten(value)}'")
        # Text that reads as an attribute list with an event attribute (`{: onclick=...}`)
        # stays inert where it is written, but the check every page's Markdown gets at build
        # time refuses it: refused here, while loading, before anything is written.
        if EVENT_ATTRIBUTE.search(value):
            raise self.fail(f"field '{key}' has an on* event attribute in an attribute list "
                            f"(pages carry no script): '{shorten(value)}'")
        return value

    def plain_list(self, key: str) -> list[str]:
        values = self.text_list(key)
        for v in values:
            if problem := plain_text_problem(v):
                raise self.fail(f"'{shorten(v)}' in field '{key}' {problem}")
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
            raise self.fail(f"field '{key}' = '{shorten(value)}' is not a lower-case slug (a-z, 0-9, single hyphens)")
        return value

    def anchor(self, key: str) -> str:
        """A slug that becomes an element id: outside the site's reserved ids (reserved_ids.py)."""
        value = self.slug(key)
        if problem := reserved_id_problem(value):
            raise self.fail(f"field '{key}' = {problem}")
        return value

    def anchor_list(self, key: str) -> list[str]:
        values = self.slug_list(key)
        for v in values:
            if problem := reserved_id_problem(v):
                raise self.fail(f"field '{key}' has {problem}")
        return values

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
                raise self.fail(f"'{shorten(v)}' in field '{key}' is not a lower-case slug")
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
            raise DataError(self.path, owner, f"{self.kind} '{shorten(name)}' is already used by {clash}")
        self.seen[key] = owner


def entries(path: Path | str, data: Any, what: str) -> list[Any]:
    """The top-level list of a data file, or a DataError saying what was expected."""
    if not isinstance(data, list) or not data:
        raise DataError(path, None, f"must be a non-empty YAML list of {what}")
    return data
