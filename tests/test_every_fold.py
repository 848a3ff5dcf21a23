"""Every registered fold, imposed, built and read back, against folding.md's own tables.

The expectations below are typed from ``shared/docs/folding.md`` §1–§2 (the side tables, the
covers, the reading orders and the width formulas), not from ``layout/folds.py``, so a wrong
registry cannot make the tests agree with a wrong sheet. Role names are the registry's
vocabulary for the doc's positions: ``inside-k`` is I_k, ``door-right`` is the gate's O1, and so
on. Page 1 is the outside and page 2 the inside, head to head (the design's default press).

The PDFs are read back with pypdfium2, independently of the code that wrote them: each panel's
heading (``Panel <role>``, from ``tests/foldcontent.py``) must stand in its slot and nowhere else.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from foldcontent import FINISHED_MM, REPO, heading, write_content

from layout.build import Leaflet, build, lay_out, render_print, render_reader
from layout.content.loader import load_content, load_design
from layout.errors import ContentError
from layout.folds import FOLDS
from layout.impose import PlacedPanel, SheetPlan, SheetSide, plan
from layout.units import mm, to_mm

OUT, IN = "outside", "inside"
BLEED_MM = 3.0
Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF points


@dataclass(frozen=True)
class Table:
    """One fold as folding.md §2 draws it, for a closed size of 100 × 210 mm."""

    outside: tuple[tuple[str, ...], ...]  # rows from the top, each left to right (O1 … On)
    inside: tuple[tuple[str, ...], ...]  # I1 … In
    front_cover: tuple[str, int, int]  # side, row, column (0-based)
    back_cover: tuple[str, int, int]
    inside_widths: tuple[float, ...]  # mm, I1 … In, worked out by hand from the doc's formula
    d: float  # mm, the compensation step the design sets for this fold
    c: int  # the formula's steps: full width W = (S + c·d) / n
    reading_order: tuple[str, ...]
    rotated: frozenset[str] = frozenset()  # printed 180° (cross fold: the outside top row)

    @property
    def rows(self) -> int:
        return len(self.inside)

    def grid(self, side: str) -> tuple[tuple[str, ...], ...]:
        return self.outside if side == OUT else self.inside

    def widths(self, side: str) -> tuple[float, ...]:
        """§1.3: the outside widths are the inside widths reversed."""
        return self.inside_widths if side == IN else self.inside_widths[::-1]

    def where(self, role: str) -> tuple[str, int, int]:
        for side in (OUT, IN):
            for row, roles in enumerate(self.grid(side)):
                if role in roles:
                    return side, row, roles.index(role)
        raise KeyError(role)

    def slot_mm(self, role: str) -> tuple[int, Box]:
        """(PDF page index, slot rectangle in mm from the trim's lower left corner)."""
        side, row, column = self.where(role)
        widths = self.widths(side)
        x0, height = sum(widths[:column]), FINISHED_MM[1]
        y0 = (self.rows - 1 - row) * height
        return (0 if side == OUT else 1), (x0, y0, x0 + widths[column], y0 + height)


INSIDE_4 = (("inside-1", "inside-2", "inside-3", "inside-4"),)
TABLES: dict[str, Table] = {
    # §2.1: door · BC · FC · door; flaps M − d with M = (S + 2d) / 4.
    "gate-8": Table(
        outside=(("door-right", "back-cover", "front-cover", "door-left"),),
        inside=INSIDE_4,
        front_cover=(OUT, 0, 2),
        back_cover=(OUT, 0, 1),
        inside_widths=(98, 100, 100, 98),
        d=2,
        c=2,
        reading_order=(
            "front-cover",
            "door-left",
            "door-right",
            "inside-1",
            "inside-2",
            "inside-3",
            "inside-4",
            "back-cover",
        ),
    ),
    # §2.2: core · 2nd · BC · FC; W = (S + 3d) / 4, inside W, W, W − d, W − 2d.
    "roll-8": Table(
        outside=(("outside-1", "outside-2", "back-cover", "front-cover"),),
        inside=INSIDE_4,
        front_cover=(OUT, 0, 3),
        back_cover=(OUT, 0, 2),
        inside_widths=(100, 100, 98, 96),
        d=2,
        c=3,
        reading_order=(
            "front-cover",
            "inside-1",
            "outside-2",
            "inside-2",
            "outside-1",
            "inside-3",
            "inside-4",
            "back-cover",
        ),
    ),
    # §2.3: BC · · · FC, equal panels.
    "accordion-8": Table(
        outside=(("back-cover", "outside-2", "outside-3", "front-cover"),),
        inside=INSIDE_4,
        front_cover=(OUT, 0, 3),
        back_cover=(OUT, 0, 0),
        inside_widths=(100, 100, 100, 100),
        d=2,
        c=0,
        reading_order=(
            "front-cover",
            "inside-1",
            "inside-2",
            "inside-3",
            "inside-4",
            "outside-2",
            "outside-3",
            "back-cover",
        ),
    ),
    # §2.4: · · BC · FC; W = (S + 2d) / 4, the nested half (I3, I4) W − d.
    "double-parallel-8": Table(
        outside=(("outside-1", "outside-2", "back-cover", "front-cover"),),
        inside=INSIDE_4,
        front_cover=(OUT, 0, 3),
        back_cover=(OUT, 0, 2),
        inside_widths=(100, 100, 98, 98),
        d=2,
        c=2,
        reading_order=(
            "front-cover",
            "inside-1",
            "inside-4",
            "outside-1",
            "outside-2",
            "inside-2",
            "inside-3",
            "back-cover",
        ),
    ),
    # §2.5: outside top row A-LT (r) · A-RT (r), bottom BC · FC; inside 2 × 2 upright; equal.
    "cross-8": Table(
        outside=(("outside-1", "outside-2"), ("back-cover", "front-cover")),
        inside=(("inside-1", "inside-2"), ("inside-3", "inside-4")),
        front_cover=(OUT, 1, 1),
        back_cover=(OUT, 1, 0),
        inside_widths=(100, 100),
        d=2,
        c=0,
        reading_order=(
            "front-cover",
            "outside-2",  # A-RT: the left page of the first spread
            "outside-1",
            "inside-1",
            "inside-2",
            "inside-3",
            "inside-4",
            "back-cover",
        ),
        rotated=frozenset({"outside-1", "outside-2"}),
    ),
    # §2.6: O1 (flap) · BC · FC; W = (S + d) / 3 with d = 3: 100/100/97 on A4.
    "letter-6": Table(
        outside=(("outside-1", "back-cover", "front-cover"),),
        inside=(("inside-1", "inside-2", "inside-3"),),
        front_cover=(OUT, 0, 2),
        back_cover=(OUT, 0, 1),
        inside_widths=(100, 100, 97),
        d=3,
        c=1,
        reading_order=(
            "front-cover",
            "inside-1",
            "outside-1",
            "inside-2",
            "inside-3",
            "back-cover",
        ),
    ),
    # §2.7: O1 · O2 · FC; the back cover is the inside's I3; equal panels.
    "z-6": Table(
        outside=(("outside-1", "outside-2", "front-cover"),),
        inside=(("inside-1", "inside-2", "back-cover"),),
        front_cover=(OUT, 0, 2),
        back_cover=(IN, 0, 2),
        inside_widths=(100, 100, 100),
        d=2,
        c=0,
        reading_order=(
            "front-cover",
            "inside-1",
            "inside-2",
            "back-cover",
            "outside-1",
            "outside-2",
        ),
    ),
    # §2.8: BC · FC; equal halves.
    "bifold-4": Table(
        outside=(("back-cover", "front-cover"),),
        inside=(("inside-1", "inside-2"),),
        front_cover=(OUT, 0, 1),
        back_cover=(OUT, 0, 0),
        inside_widths=(100, 100),
        d=2,
        c=0,
        reading_order=("front-cover", "inside-1", "inside-2", "back-cover"),
    ),
}
NAMES = sorted(FOLDS)


@dataclass(frozen=True)
class Built:
    leaflet: Leaflet
    print_pdf: bytes
    reader_pdf: bytes

    @property
    def plan(self) -> SheetPlan:
        return self.leaflet.plan


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Built]:
    """Lay out and render the helper's content for a fold, once per fold and session."""
    cache: dict[str, Built] = {}
    directory = tmp_path_factory.mktemp("folds")

    def get(name: str) -> Built:
        if name not in cache:
            folder = load_content(write_content(directory, name))
            leaflet = lay_out(folder, load_design(folder.design))
            cache[name] = Built(leaflet, render_print(leaflet), render_reader(leaflet))
        return cache[name]

    return get


