"""The ``marks`` check: registration colour stays outside the bleed.

Crop marks, fold marks and the slug are painted in registration colour (a Separation whose
colorant is ``All``), which prints on every plate; anything painted in it inside the BleedBox
would print in four-colour black on the finished piece. Every such object, in the page and in
the forms it draws, must lie wholly outside the BleedBox; touching its edge (within 0.01 pt) is
fine, as a crop mark that starts at the bleed does.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..units import to_mm
from .document import TOLERANCE, Box
from .interpret import PageRun
from .report import Finding

MAX_REPORTED = 5  # per page: the first few say enough


def check_marks(
    boxes: Sequence[dict[str, Box | None]], runs: Sequence[PageRun | None]
) -> list[Finding]:
    """An error for each registration-colour object inside a page's BleedBox."""
    findings: list[Finding] = []
    for number, (page, run) in enumerate(zip(boxes, runs, strict=False), start=1):
        if run is None:
            continue
        marks = [paint for paint in run.paints if paint.space.registration]
        bleed = page.get("BleedBox")
        if bleed is None:
            if marks:
                findings.append(
                    Finding("marks", number, "no BleedBox: registration marks not checked", "note")
                )
            continue
        trim = page.get("TrimBox") or bleed
        inside = [
            (paint.kind, parts)
            for paint in marks
            if (parts := [part for part in paint.parts if _overlaps(part, bleed)])
        ]
        for kind, parts in inside[:MAX_REPORTED]:
            x0, y0 = min(p[0] for p in parts), min(p[1] for p in parts)
            x1, y1 = max(p[2] for p in parts), max(p[3] for p in parts)
            depth = max(_depth(part, bleed) for part in parts)
            findings.append(
                Finding(
                    "marks",
                    number,
                    f"registration-colour {kind} at x {_mm(x0 - trim[0])}…"
                    f"{_mm(x1 - trim[0])} mm, y {_mm(y0 - trim[1])}…{_mm(y1 - trim[1])} mm "
                    f"(from the trim's lower left) reaches {to_mm(depth):.2f} mm into the "
                    "BleedBox; marks belong outside the bleed",
                )
            )
        if len(inside) > MAX_REPORTED:
            findings.append(
                Finding(
                    "marks",
                    number,
                    f"and {len(inside) - MAX_REPORTED} more registration-colour "
                    + ("object" if len(inside) - MAX_REPORTED == 1 else "objects")
                    + " inside the BleedBox",
                )
            )
    return findings


def _overlaps(box: Box, bleed: Box) -> bool:
    """Whether ``box`` reaches into the BleedBox by more than the tolerance (a zero-width
    hairline inside counts)."""
    return (
        box[0] < bleed[2] - TOLERANCE
        and box[2] > bleed[0] + TOLERANCE
        and box[1] < bleed[3] - TOLERANCE
        and box[3] > bleed[1] + TOLERANCE
    )


def _depth(box: Box, bleed: Box) -> float:
    """How far ``box`` reaches into the BleedBox from its nearest edge."""
    return min(box[2] - bleed[0], bleed[2] - box[0], box[3] - bleed[1], bleed[3] - box[1])


def _mm(points: float) -> str:
    return f"{to_mm(points):.1f}".replace("-", "−")
