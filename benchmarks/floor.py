"""The floor: the thinnest ReportLab script that draws the default leaflet's two imposed pages.

benchmarks/run.py measures `make-folder build` against it. It does only the work no leaflet
tool can skip: read the content and its design, embed three TrueType fonts, wrap each panel's
text, draw the two CMYK pages of the gate-8 sheet with crop and fold marks and page boxes. No
hyphenation, copyfit, fit report, PDF/X, preflight, reader PDF or job sheet; no ``layout``.

Usage: ``python benchmarks/floor.py OUT.pdf [CONTENT.yaml]`` (design.yaml and fonts/ beside it).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MARGIN, BLEED, TRIM, FOLD = 15 * mm, 3 * mm, 8 * mm, 6 * mm  # page margin, bleed, text margins
MARK_OFFSET, MARK_LENGTH, MARK_WEIGHT, HEIGHT = 3 * mm, 6 * mm, 0.25, 210 * mm
# The gate-8 sheet as `make-folder folds gate-8` draws it: panels left to right, in mm.
SIDES = {
    "outside": [("door-right", 98), ("back-cover", 100), ("front-cover", 100), ("door-left", 98)],
    "inside": [("inside-1", 98), ("inside-2", 100), ("inside-3", 100), ("inside-4", 98)],
}


def runs(block: dict[str, Any]) -> list[tuple[str, str]]:
    """A content block as (style, text) runs, in order; line breaks folded into spaces."""
    if "bullets" in block:
        pairs = [("bullet", text) for text in block["bullets"]]
    elif "publication" in block:
        pairs = [(f"publication-{k}", v) for k, v in block["publication"].items()]
    else:
        pairs = list(block.items())
    return [(style, " ".join(str(text).split())) for style, text in pairs]


class Sheet:
    """The canvas and the design's colours (CMYK, 0–1), text styles and panel styles."""

    def __init__(self, out: str, design: dict[str, Any], width: float) -> None:
        size = (width + 2 * MARGIN, HEIGHT + 2 * MARGIN)
        self.c = Canvas(out, pagesize=size, initialFontName="regular")  # no unembedded Helvetica
        self.colours = {k: [v / 100 for v in cmyk] for k, cmyk in design["colours"].items()}
        self.styles, self.panels = design["styles"], design.get("panels", {})
        self.bullet = design["bullet"]

    def text(self, style: str, words: str, x: float, y: float, w: float, ink: Any) -> float:
        """Set ``words`` in ``style`` (in ``ink`` if given) from the top ``y`` down, wrapped
        to ``w``; the new top."""
        c, s = self.c, self.styles[style]
        words = words.upper() if s.get("upper") else words
        indent = self.bullet["indent"] if style == "bullet" else 0
        lines = simpleSplit(words, s["font"], s["size"], w - indent)
        y -= s.get("before", 0)
        if indent:  # the bullet: a small square on the first line, drawn rather than set
            c.setFillColorCMYK(*self.colours[self.bullet["colour"]])
            c.rect(x, y - s["size"] + 0.5, 5, 5, stroke=0, fill=1)
        c.setFillColorCMYK(*self.colours[ink or s["colour"]])
        block = c.beginText(x + indent, y - s["size"])
        block.setFont(s["font"], s["size"], s["leading"])
        block.textLines(lines)
        c.drawText(block)
        return float(y - s["leading"] * len(lines) - s.get("after", 0))

    def panel(self, role: str, blocks: list[Any], x: float, w: float, cuts: list[bool]) -> None:
        """Paint one panel whose trim starts at ``x``: its background over its cut edges into
        the bleed, rings on it if the design says so, then its text; trailing urls at the foot."""
        c, style = self.c, self.panels.get(role, {})
        left, right = x - (BLEED if cuts[0] else 0), x + w + (BLEED if cuts[1] else 0)
        if "background" in style:
            c.saveState()
            clip = c.beginPath()
            clip.rect(left, MARGIN - BLEED, right - left, HEIGHT + 2 * BLEED)
            ground = self.colours[style["background"]]
            c.setFillColorCMYK(*ground)
            c.clipPath(clip, stroke=0, fill=1)  # clipped to the bleed, and filled
            if style.get("motif") == "rings":
                ring = self.colours[style["motif-colour"]]
                for t, radius in ((0.25, 0.85), (0.5, 0.62), (0.75, 0.40), (1, 0.18)):
                    tint = [g + (k - g) * t for g, k in zip(ground, ring, strict=True)]
                    c.setFillColorCMYK(*tint)
                    c.circle(x + w * 0.75, MARGIN + HEIGHT * 0.17, w * radius, stroke=0, fill=1)
            c.restoreState()
        x0, x1 = x + (TRIM if cuts[0] else FOLD), x + w - (TRIM if cuts[1] else FOLD)
        body, foot = list(blocks), list[Any]()
        while body and "url" in body[-1]:
            foot.insert(0, body.pop())
        top = MARGIN + HEIGHT - TRIM
        for block in body:
            for kind, words in runs(block):
                top = self.text(kind, words, x0, top, x1 - x0, style.get("ink"))
        url = self.styles["url"]
        top = MARGIN + TRIM + (url["leading"] + url.get("before", 0)) * len(foot)
        for block in foot:
            top = self.text("url", block["url"], x0, top, x1 - x0, style.get("ink"))

    def marks(self, width: float, folds: list[float]) -> None:
        """Crop marks at the four trim corners and dashed fold marks above and below each fold,
        in registration colour (all four inks)."""
        c, right, top = self.c, MARGIN + width, MARGIN + HEIGHT
        c.setStrokeColorCMYK(1, 1, 1, 1)
        c.setLineWidth(MARK_WEIGHT)
        near, far = MARK_OFFSET, MARK_OFFSET + MARK_LENGTH
        for x, sign_x in ((MARGIN, -1), (right, 1)):
            for y, sign_y in ((MARGIN, -1), (top, 1)):
                c.line(x + sign_x * near, y, x + sign_x * far, y)
                c.line(x, y + sign_y * near, x, y + sign_y * far)
        c.setDash(2, 2)
        for x in folds:
            c.line(x, top + near, x, top + far)
            c.line(x, MARGIN - near, x, MARGIN - far)


def main(out: str, content: str = "content.yaml") -> None:
    """Draw the two imposed pages of ``content`` into ``out``."""
    source = Path(content)
    data = yaml.load(source.read_text(encoding="utf-8"), Loader=Loader)
    design = yaml.load((source.parent / "design.yaml").read_text(encoding="utf-8"), Loader=Loader)
    for name in ("regular", "bold", "italic"):  # the TrueType fonts, embedded as subsets
        pdfmetrics.registerFont(TTFont(name, str(source.parent / design["fonts"][name])))
    width = sum(w for _, w in SIDES["outside"]) * mm
    sheet = Sheet(out, design, width)
    c = sheet.c
    c.setTitle(data["title"])
    c.setTrimBox((MARGIN, MARGIN, MARGIN + width, MARGIN + HEIGHT))  # kept for every page
    c.setBleedBox((MARGIN - BLEED, MARGIN - BLEED, MARGIN + width + BLEED, MARGIN + HEIGHT + BLEED))
    for side in ("outside", "inside"):
        x, folds = MARGIN, []
        for i, (role, w) in enumerate(SIDES[side]):
            sheet.panel(role, data["panels"][role], x, w * mm, [i == 0, i == 3])
            x += w * mm
            folds.append(x)
        sheet.marks(width, folds[:-1])
        c.showPage()
    c.save()


if __name__ == "__main__":
    main(*sys.argv[1:3])
