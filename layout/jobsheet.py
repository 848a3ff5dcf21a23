"""Job sheet: what the printer needs to know about the print PDF, as JSON beside it.

Written as ``<slug>-<language>-job.json`` next to ``<slug>-<language>-print.pdf``: the same facts
the slug prints on the sheet, in a form a print shop's workflow (or a person) can read without
opening the PDF — fold, sizes, the width and place of every panel, every fold line with its order
and direction, bleed, marks, PDF/X standard and output intent, and which side of the sheet each
page of the print file is (``sides``, in page order, each with its ``page`` number).

Conventions: lengths in millimetres rounded to 0.01 (keys end in ``_mm``; the mark weight in
points, ``_pt``); positions as the ``origin`` key says: from the lower left corner of the trim as
each page is printed, x to the right, y up — a vertical fold's position is its x, a horizontal
fold's its y; ``valley`` and ``mountain`` as seen on that page (a valley closes towards the
viewer). Panels are listed row by row from the head, left to right. The compensation step is
``null`` for a fold without narrower panels. Keys keep a fixed order, so that two job sheets of
the same job are byte-identical and a diff between two jobs is readable.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from . import __version__
from .content.model import MARK_NAMES, Design, Folder
from .impose import FoldLine, PlacedPanel, SheetPlan, SheetSide
from .marks import panel_label
from .pdfx import OUTPUT_CONDITION_IDENTIFIER, PDFX_LEVELS
from .units import to_mm_rounded

FORMAT = "make-folder job sheet"
VERSION = 2  # raised whenever a key changes meaning or goes away (2: "pages" went into "sides")
ORIGIN = "lower left corner of the trim, as printed; x to the right, y up"


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
        # A step that narrows no panel would read as if it did.
        "compensation_step_mm": to_mm_rounded(plan.step) if any(fold.steps) else None,
        "bleed_mm": to_mm_rounded(plan.bleed),
        "origin": ORIGIN,
        "sides": [_side(plan, page, side, labels) for page, side in enumerate(plan.sides, 1)],
        "marks": {
            **{name: name in marks.on for name in MARK_NAMES},
            "length_mm": to_mm_rounded(marks.length),
            "offset_mm": to_mm_rounded(marks.offset),
            "weight_pt": round(marks.weight, 3),
            "margin_mm": to_mm_rounded(marks.page_margin(plan.bleed)),
        },
        # Page order and turn as the plan was imposed (a command-line override included).
        "press": {
            "pdfx": press.pdfx,
            "first": plan.sides[0].name,
            "back": "tumble" if plan.tumble else "turn",
        },
        "pdfx": {
            "standard": level.conformance or level.version,
            "output_intent": OUTPUT_CONDITION_IDENTIFIER,
        },
    }


def dumps(sheet: dict[str, Any]) -> str:
    """The job sheet as UTF-8 JSON text: indented, non-ASCII kept, ending in a newline."""
    return json.dumps(sheet, indent=2, ensure_ascii=False) + "\n"


def _size(width: float, height: float) -> dict[str, float]:
    return {"width": to_mm_rounded(width), "height": to_mm_rounded(height)}


def _side(plan: SheetPlan, page: int, side: SheetSide, labels: Mapping[str, str]) -> dict[str, Any]:
    rows = side.rows()  # as printed: a tumbled side's plan already lists them turned
    lines = sorted(side.fold_lines, key=lambda f: (not f.vertical, f.position))
    return {
        "page": page,
        "side": side.name,
        "turned": side.turned,
        "panel_widths_mm": [to_mm_rounded(p.width) for p in rows[0]],
        "panels": [_panel(plan, p, labels) for row in rows for p in row],
        "folds": [_fold(line) for line in lines],
    }


def _panel(plan: SheetPlan, panel: PlacedPanel, labels: Mapping[str, str]) -> dict[str, Any]:
    return {
        "role": panel.role,
        "number": panel.panel_number,
        "label": panel_label(plan, panel.role, labels),
        "title": plan.fold.role_titles[panel.role],
        "x_mm": to_mm_rounded(panel.x),
        "y_mm": to_mm_rounded(panel.y),
        "width_mm": to_mm_rounded(panel.width),
        "height_mm": to_mm_rounded(panel.height),
        "rotation": panel.rotation,
        "backs": panel.backs,
    }


def _fold(line: FoldLine) -> dict[str, Any]:
    return {
        "position_mm": to_mm_rounded(line.position),
        "direction": "vertical" if line.vertical else "horizontal",
        "order": line.order,
        "fold": line.kind,
    }
