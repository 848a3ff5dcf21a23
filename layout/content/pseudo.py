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
can be checked in and diffed. It is never written over its own input.
"""

from __future__ import annotations

import copy
from pathlib import Path

from ..errors import ContentError, Location
from .languages import check_language
from .loader import load_content
from .texts import ADDRESS, set_at, translatable
from .yamlfile import dump_content, read_yaml, refuse_overwrite, relocate

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

    Raises :class:`ContentError` with file and line if ``path`` is not a valid content file or
    ``output`` is ``path`` itself, and without a location for an ``expand`` below 1 or above 3
    or a malformed ``language``.
    """
    if not 1.0 <= expand <= 3.0:
        raise ContentError(
            f"expansion {expand:g} is out of range; expected a factor from 1 (accents only) to 3"
        )
    check_language(language, None)
    if output is not None:
        refuse_overwrite(output, {path: "the content file it is made from"}, Location(path))
    load_content(path)  # every check the loader makes, with file:line, before anything else
    data = read_yaml(path).data
    # The pseudo file's source is the file it was made from, whatever that one's source is.
    pseudo = relocate(copy.deepcopy(data), path, (output or path).parent, language=language)
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
    for match in ADDRESS.finditer(text):
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
