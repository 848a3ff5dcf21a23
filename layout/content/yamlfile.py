"""Read a YAML file into plain data, remembering where every value stands; write content back.

PyYAML's composer keeps line and column on each node; we keep them too, keyed by the value's
path (``("panels", "inside-3", 2, "bullets", 1)``), so that any later check can say exactly where
a problem is. Validation is JSON Schema (jsonschema); its errors are turned into one sentence
with the location, what is wrong and what is expected.

Writing is for the files make-folder derives from a content file (a pseudo-translation, an
imported XLIFF translation): :func:`relocate` points the copy's ``source:`` and ``design:`` at
the right files from where it is written, :func:`dump_content` writes it as a person would, and
:func:`refuse_overwrite` keeps an output from replacing its own input.
"""

from __future__ import annotations

import math
import os
import textwrap
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from ..errors import ContentError, Location
from ..folds import FOLDS

KeyPath = tuple[str | int, ...]


def format_path(path: Iterable[str | int]) -> str:
    """``("panels", "inside-3", 2)`` → ``panels.inside-3[2]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            part = _printable(part)
            out += f".{part}" if out else part
    return out


def _printable(key: str) -> str:
    """A key as a message may show it: one line, no control characters (a key of the user's
    could hold a line break, which would split the one-line error in two)."""
    return key if key.isprintable() else repr(key)[1:-1]


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: its data and the position of every value and key."""

    path: Path
    data: Any
    value_marks: Mapping[KeyPath, tuple[int, int]]
    key_marks: Mapping[KeyPath, tuple[int, int]]
    # One-entry mappings written as one line of plain words with ': ' in it (``- Note: read
    # this``, but also every ``- kicker: Kort og godt``): where text is expected, the message says
    # that ': ' made the mapping.
    colon_texts: frozenset[KeyPath] = field(default=frozenset())

    def where(self, path: KeyPath, *, key: bool = False) -> Location:
        """The location of the value (or, with ``key``, of the key) at ``path``.

        A path that does not exist (a missing key) is reported at its nearest existing parent.
        """
        marks = self.key_marks if key else self.value_marks
        probe = tuple(path)
        while probe not in marks and probe:
            probe = probe[:-1]
        line, column = marks.get(probe, self.value_marks.get((), (1, 1)))
        return Location(self.path, line, column, format_path(path))

    def error(self, path: KeyPath, message: str, *, key: bool = False) -> ContentError:
        return ContentError(message, self.where(path, key=key))


def read_file(path: Path, expected: str, limit: int | None = None) -> bytes:
    """The bytes of a file the user named; ``expected`` says what it should be ("a YAML file").

    With ``limit``, a file larger than ``limit`` bytes is refused from its size on disk, before
    it is read (and never more than ``limit`` + 1 bytes are read, should it grow meanwhile)."""
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            if limit is not None and size > limit:
                raise _too_large(path, size, limit)
            raw = file.read() if limit is None else file.read(limit + 1)
    except FileNotFoundError:
        raise ContentError(f"file not found; expected {expected}", Location(path)) from None
    except IsADirectoryError:
        raise ContentError(f"is a folder; expected {expected}", Location(path)) from None
    except OSError as exc:
        raise ContentError(f"cannot read the file ({exc.strerror})", Location(path)) from None
    if limit is not None and len(raw) > limit:
        raise _too_large(path, len(raw), limit)
    return raw


def _too_large(path: Path, size: int, limit: int) -> ContentError:
    return ContentError(
        f"file too large: {size:,} bytes, over the limit of {limit:,} bytes; "
        "expected the content of one leaflet",
        Location(path),
    )


def read_yaml(path: Path) -> YamlDocument:
    """Parse ``path`` safely (no object-constructing tags) and record positions."""
    text = _decode(path, read_file(path, "a YAML file", MAX_FILE_BYTES))
    try:
        loader = _LimitedLoader(text, path)
    except yaml.reader.ReaderError as exc:  # a control character: refused before parsing
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise ContentError(
            f"control character U+{exc.character:04X} in the text; expected printable text "
            "(a line break, or a tab only outside indentation)",
            Location(path, line, column),
        ) from None
    try:
        node = loader.get_single_node()
        if node is not None:
            _Measure(path).check(node)  # aliases expanded: refused before anything walks them
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise _malformed(path, exc) from None
    except yaml.YAMLError as exc:
        raise ContentError(f"malformed YAML: {exc}", Location(path)) from None
    finally:
        loader.dispose()
    value_marks: dict[KeyPath, tuple[int, int]] = {}
    key_marks: dict[KeyPath, tuple[int, int]] = {}
    colon_texts: set[KeyPath] = set()
    document = YamlDocument(path, data, value_marks, key_marks)
    if node is not None:
        _record(document, text, node, (), value_marks, key_marks, colon_texts, frozenset())
        _refuse_non_finite(document, data, ())
    return replace(document, colon_texts=frozenset(colon_texts))


