"""Finish stage: document metadata, and writing outputs so that a failure loses nothing.

Every output is written to a temporary file in its own folder and renamed over the old one only
when *all* outputs of the build are complete: a failed or interrupted build leaves the previous
good files exactly as they were and no partial file behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from .errors import FolderError, Location


def set_info(canvas: Canvas, *, subject: str, keywords: str, creator: str) -> None:
    """The Info dictionary a printer's preflight and a PDF viewer show (the title is set by
    :func:`layout.pdf.new_canvas`)."""
    canvas.setSubject(subject)
    canvas.setKeywords(keywords)
    canvas.setCreator(creator)
    canvas.setProducer(creator)


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
