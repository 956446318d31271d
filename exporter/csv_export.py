"""CSV: one row per trial and metric, safe to open in a spreadsheet.

Text cells that start with ``= + - @``, a tab or a carriage return are prefixed with a
single quote (OWASP, "CSV Injection"), so a child named ``=HYPERLINK(...)`` stays text.
Numbers are written as numbers (a negative SPARC value stays a number). UTF-8 with a
byte-order mark, so spreadsheet programs read accents and other scripts correctly.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from exporter.files import write_with
from exporter.summary import Summary
from progress.models import Trial

COLUMNS = (
    "child",
    "date",
    "time",
    "trial_id",
    "game",
    "trial_uuid",
    "kind",
    "cue_level",
    "difficulty",
    "tracked_difficulty",
    "at_bound",
    "presented",
    "success",
    "success_rule",
    "interrupted",
    "metric",
    "value",
    "unit",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Neutralise spreadsheet formulas in text; numbers and None pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rows(summary: Summary, trials: Iterable[Trial]) -> Iterable[list[object]]:
    child = summary.child.name
    for t in trials:
        local = t.started_at.astimezone(_tz(t.utc_offset_min))
        base = [
            child,
            t.local_date.isoformat(),
            local.strftime("%H:%M:%S"),
            t.id,
            t.game_id,
            t.uuid,
            t.kind,
            t.cue_level or "",
            round(t.difficulty, 4),
            "" if t.tracked_difficulty is None else round(t.tracked_difficulty, 4),
            t.at_bound or "",
            "; ".join(f"{p.name}={p.value}{(' ' + p.unit) if p.unit else ''}" for p in t.presented),
            int(t.success),
            t.success_rule,
            int(t.interrupted),
        ]
        for m in t.metrics:
            yield [safe_cell(v) for v in (*base, m.name, m.value, m.unit)]


def _tz(offset_min: int):
    from datetime import timedelta, timezone

    return timezone(timedelta(minutes=offset_min))


def write_csv(path: Path, summary: Summary, trials: Iterable[Trial]) -> Path:
    def fill(f: IO[str]) -> None:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(COLUMNS)
        w.writerows(rows(summary, trials))

    return write_with(path, fill, "w", encoding="utf-8-sig", newline="")
