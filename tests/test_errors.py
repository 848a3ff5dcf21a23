"""A user's mistake: one clear line on stderr, exit code 1, and nothing written.

Every case starts from the real ``content.yaml`` (and, for design mistakes, the real
``design.yaml``) with one small edit, so the table keeps testing the shipped files as they change.
The expected ``:line:column`` is computed from the edited text, never hard-coded.
"""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from layout.manifest import MANIFEST
from make_folder import cli

ROOT = Path(__file__).resolve().parent.parent
CONTENT = (ROOT / "content.yaml").read_text(encoding="utf-8")
DESIGN = (ROOT / "design.yaml").read_text(encoding="utf-8")
PDFS = ("trivsel-nb-print.pdf", "trivsel-nb-reader.pdf", "trivsel-nb-job.json")


def panel_text(role: str) -> str:
    """The lines of one panel in content.yaml, from its role key to the next role."""
    found = re.search(rf"^  {re.escape(role)}:.*?(?=^  \S|\Z)", CONTENT, re.M | re.S)
    assert found, f"content.yaml has no panel {role!r}"
    return found.group(0)


def line_of(text: str) -> int:
    """The 1-based line of content.yaml on which ``text`` first stands."""
    return CONTENT[: CONTENT.index(text)].count("\n") + 1


@dataclass(frozen=True)
class Edit:
    """Replace the first ``old`` by ``new`` (``old`` empty: append ``new`` at the end)."""

    old: str
    new: str
    at: str | None = None  # the message must point at the first `at` from the edit on

    def apply(self, text: str) -> tuple[str, str]:
        """The edited text and the ``:line:column`` the message must give ("" if none)."""
        start = text.find(self.old) if self.old else len(text)
        # A failed find means content.yaml changed under the case: say so, not "bad message".
        assert start >= 0, f"{self.old!r} is no longer in the file; update this case"
        edited = text[:start] + self.new + text[start + len(self.old) :]
        if self.at is None:
            return edited, ""
        found = edited.find(self.at, start)
        assert found >= 0, f"{self.at!r} is not in the edit"
        line = edited.count("\n", 0, found) + 1
        column = found - (edited.rfind("\n", 0, found) + 1) + 1
        return edited, f":{line}:{column}"


def whole(text: str, at: str | None = None) -> Edit:
    """Replace the whole content file by ``text``."""
    return Edit(CONTENT, text, at)


UNCHANGED = Edit("", "")
DESIGN_FILE = "look.yaml"  # the design a content file names, next to it
NAME_DESIGN = Edit("slug: trivsel\n", f"slug: trivsel\ndesign: {DESIGN_FILE}\n")
# From the design's "marks:" key to its front cover's slug label: an edit that spans both keeps
# the key the message points at inside the edit.
SLUG_SECTION = DESIGN[DESIGN.index("marks:") : DESIGN.index("front-cover: forside") + 20]
TOO_LONG = " ".join(["Ledere som lytter, skaper trivsel og forebygger stress."] * 30)


def overflow(role: str, paragraphs: int = 1) -> Edit:
    """Add long paragraphs to a panel; the edit starts at its role key, where the message points."""
    text = panel_text(role)
    return Edit(text, text + f"    - paragraph: {TOO_LONG}\n" * paragraphs, at=role)


@dataclass(frozen=True)
class Case:
    id: str
    content: Edit | None  # None: there is no content file
    code: int  # the exit code
    key: str  # the key path after "file:line:column: " ("" when none applies)
    expected: tuple[str, ...]  # more fragments of the message: what is wrong, what is expected
    design: Edit | None = None  # the content names look.yaml: design.yaml with this edit
    args: tuple[str, ...] = ()  # more command-line arguments
    encoding: str = "utf-8"  # how the content file is saved
    bug: str | None = None  # a known bug: the case is a strict xfail until it is fixed


