"""make-folder: leaflet content in YAML → imposed, print-ready PDFs of a folded leaflet.

The pipeline, a stage a module (or package), each handing frozen dataclasses to the next::

    content (YAML → Folder, Design)  →  panels (typeset, fit-checked)
    folds + impose (SheetPlan)        →  sheets (pages, boxes)  →  marks (and the dummy)
    finish (metadata, PDF/X, job sheet, atomic writes)  →  verify (the preflight)

:func:`layout.build.build` chains them; the CLI in ``make_folder.py`` only calls it.
"""

__version__ = "0.5.0"
