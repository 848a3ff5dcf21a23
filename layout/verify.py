"""Verify stage: read a finished PDF back and say what is wrong with it.

Input: the PDF's bytes and what it should hold — the :class:`SheetPlan` for a print PDF, and the
text of each panel in order. Output: a list of :class:`Finding`; an empty list means every check
passed. The build runs these checks on its own output before writing anything, so a file it
writes has passed them:

* **boxes** — every page has a TrimBox and a BleedBox, TrimBox ⊆ BleedBox ⊆ MediaBox, the trim is
  the flat sheet and the bleed reaches as far as the plan says on every side;
* **fonts** — every font is embedded, and none is one of the standard 14;
* **colour** — no RGB colour operator or colour space anywhere;
* **panels** — each panel's text, in sequence, lies inside its slot on the right page (print) or
  on its own page in reading order (reader).

The PDF is read with pypdf (structure) and pypdfium2 (where text lands); a PDF neither can read is
a finding, never a crash.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import pypdfium2 as pdfium
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject

from .impose import SheetPlan
from .units import to_mm

STANDARD_14 = {
    f"{family}{style}"
    for family, styles in (
        ("Helvetica", ("", "-Bold", "-Oblique", "-BoldOblique")),
        ("Courier", ("", "-Bold", "-Oblique", "-BoldOblique")),
        ("Times", ("-Roman", "-Bold", "-Italic", "-BoldItalic")),
        ("Symbol", ("",)),
        ("ZapfDingbats", ("",)),
    )
    for style in styles
}
RGB_OPERATORS = {b"rg", b"RG"}
RGB_SPACES = {"/DeviceRGB", "/CalRGB"}
TOLERANCE = 0.01  # pt: boxes are computed, so only rounding may differ
CHECKED = "page boxes, embedded fonts, no RGB, each panel's text in its slot and reading order"


@dataclass(frozen=True)
class Finding:
    check: str  # boxes, fonts, colour, panels, file
    page: int | None  # 1-based
    message: str

    def __str__(self) -> str:
        where = f"page {self.page}: " if self.page else ""
        return f"{self.check}: {where}{self.message}"


Box = tuple[float, float, float, float]


def verify_print(data: bytes, plan: SheetPlan, texts: Mapping[str, Sequence[str]]) -> list[Finding]:
    """Check an imposed print PDF against its plan and the text of each panel."""
    reader = _read(data)
    if isinstance(reader, Finding):
        return [reader]
    findings = _fonts(reader) + _colour(reader)
    if len(reader.pages) != len(plan.sides):
        expected = len(plan.sides)
        return [
            *findings,
            Finding("pages", None, f"{len(reader.pages)} pages, expected {expected}"),
        ]
    trims = []
    for number, page in enumerate(reader.pages, start=1):
        box_findings, trim = _boxes(page, number, plan)
        findings += box_findings
        trims.append(trim)
    document = pdfium.PdfDocument(data)
    try:
        for number, (side, trim) in enumerate(zip(plan.sides, trims, strict=True), start=1):
            if trim is None:
                continue
            page = document[number - 1]
            text = page.get_textpage()
            for placed in side.panels:
                slot = (trim[0] + placed.x, trim[1], trim[0] + placed.x + placed.width, trim[3])
                found = text.get_text_bounded(*slot)
                missing = _missing(found, texts[placed.role])
                if missing is not None:
                    findings.append(
                        Finding(
                            "panels",
                            number,
                            f"{plan.fold.label(placed.role)}: {missing!r} is not in "
                            f"its slot at {to_mm(placed.x):g} mm from the left trim",
                        )
                    )
    finally:
        document.close()
    return findings


def verify_reader(
    data: bytes, order: Sequence[str], texts: Mapping[str, Sequence[str]]
) -> list[Finding]:
    """Check a reader PDF: one page per panel in ``order``, each holding its panel's text."""
    reader = _read(data)
    if isinstance(reader, Finding):
        return [reader]
    findings = _fonts(reader) + _colour(reader)
    if len(reader.pages) != len(order):
        return [
            *findings,
            Finding("pages", None, f"{len(reader.pages)} pages, expected {len(order)}"),
        ]
    document = pdfium.PdfDocument(data)
    try:
        for number, role in enumerate(order, start=1):
            found = document[number - 1].get_textpage().get_text_range()
            missing = _missing(found, texts[role])
            if missing is not None:
                findings.append(
                    Finding("panels", number, f"{role}: {missing!r} is not on this page")
                )
    finally:
        document.close()
    return findings


def _read(data: bytes) -> PdfReader | Finding:
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        _ = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, OSError) as exc:
        return Finding("file", None, f"cannot read the PDF: {exc}")
    return reader


def _box(page: DictionaryObject, name: str) -> Box | None:
    # pypdf's page.trimbox falls back to the MediaBox (and writes it): read the raw key instead.
    value = page.get(name)
    if value is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in value.get_object())
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _within(inner: Box, outer: Box) -> bool:
    return (
        inner[0] >= outer[0] - TOLERANCE
        and inner[1] >= outer[1] - TOLERANCE
        and inner[2] <= outer[2] + TOLERANCE
        and inner[3] <= outer[3] + TOLERANCE
    )


