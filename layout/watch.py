"""``make-folder watch``: build on every save, for designers and translators editing YAML.

The content files are built once (what is up to date is kept), then again whenever a file any
of them reads is saved: the content itself, a translation's source, the design, a font. Only
the files whose inputs changed are built again (:mod:`layout.manifest` decides), each reported
as a build reports it: the fit of every panel, or the one error line of a broken save. A
broken save is only that file's failure: the watch goes on, and the next good save builds.

Editors save by writing a new file and renaming it over the old one, so the *folders* of the
files are watched (not the files), and changes are filtered to the files that matter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from threading import Event

from .batch import Built, build_files
from .build import Options


def watched_files(built: Iterable[Built]) -> set[Path]:
    """Every file the builds read (or, for a file that failed, the file itself), resolved."""
    files: set[Path] = set()
    for one in built:
        files.add(Path(one.path).resolve())
        if one.made is not None:
            files.update(Path(p).resolve() for p in one.made.inputs)
        elif one.kept is not None:
            files.update(Path(p) for p in one.kept.inputs)
    return files


def watch(
    paths: Sequence[Path],
    out_dir: Path,
    options: Options,
    *,
    report: Callable[[Built], None],
    changed: Callable[[Sequence[Path]], None] = lambda paths: None,
    jobs: int = 0,
    stop: Event | None = None,
) -> None:
    """Build ``paths`` into ``out_dir`` now and after every save, until ``stop`` is set (or
    Ctrl-C, which raises KeyboardInterrupt). ``report`` gets what became of each file that was
    built; ``changed`` the saved files, before they are built. The first round reports every
    file, up-to-date ones included, so that each panel's fit is shown once at the start."""
    files = {Path(path).resolve() for path in paths}
    built: list[Built] = []
    while True:
        seen = _stamps(files)
        failed = {one.path for one in built if one.error is not None}
        first = not built
        built = list(build_files(paths, out_dir, options, jobs=jobs))
        for one in built:
            # A file kept as it was is news only at the start, or when its last round
            # failed: a broken save undone.
            if first or one.kept is None or one.path in failed:
                report(one)
        # A file's inputs change with its content (another design, a new source): the new
        # ones are watched too, the old kept (a broken save names none).
        new = watched_files(built) - files
        seen.update(_stamps(new))
        files |= new
        saved = _wait(files, seen, stop)
        if saved is None:
            return
        changed(saved)


_Stamp = tuple[int, int, int] | None


def _stamps(files: Iterable[Path]) -> dict[Path, _Stamp]:
    """Each file's modification time, size and inode (None: no such file)."""
    stamps: dict[Path, _Stamp] = {}
    for file in files:
        try:
            found = file.stat()
        except OSError:
            stamps[file] = None
        else:
            stamps[file] = (found.st_mtime_ns, found.st_size, found.st_ino)
    return stamps


def _wait(files: set[Path], seen: dict[Path, _Stamp], stop: Event | None) -> list[Path] | None:
    """Wait until one of ``files`` is saved; the files saved, or None when ``stop`` was set.

    Every second without an event the files' stamps are compared with ``seen`` (taken before
    the last build): a save between that build and the start of the watcher, or one the file
    system did not report, is found that way.
    """
    from watchfiles import watch as changes_of  # imported only by those who watch

    def matters(_change: object, path: str) -> bool:
        return Path(path).resolve() in files

    folders = sorted({file.parent for file in files if file.parent.is_dir()})
    for events in changes_of(
        *folders,
        watch_filter=matters,
        recursive=False,
        stop_event=stop,
        yield_on_timeout=True,
        rust_timeout=1000,
    ):
        if events:
            return sorted({Path(path) for _, path in events})
        now = _stamps(files)
        if now != seen:
            return sorted(file for file in files if now[file] != seen.get(file))
    return None
