"""Atomic outputs with real processes: a build killed or interrupted at any point, or two builds
into one folder at once, never leave a partial file (issue 6, item 3).

Every build here is a real ``python`` process running the command line (``make-folder build A
--out DIR``). To stop one at an exact step, the process runs through :data:`CHILD`, which wraps
``os.fdopen`` and ``os.replace`` in that process only: each output is written in two halves with
a pause between, and the process says ``PAUSE`` at the step asked for and waits there for the
test's signal. Other processes are stopped after a range of delays instead, covering the build.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ("trivsel-nb-print.pdf", "trivsel-nb-reader.pdf", "trivsel-nb-job.json")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

# The process under test. Arguments: MODE CONTENT OUT. MODE is `ready` (say READY once imported,
# then build), `slow` (the same, saying AT_WRITE before writing the outputs, each of which then
# takes 0.1 s to write, halfway through), `write:N`
# or `replace:N` (pause halfway through writing the N-th file, or before the N-th rename), or
# `together:first` and `together:each` (say AT_WRITE before writing and wait for a line on stdin,
# so that two builds write at once; each half-write then takes a moment, and the renames are
# spaced so that without a lock the two builds would each win some: `first` waits 0.1 s before
# its first rename, `each` 0.05 s before every one).
CHILD = r"""
import os, sys, time
import make_folder
import layout.build

mode, content, out = sys.argv[1:4]
step, _, nth = mode.partition(":")
counts = {"write": 0, "replace": 0}
slow = {"together": 0.03, "slow": 0.1}.get(step, 0.0)
spacing = {"first": [0.1, 0, 0], "each": [0.05] * 3}.get(nth, [0, 0, 0])

def reached(kind):
    if step == kind and counts[kind] == int(nth):
        print("PAUSE", flush=True)
        time.sleep(0.5)  # the signal comes now; a held-back one only after this
    counts[kind] += 1

class Halves:
    def __init__(self, stream):
        self.stream = stream
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.stream.close()
    def write(self, data):
        half = len(data) // 2
        self.stream.write(data[:half])
        self.stream.flush()
        reached("write")
        time.sleep(slow)
        return self.stream.write(data[half:])
    def flush(self):
        self.stream.flush()
    def fileno(self):
        return self.stream.fileno()

real_fdopen, real_replace = os.fdopen, os.replace

def fdopen(fd, mode="r", *args, **kwargs):
    stream = real_fdopen(fd, mode, *args, **kwargs)
    return Halves(stream) if "w" in mode else stream

def replace(source, target, *args, **kwargs):
    index = counts["replace"]
    reached("replace")
    time.sleep(spacing[min(index, 2)])
    return real_replace(source, target, *args, **kwargs)

os.fdopen, os.replace = fdopen, replace

if step in ("together", "slow"):
    real_write = layout.build.write_atomically
    def write_atomically(outputs):
        print("AT_WRITE", flush=True)
        if step == "together":
            sys.stdin.readline()
        real_write(outputs)
    layout.build.write_atomically = write_atomically

print("READY", flush=True)
sys.argv = ["make-folder", "build", content, "--out", out]
make_folder.main()
"""

Version = dict[str, bytes]


def content_file(folder: Path, title: str) -> Path:
    """The shipped leaflet with another title: same output names, different bytes."""
    folder.mkdir()
    lines = (ROOT / "content.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    path = folder / "content.yaml"
    path.write_text(
        "".join(f"title: {title}\n" if line.startswith("title:") else line for line in lines),
        encoding="utf-8",
    )
    return path


def start(mode: str, content: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, mode, str(content), str(out)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(process: subprocess.Popen[str], word: str) -> None:
    """Read the process's output until it says ``word``."""
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == word:
            return
    _, err = process.communicate()
    pytest.fail(f"the build ended before {word}: {err}")


