"""The ``colour`` check: only inks a press has, and none that vanish on it.

* RGB (DeviceRGB, CalRGB, an ICC profile of three components, an Indexed space on one) and Lab
  would be converted by someone else's software at the press, so each use is an error: colour
  operators (``rg``/``RG``, ``sc``/``scn`` in such a space, ``cs``/``CS`` selecting one), colour
  spaces named in the resources, images, inline images and shadings, on the page and in every
  form and tiling pattern it draws.
* Every Separation or DeviceN colorant other than the process inks (Cyan, Magenta, Yellow,
  Black), ``All`` (registration) and ``None`` is a plate of its own: one warning for the file
  names them all, whether a resource declares them or the content paints with them.
* White set to overprint disappears on press: an overprinting object prints only the inks it
  has, and white has none. Painting a fill or stroke, text, or an image mask with all-zero CMYK,
  gray 1 or a Separation/DeviceN tint of 0 while overprint is on for that operation (fill:
  ``/op``, or ``/OP`` in a graphics state without ``/op``; stroke: ``/OP``) is an error, whatever
  the overprint mode: a RIP applying nonzero overprint drops it, and no designer means it.
  Tracked by :func:`scan_page`, which also counts ``PS`` operators for the ``pdfx`` check.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, NameObject, StreamObject

from .document import (
    Composite,
    Operand,
    content_operations,
    dictionary,
    flag,
    number,
    object_key,
    page_content,
    resolve,
    walk_resources,
)
from .interpret import ColourUse, PageRun
from .report import Finding
from .spaces import DEVICE_GRAY, Space, describe

# Operations per page, forms included, each glyph shown counting as one: a bound on the scan's
# time, and on what pdfium is asked to lay out (see too_dense).
MAX_SCANNED = 3_000_000
MAX_SCANNED_FILE = 5 * MAX_SCANNED  # operations scanned in the whole file
MAX_DEPTH = 16  # forms within forms
# Forms drawn on one page, forms within forms included. pdfium builds each draw of a form anew
# (its content parsed again, its objects copied), at about ten times the memory of an operation:
# 350 000 draws of a two-operation form cost it 500 MB. A page past it is not given to pdfium.
MAX_FORMS_DRAWN = 100_000
MAX_STACK = 10_000  # q without Q: deeper saves are counted, not kept
NOT_PLATES = frozenset({"All", "None", "Cyan", "Magenta", "Yellow", "Black"})
ORDINALS = ("fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth")
EPSILON = 1e-6
MAX_LISTED = 20  # plates named in the warning; a file with more is made to flood the report
EXHAUSTED = "the pages before it used up the operations the preflight reads in one file"
DEEP = f"{MAX_DEPTH} levels of forms within forms"  # a ContentScan.limit
FORMS = f"{MAX_FORMS_DRAWN} forms drawn"  # a ContentScan.limit
# Why pdfium must not lay out a page whose scan was whole: it follows a form that draws itself
# as deep as its own limit allows, so such a form drawing itself twice is 2^depth copies.
DRAWS_ITSELF = (
    "a form on the page draws itself, which pdfium would lay out inside itself over and over"
)
PATH = frozenset({b"m", b"l", b"c", b"v", b"y", b"h", b"re"})
PAINTS = {  # operator: (fills, strokes)
    **dict.fromkeys((b"f", b"F", b"f*"), (True, False)),
    **dict.fromkeys((b"S", b"s"), (False, True)),
    **dict.fromkeys((b"B", b"B*", b"b", b"b*"), (True, True)),
    b"n": (False, False),
}
TEXT = frozenset({b"Tj", b"TJ", b"'", b'"'})
DEVICES = {b"g": ("DeviceGray", "gray", 1), b"k": ("DeviceCMYK", "cmyk", 4)}
DEVICES[b"rg"] = ("DeviceRGB", "rgb", 3)
STATE = frozenset({b"gs", b"Tr", b"cs", b"CS", b"sc", b"scn", b"SC", b"SCN", *DEVICES})
STATE |= {b"G", b"K", b"RG"}


def check_colour(reader: PdfReader, runs: Sequence[PageRun | None]) -> list[Finding]:
    """One error per RGB or Lab colour on each page (repeats counted, not repeated)."""
    findings: list[Finding] = []
    for number_, page in enumerate(reader.pages, start=1):
        # A space named in the resources and selected with cs is one problem, not two.
        messages = dict.fromkeys(_resources(page), 1)
        declared = set(messages)
        run = runs[number_ - 1] if number_ <= len(runs) else None
        for use in run.colours if run is not None else ():
            message = _use(use)
            if message not in declared:
                messages[message] = messages.get(message, 0) + 1
        findings += [
            Finding("colour", number_, f"{m} (×{n})" if n > 1 else m) for m, n in messages.items()
        ]
    return findings


def check_inks(
    reader: PdfReader, runs: Sequence[PageRun | None], scans: Sequence[ContentScan | None]
) -> list[Finding]:
    """A warning naming every plate beyond CMYK, and an error for each kind of white set to
    overprint on each page (repeats counted); a page too dense to scan whole says so."""
    findings: list[Finding] = []
    plates: dict[str, None] = {}
    for number_, page in enumerate(reader.pages, start=1):
        run = runs[number_ - 1] if number_ <= len(runs) else None
        paints = run.paints if run is not None else ()
        spaces = [*_declared_spaces(page), *(paint.space for paint in paints)]
        plates |= dict.fromkeys(c for s in spaces for c in s.colorants if c not in NOT_PLATES)
        scan = scans[number_ - 1] if number_ <= len(scans) else None
        if scan is None:
            continue
        findings += [
            Finding("colour", number_, f"{m} (×{n})" if n > 1 else m)
            for m, n in scan.white_overprint
        ]
        if scan.limit is not None:
            beyond = f"beyond {scan.limit}" if scan.limit else f"({EXHAUSTED})"
            message = f"overprint not checked on this page {beyond}"
            findings.append(Finding("colour", number_, message, "warning"))
    if plates:
        findings.insert(0, Finding("colour", None, _plates(list(plates)), "warning"))
    return findings


def _plates(names: list[str]) -> str:
    """ "a fifth plate: PANTONE 185 C", "a fifth and a sixth plate: …", "3 more plates …"."""
    listed = ", ".join(names[:MAX_LISTED])
    if len(names) > MAX_LISTED:
        listed += f" and {len(names) - MAX_LISTED} more"
    if len(names) == 1:
        which = "a fifth plate"
    elif len(names) == 2:
        which = "a fifth and a sixth plate"
    else:
        last = ORDINALS[len(names) - 1] if len(names) <= len(ORDINALS) else _ordinal(len(names) + 4)
        which = f"{len(names)} more plates (fifth to {last})"
    return f"{which}: {listed}; each spot colour is an ink of its own on press"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _use(use: ColourUse) -> str:
    kind = use.space.foreign
    if use.operator in ("rg", "RG"):
        return f"RGB colour '{use.values} {use.operator}'"
    if use.operator in ("cs", "CS"):
        return f"{kind} colour space {use.values}"
    if use.operator == "inline image":
        return f"{kind} inline image ({use.values})"
    return f"{kind} colour '{use.values} {use.operator}' in {use.space.label}"


def _resources(page: object) -> list[str]:
    messages = []
    for used in walk_resources(page):
        for what, space in _spaces(used.resources):
            if space.foreign:
                messages.append(f"{space.foreign} {what}")
    return messages


def _declared_spaces(page: object) -> Iterator[Space]:
    for used in walk_resources(page):
        for _, space in _spaces(used.resources):
            yield space


def _spaces(resources: DictionaryObject) -> Iterator[tuple[str, Space]]:
    """Every colour space a resource dictionary declares, with what declares it: its colour
    spaces, images, shadings and shading patterns."""
    for name in dictionary(resources.get("/ColorSpace")):
        space = describe(NameObject(name), resources)
        yield f"colour space {space.label}", space
    for name, xobject in dictionary(resources.get("/XObject")).items():
        image = dictionary(xobject)
        if image.get("/Subtype") != "/Image" or image.get("/ImageMask"):
            continue
        space = describe(image.get("/ColorSpace"), resources)
        yield f"image {name} ({space.label})", space
    for name, shading in dictionary(resources.get("/Shading")).items():
        space = describe(dictionary(shading).get("/ColorSpace"), resources)
        yield f"shading {name} ({space.label})", space
    for name, pattern in dictionary(resources.get("/Pattern")).items():
        if number(dictionary(pattern).get("/PatternType")) != 2:
            continue  # tiling patterns are walked as content of their own
        shading = dictionary(dictionary(pattern).get("/Shading"))
        space = describe(shading.get("/ColorSpace"), resources)
        yield f"shading pattern {name} ({space.label})", space


# --- scanning the content: overprint and PostScript ----------------------------------------------


@dataclass(frozen=True)
class ContentScan:
    """What :func:`scan_page` found in one page's content and the forms it draws."""

    white_overprint: tuple[tuple[str, int], ...]  # (message, how often)
    postscript: int  # PS operators: PostScript passed through to the press
    operations: int  # how many were scanned
    # The bound the page went past, the rest unread: "3000000 operations, forms included",
    # "75000000 bytes of content", DEEP, FORMS; "" when the file's budget was spent before
    # this page.
    limit: str | None
    draws_itself: bool = False  # a form drawn inside itself (not followed, so not a limit)


