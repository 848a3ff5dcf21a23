"""The ``fonts`` check: every font the pages use is embedded, so the press sets the same glyphs.

Fonts are looked for in each page's resources and in every form and tiling pattern it draws.
Type3 fonts are drawn by the PDF itself and need no embedding; the standard 14 (Helvetica, Times,
Courier, Symbol, ZapfDingbats) are never embedded by the programs that use them by name.
"""

from __future__ import annotations

from pypdf import PdfReader

from .document import array, dictionary, resolve, walk_resources
from .report import Finding

STANDARD_14 = {
    f"{family}{style}"
    for family, styles in (
        ("Helvetica", ("", "-Bold", "-Oblique", "-BoldOblique")),
        ("Courier", ("", "-Bold", "-Oblique", "-BoldOblique")),
        ("Times", ("-Roman", "-Bold", "-Italic", "-BoldItalic")),
        ("Symbol", ("",)),
        ("ZapfDingbats", ("",)),
    )
    for style in styles
}
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def check_fonts(reader: PdfReader) -> list[Finding]:
    """One error per font that is not embedded, on the first page that uses it."""
    findings: dict[str, Finding] = {}
    for number, page in enumerate(reader.pages, start=1):
        for used in walk_resources(page):
            for font in dictionary(used.resources.get("/Font")).values():
                font = dictionary(font)
                name = str(resolve(font.get("/BaseFont", "?"))).lstrip("/")
                if name in findings or embedded(font):
                    continue
                kind = " (a standard-14 font)" if name in STANDARD_14 else ""
                findings[name] = Finding("fonts", number, f"{name}{kind} is not embedded")
    return list(findings.values())


def embedded(font: object) -> bool:
    """Whether a font dictionary carries its font program (Type3 fonts are their own)."""
    font = dictionary(font)
    subtype = resolve(font.get("/Subtype"))
    if subtype == "/Type3":
        return True
    described = font
    if subtype == "/Type0":
        descendants = array(font.get("/DescendantFonts"))
        described = dictionary(descendants[0] if descendants else None)
    descriptor = dictionary(described.get("/FontDescriptor"))
    return any(key in descriptor for key in FONT_FILES)
