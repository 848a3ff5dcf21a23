"""Fold schemes as data: the registry of every fold make-folder imposes.

A fold scheme stores only what cannot be worked out: for the **inside** of the sheet (seen
upright), which panel role lands in each slot, row by row from the top and left to right, and how
many compensation steps narrower that slot is; for the **outside**, which role lands in each slot
and which slots are printed upside down; and how each fold line is folded. Everything else is
derived, never stored twice:

* the outside is the inside turned over like a book page (about a vertical axis), so outside
  column ``k`` (of ``n``) is printed on the back of inside column ``n + 1 - k`` in the same row,
  the outside widths are the inside widths reversed and the fold lines coincide through the paper;
* fold positions are the running sums of the column widths (and the row heights); the sheet's
  outer edges are cut edges, every edge between two slots is a fold;
* a fold line that is a valley seen from the inside is a mountain seen from the outside;
* PDF page numbers in the print file ("Side 1" …) count the inside slots first, then the outside,
  row by row, left to right — the convention of the seed leaflet's slug.

Facts (positions, covers, reading order, compensation, rotation) from ``shared/docs/folding.md``
§2. The JDF ids name the CIP4 JDF fold catalogue entry ("Fn-i": n finished pages). The
catalogue is published as drawings. Confirmed by vendors' JDF documentation: F4-1 (bifold), F6-2
(Z-fold, the spec's own example), F8-2 (double parallel) and F8-7 (cross fold). Derived by folding
out the page order of CIP4 JDFLibJ's ``PaginationCatalog`` (a reading that gives the confirmed ids
back for F4-1, F8-7 and F8-2): F8-3 (accordion), F8-4 (double gate), F8-6 (roll; F8-5 puts the
covers at O1/O2) and F6-5 (letter; F6-4 puts the front cover at O2) — check the derived ones with
the printer.

Every scheme's ``instructions`` end with the face on top of the closed piece, worked out by folding
the layers one step at a time (``tests/test_every_fold.py`` does that for each parallel fold).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

INSIDE = "inside"
OUTSIDE = "outside"
_SPECIAL_TITLES = {"door-left": "left door", "door-right": "right door"}


@dataclass(frozen=True)
class Slot:
    """One panel position on the inside of the sheet."""

    role: str
    steps: int = 0  # compensation steps: this panel is ``steps * d`` narrower than full width


@dataclass(frozen=True)
class Crease:
    """How one fold line is folded, as seen from the inside of the sheet."""

    order: int  # when it is folded: 1 first; creases folded together share a number
    valley: bool  # True: the two inside faces close towards each other


@dataclass(frozen=True)
class FoldScheme:
    """A way to fold one sheet printed on both sides, keyed by panel roles."""

    name: str
    title: str
    inside: tuple[Slot, ...]  # row by row from the top, each row left to right
    outside_roles: tuple[str, ...]  # the same, seen on the outside after a book-page turn
    reading_order: tuple[str, ...]
    creases: tuple[Crease, ...]  # between the inside columns, left to right
    instructions: str
    rows: int = 1
    row_creases: tuple[Crease, ...] = ()  # between the inside rows, top to bottom
    rotated: frozenset[str] = field(default_factory=frozenset)  # roles printed upside down
    jdf: str | None = None  # CIP4 JDF fold-catalogue id, where one exists

    def __post_init__(self) -> None:
        # A scheme is data typed by hand: refuse one that names a role twice or forgets one.
        inside = [slot.role for slot in self.inside]
        if len(self.outside_roles) != len(inside) or len(inside) % self.rows:
            raise ValueError(f"{self.name}: the sides need the same whole rows of panels")
        if sorted(inside + list(self.outside_roles)) != sorted(self.reading_order):
            raise ValueError(f"{self.name}: the reading order must name every panel once")
        if len(self.creases) != self.columns - 1 or len(self.row_creases) != self.rows - 1:
            raise ValueError(f"{self.name}: every fold line needs a crease")
        if not self.rotated <= set(self.reading_order):
            raise ValueError(f"{self.name}: a rotated role is not a panel")
        for column in range(self.columns):
            if len({self.inside[r * self.columns + column].steps for r in range(self.rows)}) > 1:
                raise ValueError(f"{self.name}: a column has one width from head to foot")

    @property
    def columns(self) -> int:
        return len(self.inside) // self.rows

    @property
    def panels_per_side(self) -> int:
        return len(self.inside)

    @property
    def pages(self) -> int:
        """Panels in the folded piece (the "8" of "8-page"): both sides of every panel."""
        return 2 * self.panels_per_side

    @property
    def roles(self) -> tuple[str, ...]:
        """Every role, in reading order."""
        return self.reading_order

    @property
    def role_titles(self) -> Mapping[str, str]:
        """How people name each role: ``inside-1`` → "inside 1", ``door-left`` → "left door"."""
        return MappingProxyType(
            {role: _SPECIAL_TITLES.get(role, role.replace("-", " ")) for role in self.roles}
        )

    @property
    def steps(self) -> tuple[int, ...]:
        """Compensation steps of each inside column, left to right."""
        return tuple(slot.steps for slot in self.inside[: self.columns])

    def side_roles(self, side: str) -> tuple[str, ...]:
        """The roles of ``side``, row by row from the top, left to right."""
        return tuple(s.role for s in self.inside) if side == INSIDE else self.outside_roles

    def grid(self, side: str) -> tuple[tuple[str, ...], ...]:
        """The roles of ``side`` as rows (top first) of columns (left first)."""
        roles, n = self.side_roles(side), self.columns
        return tuple(roles[r * n : (r + 1) * n] for r in range(self.rows))

    def column_steps(self, side: str) -> tuple[int, ...]:
        """Compensation steps of each column of ``side``: the outside's are the inside's reversed,
        because each outside column is printed on the back of the mirrored inside column."""
        return self.steps if side == INSIDE else self.steps[::-1]

    def widths(self, side: str, full_width: float, step: float) -> tuple[float, ...]:
        """Column widths of ``side``: full width less each column's compensation steps."""
        return tuple(full_width - s * step for s in self.column_steps(side))

    def position(self, role: str) -> tuple[str, int, int]:
        """(side, row, column) of ``role``, 0-based from the top left of that side."""
        for side in (INSIDE, OUTSIDE):
            roles = self.side_roles(side)
            if role in roles:
                index = roles.index(role)
                return side, index // self.columns, index % self.columns
        raise KeyError(role)

    def side_label(self, role: str) -> str:
        """How make-folder's own texts (the panel map, the dummy) number a panel: ``Side 3``;
        the slug over a panel takes its word from the design, in the leaflet's language."""
        return f"Side {self.panel_number(role)}"

    def label(self, role: str) -> str:
        """How messages name a panel: ``Side 3 (inside-3)``."""
        return f"{self.side_label(role)} ({role})"

    def panel_number(self, role: str) -> int:
        """The panel's number in the print file ("Side N"): inside 1…n, then outside n+1…2n."""
        side, row, column = self.position(role)
        first = 1 if side == INSIDE else self.panels_per_side + 1
        return first + row * self.columns + column

    def backs(self, role: str) -> str:
        """The role printed on the other side of the sheet behind ``role``."""
        side, row, column = self.position(role)
        other = OUTSIDE if side == INSIDE else INSIDE
        return self.grid(other)[row][self.columns - 1 - column]

    def crease(self, side: str, boundary: int) -> Crease:
        """The fold between column ``boundary`` and the next, counted from the left of ``side``;
        seen from the outside the inside's valley is a mountain."""
        if side == INSIDE:
            return self.creases[boundary]
        crease = self.creases[self.columns - 2 - boundary]
        return Crease(crease.order, not crease.valley)

    def row_crease(self, side: str, boundary: int) -> Crease:
        """The fold between row ``boundary`` and the next, counted from the top of ``side``."""
        crease = self.row_creases[boundary]
        return crease if side == INSIDE else Crease(crease.order, not crease.valley)


