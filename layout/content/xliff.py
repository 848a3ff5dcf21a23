"""XLIFF 2.0 round trip: a content file out to a CAT tool (memoQ, Trados, OmegaT, Weblate …) and
its translation back in.

``export_xliff(Path("content.yaml"), "en")`` returns an XLIFF 2.0 document with one ``<unit>`` per
text a translator translates; ``import_xliff(Path("trivsel-en.xlf"))`` returns the text of a
content file in the target language (``content.en.yaml``) that validates and builds. Exporting and
importing a file nobody translated gives the source content back, datum for datum.

``export_xliff`` takes each panel's fill from its caller (``fills=``): the content stage lays
nothing out, so ``make-folder xliff export`` passes :func:`layout.build.panel_fills`.

What a translator sees, per unit::

    <unit id="panels.inside-1.1.bullets.2">
      <notes>
        <note category="location">Side 1 (inside-1): bullets, item 3 of 7</note>
        <note category="fill">Side 1 (inside-1) is 65 % full in the source (nb) …</note>
      </notes>
      <segment>
        <source>Sørger for å slappe av og være fysisk aktiv</source>
      </segment>
    </unit>

Design decisions, each the answer to "what survives a CAT tool":

- **Unit ids are key paths.** ``title``, ``panels.<role>.<block>.<kind>``, then the item of a list
  (``….bullets.2``) or the part of a publication (``….publication.subtitle``), counted from 0 as
  in the YAML. Dots, letters, digits and ``-`` only: a valid XML NMTOKEN, and the same place
  ``make-folder check`` names as ``panels.inside-1[1].bullets[2]``.
- **Soft hyphens are inline codes.** A soft hyphen (U+00AD) is invisible in every editor, so a
  translator would delete or keep it without knowing. It is exported as a standalone code,
  ``<ph id="1" dataRef="shy" disp="soft hyphen"/>``, whose original data (the character itself)
  stands in the unit's ``<originalData>``; a CAT tool shows it as a tag the translator can move to
  where the target word may break, or delete. There is no other markup: the content is plain
  text, so no raw tag can ever reach the translator.
- **A translator may add a soft hyphen anywhere.** XLIFF 2.0 keeps original data per unit and a
  code's ``dataRef`` must name data of its own unit, so *every* unit declares
  ``<data id="shy">`` (the instructions note says so): a ``<ph dataRef="shy"/>`` copied into a
  unit whose source had none is valid XLIFF, and imports as U+00AD. So does a soft hyphen typed
  as a character (``&#xAD;``). A ``shy`` code in a unit without the declaration (a file exported
  by make-folder 0.3.0, which declared it only where the source had a soft hyphen) is read the
  same way; any other code without its data is refused.
- **No-break spaces stay characters.** U+00A0 is text with a meaning (``10 mm``, ``s. 3``) that
  each language uses by its own rules; CAT tools show it as a visible mark, and a translator must
  be free to add or drop one. A character that XML cannot carry would travel as ``<cp hex=…/>``.
- **Everything that is not text travels in the file, in the ``<skeleton>``.** The skeleton is
  XLIFF's place for "the rest of the original document", which tools must not change: here a
  JSON copy of the content with every translatable text set to ``null`` — ``slug``, ``fold``,
  ``finished_size``, ``design``, ``source``, every panel, block, list item and ``url`` block. The
  import needs nothing but the XLIFF file, so an original edited while the translation was out
  cannot silently change what comes back (``make-folder check`` then shows the difference), and a
  unit that was lost or added is found by its id.
- **Paths stay true.** ``<file original="…">`` names the exported content file relative to the
  XLIFF file; on import, ``source:`` (and ``design:``) are written relative to the new content
  file, so the translation and ``check`` find them.
- **Untranslated text falls back to the source.** A segment without a target, or with an empty
  one, contributes its source text, so a half-translated file still imports (``check`` warns of
  texts identical to the source). Whitespace in a target is folded as the loader folds it.
  :func:`import_xliff_with_stats` says how many units were translated, so that the command line
  can say "8 of 56 units translated; the rest kept their source text".
- **Same language, same document.** Exported with the source language as target (a review in a
  CAT tool), the import is not a translation of the original but the original itself:
  ``language:`` and ``source:`` are the original's, and the data is identical.
- **Never over an input.** An import is refused when its output is the XLIFF file itself or the
  content file it was exported from (even for a review: write it beside, compare, then move it).

Every problem is a :class:`ContentError` with the XLIFF file's line: malformed XML, a document
that is not valid XLIFF 2.0 (checked against ``schemas/xliff-2.0.xsd``, make-folder's
transcription of the standard's core), a missing skeleton or target language, a unit id that
is not a text of the content, a unit given twice or missing.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from lxml import etree

from ..errors import ContentError, Location
from ..folds import FOLDS
from ..fonts import SOFT_HYPHEN
from .languages import check_language
from .loader import clean, load_content
from .schema import content_schema
from .texts import set_at, translatable
from .yamlfile import (
    KeyPath,
    dump_content,
    format_path,
    read_file,
    read_yaml,
    refuse_overwrite,
    relative,
    relocate,
)

XLIFF_NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "xliff-2.0.xsd"
SKELETON_FORMAT = "make-folder content"  # marks a skeleton make-folder wrote
SKELETON_VERSION = 1
SOFT_HYPHEN_DATA = "shy"  # the id of the soft hyphen's <data> in a unit's <originalData>

_X = f"{{{XLIFF_NAMESPACE}}}"
_NS = {"x": XLIFF_NAMESPACE}
# Characters XML 1.0 cannot carry (C0 controls other than tab and line breaks, U+FFFE, U+FFFF):
# XLIFF writes them as <cp hex="…"/>.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_INSTRUCTIONS = (
    "Translate the text of each unit; the notes say where it prints and how full its panel is. "
    "A 'soft hyphen' code marks where a word may break across lines: move it to where the "
    "translated word may break, or delete it. To let a word break where the source has no such "
    "code, add one: every unit declares its data, so a copy of the code "
    f'(<ph id="x1" dataRef="{SOFT_HYPHEN_DATA}"/>, with an id not yet used in the unit) or a '
    "soft hyphen character (U+00AD) works in any unit. No-break spaces are characters: keep "
    "them where the target language wants them (between a number and its unit, for example). "
    "Leave the skeleton as it is: it carries the leaflet's settings and structure."
)


# --- export -----------------------------------------------------------------------------------


def export_xliff(
    content: Path,
    target_language: str,
    *,
    output: Path | None = None,
    fills: Mapping[str, float] | None = None,
) -> str:
    """The XLIFF 2.0 document for translating ``content`` into ``target_language``.

    One ``<file id="f1">`` whose ``original`` names ``content`` relative to ``output`` (where the
    XLIFF file will be written; default: beside ``content``), the settings and structure in its
    ``<skeleton>``, and a ``<unit>`` per translatable text in reading order of the file, without
    ``<target>``. Each unit has a location note (panel and block) and, for a panel that
    ``fills`` gives (role → how full it is in the source, 0…1, above 1 when it overflows; see
    :func:`layout.build.panel_fills`), a fill note. ``None`` or a role not given: no fill note.

    Every unit's ``<originalData>`` declares the soft hyphen's data (``shy``), used or not, so a
    translator may add a soft-hyphen code to any unit.

    Returns the document as text, with its XML declaration: write it as UTF-8. Raises
    :class:`ContentError` (file and line) if ``content`` is not a valid content file or
    ``output`` is ``content`` itself, and without a location for a malformed
    ``target_language``.
    """
    check_language(target_language, None)
    if output is not None:
        refuse_overwrite(output, {content: "the content file to translate"}, Location(content))
    folder = load_content(content)
    data = read_yaml(content).data
    fills = fills or {}
    fold = FOLDS[folder.fold]
    out_dir = (output or content).parent

    root = etree.Element(
        _X + "xliff",
        nsmap={None: XLIFF_NAMESPACE},
        version="2.0",
        srcLang=data["language"],
        trgLang=target_language,
    )
    file = etree.SubElement(root, _X + "file", id="f1", original=relative(content, out_dir))
    skeleton = etree.SubElement(file, _X + "skeleton")
    skeleton.text = _skeleton_text(data)
    note = etree.SubElement(etree.SubElement(file, _X + "notes"), _X + "note")
    note.set("category", "instructions")
    note.text = _INSTRUCTIONS
    for path, text in translatable(data):
        unit = etree.SubElement(file, _X + "unit", id=unit_id(path))
        notes = etree.SubElement(unit, _X + "notes")
        _note(notes, "location", _describe(path, data, fold.label))
        role = path[1] if path[0] == "panels" else None
        if isinstance(role, str) and role in fills:
            _note(notes, "fill", _fill_note(fold.label(role), fills[role], data["language"]))
        text = clean(text)
        # In every unit, not only where the source has a soft hyphen: a translator may add one.
        original = etree.SubElement(unit, _X + "originalData")
        etree.SubElement(original, _X + "data", id=SOFT_HYPHEN_DATA).text = SOFT_HYPHEN
        source = etree.SubElement(etree.SubElement(unit, _X + "segment"), _X + "source")
        _write_inline(source, text)
    document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    # The soft hyphen in <data> as a character reference: the same XML, but visible to a reader.
    return document.decode("utf-8").replace(SOFT_HYPHEN, "&#xAD;")


def unit_id(path: KeyPath) -> str:
    """The XLIFF unit id of a text's key path: ``("panels", "inside-1", 1, "bullets", 2)`` →
    ``panels.inside-1.1.bullets.2``."""
    return ".".join(str(part) for part in path)


def _skeleton_text(data: Mapping[str, Any]) -> str:
    """The skeleton: the content with every translatable text ``null``, as JSON, a line per
    setting and per panel.

    JSON, not YAML: its meaning does not depend on indentation, which an XML tool may touch.
    """
    skeleton = copy.deepcopy(dict(data))
    for path, _ in translatable(data):
        set_at(skeleton, path, None)

    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    entries = []
    for key, value in skeleton.items():
        if key == "panels":
            panels = ",\n".join(
                f"   {dumps(role)}: {dumps(blocks)}" for role, blocks in value.items()
            )
            entries.append(f'  "panels": {{\n{panels}\n  }}')
        else:
            entries.append(f"  {dumps(key)}: {dumps(value)}")
    body = ",\n".join(entries)
    return (
        f'{{"format": {dumps(SKELETON_FORMAT)}, "version": {SKELETON_VERSION}, "content": {{\n'
        f"{body}\n}}}}\n"
    )


def _fill_note(label: str, fill: float, language: str) -> str:
    """How full a panel is in the source, for the translator: ``Side 1 (inside-1) is 65 % full
    in the source (nb): …``."""
    if fill > 1:
        advice = "it overflows already; a translation must be shorter for it to fit"
    else:
        advice = "a longer translation may not fit"
    return (
        f"{label} is {round(fill * 100)} % full in the source ({language}): {advice}; "
        "make-folder build reports any overflow"
    )


def _note(notes: etree._Element, category: str, text: str) -> None:
    note = etree.SubElement(notes, _X + "note", category=category)
    note.text = text


def _describe(path: KeyPath, data: Mapping[str, Any], label: Callable[[str], str]) -> str:
    """Where a text prints, for the translator: ``Side 1 (inside-1): bullets, item 3 of 7``."""
    if path == ("title",):
        return "the leaflet's title: in the PDFs' metadata and the printer's slug line"
    _, role, index, kind, *rest = path
    where = f"{label(str(role))}: block {int(index) + 1} of {len(data['panels'][role])}, {kind}"
    if kind == "bullets":
        count = len(data["panels"][role][int(index)]["bullets"])
        return f"{where}, item {int(rest[0]) + 1} of {count}"
    if kind == "publication":
        return f"{where}, {rest[0]}"
    if kind == "subheading":
        return f"{where} (the line under the heading)"
    return where


def _write_inline(parent: etree._Element, text: str) -> None:
    """``text`` as the content of ``parent``: characters, a ``<ph>`` per soft hyphen and a
    ``<cp>`` per character XML cannot carry."""
    codes = 0
    last: etree._Element | None = None
    for piece in re.split(f"({SOFT_HYPHEN}|{_NOT_XML.pattern})", text):
        if piece == SOFT_HYPHEN:
            codes += 1
            last = etree.SubElement(
                parent, _X + "ph", id=str(codes), dataRef=SOFT_HYPHEN_DATA, disp="soft hyphen"
            )
        elif piece and _NOT_XML.fullmatch(piece):
            last = etree.SubElement(parent, _X + "cp", hex=f"{ord(piece):04X}")
        elif last is None:
            parent.text = (parent.text or "") + piece
        else:
            last.tail = (last.tail or "") + piece


# --- import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class XliffImport:
    """An imported XLIFF file: the content file's text and how much of it was translated."""

    text: str  # the content file, as import_xliff returns it
    units: int  # the units of the file: one per translatable text
    translated: int  # units with a (non-empty) target in every segment
    partly: int = 0  # units with a target in some of their segments only

    @property
    def summary(self) -> str:
        """``8 of 56 units translated; the rest kept their source text``, for the command line.

        Units translated in part are named: ``8 of 56 units translated and 2 in part; the
        untranslated text kept its source text``.
        """
        done = f"{self.translated} of {self.units} units translated"
        if self.partly:
            return f"{done} and {self.partly} in part; the untranslated text kept its source text"
        if self.translated < self.units:
            return f"{done}; the rest kept their source text"
        return done