def rows_of(side: SheetSide) -> list[list[PlacedPanel]]:
    """The panels of a printed side as rows from the top, each left to right."""
    rows: dict[float, list[PlacedPanel]] = {}
    for p in side.panels:
        rows.setdefault(round(p.y, 6), []).append(p)
    return [sorted(row, key=lambda p: p.x) for _, row in sorted(rows.items(), reverse=True)]


def test_every_fold_has_a_table() -> None:
    """This test ensures that every registered fold is checked against a table of its own."""
    assert sorted(TABLES) == NAMES


# --- (a) roles in their slots, covers where the doc puts them -------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_roles_in_their_slots(name: str, built: Callable[[str], Built]) -> None:
    """This test ensures that the plan prints each role in the slot the doc's table gives it,
    outside on page 1 and inside on page 2, with the front and back covers at the table's
    positions, only the table's rotated panels turned 180°, and each outside slot backed by the
    mirrored inside slot of the same row."""
    table, sheet = TABLES[name], built(name).plan
    assert [side.name for side in sheet.sides] == [OUT, IN]
    for side, side_name in zip(sheet.sides, (OUT, IN), strict=True):
        found = tuple(tuple(p.role for p in row) for row in rows_of(side))
        assert found == table.grid(side_name), f"{name} {side_name}: {sheet.describe()}"
    for cover, (side_name, row, column) in (
        ("front-cover", table.front_cover),
        ("back-cover", table.back_cover),
    ):
        page = 0 if side_name == OUT else 1
        assert rows_of(sheet.sides[page])[row][column].role == cover, f"{name}: {cover}"
    for side in sheet.sides:
        for p in side.panels:
            assert p.rotation == (180 if p.role in table.rotated else 0), f"{name}: {p.role}"
    outside, inside = (rows_of(side) for side in sheet.sides)
    for out_row, in_row in zip(outside, inside, strict=True):
        for k, panel in enumerate(out_row):
            behind = in_row[len(in_row) - 1 - k]  # O_k backs I_(n+1−k)
            assert (panel.backs, behind.backs) == (behind.role, panel.role)


