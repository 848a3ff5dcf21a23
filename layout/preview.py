"""Pictures of a PDF for people without a PDF viewer: each page rendered to PNG (pypdfium2)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium


def render_pages(pdf: Path, dpi: float = 100) -> list[Path]:
    """Write ``<pdf stem>-<page>.png`` beside ``pdf`` for every page; return the paths."""
    document = pdfium.PdfDocument(pdf)
    written = []
    try:
        for index in range(len(document)):
            page = document[index]
            target = pdf.with_name(f"{pdf.stem}-{index + 1}.png")
            page.render(scale=dpi / 72).to_pil().save(target)
            written.append(target)
            page.close()
    finally:
        document.close()
    return written
