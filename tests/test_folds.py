"""Fold schemes and the imposition plan derived from them (pure: no PDF)."""

from __future__ import annotations

import pytest

from layout.folds import FOLDS, GATE_8, INSIDE, OUTSIDE
from layout.impose import SheetSide, plan
from layout.units import mm, to_mm, to_mm_rounded


def gate(width: float = 100, height: float = 210, step: float = 2):
    return plan(GATE_8, mm(width), mm(height), mm(step), mm(3))


def roles(side: SheetSide) -> list[list[str]]:
    return [[p.role for p in row] for row in side.rows()]


def test_gate_8_panel_order() -> None:
    """This test ensures that the closed double gate puts the covers in the middle of the
    outside, the doors at its ends, and the four topics inside, left to right."""
    outside, inside = gate().sides
    assert roles(outside) == [["door-right", "back-cover", "front-cover", "door-left"]]
    assert roles(inside) == [["inside-1", "inside-2", "inside-3", "inside-4"]]


def test_rows_run_from_the_head_as_printed() -> None:
    """This test ensures that a side's rows are listed from the head of the printed page, each
    left to right, also for a side printed upside down for a tumble turn, and that the plan
    knows whether it tumbles."""
    turn = plan(FOLDS["cross-8"], mm(100), mm(210), mm(2), mm(3))
    tumble = plan(FOLDS["cross-8"], mm(100), mm(210), mm(2), mm(3), tumble=True)
    assert roles(turn.sides[0]) == [["outside-1", "outside-2"], ["back-cover", "front-cover"]]
    assert roles(turn.sides[1]) == [["inside-1", "inside-2"], ["inside-3", "inside-4"]]
    assert roles(tumble.sides[1]) == [["inside-4", "inside-3"], ["inside-2", "inside-1"]]
    for side in (*turn.sides, *tumble.sides):
        head = side.rows()[0]
        assert all(p.y == pytest.approx(max(q.y for q in side.panels)) for p in head)
    assert (turn.tumble, tumble.tumble) == (False, True)


def test_fold_lines_name_their_kind_as_seen_on_their_side() -> None:
    """This test ensures that a fold line calls itself a valley or a mountain as seen on its own
    side: the gate's folds are valleys inside and mountains outside."""
    outside, inside = gate().sides
    assert {line.kind for line in inside.fold_lines} == {"valley"}
    assert {line.kind for line in outside.fold_lines} == {"mountain"}


def test_millimetres_are_rounded_one_way() -> None:
    """This test ensures that points shown as millimetres are rounded to 0.01 mm (or as asked)
    and never print as -0.0 or with float noise."""
    assert to_mm_rounded(mm(98) + mm(100) + mm(100)) == 298.0
    assert str(to_mm_rounded(-1e-12)) == "0.0"
    assert to_mm_rounded(mm(73.254)) == 73.25
    assert to_mm_rounded(mm(73.2544), 3) == 73.254


def test_side_labels_number_the_panels() -> None:
    """This test ensures that make-folder's own texts name a panel "Side N" by its number in the
    print file, and messages add its role."""
    assert GATE_8.side_label("front-cover") == "Side 7"
    assert GATE_8.label("front-cover") == "Side 7 (front-cover)"


def test_gate_8_side_numbers_follow_the_seed_slug() -> None:
    """This test ensures that the print file numbers inside panels 1–4 and outside 5–8, left to
    right, as the seed's slug "Side 5 | Side 6 (bagside) | Side 7 (FORside) | Side 8" does."""
    sheet = gate()
    assert [p.panel_number for p in sheet.sides[0].panels] == [5, 6, 7, 8]
    assert [p.panel_number for p in sheet.sides[1].panels] == [1, 2, 3, 4]
    assert sheet.panel("back-cover").panel_number == 6
    assert sheet.panel("front-cover").panel_number == 7


@pytest.mark.parametrize(
    ("width", "step", "widths"),
    [
        (100, 2, [98, 100, 100, 98]),
        (106, 2, [104, 106, 106, 104]),  # folding.md: S = 420 → 104/106/106/104
        (101, 2, [99, 101, 101, 99]),  # S = 400
        (75.25, 2, [73.25, 75.25, 75.25, 73.25]),  # S = 297
        (100, 3, [97, 100, 100, 97]),
    ],
)
def test_gate_8_compensation(width: float, step: float, widths: list[float]) -> None:
    """This test ensures that the doors are one compensation step narrower, on both sides, and
    that the flat width is the sum of the panels (M = (S + 2d) / 4, F = M − d)."""
    sheet = gate(width=width, step=step)
    for side in sheet.sides:
        assert [round(to_mm(p.width), 6) for p in side.panels] == widths
    assert to_mm(sheet.width) == pytest.approx(sum(widths))


def test_folds_on_the_back_mirror_the_front() -> None:
    """This test ensures that the inside is the outside turned like a book page: fold x on page
    2 equals trim width minus fold x on page 1, and outside widths are inside widths reversed
    (the "seen through the paper" mistake would break both)."""
    sheet = plan(GATE_8, mm(100), mm(210), mm(2), mm(3))
    outside, inside = sheet.sides
    assert inside.folds == pytest.approx(tuple(sheet.width - x for x in reversed(outside.folds)))
    assert [p.width for p in outside.panels] == [p.width for p in reversed(inside.panels)]


def test_each_panel_backs_the_mirrored_column() -> None:
    """This test ensures that outside column k is printed behind inside column n + 1 − k."""
    outside, inside = gate().sides
    n = len(inside.panels)
    for k, panel in enumerate(outside.panels):
        assert panel.backs == inside.panels[n - 1 - k].role
        assert inside.panels[n - 1 - k].backs == panel.role


def test_only_the_outer_edges_are_cut() -> None:
    """This test ensures that only the sheet's two outer edges are cut edges (they get bleed);
    every edge between panels is a fold (no bleed, no gap)."""
    for side in gate().sides:
        cuts = [(p.cut_left, p.cut_right) for p in side.panels]
        assert cuts == [(True, False), (False, False), (False, False), (False, True)]


@pytest.mark.parametrize("fold", sorted(FOLDS))
def test_every_fold_is_consistent(fold: str) -> None:
    """This test ensures that each registered fold names every role once on each side and reads
    every role exactly once."""
    scheme = FOLDS[fold]
    inside = list(scheme.side_roles(INSIDE))
    outside = list(scheme.side_roles(OUTSIDE))
    assert len(inside) == len(outside) == scheme.panels_per_side
    assert sorted(inside + outside) == sorted(scheme.reading_order)
    assert set(scheme.role_titles) == set(scheme.reading_order)
