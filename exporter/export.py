"""Export one child: build the Summary once, then write each requested format atomically."""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

from exporter.build import build_summary
from exporter.catalog import GameCatalog
from exporter.files import slug
from exporter.summary import Summary
from progress.models import Trial
from progress.store import Store

FORMATS = ("pdf", "csv", "json")
_PSEUDONYM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud safely


def new_pseudonym() -> str:
    """A random code such as "Child K7Q2": not derived from the name or id, so it cannot
    be reversed; whoever exports sees which child it stands for."""
    return "Child " + "".join(secrets.choice(_PSEUDONYM_ALPHABET) for _ in range(4))


def base_name(summary: Summary) -> str:
    c = summary.child
    who = slug(c.name, "child") if c.pseudonymised else f"{slug(c.name, 'child')}-{c.id}"
    return f"tinyhands-{who}-{summary.period.start}-to-{summary.period.end}"


def month_batches(store: Store, child_id: int, start: date, end: date) -> Iterator[list[Trial]]:
    """Trials with their samples, a month at a time (a year of samples is too big to hold)."""
    first = start
    while first <= end:
        nxt = (first.replace(day=1) + timedelta(days=32)).replace(day=1)
        last = min(end, nxt - timedelta(days=1))
        yield store.trials(child_id, since=first, until=last, with_samples=True)
        first = nxt


def export_child(
    store: Store,
    child_id: int,
    start: date,
    end: date,
    catalog: GameCatalog,
    formats: Sequence[str],
    out_dir: Path,
    *,
    pseudonym: str | None = None,
    app_version: str = "",
) -> list[Path]:
    """Write the requested formats for one child into ``out_dir``; return the paths."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    summary = build_summary(
        store,
        child_id,
        start,
        end,
        catalog,
        pseudonym=pseudonym,
        app_version=app_version,
        now=store.now,  # the computer's clock, as the store reads it
    )
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = base_name(summary)
    written: list[Path] = []
    for fmt in FORMATS:
        if fmt not in formats:
            continue
        path = out_dir / f"{stem}.{fmt}"
        if fmt == "pdf":
            from exporter.pdf import write_pdf

            write_pdf(path, summary, lambda tid: store.get_trial(tid, with_samples=True))
        elif fmt == "csv":
            from exporter.csv_export import write_csv

            write_csv(path, summary, store.trials(child_id, since=start, until=end))
        else:
            from exporter.json_export import write_json

            write_json(path, summary, month_batches(store, child_id, start, end))
        written.append(path)
    return written
