"""Pictures of a PDF for people without a PDF viewer: each page rendered to PNG (pypdfium2)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pypdfium2 as pdfium

from .finish import write_atomically


def render_pages(pdf: Path, dpi: float = 100) -> list[Path]:
    """Write ``<pdf stem>-<page>.png`` beside ``pdf`` for every page; return the paths.

    The pictures are written like the PDFs: all of them, or none.
    """
    pictures: dict[Path, bytes] = {}
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            buffer = BytesIO()
            page.render(scale=dpi / 72).to_pil().save(buffer, format="PNG")
            pictures[pdf.with_name(f"{pdf.stem}-{index + 1}.png")] = buffer.getvalue()
            page.close()
    finally:
        document.close()
    write_atomically(pictures)
    return list(pictures)