CASES = [
    Case(
        "malformed-yaml-tab",
        Edit("slug: trivsel", "slug:\ttrivsel", at="\t"),
        1,
        "",
        ("malformed YAML", "'\\t'"),
    ),
    Case(
        "malformed-yaml-unclosed-quote",
        Edit("title: Kort", 'title: "Kort', at='"Kort'),
        1,
        "",
        ("malformed YAML", "expected the closing quote"),
    ),
    Case(
        "control-character",
        Edit("title: Kort og godt", "title: Kort\x07 og godt", at="\x07"),
        1,
        "",
        ("control character U+0007 in the text", "expected printable text"),
    ),
    Case(
        "saved-as-latin-1",
        # Windows-1252, the superset of Latin-1: content.yaml has en dashes, which Latin-1 lacks.
        # Without the opening comment, the first letter beyond ASCII is in the title, line 3.
        whole(CONTENT[CONTENT.index("slug:") :], at="å"),
        1,
        "",
        (
            "not UTF-8 text: byte 0xE5",
            "looks like Latin-1/Windows-1252 ('å' as 0xE5): save the file as UTF-8",
        ),
        encoding="cp1252",
    ),
    Case(
        "saved-as-utf-16",
        whole(CONTENT, at=CONTENT[0]),  # the byte-order mark
        1,
        "",
        ("not UTF-8 text: byte 0x", "looks like UTF-16: save the file as UTF-8"),
        encoding="utf-16",
    ),
    Case(
        "saved-as-utf-16-without-byte-order-mark",
        whole(CONTENT, at=CONTENT[0]),  # the NUL byte before '#'
        1,
        "",
        ("not UTF-8 text: byte 0x00", "looks like UTF-16: save the file as UTF-8"),
        encoding="utf-16-be",
    ),
    Case(
        "language-no-unquoted",
        Edit("language: nb", "language: no", at="no"),
        1,
        "language",
        ("expected text, got false", "put the value in quotes"),
    ),
    Case(
        "size-not-a-number",
        Edit("{width: 100, height: 210}", "{width: 100, height: .nan}", at=".nan"),
        1,
        "finished_size.height",
        ("nan is not a number", "expected a number"),
    ),
    Case(
        "unknown-key-with-a-line-break",
        Edit("slug: trivsel\n", 'slug: trivsel\n"line\\nbreak": 1\n', at='"line'),
        1,
        "line\\nbreak",
        ("unknown key 'line\\nbreak'", "expected one of: slug"),
    ),
    Case(
        "unknown-top-level-key",
        Edit("slug: trivsel\n", "slug: trivsel\nauthor: Idébanken\n", at="author"),
        1,
        "author",
        ("unknown key 'author'", "expected one of: slug, language, title"),
    ),
    Case(
        "unknown-key-in-block",
        Edit(
            "      subheading: – hvordan bidrar du til trivsel?\n",
            "      subheading: – hvordan bidrar du til trivsel?\n      colour: red\n",
            at="colour",
        ),
        1,
        "panels.inside-1[0].colour",
        ("unknown key 'colour'", "expected one of: heading, subheading"),
    ),
    Case(
        "unknown-block-kind",
        Edit("    - kicker: Kort og godt om", "    - quote: Kort og godt om", at="quote"),
        1,
        "panels.front-cover[0].quote",
        ("unknown block 'quote'", "expected one of: kicker, title", "paragraph, bullets"),
    ),
    Case(
        "block-without-kind",
        Edit("    - kicker: Kort og godt om", "    - Kort og godt om", at="Kort og godt om"),
        1,
        "panels.front-cover[0]",
        ("expected", "kicker"),
    ),
    Case(
        "block-with-two-kinds",
        Edit(
            "    - kicker: Kort og godt om\n",
            "    - kicker: Kort og godt om\n      title: Trivsel\n",
            at="title",
        ),
        1,
        "panels.front-cover[0].title",
        ("found kicker and title", "expected a new list item"),
    ),
    Case(
        "number-for-text",
        Edit("    - kicker: Kort og godt om", "    - kicker: 2024", at="2024"),
        1,
        "panels.front-cover[0].kicker",
        ("expected text", "got the number 2024"),
    ),
    Case(
        "number-for-bullet",
        Edit(
            "- Kommuniserer klart og tydelig slik at medarbeiderne har klare mål å jobbe etter",
            "- 42",
            at="42",
        ),
        1,
        "panels.inside-3[1].bullets[2]",
        ("expected text", "got the number 42"),
    ),
    Case(
        "text-for-bullet-list",
        Edit(
            "    - bullets:\n        - Bygger gode sosiale relasjoner i gruppen\n",
            "    - bullets: Bygger gode sosiale relasjoner i gruppen\n    - bullets:\n",
            at="Bygger",
        ),
        1,
        "panels.inside-2[1].bullets",
        ("expected a list", "got text"),
    ),
    Case(
        "colon-space-in-bullet",
        Edit(
            "        - Bygger gode sosiale relasjoner i gruppen",
            "        - Merk: Bygger gode sosiale relasjoner i gruppen",
            at="Merk",
        ),
        1,
        "panels.inside-2[1].bullets[0]",
        (
            "expected text, got a mapping",
            "': ' starts a key in YAML: put the text in quotes, or write it as a block (>-)",
        ),
    ),
    Case(
        "first-bullet-indented-less",
        # YAML reads the items indented deeper than the first as more lines of its text.
        Edit(
            "    - bullets:\n        - Bygger gode sosiale relasjoner i gruppen\n        - Er",
            "    - bullets:\n      - Bygger gode sosiale relasjoner i gruppen\n        - Er",
            at="- Er",
        ),
        1,
        "panels.inside-2[1].bullets[0]",
        (
            "a line starting with '- ' was read as part of the text above it",
            "expected it indented like the other items (a new list item) or the text in quotes",
        ),
    ),
    Case(
        "missing-panel",
        Edit(panel_text("front-cover"), "", at="door-left"),
        1,
        "panels",
        ("missing front-cover", "the gate-8 fold expects exactly: front-cover, door-left"),
    ),
    Case(
        "extra-panel-of-no-fold",
        Edit("", "  inside-5:\n    - paragraph: Hei\n", at="inside-5"),
        1,
        "panels.inside-5",
        ("extra inside-5", "the gate-8 fold expects exactly:", "inside-4"),
    ),
    Case(
        "panel-given-twice",
        Edit("", "  inside-1:\n    - paragraph: Hei\n", at="inside-1"),
        1,
        "panels.inside-1",
        ("duplicate key 'inside-1'", f"first given on line {line_of('  inside-1:')}"),
    ),
    Case(
        "duplicate-key",
        Edit("language: nb\n", "language: nb\nlanguage: en\n", at="language: en"),
        1,
        "language",
        ("duplicate key 'language'", f"line {line_of('language: nb')}", "expected each key once"),
    ),
    Case(
        "empty-text",
        Edit("    - kicker: Kort og godt om", '    - kicker: ""', at='""'),
        1,
        "panels.front-cover[0].kicker",
        ("empty text", "expected some words"),
    ),
    Case(
        "whitespace-only-text",
        Edit(
            "        - Sørger for å slappe av og være fysisk aktiv",
            '        - "   "',
            at='"   "',
        ),
        1,
        "panels.inside-1[1].bullets[2]",
        ("empty text", "expected some words"),
    ),
    Case(
        "missing-slug",
        Edit("slug: trivsel\n", "", at="language"),
        1,
        "",
        ("missing key 'slug'", "expected the file-name stem"),
    ),
    Case(
        "slug-not-a-file-name",
        Edit("slug: trivsel", "slug: Trivsel på jobben", at="Trivsel på"),
        1,
        "slug",
        ("'Trivsel på jobben'", "expected the file-name stem", "a-z, 0-9 and '-'"),
    ),
    Case(
        "unknown-fold",
        Edit("fold: gate-8", "fold: z-fold", at="z-fold"),
        1,
        "fold",
        ("unknown fold 'z-fold'", "expected one of: accordion-8, bifold-4, cross-8"),
    ),
    Case(
        "negative-width",
        Edit("width: 100", "width: -100", at="-100"),
        1,
        "finished_size.width",
        ("-100 is out of range", "expected more than 20 mm"),
    ),
    Case(
        "zero-height",
        Edit("height: 210", "height: 0", at="0}"),
        1,
        "finished_size.height",
        ("0 is out of range", "expected more than 20 mm"),
    ),
    Case("missing-content-file", None, 1, "", ("file not found",)),
    Case(
        "missing-design-file",
        Edit("slug: trivsel\n", "slug: trivsel\ndesign: ingen.yaml\n", at="ingen.yaml"),
        1,
        "design",
        ("design file ingen.yaml not found", "expected a path relative to content.yaml"),
    ),
    Case(
        "missing-font-file",
        NAME_DESIGN,
        1,
        "fonts.bold",
        ("font file", "NotoSans-Heavy.ttf not found", "expected a TrueType (.ttf) file"),
        design=Edit("fonts/NotoSans-Bold.ttf", "fonts/NotoSans-Heavy.ttf", at="fonts/"),
    ),
    Case(
        "unknown-colour",
        NAME_DESIGN,
        1,
        "styles.kicker.colour",
        ("unknown colour 'purple'", "expected one of: ink, petrol"),
        design=Edit("colour: orange, after: 6", "colour: purple, after: 6", at="purple"),
    ),
    Case(
        "overflow",
        overflow("inside-3"),
        1,
        "panels.inside-3",
        ("Side 3 (inside-3) does not fit", " mm too tall", " lines of ", "shorten the text"),
    ),
    Case("empty-file", whole("", at=""), 1, "", ("expected a mapping of keys", "got nothing")),
    Case(
        "list-not-mapping",
        whole("- slug: trivsel\n- fold: gate-8\n", at="-"),
        1,
        "",
        ("expected a mapping of keys", "got a list"),
    ),
    Case(
        "object-constructing-tag",
        # Were the tag obeyed, a file "pwned" would appear: the test checks that none does.
        whole('!!python/object/apply:os.system ["touch pwned"]\n', at="!!"),
        1,
        "",
        ("malformed YAML", "python/object/apply:os.system"),
    ),
    Case(
        "recursive-alias",
        Edit("slug: trivsel", "slug: &loop [*loop]", at="&loop"),
        1,
        "slug[0]",
        ("recursive alias", "expected plain values"),
    ),
    Case(
        "word-wider-than-frame",
        Edit(
            "- Sørger for å slappe av og være fysisk aktiv",
            "- Sørger for å slappe av og være " + "Q" * 60,
            at="Sørger",
        ),
        1,
        "panels.inside-1[1].bullets[2]",
        ("Side 1 (inside-1): the word 'QQQ", "mm wide, wider than the", "expected a shorter word"),
    ),
    Case(
        "frame-too-small",
        Edit("{width: 100, height: 210}", "{width: 25, height: 210}", at="front-cover"),
        1,
        "panels.front-cover",
        ("Side 7 (front-cover) leaves a text frame of 13.0 × 194.0 mm", "expected at least 15"),
    ),
    Case(
        "character-not-in-font",
        Edit("title: Kort og godt om", "title: ☃ Kort og godt om", at="☃"),
        1,
        "title",
        ("U+2603 '☃' is not in the font NotoSans-Regular", "expected text the design's fonts"),
    ),
    Case(
        "slug-label-too-long",
        NAME_DESIGN,
        1,
        "marks",
        ("the slug over front-cover", "mm long, with room for", "or marks.slug: false"),
        design=Edit(
            SLUG_SECTION,
            SLUG_SECTION.replace("front-cover: forside", "front-cover: " + "omslag " * 12),
            at="marks",
        ),
    ),
    Case(
        "margin-too-small-for-slug",
        NAME_DESIGN,
        1,
        "marks",
        ("the job slug needs 12.8 mm beyond the trim", "expected marks.margin of at least"),
        design=Edit(
            DESIGN[DESIGN.index("marks:") : DESIGN.index("margin: 15") + len("margin: 15")],
            DESIGN[DESIGN.index("marks:") : DESIGN.index("margin: 15")] + "margin: 11",
            at="marks",
        ),
    ),
    Case(
        "unknown-bullet-font",
        NAME_DESIGN,
        1,
        "bullet.font",
        ("unknown font 'nope'", "expected one of: regular, bold"),
        design=Edit("font: symbols, colour: orange", "font: nope, colour: orange", at="nope"),
    ),
    Case(
        "bullet-glyph-not-in-font",
        NAME_DESIGN,
        1,
        "bullet.glyph",
        ("U+014B 'ŋ' is not in the font NotoSansSymbols2-Regular",),
        design=Edit('glyph: "■"', 'glyph: "ŋ"', at='"ŋ"'),
    ),
    Case("unknown-option", UNCHANGED, 2, "", ("No such option",), args=("--colour", "red")),
    Case("out-is-a-file", UNCHANGED, 2, "", ("is a file",), args=("--out", "content.yaml")),
]


