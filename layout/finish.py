"""Finish stage: document metadata, the panel map, and writing outputs so that a failure loses
nothing (PDF/X is the other half of this stage: :mod:`layout.pdfx`).

Every output is written to a temporary file in its own folder and renamed over the old one only
when *all* outputs of the build are complete: a failed or interrupted build leaves the previous
good files exactly as they were and no partial file behind.
"""

from __future__ import annotations

import glob
import os
import re
import signal
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.pdfgen.canvas import Canvas

from .errors import FolderError, Location
from .impose import SheetPlan
from .units import to_mm

if sys.platform != "win32":
    import fcntl


def set_info(canvas: Canvas, *, subject: str, keywords: str, creator: str) -> None:
    """The Info dictionary a printer's preflight and a PDF viewer show (the title, the author
    and the dates — the build's source date — are set by :func:`layout.pdf.new_canvas`)."""
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


# When this process began, for telling a killed build's temporary files from a running one's.
_STARTED = time.time()

# A temporary output: `.<name>.<pid>.<mkstemp's 8 characters>.part` (no pid before this scheme).
_PART = re.compile(r"(?:(?P<pid>\d+)\.)?[a-z0-9_]{8}")


def _running(pid: int) -> bool:
    """Whether a process ``pid`` runs here (signal 0 only asks; a process of another user that
    may not be signalled is running too)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _remove_stale_parts(target: Path) -> None:
    """Remove the temporary files of ``target`` that a killed build left behind.

    A SIGKILL or a power cut gives a build no chance to remove its own, so the next build into
    the folder does: only those older than this process whose writer no longer runs, so that a
    build running alongside keeps its file. Files that merely look alike are not touched.
    """
    prefix = f".{target.name}."
    for path in target.parent.glob(glob.escape(prefix) + "*.part"):
        match = _PART.fullmatch(path.name[len(prefix) : -len(".part")])
        if match is None or (match["pid"] is not None and _running(int(match["pid"]))):
            continue
        try:
            if path.lstat().st_mtime < _STARTED:
                path.unlink()
        except OSError:
            pass  # gone already (another build cleaned it) or not ours to remove: harmless


@contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold back Ctrl-C (SIGINT) and a plain kill (SIGTERM) over a step that must not be cut in
    two; a signal that came meanwhile acts as usual right after. Only SIGKILL is left, and it
    can still stop a build between two renames: each file is then whole, old or new."""
    if sys.platform == "win32":  # no signal masks: the renames are still each atomic
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


@contextmanager
def _folders_locked(folders: Iterable[Path]) -> Iterator[None]:
    """Lock each folder while a build renames its outputs into it, so that two builds into one
    folder at once replace theirs one whole set after the other (never the print PDF of one with
    the reader PDF of the other); then flush the folder so that the renames survive a power cut.

    The lock is on the folder itself, so no lock file is left behind. Where a folder cannot be
    locked (Windows, some network file systems) builds still never leave a partial file.
    """
    with ExitStack() as stack:
        handles = []
        for folder in sorted(set(folders)):  # the same order in every build: no deadlock
            try:
                handle = os.open(folder, os.O_RDONLY)
            except OSError:
                continue
            stack.callback(os.close, handle)
            handles.append(handle)
            if sys.platform != "win32":
                with suppress(OSError):
                    fcntl.flock(handle, fcntl.LOCK_EX)  # released when the handle is closed
        yield
        for handle in handles:
            with suppress(OSError):
                os.fsync(handle)


def write_atomically(outputs: Mapping[Path, bytes]) -> None:
    """Write every file, or none: temporary files first, renamed into place at the end.

    Renaming two files cannot be one atomic step, so everything that could stop the second
    rename (a folder in the way, a full disk) is found before the first, and Ctrl-C waits until
    the renames are done. A build killed outright leaves its temporary files (``.<name>.<pid>.
    <random>.part``); the next build into the folder removes them.
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
                _remove_stale_parts(target)
                # Not interrupted between making the file and noting it: `finally` removes it.
                with _interrupts_deferred():
                    handle, name = tempfile.mkstemp(
                        prefix=f".{target.name}.{os.getpid()}.", suffix=".part", dir=target.parent
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
        with _folders_locked(target.parent for target in temporary), _interrupts_deferred():
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
        with _interrupts_deferred():  # a second Ctrl-C must not leave temporary files either
            for part in temporary.values():
                part.unlink(missing_ok=True)
