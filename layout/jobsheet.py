"""Job sheet: what the printer needs to know about the print PDF, as JSON beside it.

Written as ``<slug>-<language>-job.json`` next to ``<slug>-<language>-print.pdf``: the same facts
the slug prints on the sheet, in a form a print shop's workflow (or a person) can read without
opening the PDF — fold, sizes, the width and place of every panel, every fold line with its order
and direction, bleed, marks, PDF/X standard and output intent, and which side of the sheet each
page of the print file is.

Conventions: lengths in millimetres rounded to 0.01 (keys end in ``_mm``; the mark weight in
points, ``_pt``); positions from the sheet's lower left trim corner as each page is printed; a
vertical fold's position from the left trim edge, a horizontal fold's from the bottom trim edge;
``valley`` and ``mountain`` as seen on that page (a valley closes towards the viewer). Panels are
listed row by row from the head, left to right. Keys keep a fixed order, so that two job sheets
of the same job are byte-identical and a diff between two jobs is readable.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from . import __version__
from .content.model import Design, Folder
from .impose import FoldLine, PlacedPanel, SheetPlan, SheetSide
from .marks import panel_label
from .pdfx import OUTPUT_CONDITION_IDENTIFIER, PDFX_LEVELS
from .units import to_mm

FORMAT = "make-folder job sheet"
VERSION = 1  # raised whenever a key changes meaning or goes away


def job_sheet(plan: SheetPlan, folder: Folder, design: Design, *, print_pdf: str) -> dict[str, Any]:
    """The job sheet of ``plan`` as a JSON-ready dict (see the module's conventions);
    ``print_pdf`` is the print file's name."""
    fold, marks, press = plan.fold, design.marks, design.press
    level = PDFX_LEVELS[press.pdfx]
    labels = design.slug_labels
    return {
        "format": FORMAT,
        "version": VERSION,
        "generator": f"make-folder {__version__}",
        "title": folder.title,
        "slug": folder.slug,
        "language": folder.language,
        "print_file": print_pdf,
        "fold": {
            "name": fold.name,
            "title": fold.title,
            "jdf": fold.jdf,
            "pages": fold.pages,
            "panels_per_side": fold.panels_per_side,
            "rows": fold.rows,
            "columns": fold.columns,
            "reading_order": list(fold.reading_order),
            "instructions": fold.instructions,
        },
        "finished_size_mm": _size(folder.finished_width, folder.finished_height),
        "flat_size_mm": _size(plan.width, plan.height),
        "compensation_step_mm": _mm(plan.step),
        "bleed_mm": _mm(plan.bleed),
        "sides": [_side(plan, side, labels) for side in plan.sides],
        "marks": {
            "crop": marks.crop,
            "fold": marks.fold,
            "registration": marks.registration,
            "colour_bar": marks.colour_bar,
            "slug": marks.slug,
            "length_mm": _mm(marks.length),
            "offset_mm": _mm(marks.offset),
            "weight_pt": round(marks.weight, 3),
            # With no marks at all the page is the bleed box: nothing beyond the bleed.
            "margin_mm": _mm(marks.margin if marks.any else plan.bleed),
        },
        # Page order and turn as the plan was imposed (a command-line override included).
        "press": {
            "pdfx": press.pdfx,
            "first": plan.sides[0].name,
            "back": "tumble" if plan.sides[-1].turned else "turn",
        },
        "pdfx": {
            "standard": level.conformance or level.version,
            "output_intent": OUTPUT_CONDITION_IDENTIFIER,
        },
        "pages": [
            {
                "page": number,
                "side": side.name,
                "roles": [p.role for p in _in_print_order(side)],
                "panels": [p.panel_number for p in _in_print_order(side)],
            }
            for number, side in enumerate(plan.sides, start=1)
        ],
    }


def dumps(sheet: dict[str, Any]) -> str:
    """The job sheet as UTF-8 JSON text: indented, non-ASCII kept, ending in a newline."""
    return json.dumps(sheet, indent=2, ensure_ascii=False) + "\n"


def _mm(points: float) -> float:
    # + 0.0 turns a rounded -0.0 into 0.0: JSON readers should never see "-0.0".
    return round(to_mm(points), 2) + 0.0


def _size(width: float, height: float) -> dict[str, float]:
    return {"width": _mm(width), "height": _mm(height)}


def _side(plan: SheetPlan, side: SheetSide, labels: Mapping[str, str]) -> dict[str, Any]:
    panels = _in_print_order(side)
    head = [p for p in panels if abs(p.y + p.height - plan.height) < 0.01]
    lines = sorted(side.fold_lines, key=lambda f: (not f.vertical, f.position))
    return {
        "side": side.name,
        "turned": side.turned,
        "panel_widths_mm": [_mm(p.width) for p in head],
        "panels": [_panel(plan, p, labels) for p in panels],
        "folds": [_fold(line) for line in lines],
    }


def _in_print_order(side: SheetSide) -> list[PlacedPanel]:
    """Rows from the head, left to right, as printed (a tumbled side's plan lists them turned)."""
    return sorted(side.panels, key=lambda p: (-round(p.y, 3), p.x))


def _panel(plan: SheetPlan, panel: PlacedPanel, labels: Mapping[str, str]) -> dict[str, Any]:
    return {
        "role": panel.role,
        "number": panel.panel_number,
        "label": panel_label(plan, panel.role, labels),
        "title": plan.fold.role_titles[panel.role],
        "x_mm": _mm(panel.x),
        "y_mm": _mm(panel.y),
        "width_mm": _mm(panel.width),
        "height_mm": _mm(panel.height),
        "rotation": panel.rotation,
        "backs": panel.backs,
    }


def _fold(line: FoldLine) -> dict[str, Any]:
    return {
        "position_mm": _mm(line.position),
        "direction": "vertical" if line.vertical else "horizontal",
        "order": line.order,
        "fold": "valley" if line.valley else "mountain",
    }
