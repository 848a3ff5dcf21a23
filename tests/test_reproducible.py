"""Reproducible builds, tested with real processes: the same content gives the same bytes
whatever the hash seed, time zone, locale and working folder, and ``SOURCE_DATE_EPOCH`` sets the
dates written into the PDFs (and nothing else)."""

from __future__ import annotations

import locale
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from types import MappingProxyType

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, StreamObject

from layout.errors import FolderError
from layout.manifest import MANIFEST
from layout.pdf import INVARIANT_EPOCH, source_date_epoch

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content.yaml"
EPOCH = 1_764_158_400  # 2025-11-26T12:00:00Z
KINDS = ("print", "reader", "job", "dummy")
PDFS = ("print", "reader", "dummy")
NORWEGIAN = "nb_NO.UTF-8"


def _has_locale(name: str) -> bool:
    """Whether this machine has the locale ``name`` (a build under a missing one tests nothing)."""
    saved = locale.setlocale(locale.LC_ALL)
    try:
        locale.setlocale(locale.LC_ALL, name)
    except locale.Error:
        return False
    finally:
        locale.setlocale(locale.LC_ALL, saved)
    return True


@dataclass(frozen=True)
class Run:
    """One build: what it changes in the environment, and whether it runs from another folder."""

    env: Mapping[str, str] = field(default_factory=dict)
    elsewhere: bool = False


