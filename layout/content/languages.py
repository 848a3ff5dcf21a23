"""Language tags: the one check of a BCP 47 tag, wherever one comes from.

A content file's ``language:`` (the loader), the language a pseudo-translation is written in and
the target language of an XLIFF file (from the command line, or an XLIFF file's ``trgLang``) are
all checked here, with one message.

Whether a tag's subtags are registered is langcodes' answer. Importing langcodes (its registry
data) costs a fresh process more than the rest of loading a content file, and a user builds in
the same few languages again and again: the tags langcodes found valid are kept in the user's
cache (:mod:`layout.content.cache`), keyed by langcodes' installed files, so that a build in a
known language does not import it. Any other tag, and every invalid one, is asked of langcodes.
"""

from __future__ import annotations

import re

from ..errors import ContentError, Location
from .cache import load, package_key, store
from .schema import content_schema

# The shape of a tag, as the content schema has it: language, then subtags.
_SHAPE = re.compile(content_schema()["properties"]["language"]["pattern"])
# The cache entry of tags langcodes found valid, and how many it keeps (the latest found).
_VALID_TAGS = "langcodes-valid-tags"
_KEEP = 100
_known: set[str] = set()  # found valid in this process


def check_language(tag: str, location: Location | None) -> None:
    """Refuse ``tag`` unless it is a valid BCP 47 language tag, shaped as the content schema
    wants it (``nb``, ``en-GB``) and made of registered subtags (not ``zz``, ``en-1234``).

    Raises :class:`ContentError` at ``location`` (``None``: a value from the command line).
    """
    # The schema checks only the shape of a tag: "zz" or "en-1234" look right but name nothing.
    if not _SHAPE.fullmatch(tag) or not _registered(tag):
        raise ContentError(
            f"{tag!r} is not a valid BCP 47 language tag; expected a registered language code "
            "such as 'nb', 'nn', 'en', 'de' or 'se', optionally with a region ('nb-NO')",
            location,
        )


def _registered(tag: str) -> bool:
    """Whether langcodes finds every subtag of ``tag`` registered (``tag_is_valid``): from this
    process's or the user's cache if this very langcodes said so before, else asked of it."""
    if tag in _known:
        return True
    key = package_key("langcodes")
    stored = load(_VALID_TAGS, key) if key is not None else None
    cached = [t for t in stored if type(t) is str] if type(stored) is list else []
    if tag in cached:
        _known.add(tag)
        return True
    import langcodes  # only for a tag not known valid: see the module's docstring

    if not langcodes.tag_is_valid(tag):
        return False
    _known.add(tag)
    if key is not None:
        store(_VALID_TAGS, key, [*(t for t in cached if t != tag), tag][-_KEEP:])
    return True
