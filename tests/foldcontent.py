"""Test helper: a small, valid content file for any registered fold.

Each role of the fold gets a distinct heading (``Panel <role>``, found again in the PDFs) and one
sentence of the seed leaflet's text, so that every fold can be built and read back without
writing a content file by hand. The design is the repository's own ``design.yaml``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from layout.folds import FOLDS

REPO = Path(__file__).resolve().parent.parent
DESIGN = REPO / "design.yaml"
FINISHED_MM = (100.0, 210.0)  # width, height of the closed leaflet, for every fold

# One sentence each from the seed leaflet (content.yaml), handed out to the roles in turn.
SEED_SENTENCES = (
    "Stress innebærer at man i en gitt situasjon opplever ubalanse mellom krav, ressurser og "
    "forventninger.",
    "Balansen kan gjenopprettes ved mestring.",
    "Trivsel innebærer blant annet at man opplever balanse og følelsen av å være i overskudd.",
    "Både stress og trivsel oppleves individuelt, men arbeidsplassen kan bidra.",
    "En åpen dialog mellom ledere og medarbeidere er et første skritt mot å skape trivsel.",
    "Bygger gode sosiale relasjoner i gruppen.",
    "Kommuniserer klart og tydelig slik at medarbeiderne har klare mål å jobbe etter.",
    "Prioriterer arbeidet med trivsel høyt og setter av nødvendige ressurser.",
)


def heading(role: str) -> str:
    """The distinctive heading the helper gives ``role``: no heading is part of another."""
    return f"Panel {role}"


def fold_content(
    fold: str,
    *,
    roles: Sequence[str] | None = None,
    finished_mm: tuple[float, float] = FINISHED_MM,
    design: Path = DESIGN,
) -> dict[str, Any]:
    """A content document for ``fold``; ``roles`` (default: the fold's own, in reading order)
    lets a test write the wrong panels for the fold."""
    names = FOLDS[fold].roles if roles is None else tuple(roles)
    return {
        "slug": f"test-{fold}",
        "language": "nb",
        "title": "Trivsel",  # short: the job slug must fit a 200 mm sheet
        "fold": fold,
        "design": str(design),
        "finished_size": {"width": finished_mm[0], "height": finished_mm[1]},
        "panels": {
            role: [
                {"heading": heading(role)},
                {"paragraph": SEED_SENTENCES[index % len(SEED_SENTENCES)]},
            ]
            for index, role in enumerate(names)
        },
    }


def write_content(directory: Path, fold: str, **options: Any) -> Path:
    """Write :func:`fold_content` to ``directory/<fold>.yaml`` and return its path."""
    path = directory / f"{fold}.yaml"
    text = yaml.safe_dump(fold_content(fold, **options), allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path
