"""The job sheet: the seed leaflet's numbers, a roll fold's widths, and JSON that reads back."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from layout.build import Leaflet, Options, lay_out
from layout.content.loader import load_content, load_design
from layout.folds import FOLDS
from layout.impose import plan
from layout.jobsheet import dumps, job_sheet
from layout.units import mm

ROOT = Path(__file__).resolve().parent.parent
PRINT = "trivsel-nb-print.pdf"


@pytest.fixture(scope="module")
def leaflet() -> Leaflet:
    folder = load_content(ROOT / "content.yaml")
    return lay_out(folder, load_design(folder.design))


@pytest.fixture(scope="module")
def seed(leaflet: Leaflet) -> dict[str, Any]:
    return job_sheet(leaflet.plan, leaflet.folder, leaflet.design, print_pdf=PRINT)


def test_seed_numbers(seed: dict[str, Any], leaflet: Leaflet) -> None:
    """This test ensures that the seed leaflet's job sheet gives its known numbers (folding.md
    §2.1): gate-8, flat 396 × 210 mm, finished 100 × 210, panels 98/100/100/98 on both sides,
    folds at 98, 198 and 298 mm on both sides, compensation 2 mm, bleed 3 mm; that it names the
    origin of its positions, each side's page, and the marks as the design spells them."""
    assert seed["fold"]["name"] == "gate-8"
    assert seed["fold"]["jdf"] == FOLDS["gate-8"].jdf
    assert seed["fold"]["panels_per_side"] == 4
    assert seed["fold"]["instructions"] == FOLDS["gate-8"].instructions
    assert seed["flat_size_mm"] == {"width": 396.0, "height": 210.0}
    assert seed["finished_size_mm"] == {"width": 100.0, "height": 210.0}
    assert seed["compensation_step_mm"] == 2.0 and seed["bleed_mm"] == 3.0
    assert seed["origin"] == "lower left corner of the trim, as printed; x to the right, y up"
    outside, inside = seed["sides"]
    assert [(s["page"], s["side"]) for s in seed["sides"]] == [(1, "outside"), (2, "inside")]
    for side in (outside, inside):
        assert side["panel_widths_mm"] == [98.0, 100.0, 100.0, 98.0]
        assert [f["position_mm"] for f in side["folds"]] == [98.0, 198.0, 298.0]
        assert {f["direction"] for f in side["folds"]} == {"vertical"}
        assert [f["order"] for f in side["folds"]] == [1, 2, 1]
    assert {f["fold"] for f in inside["folds"]} == {"valley"}
    assert {f["fold"] for f in outside["folds"]} == {"mountain"}
    front = outside["panels"][2]
    assert front == {
        "role": "front-cover",
        "number": 7,
        "label": "Side 7 (forside)",
        "title": "front cover",
        "x_mm": 198.0,
        "y_mm": 0.0,
        "width_mm": 100.0,
        "height_mm": 210.0,
        "rotation": 0,
        "backs": "inside-2",
    }
    assert [p["label"] for p in outside["panels"]] == [
        "Side 5 (høyre dør)",
        "Side 6 (bakside)",
        "Side 7 (forside)",
        "Side 8 (venstre dør)",
    ]
    assert [p["role"] for p in outside["panels"]] == [
        "door-right",
        "back-cover",
        "front-cover",
        "door-left",
    ]
    assert [p["number"] for p in outside["panels"]] == [5, 6, 7, 8]
    assert [p["role"] for p in inside["panels"]] == [f"inside-{n}" for n in range(1, 5)]
    assert [p["number"] for p in inside["panels"]] == [1, 2, 3, 4]
    assert seed["marks"] == {
        "crop": True,
        "fold": True,
        "registration": True,
        "colour-bar": True,
        "slug": True,
        "length_mm": 6.0,
        "offset_mm": 3.0,
        "weight_pt": 0.25,
        "margin_mm": 15.0,
    }
    assert seed["press"] == {"pdfx": "x4", "first": "outside", "back": "turn"}
    assert seed["pdfx"] == {"standard": "PDF/X-4", "output_intent": "FOGRA39"}
    assert seed["print_file"] == PRINT
    assert (seed["title"], seed["slug"], seed["language"]) == (
        "Kort og godt om trivsel på arbeidsplassen",
        "trivsel",
        "nb",
    )


