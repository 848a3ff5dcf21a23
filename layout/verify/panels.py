"""The ``panels`` check: the file is the imposed sheet its panel map describes.

With a panel map: the page count, the trim size (the flat sheet) and the bleed match the map,
and each panel's text is found, in order, inside the panel's rectangle on its page — so a panel
in the wrong slot, or a sheet side printed mirrored, is caught. The map's own fold must describe
it: each page holds that fold's roles for its side, its panels form the fold's rows and columns,
and the column widths follow the fold's compensation (columns with as many fold-in steps are as
wide, a column with more steps is narrower — or all are equal, on a sheet made without
compensation). The map names a panel only by its label, ``Side 5 (door-right)``: the role is
read from it, and a page's side is the one whose roles it holds. Asked for a fold, the map must
name that fold and the file must have two pages (the outside and the inside of the sheet).

Without a map, the sheet's proportions are not held against the fold: the panels' size is
unknown (a gate fold of tall narrow panels and a square bifold can have the same flat sheet), so
a note says so rather than guess.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from ..folds import FOLDS, INSIDE, OUTSIDE, FoldScheme
from ..units import mm, to_mm
from .boxes import bleed_widths
from .document import TOLERANCE, Box, TextPages
from .panelmap import MapPage, PanelMap
from .report import Finding

SIZE_TOLERANCE = 0.05  # mm: the map's millimetres are rounded
_LABEL = re.compile(r"\(([^()]+)\)\s*$")  # the role at the end of "Side 5 (door-right)"


def check_panels(
    pages: TextPages | None,
    boxes: Sequence[dict[str, Box | None]],
    panel_map: PanelMap | None,
    fold: str | None,
    skip: Mapping[int, str] | None = None,
) -> list[Finding]:
    """Check the pages against the panel map, and the map against the fold asked for; the
    panels' text is not looked for on the pages in ``skip`` (1-based, with the reason)."""
    findings: list[Finding] = []

    def error(page: int | None, message: str) -> None:
        findings.append(Finding("panels", page, message))

    if fold is not None:
        if fold not in FOLDS:
            error(None, f"unknown fold {fold!r}; expected one of: {', '.join(sorted(FOLDS))}")
        elif len(boxes) != 2:
            error(None, f"{_pages(len(boxes))}; an imposed {fold} sheet has 2, outside and inside")
        if panel_map is not None and panel_map.fold != fold:
            error(None, f"the panel map is for fold {panel_map.fold!r}, not {fold!r}")
    if panel_map is None:
        findings.append(
            Finding("panels", None, "panel order not checked: the PDF carries no panel map", "note")
        )
        if fold in FOLDS:
            findings.append(
                Finding(
                    "panels",
                    None,
                    f"the sheet's proportions not checked against {fold}: without a panel map "
                    "the panels' size is unknown",
                    "note",
                )
            )
        return findings
    scheme = FOLDS.get(panel_map.fold)
    if scheme is None:
        error(None, f"the panel map names an unknown fold {panel_map.fold!r}")
    else:
        findings += [Finding("panels", n, m) for n, m in fold_shape(scheme, panel_map.pages)]
    if len(boxes) != len(panel_map.pages):
        error(None, f"{_pages(len(boxes))}, but the panel map describes {len(panel_map.pages)}")
        return findings
    width, height = panel_map.flat
    for number, (page_boxes, mapped) in enumerate(zip(boxes, panel_map.pages, strict=True), 1):
        trim, bleed = page_boxes.get("TrimBox"), page_boxes.get("BleedBox")
        if trim is None:
            continue  # the boxes check has said so
        trim_w, trim_h = to_mm(trim[2] - trim[0]), to_mm(trim[3] - trim[1])
        if abs(trim_w - width) > SIZE_TOLERANCE or abs(trim_h - height) > SIZE_TOLERANCE:
            error(
                number,
                f"TrimBox is {trim_w:.2f} × {trim_h:.2f} mm; the panel map's flat sheet is "
                f"{width:g} × {height:g} mm",
            )
        if bleed is not None:
            short = min(bleed_widths(trim, bleed))
            if short < mm(panel_map.bleed) - TOLERANCE:
                error(
                    number,
                    f"bleed {to_mm(short):.2f} mm; the panel map asks for {panel_map.bleed:g} mm",
                )
        if pages is None or number > len(pages):
            continue
        if skip and number in skip:
            findings.append(
                Finding("panels", number, f"panel text not checked: {skip[number]}", "warning")
            )
            continue
        text = pages[number - 1]
        for panel in mapped.panels:
            rect = (
                trim[0] + mm(panel.x),
                trim[1] + mm(panel.y),
                trim[0] + mm(panel.x + panel.width),
                trim[1] + mm(panel.y + panel.height),
            )
            absent = missing(text.get_text_bounded(*rect), panel.text)
            if absent is not None:
                error(
                    number,
                    f"{panel.label}: {absent!r} is not in its panel at {panel.x:g} mm from the "
                    "left trim",
                )
    return findings


