"""Regenerate the JSON export's shipped schema: ``python -m tinyhands.make_schema``.

Run it after changing an export model or a metric spec; ``tests/test_export_schema.py``
fails while the shipped file is out of date.
"""

from __future__ import annotations

import sys

from exporter.files import write_atomic
from exporter.json_export import SCHEMA_PATH
from exporter.schema_gen import schema_text
from tinyhands.catalog import build_catalog


def main() -> int:
    write_atomic(SCHEMA_PATH, schema_text(build_catalog()).encode("utf-8"))
    print(f"wrote {SCHEMA_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