def import_xliff(xliff: Path, *, output: Path | None = None) -> str:
    """The content file (as text) that the XLIFF 2.0 file ``xliff`` translates into: the text
    of :func:`import_xliff_with_stats`, which see."""
    return import_xliff_with_stats(xliff, output=output).text


def import_xliff_with_stats(xliff: Path, *, output: Path | None = None) -> XliffImport:
    """The content file (as text) that the XLIFF 2.0 file ``xliff`` translates into, with how
    many of its units had a target (:class:`XliffImport`).

    ``language:`` is the file's ``trgLang``; ``source:`` names the exported content file (its
    ``original``), relative to ``output`` (where the result will be written; default: beside
    ``xliff``). Each text is its unit's target, or its source where no target was written.
    Settings, panels, blocks and url blocks come from the skeleton, exactly as exported. With
    ``trgLang`` equal to the source language the result is the original content itself.

    A soft-hyphen code (``dataRef="shy"``) and a U+00AD character in a target are soft hyphens in
    the content, in any unit.

    Raises :class:`ContentError` with the XLIFF file's line for malformed XML, a document that is
    not valid XLIFF 2.0 or not exported by make-folder, a unit that is unknown, given twice,
    missing or empty, and an ``output`` that is ``xliff`` itself or its original content file.
    """
    if output is not None:
        refuse_overwrite(output, {xliff: "the XLIFF file to import"}, Location(xliff))
    root = _parse(xliff)
    source_language = root.get("srcLang", "")
    target_language = root.get("trgLang")
    if target_language is None:
        raise _error(xliff, root, "no trgLang on <xliff>; expected the target language")
    check_language(target_language, Location(xliff, root.sourceline))
    files = root.findall("x:file", _NS)
    if len(files) > 1:
        raise _error(xliff, files[1], "a second <file>; expected the one file make-folder exports")
    file = files[0]
    original = file.get("original")
    if original is None:
        raise _error(xliff, file, "no original on <file>; expected the exported content file")
    original_path = xliff.parent / original
    if output is not None:
        where = Location(xliff, file.sourceline)
        refuse_overwrite(output, {original_path: "the content file it was exported from"}, where)
    skeleton_element = file.find("x:skeleton", _NS)
    if skeleton_element is None:
        raise _error(
            xliff,
            file,
            "no <skeleton>: this file was not exported by make-folder, or a tool removed its "
            "skeleton; expected the file 'make-folder xliff export' wrote",
        )
    skeleton = _skeleton(xliff, skeleton_element)

    expected = {unit_id(path): path for path, _ in translatable(skeleton)}
    texts: dict[str, str] = {}
    lines: dict[str, int | None] = {}
    translated = partly = 0
    for unit in file.iter(_X + "unit"):
        name = unit.get("id", "")
        if name not in expected:
            example = next(iter(expected))
            raise _error(
                xliff,
                unit,
                f"unit '{name}' is not a text of this content; expected the ids make-folder "
                f"exported, such as '{example}'",
            )
        if name in texts:
            raise _error(
                xliff,
                unit,
                f"unit '{name}' is given twice (first on line {lines[name]}); expected each "
                "unit once",
                expected[name],
            )
        texts[name], done, segments = _unit_text(xliff, unit, expected[name])
        lines[name] = unit.sourceline
        translated += done == segments
        partly += 0 < done < segments
    missing = [name for name in expected if name not in texts]
    if missing:
        more = f" and {len(missing) - 1} more are" if len(missing) > 1 else " is"
        raise _error(
            xliff,
            file,
            f"unit '{missing[0]}'{more} missing; expected a unit for every text of the content, "
            "as exported",
            expected[missing[0]],
        )

    same = target_language.lower() == str(skeleton["language"]).lower()
    # A review (same language) is the original itself; a translation's source is the original.
    language = None if same else target_language
    content = relocate(skeleton, original_path, (output or xliff).parent, language=language)
    for name, path in expected.items():
        set_at(content, path, texts[name])
    problem = next(jsonschema.Draft202012Validator(content_schema()).iter_errors(content), None)
    if problem is not None:
        raise _error(
            xliff,
            skeleton_element,
            f"the skeleton was changed ({format_path(problem.absolute_path)}: {problem.message}); "
            "expected the skeleton as exported",
        )
    if same:
        header = (
            f"make-folder content ({target_language}), imported from {xliff.name}: "
            f"{original} as reviewed in a CAT tool."
        )
    else:
        header = (
            f"make-folder content ({target_language}), imported from {xliff.name}: translated "
            f"from {original} ({source_language})."
        )
    return XliffImport(dump_content(content, header), len(expected), translated, partly)