def fold_shape(fold: FoldScheme, pages: Sequence[MapPage]) -> list[tuple[int, str]]:
    """What is wrong with a panel map's pages as the sides of ``fold``, as (page, message).

    The map names each panel by its label, ``Side N (role)``; a page's side is the one whose
    roles it holds. Labels in another form leave the roles and the side unchecked, and the
    widths are then held against either side's compensation.
    """
    problems: list[tuple[int, str]] = []
    sides_seen: dict[str, int] = {}
    for number, page in enumerate(pages, 1):
        roles = [_role(p.label) for p in page.panels]
        sides: tuple[str, ...] = (INSIDE, OUTSIDE)
        if roles and all(roles):
            found = sorted(r for r in roles if r)
            sides = tuple(s for s in (INSIDE, OUTSIDE) if found == sorted(fold.side_roles(s)))
            if not sides:
                problems.append(
                    (
                        number,
                        f"the panel map puts {', '.join(r for r in roles if r)} on this page; "
                        f"{fold.name} has {', '.join(fold.side_roles(INSIDE))} on the inside "
                        f"and {', '.join(fold.side_roles(OUTSIDE))} on the outside",
                    )
                )
                sides = (INSIDE, OUTSIDE)
            elif sides[0] in sides_seen:
                problems.append(
                    (
                        number,
                        f"the panel map puts the {sides[0]} on page {sides_seen[sides[0]]} too",
                    )
                )
            else:
                sides_seen[sides[0]] = number
        columns = _positions([p.x for p in page.panels])
        rows = _positions([p.y for p in page.panels])
        if (len(rows), len(columns)) != (fold.rows, fold.columns):
            problems.append(
                (
                    number,
                    f"the panel map's panels form {_grid(len(rows), len(columns))}; "
                    f"{fold.name} has {_grid(fold.rows, fold.columns)}",
                )
            )
            continue
        widths: list[set[float]] = [set() for _ in columns]
        for panel in page.panels:
            widths[_index(columns, panel.x)].add(panel.width)
        if not any(_compensated(widths, fold.column_steps(side)) for side in sides):
            shown = ", ".join("/".join(f"{w:g}" for w in sorted(ws)) for ws in widths)
            steps = " or ".join(
                dict.fromkeys(", ".join(map(str, fold.column_steps(s))) for s in sides)
            )
            problems.append(
                (
                    number,
                    f"column widths {shown} mm do not follow {fold.name}'s compensation "
                    f"(fold-in steps {steps}): equal steps, equal widths; more steps, narrower",
                )
            )
    return problems


def _role(label: str) -> str | None:
    """The role in a make-folder label, ``Side 5 (door-right)`` → ``door-right``."""
    match = _LABEL.search(label)
    return match[1].strip() if match else None


def _positions(values: Sequence[float]) -> list[float]:
    """The distinct positions among ``values``, in order, those within the tolerance as one."""
    distinct: list[float] = []
    for value in sorted(values):
        if not distinct or value - distinct[-1] > SIZE_TOLERANCE:
            distinct.append(value)
    return distinct


def _index(positions: list[float], value: float) -> int:
    return min(range(len(positions)), key=lambda i: abs(positions[i] - value))


def _grid(rows: int, columns: int) -> str:
    return f"{rows} row{'s' if rows != 1 else ''} of {columns} panel{'s' if columns != 1 else ''}"


def _compensated(widths: Sequence[set[float]], steps: Sequence[int]) -> bool:
    """Whether the columns' widths are ``full - steps × d`` for one full width and one d ≥ 0:
    every column one width, equal steps equal widths, each further step the same d narrower
    (d = 0: a sheet made without compensation)."""
    if any(max(ws) - min(ws) > SIZE_TOLERANCE for ws in widths if ws):
        return False
    width = [min(ws) if ws else 0.0 for ws in widths]
    wide = max(range(len(width)), key=lambda i: (-steps[i], width[i]))  # fewest steps
    full, base = width[wide], steps[wide]
    deeper = [i for i in range(len(width)) if steps[i] > base]
    step = (full - width[deeper[0]]) / (steps[deeper[0]] - base) if deeper else 0.0
    if step < -SIZE_TOLERANCE:
        return False
    tolerance = SIZE_TOLERANCE * (1 + max(steps, default=0))
    return all(
        abs(width[i] - (full - (steps[i] - base) * step)) <= tolerance for i in range(len(width))
    )


def _pages(count: int) -> str:
    return f"{count} page{'' if count == 1 else 's'}"


# pdfium reads a hyphen at a line end back as a marker (\x02 in a rectangle, U+FFFE on a page),
# and a URL broken after a slash as a line break: compare without hyphens and white space.
_HYPHENS = str.maketrans("", "", "-\u00ad\u2010\x02\ufffe")


def normalise(text: str) -> str:
    return "".join(text.translate(_HYPHENS).split())


def missing(found: str, expected: Sequence[str]) -> str | None:
    """The first expected piece not found in sequence in ``found``, or None if all are."""
    text, cursor = normalise(found), 0
    for piece in expected:
        at = text.find(normalise(piece), cursor)
        if at < 0:
            return piece
        cursor = at + len(normalise(piece))
    return None