def _boxes(page: Any, number: int, plan: SheetPlan) -> tuple[list[Finding], Box | None]:
    findings = []
    media = _box(page, "/MediaBox")
    trim = _box(page, "/TrimBox")
    bleed = _box(page, "/BleedBox")
    for name, box in (("MediaBox", media), ("TrimBox", trim), ("BleedBox", bleed)):
        if box is None:
            findings.append(Finding("boxes", number, f"no {name}"))
    if media is None or trim is None or bleed is None:
        return findings, trim
    if not _within(trim, bleed) or not _within(bleed, media):
        findings.append(Finding("boxes", number, "boxes not nested: TrimBox ⊆ BleedBox ⊆ MediaBox"))
    width, height = trim[2] - trim[0], trim[3] - trim[1]
    if abs(width - plan.width) > TOLERANCE or abs(height - plan.height) > TOLERANCE:
        findings.append(
            Finding(
                "boxes",
                number,
                f"TrimBox is {to_mm(width):.2f} × {to_mm(height):.2f} mm, expected the flat "
                f"sheet {to_mm(plan.width):g} × {to_mm(plan.height):g} mm",
            )
        )
    short = min(trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
    if short < plan.bleed - TOLERANCE:
        findings.append(
            Finding(
                "boxes", number, f"bleed {to_mm(short):.2f} mm, expected {to_mm(plan.bleed):g} mm"
            )
        )
    return findings, trim


def _streams(reader: PdfReader) -> Iterator[tuple[int, DictionaryObject, Any]]:
    """Each page and each Form XObject it uses: (page number, resources, content stream)."""
    for number, page in enumerate(reader.pages, start=1):
        stack: list[tuple[Any, Any]] = [(page.get("/Resources"), page.get_contents())]
        seen: set[int] = set()
        while stack:
            resources, content = stack.pop()
            if isinstance(resources, IndirectObject):
                if resources.idnum in seen:
                    continue  # a form that draws itself
                seen.add(resources.idnum)
            resources = resources.get_object() if resources is not None else None
            if not isinstance(resources, DictionaryObject):
                resources = DictionaryObject()
            yield number, resources, content
            for xobject in (resources.get("/XObject") or {}).values():
                form = xobject.get_object()
                if form.get("/Subtype") == "/Form":
                    stack.append((form.get("/Resources"), form))


def _fonts(reader: PdfReader) -> list[Finding]:
    findings: dict[str, Finding] = {}
    for number, resources, _ in _streams(reader):
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            described = font
            if font.get("/Subtype") == "/Type0":
                described = font["/DescendantFonts"][0].get_object()
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            if not embedded:
                kind = " (a standard-14 font)" if name in STANDARD_14 else ""
                findings[name] = Finding("fonts", number, f"{name}{kind} is not embedded")
    return list(findings.values())


def _is_rgb(space: Any) -> bool:
    space = space.get_object() if hasattr(space, "get_object") else space
    if isinstance(space, list) and space:
        family = str(space[0])
        if family == "/ICCBased":
            return int(space[1].get_object().get("/N", 0)) == 3
        if family in ("/Indexed", "/Pattern") and len(space) > 1:
            return _is_rgb(space[1])
        if family in ("/Separation", "/DeviceN"):
            return False  # the alternate space only stands in for the ink
        return family in RGB_SPACES
    return str(space) in RGB_SPACES


def _colour(reader: PdfReader) -> list[Finding]:
    findings: list[Finding] = []
    for number, resources, content in _streams(reader):
        for name, space in (resources.get("/ColorSpace") or {}).items():
            if _is_rgb(space):
                findings.append(Finding("colour", number, f"RGB colour space {name}"))
        if content is None:
            continue
        for operands, operator in ContentStream(content, reader).operations:
            if operator in RGB_OPERATORS:
                values = " ".join(f"{float(v):g}" for v in operands)
                findings.append(
                    Finding("colour", number, f"RGB colour '{values} {operator.decode()}'")
                )
            elif operator in (b"cs", b"CS") and operands and str(operands[0]) in RGB_SPACES:
                findings.append(Finding("colour", number, f"RGB colour space {operands[0]}"))
    return findings


# pdfium reads a hyphen at a line end back as a marker (\x02 in a rectangle, U+FFFE on a page),
# and a URL broken after a slash as a line break: compare without hyphens and white space.
_HYPHENS = str.maketrans("", "", "-\u00ad\u2010\x02\ufffe")


def _normalise(text: str) -> str:
    return "".join(text.translate(_HYPHENS).split())


def _missing(found: str, expected: Sequence[str]) -> str | None:
    """The first expected piece not found in sequence in ``found``, or None if all are."""
    text, cursor = _normalise(found), 0
    for piece in expected:
        at = text.find(_normalise(piece), cursor)
        if at < 0:
            return piece
        cursor = at + len(_normalise(piece))
    return None