def params(cases: list[Case]) -> list[object]:
    return [
        pytest.param(
            case,
            id=case.id,
            marks=[pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else [],
        )
        for case in cases
    ]


def write_input(case: Case, folder: Path) -> tuple[str, str]:
    """Write the case's files into ``folder``; return (file the message names, ":line:column")."""
    where = ""
    if case.content is not None:
        text, where = case.content.apply(CONTENT)
        (folder / "content.yaml").write_text(text, encoding=case.encoding)
    if case.design is None:
        return "content.yaml", where
    design, where = case.design.apply(DESIGN)
    (folder / DESIGN_FILE).write_text(design, encoding="utf-8")
    # The design's font paths are relative to it: lend it the real fonts.
    (folder / "fonts").symlink_to(ROOT / "fonts", target_is_directory=True)
    return DESIGN_FILE, where


def run(folder: Path, *args: str) -> Result:
    """``make-folder build content.yaml ARGS`` in ``folder``, in process."""
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(cli, ["build", "content.yaml", *args])
    finally:
        os.chdir(cwd)


def assert_user_error(result: Result) -> str:
    """Exit 1 and exactly one line on stderr, "error: …", no traceback; return that line."""
    # CliRunner turns an uncaught exception into exit code 1 too: only SystemExit is a report.
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


@pytest.mark.parametrize("case", params(CASES))
def test_mistake_is_one_clear_message(case: Case, tmp_path: Path) -> None:
    """This test ensures that each kind of bad input or usage stops the build with its exit code
    and one message naming the file, line and column, key path, what is wrong and what is
    expected, and that nothing at all is written."""
    file, where = write_input(case, tmp_path)
    before = sorted(os.listdir(tmp_path))

    result = run(tmp_path, *case.args)

    if case.id == "overflow":  # the fit report of every panel follows on stdout
        assert result.stdout.startswith("content.yaml (nb, gate-8): 1 of 8 panels overflow\n")
    else:
        assert result.stdout == ""
    if case.code == 1:
        message = assert_user_error(result)
        prefix = f"error: {file}{where}: " + (f"{case.key}: " if case.key else "")
        assert message.startswith(prefix), f"expected {prefix!r}…, got {message!r}"
    else:
        assert isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code == case.code
        assert "Usage:" in result.stderr
        message = result.stderr
    for fragment in case.expected:
        assert fragment in message, message
    # No output folder, no temporary file, nothing made by an obeyed YAML tag.
    assert sorted(os.listdir(tmp_path)) == before


@pytest.fixture(scope="module")
def good_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The PDFs of the unedited content.yaml, built once."""
    folder = tmp_path_factory.mktemp("good")
    (folder / "content.yaml").write_text(CONTENT, encoding="utf-8")
    result = run(folder, "--out", "out")
    assert result.exit_code == 0, result.output
    return {name: (folder / "out" / name).read_bytes() for name in PDFS}


def put_earlier_build(folder: Path, pdfs: dict[str, bytes]) -> Path:
    out = folder / "out"
    out.mkdir()
    for name, data in pdfs.items():
        (out / name).write_bytes(data)
    return out


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file in ``out`` (hidden ``.*.part`` files included) and its bytes, but the
    manifest of incremental builds (a cache that a good build writes beside its outputs)."""
    return {path.name: path.read_bytes() for path in sorted(out.iterdir()) if path.name != MANIFEST}


BY_ID = {case.id: case for case in CASES}
KEEPS_EARLIER = [
    BY_ID[name]
    for name in (
        "malformed-yaml-tab",
        "unknown-block-kind",
        "empty-text",
        "missing-font-file",
        "overflow",
    )
]


@pytest.mark.parametrize("case", params(KEEPS_EARLIER))
def test_failed_build_keeps_earlier_pdfs(
    case: Case, tmp_path: Path, good_pdfs: dict[str, bytes]
) -> None:
    """This test ensures that a failing build into a folder holding an earlier good build leaves
    those PDFs byte for byte as they were and adds no file, partial or temporary."""
    out = put_earlier_build(tmp_path, good_pdfs)
    write_input(case, tmp_path)

    assert_user_error(run(tmp_path, "--out", "out"))

    assert snapshot(out) == good_pdfs


def test_disk_full_while_writing_keeps_earlier_pdfs(
    tmp_path: Path, good_pdfs: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that when writing fails half-way (the disk fills up while the second
    PDF is written), both earlier PDFs stay as they were and no partial file is left."""
    out = put_earlier_build(tmp_path, good_pdfs)
    # A new title, so that this build's PDFs differ from the earlier ones.
    text, _ = Edit("title: Kort og godt", "title: Mer om").apply(CONTENT)
    (tmp_path / "content.yaml").write_text(text, encoding="utf-8")
    real_fsync, calls = os.fsync, []

    def fsync_until_disk_full(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the first PDF is on disk, the second is not
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", fsync_until_disk_full)
        message = assert_user_error(run(tmp_path, "--out", "out"))

    assert "No space left on device" in message
    assert snapshot(out) == good_pdfs
    # The premise: with room on the disk, this build does replace the earlier PDFs.
    assert run(tmp_path, "--out", "out").exit_code == 0
    rebuilt = snapshot(out)
    assert rebuilt.keys() == good_pdfs.keys()
    assert all(rebuilt[name] != good_pdfs[name] for name in PDFS)


def test_real_process_exits_1_without_traceback(tmp_path: Path) -> None:
    """This test ensures that ``python make_folder.py build bad.yaml`` on bad input really exits
    with 1 and prints one "error:" line and no Python traceback."""
    text, where = Edit("    - kicker: Kort og godt om", "    - kicker: 2024", at="2024").apply(
        CONTENT
    )
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")

    process = subprocess.run(
        [sys.executable, str(ROOT / "make_folder.py"), "build", "bad.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert process.returncode == 1
    assert "Traceback" not in process.stderr
    assert process.stderr.splitlines() == [
        f"error: bad.yaml{where}: panels.front-cover[0].kicker: expected text, got the number 2024"
    ]
    assert process.stdout == ""
    assert sorted(os.listdir(tmp_path)) == ["bad.yaml"]


def test_overflow_says_how_much(tmp_path: Path) -> None:
    """This test ensures that the overflow message gives an amount in mm and a line count that
    agree with each other and grow with the text."""
    amounts = []
    for paragraphs in (1, 3):
        text, _ = overflow("front-cover", paragraphs).apply(CONTENT)
        (tmp_path / "content.yaml").write_text(text, encoding="utf-8")
        message = assert_user_error(run(tmp_path))
        assert "Side 7 (front-cover) does not fit" in message
        found = re.search(r"([\d.]+) mm too tall .*\(about (\d+) lines of ([\d.]+) pt", message)
        assert found, message
        over_mm, lines, leading_pt = float(found[1]), int(found[2]), float(found[3])
        leading_mm = leading_pt * 25.4 / 72
        # "About N lines": N lines of body text make up the overflow, N - 1 do not.
        assert (lines - 1) * leading_mm < over_mm <= lines * leading_mm + 0.1
        amounts.append(over_mm)
    assert 0 < amounts[0] < amounts[1]
