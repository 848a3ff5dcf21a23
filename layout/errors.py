"""The one user-facing error family.

Every mistake a user can make (bad YAML, an unknown key, a missing font, a panel whose text does
not fit) is raised as a :class:`FolderError` that knows *where* the problem is. Only the CLI turns
it into a message and an exit code; library callers can catch it and read ``location``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Location:
    """Where in a user's file a problem sits: ``content.yaml:42:7: panels.inside-3[2]``."""

    file: Path | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    key_path: str = ""

    def __str__(self) -> str:
        parts = []
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            parts.append(where)
        if self.key_path:
            parts.append(self.key_path)
        return ": ".join(parts)


class FolderError(Exception):
    """A user's mistake, reported as ``location: what is wrong; what is expected``."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is None or not str(self.location):
            return self.message
        return f"{self.location}: {self.message}"

    def __reduce__(self) -> tuple[Any, ...]:
        # A parallel build sends errors from its worker processes: pickled as they are, with
        # whatever a subclass adds (an Overflow's report), which Exception's default loses.
        return _rebuilt, (type(self), self.args, self.__dict__)


def _rebuilt(kind: type[FolderError], args: tuple[Any, ...], state: dict[str, Any]) -> FolderError:
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error


class ContentError(FolderError):
    """The content or design document is malformed or incomplete."""


class FitError(FolderError):
    """A panel's text does not fit in its frame."""


class FontError(FolderError):
    """A font file is missing, unreadable or lacks a glyph."""


class VerifyError(FolderError):
    """The output failed the preflight make-folder runs on it: a bug to report, nothing written."""
