"""Incremental builds: the manifest an output folder keeps of what each build read and wrote.

After a content file is built, its entry in ``<out>/.make-folder-manifest.json`` records a hash
of every file the build read (the content, its source, the design, the fonts), the *tool* that
built it (make-folder's version and code, the libraries that shape the bytes, the options and
``SOURCE_DATE_EPOCH``), the fit table it printed, and a hash of every file it wrote. A later
build of the same file is skipped when all of these still hash the same and every output is
still there, unchanged: the bytes it would write are the ones already written. ``--force``
builds anyway.

The manifest is a cache, never a source of truth: one that is missing, unreadable, of another
format or edited by hand only makes files build again. It is written atomically, like every
output; two builds into one folder at once may each drop the other's newest entries, which
again only costs a rebuild.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from . import __version__
from .pdf import SOURCE_DATE_EPOCH

MANIFEST = ".make-folder-manifest.json"
FORMAT = 1
# The libraries whose versions shape the bytes of an output.
_LIBRARIES = ("reportlab", "pyphen", "pypdf", "pypdfium2", "pyyaml")


def digest(path: Path) -> str | None:
    """The SHA-256 of the file at ``path``, hex; None when it cannot be read."""
    try:
        with open(path, "rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None


@cache
def _code() -> str:
    """A hash of make-folder's own code and data (the package folder): a change to the code
    that was not given a new version still counts as another tool."""
    package = Path(__file__).resolve().parent
    hashed = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            hashed.update(path.relative_to(package).as_posix().encode() + b"\0")
            hashed.update(path.read_bytes())
    return hashed.hexdigest()


def _library(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def tool(options: Mapping[str, Any]) -> str:
    """What besides its inputs decides a build's bytes, as one hash: make-folder's version and
    code, the libraries' versions, the build's ``options`` (plain JSON data) and the source date
    the environment sets."""
    what = {
        "make-folder": __version__,
        "code": _code(),
        "libraries": {name: _library(name) for name in _LIBRARIES},
        "options": options,
        SOURCE_DATE_EPOCH: os.environ.get(SOURCE_DATE_EPOCH, "").strip(),
    }
    text = json.dumps(what, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One content file's last good build: what it read and wrote, and its fit table."""

    tool: str
    inputs: Mapping[str, str]  # path → SHA-256 of every file the build read
    outputs: Mapping[str, str]  # path → SHA-256 of every file it wrote
    slug: str  # with the language, what names the outputs
    language: str
    fit: str  # the fit table the build printed

    def current(self, tool: str) -> bool:
        """Whether a build by ``tool`` now would write what this entry's build wrote: the same
        tool, every input and every output still there and hashing the same."""
        return self.tool == tool and all(
            digest(Path(path)) == sha
            for files in (self.inputs, self.outputs)
            for path, sha in files.items()
        )


def _entry(data: dict[str, Any]) -> Entry:
    """An entry as the manifest's JSON holds it; TypeError when it is not one."""
    entry = Entry(**data)
    texts = [entry.tool, entry.slug, entry.language, entry.fit]
    for files in (entry.inputs, entry.outputs):
        if not isinstance(files, dict):
            raise TypeError("not a mapping of files")
        texts += [*files, *files.values()]
    if not all(isinstance(text, str) for text in texts):
        raise TypeError("not text")
    return entry


@dataclass
class Manifest:
    """The manifest of one output folder: an :class:`Entry` per content file (by its resolved
    path)."""

    folder: Path
    entries: dict[str, Entry] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.folder / MANIFEST

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """The folder's manifest; an empty one when there is none or it cannot be read."""
        manifest = cls(folder)
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            if data.get("format") == FORMAT:
                for key, entry in data["builds"].items():
                    manifest.entries[key] = _entry(entry)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            manifest.entries.clear()  # a cache that cannot be read is no cache
        return manifest

    @staticmethod
    def key(content: Path) -> str:
        return str(Path(content).resolve())

    def current(self, content: Path, tool: str) -> Entry | None:
        """``content``'s entry if its outputs are up to date for ``tool``, else None."""
        entry = self.entries.get(self.key(content))
        return entry if entry is not None and entry.current(tool) else None

    def record(
        self,
        content: Path,
        tool: str,
        inputs: Iterable[Path],
        outputs: Iterable[Path],
        *,
        slug: str,
        language: str,
        fit: str,
    ) -> None:
        """Remember a good build of ``content``; the files are hashed as they are now."""

        def hashes(paths: Iterable[Path]) -> dict[str, str]:
            found = {str(Path(p).resolve()): digest(Path(p)) for p in paths}
            return {path: sha for path, sha in found.items() if sha is not None}

        self.entries[self.key(content)] = Entry(
            tool, hashes(inputs), hashes(outputs), slug, language, fit
        )

    def dumps(self) -> bytes:
        data = {
            "format": FORMAT,
            "builds": {key: asdict(entry) for key, entry in sorted(self.entries.items())},
        }
        return (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()