def check_xliff(document: str | bytes, path: Path | None = None) -> None:
    """Check an XLIFF document (its text) against make-folder's XLIFF 2.0 schema.

    Raises :class:`ContentError` at the line of the first problem (``path`` names the file in the
    message), for malformed XML as for invalid XLIFF.
    """
    data = document.encode("utf-8") if isinstance(document, str) else document
    _validate(_parse_bytes(data, path or Path("<xliff>")), path or Path("<xliff>"))


@cache
def xliff_schema() -> etree.XMLSchema:
    """make-folder's XML Schema of XLIFF 2.0 core (``schemas/xliff-2.0.xsd``), compiled once."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def _parse(path: Path) -> etree._Element:
    root = _parse_bytes(read_file(path, "an XLIFF file"), path)
    _validate(root, path)
    return root


def _parse_bytes(data: bytes, path: Path) -> etree._Element:
    # No entities from outside, no network: an XLIFF file is data from someone else.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise ContentError(
            f"malformed XML: {exc.msg}; expected a well-formed XLIFF file",
            Location(path, line or None, (column + 1) if line else None),
        ) from None


def _validate(root: etree._Element, path: Path) -> None:
    if root.tag != _X + "xliff":
        name = etree.QName(root)
        namespace = f" in namespace {name.namespace}" if name.namespace else " in no namespace"
        hint = " (XLIFF 1.2: export XLIFF 2.0 instead)" if "1.2" in str(name.namespace) else ""
        raise _error(
            path,
            root,
            f"not XLIFF 2.0: the root element is <{name.localname}>{namespace}{hint}; expected "
            f"<xliff> in namespace {XLIFF_NAMESPACE}",
        )
    schema = xliff_schema()
    if not schema.validate(root):
        first = schema.error_log[0]
        message = first.message.replace(_X, "").rstrip(".")
        raise ContentError(
            f"not valid XLIFF 2.0: {message}; expected a document as the XLIFF 2.0 standard "
            "defines it",
            Location(path, first.line or None),
        )


def _skeleton(path: Path, element: etree._Element) -> dict[str, Any]:
    try:
        wrapped = json.loads(element.text or "")
    except json.JSONDecodeError as exc:
        raise _error(
            path, element, f"the skeleton is not make-folder's ({exc.msg}); expected it as exported"
        ) from None
    if (
        not isinstance(wrapped, dict)
        or wrapped.get("format") != SKELETON_FORMAT
        or not isinstance(wrapped.get("content"), dict)
    ):
        raise _error(path, element, "the skeleton is not make-folder's; expected it as exported")
    if wrapped.get("version") != SKELETON_VERSION:
        raise _error(
            path,
            element,
            f"skeleton version {wrapped.get('version')!r}; expected {SKELETON_VERSION}: export "
            "the file again with this make-folder",
        )
    content: dict[str, Any] = wrapped["content"]
    try:
        list(translatable(content))
    except (KeyError, TypeError, AttributeError):
        raise _error(path, element, "the skeleton was changed; expected it as exported") from None
    return content


def _unit_text(path: Path, unit: etree._Element, key_path: KeyPath) -> tuple[str, int, int]:
    """A unit's text: per segment (and ignorable) its target, else its source, in target order;
    with how many of its segments had a target, and how many segments it has."""
    # The soft hyphen's data, declared in the unit or not (make-folder 0.3.0 declared it only in
    # units whose source had a soft hyphen, so a code a translator added elsewhere lacked it).
    data = {SOFT_HYPHEN_DATA: SOFT_HYPHEN}
    data |= {
        item.get("id", ""): _inline_text(path, item, {})
        for item in unit.iterfind("x:originalData/x:data", _NS)
    }
    parts: list[tuple[int, str]] = []
    segments = translated_segments = 0
    for position, part in enumerate(_children(unit, "segment", "ignorable"), start=1):
        source = part.find("x:source", _NS)
        target = part.find("x:target", _NS)
        text = _inline_text(path, source, data) if source is not None else ""
        order = position
        is_segment = part.tag == _X + "segment"
        segments += is_segment
        if target is not None:
            translated = _inline_text(path, target, data)
            if translated.strip():
                text = translated
                order = int(target.get("order", position))
                translated_segments += is_segment
        parts.append((order, text))
    text = clean("".join(text for _, text in sorted(parts, key=lambda p: p[0])))
    if not text:
        raise ContentError(
            f"unit '{unit.get('id')}' has no text; expected its translation",
            Location(path, unit.sourceline, None, format_path(key_path)),
        )
    return text, translated_segments, segments


def _children(element: etree._Element, *names: str) -> Iterator[etree._Element]:
    wanted = {_X + name for name in names}
    return (child for child in element if child.tag in wanted)


def _inline_text(path: Path, element: etree._Element, data: Mapping[str, str]) -> str:
    """The plain text of inline content: codes become their original data (a soft hyphen),
    ``<cp>`` its character, annotations their content."""
    pieces = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == _X + "cp":
            pieces.append(chr(int(child.get("hex", "0"), 16)))
        elif tag in (_X + "ph", _X + "sc", _X + "ec"):
            pieces.append(_data(path, child, "dataRef", data))
        elif tag == _X + "pc":
            pieces.append(_data(path, child, "dataRefStart", data))
            pieces.append(_inline_text(path, child, data))
            pieces.append(_data(path, child, "dataRefEnd", data))
        elif tag == _X + "mrk":
            pieces.append(_inline_text(path, child, data))
        # sm and em mark a span without content of their own; comments carry no text.
        pieces.append(child.tail or "")
    return "".join(pieces)


def _data(path: Path, code: etree._Element, attribute: str, data: Mapping[str, str]) -> str:
    """The original data a code refers to; a code without a reference has none."""
    reference = code.get(attribute)
    if reference is None:
        return ""
    if reference not in data:
        raise _error(
            path,
            code,
            f"code '{code.get('id')}' refers to data '{reference}' that its unit's "
            "<originalData> does not have; expected the codes as exported",
        )
    return data[reference]


def _error(
    path: Path, element: etree._Element, message: str, key_path: KeyPath = ()
) -> ContentError:
    """A problem at ``element``'s line of the XLIFF file, about the text at ``key_path``."""
    return ContentError(message, Location(path, element.sourceline, None, format_path(key_path)))
