"""The folding dummy, read back: paper, pages, panels, fold labels, upside-down panels, colour.

Each dummy is rendered from a plan straight from the fold registry and read back with pypdfium2
(text where it lands, path objects) and pypdf (page size, colour operators, fonts).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO
from itertools import pairwise
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from layout.content.loader import load_content, load_design
from layout.dummy import DummyLayout, dummy_layout, fold_label, render_dummy
from layout.folds import FOLDS
from layout.fonts import register
from layout.impose import PlacedPanel, SheetPlan, plan
from layout.units import mm, to_mm

ROOT = Path(__file__).resolve().parent.parent
TITLE = "Kort og godt om trivsel på arbeidsplassen"
A4 = (210.0, 297.0)
A3 = (297.0, 420.0)


@pytest.fixture(scope="module")
def font() -> str:
    folder = load_content(ROOT / "content.yaml")
    return register(load_design(folder.design).fonts["regular"])


def sheet(fold: str, *, tumble: bool = False, inside_first: bool = False) -> SheetPlan:
    return plan(
        FOLDS[fold], mm(100), mm(210), mm(2), mm(3), tumble=tumble, inside_first=inside_first
    )


@pytest.fixture(scope="module")
def dummies(font: str) -> dict[str, tuple[SheetPlan, DummyLayout, bytes]]:
    """Each case's plan, its dummy's layout and the rendered PDF, once per module."""
    found = {}
    for case, sheet_plan in (
        ("gate-8", sheet("gate-8")),
        ("cross-8", sheet("cross-8")),
        ("bifold-4", sheet("bifold-4")),
        ("roll-8-tumble", sheet("roll-8", tumble=True)),
        ("letter-6-inside-first", sheet("letter-6", inside_first=True)),
    ):
        found[case] = (
            sheet_plan,
            dummy_layout(sheet_plan, TITLE, font),
            render_dummy(sheet_plan, TITLE, font),
        )
    return found


CASES = ["gate-8", "cross-8", "bifold-4", "roll-8-tumble", "letter-6-inside-first"]


def pages(data: bytes) -> Iterator[pdfium.PdfPage]:
    document = pdfium.PdfDocument(data)
    for index in range(len(document)):
        yield document[index]


def page_text(page: pdfium.PdfPage) -> str:
    return " ".join(page.get_textpage().get_text_range().split())


def paper_mm(data: bytes) -> list[tuple[float, float]]:
    return [
        (round(to_mm(float(p.mediabox.width))), round(to_mm(float(p.mediabox.height))))
        for p in PdfReader(BytesIO(data)).pages
    ]


@pytest.mark.parametrize(
    ("case", "paper", "scale"),
    [
        # 396 × 210 mm: wider than A4 either way, fits A3 landscape at full size.
        ("gate-8", A3[::-1], 1.0),
        # 200 × 210 mm: fits A4 portrait with room for the notes.
        ("bifold-4", A4, 1.0),
        # 200 × 420 mm: as long as A3 itself, so scaled down on A3 portrait (0 < scale < 1).
        ("cross-8", A3, 0.0),
    ],
)
def test_paper_is_a4_else_a3_else_scaled(
    dummies: dict[str, tuple[SheetPlan, DummyLayout, bytes]],
    case: str,
    paper: tuple[float, float],
    scale: float,
) -> None:
    """This test ensures that the dummy is on A4 when the flat sheet fits it at 100 %, else on
    A3, else scaled down to A3 with the scale printed on the page, never up."""
    sheet_plan, layout, data = dummies[case]
    assert paper_mm(data) == [paper, paper]
    assert layout.paper == ("A4" if paper == A4 else "A3")
    if scale:
        assert layout.scale == scale
    else:
        scale = layout.scale
        assert 0.5 < scale < 1 and scale * 100 == pytest.approx(round(scale * 100)), "whole %"
    for page in (page_text(page) for page in pages(data)):
        if scale < 1:
            assert (
                f"printed at {round(scale * 100)} %: fold to check the order, not the size" in page
            )
        else:
            assert "at actual size (100 %" in page
    # The sheet lies on the paper with at least 5 mm to every edge.
    x0, y0 = layout.point(0, 0)
    x1, y1 = layout.point(sheet_plan.width, sheet_plan.height)
    assert min(x0, y0, layout.width - x1, layout.height - y1) >= mm(5) - 0.01


@pytest.mark.parametrize("case", CASES)
def test_one_page_per_side_in_print_order(
    dummies: dict[str, tuple[SheetPlan, DummyLayout, bytes]], case: str
) -> None:
    """This test ensures that the dummy has one page per sheet side, in the plan's page order,
    each with the header naming the title, fold, page and side, and the fold's instructions."""
    sheet_plan, _, data = dummies[case]
    text = [page_text(page) for page in pages(data)]
    assert len(text) == len(sheet_plan.sides) == 2
    for index, (page, side) in enumerate(zip(text, sheet_plan.sides, strict=True)):
        header = (
            f"make-folder folding dummy · {TITLE} · {sheet_plan.fold.name} · "
            f"page {index + 1} of 2: {side.name}"
        )
        assert header in page
        assert " ".join(sheet_plan.fold.instructions.split()) in page
        assert "Print both pages on one sheet, double-sided, flip on the" in page