# --- (b) compensated widths, (c) fold positions ---------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_widths_follow_the_doc_formula(name: str, built: Callable[[str], Built]) -> None:
    """This test ensures that the panel widths are the doc's compensated widths (the full width
    W = (S + c·d) / n, with the design's d), the same in every row, that the outside widths are
    the inside widths reversed, and that the flat sheet is their sum by rows × 210 mm."""
    table, sheet = TABLES[name], built(name).plan
    flat = sum(table.inside_widths)
    n = len(table.inside_widths)
    assert max(table.inside_widths) == pytest.approx((flat + table.c * table.d) / n)
    assert to_mm(built(name).leaflet.design.step(name)) == pytest.approx(table.d)
    for side, side_name in zip(sheet.sides, (OUT, IN), strict=True):
        for row in rows_of(side):
            widths = [to_mm(p.width) for p in row]
            assert widths == pytest.approx(table.widths(side_name)), f"{name} {side_name}"
            assert [to_mm(p.height) for p in row] == pytest.approx([FINISHED_MM[1]] * n)
    outside, inside = (rows_of(side)[0] for side in sheet.sides)
    assert [p.width for p in outside] == pytest.approx([p.width for p in reversed(inside)])
    assert (to_mm(sheet.width), to_mm(sheet.height)) == pytest.approx(
        (flat, FINISHED_MM[1] * table.rows)
    )


@pytest.mark.parametrize("name", NAMES)
def test_folds_on_page_2_mirror_page_1(name: str, built: Callable[[str], Built]) -> None:
    """This test ensures that page 2's vertical folds lie at trim width minus page 1's (no
    "seen through the paper" mirror), at the running sums of the doc's widths, and that only the
    cross fold has a horizontal fold, at 210 mm on both pages."""
    table, sheet = TABLES[name], built(name).plan
    outside, inside = sheet.sides
    assert inside.folds == pytest.approx(tuple(sheet.width - x for x in reversed(outside.folds)))
    for side, side_name in zip(sheet.sides, (OUT, IN), strict=True):
        widths = table.widths(side_name)
        expected = [sum(widths[: k + 1]) for k in range(len(widths) - 1)]
        assert [to_mm(x) for x in side.folds] == pytest.approx(expected), f"{name} {side_name}"
        rows = [FINISHED_MM[1] * r for r in range(1, table.rows)]
        assert [to_mm(y) for y in side.row_folds] == pytest.approx(rows), f"{name} {side_name}"