# --- limits ------------------------------------------------------------------------------------
# Content comes by e-mail from people we do not know: every YAML file is read within these
# bounds, checked before the data is built, so that a hostile file fails fast with one message.

# Bytes in one YAML file, checked from its size on disk before it is read: a leaflet's content
# is a few kilobytes; 1 MB leaves room for any leaflet and keeps parsing under a second or two.
MAX_FILE_BYTES = 1_000_000
# Alias uses (``*name``) in one file: a leaflet needs none or a few; a "billion laughs" bomb
# needs many, each one multiplying the data.
MAX_ALIASES = 100
# Values (texts, numbers, lists, mappings, keys) in the document with every alias expanded:
# what any walk over the data costs. A leaflet has a few hundred.
MAX_NODES = 100_000
# Lists and mappings nested in each other (aliases expanded): content nests about 6 deep
# (panels → role → list → block → bullets → list), a design 4.
MAX_DEPTH = 20
# Characters in one text (or key): a panel's longest paragraph is under 2,000.
MAX_TEXT = 10_000
# Items in one list or keys in one mapping: a leaflet's panel has a few dozen blocks.
MAX_ITEMS = 1_000


def _at(path: Path, mark: yaml.Mark | None, key_path: KeyPath) -> Location:
    if mark is None:
        return Location(path, key_path=format_path(key_path))
    return Location(path, mark.line + 1, mark.column + 1, format_path(key_path))


class _LimitedLoader(yaml.SafeLoader):
    """PyYAML's safe loader (plain data only, no object-constructing tags) that counts alias
    uses and nesting as it composes, before anything is expanded or built: the composer recurses
    once per level, so a deep file must stop here, not in a RecursionError."""

    def __init__(self, text: str, path: Path) -> None:
        super().__init__(text)
        self._file = path
        self._aliases = 0
        self._depth = 0
        self._path: list[str | int] = []

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        part = index.value if isinstance(index, yaml.ScalarNode) else index
        labelled = isinstance(part, str | int) and not isinstance(part, bool)
        nests = self.check_event(yaml.SequenceStartEvent, yaml.MappingStartEvent)
        if labelled:
            self._path.append(part)
        if nests:
            self._depth += 1
        try:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            if self.check_event(yaml.AliasEvent):
                self._aliases += 1
                if self._aliases > MAX_ALIASES:
                    raise ContentError(
                        f"too many aliases: more than {MAX_ALIASES} uses of '*' names, over the "
                        f"limit of {MAX_ALIASES}; expected each value written out (no alias bomb)",
                        _at(self._file, mark, tuple(self._path)),
                    )
            if self._depth > MAX_DEPTH:
                raise _too_deep(self._file, mark, tuple(self._path))
            return super().compose_node(parent, index)
        finally:
            if labelled:
                self._path.pop()
            if nests:
                self._depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, KeyError, IndexError, OverflowError):
            # A standard tag on a value it cannot take (`!!int "1}"`, `!!bool "tre"`): PyYAML
            # lets int(), float() or a lookup fail with no place in the file.
            tag = node.tag.removeprefix("tag:yaml.org,2002:")
            raise ContentError(
                f"{node.value!r} is no {tag}, as its tag says; expected the value without a tag",
                _at(self._file, node.start_mark, ()),
            ) from None


def _too_deep(path: Path, mark: yaml.Mark | None, key_path: KeyPath) -> ContentError:
    return ContentError(
        f"nested too deep: more than {MAX_DEPTH} levels of lists and mappings, over the limit of "
        f"{MAX_DEPTH}; expected a flatter document",
        _at(path, mark, key_path),
    )