def build(content: Path, out: Path) -> None:
    subprocess.run(
        [sys.executable, "make_folder.py", "build", str(content), "--out", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def read(folder: Path) -> Version:
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Version, Version]]:
    """Version A built into a folder, version B's content file, and both versions' bytes."""
    base = tmp_path_factory.mktemp("atomic")
    old = content_file(base / "a", "Kort og godt om trivsel, utgave A")
    new = content_file(base / "b", "Kort og godt om trivsel, utgave B")
    builds = [
        subprocess.Popen(
            [sys.executable, "make_folder.py", "build", str(content), "--out", str(out)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        for content, out in ((old, base / "ref-a"), (new, base / "ref-b"))
    ]
    assert [process.wait() for process in builds] == [0, 0]
    version_a, version_b = read(base / "ref-a"), read(base / "ref-b")
    assert all(version_a[name] != version_b[name] for name in OUTPUTS)
    yield base / "ref-a", version_a, version_b


def folder_with(tmp_path: Path, name: str, version: Version) -> Path:
    """A fresh output folder holding the good outputs of ``version``."""
    folder = tmp_path / name
    folder.mkdir()
    for file, data in version.items():
        (folder / file).write_bytes(data)
    return folder


def state(folder: Path, a: Version, b: Version) -> str:
    """``A`` or ``B`` when every output is that version's whole file, else ``mixed``; fails on a
    missing, partial or foreign output."""
    seen: set[str] = set()
    for name in OUTPUTS:
        data = (folder / name).read_bytes()
        assert data in (a[name], b[name]), f"{folder / name} is partial or corrupt"
        seen.add("A" if data == a[name] else "B")
    return seen.pop() if len(seen) == 1 else "mixed"


def parts(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".part"))


def test_killed_at_any_time_leaves_whole_files(
    tmp_path: Path, versions: tuple[Path, Version, Version]
) -> None:
    """This test ensures that a build killed (SIGKILL) at any time, from laying out to renaming,
    leaves every output either the whole previous file or the whole new one."""
    _, a, b = versions
    new = versions[0].parent / "b" / "content.yaml"
    # Seconds after a word the build says: its layout takes ~0.6 s after READY, the writing 0.3 s
    # after AT_WRITE (so that timing on a busy machine does not matter); None: not killed.
    kills: list[list[tuple[str, float | None]]] = [
        [("READY", 0.0), ("READY", 0.25)],
        [("AT_WRITE", 0.05), ("AT_WRITE", 0.15)],
        [("AT_WRITE", 0.25), ("READY", None)],
    ]
    outcomes: list[str] = []
    for pair in kills:  # two at a time: this machine may have two cores
        outs = [folder_with(tmp_path, f"out{len(outcomes) + i}", a) for i in range(2)]
        processes = [start("slow", new, out) for out in outs]
        deadlines = []
        for process, (word, delay) in zip(processes, pair, strict=True):
            wait_for(process, word)
            deadlines.append(None if delay is None else time.monotonic() + delay)
        for process, deadline, out in zip(processes, deadlines, outs, strict=True):
            if deadline is not None:
                time.sleep(max(0.0, deadline - time.monotonic()))
                process.send_signal(signal.SIGKILL)
            process.communicate()
            outcomes.append(state(out, a, b))
    assert outcomes[0] == "A" and outcomes[-1] == "B", outcomes  # the kills span the build


def test_killed_at_each_step_leaves_whole_files_and_next_build_cleans_up(
    tmp_path: Path, versions: tuple[Path, Version, Version]
) -> None:
    """This test ensures that a build killed halfway through writing a file or between its
    renames leaves only whole files, and that the next build removes its temporary files."""
    _, a, b = versions
    new = versions[0].parent / "b" / "content.yaml"
    steps = [
        ("write:0", signal.SIGKILL),
        ("write:2", signal.SIGKILL),
        ("replace:1", signal.SIGKILL),  # between renames: nothing can hold SIGKILL back
        ("replace:1", signal.SIGTERM),  # a plain kill is held back over the renames
    ]
    outs = [folder_with(tmp_path, f"out{index}", a) for index in range(len(steps))]
    processes = [start(step, new, out) for (step, _), out in zip(steps, outs, strict=True)]
    for process, (_, sent) in zip(processes, steps, strict=True):
        wait_for(process, "PAUSE")
        process.send_signal(sent)
    for process in processes:
        process.communicate()
    outcomes = [state(out, a, b) for out in outs]
    assert outcomes[:2] == ["A", "A"] and outcomes[3] == "B", outcomes
    assert parts(outs[1]), "a killed build cannot remove its temporary files"
    build(new, outs[1])
    assert state(outs[1], a, b) == "B"
    assert parts(outs[1]) == []


@pytest.mark.parametrize("step", ["ready:0.1", "write:0", "write:2", "replace:1"])
def test_ctrl_c_exits_cleanly_and_leaves_all_old_or_all_new(
    tmp_path: Path, versions: tuple[Path, Version, Version], step: str
) -> None:
    """This test ensures that Ctrl-C (SIGINT) at any step ends the build with a one-line message
    and no traceback, leaves all outputs old or all new, and no temporary file."""
    _, a, b = versions
    new = versions[0].parent / "b" / "content.yaml"
    out = folder_with(tmp_path, "out", a)
    kind, _, delay = step.partition(":")
    process = start(step if kind != "ready" else "ready", new, out)
    if kind == "ready":
        wait_for(process, "READY")
        time.sleep(float(delay))
    else:
        wait_for(process, "PAUSE")
    process.send_signal(signal.SIGINT)
    _, err = process.communicate()
    assert process.returncode in (1, 130), err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert state(out, a, b) == ("B" if kind == "replace" else "A")
    assert parts(out) == []


def test_two_builds_into_one_folder_leave_one_whole_set(
    tmp_path: Path, versions: tuple[Path, Version, Version]
) -> None:
    """This test ensures that two builds writing into one folder at the same moment leave every
    output whole, and all of them from the same build."""
    _, a, b = versions
    contents: Sequence[Path] = [versions[0].parent / name / "content.yaml" for name in "ab"]
    for turn in range(2):
        out = tmp_path / f"out{turn}"
        processes = [
            start(mode, content, out)
            for mode, content in zip(("together:first", "together:each"), contents, strict=True)
        ]
        for process in processes:
            wait_for(process, "AT_WRITE")
        for process in processes:  # both write now
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        for process in processes:
            _, err = process.communicate()
            assert process.returncode == 0, err
        assert state(out, a, b) in ("A", "B")
        assert parts(out) == []


def test_stale_parts_of_a_running_build_are_kept(tmp_path: Path) -> None:
    """This test ensures that a build removes the temporary files a dead process left for its
    outputs but never those of a running one, nor files that only look alike."""
    from layout.finish import write_atomically

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    old = time.time() - 60
    names = {
        f".x.pdf.{dead.stdout.strip()}.abcdefgh.part": False,  # its writer is gone: removed
        ".x.pdf.abcdefgh.part": False,  # the older scheme, without a writer: removed
        f".x.pdf.{os.getpid()}.abcdefgh.part": True,  # a running writer's: kept
        ".x.pdf.notes.part": True,  # not a temporary output of x.pdf
        ".y.pdf.abcdefgh.part": True,  # another output's
    }
    for name in names:
        (tmp_path / name).write_bytes(b"partial")
        os.utime(tmp_path / name, (old, old))
    write_atomically({tmp_path / "x.pdf": b"whole"})
    assert sorted(parts(tmp_path)) == sorted(name for name, kept in names.items() if kept)
    assert (tmp_path / "x.pdf").read_bytes() == b"whole"
