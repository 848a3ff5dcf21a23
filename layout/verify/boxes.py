"""The ``boxes`` check: every page says where it is cut (TrimBox) and how far the artwork runs
past the cut (BleedBox), the boxes nest, the bleed is wide enough, and all pages are one size."""

from __future__ import annotations

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from ..units import mm, to_mm
from .document import TOLERANCE, Box, raw_box, within
from .report import Finding

MIN_BLEED = mm(3)
SIDES = ("left", "bottom", "right", "top")


def page_boxes(page: DictionaryObject, number: int) -> tuple[list[Finding], dict[str, Box | None]]:
    """The page's MediaBox, TrimBox and BleedBox as written, with an error for each one that is
    missing or malformed, and one if they do not nest."""
    findings: list[Finding] = []
    boxes: dict[str, Box | None] = {}
    for name in ("MediaBox", "TrimBox", "BleedBox"):
        try:
            boxes[name] = raw_box(page, f"/{name}")
        except (ValueError, TypeError) as exc:
            boxes[name] = None
            findings.append(Finding("boxes", number, f"malformed {name}: {exc}"))
            continue
        if boxes[name] is None:
            findings.append(Finding("boxes", number, f"no {name}"))
    media, trim, bleed = boxes["MediaBox"], boxes["TrimBox"], boxes["BleedBox"]
    if (
        media is not None
        and trim is not None
        and bleed is not None
        and not (within(trim, bleed) and within(bleed, media))
    ):
        findings.append(Finding("boxes", number, "boxes not nested: TrimBox ⊆ BleedBox ⊆ MediaBox"))
    return findings, boxes


def bleed_widths(trim: Box, bleed: Box) -> tuple[float, float, float, float]:
    """How far the BleedBox reaches past the TrimBox on the left, bottom, right and top (pt)."""
    return (trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])


def check_boxes(reader: PdfReader) -> tuple[list[Finding], list[dict[str, Box | None]]]:
    """Check every page's boxes; return the findings and each page's boxes for later checks."""
    findings: list[Finding] = []
    pages: list[dict[str, Box | None]] = []
    first: tuple[int, Box] | None = None
    for number, page in enumerate(reader.pages, start=1):
        page_findings, boxes = page_boxes(page, number)
        findings += page_findings
        pages.append(boxes)
        trim, bleed = boxes["TrimBox"], boxes["BleedBox"]
        if trim is not None and bleed is not None and within(trim, bleed):
            short = [
                (side, width)
                for side, width in zip(SIDES, bleed_widths(trim, bleed), strict=True)
                if width < MIN_BLEED - TOLERANCE
            ]
            if short:
                findings.append(Finding("boxes", number, _short_bleed(short)))
        if trim is None:
            continue
        if first is None:
            first = (number, trim)
        elif not _same_size(trim, first[1]):
            findings.append(
                Finding(
                    "boxes",
                    number,
                    f"TrimBox {_size(trim)} differs from page {first[0]}'s {_size(first[1])}",
                )
            )
    return findings, pages


def _short_bleed(short: list[tuple[str, float]]) -> str:
    widths = {f"{to_mm(width):.2f}" for _, width in short}
    if len(short) == len(SIDES) and len(widths) == 1:
        where = f"{widths.pop()} mm on every side"
    else:
        where = ", ".join(f"{to_mm(width):.2f} mm on the {side}" for side, width in short)
    return f"bleed {where}; needs at least {to_mm(MIN_BLEED):g} mm"


def _same_size(a: Box, b: Box) -> bool:
    return (
        abs((a[2] - a[0]) - (b[2] - b[0])) <= TOLERANCE
        and abs((a[3] - a[1]) - (b[3] - b[1])) <= TOLERANCE
    )


def _size(box: Box) -> str:
    return f"{to_mm(box[2] - box[0]):.2f} × {to_mm(box[3] - box[1]):.2f} mm"
