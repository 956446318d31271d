"""The JSON export's JSON Schema, generated from the export's pydantic models, with every
measure's definition (from the games' metric specs, via the catalog) as the description of
its name. ``python -m tinyhands.make_schema`` writes it into ``exporter/schema/``, and a test
checks the shipped file is current.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from exporter.catalog import GameCatalog
from exporter.json_export import EXPORT_VERSION, SCHEMA_NAME, ExportBundle

META_SCHEMA = "https://json-schema.org/draft/2020-12/schema"


def measure_names(catalog: GameCatalog) -> list[dict[str, Any]]:
    """One ``const`` per measure name with its definition in every game that has it, and a
    last branch for a name this version does not know (a newer game), so nothing is refused."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for g in catalog.games:
        for m in g.metrics:
            unit = m.unit or "no unit"
            by_name[m.name].append(
                f"{g.id} ({unit}, {m.better} is better): {m.definition} Formula: {m.formula}"
            )
    out: list[dict[str, Any]] = [
        {"const": name, "description": " | ".join(texts)} for name, texts in sorted(by_name.items())
    ]
    out.append({"type": "string", "description": "A measure of a game this version does not know."})
    return out


def export_schema(catalog: GameCatalog) -> dict[str, Any]:
    schema = ExportBundle.model_json_schema(by_alias=True)
    schema = {
        "$schema": META_SCHEMA,
        "$id": SCHEMA_NAME,
        "title": f"Tiny Hands data export, version {EXPORT_VERSION}",
        **{k: v for k, v in schema.items() if k != "title"},
    }
    metric = schema["$defs"]["MetricValue"]["properties"]
    metric["name"] = {"title": "Name", "anyOf": measure_names(catalog)}
    return schema


def schema_text(catalog: GameCatalog) -> str:
    return json.dumps(export_schema(catalog), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
