"""Check a translation against its source before anyone lays it out.

A translator copies ``content.yaml`` to ``content.<lang>.yaml`` and replaces the words. This
module says whether the copy still has the source's shape, and where it does not::

    result = compare(Path("content.en.yaml"))  # the source is the file's own `source:` key
    print(result.report())
    sys.exit(0 if result.ok else 1)

Errors (the translation would not correspond to the source, panel for panel):

- another fold than the source's;
- a panel of the source missing, or a panel the source does not have;
- another number of blocks in a panel, or another kind of block at the same place;
- another number of bullet items; a subheading in one file's heading and not in the other's;
- the same language code as the source's: a translation is in another language, and with the
  source's slug too its outputs would replace the source's.

Warnings (worth a look, never a reason to stop):

- another finished size than the source's;
- text identical to the source's, after folding line breaks and spaces as the loader does:
  *possibly untranslated*. URL blocks are never compared, and neither is text made only of URLs
  (``https://…``, ``www.…``), e-mail addresses, numbers and punctuation, which stays the same in
  every language. Proper names and words that happen to be the same in both languages (a
  heading "Stress") are warned: the translator glances at them and moves on.

Text much longer than its source is not a problem here: whether it fits is the fit report's
business. The publication block needs no check of its own: the content schema requires its three
fields in both files.

Every location points into the translation (file, line, column, key path); messages name the
line of the source where that helps. All problems are found in one pass, never only the first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import ContentError, Location
from .loader import clean, named_source
from .schema import content_schema
from .texts import get_at, has_words, translatable
from .yamlfile import KeyPath, YamlDocument, read_yaml, validate

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One difference from the source: where it is in the translation and what it is.

    ``str(problem)`` reads ``content.en.yaml:44:7: panels.inside-1[1]: a paragraph where the
    source (content.yaml:43) has bullets``.
    """

    severity: Severity
    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass(frozen=True)
class CheckResult:
    """Every problem found comparing ``translation`` with ``source``, in the translation's order.

    ``ok`` is true when there is no error; warnings alone leave it true.
    """

    translation: Path
    source: Path
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def ok(self) -> bool:
        return not self.errors

    def report(self) -> str:
        """The result as text: errors, then warnings, one a line, then a summary::

        error: content.en.yaml:11:1: panels: missing panel 'inside-2' (content.yaml:59); …
        warning: content.en.yaml:8:16: panels.front-cover[0].kicker: possibly untranslated: …
        content.en.yaml against content.yaml: 1 error, 1 warning: fix the errors before building
        """
        lines = [f"{p.severity}: {p}" for p in (*self.errors, *self.warnings)]
        errors, warnings = len(self.errors), len(self.warnings)
        verdict = "every panel and block present" if self.ok else "fix the errors before building"
        lines.append(
            f"{self.translation} against {_name(self.translation, self.source)}: "
            f"{_count(errors, 'error')}, {_count(warnings, 'warning')}: {verdict}"
        )
        return "\n".join(lines)

    def error(self) -> ContentError | None:
        """The errors as the one error a build stops with: the first where it stands, any others
        named with their own places; None when there is none."""
        if not self.errors:
            return None
        first, *others = self.errors
        message = first.message
        if others:
            message += f"; and against the source {self.source.name}: " + "; ".join(
                map(str, others)
            )
        return ContentError(message, first.location)

    def warning(self) -> str | None:
        """The warnings in one line for a build: the first, and how many more ``check`` lists."""
        if not self.warnings:
            return None
        more = len(self.warnings) - 1
        if not more:
            return str(self.warnings[0])
        them = "it" if more == 1 else "them"
        return (
            f"{self.warnings[0]} (and {_count(more, 'more warning')}: make-folder check lists "
            f"{them})"
        )


def compare(translation: Path, source: Path | None = None) -> CheckResult:
    """Compare ``translation`` with ``source`` (``None``: the file its ``source:`` key names).

    Both files must be valid content; the first mistake in either is raised as the loader would
    raise it, a :class:`ContentError` with its location. So is a translation that names no source
    when none is given, or names one that does not exist.
    """
    target = _read(translation)
    if source is None:
        source = _named_source(target)
    pair = _Pair(target, _read(source), _name(translation, source))
    found = [*_settings(pair), *_panels(pair), *_untranslated(pair)]
    # Document order, so the report reads down the translation like the translator does.
    found.sort(key=lambda p: (p.location.line or 0, p.location.column or 0))
    return CheckResult(translation, source, tuple(found))


def _read(path: Path) -> YamlDocument:
    document = read_yaml(path)
    validate(document, content_schema())
    return document


def _named_source(target: YamlDocument) -> Path:
    """The source the translation names with ``source:``, as the loader finds it."""
    path = named_source(target)
    if path is None:
        raise ContentError(
            "no source to check against; expected --source FILE or a top-level "
            "'source: content.yaml' naming the file this one translates",
            Location(target.path),
        )
    return path


def _name(translation: Path, source: Path) -> str:
    """How messages name the source: its file name when it sits beside the translation."""
    return source.name if source.parent.resolve() == translation.parent.resolve() else str(source)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class _Pair:
    """The two documents being compared, and how messages name the source."""

    target: YamlDocument
    source: YamlDocument
    name: str

    def cite(self, path: KeyPath, *, key: bool = False) -> str:
        """``content.yaml:43``: the source's line for ``path``."""
        return f"{self.name}:{self.source.where(path, key=key).line}"

    def error(self, path: KeyPath, message: str, *, key: bool = False) -> Problem:
        return Problem("error", self.target.where(path, key=key), message)

    def warning(self, path: KeyPath, message: str, *, key: bool = False) -> Problem:
        return Problem("warning", self.target.where(path, key=key), message)


