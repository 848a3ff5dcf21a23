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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
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
            out += f".{part}" if out else part
    return out


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: its data and the position of every value and key."""

    path: Path
    data: Any
    value_marks: Mapping[KeyPath, tuple[int, int]]
    key_marks: Mapping[KeyPath, tuple[int, int]]

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


def read_yaml(path: Path) -> YamlDocument:
    """Parse ``path`` safely (no object-constructing tags) and record positions."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError("file not found; expected a YAML file", Location(path)) from None
    except IsADirectoryError:
        raise ContentError("is a folder; expected a YAML file", Location(path)) from None
    except UnicodeDecodeError as exc:
        raise ContentError(
            f"not UTF-8 text ({exc.reason} at byte {exc.start})", Location(path)
        ) from None
    except OSError as exc:
        raise ContentError(f"cannot read the file ({exc.strerror})", Location(path)) from None
    try:
        loader = yaml.SafeLoader(text)
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
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise _malformed(path, exc) from None
    except yaml.YAMLError as exc:
        raise ContentError(f"malformed YAML: {exc}", Location(path)) from None
    finally:
        loader.dispose()
    value_marks: dict[KeyPath, tuple[int, int]] = {}
    key_marks: dict[KeyPath, tuple[int, int]] = {}
    document = YamlDocument(path, data, value_marks, key_marks)
    if node is not None:
        _record(document, node, (), value_marks, key_marks, frozenset())
        _refuse_non_finite(document, data, ())
    return document


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
    node: yaml.Node,
    path: KeyPath,
    value_marks: dict[KeyPath, tuple[int, int]],
    key_marks: dict[KeyPath, tuple[int, int]],
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
    if isinstance(node, yaml.MappingNode):
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
            _record(document, value_node, child, value_marks, key_marks, ancestors)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record(document, item, (*path, index), value_marks, key_marks, ancestors)


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
            f"unknown key '{extra}'; expected one of: {', '.join(allowed)}",
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
