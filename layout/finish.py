"""Finish stage: document metadata, the panel map, and writing outputs so that a failure loses
nothing (PDF/X is the other half of this stage: :mod:`layout.pdfx`).

Every output is written to a temporary file in its own folder and renamed over the old one only
when *all* outputs of the build are complete: a failed or interrupted build leaves the previous
good files exactly as they were and no partial file behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from .errors import FolderError, Location
from .impose import SheetPlan
from .units import to_mm


def set_info(canvas: Canvas, *, subject: str, keywords: str, creator: str) -> None:
    """The Info dictionary a printer's preflight and a PDF viewer show (the title is set by
    :func:`layout.pdf.new_canvas`)."""
    canvas.setSubject(subject)
    canvas.setKeywords(keywords)
    canvas.setCreator(creator)
    canvas.setProducer(creator)


def panel_map(
    plan: SheetPlan,
    finished: tuple[float, float],
    texts: Mapping[str, Sequence[str]],
) -> dict[str, Any]:
    """What the print PDF carries in its metadata so that ``make-folder verify`` can check any
    copy of it: the fold, the flat sheet's size and bleed, and for each page its fold lines and
    every panel's rectangle (mm from the lower left trim corner, as printed), rotation and text.

    The result is plain JSON data in exactly the form :data:`layout.verify.panelmap.SCHEMA`
    describes (the module says what each field means). ``finished``, the folded size, is not
    in it, since no check reads it; the argument stays only while callers still pass it.
    """

    def mm(value: float) -> float:
        return round(to_mm(value), 3)

    return {
        "version": 1,
        "fold": plan.fold.name,
        "flat": {"width": mm(plan.width), "height": mm(plan.height)},
        "bleed": mm(plan.bleed),
        "pages": [
            {
                "folds": {
                    "vertical": [mm(x) for x in side.folds],
                    "horizontal": [mm(y) for y in side.row_folds],
                },
                "panels": [
                    {
                        "label": plan.fold.label(p.role),
                        "x": mm(p.x),
                        "y": mm(p.y),
                        "width": mm(p.width),
                        "height": mm(p.height),
                        "rotation": p.rotation,
                        "text": list(texts[p.role]),
                    }
                    for p in side.panels
                ],
            }
            for side in plan.sides
        ],
    }


@cache
def _file_mode() -> int:
    """Ordinary file permissions under the process umask (which can only be read by setting it)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(outputs: Mapping[Path, bytes]) -> None:
    """Write every file, or none: temporary files first, renamed into place at the end.

    Renaming two files cannot be one atomic step, so everything that could stop the second
    rename (a folder in the way, a full disk) is found before the first.
    """
    for target in outputs:
        if target.is_dir():
            raise FolderError(
                "a folder stands where the output file should go; expected a file name",
                Location(target),
            )
    temporary: dict[Path, Path] = {}
    try:
        for target, data in outputs.items():
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                handle, name = tempfile.mkstemp(
                    prefix=f".{target.name}.", suffix=".part", dir=target.parent
                )
                temporary[target] = Path(name)
                os.chmod(name, _file_mode())  # mkstemp makes 0600; outputs are ordinary files
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                    stream.flush()
                    os.fsync(stream.fileno())
            except OSError as exc:
                raise FolderError(
                    f"cannot write the output ({exc.strerror}); expected a writable folder "
                    "with room for it",
                    Location(target),
                ) from None
        for target, part in temporary.items():
            try:
                os.replace(part, target)
            except OSError as exc:
                raise FolderError(
                    f"cannot replace the output ({exc.strerror}); expected a writable file",
                    Location(target),
                ) from None
        temporary.clear()
    finally:
        for part in temporary.values():
            part.unlink(missing_ok=True)