@dataclass(frozen=True)
class Ink:
    """A current colour: its space and its components (None: a pattern, or unreadable)."""

    space: Space
    values: tuple[float, ...] | None


@dataclass(frozen=True)
class _State:
    """The parts of the graphics state overprint depends on."""

    fill: Ink = field(default_factory=lambda: Ink(DEVICE_GRAY, (0.0,)))
    stroke: Ink = field(default_factory=lambda: Ink(DEVICE_GRAY, (0.0,)))
    fill_overprint: bool = False
    stroke_overprint: bool = False
    render: int = 0  # text rendering mode


class _Stop(Exception):
    """The page's operation budget is spent."""


class _TooManyForms(Exception):
    """The page draws more than MAX_FORMS_DRAWN forms."""


def scan_pages(
    reader: PdfReader, budget: int = MAX_SCANNED, file_budget: int = MAX_SCANNED_FILE
) -> list[ContentScan | None]:
    """Each page's content scan (see :func:`scan_page`), ``budget`` operations at most a page
    and ``file_budget`` for them all: the pages past it are scanned with what is left, or
    nothing, and say so (a limit of "")."""
    scans: list[ContentScan | None] = []
    for page in reader.pages:
        try:
            scan = scan_page(page, min(file_budget, budget))
        except Exception:  # scan_page guards itself; this is the guard's guard
            scan = None
        if scan is not None:
            file_budget = max(file_budget - scan.operations, 0)
        scans.append(scan)
    return scans


