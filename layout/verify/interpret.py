"""A small content-stream interpreter: where each object lands on the page, and in which colour.

It follows what placement and colour need and nothing more: the graphics-state stack (``q``/``Q``),
the CTM (``cm``), the clip (as a bounding box), line width and cap, the stroke and fill colour
spaces, path construction, text positioning and showing, images, shadings and Form XObjects (each
with its ``/Matrix`` and ``/BBox``, drawn recursively; a form that draws itself is stopped). The
result is a :class:`PageRun`: every painted object as a box in page space with its colour space,
every RGB or Lab colour the page sets, and every operation that could not be understood.

A hostile file can ask for far more work than its size: forms that draw each other 16 deep, each
the next one a few times, are billions of operations in a few kilobytes. So every operation a
page executes, in its own content and in every form it draws however deep, counts against one
budget for the page (MAX_OPERATIONS, each glyph shown and each path segment counting as one),
which also bounds what the run collects (paints, their parts, colours); forms nest at most
MAX_DEPTH deep; and each form is parsed once a page, however often it is drawn. A bound reached
is a problem of the run saying what was not checked (see ``preflight.describe_limit``), never a
crash.

Text boxes are estimated from the font's widths (``/Widths``, ``/W``) and its ascent and descent:
a box per shown string, as high as the font's ascent-to-descent, not the glyphs' ink. That is
enough to say where a registration-colour slug line lies; where text ink lies exactly is pdfium's
job (see the ``text`` check).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from .document import Box, array, dictionary, number, object_key, raw_box, resolve
from .spaces import DEVICE_CMYK, DEVICE_GRAY, DEVICE_RGB, Space, describe

Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]
Operation = tuple[Any, bytes]  # (operands, operator), as pypdf's ContentStream parses them
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# Operations a page executes, forms included, each glyph shown and each path segment counting as
# one (a string of a million characters drawn by a form drawn a thousand times is work too, and
# a path is held whole until it is painted): a bound on the time and memory a hostile or looping
# file can ask for.
MAX_OPERATIONS = 1_000_000
MAX_DEPTH = 16  # forms within forms
# Bytes of form content whose parsed operations are kept for the page's later draws of those
# forms, all forms together. Parsed, a byte of content can cost tens of bytes of pypdf objects:
# past this, a form is parsed again at each draw, as every form was before there was a cache.
MAX_CACHED = 2_000_000
# What colour depends on: the state stack, the colour operators, forms and inline images.
COLOUR_OPERATORS = frozenset(
    [*b"q Q CS cs SC SCN sc scn G g K k RG rg Do BX EX".split(), b"INLINE IMAGE"]
)
OPERATORS = frozenset(
    b"b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h i ID j J "
    b"K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw "
    b"Tz v w W W* y ' \"".split()
) | {b"INLINE IMAGE"}  # pypdf reads BI … ID … EI as one operation


@dataclass(frozen=True, slots=True)  # a page may hold a million
class Paint:
    """One painted object: its kind, its bounding box in page space (clipped), its colour, and
    the boxes of its parts (each subpath filled, each segment stroked), whose union ``box`` is:
    a path of four crop-mark strokes around a corner has a box across the bleed, its parts not.
    """

    kind: str  # fill, stroke, text, image, shading
    box: Box
    space: Space
    parts: tuple[Box, ...]


@dataclass(frozen=True, slots=True)  # a page may hold a million
class ColourUse:
    """An RGB or Lab colour set by the content: ``1 0 0 rg``, ``/CS0 cs``, an inline image."""

    operator: str
    values: str  # the operands as written
    space: Space


@dataclass(frozen=True)
class PageRun:
    """What interpreting one page found."""

    paints: tuple[Paint, ...]
    colours: tuple[ColourUse, ...]
    problems: tuple[str, ...]  # operations that could not be understood, each once
    operations: int = 0  # what the run spent of its budget: operations, glyphs, path segments


@dataclass(frozen=True)
class FontInfo:
    """What text placement needs from a font, per unit of font size."""

    widths: Mapping[int, float]  # character code → advance
    default: float  # advance of a code without a width
    two_byte: bool  # Type0 fonts: two bytes per code (Identity-H and most CMaps)
    ascent: float
    descent: float  # negative below the baseline


FALLBACK_FONT = FontInfo({}, 0.6, False, 1.0, -0.25)  # no font selected, or a broken one


@dataclass(frozen=True)
class GState:
    """The parts of the graphics state that placement and colour depend on."""

    ctm: Matrix
    clip: Box | None  # None: everything is clipped away
    fill: Space = DEVICE_GRAY
    stroke: Space = DEVICE_GRAY
    line_width: float = 1.0
    cap: int = 0  # 0 butt, 1 round, 2 projecting square
    font: FontInfo = FALLBACK_FONT
    size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    scale: float = 1.0  # Tz / 100
    leading: float = 0.0
    rise: float = 0.0
    render: int = 0  # Tr


class Unreadable(ValueError):
    """An operation whose operands make no sense."""


# pypdf's Transformation computes the same: Transformation(m).transform(Transformation(n)).ctm
# is multiply(m, n), and apply_on((x, y)) is apply(m, x, y). It is not used here because it is
# measurably slow for an interpreter: it multiplies full 3 × 3 matrices and builds two objects a
# step, 7 µs against 0.2 µs for multiply, and on a page of 100 000 `cm`, `Td` and `Tj` triples
# it doubled interpret_page's time (4.9 s against 9.2 s). A hostile file may ask for
# MAX_OPERATIONS steps, so the six-number helpers stay.
def multiply(m: Matrix, n: Matrix) -> Matrix:
    """The matrix that applies ``m`` first, then ``n`` (PDF's ``m × n``)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def apply(m: Matrix, x: float, y: float) -> Point:
    """The point (x, y) transformed by ``m``."""
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def bounds(points: Iterable[Point]) -> Box:
    xs, ys = zip(*points, strict=True)
    return (min(xs), min(ys), max(xs), max(ys))


def intersect(a: Box, b: Box) -> Box | None:
    """The overlap of two boxes; None when they are apart (touching gives a zero-width box)."""
    if b[0] <= a[0] <= a[2] <= b[2] and b[1] <= a[1] <= a[3] <= b[3]:
        return a  # wholly inside, as nearly every part is: the box itself, not a copy of it
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    return (x0, y0, x1, y1) if x0 <= x1 and y0 <= y1 else None


def interpret_page(
    reader: PdfReader,
    page: Any,
    fonts: dict[tuple[int, int], FontInfo] | None = None,
    *,
    placement: bool = True,
    budget: int | None = None,
) -> PageRun:
    """Interpret one page and every form it draws.

    ``fonts`` holds what was read of each font of ``reader`` (by object number), to be shared
    between the pages of one file: they use the same few fonts, and reading a font's widths again
    for every page is work thrown away. Without it, each page reads its fonts anew.

    ``placement=False`` is for a caller that reads only the colours: the interpreter then follows
    only what they depend on (the state stack, the colour operators, forms and inline images),
    the run has no paints, and its problems are those of these operators alone. Placing every
    path and string is most of the interpreter's own work.

    The page executes at most MAX_OPERATIONS operations, forms, glyphs and path segments
    included, and at most ``budget`` when given (a caller with a budget for the whole file passes
    what is left of it); past that the run stops with the problem "stopped after N operations",
    and its ``operations`` say how much it spent.
    """
    run = _Run(
        reader,
        fonts=fonts if fonts is not None else {},
        placement=placement,
        budget=MAX_OPERATIONS if budget is None else min(max(budget, 0), MAX_OPERATIONS),
    )
    try:
        media = raw_box(page, "/MediaBox")
    except ValueError:
        media = None
    far = 1e9  # no usable MediaBox: clip to nothing short of the whole plane
    state = GState(IDENTITY, media or (-far, -far, far, far))
    try:
        content = page.get_contents()
    except Exception as exc:  # pypdf raises many kinds on a damaged stream
        run.problem(f"the page's content stream cannot be read: {exc or type(exc).__name__}")
        content = None
    if content is not None:
        operations = run.parse(content)
        if operations is not None:
            resources = dictionary(page.get("/Resources"))
            _Execution(run, operations, resources, state, frozenset()).run()
    return PageRun(tuple(run.paints), tuple(run.colours), tuple(run.summary()), run.operations)


@dataclass
class _Run:
    """What a page's interpretation collects, shared by its forms (mutable while it runs)."""

    reader: PdfReader
    paints: list[Paint] = field(default_factory=list)
    colours: list[ColourUse] = field(default_factory=list)
    problems: dict[str, int] = field(default_factory=dict)
    operations: int = 0
    fonts: dict[tuple[int, int], FontInfo] = field(default_factory=dict)
    placement: bool = True  # False: colours only (see interpret_page)
    budget: int = MAX_OPERATIONS  # operations the page may execute
    stopped: bool = False  # the budget is spent: every execution still open returns
    # Each form's parsed operations (or why it cannot be parsed), by object, for its next draw:
    # a form drawn a thousand times is parsed once. ``cached`` counts the bytes of content kept.
    forms: dict[tuple[int, int], list[Operation] | str] = field(default_factory=dict)
    cached: int = 0
    # A form's resources merged with those it is drawn with (see _inherit), by the form and the
    # identity of the dictionary it is drawn with: once, not at every draw. The merged
    # dictionaries live as long as the run, so their ids are never reused by another.
    merged: dict[tuple[tuple[int, int], int], DictionaryObject] = field(default_factory=dict)

    def problem(self, message: str) -> None:
        self.problems[message] = self.problems.get(message, 0) + 1

    def spend(self, count: int = 1) -> bool:
        """Count ``count`` operations against the budget; False once it is spent (said once)."""
        if self.operations + count > self.budget:
            if not self.stopped:
                self.problem(f"stopped after {self.budget} operations")
                self.stopped = True
            self.operations = self.budget
            return False
        self.operations += count
        return True

    def parse(self, content: Any) -> list[Operation] | None:
        """The operations of a content stream; None, and a problem, when pypdf cannot parse it."""
        parsed = _parse(content, self.reader)
        if isinstance(parsed, str):
            self.problem(parsed)
            return None
        return parsed

    def form(self, key: tuple[int, int], xobject: StreamObject) -> list[Operation] | None:
        """A form's operations, parsed at its first draw and kept for the next ones (within
        MAX_CACHED bytes of content for the page); None, and the problem at every draw, as an
        uncached form would say it, when pypdf cannot parse it."""
        parsed = self.forms.get(key)
        if parsed is None:
            parsed = _parse(xobject, self.reader)
            size = 0 if isinstance(parsed, str) else _size(xobject)
            if self.cached + size <= MAX_CACHED:
                self.forms[key] = parsed
                self.cached += size
        if isinstance(parsed, str):
            self.problem(parsed)
            return None
        return parsed

    def summary(self) -> list[str]:
        return [f"{m} (×{n})" if n > 1 else m for m, n in self.problems.items()]


class _Subpath:
    __slots__ = ("closed", "segments", "start")

    def __init__(self, start: Point) -> None:
        self.start = start
        self.segments: list[tuple[Point, ...]] = []  # 2 points a line, 4 a Bézier curve
        self.closed = False

    def points(self) -> list[Point]:
        return [self.start, *(p for s in self.segments for p in s)]


class _Execution:
    """One content stream (a page's or a form's) being interpreted."""

    def __init__(
        self,
        run: _Run,
        operations: list[Operation],
        resources: DictionaryObject,
        state: GState,
        active: frozenset[tuple[int, int]],
    ) -> None:
        self.run_ = run
        self.operations = operations  # parsed once, shared by every draw of a form: read only
        self.resources = resources
        self.state = state
        self.active = active  # the forms being drawn around this one: a cycle guard
        self.stack: list[GState] = []
        self.path: list[_Subpath] = []
        self.current: Point | None = None
        self.clipping = False
        self.tm = self.tlm = IDENTITY
        self.compatibility = 0  # inside BX … EX, unknown operators are allowed
        # The handlers of every operator, or of those colour depends on alone (see interpret_page):
        # tables of the class, built once, not once a stream (a form drawn a million times).
        self.handlers = _Execution.HANDLERS if run.placement else _Execution.COLOUR_HANDLERS

    # --- running --------------------------------------------------------------------------------

    def run(self) -> None:
        spend = self.run_.spend
        for operands, operator in self.operations:
            if not spend():  # the page's budget, not this stream's: forms draw forms
                return
            handler = self.handlers.get(operator)
            if handler is None:
                if operator not in OPERATORS and not self.compatibility:
                    self.run_.problem(f"unknown operator {_show(operator)}")
                continue
            try:
                handler(self, operands)
            except Exception as exc:  # a foreign file may hold anything as operands
                self.run_.problem(f"cannot interpret {_show(operator)}: {exc}")

    def set(self, **changes: Any) -> None:
        self.state = _changed(self.state, changes)

    def compat(self, step: int) -> None:
        self.compatibility = max(0, self.compatibility + step)

    # --- graphics state -------------------------------------------------------------------------

    def save(self, _: list[Any]) -> None:
        self.stack.append(self.state)

    def restore(self, _: list[Any]) -> None:
        if self.stack:  # an unbalanced Q is common and harmless: ignore it
            self.state = self.stack.pop()

    def concat(self, operands: list[Any]) -> None:
        self.set(ctm=multiply(_matrix(operands), self.state.ctm))

    def line_width(self, operands: list[Any]) -> None:
        self.set(line_width=_numbers(operands, 1)[0])

    def line_cap(self, operands: list[Any]) -> None:
        self.set(cap=int(_numbers(operands, 1)[0]))

    def ext_gstate(self, operands: list[Any]) -> None:
        name = _name(operands)
        gstate = dictionary(dictionary(self.resources.get("/ExtGState")).get(name))
        if "/LW" in gstate:
            self.set(line_width=number(gstate["/LW"], self.state.line_width))
        if "/LC" in gstate:
            self.set(cap=int(number(gstate["/LC"])))

    # --- colour ---------------------------------------------------------------------------------

    def colour_space(self, operands: list[Any], operator: str, *, stroke: bool) -> None:
        space = describe(NameObject(_name(operands)), self.resources)
        self.set(**{"stroke" if stroke else "fill": space})
        if space.foreign:
            self.run_.colours.append(ColourUse(operator, space.label, space))

    def colour(self, operands: list[Any], operator: str, *, stroke: bool) -> None:
        space = self.state.stroke if stroke else self.state.fill
        if space.foreign:
            self.run_.colours.append(ColourUse(operator, _values(operands), space))

    def device(
        self, operands: list[Any], operator: str, space: Space, count: int, *, stroke: bool
    ) -> None:
        values = _numbers(operands, count)
        self.set(**{"stroke" if stroke else "fill": space})
        if space.foreign:
            self.run_.colours.append(ColourUse(operator, _values(values), space))

    # --- paths ----------------------------------------------------------------------------------

    def point(self, x: float, y: float) -> Point:
        return apply(self.state.ctm, x, y)

    def move(self, operands: list[Any]) -> None:
        self.current = self.point(*_numbers(operands, 2))
        self.path.append(_Subpath(self.current))

    def extend(self, *points: Point) -> None:
        if self.current is None or not self.path:  # lenient: no m before l starts a subpath
            self.path.append(_Subpath(points[0]))
            self.current = points[0]
        # A segment is kept until the path is painted, then becomes a part of the paint: each
        # spends the budget, or a path of millions of segments would be bounded by nothing.
        self.run_.spend()
        self.path[-1].segments.append((self.current, *points))
        self.current = points[-1]

    def line(self, operands: list[Any]) -> None:
        self.extend(self.point(*_numbers(operands, 2)))

    def curve(self, operands: list[Any]) -> None:
        x1, y1, x2, y2, x3, y3 = _numbers(operands, 6)
        self.extend(self.point(x1, y1), self.point(x2, y2), self.point(x3, y3))

    def curve_v(self, operands: list[Any]) -> None:
        x2, y2, x3, y3 = _numbers(operands, 4)
        start = self.current or self.point(x2, y2)
        self.extend(start, self.point(x2, y2), self.point(x3, y3))

    def curve_y(self, operands: list[Any]) -> None:
        x1, y1, x3, y3 = _numbers(operands, 4)
        end = self.point(x3, y3)
        self.extend(self.point(x1, y1), end, end)

    def close(self) -> None:
        if not self.path:
            return
        subpath = self.path[-1]
        if subpath.segments and self.current != subpath.start:
            subpath.segments.append((self.current or subpath.start, subpath.start))
        subpath.closed = True
        self.current = subpath.start

    def rectangle(self, operands: list[Any]) -> None:
        x, y, w, h = _numbers(operands, 4)
        corners = [self.point(x, y), self.point(x + w, y), self.point(x + w, y + h)]
        corners.append(self.point(x, y + h))
        subpath = _Subpath(corners[0])
        subpath.segments = [(corners[i], corners[(i + 1) % 4]) for i in range(4)]
        subpath.closed = True
        self.run_.spend(4)  # four segments (see extend)
        self.path.append(subpath)
        self.current = corners[0]

    def clip(self, _: list[Any]) -> None:
        self.clipping = True  # takes effect when the path is painted (or ended with n)

    def paint(self, *, fill: bool, stroke: bool, close: bool = False) -> None:
        if close:
            self.close()
        subpaths = [s for s in self.path if s.segments]
        if fill and subpaths:
            self.emit("fill", (bounds(s.points()) for s in subpaths), self.state.fill)
        if stroke and subpaths:
            a, b, c, d = self.state.ctm[:4]
            half = self.state.line_width / 2 * math.sqrt(abs(a * d - b * c))
            parts = (box for s in subpaths for box in _stroke_boxes(s, half, self.state.cap))
            self.emit("stroke", parts, self.state.stroke)
        if self.clipping:
            points = [p for s in self.path for p in s.points()]
            clip = self.state.clip
            self.set(clip=intersect(clip, bounds(points)) if clip and points else None)
            self.clipping = False
        self.path, self.current = [], None

    def emit(self, kind: str, parts: Iterable[Box], space: Space) -> None:
        clip = self.state.clip
        if clip is None or not self.run_.placement:
            return
        # The parts are made one at a time and only the visible kept: a path of many segments
        # is not held twice over.
        visible = tuple(box for part in parts if (box := intersect(part, clip)) is not None)
        if not visible:
            return
        if len(visible) == 1:  # a string, an image, a fill of one subpath: most paints
            x0, y0, x1, y1 = visible[0]
            union = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))  # bounds(), unrolled
        else:  # bounds() of every corner, without a list of them all
            union = (
                min(v for box in visible for v in (box[0], box[2])),
                min(v for box in visible for v in (box[1], box[3])),
                max(v for box in visible for v in (box[0], box[2])),
                max(v for box in visible for v in (box[1], box[3])),
            )
        self.run_.paints.append(Paint(kind, union, space, visible))

    # --- text -----------------------------------------------------------------------------------

    def begin_text(self, _: list[Any]) -> None:
        self.tm = self.tlm = IDENTITY

    def text_state(self, operands: list[Any], name: str) -> None:
        self.set(**{name: _numbers(operands, 1)[0]})

    def select_font(self, operands: list[Any]) -> None:
        if len(operands) < 2:
            raise Unreadable(f"needs a font and a size, got {len(operands)} operands")
        name, size = str(operands[-2]), _numbers(operands, 1)[0]
        reference = dictionary(self.resources.get("/Font")).get(name)
        font = resolve(reference)
        if not isinstance(font, DictionaryObject):
            self.run_.problem(f"font {name} is not in the resources")
            self.set(font=FALLBACK_FONT, size=size)
            return
        key = object_key(reference, font)
        if key not in self.run_.fonts:
            self.run_.fonts[key] = font_info(font)
        self.set(font=self.run_.fonts[key], size=size)

    def text_move(self, operands: list[Any]) -> None:
        tx, ty = _numbers(operands, 2)
        self.tm = self.tlm = multiply((1.0, 0.0, 0.0, 1.0, tx, ty), self.tlm)

    def text_move_leading(self, operands: list[Any]) -> None:
        self.set(leading=-_numbers(operands, 2)[1])
        self.text_move(operands)

    def text_matrix(self, operands: list[Any]) -> None:
        self.tm = self.tlm = _matrix(operands)

    def next_line(self) -> None:
        self.text_move([NumberObject(0), -self.state.leading])

    def show_next_line(self, operands: list[Any]) -> None:
        self.next_line()
        self.show(_string(operands, -1))

    def show_spaced(self, operands: list[Any]) -> None:
        word, char = _numbers(operands[:-1], 2)
        self.set(word_spacing=word, char_spacing=char)
        self.next_line()
        self.show(_string(operands, -1))

    def show_array(self, operands: list[Any]) -> None:
        items = resolve(operands[-1]) if operands else None
        if not isinstance(items, ArrayObject):
            raise Unreadable("TJ needs an array")
        for item in items:
            if isinstance(item, int | float):
                shift = -float(item) / 1000 * self.state.size * self.state.scale
                self.tm = multiply((1.0, 0.0, 0.0, 1.0, shift, 0.0), self.tm)
            else:
                self.show(_raw(item))

    def show(self, codes: bytes) -> None:
        s = self.state
        font = s.font
        two_byte = font.two_byte
        # Each glyph is work, here and for pdfium: a string of a million codes in a form drawn a
        # thousand times must spend the budget as a million operations would. When it is spent,
        # the string is not measured (the run stops at its next operation).
        if not self.run_.spend(len(codes) // 2 if two_byte else len(codes)):
            return
        if two_byte:
            sequence = [codes[i] << 8 | codes[i + 1] for i in range(0, len(codes) - 1, 2)]
        else:
            sequence = list(codes)
        # Read once a string, not once a character: this loop is the interpreter's hottest.
        width, default = font.widths.get, font.default
        size, scale, char, word = s.size, s.scale, s.char_spacing, s.word_spacing
        advance = 0.0
        for code in sequence:
            spacing = char + (word if code == 32 and not two_byte else 0)
            advance += (width(code, default) * size + spacing) * scale
        if sequence and s.render not in (3, 7):  # 3 and 7 paint nothing
            low, high = s.rise + font.descent * size, s.rise + font.ascent * size
            m = multiply(self.tm, s.ctm)
            box = bounds([apply(m, x, y) for x in (0.0, advance) for y in (low, high)])
            if s.render in (0, 2, 4, 6):
                self.emit("text", [box], s.fill)
            if s.render in (1, 2, 5, 6):
                self.emit("text", [box], s.stroke)
        self.tm = multiply((1.0, 0.0, 0.0, 1.0, advance, 0.0), self.tm)

    # --- images, shadings, forms ----------------------------------------------------------------

    def unit_square(self) -> Box:
        return bounds(self.point(x, y) for x in (0.0, 1.0) for y in (0.0, 1.0))

    def image(self, image: DictionaryObject, *, inline: bool) -> None:
        mask = bool(resolve(image.get("/ImageMask", image.get("/IM", False))))
        declared = image.get("/ColorSpace", image.get("/CS"))
        space = self.state.fill if mask else describe(declared, self.resources)
        self.emit("image", [self.unit_square()], space)
        if inline and not mask and space.foreign:
            self.run_.colours.append(ColourUse("inline image", space.label, space))

    def inline_image(self, operands: Any) -> None:
        settings = operands.get("settings") if isinstance(operands, dict) else None
        self.image(dictionary(settings), inline=True)

    def shading(self, operands: list[Any]) -> None:
        shading = dictionary(dictionary(self.resources.get("/Shading")).get(_name(operands)))
        clip = self.state.clip
        if clip is not None:
            self.emit("shading", [clip], describe(shading.get("/ColorSpace"), self.resources))

    def draw_xobject(self, operands: list[Any]) -> None:
        name = _name(operands)
        reference = dictionary(self.resources.get("/XObject")).get(name)
        xobject = resolve(reference)
        if not isinstance(xobject, StreamObject):
            self.run_.problem(f"XObject {name} is not in the resources")
            return
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            self.image(xobject, inline=False)
            return
        if subtype != "/Form":
            return  # PostScript XObjects print nothing in PDF 1.3+
        key = object_key(reference, xobject)
        if key in self.active:
            self.run_.problem(f"form {name} draws itself: not followed")
            return
        if len(self.active) >= MAX_DEPTH:  # a bound, not a broken file: a warning, not an error
            self.run_.problem(f"not checked beyond {MAX_DEPTH} levels of forms within forms")
            return
        matrix = _matrix(array(xobject.get("/Matrix"))) if "/Matrix" in xobject else IDENTITY
        ctm = multiply(matrix, self.state.ctm)
        clip = self.state.clip
        bbox = array(xobject.get("/BBox"))
        if clip is not None and len(bbox) == 4:
            x0, y0, x1, y1 = (number(v) for v in bbox)
            corners = [apply(ctm, x, y) for x in (x0, x1) for y in (y0, y1)]
            clip = intersect(clip, bounds(corners))
        operations = self.run_.form(key, xobject)
        if operations is None:
            return
        merged = self.run_.merged
        merged_key = (key, id(self.resources))
        resources = merged.get(merged_key)
        if resources is None:
            own = dictionary(xobject.get("/Resources"))
            resources = merged[merged_key] = _inherit(self.resources, own)
        state = _changed(self.state, {"ctm": ctm, "clip": clip})
        _Execution(self.run_, operations, resources, state, self.active | {key}).run()

    # --- the operators ------------------------------------------------------------------------

    HANDLERS: ClassVar[dict[bytes, Callable[[_Execution, list[Any]], None]]] = {
        b"q": save,
        b"Q": restore,
        b"cm": concat,
        b"w": line_width,
        b"J": line_cap,
        b"gs": ext_gstate,
        b"m": move,
        b"l": line,
        b"c": curve,
        b"v": curve_v,
        b"y": curve_y,
        b"h": lambda self, _: self.close(),
        b"re": rectangle,
        b"S": lambda self, _: self.paint(fill=False, stroke=True),
        b"s": lambda self, _: self.paint(fill=False, stroke=True, close=True),
        b"f": lambda self, _: self.paint(fill=True, stroke=False),
        b"F": lambda self, _: self.paint(fill=True, stroke=False),
        b"f*": lambda self, _: self.paint(fill=True, stroke=False),
        b"B": lambda self, _: self.paint(fill=True, stroke=True),
        b"B*": lambda self, _: self.paint(fill=True, stroke=True),
        b"b": lambda self, _: self.paint(fill=True, stroke=True, close=True),
        b"b*": lambda self, _: self.paint(fill=True, stroke=True, close=True),
        b"n": lambda self, _: self.paint(fill=False, stroke=False),
        b"W": clip,
        b"W*": clip,
        b"CS": lambda self, o: self.colour_space(o, "CS", stroke=True),
        b"cs": lambda self, o: self.colour_space(o, "cs", stroke=False),
        b"SC": lambda self, o: self.colour(o, "SC", stroke=True),
        b"SCN": lambda self, o: self.colour(o, "SCN", stroke=True),
        b"sc": lambda self, o: self.colour(o, "sc", stroke=False),
        b"scn": lambda self, o: self.colour(o, "scn", stroke=False),
        b"G": lambda self, o: self.device(o, "G", DEVICE_GRAY, 1, stroke=True),
        b"g": lambda self, o: self.device(o, "g", DEVICE_GRAY, 1, stroke=False),
        b"K": lambda self, o: self.device(o, "K", DEVICE_CMYK, 4, stroke=True),
        b"k": lambda self, o: self.device(o, "k", DEVICE_CMYK, 4, stroke=False),
        b"RG": lambda self, o: self.device(o, "RG", DEVICE_RGB, 3, stroke=True),
        b"rg": lambda self, o: self.device(o, "rg", DEVICE_RGB, 3, stroke=False),
        b"BT": begin_text,
        b"Tc": lambda self, o: self.text_state(o, "char_spacing"),
        b"Tw": lambda self, o: self.text_state(o, "word_spacing"),
        b"Tz": lambda self, o: self.set(scale=_numbers(o, 1)[0] / 100),
        b"TL": lambda self, o: self.text_state(o, "leading"),
        b"Ts": lambda self, o: self.text_state(o, "rise"),
        b"Tr": lambda self, o: self.set(render=int(_numbers(o, 1)[0])),
        b"Tf": select_font,
        b"Td": text_move,
        b"TD": text_move_leading,
        b"Tm": text_matrix,
        b"T*": lambda self, _: self.next_line(),
        b"Tj": lambda self, o: self.show(_string(o, -1)),
        b"'": show_next_line,
        b'"': show_spaced,
        b"TJ": show_array,
        b"Do": draw_xobject,
        b"INLINE IMAGE": inline_image,
        b"sh": shading,
        b"BX": lambda self, _: self.compat(1),
        b"EX": lambda self, _: self.compat(-1),
    }
    COLOUR_HANDLERS: ClassVar[dict[bytes, Callable[[_Execution, list[Any]], None]]] = {
        op: h for op, h in HANDLERS.items() if op in COLOUR_OPERATORS
    }


def _parse(content: Any, reader: PdfReader) -> list[Operation] | str:
    """The operations of a content stream (a ContentStream, or a stream for pypdf to parse), or
    why it cannot be parsed."""
    try:
        stream = content if isinstance(content, ContentStream) else ContentStream(content, reader)
        return stream.operations
    except Exception as exc:  # pypdf's parser raises many kinds on garbage
        return f"content stream cannot be parsed: {exc or type(exc).__name__}"


def _size(stream: StreamObject) -> int:
    """The length of a stream's content, decoded (pypdf keeps it decoded: no work twice)."""
    try:
        return len(stream.get_data())
    except Exception:  # parsed a moment ago, so this is unlikely: count it as too large
        return MAX_CACHED + 1


def _changed(state: GState, changes: dict[str, Any]) -> GState:
    """``state`` with ``changes``, as ``dataclasses.replace`` makes it, at a sixth of the cost.

    A page of text changes the state at every fourth operation or so (colour, font, spacing,
    ``cm``); ``replace`` calls the generated ``__init__``, which sets each of the fourteen fields
    of a frozen class through ``object.__setattr__`` (3.4 µs against 0.5 µs here). The copy is
    seen by no one before its fields are set, so filling its ``__dict__`` keeps GState as
    immutable as before.
    """
    changed = object.__new__(GState)
    fields = changed.__dict__
    fields.update(state.__dict__)
    fields.update(changes)
    return changed


def _inherit(parent: DictionaryObject, own: DictionaryObject) -> DictionaryObject:
    """A form's resources, with names it lacks looked up in its parent's.

    Old files leave /Resources out of forms, and ReportLab's forms name the page's colour
    spaces (``/All``) without their own entry; viewers fall back to the page, and so do we.
    """
    merged = DictionaryObject(parent)
    for key, value in own.items():
        inner, outer = dictionary(value), dictionary(parent.get(key))
        merged[key] = DictionaryObject({**outer, **inner}) if inner and outer else value
    return merged


def font_info(font: DictionaryObject) -> FontInfo:
    """Widths, code length, ascent and descent of a font dictionary, with safe defaults."""
    subtype = str(resolve(font.get("/Subtype")))
    scale, two_byte = 0.001, False
    if subtype == "/Type0":
        descendants = array(font.get("/DescendantFonts"))
        described = dictionary(descendants[0] if descendants else None)
        widths = _cid_widths(array(described.get("/W")))
        default = number(described.get("/DW"), 1000) * scale
        two_byte = True
    else:
        described = font
        if subtype == "/Type3":
            matrix = array(font.get("/FontMatrix"))
            scale = abs(number(matrix[0], 0.001)) if matrix else 0.001
        first = int(number(font.get("/FirstChar")))
        widths = {first + i: number(w) * scale for i, w in enumerate(array(font.get("/Widths")))}
        descriptor = dictionary(font.get("/FontDescriptor"))
        default = number(descriptor.get("/MissingWidth")) * scale or FALLBACK_FONT.default
    descriptor = dictionary(described.get("/FontDescriptor"))
    ascent = number(descriptor.get("/Ascent")) * scale
    descent = number(descriptor.get("/Descent")) * scale
    if not ascent and not descent:
        box = array(descriptor.get("/FontBBox")) or array(font.get("/FontBBox"))
        if len(box) == 4:
            descent, ascent = number(box[1]) * scale, number(box[3]) * scale
    if ascent <= descent:
        ascent, descent = FALLBACK_FONT.ascent, FALLBACK_FONT.descent
    return FontInfo(widths, default, two_byte, ascent, min(descent, 0.0))


def _cid_widths(w: list[Any]) -> dict[int, float]:
    """A CIDFont's /W array: ``c [w1 w2 …]`` or ``c_first c_last w``."""
    widths: dict[int, float] = {}
    i = 0
    while i + 1 < len(w) and len(widths) < 65536:
        first, following = int(number(w[i])), resolve(w[i + 1])
        if isinstance(following, ArrayObject):
            for j, width in enumerate(following):
                widths[first + j] = number(width) * 0.001
            i += 2
        elif i + 2 < len(w):
            last = min(int(number(following)), first + 65536)
            for code in range(first, last + 1):
                widths[code] = number(w[i + 2]) * 0.001
            i += 3
        else:
            break
    return widths


def _stroke_boxes(subpath: _Subpath, half: float, cap: int) -> Iterable[Box]:
    """The box of each stroked segment: butt caps end flush, joins and other caps add ``half``."""
    segments = subpath.segments
    for i, segment in enumerate(segments):
        if len(segment) != 2:  # a curve lies within its control points
            x0, y0, x1, y1 = bounds(segment)
            yield (x0 - half, y0 - half, x1 + half, y1 + half)
            continue
        (x0, y0), (x1, y1) = segment
        cap_start = not subpath.closed and i == 0
        cap_end = not subpath.closed and i == len(segments) - 1
        start = 0.0 if cap_start and cap == 0 else half
        end = 0.0 if cap_end and cap == 0 else half
        length = math.hypot(x1 - x0, y1 - y0)
        if length == 0:
            if start or end:
                yield (x0 - half, y0 - half, x0 + half, y0 + half)
            continue
        dx, dy = (x1 - x0) / length, (y1 - y0) / length
        nx, ny = -dy * half, dx * half
        ends = ((x0 - dx * start, y0 - dy * start), (x1 + dx * end, y1 + dy * end))
        yield bounds((x + sign * nx, y + sign * ny) for x, y in ends for sign in (-1, 1))


def _numbers(operands: list[Any], count: int) -> list[float]:
    """The last ``count`` operands as numbers."""
    if len(operands) < count:
        raise Unreadable(f"needs {count} numbers, got {len(operands)} operands")
    values = [resolve(v) for v in operands[len(operands) - count :]]
    for value in values:
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise Unreadable(f"needs {count} numbers, got {_values(values)!r}")
    return [float(v) for v in values]


def _matrix(operands: list[Any]) -> Matrix:
    a, b, c, d, e, f = _numbers(list(operands), 6)
    return (a, b, c, d, e, f)


def _name(operands: list[Any]) -> str:
    if not operands or not isinstance(resolve(operands[-1]), NameObject):
        raise Unreadable("needs a name")
    return str(resolve(operands[-1]))


def _raw(item: Any) -> bytes:
    """The bytes of a string operand as written (the font's codes, not decoded text)."""
    item = resolve(item)
    if hasattr(item, "get_original_bytes"):
        return bytes(item.get_original_bytes())
    if isinstance(item, bytes):
        return item
    raise Unreadable(f"needs a string, got {type(item).__name__}")


def _string(operands: list[Any], index: int) -> bytes:
    if not operands:
        raise Unreadable("needs a string")
    return _raw(operands[index])


def _values(operands: Iterable[Any]) -> str:
    def show(value: Any) -> str:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return f"{float(value):g}"
        return str(value)

    return " ".join(show(v) for v in operands)


def _show(operator: bytes) -> str:
    text = operator.decode("latin-1")
    return repr(text if len(text) <= 20 else text[:20] + "…")
