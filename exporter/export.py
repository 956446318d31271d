"""Export one child: build the Summary once, then write each requested format atomically."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

from exporter.build import build_summary
from exporter.catalog import GameCatalog
from exporter.files import private_dir, slug
from exporter.i18n import report_language
from exporter.summary import Summary
from progress.models import Trial
from progress.store import Store

FORMATS = ("pdf", "csv", "json", "fhir")
#: what the grown-ups' screen and a bare `tinyhands export` write (FHIR when asked for)
DEFAULT_FORMATS = ("pdf", "csv", "json")
#: what each format's main file ends with
SUFFIXES = {"pdf": ".pdf", "csv": ".csv", "json": ".json", "fhir": ".fhir.json"}
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
    on_progress: Callable[[int, int, str], None] | None = None,
    lang: str = "en",
) -> list[Path]:
    """Write the requested formats for one child into ``out_dir``; return the paths (a
    format may write more than one file: the CSV's dictionary, the JSON's schema).

    ``on_progress(done, total, what)`` is told each step (reading, then each format), so
    a screen or a terminal can show how far the export has got. ``lang`` is the report's
    language (``exporter.i18n``): every sentence, label and header text is written in it;
    file names, column names, JSON keys, codes and units are the same in every language."""
    with report_language(lang):
        return _export(
            store,
            child_id,
            start,
            end,
            catalog,
            formats,
            out_dir,
            pseudonym,
            app_version,
            on_progress,
        )


def _export(
    store: Store,
    child_id: int,
    start: date,
    end: date,
    catalog: GameCatalog,
    formats: Sequence[str],
    out_dir: Path,
    pseudonym: str | None,
    app_version: str,
    on_progress: Callable[[int, int, str], None] | None,
) -> list[Path]:
    steps = 1 + len([f for f in FORMATS if f in formats])

    def step(done: int, what: str) -> None:
        if on_progress is not None:
            on_progress(done, steps, what)

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    step(0, "reading the practice")
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
    private_dir(out_dir)
    stem = base_name(summary)
    written: list[Path] = []
    child = store.get_child(child_id)
    sessions = store.sessions(child_id, since=start, until=end)
    session_uuids = {x.id: x.uuid for x in sessions}
    for fmt in FORMATS:
        if fmt not in formats:
            continue
        path = out_dir / f"{stem}{SUFFIXES[fmt]}"
        step(len(written) + 1, f"writing the {fmt.upper()}")
        if fmt == "pdf":
            from exporter.pdf import write_pdf

            written.append(
                write_pdf(path, summary, lambda tid: store.get_trial(tid, with_samples=True))
            )
        elif fmt == "csv":
            from exporter.csv_export import write_csv

            written += write_csv(
                path,
                store.trials(child_id, since=start, until=end),
                catalog,
                child=summary.child.name,
                child_uuid=child.uuid,
                session_uuids=session_uuids,
            )
        elif fmt == "json":
            from exporter.json_export import ChildRecord, write_json

            written += write_json(
                path,
                summary,
                month_batches(store, child_id, start, end),
                child=ChildRecord(
                    uuid=child.uuid,
                    name=summary.child.name,
                    pseudonymised=summary.child.pseudonymised,
                ),
                catalog=catalog,
                sessions=sessions,
            )
        else:
            from exporter.fhir_export import build_bundle, write_fhir

            bundle = build_bundle(
                summary,
                store.trials(child_id, since=start, until=end),
                [g for g in store.list_goals(child_id)],
                catalog,
                child_uuid=child.uuid,
                birth_year=child.birth_year,
            )
            written.append(write_fhir(path, bundle))
    step(steps, "done")
    return written