def too_dense(scans: Sequence[ContentScan | None]) -> dict[int, str]:
    """The pages (1-based) pdfium must not lay out, with the reason: those the scan could not
    read to the end, and those where a form draws itself. pdfium builds every object a page
    draws, forms as often as they are drawn and deeper than the scan follows them, so a small
    file can ask it for gigabytes; the scan counts them cheaply first."""
    dense: dict[int, str] = {}
    for number_, scan in enumerate(scans, start=1):
        if scan is None:
            continue
        if scan.limit is not None:
            dense[number_] = f"the page holds more than {scan.limit}" if scan.limit else EXHAUSTED
        elif scan.draws_itself:
            dense[number_] = DRAWS_ITSELF
    return dense


def scan_page(page: Any, budget: int = MAX_SCANNED) -> ContentScan:
    """Scan one page's content, and the forms it draws, for white set to overprint and for
    PostScript, reading at most ``budget`` operations; never raises."""
    scan = _Scan(budget)
    limit: str | None = None
    try:
        data, cut = page_content(page)
        if cut:
            limit = f"{len(data)} bytes of content"
        scan.stream(data, dictionary(page.get("/Resources")), _State(), frozenset())
    except _Stop:
        limit = f"{budget} operations, forms included" if budget else ""
    except _TooManyForms:
        limit = FORMS
    except Exception:  # a scan that fails keeps what it found so far
        pass  # the content interpreter reports what cannot be read
    if limit is None and scan.deep:
        limit = DEEP
    operations = min(scan.operations, budget)
    return ContentScan(
        tuple(scan.white.items()), scan.postscript, operations, limit, scan.draws_itself
    )


