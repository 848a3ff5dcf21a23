"""The build's read-back of the reader PDF (the print PDF gets the full preflight).

Input: the PDF's bytes, the panels in reading order and the text of each. Output: a list of
:class:`Finding`; an empty list means every check passed. The build runs this on its own output
before writing anything, so a file it writes has passed it: a page that could not be checked
whole (a bound of the interpreter reached, a page too dense for pdfium) is a finding too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pypdf import PdfReader

from .colour import check_colour, scan_pages, too_dense
from .document import open_pdfium, open_pypdf
from .fonts import check_fonts
from .interpret import PageRun, interpret_page
from .panels import missing
from .preflight import LIMIT, MAX_INTERPRETED_FILE, describe_limit, exhausted_by_file
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
    # pdfium lays out every object a page draws, forms as often as they are drawn: the pages
    # the scan finds too dense for it are not given to it, as in the preflight.
    dense = too_dense(scan_pages(reader))
    document = open_pdfium(data)
    if isinstance(document, Finding):
        return [*findings, document]
    try:
        for number, role in enumerate(order, start=1):
            if number in dense:
                findings.append(
                    Finding("panels", number, f"{role}: text not checked: {dense[number]}")
                )
                continue
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
    # check_colour reads only the colours the content sets: nothing needs placing. The runs
    # share the preflight's budget for a file, and a bound reached is said: a colour past it
    # is unchecked, and the build must not write what it could not check.
    runs: list[PageRun | None] = []
    limits: list[Finding] = []
    remaining = MAX_INTERPRETED_FILE
    for number, page in enumerate(reader.pages, start=1):
        run = interpret_page(reader, page, placement=False, budget=remaining)
        exhausted = exhausted_by_file(remaining, run)
        remaining = max(remaining - run.operations, 0)
        runs.append(run)
        said = [describe_limit(p, exhausted) for p in run.problems if LIMIT.search(p)]
        limits += [Finding("colour", number, m, "warning") for m in dict.fromkeys(said)]
    return check_fonts(reader) + check_colour(reader, runs) + limits
