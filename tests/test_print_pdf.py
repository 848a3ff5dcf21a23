"""The built PDFs read back: what a printer's preflight and a reader would see.

The default leaflet (``content.yaml``) is built once per session; the print PDF is read back with
pypdfium2 (text and objects where they really land, through any Form XObject) and pypdf (page
boxes, fonts, colour operators). Expectations come from the YAML files and the fold registry and
imposition plan; the facts of the seed leaflet (folding.md §2.1, the Idébanken slug) are also
asserted on their own, so that a wrong registry cannot make the tests agree with a wrong sheet.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml
from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
)

from layout.build import BuildResult, build
from layout.folds import FOLDS
from layout.impose import PlacedPanel, SheetPlan, plan
from layout.units import mm

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content.yaml"

# --- the seed leaflet's facts (folding.md §2.1 and §2.9, the Idébanken slug) --------------------

FLAT_MM = (396.0, 210.0)
FINISHED_MM = (100.0, 210.0)
BLEED_MM = 3.0
FOLDS_MM = (98.0, 198.0, 298.0)  # from the left trim, on both sides of the sheet
# Print page → the slots left to right: (role, "Side N", trim width in mm).
SHEET: tuple[tuple[tuple[str, int, float], ...], ...] = (
    (
        ("door-right", 5, 98.0),
        ("back-cover", 6, 100.0),
        ("front-cover", 7, 100.0),
        ("door-left", 8, 98.0),
    ),
    (
        ("inside-1", 1, 98.0),
        ("inside-2", 2, 100.0),
        ("inside-3", 3, 100.0),
        ("inside-4", 4, 98.0),
    ),
)
READING_ORDER = (
    "front-cover",
    "door-left",
    "door-right",
    "inside-1",
    "inside-2",
    "inside-3",
    "inside-4",
    "back-cover",
)
SLOTS = [
    pytest.param(page, column, role, id=f"page{page + 1}-col{column + 1}-{role}")
    for page, slots in enumerate(SHEET)
    for column, (role, _, _) in enumerate(slots)
]

STANDARD_14 = {
    "Courier",
    "Courier-Bold",
    "Courier-BoldOblique",
    "Courier-Oblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-BoldOblique",
    "Helvetica-Oblique",
    "Symbol",
    "Times-Bold",
    "Times-BoldItalic",
    "Times-Italic",
    "Times-Roman",
    "ZapfDingbats",
}
EXACT = 0.01  # pt: the boxes and marks are computed, so only float rounding is allowed

Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF points
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(CONTENT, tmp_path_factory.mktemp("leaflet"))


@pytest.fixture(scope="session")
def sheet(built: BuildResult) -> SheetPlan:
    return built.leaflet.plan


@pytest.fixture(scope="session")
def content() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(CONTENT.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def design(content: dict[str, Any]) -> dict[str, Any]:
    path = CONTENT.parent / content.get("design", "design.yaml")
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def print_pdf(built: BuildResult) -> Iterator[pdfium.PdfDocument]:
    document = pdfium.PdfDocument(built.print_pdf)
    yield document
    document.close()


@pytest.fixture(scope="session")
def reader_pdf(built: BuildResult) -> Iterator[pdfium.PdfDocument]:
    document = pdfium.PdfDocument(built.reader_pdf)
    yield document
    document.close()


@pytest.fixture(scope="session")
def print_file(built: BuildResult) -> PdfReader:
    return PdfReader(built.print_pdf)


@pytest.fixture(scope="session")
def reader_file(built: BuildResult) -> PdfReader:
    return PdfReader(built.reader_pdf)


# --- expected text, straight from the YAML -------------------------------------------------------


def collapse(text: str) -> str:
    return " ".join(text.split())


def panel_texts(content: dict[str, Any], design: dict[str, Any], role: str) -> list[str]:
    """Every piece of text the panel prints, in order, as its style sets it (kicker in capitals)."""
    styles = design["styles"]

    def styled(kind: str, text: str) -> str:
        return collapse(text.upper() if styles[kind].get("upper") else text)

    pieces = []
    for block in content["panels"][role]:
        if "heading" in block:
            pieces.append(styled("heading", block["heading"]))
            if block.get("subheading"):
                pieces.append(styled("subheading", block["subheading"]))
        elif "bullets" in block:
            pieces += [styled("bullet", item) for item in block["bullets"]]
        elif "publication" in block:
            publication = block["publication"]
            pieces += [
                styled(f"publication-{part}", publication[part])
                for part in ("title", "subtitle", "description")
            ]
        else:
            ((kind, text),) = block.items()
            pieces.append(styled(kind, text))
    return pieces


# pdfium reads a hyphen at a line end back as a break marker (U+FFFE from the whole page, \x02
# from a rectangle) whichever hyphen it was, so hyphens are dropped on both sides of a comparison.
_HYPHENS = str.maketrans("", "", "-\u00ad\u2010\x02\ufffe")


def normalise(text: str) -> str:
    return collapse(text.translate(_HYPHENS))


def assert_panel_text(found: str, expected: Sequence[str], bullet: str, where: str) -> None:
    """``found`` is exactly the ``expected`` pieces in sequence (bullet glyphs aside)."""
    text = normalise(found)
    cursor, stray = 0, []
    for piece in map(normalise, expected):
        at = text.find(piece, cursor)
        assert at >= 0, (
            f"{where}: {piece!r} missing or out of sequence; the text after the last match "
            f"reads {text[cursor : cursor + 120]!r}"
        )
        stray.append(text[cursor:at])
        cursor = at + len(piece)
    stray.append(text[cursor:])
    assert "".join(stray).replace(bullet, "").split() == [], f"{where}: stray text {stray!r}"


# --- geometry helpers ----------------------------------------------------------------------------


def as_matrix(values: Sequence[Any]) -> Matrix:
    a, b, c, d, e, f = (float(v) for v in values)
    return a, b, c, d, e, f


def multiply(first: Matrix, then: Matrix) -> Matrix:
    """``first`` followed by ``then`` (PDF row-vector convention: p' = p × first × then)."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = then
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def transform_box(matrix: Matrix, box: Box) -> Box:
    x0, y0, x1, y1 = box
    corners = [apply(matrix, x, y) for x in (x0, x1) for y in (y0, y1)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return min(xs), min(ys), max(xs), max(ys)


def intersect(a: Box, b: Box) -> Box:
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


def inside(box: Box, area: Box, tolerance: float = EXACT) -> bool:
    return (
        box[0] >= area[0] - tolerance
        and box[1] >= area[1] - tolerance
        and box[2] <= area[2] + tolerance
        and box[3] <= area[3] + tolerance
    )


def apart(box: Box, area: Box, tolerance: float = EXACT) -> bool:
    """No overlap with a positive area (touching an edge, within ``tolerance``, is allowed)."""
    return (
        box[2] <= area[0] + tolerance
        or box[0] >= area[2] - tolerance
        or box[3] <= area[1] + tolerance
        or box[1] >= area[3] - tolerance
    )


def grow(box: Box, by: float) -> Box:
    return box[0] - by, box[1] - by, box[2] + by, box[3] + by


def page_box(page: Any, name: str) -> Box:
    """A page box as written; pypdf's properties would fall back to the MediaBox silently."""
    assert name in page, f"the page has no {name}"
    x0, y0, x1, y1 = (float(v) for v in page[name])
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def slot_trim(trim: Box, sheet: SheetPlan, placed: PlacedPanel) -> Box:
    return trim[0] + placed.x, trim[1], trim[0] + placed.x + placed.width, trim[1] + sheet.height


def slot_bleed(trim: Box, sheet: SheetPlan, page_index: int, column: int) -> Box:
    """A panel's trim plus bleed over the sheet's cut edges only: the ends and head and foot."""
    side = sheet.sides[page_index]
    placed = side.panels[column]
    x0, y0, x1, y1 = slot_trim(trim, sheet, placed)
    first, last = column == 0, column == len(side.panels) - 1
    return (
        x0 - (sheet.bleed if first else 0.0),
        y0 - sheet.bleed,
        x1 + (sheet.bleed if last else 0.0),
        y1 + sheet.bleed,
    )


# --- pypdfium2: page objects where they really land ---------------------------------------------


@dataclass(frozen=True)
class Placed:
    """One page object, its painted bounds on the page and, for paths, its points on the page."""

    kind: int  # FPDF_PAGEOBJ_*
    bounds: Box  # as pdfium reports them: a stroke is widened by its line width
    visible: Box  # bounds cut by the clip path: what can actually be painted
    points: tuple[tuple[float, float], ...]
    filled: bool
    stroked: bool
    dashed: bool
    text: str


def _clip_box(raw: Any, matrix: Matrix) -> Box | None:
    """The clip path's bounding box on the page, or None when pdfium keeps no clip.

    pdfium drops a clip that contains the object whole, so None means "not clipped".
    """
    clip = pdfium_c.FPDFPageObj_GetClipPath(raw)
    if not clip:
        return None
    area: Box | None = None
    for path in range(pdfium_c.FPDFClipPath_CountPaths(clip)):
        xs, ys = [], []
        for index in range(pdfium_c.FPDFClipPath_CountPathSegments(clip, path)):
            segment = pdfium_c.FPDFClipPath_GetPathSegment(clip, path, index)
            x, y = ctypes.c_float(), ctypes.c_float()
            pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
            xs.append(x.value)
            ys.append(y.value)
        if xs:
            box = transform_box(matrix, (min(xs), min(ys), max(xs), max(ys)))
            area = box if area is None else intersect(area, box)
    return area


def page_objects(page: pdfium.PdfPage) -> list[Placed]:
    """Every object on ``page``, descending into Form XObjects with their matrices applied
    (pdfium reports an object inside a form in the form's own coordinates)."""
    textpage = page.get_textpage()
    found: list[Placed] = []

    def walk(form: Any, outer: Matrix, level: int) -> None:
        for obj in page.get_objects(max_depth=1, form=form, level=level, textpage=textpage):
            if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
                walk(obj, multiply(as_matrix(obj.get_matrix().get()), outer), level + 1)
                continue
            bounds = transform_box(outer, tuple(obj.get_bounds()))
            clip = _clip_box(obj.raw, outer)
            visible = bounds if clip is None else intersect(bounds, clip)
            points: list[tuple[float, float]] = []
            filled = stroked = dashed = False
            text = ""
            if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                fill_mode, stroke = ctypes.c_int(), pdfium_c.FPDF_BOOL()
                pdfium_c.FPDFPath_GetDrawMode(obj.raw, fill_mode, stroke)
                filled, stroked = fill_mode.value != 0, bool(stroke.value)
                dashed = pdfium_c.FPDFPageObj_GetDashCount(obj.raw) > 0
                own = multiply(as_matrix(obj.get_matrix().get()), outer)
                for index in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
                    segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, index)
                    x, y = ctypes.c_float(), ctypes.c_float()
                    pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
                    points.append(apply(own, x.value, y.value))
            elif obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                text = obj.extract().strip()
            found.append(
                Placed(obj.type, bounds, visible, tuple(points), filled, stroked, dashed, text)
            )

    walk(None, IDENTITY, 0)
    return found


def text_in(page: pdfium.PdfPage, box: Box) -> str:
    text: str = page.get_textpage().get_text_bounded(*box)
    return text


# --- 1. panel order on the print sheet -----------------------------------------------------------


def test_plan_is_the_seed_gate_fold(sheet: SheetPlan, content: dict[str, Any]) -> None:
    """This test ensures that the imposition plan of the default leaflet is the known closed
    gate: flat 396 × 210 mm, panels 98/100/100/98 mm, folds at 98/198/298 mm, the outside left to
    right door-right (Side 5), back cover (6), front cover (7), door-left (8), the inside
    inside-1…4 (Side 1…4), and reading order front cover, doors, inside, back cover."""
    assert content["fold"] == "gate-8"
    assert (sheet.width, sheet.height) == pytest.approx((mm(FLAT_MM[0]), mm(FLAT_MM[1])))
    assert sheet.bleed == pytest.approx(mm(BLEED_MM))
    assert [side.name for side in sheet.sides] == ["outside", "inside"]
    for side, known in zip(sheet.sides, SHEET, strict=True):
        assert [(p.role, p.panel_number) for p in side.panels] == [(r, n) for r, n, _ in known]
        assert [p.width for p in side.panels] == pytest.approx([mm(w) for _, _, w in known])
        assert side.folds == pytest.approx([mm(x) for x in FOLDS_MM])
    assert FOLDS[content["fold"]].reading_order == READING_ORDER


@pytest.mark.parametrize(("page_index", "column", "role"), SLOTS)
def test_each_slot_holds_its_panel_and_no_other(
    sheet: SheetPlan,
    print_pdf: pdfium.PdfDocument,
    print_file: PdfReader,
    content: dict[str, Any],
    design: dict[str, Any],
    page_index: int,
    column: int,
    role: str,
) -> None:
    """This test ensures that the text inside a slot's trim on the print sheet is that panel's
    text — every heading, paragraph, bullet, publication part, kicker, title, lead and url, in
    sequence — and nothing of any other panel."""
    placed = sheet.sides[page_index].panels[column]
    assert placed.role == role, "the plan puts another panel in this slot"
    trim = page_box(print_file.pages[page_index], "/TrimBox")
    found = text_in(print_pdf[page_index], slot_trim(trim, sheet, placed))
    expected = panel_texts(content, design, role)
    own = normalise(" ".join(expected))
    for other in READING_ORDER:
        if other == role:
            continue
        for piece in map(normalise, panel_texts(content, design, other)):
            # Shared words ("Fra stress til trivsel", the url) cannot tell panels apart.
            if piece not in own:
                assert piece not in normalise(found), f"{other}'s text is in {role}'s slot"
    assert_panel_text(found, expected, design["bullet"]["glyph"], f"{role} on the sheet")


# --- 2. the reader PDF ---------------------------------------------------------------------------


def test_reader_pdf_has_one_finished_page_per_panel_in_reading_order(
    reader_pdf: pdfium.PdfDocument,
    reader_file: PdfReader,
    content: dict[str, Any],
    design: dict[str, Any],
) -> None:
    """This test ensures that the reader PDF has 8 pages of the finished size (100 × 210 mm),
    front cover, left door, right door, inside 1–4, back cover, each with its panel's text
    only."""
    order = FOLDS[content["fold"]].reading_order
    assert order == READING_ORDER
    assert len(reader_file.pages) == len(order) == len(reader_pdf)
    width, height = content["finished_size"]["width"], content["finished_size"]["height"]
    assert (width, height) == FINISHED_MM
    for index, role in enumerate(order):
        media = page_box(reader_file.pages[index], "/MediaBox")
        assert media == pytest.approx((0, 0, mm(width), mm(height)), abs=EXACT)
        found = reader_pdf[index].get_textpage().get_text_range()
        expected = panel_texts(content, design, role)
        assert_panel_text(found, expected, design["bullet"]["glyph"], f"reader page {index + 1}")


def test_reader_outline_lists_the_panels_in_reading_order(
    reader_file: PdfReader, content: dict[str, Any]
) -> None:
    """This test ensures that the reader PDF's outline has one entry per page, in reading
    order, each pointing at its page and named by the panel's first title or heading."""
    outline = reader_file.outline
    assert len(outline) == len(READING_ORDER)
    for index, (entry, role) in enumerate(zip(outline, READING_ORDER, strict=True)):
        assert not isinstance(entry, list), "the outline is flat: one level, one entry a page"
        assert reader_file.get_destination_page_number(entry) == index
        names = [
            block.get("title") or block.get("heading")
            for block in content["panels"][role]
            if "title" in block or "heading" in block
        ]
        assert entry.title == f"{index + 1}. {collapse(names[0])}"


# --- 3. page boxes -------------------------------------------------------------------------------


def test_print_page_boxes(print_file: PdfReader, sheet: SheetPlan) -> None:
    """This test ensures that both print pages carry TrimBox, BleedBox and MediaBox; the trim is
    the flat sheet (396 × 210 mm), the bleed exactly 3 mm beyond it on every side, the media
    strictly larger, and all three identical on both pages."""
    assert len(print_file.pages) == 2
    boxes = []
    for page in print_file.pages:
        trim = page_box(page, "/TrimBox")
        bleed = page_box(page, "/BleedBox")
        media = page_box(page, "/MediaBox")
        assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx(
            (mm(FLAT_MM[0]), mm(FLAT_MM[1])), abs=EXACT
        )
        assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx(
            (sheet.width, sheet.height), abs=EXACT
        )
        assert bleed == pytest.approx(grow(trim, mm(BLEED_MM)), abs=EXACT)
        assert media[0] < bleed[0] and media[1] < bleed[1]
        assert media[2] > bleed[2] and media[3] > bleed[3]
        boxes.append((trim, bleed, media))
    assert boxes[0] == boxes[1]


# --- 4. marks and slug outside the bleed ---------------------------------------------------------


def _bleed(print_file: PdfReader, page_index: int) -> Box:
    return page_box(print_file.pages[page_index], "/BleedBox")


@pytest.mark.parametrize("page_index", [0, 1], ids=["outside", "inside"])
def test_marks_stay_outside_the_bleed(
    print_pdf: pdfium.PdfDocument, print_file: PdfReader, design: dict[str, Any], page_index: int
) -> None:
    """This test ensures that every stroked path (the marks are the only ones) lies outside the
    BleedBox: its line touches the bleed edge at most, and its ink reaches no further in than
    the line width, so no mark is printed on the trimmed leaflet."""
    bleed = _bleed(print_file, page_index)
    strokes = [o for o in page_objects(print_pdf[page_index]) if o.stroked]
    assert strokes
    # pdfium widens a stroke's bounds by its full line width on every side.
    allowance = design["marks"]["weight"] + EXACT
    for stroke in strokes:
        assert not stroke.filled
        line = (
            min(x for x, _ in stroke.points),
            min(y for _, y in stroke.points),
            max(x for x, _ in stroke.points),
            max(y for _, y in stroke.points),
        )
        assert apart(line, bleed), f"a mark from {line} enters the bleed {bleed}"
        assert apart(stroke.bounds, bleed, allowance), f"a mark's ink {stroke.bounds} bleeds in"


@dataclass(frozen=True)
class SheetMarks:
    crop: list[tuple[tuple[float, float], ...]]
    fold_x: list[float]  # from the left trim, one entry per fold mark
    fold_ends: list[tuple[float, str]]  # (x from the left trim, "head" or "foot")


def sheet_marks(page: pdfium.PdfPage, trim: Box) -> SheetMarks:
    """The marks sorted by the print trade's rule: a solid line along a trim edge is a crop
    mark, a dashed vertical line between the trim edges is a fold mark; solid strokes beside
    the sheet, between its head and foot, are registration targets (left out here)."""
    crop: list[tuple[tuple[float, float], ...]] = []
    fold_ends: list[tuple[float, str]] = []
    for stroke in (o for o in page_objects(page) if o.stroked):
        (x0, y0), (x1, _) = stroke.points[0], stroke.points[-1]
        xs, ys = [x for x, _ in stroke.points], [y for _, y in stroke.points]
        beside = max(xs) < trim[0] or min(xs) > trim[2]
        if beside and not stroke.dashed and trim[1] + EXACT < min(ys) <= max(ys) < trim[3] - EXACT:
            continue
        assert len(stroke.points) == 2, "a mark is one straight line"
        vertical = abs(x0 - x1) < EXACT
        on_trim_edge = (
            min(abs(x0 - trim[0]), abs(x0 - trim[2])) < EXACT
            if vertical
            else min(abs(y0 - trim[1]), abs(y0 - trim[3])) < EXACT
        )
        if on_trim_edge:
            assert not stroke.dashed, "crop marks are solid"
            crop.append(stroke.points)
        else:
            assert vertical and stroke.dashed, "fold marks are dashed and vertical"
            fold_ends.append((x0 - trim[0], "head" if y0 > trim[3] else "foot"))
    return SheetMarks(crop, sorted(x for x, _ in fold_ends), sorted(fold_ends))


@pytest.mark.parametrize("page_index", [0, 1], ids=["outside", "inside"])
def test_crop_and_fold_marks(
    print_pdf: pdfium.PdfDocument, print_file: PdfReader, sheet: SheetPlan, page_index: int
) -> None:
    """This test ensures that each print page has 8 crop marks (two at each trim corner,
    outward) and 2 dashed fold marks (head and foot) on each of the 3 folds, exactly at the
    plan's fold positions, 98, 198 and 298 mm from the left trim."""
    trim = page_box(print_file.pages[page_index], "/TrimBox")
    marks = sheet_marks(print_pdf[page_index], trim)
    assert len(marks.crop) == 8
    at_corner: dict[tuple[float, float], list[bool]] = {}
    for (x0, y0), (x1, _) in marks.crop:
        corner = (
            min((trim[0], trim[2]), key=lambda edge: abs(edge - x0)),
            min((trim[1], trim[3]), key=lambda edge: abs(edge - y0)),
        )
        at_corner.setdefault(corner, []).append(abs(x0 - x1) < EXACT)
    # One vertical and one horizontal mark at each of the four corners.
    assert sorted(map(sorted, at_corner.values())) == [[False, True]] * 4
    folds = sheet.sides[page_index].folds
    assert len(folds) == len(FOLDS_MM) == 3
    assert [end for _, end in marks.fold_ends] == ["foot", "head"] * len(folds)
    head_and_foot = 2
    assert marks.fold_x == pytest.approx(sorted(folds * head_and_foot), abs=EXACT)
    assert marks.fold_x == pytest.approx(sorted(mm(x) for x in FOLDS_MM * head_and_foot), abs=EXACT)


@pytest.mark.parametrize("page_index", [0, 1], ids=["outside", "inside"])
def test_artwork_stays_inside_the_bleed(
    print_pdf: pdfium.PdfDocument, print_file: PdfReader, page_index: int
) -> None:
    """This test ensures that every filled path (backgrounds, the cover's rings) but the colour
    bar beside the sheet, and every text object but the slug, can only paint inside the
    BleedBox, and that nothing straddles it."""
    bleed = _bleed(print_file, page_index)
    for obj in page_objects(print_pdf[page_index]):
        if obj.filled:
            beside = obj.visible[0] >= bleed[2] or obj.visible[2] <= bleed[0]
            assert inside(obj.visible, bleed) or beside, f"a filled path reaches {obj.visible}"
        elif obj.kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            assert inside(obj.bounds, bleed) or apart(obj.bounds, bleed), (
                f"{obj.text!r} straddles the bleed edge"
            )


@pytest.mark.parametrize("page_index", [0, 1], ids=["outside", "inside"])
def test_slug_names_each_panel_and_the_job_outside_the_bleed(
    print_pdf: pdfium.PdfDocument,
    print_file: PdfReader,
    sheet: SheetPlan,
    content: dict[str, Any],
    design: dict[str, Any],
    page_index: int,
) -> None:
    """This test ensures that the only text outside the BleedBox is the slug: above each panel
    its name ("Side 5 (høyre dør)" …) centred over its slot, below the sheet one job line naming
    title, language, fold with its JDF id (not its long title), flat and finished size, the
    column widths, the page and on page 2 the turn; and that no slug text enters the bleed."""
    bleed = _bleed(print_file, page_index)
    trim = page_box(print_file.pages[page_index], "/TrimBox")
    labels = design["slug"]
    texts = [o for o in page_objects(print_pdf[page_index]) if o.text]
    slug = [o for o in texts if apart(o.bounds, bleed)]
    inner = [o.text for o in texts if not apart(o.bounds, bleed)]

    above = sorted((o for o in slug if o.bounds[1] >= bleed[3]), key=lambda o: o.bounds[0])
    expected = [
        f"{labels['page']} {number} ({labels[role]})" for role, number, _ in SHEET[page_index]
    ]
    assert [o.text for o in above] == expected
    if page_index == 0:  # the seed's own slug, word for word
        assert expected == [
            "Side 5 (høyre dør)",
            "Side 6 (bakside)",
            "Side 7 (forside)",
            "Side 8 (venstre dør)",
        ]
    for label, placed in zip(above, sheet.sides[page_index].panels, strict=True):
        left, _, right, _ = slot_trim(trim, sheet, placed)
        centre = (label.bounds[0] + label.bounds[2]) / 2
        assert abs(centre - (left + right) / 2) < 2, f"{label.text!r} is not over its slot"
    for text in inner:
        assert text not in expected, f"the slug {text!r} is inside the bleed"

    below = [o for o in slug if o.bounds[3] <= bleed[1]]
    assert len(below) == 1 and len(slug) == len(above) + 1, "only the slug lies outside the bleed"
    job = below[0].text
    flat = f"{FLAT_MM[0]:g} × {FLAT_MM[1]:g} mm"
    finished = f"{content['finished_size']['width']:g} × {content['finished_size']['height']:g} mm"
    for fact in (collapse(content["title"]), content["language"], content["fold"], flat, finished):
        assert fact in job, f"the job line lacks {fact!r}: {job!r}"
    assert f"{FINISHED_MM[0]:g} × {FINISHED_MM[1]:g} mm" in job
    assert "· gate-8 (JDF F8-4) ·" in job and FOLDS["gate-8"].title not in job
    assert "· panels 98/100/100/98 mm ·" in job
    assert job.endswith(("page 1 of 2", "page 2 of 2: turn like a book page")[page_index]), job


# --- 5. fold positions on the back mirror the front ----------------------------------------------


def test_fold_marks_on_the_inside_mirror_the_outside(
    print_pdf: pdfium.PdfDocument, print_file: PdfReader, sheet: SheetPlan
) -> None:
    """This test ensures that the fold marks on page 2 stand at trim width minus those on page
    1: the inside is the outside turned like a book page, not seen through the paper."""
    trims = [page_box(page, "/TrimBox") for page in print_file.pages]
    outside = sheet_marks(print_pdf[0], trims[0]).fold_x
    inside = sheet_marks(print_pdf[1], trims[1]).fold_x
    width = trims[0][2] - trims[0][0]
    assert inside == pytest.approx(sorted(width - x for x in outside), abs=EXACT)


def test_plan_inside_mirrors_outside(content: dict[str, Any], design: dict[str, Any]) -> None:
    """This test ensures that the plan of the default leaflet folds where the back's folds are
    mirrored, outside widths are the inside widths reversed, and outside panel k backs inside
    panel n + 1 − k."""
    size = content["finished_size"]
    sheet = plan(
        FOLDS[content["fold"]],
        mm(size["width"]),
        mm(size["height"]),
        mm(design["sheet"]["compensation"]["default"]),
        mm(design["sheet"]["bleed"]),
    )
    outside, inside_ = sheet.sides
    assert inside_.folds == pytest.approx(
        tuple(sheet.width - x for x in reversed(outside.folds)), abs=1e-9
    )
    assert [p.width for p in outside.panels] == [p.width for p in reversed(inside_.panels)]
    n = len(outside.panels)
    for k, panel in enumerate(outside.panels, start=1):
        assert panel.backs == inside_.panels[n - k].role


# --- 6. backgrounds never cross a fold -----------------------------------------------------------


@pytest.mark.parametrize("page_index", [0, 1], ids=["outside", "inside"])
def test_filled_paths_stay_within_their_panel(
    print_pdf: pdfium.PdfDocument, print_file: PdfReader, sheet: SheetPlan, page_index: int
) -> None:
    """This test ensures that whatever a panel fills stays within that panel's trim plus bleed
    over cut edges only: no background or ornament spills across a fold onto its neighbour
    (the colour bar's patches, outside the bleed, belong to no panel)."""
    trim = page_box(print_file.pages[page_index], "/TrimBox")
    bleed = _bleed(print_file, page_index)
    side = sheet.sides[page_index]
    areas = [slot_bleed(trim, sheet, page_index, column) for column in range(len(side.panels))]
    for obj in (o for o in page_objects(print_pdf[page_index]) if o.filled):
        if apart(obj.visible, bleed):
            continue
        centre = (obj.visible[0] + obj.visible[2]) / 2
        owner = next(i for i, a in enumerate(areas) if a[0] <= centre <= a[2])
        assert inside(obj.visible, areas[owner]), (
            f"a fill of {side.panels[owner].role} reaches {obj.visible}, beyond {areas[owner]}"
        )


def test_cover_backgrounds_run_from_fold_to_fold(
    print_pdf: pdfium.PdfDocument, print_file: PdfReader, sheet: SheetPlan, design: dict[str, Any]
) -> None:
    """This test ensures that each panel background of the design fills its panel to the folds
    and bleeds over head and foot, no further: the front cover's (Side 7) petrol ends exactly
    on the folds at 198 and 298 mm."""
    trim = page_box(print_file.pages[0], "/TrimBox")
    with_background = [r for r, style in design["panels"].items() if "background" in style]
    assert {"front-cover", "back-cover"} <= set(with_background)
    for role in with_background:
        page_index, column = next(
            (i, k)
            for i, side in enumerate(sheet.sides)
            for k, p in enumerate(side.panels)
            if p.role == role
        )
        area = slot_bleed(trim, sheet, page_index, column)
        fills = [o.visible for o in page_objects(print_pdf[page_index]) if o.filled]
        assert any(v == pytest.approx(area, abs=EXACT) for v in fills), f"{role}: no background"
    front = next(p for p in sheet.sides[0].panels if p.role == "front-cover")
    petrol = [
        o.visible
        for o in page_objects(print_pdf[0])
        if o.filled and o.visible[0] < trim[0] + front.x + front.width / 2 < o.visible[2]
    ]
    assert petrol
    for box in petrol:
        assert box[0] >= trim[0] + mm(FOLDS_MM[1]) - EXACT
        assert box[2] <= trim[0] + mm(FOLDS_MM[2]) + EXACT


# --- 7. fonts ------------------------------------------------------------------------------------


def reachable(reader: PdfReader) -> Iterator[PdfObject]:
    """Every object reachable from the trailer, each once."""
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        yield obj
        if isinstance(obj, DictionaryObject):  # streams too
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)


