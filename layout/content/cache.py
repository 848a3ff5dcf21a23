"""A per-user cache of data that make-folder derives from installed packages, kept on disk so
that a fresh process need not derive it again (a hyphenation dictionary parsed, say).

Each entry is one file in the user's cache folder (``$XDG_CACHE_HOME/make-folder``, else
``~/.cache/make-folder``; on Windows ``%LOCALAPPDATA%\\make-folder``), holding its format, its
*key*, its value and the value's SHA-256 in :mod:`marshal` form: plain data only (numbers, text,
tuples, lists, dicts), never pickle, which could run code. The key names everything the value
was derived from (a package's version, a file's path, size and modification time), so a value
is used only for exactly the source it was made from; another source makes another value.

The cache is never a source of truth: an entry that is missing, unreadable, corrupt, of another
format or another key is ignored (the caller derives the value again), and a folder that cannot
be written is no error. Entries are written atomically (a temporary file, then renamed), so a
reader never sees half of one, and two processes that write the same entry at once both leave a
whole one.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

APP = "make-folder"
# Bump when the layout of any entry changes: older entries are then ignored and rewritten.
FORMAT = 1
# marshal's version 4 is Python 3.4's and later's: any interpreter this runs on reads it.
_MARSHAL_VERSION = 4
# The largest entry read (a parsed hyphenation dictionary is under 1 MB): a bigger file in the
# cache folder is no entry of ours, and is not read into memory.
MAX_ENTRY = 64 * 1024 * 1024
# An entry name is a file name of the cache folder: plain letters, digits, dots and dashes.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def folder() -> Path | None:
    """The user's cache folder for make-folder, or None if there is no home to put it in.

    ``$XDG_CACHE_HOME`` counts only as an absolute path, as the XDG specification says."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / APP
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA", "")
        if local and os.path.isabs(local):
            return Path(local) / APP
    try:
        return Path.home() / ".cache" / APP
    except (RuntimeError, KeyError, OSError):  # no home folder (a bare service account)
        return None


def _entry(name: str) -> Path | None:
    if not _NAME.fullmatch(name):
        raise ValueError(f"not a cache entry name: {name!r}")
    base = folder()
    return None if base is None else base / name


def load(name: str, key: Any) -> Any | None:
    """The value stored under ``name`` for exactly ``key``; None if there is none (or it cannot
    be read, is corrupt, or was stored for another key or format)."""
    path = _entry(name)
    if path is None:
        return None
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_ENTRY + 1)
        if len(raw) > MAX_ENTRY:
            return None
        entry = marshal.loads(raw)
        if not (isinstance(entry, tuple) and len(entry) == 4):
            return None
        stored_format, stored_key, digest, payload = entry
        if not (_same(stored_format, FORMAT) and _same(stored_key, key)):
            return None
        if not isinstance(payload, bytes) or hashlib.sha256(payload).digest() != digest:
            return None  # a damaged file (a disk error, an interrupted copy): never half-used
        return marshal.loads(payload)
    except Exception:  # missing, unreadable or corrupt (marshal raises several kinds): no entry
        return None


def _same(one: Any, other: Any) -> bool:
    """Whether two keys are equal and of the same types throughout: 1 == 1.0 == True, but a key
    of another type is another key."""
    if type(one) is not type(other):
        return False
    if type(one) in (tuple, list):
        return len(one) == len(other) and all(map(_same, one, other))
    return bool(one == other)


def store(name: str, key: Any, value: Any) -> None:
    """Keep ``value`` under ``name`` for ``key`` (both plain data that :mod:`marshal` writes).

    Best effort: a cache folder that cannot be made or written is silently left alone."""
    path = _entry(name)
    if path is None:
        return
    try:
        payload = marshal.dumps(value, _MARSHAL_VERSION)
        digest = hashlib.sha256(payload).digest()
        data = marshal.dumps((FORMAT, key, digest, payload), _MARSHAL_VERSION)
    except ValueError:  # not plain data: nothing that could be read back as it was
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass


def file_key(path: Path) -> tuple[str, int, int] | None:
    """What identifies a file's contents cheaply: its resolved path, size and modification time
    (ns); None if it cannot be found."""
    try:
        resolved = path.resolve()
        stat = resolved.stat()
    except OSError:
        return None
    return str(resolved), stat.st_size, stat.st_mtime_ns


def package_key(name: str) -> tuple[str, tuple[tuple[str, int, int], ...]] | None:
    """What identifies the installed code of the package ``name`` cheaply, without importing
    it: its folder, and the name, size and modification time of each of its Python files (an
    upgrade or a reinstall writes them anew). None if it cannot be found."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None or not spec.submodule_search_locations:
        return None
    folder = Path(spec.origin).parent
    try:
        files = tuple(
            sorted(
                (entry.name, stat.st_size, stat.st_mtime_ns)
                for entry in os.scandir(folder)
                if entry.name.endswith(".py") and entry.is_file()
                for stat in (entry.stat(),)
            )
        )
    except OSError:
        return None
    return str(folder), files