class _Measure:
    """One walk over the composed nodes, each measured once (an alias reuses its anchor's
    measure), that refuses the document if, with aliases expanded, it holds more than
    :data:`MAX_NODES` values, nests deeper than :data:`MAX_DEPTH`, or has a text longer than
    :data:`MAX_TEXT` or a list or mapping longer than :data:`MAX_ITEMS`. Linear in the file."""

    def __init__(self, path: Path) -> None:
        self._file = path
        self._known: dict[int, tuple[int, int]] = {}  # id(node) → (values, levels) expanded
        self._open: set[int] = set()  # nodes being measured: an alias to one is recursive

    def check(self, document: yaml.Node) -> None:
        """Refuse ``document`` (the composed root node) if it is over any limit."""
        self._measure(document, 1, ())

    def _measure(self, node: yaml.Node, depth: int, path: KeyPath) -> tuple[int, int]:
        known = self._known.get(id(node))
        if known is None:
            if id(node) in self._open:
                return 0, 0  # a recursive alias: refused with its own message when recorded
            self._open.add(id(node))
            known = self._children(node, depth, path)
            self._open.discard(id(node))
            self._known[id(node)] = known
        values, levels = known
        if depth - 1 + levels > MAX_DEPTH:
            raise _too_deep(self._file, node.start_mark, path)
        if values > MAX_NODES:
            raise ContentError(
                f"too much data: more than {MAX_NODES:,} values with its aliases expanded, over "
                f"the limit of {MAX_NODES:,}; expected the content of one leaflet "
                "(no alias bomb)",
                _at(self._file, node.start_mark, path),
            )
        return known

    def _children(self, node: yaml.Node, depth: int, path: KeyPath) -> tuple[int, int]:
        if isinstance(node, yaml.ScalarNode):
            if len(node.value) > MAX_TEXT:
                raise ContentError(
                    f"text too long: {len(node.value):,} characters, over the limit of "
                    f"{MAX_TEXT:,}; expected a shorter text",
                    _at(self._file, node.start_mark, path),
                )
            return 1, 0
        if depth > MAX_DEPTH:
            raise _too_deep(self._file, node.start_mark, path)
        if len(node.value) > MAX_ITEMS:
            what = "keys in one mapping" if isinstance(node, yaml.MappingNode) else "items"
            raise ContentError(
                f"too many {what}: {len(node.value):,}, over the limit of {MAX_ITEMS:,}; "
                "expected the content of one leaflet",
                _at(self._file, node.start_mark, path),
            )
        values, levels = 1, 0
        children: list[tuple[yaml.Node, KeyPath]] = []
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                label = key.value if isinstance(key, yaml.ScalarNode) else "?"
                children += [(key, path), (value, (*path, label))]
        else:
            children = [(item, (*path, index)) for index, item in enumerate(node.value)]
        for child, at in children:
            more, deeper = self._measure(child, depth + 1, at)
            values += more
            levels = max(levels, deeper)
            if values > MAX_NODES:
                break  # refused by the caller, at this node
        return values, levels + 1


# --- encoding ---------------------------------------------------------------------------------

# Byte-order marks of the encodings a text editor may save in instead of UTF-8; UTF-32 first,
# as its little-endian mark starts with UTF-16's.
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _decode(path: Path, raw: bytes) -> str:
    """``raw`` as UTF-8 text, or a :class:`ContentError` at the line and column of the first
    byte that is not UTF-8 text, saying which byte, which encoding the file looks saved in, and
    that it should be saved as UTF-8."""
    wide = _wide_encoding(raw)
    if wide is not None:
        # The byte-order mark, or the first NUL byte (UTF-8 would take it, YAML does not).
        name, at = wide
        advice = f"looks like {name}: save the file as UTF-8"
    else:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            at = exc.start
        advice = _single_byte_advice(raw[at]) or "expected text saved as UTF-8"
    line_start = raw.rfind(b"\n", 0, at) + 1
    line = raw.count(b"\n", 0, at) + 1
    # Everything before the first bad byte is UTF-8: count its characters for the column.
    column = len(raw[line_start:at].decode("utf-8", errors="replace")) + 1
    raise ContentError(
        f"not UTF-8 text: byte 0x{raw[at]:02X}; {advice}", Location(path, line, column)
    )


