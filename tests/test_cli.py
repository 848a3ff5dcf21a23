"""The command line on good input: what ``make-folder build`` writes and prints, --out, --help
and --version."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from layout.manifest import MANIFEST
from make_folder import cli

ROOT = Path(__file__).resolve().parent.parent
CONTENT = (ROOT / "content.yaml").read_text(encoding="utf-8")

# The gate-8 panels in reading order with their number in the print file (the table).
FILL_TABLE = [
    "Side 7 (front-cover)",
    "Side 8 (door-left)",
    "Side 5 (door-right)",
    "Side 1 (inside-1)",
    "Side 2 (inside-2)",
    "Side 3 (inside-3)",
    "Side 4 (inside-4)",
    "Side 6 (back-cover)",
]


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    # CliRunner reports an uncaught exception as exit code 1: show it rather than the code.
    assert result.exception is None, result.exception
    return result


def outputs(folder: Path) -> list[str]:
    """The files a build wrote into ``folder``, by name, without the manifest (a cache)."""
    return sorted(name for name in os.listdir(folder) if name != MANIFEST)


def assert_pdfs(folder: Path, stem: str = "trivsel-nb") -> None:
    for kind in ("print", "reader"):
        data = (folder / f"{stem}-{kind}.pdf").read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def test_build_without_argument_uses_content_yaml_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that ``make-folder build`` in a folder with content.yaml writes the print
    and reader PDFs into output/ and prints how full each panel is, in reading order."""
    (tmp_path / "content.yaml").write_text(CONTENT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    result = invoke("build")

    assert result.exit_code == 0
    assert result.stderr == ""
    assert_pdfs(tmp_path / "output")
    assert outputs(tmp_path / "output") == [
        "trivsel-nb-job.json",
        "trivsel-nb-print.pdf",
        "trivsel-nb-reader.pdf",
    ]
    assert (tmp_path / "output" / MANIFEST).is_file()  # what the next build may keep
    lines = result.stdout.splitlines()
    assert lines[0] == "content.yaml (nb, gate-8): all 8 panels fit"
    assert lines[1].split() == [
        "Panel",
        "Fill",
        "Free/over",
        "Lines",
        "over",
        "Longest",
        "block",
        "Copyfit",
    ]
    pattern = r"  (Side \d \([a-z0-9-]+\)) +(\d+)% +(\d+\.\d) mm free +panels\.\S+ \(line \d+\), .*"
    rows = [re.fullmatch(pattern, line) for line in lines[2:10]]
    assert all(rows), lines
    assert [row[1] for row in rows if row] == FILL_TABLE
    assert all(0 < int(row[2]) <= 100 for row in rows if row)
    assert lines[10] == "  sheet: gate-8, 396 × 210 mm flat"
    assert lines[-5] == (
        "  preflight PDF/X-4: file, boxes, fonts, colour, pdfx, marks, text, panels — "
        "0 errors, 0 warnings"
    )
    assert lines[-3:] == [
        "  wrote output/trivsel-nb-print.pdf",
        "  wrote output/trivsel-nb-reader.pdf",
        "  wrote output/trivsel-nb-job.json",
    ]


def test_output_names_follow_slug_and_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that the PDFs are named from the content's slug and language, so the
    content.yaml of the current folder (not the shipped one) is what ``build`` reads."""
    text = CONTENT.replace("slug: trivsel\n", "slug: min-folder\n", 1)
    assert text != CONTENT
    (tmp_path / "content.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    result = invoke("build")

    assert result.exit_code == 0
    assert_pdfs(tmp_path / "output", "min-folder-nb")
    assert "  wrote output/min-folder-nb-print.pdf" in result.stdout.splitlines()


def test_build_without_content_here_builds_the_seed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that ``make-folder build`` in a folder without content.yaml builds the
    shipped seed leaflet into output/ there."""
    monkeypatch.chdir(tmp_path)

    result = invoke("build")

    assert result.exit_code == 0
    assert_pdfs(tmp_path / "output")


def test_out_option_writes_only_there(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures that ``--out DIR`` writes both PDFs into DIR, creating it (and its
    parents) if needed, and nothing into output/."""
    (tmp_path / "content.yaml").write_text(CONTENT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    result = invoke("build", "content.yaml", "--out", "proofs/nb")

    assert result.exit_code == 0
    assert_pdfs(tmp_path / "proofs" / "nb")
    assert sorted(os.listdir(tmp_path)) == ["content.yaml", "proofs"]
    assert f"  wrote {Path('proofs/nb/trivsel-nb-print.pdf')}" in result.stdout.splitlines()


def test_design_and_fonts_are_found_relative_to_their_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that the content's ``design:`` is read relative to the content file and
    the design's fonts relative to the design file, wherever the build is run from."""
    (tmp_path / "nb").mkdir()
    (tmp_path / "look").mkdir()
    text = CONTENT.replace("slug: trivsel\n", "slug: trivsel\ndesign: ../look/design.yaml\n", 1)
    (tmp_path / "nb" / "content.yaml").write_text(text, encoding="utf-8")
    design = (ROOT / "design.yaml").read_text(encoding="utf-8")
    (tmp_path / "look" / "design.yaml").write_text(design, encoding="utf-8")
    (tmp_path / "look" / "fonts").symlink_to(ROOT / "fonts", target_is_directory=True)
    monkeypatch.chdir(tmp_path)

    result = invoke("build", "nb/content.yaml")

    assert result.exit_code == 0, result.stderr
    assert_pdfs(tmp_path / "output")


def test_each_content_file_builds_on_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that with several content files a failing one is reported and writes
    nothing, while the others still build, and the exit code says that one failed."""
    (tmp_path / "bad.yaml").write_text(CONTENT.replace("fold: gate-8", "fold: gate8"), "utf-8")
    (tmp_path / "good.yaml").write_text(CONTENT.replace("slug: trivsel", "slug: good"), "utf-8")
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(cli, ["build", "bad.yaml", "good.yaml", "--preview"])

    assert result.exit_code == 1
    assert result.stderr.startswith("error: bad.yaml:") and "unknown fold" in result.stderr
    assert outputs(tmp_path / "output") == sorted(
        ["good-nb-print.pdf", "good-nb-reader.pdf", "good-nb-job.json"]
        + [f"good-nb-print-{n}.png" for n in (1, 2)]
        + [f"good-nb-reader-{n}.png" for n in range(1, 9)]
    )


def test_preview_blocked_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures that a preview that cannot be written (a folder where a PNG should go)
    is reported as one error line with exit code 1, not a traceback."""
    (tmp_path / "content.yaml").write_text(CONTENT, encoding="utf-8")
    (tmp_path / "output" / "trivsel-nb-print-1.png").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(cli, ["build", "--preview"])

    assert isinstance(result.exception, SystemExit) and result.exit_code == 1
    assert result.stderr.startswith("error: output/trivsel-nb-print-1.png: a folder stands")


def test_help_runs_as_a_script() -> None:
    """This test ensures that ``python make_folder.py --help`` works without installing and
    lists the build command."""
    process = subprocess.run(
        [sys.executable, str(ROOT / "make_folder.py"), "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert process.returncode == 0, process.stderr
    assert process.stdout.startswith("Usage: ")
    assert re.search(r"^\s+build\s+Build the print and reader PDFs", process.stdout, re.M)


def test_help_keeps_its_examples_and_names_the_translator_commands() -> None:
    """This test ensures that ``make-folder --help`` prints its example block a command a line,
    as written (not re-wrapped), with check, pseudo and xliff among them."""
    result = invoke("--help")

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    for example in (
        "make-folder build                       # content.yaml → output/",
        "make-folder check content.en.yaml       # a translation against its source",
        "make-folder pseudo content.yaml -o content.qps.yaml",
        "make-folder xliff export content.yaml --target-lang en -o trivsel-en.xlf",
        "make-folder xliff import trivsel-en.xlf -o content.en.yaml",
    ):
        assert f"      {example}" in lines, example
    assert "\\b" not in result.stdout and "\b" not in result.stdout


def test_build_help_shows_out_option() -> None:
    """This test ensures that ``build --help`` documents ``--out`` and its default."""
    result = invoke("build", "--help")

    assert result.exit_code == 0
    assert "--out DIRECTORY" in result.stdout
    assert "[default: output]" in result.stdout


def test_version_matches_the_project() -> None:
    """This test ensures that ``--version`` prints the version in pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

    result = invoke("--version")

    assert result.exit_code == 0
    assert result.stdout == f"make-folder, version {project['project']['version']}\n"


def test_folds_lists_every_registered_fold() -> None:
    """This test ensures that ``make-folder folds`` lists each fold of the registry with its
    title and JDF fold-catalogue id (the roll and letter folds' as read from the catalogue's
    page order: F8-6 and F6-5)."""
    from layout.folds import FOLDS

    lines = invoke("folds").output.splitlines()
    assert [line.split()[0] for line in lines] == list(FOLDS)
    assert "JDF F8-4" in lines[0] and "closed double gate" in lines[0]
    jdf = {line.split()[0]: line.split()[-1] for line in lines}
    assert jdf == {
        "gate-8": "F8-4",
        "roll-8": "F8-6",
        "accordion-8": "F8-3",
        "double-parallel-8": "F8-2",
        "cross-8": "F8-7",
        "letter-6": "F6-5",
        "z-6": "F6-2",
        "bifold-4": "F4-1",
    }


def test_folds_name_prints_both_sides_widths_and_instructions() -> None:
    """This test ensures that ``make-folder folds letter-6`` shows the A4 tri-fold of the
    Nordic practice (100/100/97 mm with the design's 3 mm step), both pages left to right with
    the tuck-in flap mirrored, the fold directions and how to fold it."""
    output = invoke("folds", "letter-6").output
    assert "flat 297 × 210 mm, compensation step 3 mm" in output
    outside, inside = output.split("page 2: inside")
    assert re.search(r"outside-1\s+│ back-cover\s+│ front-cover", outside)
    assert re.search(r"97 mm\s+│ 100 mm\s+│ 100 mm", outside)
    assert re.search(r"100 mm\s+│ 100 mm\s+│ 97 mm", inside)
    assert "mountain at 97 mm" in outside and "valley at 200 mm" in inside
    assert output.splitlines()[:2] == [
        "letter-6: 6-page letter fold (tri-fold, C-fold, Wickelfalz)",
        "JDF fold catalogue: F6-5",
    ]
    assert "how to fold: Inside up: fold the narrower flap (Side 3)" in output


def test_folds_marks_the_cross_folds_upside_down_panels() -> None:
    """This test ensures that the cross fold's panel map shows two rows a side, the outside's
    head row marked 180° and the horizontal fold."""
    output = invoke("folds", "cross-8", "--size", "105x148").output
    assert "flat 210 × 296 mm" in output
    outside = output.split("page 2: inside")[0]
    assert outside.count("· 180°") == 2
    assert "mountain at 148 mm from the foot" in outside


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("folds", "nope"), "unknown fold 'nope'; expected one of: accordion-8"),
        (("folds", "gate-8", "--size", "100"), "expected width x height in mm"),
    ],
)
def test_folds_refuses_bad_arguments(args: tuple[str, ...], message: str) -> None:
    """This test ensures that an unknown fold or a malformed size is one clear usage error."""
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 2
    assert message in result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    assert (
        CliRunner().invoke(cli, ["build", str(ROOT / "content.yaml"), "--out", str(out)]).exit_code
        == 0
    )
    return out


def test_verify_passes_a_built_print_pdf(built: Path) -> None:
    """This test ensures that ``make-folder verify`` on a print PDF make-folder wrote reports it
    clean — PDF/X-4, the seed's fold from its panel map, every check run — with exit code 0."""
    result = CliRunner().invoke(cli, ["verify", str(built / "trivsel-nb-print.pdf")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].endswith(": OK · PDF/X-4 · 2 pages · fold gate-8")
    assert "checked: file, boxes, fonts, colour, pdfx, marks, text, panels" in result.output


def test_verify_json_reports_a_wrong_fold_and_fails(built: Path) -> None:
    """This test ensures that ``verify --fold`` checks the file against that fold, that --json
    prints the findings as data, and that an error gives exit code 1."""
    result = CliRunner().invoke(
        cli, ["verify", str(built / "trivsel-nb-print.pdf"), "--fold", "roll-8", "--json"]
    )
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False and report["pdfx"] == "PDF/X-4"
    assert {"check": "panels", "severity": "error", "page": None}.items() <= report["findings"][
        0
    ].items()
    assert "'gate-8', not 'roll-8'" in report["findings"][0]["message"]


def test_verify_refuses_an_unknown_fold(built: Path) -> None:
    """This test ensures that a mistyped ``verify --fold`` is a usage error (exit code 2) naming
    the folds there are, not a report that the file failed."""
    result = CliRunner().invoke(
        cli, ["verify", str(built / "trivsel-nb-print.pdf"), "--fold", "gate8"]
    )
    assert result.exit_code == 2
    assert "'gate8' is not one of 'accordion-8', 'bifold-4', 'cross-8'" in result.output
    assert "NOT OK" not in result.output


@pytest.mark.parametrize("kind", ["missing", "not-a-pdf", "reader"])
def test_verify_reports_what_it_cannot_accept(built: Path, tmp_path: Path, kind: str) -> None:
    """This test ensures that a missing file, a file that is not a PDF, and a PDF that is not a
    print file (the reader PDF: no TrimBox, not PDF/X) are each reported with exit code 1 and
    no traceback."""
    path = {
        "missing": tmp_path / "nothing.pdf",
        "not-a-pdf": tmp_path / "notes.pdf",
        "reader": built / "trivsel-nb-reader.pdf",
    }[kind]
    if kind == "not-a-pdf":
        path.write_text("hello", encoding="utf-8")
    result = CliRunner().invoke(cli, ["verify", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    assert "NOT OK" in result.output
    expected = {"missing": "cannot read the file", "not-a-pdf": "file:", "reader": "no TrimBox"}
    assert expected[kind] in result.output


def _boxes(page: Any, name: str) -> list[float]:
    return [round(float(v), 3) for v in page[name]]


def test_build_options_override_the_design(tmp_path: Path) -> None:
    """This test ensures that the press options on the command line reach the print PDF: no
    marks makes the MediaBox the BleedBox, --pdfx x1a writes a PDF/X-1a file, --first inside
    puts the inside on page 1 and --back tumble draws it upside down (Side 1 at the right),
    --dummy writes the folding dummy, and the preflight still passes."""
    from pypdf import PdfReader

    out = tmp_path / "out"
    result = invoke(
        "build", str(ROOT / "content.yaml"), "--out", str(out), "--marks", "none",
        "--pdfx", "x1a", "--first", "inside", "--back", "tumble", "--dummy",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "preflight PDF/X-1a:2001" in result.output and "0 errors" in result.output
    data = (out / "trivsel-nb-print.pdf").read_bytes()
    assert data.startswith(b"%PDF-1.3")
    reader = PdfReader(out / "trivsel-nb-print.pdf")
    assert reader.metadata is not None
    assert reader.metadata["/GTS_PDFXConformance"] == "PDF/X-1a:2001"
    for page in reader.pages:
        assert _boxes(page, "/MediaBox") == _boxes(page, "/BleedBox")
    job = json.loads((out / "trivsel-nb-job.json").read_text(encoding="utf-8"))
    assert job["press"] == {"pdfx": "x1a", "first": "inside", "back": "tumble"}
    assert [(s["page"], s["side"]) for s in job["sides"]] == [(1, "inside"), (2, "outside")]
    numbers = [[p["number"] for p in side["panels"]] for side in job["sides"]]
    assert numbers == [[1, 2, 3, 4], [8, 7, 6, 5]]  # as printed, left to right; page 2 turned
    assert (out / "trivsel-nb-dummy.pdf").read_bytes().startswith(b"%PDF-")


def test_marks_can_be_chosen_one_by_one(tmp_path: Path) -> None:
    """This test ensures that --marks crop,slug keeps the page margin for the marks, and that
    an unknown mark name is a usage error naming the choices."""
    out = tmp_path / "out"
    result = invoke("build", str(ROOT / "content.yaml"), "--out", str(out), "--marks", "crop,slug")
    assert result.exit_code == 0, result.output
    job = json.loads((out / "trivsel-nb-job.json").read_text(encoding="utf-8"))
    on = {k for k, v in job["marks"].items() if v is True}
    assert on == {"crop", "slug"}
    bad = CliRunner().invoke(cli, ["build", "--marks", "crop,bleed"])
    assert bad.exit_code == 2
    assert "unknown mark 'bleed'; expected a comma list of crop, fold" in bad.output


def test_check_passes_the_english_translation() -> None:
    """This test ensures that ``make-folder check content.en.yaml`` compares it with the source
    it names and reports no problem, exit code 0."""
    result = CliRunner().invoke(cli, ["check", str(ROOT / "content.en.yaml")])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings: every panel and block present" in result.output


def test_check_lists_every_problem_and_fails(tmp_path: Path) -> None:
    """This test ensures that ``make-folder check`` lists a missing panel and an untranslated
    string together, each with its line, and exits 1."""
    text = (ROOT / "content.en.yaml").read_text(encoding="utf-8")
    start = text.index("  door-right:")
    text = text[:start] + text[text.index("  inside-1:") :]
    text = text.replace("    - heading: The team", "    - heading: Gruppe")
    (tmp_path / "content.xx.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["check", str(tmp_path / "content.xx.yaml"), "--source", str(ROOT / "content.yaml")]
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("error: ") and lines[0].endswith(
        ":12:1: panels: missing panel 'door-right' (" + str(ROOT / "content.yaml") + ":30); "
        "expected every panel of the source"
    )
    assert lines[1].startswith("warning: ") and (
        ":54:16: panels.inside-2[0].heading: possibly untranslated: 'Gruppe'" in lines[1]
    )
    assert lines[2].endswith(": 1 error, 1 warning: fix the errors before building")


def _overflowing(tmp_path: Path) -> Path:
    """The English leaflet with its right door's first paragraph seven times as long: past
    copyfit's limits."""
    text = (ROOT / "content.en.yaml").read_text(encoding="utf-8")
    text = text.replace("source: content.yaml", f"source: {ROOT / 'content.yaml'}")
    start = text.index("        Both stress and well-being")
    end = text.index("    - paragraph: >-\n        An open dialogue")
    text = text[:start] + text[start:end] * 7 + text[end:]
    path = tmp_path / "content.de.yaml"
    path.write_text(text.replace("language: en", "language: de"), encoding="utf-8")
    return path


def test_several_languages_build_with_a_summary_and_a_report(tmp_path: Path) -> None:
    """This test ensures that two languages and one that overflows build in one run: the good
    ones are written, the overflowing one is reported with its whole fit table, a summary table
    lists each file, --report writes every file's fit as JSON, and the exit code is 1."""
    long = _overflowing(tmp_path)
    out, report = tmp_path / "out", tmp_path / "fit.json"
    result = CliRunner().invoke(
        cli,
        ["build", str(ROOT / "content.yaml"), str(ROOT / "content.en.yaml"), str(long),
         "--out", str(out), "--report", str(report)],
    )  # fmt: skip
    assert result.exit_code == 1
    assert outputs(out) == [
        f"trivsel-{lang}-{kind}" for lang in ("en", "nb")
        for kind in ("job.json", "print.pdf", "reader.pdf")
    ]  # fmt: skip
    assert "Side 5 (door-right) does not fit: its text is" in result.stderr
    assert f"{long} (de, gate-8): 1 of 8 panels overflow" in result.stdout
    summary = result.stdout[result.stdout.index("3 files: 2 built, 1 failed") :].splitlines()
    assert [line.split()[:4] for line in summary[2:5]] == [
        [str(ROOT / "content.yaml"), "nb", "8/8", "3"],
        [str(ROOT / "content.en.yaml"), "en", "8/8", "3"],
        [str(long), "de", "7/8", "0"],
    ]
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [(leaflet["language"], leaflet["ok"]) for leaflet in data["leaflets"]] == [
        ("nb", True), ("en", True), ("de", False),
    ]  # fmt: skip
    door = next(p for p in data["leaflets"][2]["fit"]["panels"] if p["role"] == "door-right")
    assert door["fits"] is False and door["over_mm"] > 0 and door["lines_over"] > 0
    assert door["copyfit_at_limits"] is True
    assert data["version"] == 1 and data["leaflets"][2]["error"].startswith(f"{long}:")
    # The Problem column is the error's message, without its file, line and key path.
    problem = summary[4][summary[4].index("  0  ") + 5 :].strip()
    assert (
        problem.startswith("Side 5 (door-right) does not fit: its text is") and len(problem) == 70
    )


def test_a_quoted_glob_builds_every_match(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures that ``make-folder build 'content*.yaml'`` expands the pattern itself
    when the shell did not (Windows, or quoted), in sorted order."""
    (tmp_path / "content.yaml").write_text(CONTENT, encoding="utf-8")
    english = (ROOT / "content.en.yaml").read_text(encoding="utf-8")  # source: content.yaml
    (tmp_path / "content.en.yaml").write_text(english, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("build", "content*.yaml")
    assert result.exit_code == 0, result.output
    assert "2 files: 2 built, 0 failed" in result.stdout
    assert outputs(tmp_path / "output")[:2] == [
        "trivsel-en-job.json",
        "trivsel-en-print.pdf",
    ]


def test_pseudo_then_build_shows_the_fit(tmp_path: Path) -> None:
    """This test ensures that ``make-folder pseudo`` writes a content file that builds (here at
    twice the length, where a panel overflows and the fit report says which)."""
    out = tmp_path / "content.qps.yaml"
    result = invoke("pseudo", str(ROOT / "content.yaml"), "--expand", "2", "-o", str(out))
    assert result.exit_code == 0 and result.output == f"wrote {out}\n"
    built = CliRunner().invoke(cli, ["build", str(out), "--out", str(tmp_path / "o")])
    assert built.exit_code == 1
    assert f"{out} (qps, gate-8): " in built.stdout and " panels overflow" in built.stdout
    assert not (tmp_path / "o").exists()


def test_xliff_round_trip_on_the_command_line(tmp_path: Path) -> None:
    """This test ensures that ``xliff export`` (with each panel's fill) then ``xliff import`` of
    an untranslated file gives a content file that checks and builds, and that a file that is not
    XLIFF is one error line with exit code 1 that writes nothing."""
    xlf, back = tmp_path / "trivsel-en.xlf", tmp_path / "content.en.yaml"
    assert invoke("xliff", "export", str(ROOT / "content.yaml"), "--target-lang", "en",
                  "-o", str(xlf)).exit_code == 0  # fmt: skip
    exported = xlf.read_text(encoding="utf-8")
    assert exported.startswith("<?xml")
    assert exported.count('<note category="fill">') == exported.count("<unit ") - 1  # not title
    assert invoke("xliff", "import", str(xlf), "-o", str(back)).exit_code == 0
    checked = CliRunner().invoke(cli, ["check", str(back)])
    assert checked.exit_code == 0 and "0 errors" in checked.output
    built = invoke("build", str(back), "--out", str(tmp_path / "out"))
    assert built.exit_code == 0, built.output
    assert (tmp_path / "out" / "trivsel-en-print.pdf").is_file()
    imported = back.read_bytes()
    for output in (back, tmp_path / "content.de.yaml"):
        broken = CliRunner().invoke(
            cli, ["xliff", "import", str(ROOT / "README.md"), "-o", str(output)]
        )
        assert broken.exit_code == 1
        assert broken.stderr.startswith("error: ") and "malformed XML" in broken.stderr
    assert back.read_bytes() == imported
    assert not (tmp_path / "content.de.yaml").exists()


def test_an_output_never_replaces_its_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that pseudo, xliff export and xliff import refuse an output that is
    their own input, however it is spelled (the content file, the XLIFF file, or the content
    file the XLIFF file was exported from), with one error line and exit code 1, and leave the
    input as it was."""
    content, xlf = tmp_path / "content.yaml", tmp_path / "trivsel-en.xlf"
    content.write_text(CONTENT, encoding="utf-8")
    assert invoke("xliff", "export", str(content), "--target-lang", "en",
                  "-o", str(xlf)).exit_code == 0  # fmt: skip
    exported = xlf.read_bytes()
    monkeypatch.chdir(tmp_path)
    for args in (
        ["pseudo", str(content), "-o", str(content)],
        ["pseudo", str(content), "-o", "content.yaml"],  # the same file, relative
        ["xliff", "export", str(content), "--target-lang", "en", "-o", "content.yaml"],
        ["xliff", "import", str(xlf), "-o", "trivsel-en.xlf"],
        ["xliff", "import", str(xlf), "-o", "content.yaml"],
    ):
        result = CliRunner().invoke(cli, args)
        assert isinstance(result.exception, SystemExit) and result.exit_code == 1, args
        assert result.stdout == "" and len(result.stderr.splitlines()) == 1, args
        assert result.stderr.startswith("error: ") and "would replace that file" in result.stderr
    assert content.read_text(encoding="utf-8") == CONTENT
    assert xlf.read_bytes() == exported


def _line_column(path: Path, text: str) -> tuple[int, int]:
    """The 1-based line and column of the first ``text`` in the file."""
    content = path.read_text(encoding="utf-8")
    found = content.index(text)
    return content.count("\n", 0, found) + 1, found - content.rfind("\n", 0, found)


def test_check_lists_characters_no_font_has(tmp_path: Path) -> None:
    """This test ensures that ``make-folder check`` runs the build's glyph coverage too: an emoji
    and a CJK character no font of the design has are errors in the same report, each at its
    text's file:line:column and key path, and the exit code is 1."""
    text = (ROOT / "content.en.yaml").read_text(encoding="utf-8")
    text = text.replace("source: content.yaml", f"source: {ROOT / 'content.yaml'}")
    text = text.replace("    - heading: The team\n", "    - heading: The team 😀\n", 1)
    text = text.replace("        - Welcome new colleagues", "        - Welcome 新 colleagues", 1)
    path = tmp_path / "content.zh.yaml"
    path.write_text(text, encoding="utf-8")

    result = CliRunner().invoke(cli, ["check", str(path)])

    assert result.exit_code == 1
    team, welcome = _line_column(path, "The team 😀"), _line_column(path, "Welcome 新")
    fonts = "(NotoSans-Bold, then NotoSansSymbols2-Regular)"
    expected = "expected text the design's fonts can set, or a font that has it among the design's"
    assert result.output.splitlines() == [
        f"error: {path}:{team[0]}:{team[1]}: panels.inside-2[0].heading: Side 2 (inside-2): the "
        "character U+1F600 '😀' (GRINNING FACE) is in none of the fonts that may set heading "
        f"text {fonts}; {expected} fallbacks",
        f"error: {path}:{welcome[0]}:{welcome[1]}: panels.inside-2[1].bullets[5]: Side 2 "
        "(inside-2): the character U+65B0 '新' (CJK UNIFIED IDEOGRAPH-65B0) is in none of the "
        "fonts that may set bullet text (NotoSans-Regular, then NotoSansSymbols2-Regular); "
        f"{expected} fallbacks",
        f"{path} against {ROOT / 'content.yaml'}: 2 errors, 0 warnings: fix the errors before "
        "building",
    ]


def test_files_of_one_run_never_write_over_each_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that in a build of several files, a translation that kept the source's
    language code and a copy with the same slug and language are each refused at their
    language key, and the first file's outputs stay its own."""
    monkeypatch.chdir(tmp_path)
    Path("content.yaml").write_text(CONTENT, encoding="utf-8")
    german = CONTENT.replace("title: Kort og godt", "title: Kurz und gut", 1)
    Path("content.de.yaml").write_text(
        german.replace("slug: trivsel\n", "slug: trivsel\nsource: content.yaml\n", 1), "utf-8"
    )
    Path("copy.yaml").write_text(german, encoding="utf-8")

    result = CliRunner().invoke(cli, ["build", "content.yaml", "content.de.yaml", "copy.yaml"])

    assert result.exit_code == 1
    source = _line_column(Path("content.yaml"), "language: nb")[0]
    translation = _line_column(Path("content.de.yaml"), "language: nb")[0]
    assert result.stderr.splitlines() == [
        f"error: content.de.yaml:{translation}:11: language: language 'nb' is the source's "
        f"(content.yaml:{source}); expected the code of the language this file is in (with the "
        "source's slug too, it would write trivsel-nb-print.pdf over the source's)",
        f"error: copy.yaml:{source}:11: language: writes trivsel-nb-print.pdf, which "
        "content.yaml wrote in this run (same slug and language); expected its own language "
        "code, or another slug",
    ]
    assert "3 files: 1 built, 2 failed" in result.stdout
    job = json.loads(Path("output/trivsel-nb-job.json").read_text(encoding="utf-8"))
    assert job["title"].startswith("Kort og godt")


def test_a_warning_is_printed_once_as_a_warning(tmp_path: Path) -> None:
    """This test ensures that a build prints the check's warnings as one ``warning:`` line that
    names its file once, with the right plural for the others."""
    text = (ROOT / "content.en.yaml").read_text(encoding="utf-8")
    text = text.replace("source: content.yaml", f"source: {ROOT / 'content.yaml'}")
    text = text.replace("    - heading: The team\n", "    - heading: Gruppe\n", 1)
    text = text.replace("    - heading: Management\n", "    - heading: Ledelse\n", 1)
    path = tmp_path / "content.de.yaml"
    path.write_text(text, encoding="utf-8")

    result = invoke("build", str(path), "--out", str(tmp_path / "out"))

    assert result.exit_code == 0
    line, column = _line_column(path, "Gruppe")
    assert result.stderr == (
        f"warning: {path}:{line}:{column}: panels.inside-2[0].heading: possibly untranslated: "
        f"'Gruppe', as in the source ({ROOT / 'content.yaml'}:60) (and 1 more warning: "
        "make-folder check lists it)\n"
    )
