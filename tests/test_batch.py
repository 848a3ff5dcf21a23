"""Parallel batch builds (``-j``) and incremental builds (the output folder's manifest)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from layout.batch import build_files
from layout.build import Options
from layout.manifest import MANIFEST, Manifest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = (ROOT / "content.yaml").read_text(encoding="utf-8")
ENGLISH = (ROOT / "content.en.yaml").read_text(encoding="utf-8")


def project(folder: Path) -> Path:
    """A project of its own: content.yaml, its English translation, a Danish and a Swedish copy
    (a language each), a file that fails (an unknown fold), and its own design and fonts, so
    that each input can be changed."""
    folder.mkdir()
    (folder / "content.yaml").write_text(CONTENT + "design: design.yaml\n", encoding="utf-8")
    (folder / "content.en.yaml").write_text(ENGLISH + "design: design.yaml\n", encoding="utf-8")
    for language in ("da", "sv"):
        text = CONTENT.replace("language: nb", f"language: {language}")
        (folder / f"content.{language}.yaml").write_text(text, encoding="utf-8")
    bad = CONTENT.replace("fold: gate-8", "fold: gate8").replace("language: nb", "language: de")
    (folder / "content.de.yaml").write_text(bad, encoding="utf-8")
    shutil.copy(ROOT / "design.yaml", folder / "design.yaml")
    shutil.copytree(ROOT / "fonts", folder / "fonts")
    return folder


def make_folder(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "make_folder.py"), *args],
        cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != MANIFEST}


FILES = ["content.yaml", "content.de.yaml", "content.en.yaml", "content.da.yaml", "content.sv.yaml"]


def test_parallel_build_writes_the_same_bytes_and_reports_as_a_serial_one(tmp_path: Path) -> None:
    """This test ensures that ``-j 2`` (worker processes) and ``-j 1`` (one process) write the
    same files, byte for byte, and print the same reports in the same order, a failing file
    among them."""
    here = project(tmp_path / "p")
    serial = make_folder("build", *FILES, "--out", "serial", "-j", "1", cwd=here)
    parallel = make_folder("build", *FILES, "--out", "parallel", "-j", "2", cwd=here)

    assert serial.returncode == parallel.returncode == 1  # content.de.yaml fails
    assert "5 files: 4 built, 0 failed" not in serial.stdout
    assert "5 files: 4 built, 1 failed" in serial.stdout
    assert parallel.stdout.replace("parallel/", "serial/") == serial.stdout
    assert parallel.stderr == serial.stderr and "unknown fold" in serial.stderr
    written = files(here / "serial")
    assert len(written) == 12  # four languages × print, reader, job
    assert files(here / "parallel") == written


def test_parallel_build_refuses_a_clash_of_outputs_as_a_serial_one(tmp_path: Path) -> None:
    """This test ensures that two files that would write the same outputs (the same slug and
    language) are refused in the order given, however many workers build them."""
    here = project(tmp_path / "p")
    (here / "copy.yaml").write_text(CONTENT, encoding="utf-8")  # nb again
    for jobs in ("1", "2"):
        built = make_folder(
            "build", "content.yaml", "copy.yaml", "--out", jobs, "-j", jobs, cwd=here
        )
        assert built.returncode == 1
        assert built.stderr.startswith("error: copy.yaml:")
        assert "writes trivsel-nb-print.pdf, which content.yaml wrote in this run" in built.stderr


def test_an_unchanged_file_is_kept_and_force_builds_it(tmp_path: Path) -> None:
    """This test ensures that a second build of unchanged files writes nothing (the outputs keep
    their inodes and times), says "up to date" with the fit table, and that --force writes."""
    here = project(tmp_path / "p")
    first = make_folder("build", "content.yaml", "content.en.yaml", cwd=here)
    assert first.returncode == 0, first.stderr
    before = {p.name: os.stat(p) for p in (here / "output").iterdir()}

    again = make_folder("build", "content.yaml", "content.en.yaml", cwd=here)

    assert again.returncode == 0, again.stderr
    assert "2 files: 0 built, 2 up to date, 0 failed" in again.stdout
    assert again.stdout.count("  up to date: nothing it reads has changed") == 2
    assert "content.yaml (nb, gate-8): all 8 panels fit" in again.stdout  # the fit, as last time
    assert "  kept output/trivsel-en-print.pdf" in again.stdout and "wrote" not in again.stdout
    for path in (here / "output").glob("trivsel-*"):
        now = os.stat(path)
        assert (now.st_ino, now.st_mtime_ns) == (
            before[path.name].st_ino,
            before[path.name].st_mtime_ns,
        )

    forced = make_folder("build", "content.yaml", "content.en.yaml", "--force", cwd=here)
    assert "2 files: 2 built, 0 failed" in forced.stdout
    assert (
        os.stat(here / "output" / "trivsel-nb-print.pdf").st_ino
        != before["trivsel-nb-print.pdf"].st_ino
    )


FONT = "fonts/NotoSans-Italic.ttf"
CHANGES = {
    "content": lambda here: _edit(here / "content.en.yaml", "Well-being", "Wellbeing"),
    # A comment: the source is read all the same.
    "source": lambda here: _edit(here / "content.yaml", "# ", "#  "),
    "design": lambda here: _edit(here / "design.yaml", "# ", "#  "),
    "font": lambda here: shutil.copy(here / "fonts/NotoSans-Bold.ttf", here / FONT),
    "output deleted": lambda here: (here / "output/trivsel-en-reader.pdf").unlink(),
    "output edited": lambda here: _edit(here / "output/trivsel-en-job.json", "{", "{ "),
}  # fmt: skip


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_to_any_input_or_output_builds_again(tmp_path: Path, change: str) -> None:
    """This test ensures that the English translation is built again when anything it read
    changed (itself, its source, the design, a font) or an output of it is gone or edited;
    the untouched Danish copy (another design: the bundled one) stays up to date where its
    inputs did not change."""
    here = project(tmp_path / "p")
    out = here / "output"
    built = list(build_files([here / "content.en.yaml", here / "content.da.yaml"], out))
    assert [b.error for b in built] == [None, None]
    CHANGES[change](here)

    again = list(build_files([here / "content.en.yaml", here / "content.da.yaml"], out))

    english, danish = again
    assert english.error is None and english.kept is None and english.made is not None
    assert danish.kept is not None  # content.da.yaml reads the bundled design and fonts
    assert (out / "trivsel-en-reader.pdf").is_file()


@pytest.mark.parametrize(
    ("options", "env"),
    [
        (Options(marks=frozenset()), {}),
        (Options(pdfx="x1a"), {}),
        (Options(dummy=True), {}),
        (Options(), {"SOURCE_DATE_EPOCH": "1764158400"}),
    ],
)
def test_other_options_or_source_date_build_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: Options, env: dict[str, str]
) -> None:
    """This test ensures that the options and SOURCE_DATE_EPOCH, which change the bytes, are part
    of what an up-to-date output must match."""
    here = project(tmp_path / "p")
    [first] = build_files([here / "content.yaml"], here / "out")
    assert first.made is not None
    [same] = build_files([here / "content.yaml"], here / "out")
    assert same.kept is not None
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    [other] = build_files([here / "content.yaml"], here / "out", options)
    assert other.made is not None and other.kept is None


def test_a_kept_file_still_claims_its_outputs(tmp_path: Path) -> None:
    """This test ensures that a file kept up to date counts as having written its outputs: a
    later file of the run with the same slug and language is refused, as without a manifest."""
    here = project(tmp_path / "p")
    (here / "copy.yaml").write_text(CONTENT + "design: design.yaml\n", encoding="utf-8")
    list(build_files([here / "content.yaml"], here / "out"))

    kept, copy = build_files([here / "content.yaml", here / "copy.yaml"], here / "out")

    assert kept.kept is not None
    assert (
        copy.error is not None
        and "which" in str(copy.error)
        and "wrote in this run" in str(copy.error)
    )


@pytest.mark.parametrize(
    "manifest",
    ["", "{", "[]", '{"format": 1, "builds": {"x": 1}}', '{"format": 1, "builds": {"x": {}}}',
     '{"format": 99, "builds": {}}', '{"format": 1, "builds": {"/c": {"tool": 1, "inputs": [], '
     '"outputs": {}, "slug": "s", "language": "nb", "fit": ""}}}'],
)  # fmt: skip
def test_an_unreadable_manifest_only_builds_again(tmp_path: Path, manifest: str) -> None:
    """This test ensures that a manifest that is broken, of another format or edited by hand
    never fails a build: the file is built again, and a good manifest replaces it."""
    here = project(tmp_path / "p")
    out = here / "out"
    list(build_files([here / "content.yaml"], out))
    (out / MANIFEST).write_text(manifest, encoding="utf-8")
    assert Manifest.load(out).entries == {}

    [built] = build_files([here / "content.yaml"], out)

    assert built.error is None and built.made is not None
    assert json.loads((out / MANIFEST).read_text(encoding="utf-8"))["format"] == 1
    assert Manifest.load(out).current(
        here / "content.yaml", next(iter(Manifest.load(out).entries.values())).tool
    )


def test_a_failed_build_keeps_the_last_good_outputs_and_builds_when_fixed(tmp_path: Path) -> None:
    """This test ensures that a file that fails after a good build leaves the good outputs and
    is built (not kept) once it is fixed back."""
    here = project(tmp_path / "p")
    out = here / "out"
    list(build_files([here / "content.yaml"], out))
    good = (out / "trivsel-nb-print.pdf").read_bytes()
    text = (here / "content.yaml").read_text(encoding="utf-8")
    (here / "content.yaml").write_text(text.replace("fold: gate-8", "fold: gate8"), "utf-8")
    [failed] = build_files([here / "content.yaml"], out)
    assert failed.error is not None
    assert (out / "trivsel-nb-print.pdf").read_bytes() == good
    (here / "content.yaml").write_text(text, encoding="utf-8")
    [fixed] = build_files([here / "content.yaml"], out)
    assert fixed.error is None and fixed.kept is not None  # the same inputs as the good build


def test_a_batch_keeps_few_hyphenation_dictionaries(tmp_path: Path) -> None:
    """This test ensures that a process building many languages keeps at most
    DICTIONARIES_KEPT hyphenation dictionaries (pyphen's own cache included), and that a
    language built again after others hyphenates as it did."""
    import pyphen

    from layout.panels import DICTIONARIES_KEPT

    here = project(tmp_path / "p")
    paths = [here / f"content.{lang}.yaml" for lang in ("da", "sv", "en")] + [here / "content.yaml"]
    first = list(build_files(paths, here / "a", jobs=1))
    assert all(b.error is None for b in first)
    assert len(pyphen.hdcache) <= DICTIONARIES_KEPT
    [again] = build_files([here / "content.da.yaml"], here / "b", jobs=1)
    assert again.made is not None and first[0].made is not None
    assert dict(again.made.files)["print"] == dict(first[0].made.files)["print"]
