"""Building many content files at once: in parallel, and only what changed.

Each file is *made* (laid out, rendered, preflighted: :func:`layout.build.make`) in a pool of
worker processes, and *written* by this process, one file after the other in the order given,
exactly as a serial build writes them: the same bytes, the same refusal of a file whose outputs
an earlier file of the run wrote, the same reports in the same order.

A file whose outputs are up to date (:mod:`layout.manifest`) is not made again unless the build
is forced; its outcome says so and carries the fit table its last build printed.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from .build import Made, Options, make, output_paths, write
from .errors import FolderError
from .finish import write_atomically
from .fit import BuildOutcome
from .manifest import Entry, Manifest, tool


def cores() -> int:
    """The cores this process may run on: the default number of worker processes."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Built:
    """What became of one content file of a batch."""

    path: Path  # the content file, as given
    made: Made | None = None  # what was made and written; None when kept or failed
    outputs: Mapping[str, Path] = field(default_factory=dict)  # by kind: written or kept
    error: FolderError | None = None
    kept: Entry | None = None  # up to date: the manifest's entry of its last build

    def outcome(self) -> BuildOutcome:
        """The outcome for the summary table and the ``--report`` JSON."""
        if self.error is not None:
            return BuildOutcome.failed(self.path, self.error)
        if self.kept is not None:
            return BuildOutcome(
                self.path, self.kept.language, None, tuple(self.outputs.values()), up_to_date=True
            )
        assert self.made is not None
        return BuildOutcome(
            self.path, self.made.language, self.made.fit, tuple(self.outputs.values())
        )


def build_files(
    paths: Sequence[Path],
    out_dir: Path,
    options: Options | None = None,
    *,
    jobs: int = 0,
    force: bool = False,
) -> Iterator[Built]:
    """Build each content file of ``paths`` into ``out_dir``, yielding what became of each, in
    the order given, as soon as it and every file before it are done.

    ``jobs`` worker processes make the files (0: one per core; 1: all in this process); files
    whose outputs are up to date are kept unless ``force``. A user's mistake in one file is that
    file's :class:`Built` error; the others still build. The manifest is saved when the
    iteration ends, however it ends.
    """
    options = options or Options()
    manifest = Manifest.load(out_dir)
    stamp = tool(options.to_json())
    kept = {} if force else {i: manifest.current(path, stamp) for i, path in enumerate(paths)}
    todo = [i for i in range(len(paths)) if kept.get(i) is None]
    claimed: dict[Path, Path] = {}  # each output written so far → the content file it is of
    try:
        with _Makers(jobs or cores(), len(todo)) as makers:
            pending = {i: makers.submit(paths[i], options) for i in todo}
            for i, path in enumerate(paths):
                entry = kept.get(i)
                if entry is not None:
                    outputs = _kept_outputs(entry, out_dir)
                    if not any(p in claimed for p in outputs.values()):
                        claimed.update(dict.fromkeys(outputs.values(), path))
                        yield Built(path, outputs=outputs, kept=entry)
                        continue
                    # Outputs an earlier file wrote: made here, so write() refuses it as a
                    # build without the manifest would.
                    pending[i] = _Later(path, options)
                built = _write(path, pending.pop(i), out_dir, claimed)
                if built.made is not None:
                    claimed.update(dict.fromkeys(built.outputs.values(), path))
                    manifest.record(
                        path,
                        stamp,
                        built.made.inputs,
                        built.outputs.values(),
                        slug=built.made.slug,
                        language=built.made.language,
                        fit=built.made.fit.table(),
                    )
                yield built
    finally:
        _save(manifest)


def _write(
    path: Path,
    maker: Future[Made | FolderError] | _Later,
    out_dir: Path,
    claimed: Mapping[Path, Path],
) -> Built:
    made = maker.result()
    if isinstance(made, FolderError):
        return Built(path, error=made)
    try:
        return Built(path, made, write(made, out_dir, claimed))
    except FolderError as error:
        return Built(path, error=error)


def _kept_outputs(entry: Entry, out_dir: Path) -> Mapping[str, Path]:
    """An up-to-date entry's outputs, by kind."""
    return MappingProxyType(
        {
            kind: path
            for kind, path in output_paths(entry.slug, entry.language, out_dir).items()
            if str(path.resolve()) in entry.outputs
        }
    )


def _save(manifest: Manifest) -> None:
    data = manifest.dumps()
    try:
        if manifest.path.read_bytes() == data:
            return  # nothing built: the folder is left as it is
    except OSError:
        if not manifest.entries:
            return  # nothing built, and no manifest: none is made
    with suppress(FolderError):  # a manifest not saved only makes the next build build again
        write_atomically({manifest.path: data})


def _make(path: Path, options: Options) -> Made | FolderError:
    """A worker's job: the file made, or the user's mistake that stopped it (as a value, so
    that it travels back without the worker's traceback)."""
    try:
        return make(path, options)
    except FolderError as error:
        return error


class _Later:
    """A file made in this process when its result is asked for: the serial build's "future"."""

    def __init__(self, path: Path, options: Options) -> None:
        self.path, self.options = path, options

    def result(self) -> Made | FolderError:
        return _make(self.path, self.options)


class _Makers:
    """Where files are made: ``jobs`` worker processes, or this process when one is enough."""

    def __init__(self, jobs: int, count: int) -> None:
        workers = min(jobs, count)
        self.pool: ProcessPoolExecutor | None = None
        if workers > 1:
            # Forked workers start with everything this process has imported; elsewhere (macOS,
            # Windows) the platform's default start method is used.
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("fork" if "fork" in methods else None)
            self.pool = ProcessPoolExecutor(workers, mp_context=context)

    def submit(self, path: Path, options: Options) -> Future[Made | FolderError] | _Later:
        if self.pool is None:
            return _Later(path, options)
        return self.pool.submit(_make, path, options)

    def __enter__(self) -> _Makers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
