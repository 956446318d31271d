"""``tinyhands rescore EXPORT.json``: recompute every measure of an export from its raw data.

The composition root's part: it hands the exporter's comparison (``exporter.rescore``) the
games' own metric code, ``games.<id>.metrics.compute(samples, geometry)``, fed with the
file's samples as PointerEvents. Exit status 0 when every stored measure is reproduced,
1 when any differs (a tampered or damaged file), 2 when the file cannot be read at all.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from progress.samples import Sample


def _scorer(game_id: str):  # type: ignore[no-untyped-def]
    """The game's metric code as a Scorer, or None if the game has none this way."""
    try:
        metrics = importlib.import_module(f"games.{game_id}.metrics")
    except ImportError:
        return None
    compute = getattr(metrics, "compute", None)
    if compute is None:
        return None
    from engine.input import Device, Phase, PointerEvent

    def score(samples: Sequence[Sample], geometry: dict[str, Any]) -> Mapping[str, float]:
        events = [
            PointerEvent(
                Phase(s.phase),
                s.pointer_id,
                Device(s.device),
                s.x_mm,
                s.y_mm,
                0.0,
                0.0,
                s.t_ms,
                s.pressure,
            )
            for s in samples
        ]
        return compute(events, geometry)

    return score


def run(path: Path, out=None) -> int:  # type: ignore[no-untyped-def]
    from pydantic import ValidationError

    from exporter.json_export import EXPORT_VERSION, ExportBundle
    from exporter.rescore import rescore
    from tinyhands.catalog import build_catalog

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"tinyhands rescore: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    try:
        bundle = ExportBundle.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        print(
            f"tinyhands rescore: {path} is not a Tiny Hands export of version {EXPORT_VERSION}"
            f" ({exc.error_count()} problems; first at {where}: {first['msg']})",
            file=sys.stderr,
        )
        return 2
    del text
    catalog = build_catalog()
    scorers = {gid: s for gid in {t.game_id for t in bundle.trials} if (s := _scorer(gid))}
    report = rescore(bundle.trials, scorers, catalog)
    print("\n".join(report.lines()), file=out or sys.stdout)
    return 0 if report.ok else 1


def add_command(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "rescore",
        help="recompute every measure of a JSON export from its raw data and compare",
        description=(
            "Recompute every measure of every trial in a JSON export from the file's raw "
            "samples and geometry with this program's metric code, report the agreement per "
            "measure and name every trial that differs and why. Exit status 1 when a stored "
            "value is not reproduced (a changed or damaged file), 2 when the file is unreadable."
        ),
    )
    p.add_argument("export", type=Path, metavar="EXPORT.json", help="a `tinyhands export` JSON")
    p.set_defaults(func=lambda args: run(args.export))
