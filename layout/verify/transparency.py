"""Transparency in any PDF, page by page: what a PDF/X-1a or X-3 file may not hold.

The ``pdfx`` check of the preflight (:mod:`.conformance`) asks :func:`transparency` about each
page of a file that claims PDF/X-1a or X-3, make-folder's own print PDF among them: the build
runs that preflight on every print PDF before it writes it, so an X-1a file that uses
transparency is refused there. make-folder itself draws none.

Read with pypdf, as any PDF is, whoever wrote it; it never raises on a broken one.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterator
from typing import Any

from pypdf import PageObject
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
)

# Blend modes that are no transparency: /Compatible is the PDF 1.3 name for /Normal.
_OPAQUE_BLEND_MODES = frozenset({"/Normal", "/Compatible"})
MAX_WALK = 100_000  # dictionaries and array items looked at per page: a bound on hostile files
_MAX_INDIRECTION = 32  # a chain of references longer than this leads nowhere readable


def transparency(page: PageObject | DictionaryObject) -> Iterator[str]:
    """What on ``page`` uses transparency, one readable phrase per use, such as "graphics state
    /gRLs0 sets /ca 0.5" or "/Form /Fm0: /Image /Im1 has a soft mask (/SMask)"; nothing when
    the page is opaque.

    Judged by the page's resources, as a preflight does: a transparent graphics state that is
    defined counts, whether or not the content selects it. Transparency is a transparency group
    (on the page or a form), a graphics state with a soft mask, ``/CA`` or ``/ca`` below 1 or a
    blend mode other than ``/Normal`` and ``/Compatible`` (in a ``/BM`` array, any such mode
    counts), and an image with a soft mask (``/SMask``, ``/SMaskInData``). It is looked for in
    the page's resources and everything they draw: forms, patterns (a shading pattern's graphics
    state too) and Type 3 glyphs.

    Safe on any PDF: it never raises. A value that cannot be read (a reference to nothing, a
    number that is not one, a dictionary that is not one) counts as no transparency; a resource
    dictionary reached twice, through a cycle or not, is looked at once; after
    :data:`MAX_WALK` dictionaries and array items the walk stops, and what was found stands.
    """
    walk = _Walk()
    if _is_transparency_group(walk.dictionary(page.get("/Group"))):
        walk.uses.append("a transparency group on the page")
    walk.todo.append((page.get("/Resources"), ""))
    while walk.todo and walk.left > 0:
        resources, where = walk.todo.popleft()
        try:
            walk.resources(resources, where)
        except Exception:  # pypdf raises many kinds on a broken object: that one counts as none
            continue
    yield from walk.uses


class _Walk:
    """One page's walk through its resources: what it found, what it has seen, what is left."""

    def __init__(self) -> None:
        self.uses: list[str] = []
        # id → object: holding the object keeps its id from being reused while the walk runs.
        self.seen: dict[int, DictionaryObject] = {}
        self.todo: deque[tuple[Any, str]] = deque()  # resource dictionaries, breadth first
        self.left = MAX_WALK

    def dictionary(self, value: Any) -> DictionaryObject | None:
        """``value`` as a dictionary (a stream is one), through references; None otherwise.
        Each one costs the walk a step."""
        self.left -= 1
        value = _resolve(value)
        return value if isinstance(value, DictionaryObject) else None

    def resources(self, value: Any, where: str) -> None:
        resources = self.dictionary(value)
        if resources is None or id(resources) in self.seen:
            return
        self.seen[id(resources)] = resources
        for name, state in self.entries(resources, "/ExtGState"):
            self.graphics_state(state, f"{where}graphics state {name}")
        for name, xobject in self.entries(resources, "/XObject"):
            subtype = _resolve(xobject.get("/Subtype"))
            inside = f"{where}{subtype if isinstance(subtype, NameObject) else 'XObject'} {name}"
            if subtype == "/Image":
                if isinstance(_resolve(xobject.get("/SMask")), StreamObject):
                    self.uses.append(f"{inside} has a soft mask (/SMask)")
                if _number(xobject.get("/SMaskInData")) not in (None, 0):
                    self.uses.append(
                        f"{inside} has a soft mask in its JPEG 2000 data (/SMaskInData)"
                    )
            elif subtype == "/Form":
                if _is_transparency_group(self.dictionary(xobject.get("/Group"))):
                    self.uses.append(f"{inside} is a transparency group")
                self.todo.append((xobject.get("/Resources"), f"{inside}: "))
        for name, pattern in self.entries(resources, "/Pattern"):
            inside = f"{where}pattern {name}"
            shading_state = self.dictionary(pattern.get("/ExtGState"))
            if shading_state is not None:
                self.graphics_state(shading_state, f"{inside} graphics state")
            self.todo.append((pattern.get("/Resources"), f"{inside}: "))
        for name, font in self.entries(resources, "/Font"):
            if "/Resources" in font:  # a Type 3 font: its glyphs are content streams
                self.todo.append((font.get("/Resources"), f"{where}font {name}: "))

    def entries(
        self, resources: DictionaryObject, kind: str
    ) -> Iterator[tuple[str, DictionaryObject]]:
        """The dictionaries (streams included) in one category of a resource dictionary."""
        category = self.dictionary(resources.get(kind))
        if category is None:
            return
        for name, value in list(category.items()):
            if self.left <= 0:
                return
            entry = self.dictionary(value)
            if entry is not None:
                yield str(name), entry

    def graphics_state(self, state: DictionaryObject, where: str) -> None:
        """Transparency an ExtGState sets: a soft mask, constant alpha below 1, a blend mode.

        ``/CA 1`` and ``/ca 1`` are opaque: ReportLab writes them when alpha goes back to 1.
        """
        soft_mask = _resolve(state.get("/SMask"))
        if isinstance(soft_mask, DictionaryObject):  # a mask; the name /None is none
            self.uses.append(f"{where} sets a soft mask (/SMask)")
        for key in ("/CA", "/ca"):
            alpha = _number(state.get(key))
            if alpha is not None and alpha < 1:
                self.uses.append(f"{where} sets {key} {alpha:g}")
        blend = _resolve(state.get("/BM"))
        items = list(blend) if isinstance(blend, ArrayObject) else [blend]
        self.left -= len(items)
        modes = [str(m) for m in map(_resolve, items) if isinstance(m, NameObject)]
        if any(mode not in _OPAQUE_BLEND_MODES for mode in modes):
            shown = " ".join(modes[:8]) + (" …" if len(modes) > 8 else "")
            self.uses.append(f"{where} sets blend mode {shown}")


def _resolve(value: Any) -> Any:
    """The object behind ``value``, through references; None when that cannot be read."""
    for _ in range(_MAX_INDIRECTION):
        if not isinstance(value, IndirectObject):
            return value
        try:
            value = value.get_object()
        except Exception:  # a reference to nothing, or to a broken object
            return None
    return None


def _number(value: Any) -> float | None:
    """``value`` as a finite number, through references; None when it is none."""
    value = _resolve(value)
    if not isinstance(value, FloatObject | NumberObject):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _is_transparency_group(group: DictionaryObject | None) -> bool:
    return group is not None and _resolve(group.get("/S")) == "/Transparency"