@pytest.mark.parametrize(
    ("finished", "inside_widths"),
    [
        (106.5, [106.5, 106.5, 104.5, 102.5]),  # folding.md §2.2: S = 420
        (101.5, [101.5, 101.5, 99.5, 97.5]),  # S = 400
    ],
)
def test_roll_8_widths(leaflet: Leaflet, finished: float, inside_widths: list[float]) -> None:
    """This test ensures that a roll fold's job sheet gives the widths of folding.md §2.2 (the
    core two steps narrower, the next one step), the outside the inside reversed, and folds at
    their running sums, valleys on the inside."""
    folder = replace(leaflet.folder, fold="roll-8", finished_width=mm(finished))
    sheet = plan(FOLDS["roll-8"], mm(finished), mm(210), mm(2), mm(3))
    design = Options(pdfx="x1a").apply(leaflet.design)
    data = job_sheet(sheet, folder, design, print_pdf=PRINT)
    outside, inside = data["sides"]
    assert inside["panel_widths_mm"] == inside_widths
    assert outside["panel_widths_mm"] == inside_widths[::-1]
    assert data["flat_size_mm"]["width"] == pytest.approx(sum(inside_widths))
    running = [sum(inside_widths[: k + 1]) for k in range(3)]
    assert [f["position_mm"] for f in inside["folds"]] == pytest.approx(running)
    assert [f["fold"] for f in inside["folds"]] == ["valley"] * 3
    assert [f["order"] for f in inside["folds"]] == [3, 2, 1]  # the core folds in first
    assert [p["role"] for p in outside["panels"]][-2:] == ["back-cover", "front-cover"]
    assert data["fold"]["name"] == "roll-8" and data["pdfx"]["standard"] == "PDF/X-1a:2001"


def test_json_ready_stable_and_readable(seed: dict[str, Any], leaflet: Leaflet) -> None:
    """This test ensures that the job sheet survives a JSON round trip unchanged, keeps its keys
    in a fixed order, writes non-ASCII text as itself with a final newline, and is the same
    text every time."""
    text = dumps(seed)
    assert json.loads(text) == seed
    assert text.endswith("}\n") and "på arbeidsplassen" in text and "høyre dør" in text
    assert text.startswith('{\n  "format": "make-folder job sheet",\n  "version": 2,')
    again = job_sheet(leaflet.plan, leaflet.folder, leaflet.design, print_pdf=PRINT)
    assert dumps(again) == text
    assert list(seed) == [
        "format",
        "version",
        "generator",
        "title",
        "slug",
        "language",
        "print_file",
        "fold",
        "finished_size_mm",
        "flat_size_mm",
        "compensation_step_mm",
        "bleed_mm",
        "origin",
        "sides",
        "marks",
        "press",
        "pdfx",
    ]
    assert list(seed["sides"][0]) == [
        "page",
        "side",
        "turned",
        "panel_widths_mm",
        "panels",
        "folds",
    ]

    def numbers(value: Any) -> list[float]:
        if isinstance(value, dict):
            return [n for v in value.values() for n in numbers(v)]
        if isinstance(value, list):
            return [n for v in value for n in numbers(v)]
        return [value] if isinstance(value, float) else []

    assert all(round(n, 2) == n for n in numbers(seed)), "millimetres to 0.01"


def test_pages_tumble_and_marks_follow_the_press_and_design(leaflet: Leaflet) -> None:
    """This test ensures that the sides follow the print file's pages (inside first here, or as
    given), a tumbled back is reported turned with its panels still listed head row first, left
    to right, and the marks switched off read false with no margin beyond the bleed."""
    design = replace(
        leaflet.design,
        press=replace(leaflet.design.press, inside_first=True, tumble=True),
        marks=leaflet.design.marks.with_only(()),
    )
    sheet = plan(FOLDS["cross-8"], mm(100), mm(210), mm(2), mm(3), inside_first=True, tumble=True)
    folder = replace(leaflet.folder, fold="cross-8")
    data = job_sheet(sheet, folder, design, print_pdf=PRINT)
    assert [(s["page"], s["side"]) for s in data["sides"]] == [(1, "inside"), (2, "outside")]
    assert data["press"] == {"pdfx": "x4", "first": "inside", "back": "tumble"}
    turned = data["sides"][1]
    assert turned["turned"] is True
    # Turned head to foot, the outside's bottom row (the covers) now prints at the head.
    assert [p["role"] for p in turned["panels"]] == [
        "front-cover",
        "back-cover",
        "outside-2",
        "outside-1",
    ]
    assert [p["rotation"] for p in turned["panels"]] == [180, 180, 0, 0]
    assert [(f["direction"], f["position_mm"]) for f in turned["folds"]] == [
        ("vertical", 100.0),
        ("horizontal", 210.0),
    ]
    assert not any(v for k, v in data["marks"].items() if not k.endswith(("_mm", "_pt")))
    assert data["marks"]["margin_mm"] == 3.0


@pytest.mark.parametrize(
    ("fold", "step"),
    [
        ("gate-8", 2.0),
        ("roll-8", 2.0),
        ("double-parallel-8", 2.0),
        ("letter-6", 2.0),
        ("accordion-8", None),
        ("cross-8", None),
        ("z-6", None),
        ("bifold-4", None),
    ],
)
def test_compensation_step_only_where_a_panel_is_narrower(
    leaflet: Leaflet, fold: str, step: float | None
) -> None:
    """This test ensures that the job sheet gives the compensation step only for a fold with
    narrower panels (folding.md §2), and null for the accordion, cross, Z and bifold, whose
    panels are all one width."""
    sheet = plan(FOLDS[fold], mm(100), mm(210), mm(2), mm(3))
    folder = replace(leaflet.folder, fold=fold)
    data = job_sheet(sheet, folder, leaflet.design, print_pdf=PRINT)
    assert data["compensation_step_mm"] == step
    widths = {w for side in data["sides"] for w in side["panel_widths_mm"]}
    assert (len(widths) > 1) == (step is not None)