def _wide_encoding(raw: bytes) -> tuple[str, int] | None:
    """``("UTF-16", offset)`` or ``("UTF-32", offset)`` if ``raw`` starts with their byte-order
    mark (offset 0) or is NUL-heavy from the start, as those encodings write ASCII (a quarter of
    its first 64 bytes or more; offset: the first NUL); else None."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name, 0
    start = raw[:64]
    nuls = start.count(0)
    if start and nuls * 4 >= len(start):
        return ("UTF-32" if nuls * 2 > len(start) else "UTF-16"), raw.index(0)
    return None


def _single_byte_advice(byte: int) -> str | None:
    """The advice "looks like Latin-1/Windows-1252 ('æ' as 0xE6): …" when ``byte`` is a letter
    (or typographic punctuation such as '–') in Windows-1252, the superset of Latin-1."""
    try:
        char = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return None
    if not unicodedata.category(char).startswith(("L", "P", "Sc")):
        return None
    return f"looks like Latin-1/Windows-1252 ('{char}' as 0x{byte:02X}): save the file as UTF-8"


def _refuse_non_finite(document: YamlDocument, value: Any, path: KeyPath) -> None:
    """YAML's .nan and .inf pass every range check (NaN compares false with everything) and
    JSON Schema cannot tell them apart from numbers: refuse them where they stand."""
    if isinstance(value, float) and not math.isfinite(value):
        raise document.error(path, f"{value} is not a number; expected a number such as 210")
    if isinstance(value, dict):
        for key, item in value.items():
            _refuse_non_finite(document, item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_non_finite(document, item, (*path, index))


# What PyYAML says → what the user should do instead.
_YAML_HINTS = (
    ("'\\t'", "expected spaces for indentation, never a tab"),
    ("quoted scalar", "expected the closing quote"),
    ("constructor for the tag", "expected plain text, numbers, lists and mappings (no tags)"),
    ("another document", "expected one YAML document (no '---' or '...' inside)"),
    ("mapping values are not allowed", "expected quotes around text that contains ': '"),
)


def _malformed(path: Path, exc: yaml.MarkedYAMLError) -> ContentError:
    """One sentence for a YAML syntax error, at the place where the mistake starts."""
    problem = exc.problem or exc.context or "malformed YAML"
    # An unclosed quote or bracket is only noticed at the end of the file: point at its start.
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and "end of stream" in problem:
        mark = exc.context_mark
        problem = f"{exc.context}, {problem}"
    described = f"{problem} {exc.context or ''}"
    hint = next((h for key, h in _YAML_HINTS if key in described), None)
    hint = hint or "expected valid YAML: check the indentation, quotes and colons"
    location = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
    return ContentError(f"malformed YAML: {problem}; {hint}", location)


def _record(
    document: YamlDocument,
    text: str,
    node: yaml.Node,
    path: KeyPath,
    value_marks: dict[KeyPath, tuple[int, int]],
    key_marks: dict[KeyPath, tuple[int, int]],
    colon_texts: set[KeyPath],
    ancestors: frozenset[int],
) -> None:
    if id(node) in ancestors:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        raise ContentError(
            "recursive alias: the value contains itself; expected plain values",
            Location(document.path, line, column, format_path(path)),
        )
    ancestors = ancestors | {id(node)}
    value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        _refuse_swallowed_items(document, text, node, path)
    elif isinstance(node, yaml.MappingNode):
        if _reads_as_text(node):
            colon_texts.add(path)
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                raise ContentError(
                    f"key {key_node.value!r} is not text; expected a name such as 'title'",
                    Location(
                        document.path,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        format_path(path),
                    ),
                )
            child = (*path, key_node.value)
            if child in key_marks:
                line, _ = key_marks[child]
                raise ContentError(
                    f"duplicate key '{key_node.value}' (first given on line {line}); "
                    "expected each key once",
                    Location(
                        document.path,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        format_path(child),
                    ),
                )
            key_marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _record(
                document, text, value_node, child, value_marks, key_marks, colon_texts, ancestors
            )
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(
                document, text, item, (*path, index), value_marks, key_marks, colon_texts, ancestors
            )


def _reads_as_text(node: yaml.MappingNode) -> bool:
    """A one-entry block mapping whose key and value are plain words on one line, such as
    ``Note: read this``: to a person a line of text with ': ' in it."""
    if node.flow_style or len(node.value) != 1:
        return False
    ((key, value),) = node.value
    return (
        isinstance(key, yaml.ScalarNode)
        and isinstance(value, yaml.ScalarNode)
        and key.style is None
        and value.style is None
        and value.value != ""
        and key.start_mark.line == value.start_mark.line
    )


def _refuse_swallowed_items(
    document: YamlDocument, text: str, node: yaml.ScalarNode, path: KeyPath
) -> None:
    """Refuse a plain (unquoted) text that goes on over lines starting with ``- ``.

    List items indented deeper than the first item of their list do not start new items: YAML
    reads them as more lines of the first item's text. Nobody means a line break followed by a
    dash in plain text, so such a line is a list item that went astray.
    """
    if node.style is not None or node.start_mark.line == node.end_mark.line:
        return
    raw = text[node.start_mark.index : node.end_mark.index]
    for offset, line in enumerate(raw.splitlines()[1:], start=1):
        body = line.lstrip(" \t")
        if body.startswith("- ") or body == "-":
            raise ContentError(
                "a line starting with '- ' was read as part of the text above it; expected it "
                "indented like the other items (a new list item) or the text in quotes",
                Location(
                    document.path,
                    node.start_mark.line + offset + 1,
                    len(line) - len(body) + 1,
                    format_path(path),
                ),
            )


# --- validation ------------------------------------------------------------------------------

_TYPE_NAMES = {
    "object": "a mapping of keys",
    "array": "a list",
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "nothing",
}


def describe(value: Any) -> str:
    """How a YAML value reads to a user: ``a list``, ``the number 3``, ``nothing``."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return "text"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, Sequence):
        return "a list"
    return type(value).__name__


