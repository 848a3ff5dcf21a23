"""``make-folder watch``: a build on every save, a broken save reported and the watch going on."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = (ROOT / "content.yaml").read_text(encoding="utf-8")
WAIT = 60  # s: a rebuild takes about a second; a loaded CI machine may take far longer


class Watcher:
    """``make-folder watch`` running in a folder, its output read line by line."""

    def __init__(self, folder: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "make_folder.py"), "watch", *args, "--out", "out"],
            cwd=folder,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def until(self, wanted: str) -> list[str]:
        """The lines up to and including the first that starts with ``wanted``."""
        got: list[str] = []
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                # Ended, and every line it printed read: nothing more will come.
                ended = self.process.poll() is not None and not self.reader.is_alive()
                assert not ended or not self.lines.empty(), f"watch ended: {self.seen + got}"
                continue
            got.append(line)
            if line.startswith(wanted):
                self.seen += got
                return got
        raise AssertionError(f"no line {wanted!r} within {WAIT} s: {self.seen + got}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=WAIT)

    def close(self) -> None:
        """End the process if it still runs, and close its pipe once every line is read."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.reader.join(timeout=WAIT)
        assert self.process.stdout is not None
        self.process.stdout.close()


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Path, Watcher]]:
    (tmp_path / "content.yaml").write_text(CONTENT + "design: design.yaml\n", encoding="utf-8")
    shutil.copy(ROOT / "design.yaml", tmp_path / "design.yaml")
    shutil.copytree(ROOT / "fonts", tmp_path / "fonts")
    watcher = Watcher(tmp_path, "content.yaml")
    try:
        yield tmp_path, watcher
    finally:
        watcher.close()


def save(path: Path, text: str) -> None:
    """Save as editors do: a new file renamed over the old one."""
    part = path.with_name(path.name + ".new")
    part.write_text(text, encoding="utf-8")
    os.replace(part, path)


def test_watch_builds_on_every_save_and_survives_a_broken_one(
    watched: tuple[Path, Watcher],
) -> None:
    """This test ensures that ``watch`` builds at once, prints the fit of every panel, builds
    again when the content or the design is saved, reports a broken save as its one error
    line and goes on watching, builds the fixed file, and stops on Ctrl-C with exit code 0."""
    folder, watcher = watched
    start = watcher.until("  wrote out/trivsel-nb-job.json")
    assert start[0] == "watching 1 file; Ctrl-C stops"
    assert "content.yaml (nb, gate-8): all 8 panels fit" in start
    assert sum(line.startswith("  Side ") for line in start) == 8
    first = (folder / "out/trivsel-nb-print.pdf").read_bytes()

    text = CONTENT + "design: design.yaml\n"
    save(folder / "content.yaml", text.replace("kicker: Kort og godt", "kicker: Kort og greit"))
    edited = watcher.until("  wrote out/trivsel-nb-job.json")
    assert any(line.endswith("saved: content.yaml") for line in edited)
    assert "content.yaml (nb, gate-8): all 8 panels fit" in edited
    assert (folder / "out/trivsel-nb-print.pdf").read_bytes() != first

    save(folder / "content.yaml", text + "  broken: [\n")
    broken = watcher.until("error: ")
    assert broken[-1].startswith("error: content.yaml:") and "YAML" in broken[-1]

    save(folder / "content.yaml", text)  # fixed: as at the start
    fixed = watcher.until("  wrote out/trivsel-nb-job.json")
    assert "content.yaml (nb, gate-8): all 8 panels fit" in fixed
    assert (folder / "out/trivsel-nb-print.pdf").read_bytes() == first

    design = (folder / "design.yaml").read_text(encoding="utf-8")
    save(folder / "design.yaml", design.replace("petrol: [92,", "petrol: [90,", 1))
    redesigned = watcher.until("  wrote out/trivsel-nb-job.json")
    assert any(line.endswith("saved: design.yaml") for line in redesigned)
    assert any("preflight" in line for line in redesigned)

    assert watcher.stop() == 0
    assert watcher.until("stopped watching")