# The reference build: every other run differs from it in one respect (or two, for the epoch).
BASE = {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C"}
RUNS: Mapping[str, Run] = MappingProxyType(
    {
        "base": Run(),
        "seed-1": Run({"PYTHONHASHSEED": "1"}),
        "seed-random": Run({"PYTHONHASHSEED": "random"}),
        "tz-chatham": Run({"TZ": "Pacific/Chatham"}),  # +12:45 / +13:45
        "tz-st-johns": Run({"TZ": "America/St_Johns"}),  # -03:30 / -02:30
        "locale-c-utf8": Run({"LC_ALL": "C.UTF-8"}),
        **({"locale-nb": Run({"LC_ALL": NORWEGIAN})} if _has_locale(NORWEGIAN) else {}),
        "other-folder": Run(elsewhere=True),
        "epoch": Run({"SOURCE_DATE_EPOCH": str(EPOCH)}),
        "epoch-again": Run({"SOURCE_DATE_EPOCH": str(EPOCH)}, elsewhere=True),
        "epoch-chatham": Run({"SOURCE_DATE_EPOCH": str(EPOCH), "TZ": "Pacific/Chatham"}),
        "epoch-later": Run({"SOURCE_DATE_EPOCH": str(EPOCH + 86_400 + 3_661)}),
        # The other invalid values are refused by the same function (tested below, in-process).
        "bad-text": Run({"SOURCE_DATE_EPOCH": "abc"}),
    }
)


@dataclass(frozen=True)
class Built:
    """What one build process did: its exit code, its error output and the files it wrote."""

    returncode: int
    stderr: str
    files: Mapping[str, bytes]


def _build(name: str, run: Run, root: Path) -> Built:
    """Run ``make_folder.py build`` in a fresh process, with absolute paths only."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "LANG"))}
    env.pop("SOURCE_DATE_EPOCH", None)
    env.update(BASE)
    env.update(run.env)
    out = root / name / "out"
    cwd = root / name / ("elsewhere/deeper" if run.elsewhere else "here")
    cwd.mkdir(parents=True)
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "make_folder.py"),
            "build",
            str(CONTENT),
            "--out",
            str(out),
            "--dummy",
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # The manifest is a cache of this machine's paths, no output: it is not compared.
    found = out.iterdir() if out.exists() else ()
    files = {path.name: path.read_bytes() for path in found if path.name != MANIFEST}
    by_kind = {kind: data for kind in KINDS for n, data in files.items() if _is(n, kind)}
    assert len(by_kind) == len(files), f"{name}: unexpected files {sorted(files)}"
    return Built(done.returncode, done.stderr, by_kind)


def _is(name: str, kind: str) -> bool:
    return name.endswith(f"-{kind}.json" if kind == "job" else f"-{kind}.pdf")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Mapping[str, Built]:
    """Every run of :data:`RUNS`, built side by side (each build takes about a second)."""
    root = tmp_path_factory.mktemp("reproducible")
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {name: pool.submit(_build, name, run, root) for name, run in RUNS.items()}
        return {name: future.result() for name, future in futures.items()}


def _ok(builds: Mapping[str, Built], name: str) -> Mapping[str, bytes]:
    built = builds[name]
    assert built.returncode == 0, f"{name} failed:\n{built.stderr}"
    assert sorted(built.files) == sorted(KINDS)
    return built.files


VARIANTS = [name for name in RUNS if name != "base" and not name.startswith(("epoch", "bad"))]


@pytest.mark.parametrize("variant", VARIANTS)
def test_outputs_are_byte_identical_anywhere(builds: Mapping[str, Built], variant: str) -> None:
    """This test ensures that the print, reader, job and dummy outputs are byte-identical whatever
    the hash seed, time zone, locale and working folder of the build."""
    base, other = _ok(builds, "base"), _ok(builds, variant)
    for kind in KINDS:
        assert other[kind] == base[kind], f"{kind} differs under {variant}: {RUNS[variant]}"


def _info(data: bytes) -> DictionaryObject:
    info = PdfReader(BytesIO(data)).trailer["/Info"].get_object()
    assert isinstance(info, DictionaryObject)
    return info


def _info_dates(data: bytes) -> tuple[str, str]:
    info = _info(data)
    return str(info["/CreationDate"]), str(info["/ModDate"])


NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
}


def _xmp(data: bytes) -> ET.Element:
    metadata = PdfReader(BytesIO(data)).root_object["/Metadata"].get_object()
    assert isinstance(metadata, StreamObject)
    packet = ET.fromstring(metadata.get_data())
    description = packet.find(".//rdf:Description", NS)
    assert description is not None
    return description


@pytest.mark.parametrize(
    ("name", "pdf_date", "xmp_date"),
    [
        ("base", "D:20000101000000+00'00'", "2000-01-01T00:00:00Z"),
        ("epoch", "D:20251126120000+00'00'", "2025-11-26T12:00:00Z"),
        ("epoch-chatham", "D:20251126120000+00'00'", "2025-11-26T12:00:00Z"),
    ],
)
def test_source_date_epoch_sets_the_dates(
    builds: Mapping[str, Built], name: str, pdf_date: str, xmp_date: str
) -> None:
    """This test ensures that every PDF's Info dates and the print PDF's XMP dates are
    SOURCE_DATE_EPOCH in UTC, and 2000-01-01 without it."""
    files = _ok(builds, name)
    for kind in PDFS:
        assert _info_dates(files[kind]) == (pdf_date, pdf_date), kind
    description = _xmp(files["print"])
    for tag in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
        assert description.findtext(tag, namespaces=NS) == xmp_date, tag


def test_author_is_make_folder_in_info_and_xmp(builds: Mapping[str, Built]) -> None:
    """This test ensures that every PDF names make-folder as its author, not ReportLab's
    "anonymous", and that the print PDF's XMP dc:creator says the same."""
    files = _ok(builds, "base")
    for kind in PDFS:
        info = _info(files[kind])
        assert str(info["/Author"]) == "make-folder", kind
        assert "anonymous" not in (str(info.get("/Creator")), str(info.get("/Author"))), kind
    creator = _xmp(files["print"]).findtext("dc:creator/rdf:Seq/rdf:li", namespaces=NS)
    assert creator == "make-folder"


@pytest.mark.parametrize("variant", ["epoch-again", "epoch-chatham"])
def test_same_epoch_gives_the_same_bytes(builds: Mapping[str, Built], variant: str) -> None:
    """This test ensures that two builds with the same SOURCE_DATE_EPOCH are byte-identical, in
    another working folder and in time zones far from UTC."""
    first, other = _ok(builds, "epoch"), _ok(builds, variant)
    for kind in KINDS:
        assert other[kind] == first[kind], f"{kind} differs under {variant}: {RUNS[variant]}"


# What a source date may change: the dates (raw or as pypdf escapes them), the trailer /ID and
# the XMP ids, which are hashes of content that holds the dates.
_DATES_AND_IDS = re.compile(
    rb"\(D(?::|\\072)[0-9]{14}[^)]*\)"
    rb"|[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:Z|[+-][0-9]{2}:[0-9]{2})"
    rb"|/ID\s*\[\s*<[0-9a-fA-F]+>\s*<[0-9a-fA-F]+>\s*\]"
    rb"|uuid:[0-9a-f-]{36}"
)


def _spans(data: bytes) -> Iterator[bytes]:
    """``data`` cut at every date and id: the pieces a source date must leave alone."""
    start = 0
    for match in _DATES_AND_IDS.finditer(data):
        yield data[start : match.start()]
        start = match.end()
    yield data[start:]


def test_another_epoch_changes_only_dates_and_ids(builds: Mapping[str, Built]) -> None:
    """This test ensures that a different SOURCE_DATE_EPOCH changes the dates and the ids derived
    from them and not one other byte."""
    first, later = _ok(builds, "epoch"), _ok(builds, "epoch-later")
    assert later["job"] == first["job"]
    for kind in PDFS:
        assert later[kind] != first[kind], kind
        assert len(later[kind]) == len(first[kind]), kind  # same-length dates: same offsets
        assert list(_spans(later[kind])) == list(_spans(first[kind])), kind
    assert _info_dates(later["print"])[0] == "D:20251127130101+00'00'"


def test_invalid_epoch_is_one_error_line(builds: Mapping[str, Built]) -> None:
    """This test ensures that an invalid SOURCE_DATE_EPOCH fails the build with exit 1 and one
    error line naming the value and an example, and writes nothing."""
    built = builds["bad-text"]
    assert built.returncode == 1
    assert [line for line in built.stderr.splitlines() if line.strip()] == [
        "error: SOURCE_DATE_EPOCH='abc' is not a number of seconds since 1970; "
        "expected e.g. 1764158400"
    ]
    assert not built.files


@pytest.mark.parametrize(
    ("value", "epoch"),
    [
        (None, INVARIANT_EPOCH),
        ("", INVARIANT_EPOCH),
        ("0", 0),
        (" 1764158400\n", EPOCH),
        ("253402300799", 253_402_300_799),
    ],
)
def test_source_date_epoch_reads_whole_seconds(value: str | None, epoch: int) -> None:
    """This test ensures that SOURCE_DATE_EPOCH is read as whole seconds since 1970, and that an
    unset or empty one gives the fixed 2000-01-01."""
    environ = {} if value is None else {"SOURCE_DATE_EPOCH": value}
    assert source_date_epoch(environ) == epoch


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "1e9", "0x10", "253402300800", "١٢٣"])
def test_source_date_epoch_refuses_other_values(value: str) -> None:
    """This test ensures that a SOURCE_DATE_EPOCH that is not whole seconds between 1970 and the
    year 9999 is a FolderError that shows the value and an example."""
    with pytest.raises(FolderError, match=r"expected e\.g\. 1764158400") as raised:
        source_date_epoch({"SOURCE_DATE_EPOCH": value})
    assert f"SOURCE_DATE_EPOCH={value!r}" in str(raised.value)
