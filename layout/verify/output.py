"""The build's own read-back: make-folder's PDFs checked against what they should hold.

Input: the PDF's bytes and what it should hold — the :class:`SheetPlan` for a print PDF, and the
text of each panel in order. Output: a list of :class:`Finding`; an empty list means every check
passed. The build runs these checks on its own output before writing anything, so a file it
writes has passed them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pypdfium2 as pdfium
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from ..impose import SheetPlan
from ..units import to_mm
from .boxes import bleed_widths, page_boxes
from .colour import check_colour
from .document import TOLERANCE, Box, open_pypdf
from .fonts import check_fonts
from .interpret import interpret_page
from .panels import missing
from .report import Finding

CHECKED = "page boxes, embedded fonts, no RGB, each panel's text in its slot and reading order"


def verify_print(data: bytes, plan: SheetPlan, texts: Mapping[str, Sequence[str]]) -> list[Finding]:
    """Check an imposed print PDF against its plan and the text of each panel."""
    reader = open_pypdf(data)
    if isinstance(reader, Finding):
        return [reader]
    findings = _fonts_and_colour(reader)
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
            text = document[number - 1].get_textpage()
            for placed in side.panels:
                x0, y0, x1, y1 = placed.rect
                found = text.get_text_bounded(
                    trim[0] + x0, trim[1] + y0, trim[0] + x1, trim[1] + y1
                )
                absent = missing(found, texts[placed.role])
                if absent is not None:
                    findings.append(
                        Finding(
                            "panels",
                            number,
                            f"{plan.fold.label(placed.role)}: {absent!r} is not in "
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
    reader = open_pypdf(data)
    if isinstance(reader, Finding):
        return [reader]
    findings = _fonts_and_colour(reader)
    if len(reader.pages) != len(order):
        return [
            *findings,
            Finding("pages", None, f"{len(reader.pages)} pages, expected {len(order)}"),
        ]
    document = pdfium.PdfDocument(data)
    try:
        for number, role in enumerate(order, start=1):
            found = document[number - 1].get_textpage().get_text_range()
            absent = missing(found, texts[role])
            if absent is not None:
                findings.append(
                    Finding("panels", number, f"{role}: {absent!r} is not on this page")
                )
    finally:
        document.close()
    return findings


def _fonts_and_colour(reader: PdfReader) -> list[Finding]:
    runs = [interpret_page(reader, page) for page in reader.pages]
    return check_fonts(reader) + check_colour(reader, runs)


def _boxes(
    page: DictionaryObject, number: int, plan: SheetPlan
) -> tuple[list[Finding], Box | None]:
    findings, boxes = page_boxes(page, number)
    trim, bleed = boxes["TrimBox"], boxes["BleedBox"]
    if boxes["MediaBox"] is None or trim is None or bleed is None:
        return findings, trim
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
    short = min(bleed_widths(trim, bleed))
    if short < plan.bleed - TOLERANCE:
        findings.append(
            Finding(
                "boxes", number, f"bleed {to_mm(short):.2f} mm, expected {to_mm(plan.bleed):g} mm"
            )
        )
    return findings, trim
