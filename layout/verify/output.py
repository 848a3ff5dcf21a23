"""The build's read-back of the reader PDF (the print PDF gets the full preflight).

Input: the PDF's bytes, the panels in reading order and the text of each. Output: a list of
:class:`Finding`; an empty list means every check passed. The build runs this on its own output
before writing anything, so a file it writes has passed it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pypdfium2 as pdfium
from pypdf import PdfReader

from .colour import check_colour
from .document import open_pypdf
from .fonts import check_fonts
from .interpret import interpret_page
from .panels import missing
from .report import Finding


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
    # check_colour reads only the colours the content sets: nothing needs placing.
    runs = [interpret_page(reader, page, placement=False) for page in reader.pages]
    return check_fonts(reader) + check_colour(reader, runs)