VALLEY_1, VALLEY_2, VALLEY_3 = (Crease(n, valley=True) for n in (1, 2, 3))
MOUNTAIN_1, MOUNTAIN_2 = (Crease(n, valley=False) for n in (1, 2))
INSIDE_4 = (Slot("inside-1"), Slot("inside-2"), Slot("inside-3"), Slot("inside-4"))

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
    creases=(VALLEY_1, VALLEY_2, VALLEY_1),
    instructions=(
        "Inside up: fold the left flap (Side 1) over onto Side 2 and the right flap (Side 4) "
        "over onto Side 3, so the two doors meet near the middle without overlapping. Then fold "
        "the left half over onto the right half along the centre fold. The front cover (Side 7) "
        "is on top, the back cover (Side 6) underneath, the spine on the left."
    ),
    jdf="F8-4",
)

ROLL_8 = FoldScheme(
    name="roll-8",
    title="8-page roll fold (wrap fold, Wickelfalz)",
    inside=(
        Slot("inside-1"),
        Slot("inside-2"),
        Slot("inside-3", steps=1),  # rolls in: one step narrower
        Slot("inside-4", steps=2),  # the core: two steps narrower
    ),
    outside_roles=("outside-1", "outside-2", "back-cover", "front-cover"),
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
    creases=(VALLEY_3, VALLEY_2, VALLEY_1),
    instructions=(
        "Inside up: fold the narrowest panel (Side 4) over onto Side 3, fold those two together "
        "over onto Side 2, then wrap Side 1 over the top. Every fold goes the same way. The "
        "front cover (Side 8) is on top, the back cover (Side 7) underneath, the spine on the left."
    ),
    jdf="F8-6",
)