def validate(document: YamlDocument, schema: Mapping[str, Any]) -> None:
    """Raise a :class:`ContentError` for the first problem in document order, if any."""
    validator = jsonschema.Draft202012Validator(schema)
    explained = [_explain(document, error) for error in validator.iter_errors(document.data)]
    if explained:
        raise min(explained, key=_order)


def _order(error: ContentError) -> tuple[int, int]:
    location = error.location or Location()
    return (location.line or 0, location.column or 0)


def _explain(document: YamlDocument, error: jsonschema.ValidationError) -> ContentError:
    path: KeyPath = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    instance = error.instance
    kind = error.validator
    value: Any = error.validator_value
    if kind == "additionalProperties" and isinstance(instance, Mapping):
        allowed = list(schema.get("properties", {}))
        extra = next(k for k in instance if k not in allowed)
        return document.error(
            (*path, extra),
            f"unknown key '{_printable(str(extra))}'; expected one of: {', '.join(allowed)}",
            key=True,
        )
    if kind == "required" and isinstance(instance, Mapping):
        missing = [k for k in schema.get("required", []) if k not in instance]
        return document.error(path, f"missing key '{missing[0]}'; {_hint(schema, missing[0])}")
    if kind == "type":
        names = [value] if isinstance(value, str) else list(value)
        wanted = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
        message = f"expected {wanted}, got {describe(instance)}"
        if isinstance(instance, bool) and "text" in wanted:
            # Norwegian "no" (and yes, on, off) read as a truth value in YAML 1.1.
            message += "; put the value in quotes: YAML reads yes, no, on and off as true or false"
        if path in document.colon_texts and "text" in wanted:
            message += (
                "; ': ' starts a key in YAML: put the text in quotes, or write it as a block (>-)"
            )
        return document.error(path, message)
    if kind in ("minLength", "pattern") and isinstance(instance, str):
        if not instance.strip():
            return document.error(path, "empty text; expected some words")
        expected = schema.get("description", f"text matching {schema.get('pattern')}")
        return document.error(path, f"{instance!r} is not valid here; expected {expected}")
    if kind == "enum":
        options = ", ".join(str(v) for v in value)
        what = schema.get("title", "value")
        return document.error(path, f"unknown {what} {instance!r}; expected one of: {options}")
    if kind in ("minItems", "maxItems") and isinstance(instance, list):
        expected = schema.get("description", f"{value} item(s)")
        if not instance:
            return document.error(path, f"empty list; expected {expected}")
        return document.error(path, f"{len(instance)} item(s); expected {expected}")
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        relation = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
        }[kind]
        unit = schema.get("unit", "")
        return document.error(
            path, f"{instance} is out of range; expected {relation} {value}{unit}"
        )
    if kind == "oneOf":
        return _explain_block(document, error, path, instance)
    return document.error(path, error.message)


def _hint(schema: Mapping[str, Any], key: str) -> str:
    description = schema.get("properties", {}).get(key, {}).get("description")
    return f"expected {description}" if description else f"expected the key '{key}'"


