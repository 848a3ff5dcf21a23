"""make-folder: leaflet content in YAML → imposed, print-ready PDFs of a folded leaflet.

The pipeline, one stage a module, each handing frozen dataclasses to the next::

    content (YAML → Folder, Design)  →  panels (typeset, fit-checked)
    folds + impose (SheetPlan)        →  sheets (pages, boxes)  →  marks  →  finish (write)

:func:`layout.build.build` chains them; the CLI in ``make_folder.py`` only calls it.
"""

__version__ = "0.2.0"
