"""The per-user cache (layout/content/cache.py) and what is kept in it: the parsed hyphenation
dictionaries and the language tags langcodes found valid.

A cached value is used only for exactly the source it was derived from, is read back exactly as
it was derived, and a cache that is missing, corrupt, of another key or unwritable only costs
the time of deriving the value again.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyphen
import pytest

from layout import panels
from layout.content import cache, languages
from layout.content.languages import check_language
from layout.errors import ContentError

ROOT = Path(__file__).resolve().parent.parent
# Words with many break points, Norwegian and Hungarian (whose dictionary has nonstandard breaks
# such as "ssz" → "sz-sz", which pyphen holds as a DataInt with its change).
WORDS = {
    "nb": ["arbeidsmiljøet", "organisasjonen", "sykefravær", "trivselsarbeid", "medvirkning"],
    "hu": ["asszonnyal", "összeggel", "hosszabbítás", "kisebbség", "megszentségteleníthetetlen"],
    "de": ["Schifffahrt", "Donaudampfschiffahrt", "Zuckerbäckerei", "Bettuch"],
}


@pytest.fixture
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of the test's own, by $XDG_CACHE_HOME."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "make-folder"


def test_a_value_is_read_back_for_its_key_only(user_cache: Path) -> None:
    """This test ensures that a stored value comes back equal for an equal key, and not for a
    key of other values or other types (1 is not 1.0 is not True)."""
    value = {"a": (1, (2, 3)), "b": [None, 1.5, "ø"]}
    cache.store("entry", ("pkg", "1.0", 7), value)

    assert cache.load("entry", ("pkg", "1.0", 7)) == value
    assert cache.load("entry", ("pkg", "1.1", 7)) is None
    assert cache.load("entry", ("pkg", "1.0", 7.0)) is None
    assert cache.load("entry", ("pkg", "1.0", True)) is None
    assert cache.load("other", ("pkg", "1.0", 7)) is None
    assert [p.name for p in user_cache.iterdir()] == ["entry"]  # no temporary file left


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit of the value
        lambda data: b"\x00" * len(data),
        lambda data: b"not marshal at all",
    ],
    ids=["empty", "truncated", "bit-flip", "zeros", "garbage"],
)
def test_a_damaged_entry_is_no_entry(user_cache: Path, damage: Any) -> None:
    """This test ensures that an entry cut short, with a flipped bit or overwritten, is read as
    no entry at all (the checksum catches what marshal would take), never as a wrong value."""
    cache.store("entry", ("key",), {"value": tuple(range(100))})
    path = user_cache / "entry"
    path.write_bytes(damage(path.read_bytes()))

    assert cache.load("entry", ("key",)) is None


def test_an_unwritable_or_missing_cache_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that a cache folder that cannot be made (a file stands in its way) is
    silently not used, and that a relative $XDG_CACHE_HOME is ignored, as the XDG spec says."""
    blocker = tmp_path / "file"
    blocker.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))

    cache.store("entry", ("key",), [1, 2, 3])

    assert cache.load("entry", ("key",)) is None
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if sys.platform != "win32":  # there: %LOCALAPPDATA%
        assert cache.folder() == tmp_path / "home" / ".cache" / "make-folder"


def test_entry_names_are_plain_file_names(user_cache: Path) -> None:
    """This test ensures that an entry name cannot reach outside the cache folder."""
    with pytest.raises(ValueError):
        cache.store("../escape", ("key",), 1)


def _positions(dictionary: pyphen.Pyphen, words: list[str]) -> list[Any]:
    """Every break pyphen finds in ``words``, with a nonstandard break's change."""
    return [
        [(int(p), getattr(p, "data", None)) for p in dictionary.positions(word)]
        + [list(dictionary.iterate(word)), dictionary.inserted(word)]
        for word in words
    ]


def _forget(language: str) -> Path:
    """Make this process forget the parsed dictionary of ``language``."""
    path: Path = pyphen.LANGUAGES[pyphen.language_fallback(language)]
    pyphen.hdcache.pop(path, None)
    panels._dictionary.cache_clear()
    return path


@pytest.mark.parametrize("language", sorted(WORDS))
def test_a_cached_dictionary_hyphenates_as_the_parsed_one(user_cache: Path, language: str) -> None:
    """This test ensures that a dictionary read back from the cache holds exactly the patterns
    pyphen parses (nonstandard breaks included) and hyphenates every word as pyphen does."""
    path = _forget(language)
    panels._dictionary(language)  # parses and stores
    stored = [p.name for p in user_cache.iterdir()]
    _forget(language)
    cached = panels._dictionary(language)  # from the cache
    _forget(language)
    parsed = pyphen.HyphDict(path)
    fresh = pyphen.Pyphen(lang=language, left=3, right=3)  # parsed by pyphen, as ever

    assert stored == [f"pyphen-{pyphen.__version__}-{path.name}"]
    assert cached.hd is not fresh.hd and cached.hd.maxlen == parsed.maxlen
    assert cached.hd.patterns == parsed.patterns
    assert _changes(cached.hd) == _changes(parsed)
    assert _positions(cached, WORDS[language]) == _positions(fresh, WORDS[language])
    _forget(language)


def _changes(hyph_dict: pyphen.HyphDict) -> dict[str, list[Any]]:
    """The nonstandard breaks of every pattern (None for a plain value)."""
    return {
        pattern: [getattr(value, "data", None) for value in values]
        for pattern, (_, values) in hyph_dict.patterns.items()
    }


def test_a_damaged_dictionary_entry_is_parsed_again(user_cache: Path) -> None:
    """This test ensures that a cache entry that is not a dictionary's (of the right key and
    checksum, but written by something else) is parsed again and replaced."""
    path = _forget("nb")
    expected = pyphen.Pyphen(filename=path, left=3, right=3).inserted("arbeidsmiljøet")
    _forget("nb")
    entry = f"pyphen-{pyphen.__version__}-{path.name}"
    key = ("pyphen", pyphen.__version__, *(cache.file_key(path) or ()))
    cache.store(entry, key, ("not", "a", "dictionary"))

    dictionary = panels._dictionary("nb")

    assert dictionary.inserted("arbeidsmiljøet") == expected == "arbeids-mil-jøet"
    assert cache.load(entry, key) != ("not", "a", "dictionary")
    _forget("nb")


def test_a_known_language_is_checked_without_langcodes(user_cache: Path) -> None:
    """This test ensures that a tag langcodes found valid is remembered, so that a fresh process
    checks it without importing langcodes, while an unknown or invalid tag is still asked of
    langcodes and refused with the one message."""
    env = {**os.environ, "XDG_CACHE_HOME": str(user_cache.parent)}
    code = (
        "import sys\n"
        "from layout.content.languages import check_language\n"
        "check_language('nb', None)\n"
        "print('langcodes' in sys.modules)\n"
    )

    def imports_langcodes() -> bool:
        run = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        return run.stdout.strip() == "True"

    assert imports_langcodes()  # the first time: asked, and remembered
    assert not imports_langcodes()
    with pytest.raises(ContentError, match="'zz' is not a valid BCP 47 language tag"):
        check_language("zz", None)
    assert "zz" not in (cache.load(languages._VALID_TAGS, cache.package_key("langcodes")) or [])