# --- (d), (e) the print PDF read back -------------------------------------------------------------


def hits(page: pdfium.PdfPage, text: str) -> list[tuple[int, int]]:
    """(first char index, char count) of every occurrence of ``text`` on ``page``."""
    searcher = page.get_textpage().search(text, match_case=True)
    found = []
    while (hit := searcher.get_next()) is not None:
        found.append(hit)
    return found


def glyph_boxes(page: pdfium.PdfPage, first: int, count: int) -> list[Box]:
    """Char boxes (left, bottom, right, top) of the visible glyphs of a hit, in text order."""
    textpage = page.get_textpage()
    return [
        textpage.get_charbox(i)
        for i in range(first, first + count)
        if textpage.get_text_range(i, 1).strip()
    ]


def within(box: Box, area: Box, tolerance: float = 0.01) -> bool:
    return (
        box[0] >= area[0] - tolerance
        and box[1] >= area[1] - tolerance
        and box[2] <= area[2] + tolerance
        and box[3] <= area[3] + tolerance
    )


@pytest.fixture
def open_pdf() -> Iterator[Callable[[bytes], pdfium.PdfDocument]]:
    """Open PDFs from bytes with pypdfium2; every one is closed after the test."""
    opened: list[pdfium.PdfDocument] = []

    def open_(data: bytes) -> pdfium.PdfDocument:
        opened.append(pdfium.PdfDocument(data))
        return opened[-1]

    yield open_
    for document in opened:
        document.close()


def slot_on_page(page: pdfium.PdfPage, table: Table, role: str) -> Box:
    """The role's slot in PDF points: the TrimBox's lower left corner plus the table's rect."""
    left, bottom, _, _ = page.get_trimbox()
    _, (x0, y0, x1, y1) = table.slot_mm(role)
    return left + mm(x0), bottom + mm(y0), left + mm(x1), bottom + mm(y1)


