"""Files shipped with make-folder: the default content, the default design and the fonts.

In a source checkout they stand at the top of the repository; an installed wheel carries the same
files in ``layout/_data`` (see ``pyproject.toml``). One lookup serves both.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGED = Path(__file__).resolve().parent / "_data"
_CHECKOUT = Path(__file__).resolve().parent.parent


def resource(name: str) -> Path:
    """The shipped file ``name`` (``design.yaml``, ``content.yaml``, ``fonts/…``)."""
    packaged = _PACKAGED / name
    return packaged if packaged.exists() else _CHECKOUT / name


DEFAULT_DESIGN = "design.yaml"
DEFAULT_CONTENT = "content.yaml"