@pytest.mark.parametrize(
    ("case", "edge"),
    [
        ("gate-8", "short"),  # landscape paper, turned like a book page
        ("bifold-4", "long"),  # portrait paper, turned like a book page
        ("cross-8", "long"),
        ("roll-8-tumble", "long"),  # landscape paper, turned head to foot
    ],
)
def test_flip_edge(
    dummies: dict[str, tuple[SheetPlan, DummyLayout, bytes]], case: str, edge: str
) -> None:
    """This test ensures that the dummy says to flip on the edge that turns the paper the way
    the press turns the sheet: the short edge of landscape paper for a book-page turn, the long
    edge of portrait paper, and the other edge for a tumble."""
    _, layout, data = dummies[case]
    assert layout.flip == edge
    for page in pages(data):
        assert f"flip on the {edge} edge" in page_text(page)


def central(layout: DummyLayout, panel: PlacedPanel) -> tuple[float, float, float, float]:
    """The middle of a panel on the page, where its number and caption stand (fold labels run
    along the panel's edges)."""
    x0, y0, x1, y1 = layout.rect(panel)
    dx, dy = (x1 - x0) * 0.3, (y1 - y0) * 0.3
    return x0 + dx, y0 + dy, x1 - dx, y1 - dy


@pytest.mark.parametrize("case", CASES)
def test_every_panel_is_numbered_in_its_own_rectangle(
    dummies: dict[str, tuple[SheetPlan, DummyLayout, bytes]], case: str
) -> None:
    """This test ensures that inside each panel's rectangle the dummy prints the panel's number,
    "Side N · <role title>" and the side's name, and no other panel's number."""
    sheet_plan, layout, data = dummies[case]
    for page, side in zip(pages(data), sheet_plan.sides, strict=True):
        textpage = page.get_textpage()
        for panel in side.panels:
            found = " ".join(textpage.get_text_bounded(*central(layout, panel)).split())
            caption = f"Side {panel.panel_number} · {sheet_plan.fold.role_titles[panel.role]}"
            assert caption in found, f"{panel.role}: {found!r}"
            assert side.name in found.replace(caption, "")
            numbers = set(re.findall(r"\d+", found.replace(caption, "")))
            assert numbers == {str(panel.panel_number)}, f"{panel.role}: {found!r}"


@pytest.mark.parametrize("case", CASES)
def test_every_fold_line_is_labelled(
    dummies: dict[str, tuple[SheetPlan, DummyLayout, bytes]], case: str
) -> None:
    """This test ensures that each fold line of a side is labelled on its page with its order
    and its direction as seen on that side ("fold 1 · valley"), once per line, and that the
    legend explains the line styles."""
    sheet_plan, _, data = dummies[case]
    for page, side in zip(pages(data), sheet_plan.sides, strict=True):
        text = page_text(page)
        for label in {fold_label(line) for line in side.fold_lines}:
            expected = sum(fold_label(line) == label for line in side.fold_lines)
            assert text.count(label) == expected, f"{side.name}: {label!r}"
        for entry in ("cut here", "valley fold", "mountain fold"):
            assert entry in text