def _settings(pair: _Pair) -> Iterator[Problem]:
    """The fold, the finished size, the language and the title."""
    mine, theirs = pair.target.data, pair.source.data
    if mine["fold"] != theirs["fold"]:
        yield pair.error(
            ("fold",),
            f"fold '{mine['fold']}' where the source ({pair.cite(('fold',))}) has "
            f"'{theirs['fold']}'; expected the source's fold, or the panels would not correspond",
        )
    size, original = mine["finished_size"], theirs["finished_size"]
    if (size["width"], size["height"]) != (original["width"], original["height"]):
        yield pair.warning(
            ("finished_size",),
            f"finished size {size['width']:g} × {size['height']:g} mm where the source "
            f"({pair.cite(('finished_size',))}) has "
            f"{original['width']:g} × {original['height']:g} mm",
        )
    # Language codes are case-insensitive (BCP 47): "en-GB" and "en-gb" are one language.
    if mine["language"].lower() == theirs["language"].lower():
        overwrite = ""
        if mine["slug"] == theirs["slug"]:
            overwrite = (
                f" (with the source's slug too, it would write {mine['slug']}-"
                f"{mine['language']}-print.pdf over the source's)"
            )
        yield pair.error(
            ("language",),
            f"language '{mine['language']}' is the source's ({pair.cite(('language',))}); "
            f"expected the code of the language this file is in{overwrite}",
        )


def _panels(pair: _Pair) -> Iterator[Problem]:
    mine, theirs = pair.target.data["panels"], pair.source.data["panels"]
    for role in theirs:
        if role not in mine:
            yield pair.error(
                ("panels",),
                f"missing panel '{role}' ({pair.cite(('panels', role), key=True)}); "
                "expected every panel of the source",
                key=True,
            )
    for role in mine:
        if role in theirs:
            yield from _blocks(pair, ("panels", role))
        else:
            yield pair.error(
                ("panels", role),
                f"extra panel '{role}': the source has none of that name; "
                f"expected only its panels: {', '.join(theirs)}",
                key=True,
            )


# How messages name each kind of block, with its article.
_KINDS = {
    "kicker": "a kicker",
    "title": "a title",
    "lead": "a lead",
    "heading": "a heading",
    "paragraph": "a paragraph",
    "bullets": "bullets",
    "publication": "a publication",
    "url": "a URL",
}


def _kind(block: dict[str, Any]) -> str:
    # The schema lets a block have exactly one kind key (a heading may add "subheading").
    return next(key for key in block if key in _KINDS)


def _blocks(pair: _Pair, panel: KeyPath) -> Iterator[Problem]:
    mine, theirs = get_at(pair.target.data, panel), get_at(pair.source.data, panel)
    if len(mine) != len(theirs):
        yield pair.error(
            panel,
            f"{_count(len(mine), 'block')} where the source ({pair.cite(panel, key=True)}) has "
            f"{len(theirs)}; expected the source's blocks in the same order",
            key=True,
        )
    # Up to the shorter panel: past it there is nothing to compare with.
    for index, (block, original) in enumerate(zip(mine, theirs, strict=False)):
        path = (*panel, index)
        kind, expected = _kind(block), _kind(original)
        if kind != expected:
            yield pair.error(
                path, f"{_KINDS[kind]} where the source ({pair.cite(path)}) has {_KINDS[expected]}"
            )
        else:
            yield from _block(pair, path, kind)


def _block(pair: _Pair, path: KeyPath, kind: str) -> Iterator[Problem]:
    """One block of the same kind in both files: the same parts (its words are compared by
    :func:`_untranslated`; a publication's three parts are the schema's business)."""
    block, original = get_at(pair.target.data, path), get_at(pair.source.data, path)
    if kind == "bullets":
        items = (*path, "bullets")
        mine, theirs = block["bullets"], original["bullets"]
        if len(mine) != len(theirs):
            yield pair.error(
                items,
                f"{_count(len(mine), 'item')} where the source ({pair.cite(items, key=True)}) "
                f"has {len(theirs)}; expected one item for each of the source's",
                key=True,
            )
    elif kind == "heading":
        sub = (*path, "subheading")
        if "subheading" in original and "subheading" not in block:
            yield pair.error(
                path, f"no subheading where the source ({pair.cite(sub, key=True)}) has one"
            )
        elif "subheading" in block and "subheading" not in original:
            yield pair.error(
                sub,
                f"a subheading where the source's heading ({pair.cite(path)}) has none",
                key=True,
            )


def _untranslated(pair: _Pair) -> Iterator[Problem]:
    """A warning for each text that is, as it will be set, the source's own at the same place.

    A text with no counterpart in the source (another panel, block kind, item count or a
    subheading only one file has) is not compared: the structural checks report it.
    """
    for path, mine in translatable(pair.target.data):
        try:
            theirs = get_at(pair.source.data, path)
        except LookupError:
            continue
        # The loader's own folding: "identical" means identical on the page, not in the YAML.
        text = clean(mine)
        if text == clean(theirs) and has_words(text):
            shown = text if len(text) <= 60 else text[:59].rstrip() + "…"
            yield pair.warning(
                path, f"possibly untranslated: '{shown}', as in the source ({pair.cite(path)})"
            )
