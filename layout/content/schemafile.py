"""Write ``content.schema.json``: the content format's JSON Schema, for YAML editors.

The file is :func:`content_schema` as it is, the very dictionary the loader validates with, so
what an editor completes and underlines is what ``make-folder build`` accepts in shape. It is
generated, never edited by hand; after changing a fold or the schema, run from the checkout::

    python -m layout.content.schemafile          # rewrite content.schema.json
    python -m layout.content.schemafile --check  # exit 1 if it is out of date
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .schema import content_schema

SCHEMA_FILE = "content.schema.json"
# The checkout's top, beside content.yaml: where editors' `$schema=./content.schema.json` finds it.
DEFAULT_PATH = Path(__file__).resolve().parent.parent.parent / SCHEMA_FILE
REGENERATE = "python -m layout.content.schemafile"


def schema_text() -> str:
    """The file's exact text: two-space JSON, characters as themselves, one final newline."""
    return json.dumps(content_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write the schema file (or, with ``--check``, only compare); return the exit code."""
    parser = argparse.ArgumentParser(
        prog=REGENERATE, description="Write the content format's JSON Schema for YAML editors."
    )
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH, help="the file")
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = parser.parse_args(argv)
    path: Path = args.path
    text = schema_text()
    if args.check:
        try:
            current = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            current = None
        if current != text:
            print(f"{path} is out of date; run: {REGENERATE}", file=sys.stderr)
            return 1
        return 0
    # newline="\n": the same bytes on every platform, so the up-to-date test holds on Windows too.
    path.write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