ACCORDION_8 = FoldScheme(
    name="accordion-8",
    title="8-page accordion fold (zig-zag, leporello, Zickzackfalz)",
    inside=INSIDE_4,  # equal panels: the folds alternate, nothing nests inside anything
    outside_roles=("back-cover", "outside-2", "outside-3", "front-cover"),
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
    creases=(VALLEY_1, MOUNTAIN_1, VALLEY_1),
    instructions=(
        # All three folds close together; which face ends on top depends on the panel that
        # stays put, so the instructions name it.
        "Inside up, keep Side 2 where it lies and fold the sheet back and forth like a fan: "
        "Side 1 over onto Side 2 (valley), Side 3 behind Side 2 (mountain), and Side 4 under "
        "Side 3, inside against inside (valley). The front cover (Side 8) is on top, the back "
        "cover (Side 5) underneath, the spine on the left."
    ),
    jdf="F8-3",
)

DOUBLE_PARALLEL_8 = FoldScheme(
    name="double-parallel-8",
    title="8-page double parallel fold (Doppelparallelfalz)",
    inside=(
        Slot("inside-1"),
        Slot("inside-2"),
        Slot("inside-3", steps=1),  # the nested half: one step narrower
        Slot("inside-4", steps=1),
    ),
    outside_roles=("outside-1", "outside-2", "back-cover", "front-cover"),
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
    creases=(VALLEY_2, VALLEY_1, MOUNTAIN_2),
    instructions=(
        # Folded this way the back cover ends on top: the narrower right half has to be the one
        # that nests, so the piece is turned over rather than folded the other way.
        "Inside up: fold the right half (Sides 3 and 4) over onto the left half along the "
        "centre, then fold the folded sheet in half again the same way, so the narrower half "
        "nests inside. Turn it over: the front cover (Side 8) faces you, the back cover "
        "(Side 7) is behind it, the spine on the left."
    ),
    jdf="F8-2",
)

