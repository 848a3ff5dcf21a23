"""Fold schemes as data.

A fold scheme says, for the **inside** of the sheet (seen upright, left to right), which panel
role lands in each slot and how many compensation steps narrower that slot is; and, for the
**outside**, which role lands in each slot. Everything else is derived, never stored twice:

* outside slot ``k`` (1-based, of ``n``) is printed on the back of inside slot ``n + 1 - k``
  (the sheet is turned over like a book page), so the outside widths are the inside widths
  reversed and the fold lines coincide through the paper;
* fold positions are the running sums of the slot widths; the two outer edges are cut edges,
  every edge between two slots is a fold;
* PDF page numbers in the print file ("Side 1" …) count the inside slots first, then the outside,
  both left to right — the convention of the seed leaflet's slug.

Facts from ``shared/docs/folding.md`` §2.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

INSIDE = "inside"
OUTSIDE = "outside"


@dataclass(frozen=True)
class Slot:
    """One panel position on one side of the sheet."""

    role: str
    steps: int = 0  # compensation steps: this panel is ``steps * d`` narrower than full width


@dataclass(frozen=True)
class FoldScheme:
    """A way to fold one sheet printed on both sides, keyed by panel roles."""

    name: str
    title: str
    inside: tuple[Slot, ...]
    outside_roles: tuple[str, ...]
    reading_order: tuple[str, ...]
    role_titles: Mapping[str, str]
    instructions: str

    def __post_init__(self) -> None:
        # A scheme is data typed by hand: refuse one that names a role twice or forgets one.
        inside = [slot.role for slot in self.inside]
        if len(self.outside_roles) != len(inside):
            raise ValueError(f"{self.name}: the outside and inside have different panel counts")
        if sorted(inside + list(self.outside_roles)) != sorted(self.reading_order):
            raise ValueError(f"{self.name}: the reading order must name every panel once")
        if set(self.role_titles) != set(self.reading_order):
            raise ValueError(f"{self.name}: every role needs a title")

    @property
    def panels_per_side(self) -> int:
        return len(self.inside)

    @property
    def roles(self) -> tuple[str, ...]:
        """Every role, in reading order."""
        return self.reading_order

    def slots(self, side: str) -> tuple[Slot, ...]:
        """The slots of ``side`` left to right; outside steps are derived from the backing slot."""
        if side == INSIDE:
            return self.inside
        n = self.panels_per_side
        return tuple(
            Slot(role, self.inside[n - 1 - k].steps) for k, role in enumerate(self.outside_roles)
        )

    def label(self, role: str) -> str:
        """How messages name a panel: ``Side 3 (inside-3)``."""
        return f"Side {self.panel_number(role)} ({role})"

    def panel_number(self, role: str) -> int:
        """The panel's number in the print file ("Side N"): inside 1…n, then outside n+1…2n."""
        inside = [s.role for s in self.inside]
        if role in inside:
            return inside.index(role) + 1
        return self.panels_per_side + self.outside_roles.index(role) + 1

    def backs(self, role: str) -> str:
        """The role printed on the other side of the sheet behind ``role``."""
        n = self.panels_per_side
        inside = [s.role for s in self.inside]
        if role in inside:
            return self.outside_roles[n - 1 - inside.index(role)]
        return inside[n - 1 - self.outside_roles.index(role)]

    def widths(self, side: str, full_width: float, step: float) -> tuple[float, ...]:
        """Slot widths for ``side``: full width less the slot's compensation steps."""
        return tuple(full_width - slot.steps * step for slot in self.slots(side))


GATE_8 = FoldScheme(
    name="gate-8",
    title="8-page closed double gate fold (altar fold, Altarfalz)",
    inside=(
        Slot("inside-1", steps=1),  # left flap folds in: narrower so the doors do not jam
        Slot("inside-2"),
        Slot("inside-3"),
        Slot("inside-4", steps=1),  # right flap
    ),
    # O1 backs the right flap and is seen as the right door; O4 backs the left flap.
    outside_roles=("door-right", "back-cover", "front-cover", "door-left"),
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
    role_titles=MappingProxyType(
        {
            "front-cover": "front cover",
            "back-cover": "back cover",
            "door-left": "left door",
            "door-right": "right door",
            "inside-1": "inside 1",
            "inside-2": "inside 2",
            "inside-3": "inside 3",
            "inside-4": "inside 4",
        }
    ),
    instructions=(
        "Inside up: fold the left flap (Side 1) over onto Side 2 and the right flap (Side 4) "
        "over onto Side 3, so the two doors meet near the middle without overlapping. Then fold "
        "the right half over onto the left half along the centre fold. The front cover (Side 7) "
        "is on top, the back cover (Side 6) underneath."
    ),
)

FOLDS: Mapping[str, FoldScheme] = MappingProxyType({scheme.name: scheme for scheme in (GATE_8,)})
