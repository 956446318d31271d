"""``tinyhands export``: the therapist's reports from the command line.

The composition root passes ``catalog_factory`` (a zero-argument callable returning the
GameCatalog), so this module never imports the engine or the games. Every failure a
grown-up can meet (unknown child, a name shared by two children, bad dates, an unwritable
folder) ends with a clear message on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from exporter.catalog import GameCatalog

CatalogFactory = Callable[[], GameCatalog]


class ExportError(Exception):
    """A problem the person exporting can fix; its message says how."""


#: (the parsed arguments, the report-language setting, the app-language setting) -> the
#: report's language; the composition root gives it (tinyhands.language), else English
LanguageChooser = Callable[[argparse.Namespace, str | None, str | None], str]


def add_commands(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    catalog_factory: CatalogFactory,
    choose_language: LanguageChooser | None = None,
) -> None:
    export = subparsers.add_parser(
        "export",
        help="write a child's practice summary (PDF) and data (CSV, JSON, FHIR)",
        description=(
            "Write a summary a therapist can file (PDF) and the data behind it: CSV, one row "
            "per trial with a data dictionary beside it; JSON, with the raw samples and its "
            "JSON Schema beside it, re-scorable with `tinyhands rescore`; FHIR R4B, a Bundle "
            "with the child, a measure per practice day and the goals. Files are written "
            "atomically."
        ),
    )
    who = export.add_mutually_exclusive_group(required=True)
    who.add_argument("--child", metavar="NAME", help="the child's name, exactly as listed")
    who.add_argument("--id", type=int, metavar="ID", help="the child's number (see `children`)")
    who.add_argument("--all", action="store_true", help="export every child")
    export.add_argument("--from", dest="date_from", metavar="DATE", help="first day, YYYY-MM-DD")
    export.add_argument("--to", dest="date_to", metavar="DATE", help="last day, YYYY-MM-DD")
    export.add_argument(
        "--format",
        default="pdf,csv,json",
        help="comma-separated: pdf, csv, json, fhir (default: pdf,csv,json)",
    )
    export.add_argument("--out", type=Path, default=Path("."), help="folder for the files")
    export.add_argument(
        "--report-lang",
        metavar="LANG",
        default=None,
        help="the report's language: en, es or fr (default: the report-language setting, "
        "else the app's language: --lang, its setting, the system's)",
    )
    export.add_argument(
        "--pseudonym", action="store_true", help="replace the child's name with a random code"
    )
    export.add_argument(
        "--progress",
        action="store_true",
        help="print a line 'progress DONE/TOTAL WHAT' as each step starts (for other programs)",
    )
    export.set_defaults(
        func=lambda args: run_export(args, catalog_factory), choose_language=choose_language
    )


# practice cannot be older than the program nor far in the future; the dates stay well away
# from date.min/date.max, which a report's week and month arithmetic would overflow
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2200, 12, 31)


def _parse_day(text: str | None, what: str) -> date | None:
    if text is None:
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ExportError(f"{what} {text!r} is not a date; write it as YYYY-MM-DD") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ExportError(
            f"{what} {day} is outside the days a report can cover; give a date between "
            f"{FIRST_DAY} and {LAST_DAY} (or leave {what} out for all the practice)"
        )
    return day


def _formats(text: str) -> list[str]:
    from exporter.export import FORMATS

    wanted = [f.strip().lower() for f in text.split(",") if f.strip()]
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        raise ExportError(
            f"unknown format {', '.join(bad) or text!r}; choose from {', '.join(FORMATS)}"
        )
    return wanted


def _pick_children(store, args: argparse.Namespace) -> list:  # type: ignore[no-untyped-def]
    from progress.errors import NotFoundError

    if args.all:
        children = store.list_children()
        if not children:
            raise ExportError(f"there are no children in {store.data_dir}")
        return children
    if args.id is not None:
        try:
            return [store.get_child(args.id)]
        except NotFoundError:
            raise ExportError(f"there is no child number {args.id} in {store.data_dir}") from None
    found = store.find_children(args.child)
    if not found:
        known = ", ".join(f"{c.display_name!r} (id {c.id})" for c in store.list_children())
        raise ExportError(
            f"there is no child named {args.child!r} in {store.data_dir}"
            + (f"; the children are: {known}" if known else "; it has no children yet")
        )
    if len(found) > 1:
        listed = "; ".join(
            f"id {c.id}: {c.display_name!r}, added {c.created:%Y-%m-%d}" for c in found
        )
        raise ExportError(
            f"{len(found)} children are named {args.child!r} ({listed}); "
            "choose one with --id ID instead of --child"
        )
    return found


def _progress_line(done: int, total: int, what: str) -> None:
    print(f"progress {done}/{total} {what}", flush=True)


def _progress(done: int, total: int, label: str) -> None:
    filled = round(20 * done / total) if total else 20
    print(
        f"[{'#' * filled}{'.' * (20 - filled)}] {done}/{total} {label}",
        file=sys.stderr,
        flush=True,
    )


def run_export(args: argparse.Namespace, catalog_factory: CatalogFactory) -> int:
    try:
        return _run(args, catalog_factory)
    except ExportError as exc:
        print(f"tinyhands export: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ntinyhands export: stopped; files already written are complete.", file=sys.stderr)
        return 1
    except Exception as exc:  # a grown-up gets a sentence, not a traceback
        from progress.errors import StoreError

        if isinstance(exc, StoreError | OSError | ValueError):
            print(f"tinyhands export: {exc}", file=sys.stderr)
        else:
            print(
                f"tinyhands export: the export failed ({type(exc).__name__}: {exc}); no partial "
                "files were left behind.",
                file=sys.stderr,
            )
        return 1


def _report_language(args: argparse.Namespace, data_dir: Path) -> str:
    """``--report-lang``, else the setting, else the app's language (see
    ``tinyhands.language.choose_report_language``); an unknown code is refused."""
    from assets.i18n import catalogue_languages
    from progress.settings import load_settings

    shipped = catalogue_languages("report")
    wanted = getattr(args, "report_lang", None)
    if wanted and wanted.lower() not in shipped:
        raise ExportError(f"--report-lang {wanted}: the report is written in {', '.join(shipped)}")
    settings = load_settings(data_dir)
    chooser = getattr(args, "choose_language", None)
    if chooser is None:  # no composition root: --report-lang, else a shipped setting
        for lang in (wanted, settings.report_language):
            if lang and lang.lower() in shipped:
                return lang.lower()
        return "en"
    return chooser(args, settings.report_language, settings.language)


def _run(args: argparse.Namespace, catalog_factory: CatalogFactory) -> int:
    from exporter.export import export_child, new_pseudonym
    from exporter.period import default_period
    from progress.decision import DECISION_NAME
    from progress.paths import DB_NAME, resolve_data_dir
    from progress.store import Store

    start = _parse_day(args.date_from, "--from")
    end = _parse_day(args.date_to, "--to")
    if start and end and start > end:
        raise ExportError(f"--from {start} is after --to {end}")
    formats = _formats(args.format)
    data_dir = resolve_data_dir(getattr(args, "data_dir", None), writable=False)
    if not (data_dir / DB_NAME).exists() and not (data_dir / DECISION_NAME).exists():
        raise ExportError(f"there is no Tiny Hands data in {data_dir} (use --data-dir?)")
    # Read-only: works on a read-only folder or drive, and never makes a new file.
    with Store.open_readonly(data_dir) as store:
        children = _pick_children(store, args)
        catalog = catalog_factory()
        report_lang = _report_language(args, data_dir)
        total = len(children)
        for n, child in enumerate(children, 1):
            # One rule for every report (exporter.period): the period ends no earlier than
            # the child's latest recorded day, whatever the clock says.
            d_start, d_end = default_period(store, child)
            c_start = start or d_start
            c_end = end or max(d_end, c_start)
            if c_start > c_end:
                c_start = c_end
            pseudonym = new_pseudonym() if args.pseudonym else None
            files = export_child(
                store,
                child.id,
                c_start,
                c_end,
                catalog,
                formats,
                args.out,
                pseudonym=pseudonym,
                on_progress=_progress_line if args.progress else None,
                lang=report_lang,
            )
            who = f"{pseudonym} (child id {child.id})" if pseudonym else f"{child.display_name}"
            if args.all:
                _progress(n, total, who)
            for f in files:
                print(f"{who}: wrote {f}", flush=True)
            if pseudonym and args.progress:
                print(f"pseudonym {pseudonym}", flush=True)
    return 0