class _Scan:
    """One page's scan in progress (mutable while it runs)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.white: dict[str, int] = {}
        self.postscript = 0
        self.operations = 0
        self.deep = False  # a form nested deeper than MAX_DEPTH was not followed
        self.forms_drawn = 0
        self.draws_itself = False
        self.type3: set[tuple[int, int]] = set()  # fonts whose glyph procedures were scanned
        self.procedures = 0  # inside glyph procedures: counted, not checked (glyph_procedures)
        self.forms: dict[tuple[int, int], bytes] = {}  # decoded once, however often drawn
        # A form's resources merged with those it is drawn with: once, not at every Do.
        self.merged: dict[tuple[tuple[int, int], int], DictionaryObject] = {}

    def stream(
        self,
        data: bytes,
        resources: DictionaryObject,
        state: _State,
        active: frozenset[tuple[int, int]],
    ) -> None:
        """Scan one content stream (a page's or a form's) from the state it starts in."""
        stack: list[_State] = []
        deeper = 0  # saves beyond MAX_STACK, counted so that their Q pops nothing
        has_path = False
        for operands, operator in content_operations(data):
            self.operations += 1
            if self.operations > self.budget:
                raise _Stop
            if operator in PATH:
                has_path = True
            elif operator in PAINTS:
                fill, stroke = PAINTS[operator]
                if has_path:
                    self.paint(state, "fill" if fill else None, "stroke" if stroke else None)
                has_path = False
            elif operator in TEXT:
                # A string of a million glyphs is one operation but a million objects for
                # pdfium: each glyph spends the budget (a form of one such string, drawn 2^16
                # times by forms drawing forms, is billions of glyphs in a few kilobytes).
                self.operations += _glyphs(operands)
                if self.operations > self.budget:
                    raise _Stop
                fill, stroke = state.render in (0, 2, 4, 6), state.render in (1, 2, 5, 6)
                self.paint(state, "text" if fill else None, "outlined text" if stroke else None)
            elif operator == b"q":
                if len(stack) < MAX_STACK:
                    stack.append(state)
                else:
                    deeper += 1
            elif operator == b"Q":
                if deeper:
                    deeper -= 1
                elif stack:  # an unbalanced Q is common and harmless: ignore it
                    state = stack.pop()
            elif operator in STATE:
                try:
                    state = _change(state, operator, operands, resources)
                except Exception:  # bad operands: the content interpreter reports them
                    continue
            elif operator == b"Do":
                self.draw(operands, resources, state, active)
            elif operator == b"BI":
                settings = operands[0] if operands and isinstance(operands[0], dict) else {}
                if settings.get("/IM", settings.get("/ImageMask")) is True:
                    self.paint(state, "image mask", None)
            elif operator == b"PS":
                self.postscript += 0 if self.procedures else 1
            elif operator == b"Tf":
                self.glyph_procedures(operands, resources, active)

    def paint(self, state: _State, fill: str | None, stroke: str | None) -> None:
        if self.procedures:  # a glyph paints in the text's colour: the text operator checks it
            return
        if fill and state.fill_overprint and (white := _white(state.fill)):
            self.found(f"{fill} in {white}")
        if stroke and state.stroke_overprint and (white := _white(state.stroke)):
            self.found(f"{stroke} in {white}")

    def found(self, what: str) -> None:
        message = f"white set to overprint disappears on press: {what}"
        self.white[message] = self.white.get(message, 0) + 1

    def draw(
        self,
        operands: list[Operand],
        resources: DictionaryObject,
        state: _State,
        active: frozenset[tuple[int, int]],
    ) -> None:
        name = operands[-1] if operands else None
        if not isinstance(name, str):
            return
        reference = dictionary(resources.get("/XObject")).get(name)
        xobject = resolve(reference)
        if not isinstance(xobject, StreamObject):
            return
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            if flag(xobject.get("/ImageMask")):
                self.paint(state, "image mask", None)
            return
        key = object_key(reference, xobject)
        if subtype != "/Form":
            return
        if key in active:  # the content interpreter reports it as an error
            self.draws_itself = True
            return
        if len(active) >= MAX_DEPTH:  # the rest is unread, and pdfium would read deeper
            self.deep = True
            return
        self.forms_drawn += 1
        if self.forms_drawn > MAX_FORMS_DRAWN:
            raise _TooManyForms
        if key not in self.forms:
            try:
                self.forms[key] = xobject.get_data()
            except Exception:  # a broken filter: the interpreter reports it
                self.forms[key] = b""
        merged_key = (key, id(resources))  # the merged dictionaries live on: ids stay theirs
        if merged_key not in self.merged:
            own = dictionary(xobject.get("/Resources"))
            self.merged[merged_key] = _inherit(resources, own)
        self.stream(self.forms[key], self.merged[merged_key], state, active | {key})

    def glyph_procedures(
        self,
        operands: list[Operand],
        resources: DictionaryObject,
        active: frozenset[tuple[int, int]],
    ) -> None:
        """Scan, once a page, the glyph procedures of a Type3 font that ``Tf`` selects.

        pdfium runs a Type3 glyph's procedure to measure it, with every form it draws: a glyph
        drawing forms that draw forms is as costly as a page doing so. So they spend the page's
        budget, and their forms count as the page's (drawn, nested, drawing themselves); what
        they paint is not checked for overprint, as a glyph paints in the text's colour.
        """
        name = operands[-2] if len(operands) >= 2 else None
        if not isinstance(name, str):
            return
        reference = dictionary(resources.get("/Font")).get(name)
        font = resolve(reference)
        if not isinstance(font, DictionaryObject) or font.get("/Subtype") != "/Type3":
            return
        key = object_key(reference, font)
        if key in self.type3:
            return
        self.type3.add(key)
        if len(active) >= MAX_DEPTH:  # fonts whose glyphs select fonts: as deep as forms
            self.deep = True
            return
        own = dictionary(font.get("/Resources"))
        glyph_resources = _inherit(resources, own) if own else resources
        self.procedures += 1
        try:
            for procedure in dictionary(font.get("/CharProcs")).values():
                glyph = resolve(procedure)
                if not isinstance(glyph, StreamObject):
                    continue
                try:
                    data = glyph.get_data()
                except Exception:  # a broken filter: pdfium draws nothing for it either
                    continue
                self.stream(data, glyph_resources, _State(), active | {key})
        finally:
            self.procedures -= 1


def _glyphs(operands: list[Operand]) -> int:
    """About how many glyphs a text-showing operation shows: the bytes of its strings (a hex
    string's digits counted as written: a bound, not a count)."""
    count = 0
    for operand in operands:
        if isinstance(operand, bytes):
            count += len(operand)
        elif isinstance(operand, Composite):
            count += operand.strings
    return count


def _change(
    state: _State, operator: bytes, operands: list[Operand], resources: DictionaryObject
) -> _State:
    """The state after a graphics-state or colour operator."""
    if operator == b"gs":
        return _graphics_state(state, operands, resources)
    if operator == b"Tr":
        mode = _numbers(operands, 1)
        return replace(state, render=int(mode[0]) if mode else 0)
    stroke = operator in (b"CS", b"SC", b"SCN", b"G", b"K", b"RG")
    current = state.stroke if stroke else state.fill
    if operator in (b"cs", b"CS"):
        ink = _initial(operands, resources)
    elif operator in (b"sc", b"scn", b"SC", b"SCN"):
        ink = Ink(current.space, _numbers(operands))  # a trailing pattern name: None
    else:
        family, kind, count = DEVICES[operator.lower()]
        ink = Ink(Space(family, kind, label=f"/{family}"), _numbers(operands, count))
    return replace(state, stroke=ink) if stroke else replace(state, fill=ink)


def _graphics_state(state: _State, operands: list[Operand], resources: DictionaryObject) -> _State:
    name = operands[-1] if operands else None
    gstate = dictionary(dictionary(resources.get("/ExtGState")).get(name))
    stroke, fill = flag(gstate.get("/OP")), flag(gstate.get("/op"))
    if stroke is not None:
        state = replace(state, stroke_overprint=stroke)
        if "/op" not in gstate:  # /OP sets fill overprint too, unless /op is there
            state = replace(state, fill_overprint=stroke)
    if fill is not None:
        state = replace(state, fill_overprint=fill)
    return state


def _inherit(parent: DictionaryObject, own: DictionaryObject) -> DictionaryObject:
    """A form's resources, with names it lacks looked up in its parent's, as viewers do."""
    merged = DictionaryObject(parent)
    for key, value in own.items():
        inner, outer = dictionary(value), dictionary(parent.get(key))
        merged[key] = DictionaryObject({**outer, **inner}) if inner and outer else value
    return merged


def _numbers(operands: list[Operand], count: int | None = None) -> tuple[float, ...] | None:
    """The trailing operands as numbers (the last ``count`` of them); None if any is not one."""
    chosen = operands if count is None else operands[-count:] if len(operands) >= count else []
    values = tuple(v for v in chosen if isinstance(v, float))
    return values if values and len(values) == len(chosen) else None


def _initial(operands: list[Operand], resources: DictionaryObject) -> Ink:
    """The colour cs/CS selects: black in process spaces, full tint in a separation."""
    name = operands[-1] if operands else None
    if not isinstance(name, str):
        raise ValueError("cs needs a name")
    space = describe(NameObject(name), resources)
    values: tuple[float, ...] | None = None
    if space.kind == "cmyk":
        values = (0.0, 0.0, 0.0, 1.0)
    elif space.kind == "gray":
        values = (0.0,)
    elif space.kind == "spot":
        values = (1.0,) * max(len(space.colorants), 1)
    return Ink(space, values)


def _white(ink: Ink) -> str | None:
    """How to name ``ink`` when it is white (paints no ink at all), else None."""
    space, values = ink.space, ink.values
    if values is None or space.family in ("Indexed", "I", "Pattern"):
        return None  # an index or a pattern says nothing about ink by itself
    shown = " ".join(f"{v:g}" for v in values)
    if space.kind == "cmyk" and all(abs(v) < EPSILON for v in values):
        return f"CMYK {shown}"
    if space.kind == "gray" and len(values) == 1 and values[0] >= 1 - EPSILON:
        return f"gray {shown}"
    if space.kind == "spot" and all(abs(v) < EPSILON for v in values):
        inks = [c for c in space.colorants if c != "None"]
        if inks:
            return f"{', '.join(inks)} tint {shown}"
    return None
