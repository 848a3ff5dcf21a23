"""Which strings of a content file a translator translates, and where each stands.

One walk over the content, shared by everything that touches a translation: ``make-folder check``
(text left as in the source), the pseudo-translation (every text accented and padded) and the
XLIFF round trip (a unit per text). Each text is named by its key path, the path
:class:`~layout.content.yamlfile.YamlDocument` locates values by::

    for path, text in translatable(data):   # ("panels", "inside-1", 1, "bullets", 2), "…"
        set_at(copy, path, pseudo_text(text))

Web and mail addresses inside a text are not language either (:data:`ADDRESS`): the
pseudo-translation keeps them as written and ``check`` does not call a text made only of them
untranslated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from .yamlfile import KeyPath

# The parts of a publication block, each a text of its own.
PUBLICATION_PARTS = ("title", "subtitle", "description")

# Web and mail addresses in running text: the same in every language, and an altered address
# would not work. (A url block is never a text at all.)
ADDRESS = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.IGNORECASE,
)


def translatable(data: Mapping[str, Any]) -> Iterator[tuple[KeyPath, str]]:
    """Every text a translator translates, by key path, in reading order of the file.

    The document ``title``, then per panel and block: ``kicker``, ``title``, ``lead``,
    ``paragraph``, ``heading`` and its ``subheading``, each item of ``bullets`` and a
    ``publication``'s ``title``, ``subtitle`` and ``description``. A ``url`` block is not language
    and is left out, as are the settings. ``data`` is a content file as YAML reads it
    (validated); paths look like ``("panels", "inside-1", 1, "bullets", 2)``.
    """
    yield ("title",), data["title"]
    for role, blocks in data["panels"].items():
        for index, block in enumerate(blocks):
            at: KeyPath = ("panels", role, index)
            for kind, value in block.items():
                if kind == "bullets":
                    for item, text in enumerate(value):
                        yield (*at, kind, item), text
                elif kind == "publication":
                    for part in PUBLICATION_PARTS:
                        yield (*at, kind, part), value[part]
                elif kind != "url":
                    yield (*at, kind), value


def get_at(data: Any, path: KeyPath) -> Any:
    """The value at ``path`` in nested mappings and lists; :class:`LookupError` (a
    :class:`KeyError` or :class:`IndexError`) where there is none."""
    for key in path:
        data = data[key]
    return data


def set_at(data: Any, path: KeyPath, value: Any) -> None:
    """Replace the value at ``path`` in nested mappings and lists, in place."""
    *parents, last = path
    get_at(data, tuple(parents))[last] = value


def has_words(text: str) -> bool:
    """Whether ``text`` has words to translate: a letter outside any web or mail address."""
    return any(char.isalpha() for char in ADDRESS.sub("", text))
