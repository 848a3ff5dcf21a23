"""The build on a terminal: the progress bar never shares a line with a message.

The command runs on a pseudo-terminal (stdout and stderr both on it, as in a shell), and what
it writes is replayed on a minimal terminal: the carriage returns, line feeds, cursor moves and
line erasing that the progress bar uses. The screen left at the end must read exactly as the
same build's output written to a pipe, line for line.
"""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a POSIX terminal")

# What decides whether rich sees a terminal, and how wide: the test sets these itself.
TERMINAL_VARIABLES = ("TERM", "COLUMNS", "LINES", "FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE",
                      "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES")  # fmt: skip


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in TERMINAL_VARIABLES}
    return env | {"TERM": "xterm-256color", "COLUMNS": "240", "LINES": "50"}


def on_terminal(args: list[str], cwd: Path, timeout: float = 120) -> str:
    """What ``args`` writes to a pseudo-terminal that is its stdout and its stderr."""
    master, slave = os.openpty()
    process = subprocess.Popen(
        args, cwd=cwd, env=environment(), stdin=slave, stdout=slave, stderr=slave
    )
    os.close(slave)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the other end is closed
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(master)
        process.kill() if process.poll() is None else None
        process.wait()
    return b"".join(chunks).decode("utf-8")


TOKEN = re.compile(r"\x1b\[([0-9;?]*)([A-Za-z])|\r|\n|[^\x1b\r\n]+")


def screen(raw: str) -> list[str]:
    """The lines a terminal shows after ``raw``: text overwrites at the cursor; \\r, \\n, cursor
    up and down (A, B), to a column (G) and erasing the line (K) move or clear; other escape
    sequences (colour, the cursor hidden) change nothing that is read."""
    lines, row, col = [""], 0, 0
    for token in TOKEN.finditer(raw):
        text, code = token.group(0), token.group(2)
        if text == "\r":
            col = 0
        elif text == "\n":
            row, col = row + 1, 0
        elif code is not None:
            number = int(token.group(1)) if token.group(1).isdigit() else None
            if code == "A":
                row = max(0, row - (number or 1))
            elif code == "B":
                row += number or 1
            elif code == "G":
                col = (number or 1) - 1
            elif code == "K":
                lines += [""] * (row + 1 - len(lines))
                lines[row] = "" if number == 2 else lines[row][:col]  # 0: to the end of the line
        else:
            lines += [""] * (row + 1 - len(lines))
            line = lines[row].ljust(col)
            lines[row] = line[:col] + text + line[col + len(text) :]
            col += len(text)
    while lines and not lines[-1]:
        lines.pop()
    return [line.rstrip() for line in lines]


def test_progress_bar_and_messages_never_share_a_line(tmp_path: Path) -> None:
    """This test ensures that a build of several files on a terminal, with its progress bar,
    leaves on the screen exactly the lines the same build writes to a pipe: every report and
    error starts on a line of its own, and no piece of the bar is left over."""
    content = (ROOT / "content.yaml").read_text(encoding="utf-8")
    outputs = []
    for name in ("terminal", "pipe"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "content.yaml").write_text(content, encoding="utf-8")
        (folder / "bad.yaml").write_text(content.replace("fold: gate-8", "fold: gate8"), "utf-8")
        args = [sys.executable, str(ROOT / "make_folder.py"), "build", "bad.yaml", "content.yaml"]
        if name == "terminal":
            raw = on_terminal([*args, "--out", "out"], folder)
            assert "━" in raw, "no progress bar was drawn: not seen as a terminal"
            outputs.append(screen(raw))
        else:
            piped = subprocess.run(
                [*args, "--out", "out"], cwd=folder, env=environment(), stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, text=True, timeout=120, check=False,
            )  # fmt: skip
            assert "━" not in piped.stdout
            outputs.append(piped.stdout.splitlines())
    on_screen, in_pipe = outputs
    assert in_pipe[0].startswith("error: bad.yaml:") and "2 files: 1 built, 1 failed" in in_pipe
    assert on_screen == in_pipe