def _explain_block(
    document: YamlDocument,
    error: jsonschema.ValidationError,
    path: KeyPath,
    instance: Any,
) -> ContentError:
    """A block matches one kind (its single kind key); explain against that kind's schema."""
    alternatives: Any = error.validator_value
    branches = {b["required"][0]: b for b in alternatives}
    if not isinstance(instance, Mapping):
        return document.error(
            path,
            f"a block needs its kind, e.g. '- paragraph: …', got {describe(instance)}; "
            f"expected one of: {', '.join(branches)}",
        )
    kinds = [k for k in instance if k in branches]
    if not kinds:
        unknown = next(iter(instance), None)
        return document.error(
            (*path, unknown) if unknown is not None else path,
            f"unknown block '{unknown}'; expected one of: {', '.join(branches)}",
            key=unknown is not None,
        )
    if len(kinds) > 1:
        return document.error(
            (*path, kinds[1]),
            f"one block has one kind, found {' and '.join(kinds)}; "
            "expected a new list item ('- ') for each block",
            key=True,
        )
    branch = branches[kinds[0]]
    sub = jsonschema.Draft202012Validator(branch).iter_errors(instance)
    explained = []
    for inner in sub:
        inner.path.extendleft(reversed(path))
        explained.append(_explain(document, inner))
    return min(explained, key=_order)


# --- writing ---------------------------------------------------------------------------------


def relative(path: Path, folder: Path) -> str:
    """``path`` as a content file names it from ``folder`` (``../content.yaml``), with ``/``."""
    if path.is_absolute() != folder.is_absolute():
        path, folder = path.absolute(), folder.absolute()
    return Path(os.path.relpath(path, folder)).as_posix()


def relocate(
    data: Mapping[str, Any], original: Path, folder: Path, *, language: str | None = None
) -> dict[str, Any]:
    """The content ``data`` of the file ``original`` (or exported from it), as a content file
    written into ``folder``: keys in their order, paths relative to ``folder``.

    With a ``language``, the copy is a translation of ``original``: ``language:`` is
    ``language`` and ``source:``, right after it, names ``original`` (any ``source:`` of
    ``data`` is dropped: a translation's source is the file it was made from). Without, the copy
    is the same document in another place: its own ``source:``, if any, is kept. Either way
    ``design:`` and a kept ``source:`` name the same files as they did beside ``original``.
    """
    copy: dict[str, Any] = {}
    for key, value in data.items():
        if key == "source" and language is not None:
            continue  # set right after the language
        copy[key] = value
        if key == "language" and language is not None:
            copy["language"] = language
            copy["source"] = relative(original, folder)
    kept = ("design",) if language is not None else ("design", "source")
    for key in kept:
        if key in copy:
            copy[key] = relative(original.parent / str(copy[key]), folder)
    return copy


def refuse_overwrite(output: Path, inputs: Mapping[Path, str], location: Location) -> None:
    """Refuse an ``output`` that is one of the ``inputs`` (each with how messages name it, such
    as "the content file it is made from"): writing it would destroy what it was made from."""
    for path, what in inputs.items():
        if output.resolve() == path.resolve():
            raise ContentError(
                f"the output {output} is {what}: writing it would replace that file; "
                "expected another file name for the output",
                location,
            )


class _Flow(dict[str, Any]):
    """A mapping written on one line: ``finished_size: {width: 100, height: 210}``."""


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, with list items indented under their key as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # A long text as a folded block (">-"), wrapped at the dumper's width: readable and easy to
    # edit. YAML joins the lines back with single spaces, which is what the loader does anyway.
    style = ">" if len(text) > 60 and text == text.strip() and "\n" not in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_flow(dumper: yaml.SafeDumper, mapping: _Flow) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", mapping, flow_style=True)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(_Flow, _represent_flow)


def dump_content(data: Mapping[str, Any], header: str) -> str:
    """Content data (as :func:`yaml.safe_load` gives it) as the text of a readable content file.

    ``header`` becomes the opening comment, wrapped at 100 columns. Keys keep their order; long
    texts become folded blocks; each panel's key says in a comment where it prints
    (``inside-1:  # Side 1``). Loading the text gives ``data`` back exactly.
    """
    data = dict(data)
    if isinstance(data.get("finished_size"), Mapping):
        data["finished_size"] = _Flow(data["finished_size"])
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=84,
        default_flow_style=False,
    )
    fold = FOLDS.get(data.get("fold", ""))
    if fold is not None:
        for role in data.get("panels", {}):
            if role in fold.roles:
                line = f"\n  {role}:\n"
                note = f"\n  {role}:{' ' * max(1, 18 - len(role))}# {fold.side_label(role)}\n"
                body = body.replace(line, note, 1)
    # A file name such as make-folder or content.en.yaml is one word: never broken.
    lines = textwrap.wrap(header, 98, break_long_words=False, break_on_hyphens=False)
    return "".join(f"# {line}\n" for line in lines) + body