def fonts(reader: PdfReader) -> list[Any]:
    return [
        obj
        for obj in reachable(reader)
        if isinstance(obj, DictionaryObject) and obj.get("/Type") == "/Font"
    ]


@pytest.mark.parametrize("which", ["print_file", "reader_file"])
def test_every_font_is_embedded(request: pytest.FixtureRequest, which: str) -> None:
    """This test ensures that every font in the PDF carries its font program (FontFile2,
    FontFile or FontFile3; for Type0 in its descendant) and that none of the standard 14 fonts
    (Helvetica, Times, Courier, Symbol, ZapfDingbats), which are never embedded, appears."""
    reader: PdfReader = request.getfixturevalue(which)
    found = fonts(reader)
    assert found
    for font in found:
        base = str(font.get("/BaseFont", ""))[1:]
        assert base.split("+")[-1] not in STANDARD_14, f"standard-14 font {base}"
        if font["/Subtype"] == "/Type3":
            continue  # its glyphs are content streams inside the PDF
        program = font["/DescendantFonts"][0].get_object() if font["/Subtype"] == "/Type0" else font
        descriptor = program["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{base} not embedded"
    for obj in reachable(reader):
        if isinstance(obj, NameObject):
            assert obj[1:].split("+")[-1] not in STANDARD_14, f"{obj} named in the PDF"


# --- 8. CMYK only --------------------------------------------------------------------------------

COLOUR_OPERATORS = {
    b"k",
    b"K",
    b"g",
    b"G",
    b"rg",
    b"RG",
    b"cs",
    b"CS",
    b"sc",
    b"SC",
    b"scn",
    b"SCN",
}
ALLOWED_COLOUR_OPERATORS = {b"k", b"K", b"g", b"G", b"cs", b"CS", b"scn", b"SCN"}
DEVICE_FILL = {b"k": "/DeviceCMYK", b"g": "/DeviceGray", b"rg": "/DeviceRGB"}  # K, G, RG stroke
RGB_SPACES = {"/DeviceRGB", "/CalRGB", "/RGB"}  # /RGB: the inline-image abbreviation


def is_rgb(space: Any) -> bool:
    """Whether a colour space is RGB, or built on RGB (ICC with 3 components, Indexed …)."""
    space = space.get_object() if isinstance(space, IndirectObject) else space
    if isinstance(space, str):
        return space in RGB_SPACES
    if isinstance(space, ArrayObject) and space:
        family = space[0]
        if family in RGB_SPACES:
            return True
        if family == "/ICCBased":
            profile = space[1].get_object()
            return profile.get("/N") == 3 or is_rgb(profile.get("/Alternate"))
        if family in ("/Indexed", "/Pattern") and len(space) > 1:
            return is_rgb(space[1])
        if family in ("/Separation", "/DeviceN"):
            return is_rgb(space[2])
    return False


def is_registration(space: Any) -> bool:
    """``[/Separation /All /DeviceCMYK tint]``: the colour of every plate, for marks."""
    space = space.get_object() if isinstance(space, IndirectObject) else space
    return isinstance(space, ArrayObject) and space[:3] == ["/Separation", "/All", "/DeviceCMYK"]


@dataclass(frozen=True)
class Paint:
    """One painting operation: what it used and where, in page coordinates."""

    operator: bytes
    colour_space: Any  # the colour space object, or a device space name
    points: tuple[tuple[float, float], ...]


@dataclass
class _GraphicsState:
    ctm: Matrix = IDENTITY
    fill: Any = "/DeviceGray"  # a device space name, or a colour space object
    stroke: Any = "/DeviceGray"


@dataclass(frozen=True)
class Colouring:
    """What a page's content does with colour, its Form XObjects included."""

    operators: set[bytes]
    paints: list[Paint]
    selected: list[Any]  # every colour space chosen with cs/CS, resolved
    spaces: list[Any]  # every colour space the resources and images name


def colouring(reader: PdfReader, page: Any) -> Colouring:
    """Run the page's content (and every Form XObject it uses) far enough to know, for each
    fill, stroke and text, its colour space and where it lands."""
    operators: set[bytes] = set()
    paints: list[Paint] = []
    selected: list[Any] = []
    spaces: list[Any] = []

    def run(stream: Any, resources: Any, ctm: Matrix) -> None:
        resources = resources.get_object() if resources is not None else DictionaryObject()
        named = resources.get("/ColorSpace", DictionaryObject()).get_object()
        spaces.extend(named.values())
        xobjects = resources.get("/XObject", DictionaryObject()).get_object()

        def space(operand: Any) -> Any:
            return named.get(operand, operand)

        state, stack = _GraphicsState(ctm), []
        path: list[tuple[float, float]] = []
        text_matrix = line_matrix = IDENTITY
        leading, render_mode = 0.0, 0
        for operands, operator in ContentStream(stream, reader).operations:
            operators.add(operator)
            if operator == b"q":
                stack.append(_GraphicsState(state.ctm, state.fill, state.stroke))
            elif operator == b"Q":
                state = stack.pop()
            elif operator == b"cm":
                state.ctm = multiply(as_matrix(operands), state.ctm)
            elif operator in DEVICE_FILL:
                state.fill = DEVICE_FILL[operator]
            elif operator.lower() in DEVICE_FILL:
                state.stroke = DEVICE_FILL[operator.lower()]
            elif operator == b"cs":
                state.fill = space(operands[0])
                selected.append(state.fill)
            elif operator == b"CS":
                state.stroke = space(operands[0])
                selected.append(state.stroke)
            elif operator in (b"m", b"l", b"c", b"v", b"y"):
                coordinates = [float(v) for v in operands]
                path += [
                    apply(state.ctm, *coordinates[i : i + 2]) for i in range(0, len(coordinates), 2)
                ]
            elif operator == b"re":
                x, y, w, h = (float(v) for v in operands)
                path += [apply(state.ctm, px, py) for px in (x, x + w) for py in (y, y + h)]
            elif operator in (b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"n"):
                if operator in (b"S", b"s", b"B", b"B*", b"b", b"b*"):
                    paints.append(Paint(operator, state.stroke, tuple(path)))
                if operator not in (b"S", b"s", b"n"):
                    paints.append(Paint(operator, state.fill, tuple(path)))
                path = []
            elif operator == b"BT":
                text_matrix = line_matrix = IDENTITY
            elif operator == b"Tm":
                text_matrix = line_matrix = as_matrix(operands)
            elif operator in (b"Td", b"TD", b"T*", b"'", b'"'):
                if operator == b"TD":
                    leading = -float(operands[1])
                tx, ty = (
                    (float(operands[0]), float(operands[1]))
                    if operator in (b"Td", b"TD")
                    else (0.0, -leading)
                )
                text_matrix = line_matrix = multiply((1, 0, 0, 1, tx, ty), line_matrix)
            elif operator == b"TL":
                leading = float(operands[0])
            elif operator == b"Tr":
                render_mode = int(operands[0])
            if operator in (b"Tj", b"TJ", b"'", b'"') and render_mode != 3:
                origin = apply(multiply(text_matrix, state.ctm), 0, 0)
                if render_mode in (0, 2, 4, 6):
                    paints.append(Paint(operator, state.fill, (origin,)))
                if render_mode in (1, 2, 5, 6):
                    paints.append(Paint(operator, state.stroke, (origin,)))
            elif operator == b"Do":
                xobject = xobjects[operands[0]].get_object()
                if xobject["/Subtype"] == "/Form":
                    matrix = as_matrix(xobject.get("/Matrix", IDENTITY))
                    run(xobject, xobject.get("/Resources", resources), multiply(matrix, state.ctm))
                else:
                    spaces.append(xobject.get("/ColorSpace", NameObject("/DeviceGray")))
            elif operator == b"INLINE IMAGE":
                settings = operands["settings"]
                spaces.append(settings.get("/CS", settings.get("/ColorSpace")))

    run(page.get_contents(), page.get("/Resources"), IDENTITY)
    return Colouring(operators, paints, selected, spaces)


@pytest.mark.parametrize("which", ["print_file", "reader_file"])
def test_colour_is_cmyk_only(request: pytest.FixtureRequest, which: str) -> None:
    """This test ensures that no content stream sets an RGB colour (no rg/RG, no DeviceRGB,
    CalRGB or 3-component ICC space anywhere): colours are k/K (CMYK) or g/G, and cs/CS + scn/SCN
    only with the registration colour /Separation /All, which paints marks only, outside the
    bleed (on the reader PDF, nowhere)."""
    reader: PdfReader = request.getfixturevalue(which)
    for index, page in enumerate(reader.pages):
        found = colouring(reader, page)
        used = found.operators & COLOUR_OPERATORS
        assert used <= ALLOWED_COLOUR_OPERATORS, (
            f"page {index + 1} uses {used - ALLOWED_COLOUR_OPERATORS}"
        )
        assert not [s for s in found.spaces if s is not None and is_rgb(s)], (
            f"page {index + 1}: RGB space"
        )
        for space in found.selected:
            assert is_registration(space), f"page {index + 1}: cs/CS selects {space}"
        bleed = page_box(page, "/BleedBox") if "/BleedBox" in page else None
        for paint in found.paints:
            if is_registration(paint.colour_space):
                assert bleed is not None, f"registration colour on screen page {index + 1}"
                xs, ys = [p[0] for p in paint.points], [p[1] for p in paint.points]
                where = (min(xs), min(ys), max(xs), max(ys))
                assert apart(where, bleed), f"registration colour inside the bleed at {where}"
            else:
                assert not (which == "print_file" and paint.operator in (b"S", b"s")), (
                    "a mark not in registration colour would miss some plates"
                )
    for obj in reachable(reader):
        assert not (isinstance(obj, NameObject) and obj in RGB_SPACES), f"{obj} in the PDF"
        if isinstance(obj, StreamObject) and obj.get("/Subtype") == "/Image":
            assert not is_rgb(obj.get("/ColorSpace")), "an RGB image"


# --- 9. byte-identical output --------------------------------------------------------------------


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_build_is_byte_identical(built: BuildResult, tmp_path: Path) -> None:
    """This test ensures that building the same content again — in this process, and in a fresh
    one with another hash seed — into another folder gives the same bytes for both PDFs."""
    again = build(CONTENT, tmp_path / "again")
    script = (
        "import sys; from pathlib import Path; from layout.build import build; "
        "build(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [sys.executable, "-c", script, str(CONTENT), str(tmp_path / "fresh")],
        cwd=REPO,
        env=environment,
        check=True,
    )
    for path in (built.print_pdf, built.reader_pdf):
        original = digest(path)
        assert digest(again.print_pdf.parent / path.name) == original, f"{path.name} in-process"
        assert digest(tmp_path / "fresh" / path.name) == original, f"{path.name} other hash seed"