CROSS_8 = FoldScheme(
    name="cross-8",
    title="8-page cross fold (French fold, right-angle fold, Kreuzbruch)",
    rows=2,
    inside=INSIDE_4,  # top row inside-1 | inside-2, bottom row inside-3 | inside-4; all upright
    # The outside's top row ends up above the horizontal fold's far side: printed upside down.
    outside_roles=("outside-1", "outside-2", "back-cover", "front-cover"),
    rotated=frozenset({"outside-1", "outside-2"}),
    reading_order=(
        "front-cover",
        "outside-2",
        "outside-1",
        "inside-1",
        "inside-2",
        "inside-3",
        "inside-4",
        "back-cover",
    ),
    creases=(VALLEY_2,),
    row_creases=(VALLEY_1,),
    instructions=(
        "Outside up, head at the top: fold the top half behind the bottom half (a mountain fold "
        "along the horizontal centre), then fold the left half behind the right half. The front "
        "cover (Side 8) faces you, the back cover (Side 7) is behind it; the head stays closed. "
        "Sides 5 and 6 are printed upside down so they read upright once opened."
    ),
    jdf="F8-7",
)

LETTER_6 = FoldScheme(
    name="letter-6",
    title="6-page letter fold (tri-fold, C-fold, Wickelfalz)",
    inside=(Slot("inside-1"), Slot("inside-2"), Slot("inside-3", steps=1)),  # tuck-in flap
    outside_roles=("outside-1", "back-cover", "front-cover"),
    reading_order=(
        "front-cover",
        "inside-1",
        "outside-1",
        "inside-2",
        "inside-3",
        "back-cover",
    ),
    creases=(VALLEY_2, VALLEY_1),
    instructions=(
        "Inside up: fold the narrower flap (Side 3) in over Side 2, then fold Side 1 over it. "
        "The front cover (Side 6) is on top, the back cover (Side 5) underneath, the spine on "
        "the left."
    ),
    jdf="F6-5",
)

Z_6 = FoldScheme(
    name="z-6",
    title="6-page Z-fold (Zickzackfalz)",
    # The closed piece shows the outside at one end and the inside at the other: its back
    # cover is the last inside panel.
    inside=(Slot("inside-1"), Slot("inside-2"), Slot("back-cover")),
    outside_roles=("outside-1", "outside-2", "front-cover"),
    reading_order=(
        "front-cover",
        "inside-1",
        "inside-2",
        "back-cover",
        "outside-1",
        "outside-2",
    ),
    creases=(VALLEY_2, MOUNTAIN_1),
    instructions=(
        "Inside up: fold Side 3 (the back cover) behind Side 2, then fold Side 1 over onto "
        "Side 2. The front cover (Side 6) is on top, the back cover (Side 3, the inside's last "
        "panel) underneath, the spine on the left."
    ),
    jdf="F6-2",
)

BIFOLD_4 = FoldScheme(
    name="bifold-4",
    title="4-page bifold (single fold, half fold, Einbruchfalz)",
    inside=(Slot("inside-1"), Slot("inside-2")),
    outside_roles=("back-cover", "front-cover"),
    reading_order=("front-cover", "inside-1", "inside-2", "back-cover"),
    creases=(VALLEY_1,),
    instructions=(
        "Inside up: fold the left half over onto the right half. The front cover (Side 4) is "
        "on top, the back cover (Side 3) underneath, the spine on the left."
    ),
    jdf="F4-1",
)

FOLDS: Mapping[str, FoldScheme] = MappingProxyType(
    {
        scheme.name: scheme
        for scheme in (
            GATE_8,
            ROLL_8,
            ACCORDION_8,
            DOUBLE_PARALLEL_8,
            CROSS_8,
            LETTER_6,
            Z_6,
            BIFOLD_4,
        )
    }
)


def fold_catalogue() -> str:
    """One line per registered fold — name, title, JDF id — as ``make-folder folds`` lists them."""
    return "\n".join(
        f"{scheme.name:<18} {scheme.title}  {f'JDF {scheme.jdf}' if scheme.jdf else ''}"
        for scheme in FOLDS.values()
    )