@pytest.mark.parametrize("name", NAMES)
def test_headings_in_their_slots(
    name: str, built: Callable[[str], Built], open_pdf: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    """This test ensures that each panel's heading is printed once, on the page and inside the
    slot rectangle the doc's table gives its role, and in no other slot of either page."""
    table, print_pdf = TABLES[name], open_pdf(built(name).print_pdf)
    assert len(print_pdf) == 2
    flat = (sum(table.inside_widths), FINISHED_MM[1] * table.rows)
    for page in print_pdf:
        left, bottom, right, top = page.get_trimbox()
        assert (to_mm(right - left), to_mm(top - bottom)) == pytest.approx(flat, abs=0.01)
    for role in table.reading_order:
        page_index, _ = table.slot_mm(role)
        found = {i: hits(print_pdf[i], heading(role)) for i in range(len(print_pdf))}
        assert [len(found[i]) for i in found] == [int(i == page_index) for i in found], (
            f"{name}: {heading(role)!r} should be printed once, on page {page_index + 1}"
        )
        page = print_pdf[page_index]
        slot = slot_on_page(page, table, role)
        for box in glyph_boxes(page, *found[page_index][0]):
            assert within(box, slot), f"{name}: {role} heading at {box}, outside its slot {slot}"
        for other in table.reading_order:
            other_page, _ = table.slot_mm(other)
            if other != role:
                text = (
                    print_pdf[other_page]
                    .get_textpage()
                    .get_text_bounded(*slot_on_page(print_pdf[other_page], table, other))
                )
                assert heading(role) not in text, f"{name}: {role}'s heading in {other}'s slot"


@pytest.mark.parametrize("name", NAMES)
def test_only_the_table_s_panels_read_upside_down(
    name: str, built: Callable[[str], Built], open_pdf: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    """This test ensures that the headings of the panels the doc prints rotated (the cross
    fold's outside top row) run right to left at 180°, and every other heading left to right."""
    table, print_pdf = TABLES[name], open_pdf(built(name).print_pdf)
    for role in table.reading_order:
        page_index, _ = table.slot_mm(role)
        page = print_pdf[page_index]
        ((first, count),) = hits(page, heading(role))
        lefts = [box[0] for box in glyph_boxes(page, first, count)]
        textpage = page.get_textpage()
        angle = pdfium_c.FPDFText_GetCharAngle(textpage.raw, first)
        if role in table.rotated:
            assert lefts == sorted(lefts, reverse=True), f"{name}: {role} should run right to left"
            assert angle == pytest.approx(math.pi, abs=0.01), f"{name}: {role} at {angle} rad"
        else:
            assert lefts == sorted(lefts), f"{name}: {role} should run left to right"
            assert angle == pytest.approx(0, abs=0.01), f"{name}: {role} at {angle} rad"
        assert len(set(lefts)) == len(lefts)


# --- (f) the reader PDF ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_reader_has_a_page_per_role_in_reading_order(
    name: str, built: Callable[[str], Built], open_pdf: Callable[[bytes], pdfium.PdfDocument]
) -> None:
    """This test ensures that the reader PDF has one finished-size page per role, in the doc's
    reading order, each holding its own role's heading and no other."""
    table = TABLES[name]
    assert FOLDS[name].reading_order == table.reading_order
    document = open_pdf(built(name).reader_pdf)
    assert len(document) == len(table.reading_order)
    for page, role in zip(document, table.reading_order, strict=True):
        assert tuple(to_mm(v) for v in page.get_size()) == pytest.approx(FINISHED_MM)
        text = page.get_textpage().get_text_range()
        present = [r for r in table.reading_order if heading(r) in text]
        assert present == [role], f"{name}: the page for {role} shows {present}"


# --- (g) the wrong panels for a fold --------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_wrong_panels_are_one_error(name: str, tmp_path: Path) -> None:
    """This test ensures that a content file with another fold's panels fails with one
    ContentError that lists every missing role and every extra one."""
    other = "roll-8" if name == "gate-8" else "gate-8"
    given = FOLDS[other].roles
    path = write_content(tmp_path, name, roles=given)
    missing = {r for r in TABLES[name].reading_order if r not in given}
    extra = {r for r in given if r not in TABLES[name].reading_order}
    assert missing or extra
    with pytest.raises(ContentError) as caught:
        load_content(path)
    message = caught.value.message

    def listed(word: str) -> set[str]:
        match = re.search(rf"\b{word} ([^;]+)", message)
        return set(match.group(1).split(", ")) if match else set()

    assert (listed("missing"), listed("extra")) == (missing, extra), message


# --- (h) press options: tumble and page order -----------------------------------------------------


def sheet_for(name: str, **press: bool) -> SheetPlan:
    table = TABLES[name]
    return plan(FOLDS[name], mm(100), mm(210), mm(table.d), mm(BLEED_MM), **press)


@pytest.mark.parametrize("name", NAMES)
def test_tumble_turns_page_2(name: str) -> None:
    """This test ensures that a tumble turn prints page 2 upside down: each inside panel mirrored
    through the sheet's centre with its rotation toggled, folds mirrored, page 1 unchanged, and
    so (folding.md §1.2) each outside slot is backed by the same slot turned head to foot."""
    turn, tumble = sheet_for(name), sheet_for(name, tumble=True)
    width, height = turn.width, turn.height
    assert tumble.sides[0] == turn.sides[0]
    assert (tumble.sides[1].name, tumble.sides[1].turned, turn.sides[1].turned) == (IN, True, False)
    for p in turn.sides[1].panels:
        q = tumble.panel(p.role)
        assert (q.x, q.y) == pytest.approx((width - p.x - p.width, height - p.y - p.height))
        assert (q.width, q.height, q.rotation) == pytest.approx(
            (p.width, p.height, (p.rotation + 180) % 360)
        )
    assert tumble.sides[1].folds == pytest.approx(
        tuple(width - x for x in reversed(turn.sides[1].folds))
    )
    assert tumble.sides[1].row_folds == pytest.approx(
        tuple(height - y for y in reversed(turn.sides[1].row_folds))
    )
    for p in tumble.sides[0].panels:
        (q,) = [
            q
            for q in tumble.sides[1].panels
            if (q.x, q.y) == pytest.approx((p.x, height - p.y - p.height))
        ]
        assert q.role == p.backs


@pytest.mark.parametrize("name", NAMES)
def test_inside_first_swaps_the_pages(name: str) -> None:
    """This test ensures that printing the inside first swaps the two pages and changes nothing
    else (with a tumble, the second page, now the outside, is the one turned)."""
    turn, swapped = sheet_for(name), sheet_for(name, inside_first=True)
    assert [side.name for side in swapped.sides] == [IN, OUT]
    assert swapped.sides == (turn.sides[1], turn.sides[0])
    both = sheet_for(name, inside_first=True, tumble=True)
    assert both.sides[0] == turn.sides[1]
    assert (both.sides[1].name, both.sides[1].turned) == (OUT, True)
    assert TABLES[name].front_cover[0] == OUT
    assert both.panel("front-cover").rotation == (turn.panel("front-cover").rotation + 180) % 360


# --- (i) how to fold it: the instructions, folded on paper ---------------------------------------


@dataclass(frozen=True)
class Step:
    """One step of a fold's instructions, as a move of paper on a table."""

    words: str  # how the instructions say it, word for word
    at: int = 0  # the fold line, in panel widths from the flat sheet's left edge
    moves: str = ""  # "left" or "right": the part of the piece that is folded
    way: str = ""  # "over" it (towards you), "under" it (behind), or "turn" the whole piece over


# Each parallel fold's instructions (``layout/folds.py``) typed as moves, step by step.
STEPS: dict[str, tuple[Step, ...]] = {
    "gate-8": (
        Step("fold the left flap (Side 1) over onto Side 2", 1, "left", "over"),
        Step("the right flap (Side 4) over onto Side 3", 3, "right", "over"),
        Step("fold the left half over onto the right half", 2, "left", "over"),
    ),
    "roll-8": (
        Step("fold the narrowest panel (Side 4) over onto Side 3", 3, "right", "over"),
        Step("fold those two together over onto Side 2", 2, "right", "over"),
        Step("wrap Side 1 over the top", 1, "left", "over"),
    ),
    "accordion-8": (
        Step("Side 1 over onto Side 2 (valley)", 1, "left", "over"),
        Step("Side 3 behind Side 2 (mountain)", 2, "right", "under"),
        Step("Side 4 under Side 3", 1, "left", "under"),
    ),
    "double-parallel-8": (
        Step("fold the right half (Sides 3 and 4) over onto the left half", 2, "right", "over"),
        Step("fold the folded sheet in half again the same way", 1, "right", "over"),
        Step("Turn it over", way="turn"),
    ),
    "letter-6": (
        Step("fold the narrower flap (Side 3) in over Side 2", 2, "right", "over"),
        Step("fold Side 1 over it", 1, "left", "over"),
    ),
    "z-6": (
        Step("fold Side 3 (the back cover) behind Side 2", 2, "right", "under"),
        Step("fold Side 1 over onto Side 2", 1, "left", "over"),
    ),
    "bifold-4": (Step("fold the left half over onto the right half", 1, "left", "over"),),
}


@dataclass(frozen=True)
class Layer:
    """One panel of the sheet (inside column ``panel``) as it lies in the folded piece."""

    panel: int
    cell: int  # where it lies, in panel widths from the flat sheet's left edge
    flipped: bool  # its outside faces up
    z: float  # higher lies on top


def fold_paper(columns: int, steps: tuple[Step, ...]) -> list[Layer]:
    """Fold a strip of ``columns`` equal panels, lying inside up, step by step: a fold reflects
    the moving part about the fold line, turns each of its layers over and lays them, in
    reversed order, on top of (over) or below (under) everything else."""
    layers = [Layer(k, k, False, 0.0) for k in range(columns)]
    for step in steps:
        if step.way == "turn":
            low, high = min(x.cell for x in layers), max(x.cell for x in layers)
            layers = [Layer(x.panel, low + high - x.cell, not x.flipped, -x.z) for x in layers]
            continue
        moving = [x for x in layers if (x.cell < step.at) == (step.moves == "left")]
        staying = [x for x in layers if x not in moving]
        assert moving and staying, f"{step.words!r} folds nothing"
        top, bottom = max(x.z for x in moving), min(x.z for x in moving)
        if step.way == "over":
            base = max(x.z for x in staying) + 1
            moved = [reflected(x, step.at, base + top - x.z) for x in moving]
        else:
            base = min(x.z for x in staying) - 1
            moved = [reflected(x, step.at, base - (x.z - bottom)) for x in moving]
        layers = staying + moved
    return sorted(layers, key=lambda x: x.z)


def reflected(layer: Layer, at: int, z: float) -> Layer:
    """``layer`` reflected about the fold line at ``at`` and turned over, at height ``z``."""
    return Layer(layer.panel, 2 * at - 1 - layer.cell, not layer.flipped, z)


def side_number(table: Table, role: str) -> int:
    """The role's "Side N": inside panels first, then the outside, row by row (folding.md's
    numbering of the seed slug)."""
    side, row, column = table.where(role)
    columns = len(table.inside[0])
    return (0 if side == IN else table.rows * columns) + row * columns + column + 1


def claimed_covers(instructions: str) -> tuple[int, int]:
    """The Side numbers the instructions name as the face on top and the face underneath."""
    top = re.search(r"front cover \(Side (\d+)\) (?:is on top|faces you)", instructions)
    under = re.search(r"back cover \(Side (\d+)[^)]*\) (?:underneath|is behind it)", instructions)
    assert top and under, f"no claim of the faces on top and underneath in {instructions!r}"
    return int(top[1]), int(under[1])


@pytest.mark.parametrize("name", NAMES)
def test_instructions_name_the_covers_by_their_sides(name: str) -> None:
    """This test ensures that every fold's instructions end with the front cover on top (or
    facing you) and the back cover underneath (or behind it), each called by the Side number
    the doc's table gives it."""
    table = TABLES[name]
    front, back = (table.grid(s)[r][c] for s, r, c in (table.front_cover, table.back_cover))
    assert (front, back) == ("front-cover", "back-cover")
    assert claimed_covers(FOLDS[name].instructions) == (
        side_number(table, "front-cover"),
        side_number(table, "back-cover"),
    )


@pytest.mark.parametrize("name", sorted(STEPS))
def test_folding_as_instructed_puts_the_front_cover_on_top(name: str) -> None:
    """This test ensures that a parallel fold folded on paper the way its instructions say, step
    by step, closes to one panel's size with the front cover's face on top, the back cover's
    underneath and the front cover hinged on its left, as the instructions claim."""
    table, instructions = TABLES[name], FOLDS[name].instructions
    steps = STEPS[name]
    found = [instructions.find(step.words) for step in steps]
    assert -1 not in found and found == sorted(found), f"{name}: steps not in {instructions!r}"
    n = len(table.inside[0])
    layers = fold_paper(n, steps)
    assert len({x.cell for x in layers}) == 1, f"{name}: does not close: {layers}"

    def face(layer: Layer, up: bool) -> str:
        outside = layer.flipped == up  # the outside of a turned-over panel faces up
        return table.outside[0][n - 1 - layer.panel] if outside else table.inside[0][layer.panel]

    top, bottom = layers[-1], layers[0]
    assert (face(top, up=True), face(bottom, up=False)) == ("front-cover", "back-cover"), name
    assert claimed_covers(instructions) == (
        side_number(table, face(top, up=True)),
        side_number(table, face(bottom, up=False)),
    )
    # A fold line lies at a panel edge: a panel's left edge as printed is at the cell's left
    # when it lies inside up, at its right when turned over.
    left_edge = top.cell + top.flipped
    right_edge = top.cell + (not top.flipped)
    hinges = ([left_edge] if top.panel > 0 else []) + ([right_edge] if top.panel < n - 1 else [])
    assert "the spine on the left" in instructions
    assert top.cell in hinges, f"{name}: the front cover is not hinged on its left"


# --- the whole build, as a user runs it -----------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_every_fold_builds_with_the_default_design(name: str, tmp_path: Path) -> None:
    """This test ensures that every fold builds at 100 × 210 mm with the repository's design,
    marks and slug included, and passes the preflight the build runs on its output."""
    result = build(write_content(tmp_path, name), tmp_path / "out")
    assert result.print_pdf.is_file() and result.reader_pdf.is_file()


def test_letter_6_example_builds(tmp_path: Path) -> None:
    """This test ensures that the bundled letter-6 example builds on A4 (297 × 210 mm, panels
    100/100/97 inside with the design's 3 mm step), every panel fitting and read back."""
    result = build(REPO / "examples" / "letter-6.yaml", tmp_path)
    sheet = result.leaflet.plan
    assert result.leaflet.fold.name == "letter-6"
    assert (to_mm(sheet.width), to_mm(sheet.height)) == pytest.approx((297, 210))
    assert [to_mm(p.width) for p in sheet.sides[1].panels] == pytest.approx([100, 100, 97])
    assert [to_mm(p.width) for p in sheet.sides[0].panels] == pytest.approx([97, 100, 100])