def _fold_line_xs(page: pdfium.PdfPage, layout: DummyLayout, sheet_plan: SheetPlan) -> list[float]:
    """x on the page of every vertical fold line: a stroked path as tall as the sheet and thin."""
    tall = sheet_plan.height * layout.scale * 0.99
    xs = []
    for obj in page.get_objects():
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        left, bottom, right, top = obj.get_bounds()
        if top - bottom >= tall and right - left < 3:
            xs.append(round((left + right) / 2, 1))
    return sorted(xs)


@pytest.mark.parametrize("case", ["gate-8", "bifold-4", "roll-8-tumble"])
def test_the_two_pages_back_each_other(
    dummies: dict[str, tuple[SheetPlan, DummyLayout, bytes]], case: str
) -> None:
    """This test ensures that, printed double-sided and flipped as the page says, the fold
    lines of page 2 fall behind those of page 1: for a book-page turn at the mirrored x, for a
    tumble at the same x (the sheet is centred on the paper)."""
    sheet_plan, layout, data = dummies[case]
    first, second = (_fold_line_xs(page, layout, sheet_plan) for page in pages(data))
    assert len(first) == len(second) == sheet_plan.fold.columns - 1
    if sheet_plan.sides[1].turned:
        assert second == pytest.approx(first, abs=0.2)
    else:
        assert second == pytest.approx(sorted(layout.width - x for x in first), abs=0.2)


def _lines_of_text(textpage: pdfium.PdfTextPage, box: tuple[float, ...]) -> list[list[float]]:
    """The x centres of the letters inside ``box``, grouped into lines in content order."""
    lines: dict[float, list[float]] = {}
    for index in range(textpage.count_chars()):
        if not textpage.get_text_range(index, 1).isalpha():
            continue
        left, bottom, right, top = textpage.get_charbox(index)
        x, y = (left + right) / 2, (bottom + top) / 2
        if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
            lines.setdefault(round(y / 4), []).append(x)
    return [xs for xs in lines.values() if len(xs) > 1]


def test_rotated_panels_are_printed_upside_down(
    dummies: dict[str, tuple[SheetPlan, DummyLayout, bytes]],
) -> None:
    """This test ensures that the cross-8's outside top row, printed upside down on the press
    sheet, is upside down on the dummy too (its letters run right to left), and that every
    other panel reads left to right."""
    sheet_plan, layout, data = dummies["cross-8"]
    rotated = 0
    for page, side in zip(pages(data), sheet_plan.sides, strict=True):
        textpage = page.get_textpage()
        for panel in side.panels:
            lines = _lines_of_text(textpage, central(layout, panel))
            assert lines, panel.role
            for xs in lines:
                steps = [b - a for a, b in pairwise(xs)]
                if panel.rotation == 180:
                    assert all(step < 0 for step in steps), f"{panel.role} reads left to right"
                else:
                    assert all(step > 0 for step in steps), f"{panel.role} reads right to left"
            rotated += panel.rotation == 180
    assert rotated == 2  # Sides 5 and 6


@pytest.mark.parametrize("case", CASES)
def test_cmyk_grey_and_black_only_with_embedded_fonts(
    dummies: dict[str, tuple[SheetPlan, DummyLayout, bytes]], case: str
) -> None:
    """This test ensures that the dummy sets no RGB colour (only CMYK black and grey: k/K with
    no cyan, magenta or yellow) and embeds its font."""
    _, _, data = dummies[case]
    reader = PdfReader(BytesIO(data))
    for page in reader.pages:
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            assert operator not in (b"rg", b"RG", b"sc", b"SC", b"scn", b"SCN", b"cs", b"CS")
            if operator in (b"k", b"K"):
                assert [float(v) for v in operands[:3]] == [0, 0, 0], f"coloured ink {operands}"
        assert "/ColorSpace" not in page["/Resources"]
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            program = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            assert "/FontFile2" in program["/FontDescriptor"].get_object()
