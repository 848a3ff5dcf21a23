"""Imposition plan: which panel lands where on each side of the sheet (pure, no PDF).

Input: a fold scheme, the finished (closed) size, the compensation step and the bleed.
Output: a :class:`SheetPlan` in points, with every position, width, fold line, cut edge and
backing derived from the scheme, one page per sheet side in print order (outside first).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from .folds import INSIDE, OUTSIDE, FoldScheme


@dataclass(frozen=True)
class PlacedPanel:
    role: str
    panel_number: int  # "Side N" in the print file
    x: float  # pt from the left trim edge of the sheet
    width: float  # pt
    cut_left: bool  # the left edge is a cut edge (otherwise a fold)
    cut_right: bool
    backs: str  # the role printed behind this panel


@dataclass(frozen=True)
class SheetSide:
    name: str
    panels: tuple[PlacedPanel, ...]

    @property
    def folds(self) -> tuple[float, ...]:
        """x of each fold line, pt from the left trim edge."""
        return tuple(p.x for p in self.panels[1:])


@dataclass(frozen=True)
class SheetPlan:
    fold: FoldScheme
    width: float  # pt, flat (open) trim width
    height: float  # pt, trim height
    bleed: float  # pt
    sides: tuple[SheetSide, ...]  # in PDF page order

    def panel(self, role: str) -> PlacedPanel:
        return next(p for side in self.sides for p in side.panels if p.role == role)

    def describe(self) -> str:
        """The plan as a short readable string, e.g. ``outside: door-right|back-cover|…``."""
        return "; ".join(
            f"{side.name}: " + "|".join(p.role for p in side.panels) for side in self.sides
        )


def plan(
    fold: FoldScheme,
    finished_width: float,
    finished_height: float,
    step: float,
    bleed: float,
) -> SheetPlan:
    """Impose ``fold`` on one sheet; panels are ``finished_width`` less their compensation."""
    sides = []
    for name in (OUTSIDE, INSIDE):  # most leaflet printers want the outside first
        slots = fold.slots(name)
        widths = fold.widths(name, finished_width, step)
        lefts = (0.0, *accumulate(widths))
        n = len(slots)
        sides.append(
            SheetSide(
                name,
                tuple(
                    PlacedPanel(
                        role=slot.role,
                        panel_number=fold.panel_number(slot.role),
                        x=lefts[k],
                        width=widths[k],
                        cut_left=k == 0,
                        cut_right=k == n - 1,
                        backs=fold.backs(slot.role),
                    )
                    for k, slot in enumerate(slots)
                ),
            )
        )
    return SheetPlan(fold, lefts[-1], finished_height, bleed, tuple(sides))
