"""Language tags: the one check of a BCP 47 tag, wherever one comes from.

A content file's ``language:`` (the loader), the language a pseudo-translation is written in and
the target language of an XLIFF file (from the command line, or an XLIFF file's ``trgLang``) are
all checked here, with one message.
"""

from __future__ import annotations

import re

import langcodes

from ..errors import ContentError, Location
from .schema import content_schema

# The shape of a tag, as the content schema has it: language, then subtags.
_SHAPE = re.compile(content_schema()["properties"]["language"]["pattern"])


def check_language(tag: str, location: Location | None) -> None:
    """Refuse ``tag`` unless it is a valid BCP 47 language tag, shaped as the content schema
    wants it (``nb``, ``en-GB``) and made of registered subtags (not ``zz``, ``en-1234``).

    Raises :class:`ContentError` at ``location`` (``None``: a value from the command line).
    """
    # The schema checks only the shape of a tag: "zz" or "en-1234" look right but name nothing.
    if not _SHAPE.fullmatch(tag) or not langcodes.tag_is_valid(tag):
        raise ContentError(
            f"{tag!r} is not a valid BCP 47 language tag; expected a registered language code "
            "such as 'nb', 'nn', 'en', 'de' or 'se', optionally with a region ('nb-NO')",
            location,
        )
