"""Pseudo-translation: test a design for a longer language before any translator starts.

``pseudo_translate(Path("content.yaml"), expand=1.35)`` returns the text of a content file in the
pseudo-locale ``qps`` that validates like any translation: the same panels and blocks, every
translatable text turned into accented look-alikes, wrapped in brackets and padded with extra
pseudo-words to about ``expand`` times its length::

    Kort og godt om trivsel  →  [Ķöŕţ öĝ ĝöďţ öṁ ţŕíṽšéĺ öñé ţ]

Build it like a translation (``make-folder build content.qps.yaml``) and the fit report shows which
panels would overflow in a language that runs 35 % longer. The brackets show text that was cut
or set outside its frame; an unaccented word in the PDF is text that does not come from the
content file (a label in the design, say).

What is kept as it is: URLs (``url`` blocks and web or mail addresses inside a text), every soft
hyphen (U+00AD, a break point) and no-break space (U+00A0) at its place in the word, digits and
punctuation, and every setting (``slug``, ``fold``, ``finished_size``, ``design``). ``source:``
names the input, so ``make-folder check`` compares the two.

The result is deterministic (no randomness): the same input gives the same bytes, so a pseudo file
can be checked in and diffed.

This module also holds what the XLIFF round trip shares with it: :func:`translatable` (which texts
a translator translates, by key path) and :func:`dump_content` (content data → readable YAML).
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import langcodes
import yaml

from ..errors import ContentError
from ..folds import FOLDS
from .loader import load_content
from .schema import content_schema
from .yamlfile import KeyPath, read_yaml

# A private-use language subtag (qaa–qtz), the one Windows names its pseudo-locales with.
PSEUDO_LANGUAGE = "qps"

# Each ASCII letter → an accented look-alike that Noto Sans (regular, bold and italic) draws, and
# whose capital it draws too (kickers are set in capitals). Latin-1, Latin Extended-A and
# Latin Extended Additional only: the test checks every one against the shipped fonts.
ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áḃçďéḟĝĥíĵķĺṁñöþǫŕšţüṽŵẋýžÅḂÇĎÉḞĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)

# Padding words, accented like the text: a reader sees at once that they are filler.
_PADDING = "one two three four five six seven eight nine ten".translate(ACCENTS).split()

# Web and mail addresses inside running text stay as they are: they are not language, and an
# accented address would not work. (A url block is never touched at all.)
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

_LANGUAGE = re.compile(content_schema()["properties"]["language"]["pattern"])


def pseudo_translate(
    path: Path,
    expand: float = 1.35,
    language: str = PSEUDO_LANGUAGE,
    *,
    output: Path | None = None,
) -> str:
    """The pseudo-translation of the content file ``path``, as the text of a content file.

    ``expand`` is how much longer each text becomes (1.35: 35 % longer, brackets and padding
    included; 1.0: accents and brackets only). ``language`` is the code written as
    ``language:``: by default ``qps``, the private-use language subtag Windows reserves for
    pseudo-locales (its own name ``qps-ploc`` is no valid BCP 47 tag, which the loader refuses).
    ``output`` is where the result will be written (default: beside ``path``); the ``source:``
    and ``design:`` paths are made relative to its folder, as the loader reads them.

    Raises :class:`ContentError` with file and line if ``path`` is not a valid content file, and
    without a location for an ``expand`` below 1 or above 3 or a malformed ``language``.
    """
    if not 1.0 <= expand <= 3.0:
        raise ContentError(
            f"expansion {expand:g} is out of range; expected a factor from 1 (accents only) to 3"
        )
    if not _LANGUAGE.fullmatch(language) or not langcodes.tag_is_valid(language):
        raise ContentError(
            f"language {language!r} is not valid here; expected a BCP 47 code such as "
            f"'{PSEUDO_LANGUAGE}'"
        )
    load_content(path)  # every check the loader makes, with file:line, before anything else
    data = read_yaml(path).data
    out_dir = (output or path).parent
    pseudo: dict[str, Any] = {}
    for key, value in copy.deepcopy(data).items():
        if key == "source":
            continue  # the pseudo file's source is the file it was made from, set below
        pseudo[key] = value
        if key == "language":
            pseudo["language"] = language
            pseudo["source"] = relative(path, out_dir)
    if "design" in pseudo:
        pseudo["design"] = relative(path.parent / pseudo["design"], out_dir)
    for key_path, text in translatable(data):
        set_at(pseudo, key_path, pseudo_text(text, expand))
    header = (
        f"make-folder pseudo-translation of {path.name} ({language}, text × {expand:g}): "
        "accented, bracketed and padded to test the design for a longer language. Not a "
        "translation: never print it."
    )
    return dump_content(pseudo, header)


def pseudo_text(text: str, expand: float = 1.35) -> str:
    """One text pseudo-translated: ``"Gode råd til hvordan"`` → ``"[Ĝöďé ŕåď ţíĺ ĥṽöŕďáñ öñé]"``.

    Letters become accented look-alikes one for one, so every soft hyphen and no-break space stays
    at its place in the word; addresses stay as they are. The result is ``expand`` times as long
    as ``text`` (brackets included), but never shorter than the text and its two brackets.
    """
    pieces = []
    last = 0
    for match in _ADDRESS.finditer(text):
        pieces.append(text[last : match.start()].translate(ACCENTS))
        pieces.append(match.group())
        last = match.end()
    pieces.append(text[last:].translate(ACCENTS))
    body = "".join(pieces)
    room = round(len(text) * expand) - len(text) - 2
    padding = ""
    index = 0
    while len(padding) < room:
        padding += " " + _PADDING[index % len(_PADDING)]
        index += 1
    # Cut the last word to land on the length; never end on the space before it.
    return f"[{body}{padding[:room].rstrip()}]"


# --- shared with the XLIFF round trip ---------------------------------------------------------


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
                    for part in ("title", "subtitle", "description"):
                        yield (*at, kind, part), value[part]
                elif kind != "url":
                    yield (*at, kind), value


def set_at(data: Any, path: KeyPath, value: Any) -> None:
    """Replace the value at ``path`` in nested mappings and lists, in place."""
    *parents, last = path
    for key in parents:
        data = data[key]
    data[last] = value


def relative(path: Path, folder: Path) -> str:
    """``path`` as a content file names it from ``folder`` (``../content.yaml``), with ``/``."""
    if path.is_absolute() != folder.is_absolute():
        path, folder = path.absolute(), folder.absolute()
    return Path(os.path.relpath(path, folder)).as_posix()


class _Flow(dict[str, Any]):
    """A mapping written on one line: ``finished_size: {width: 100, height: 210}``."""


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, with list items indented under their key as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # A long text as a folded block (">-"), wrapped at the dumper's width: readable and easy to
    # edit. YAML joins the lines back with single spaces, which is what the loader does anyway.
    style = ">" if len(text) > 60 and text == text.strip() and "\n" not in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_flow(dumper: yaml.SafeDumper, mapping: _Flow) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", mapping, flow_style=True)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(_Flow, _represent_flow)


def dump_content(data: Mapping[str, Any], header: str) -> str:
    """Content data (as :func:`yaml.safe_load` gives it) as the text of a readable content file.

    ``header`` becomes the opening comment, wrapped at 100 columns. Keys keep their order; long
    texts become folded blocks; each panel's key says in a comment where it prints
    (``inside-1:  # Side 1``). Loading the text gives ``data`` back exactly.
    """
    data = dict(data)
    if isinstance(data.get("finished_size"), Mapping):
        data["finished_size"] = _Flow(data["finished_size"])
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=84,
        default_flow_style=False,
    )
    fold = FOLDS.get(data.get("fold", ""))
    if fold is not None:
        for role in data.get("panels", {}):
            if role in fold.roles:
                line = f"\n  {role}:\n"
                note = f"\n  {role}:{' ' * max(1, 18 - len(role))}# {fold.side_label(role)}\n"
                body = body.replace(line, note, 1)
    comment = "".join(f"# {line}\n" for line in _wrap(header, 98))
    return comment + body


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
