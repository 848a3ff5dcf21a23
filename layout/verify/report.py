"""What a check says: a :class:`Finding` each, gathered into a :class:`Preflight` report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SEVERITIES = ("error", "warning", "note")


@dataclass(frozen=True)
class Finding:
    """One thing a check found: an ``error`` stops the file going to press, a ``warning`` is
    worth a look, a ``note`` says what was not checked and why."""

    check: str  # file, boxes, fonts, colour, pdfx, marks, text, panels (pages: build only)
    page: int | None  # 1-based; None for the whole file
    message: str
    severity: str = "error"

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity {self.severity!r}; expected one of {SEVERITIES}")

    def __str__(self) -> str:
        where = f"page {self.page}: " if self.page else ""
        return f"{self.check}: {where}{self.message}"


@dataclass(frozen=True)
class Preflight:
    """The preflight of one PDF: every finding, and which checks ran.

    ``ok`` is true when no finding is an error. ``fold`` is the fold the file was checked
    against (the one asked for, else the one its panel map names); ``pdfx`` the PDF/X version the
    file claims; ``pages`` its page count (None when unreadable).
    """

    file: str
    findings: tuple[Finding, ...]
    checked: tuple[str, ...]
    pdfx: str | None
    fold: str | None
    pages: int | None

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        """The report as plain data for ``--json``; the keys are stable."""
        return {
            "file": self.file,
            "ok": self.ok,
            "pdfx": self.pdfx,
            "fold": self.fold,
            "pages": self.pages,
            "checked": list(self.checked),
            "findings": [
                {"check": f.check, "severity": f.severity, "page": f.page, "message": f.message}
                for f in self.findings
            ],
        }

    def report(self) -> str:
        """The report as text: a verdict, one line per finding, then the checks that ran::

        leaflet.pdf: NOT OK (1 error) · PDF/X-4 · 2 pages · fold gate-8
        error    page 2   colour: RGB colour '1 0 0 rg'
        checked: file, boxes, fonts, colour, pdfx, marks, text, panels
        """
        counts = [
            f"{n} {severity}{'s' if n != 1 else ''}"
            for severity in SEVERITIES
            if (n := self.count(severity))
        ]
        verdict = "OK" if self.ok else "NOT OK"
        facts = [f"{verdict} ({', '.join(counts)})" if counts else verdict]
        if self.pdfx or "pdfx" in self.checked:
            facts.append(self.pdfx or "not PDF/X")
        if self.pages is not None:
            facts.append(f"{self.pages} page{'s' if self.pages != 1 else ''}")
        if self.fold is not None:
            facts.append(f"fold {self.fold}")
        lines = [f"{self.file}: {' · '.join(facts)}"]
        for f in self.findings:
            where = f"page {f.page}" if f.page else "-"
            lines.append(f"{f.severity:<8} {where:<8} {f.check}: {f.message}")
        if not any(f.severity in ("error", "warning") for f in self.findings):
            lines.append("no problems found" if self.checked else "nothing could be checked")
        lines.append(f"checked: {', '.join(self.checked) or 'nothing'}")
        return "\n".join(lines)
