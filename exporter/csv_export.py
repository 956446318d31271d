"""CSV: one row per trial, every measure a column with its unit in the header, and a data
dictionary beside it (a second CSV) that defines every column.

Header names: ``game.measure [unit]`` for a measure (``tracing.mean_deviation [mm]``),
``game.presented.name [unit]`` for what the child was shown (``tracing.presented.band_mm
[mm]``), and plain names for the trial's own fields. A cell is empty where a trial has no
such value (another game's measure, a measure the input could not give). The dictionary says
each column's type (text, integer, number, boolean 1/0, date, datetime with UTC offset,
uuid), unit, which way is better and, for a measure, its definition and formula, all read
from the games' metric specs; ``read_typed`` is a strict reader that holds a file to it.

Text that a spreadsheet would run as a formula (``= + - @``, also after leading spaces and as
full-width signs ``＝ ＋ － ＠``, or starting with a tab or carriage return) gets a leading
single quote (OWASP, "CSV Injection"), so a child named ``=HYPERLINK(...)`` stays text.
Numbers are written as numbers. UTF-8 with a byte-order mark, so spreadsheet programs read
accents and other scripts correctly.
"""

from __future__ import annotations

import csv
import math
import unicodedata
import uuid as uuid_mod
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Any

from exporter.catalog import GameCatalog, MetricInfo
from exporter.files import write_with
from exporter.i18n import N_, _
from progress.models import Trial

FORMULA_STARTS = ("=", "+", "-", "@")
CONTROL_STARTS = ("\t", "\r", "\n")
TYPES = ("text", "integer", "number", "boolean", "date", "datetime", "uuid")
DICTIONARY_COLUMNS = (
    "column",
    "type",
    "unit",
    "required",
    "game",
    "better",
    "definition",
    "formula",
    "values",
)


def safe_cell(value: object) -> object:
    """Neutralise spreadsheet formulas in text; numbers and None pass unchanged.

    NFKC folds the full-width signs (＝ ＋ － ＠) to their ASCII forms, and leading
    white space is skipped, because spreadsheets skip it too before reading a formula.
    """
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(CONTROL_STARTS):
        return "'" + value
    folded = unicodedata.normalize("NFKC", value).lstrip()
    if folded.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def ucum(unit: str) -> str:
    """The unit as written in headers and FHIR: UCUM, "1" for a dimensionless value."""
    return {"": "1", "count": "{count}", "1/min": "/min"}.get(unit, unit)


def shown_unit(unit: str) -> str:
    """The unit as a header shows it: the game's own, "1" for a dimensionless number."""
    return unit or "1"


def header(name: str, unit: str) -> str:
    return f"{name} [{unit}]" if unit else name


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the CSV and its line in the dictionary."""

    name: str
    type: str
    unit: str = ""
    required: bool = True
    game: str = ""
    better: str = ""
    definition: str = ""
    formula: str = ""
    values: str = ""  # the allowed values of a coded text column, "|"-separated

    @property
    def header(self) -> str:
        return header(self.name, self.unit)

    def row(self) -> list[object]:
        return [
            self.header,
            self.type,
            self.unit,
            "yes" if self.required else "no",
            self.game,
            self.better,
            self.definition,
            self.formula,
            self.values,
        ]


TRIAL_COLUMNS: tuple[Column, ...] = (
    Column(
        "child",
        "text",
        definition=N_(
            "The child's name as typed, or the pseudonym when the"
            " export was pseudonymised (--pseudonym)."
        ),
    ),
    Column(
        "child_uuid",
        "uuid",
        definition=N_(
            "The child's stable identifier: the same on every"
            " device and in every export, never derived from the name."
        ),
    ),
    Column(
        "session_uuid",
        "uuid",
        required=False,
        definition=N_(
            "The practice session (one"
            " sitting) the trial belongs to; empty for a trial saved outside a session."
        ),
    ),
    Column(
        "trial_uuid",
        "uuid",
        definition=N_(
            "The trial's stable identifier (records of two devices merge without duplicates)."
        ),
    ),
    Column("trial_id", "integer", definition=N_("The trial's number in this device's store.")),
    Column(
        "started_at",
        "datetime",
        definition=N_(
            "When the trial started: local date and time"
            " as it was on the device, ISO 8601 with its UTC offset."
        ),
    ),
    Column(
        "local_date", "date", definition=N_("The child's calendar day of the trial (ISO 8601).")
    ),
    Column("game", "text", definition=N_("The game played (its id).")),
    Column(
        "kind",
        "text",
        values="warmup|staircase|graded|unrecorded",
        definition=N_(
            "How the"
            " trial was chosen: warmup = an easier start after a gap; staircase = home practice"
            " at the adaptive level; graded = a therapist's graded task at a fixed grade;"
            " unrecorded = stored before the program recorded it."
        ),
    ),
    Column(
        "cue_level",
        "text",
        required=False,
        values="independent|verbal_cue|demonstration|physical_help",
        definition=N_(
            "The cue the therapist gave during a graded task; empty outside graded tasks."
        ),
    ),
    Column(
        "success",
        "boolean",
        definition=N_("1 when the trial met the game's success rule (success_rule), else 0."),
    ),
    Column(
        "success_rule",
        "text",
        required=False,
        definition=N_(
            "The game's versioned success rule (game/version; empty for a trial"
            " stored before rules were versioned); the rules' words are in this row's values."
        ),
    ),
    Column(
        "success_rule_version",
        "integer",
        required=False,
        definition=N_(
            "The version of the success rule; empty for a trial stored before rules were versioned."
        ),
    ),
    Column(
        "interrupted",
        "boolean",
        definition=N_("1 when the round was left before its end (never a success)."),
    ),
    Column(
        "score",
        "number",
        "1",
        better="higher",
        definition=N_(
            "The graded result 0..1 the"
            " difficulty controller used (1 = everything done at its best)."
        ),
    ),
    Column(
        "requested_difficulty",
        "number",
        "1",
        definition=N_(
            "The difficulty (0 = easiest,"
            " 1 = hardest) the trial was requested at, on the game's ladder."
        ),
    ),
    Column(
        "tracked_difficulty",
        "number",
        "1",
        required=False,
        definition=N_(
            "The staircase's"
            " own value at the time (a warm-up is presented below it); empty when not recorded."
        ),
    ),
    Column(
        "bound_low",
        "number",
        "1",
        required=False,
        definition=N_("The lowest difficulty the home program allowed then."),
    ),
    Column(
        "bound_high",
        "number",
        "1",
        required=False,
        definition=N_("The highest difficulty the home program allowed then."),
    ),
    Column(
        "at_bound",
        "text",
        required=False,
        values="low|high",
        definition=N_(
            "Whether the difficulty sat at a bound of the program (empty: between them)."
        ),
    ),
    Column(
        "duration",
        "number",
        "s",
        definition=N_(
            "Time the round took: the longer of the samples' span and the round's own clock."
        ),
    ),
    Column(
        "samples",
        "integer",
        "count",
        definition=N_(
            "Pointer samples stored with the trial (the raw data is in the JSON export)."
        ),
    ),
    Column(
        "metrics_version",
        "integer",
        definition=N_("The version of the game's metric code that computed the measures."),
    ),
    Column(
        "app_version",
        "text",
        required=False,
        definition=N_("The program's version that stored the trial."),
    ),
)


def _is_number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def plan_columns(catalog: GameCatalog, trials: Sequence[Trial]) -> list[Column]:
    """Every column of this file: the trial fields, then per game (catalog order, then any
    game only the data knows) what was presented and every measure it declares."""
    # the definitions in the report's language; names, types and units stay as they are
    cols = [replace(c, definition=_(c.definition)) for c in TRIAL_COLUMNS]
    order = [g.id for g in catalog.games]
    order += sorted({t.game_id for t in trials} - set(order))
    presented: dict[str, dict[str, tuple[str, str, bool]]] = {}
    seen_metrics: dict[str, dict[str, str]] = {}
    for t in trials:
        pres = presented.setdefault(t.game_id, {})
        for p in t.presented:
            unit, label, numeric = pres.get(p.name, (p.unit, p.label, True))
            pres[p.name] = (unit or p.unit, label or p.label, numeric and _is_number(p.value))
        ms = seen_metrics.setdefault(t.game_id, {})
        for m in t.metrics:
            ms.setdefault(m.name, m.unit)
    for gid in order:
        info = catalog.get(gid)
        for name, (unit, label, numeric) in sorted(presented.get(gid, {}).items()):
            cols.append(
                Column(
                    f"{gid}.presented.{name}",
                    "number" if numeric else "text",
                    shown_unit(unit) if unit or numeric else "",
                    required=False,
                    game=gid,
                    definition=_("Presented to the child: %(what)s (empty: another game).")
                    % {"what": _(label) if label else name},
                )
            )
        declared: list[MetricInfo] = list(info.metrics) if info else []
        names = {m.name for m in declared}
        extra = [
            MetricInfo(name=n, unit=u, definition=_("A measure stored by another version."))
            for n, u in seen_metrics.get(gid, {}).items()
            if n not in names
        ]
        for m in declared + extra:
            cols.append(
                Column(
                    f"{gid}.{m.name}",
                    "number",
                    shown_unit(m.unit),
                    required=False,
                    game=gid,
                    better=m.better,
                    definition=" ".join(
                        x
                        for x in (
                            f"{_(m.title)}.",
                            _(m.definition) if m.definition else "",
                            _("Empty where the trial could not measure it."),
                        )
                        if x
                    ),
                    formula=m.formula,
                )
            )
    return cols


def _tz(offset_min: int) -> timezone:
    return timezone(timedelta(minutes=offset_min))


def _num(v: float | None, digits: int = 6) -> object:
    return "" if v is None else round(float(v), digits)


def trial_row(
    t: Trial,
    cols: Sequence[Column],
    child: str,
    child_uuid: str,
    session_uuids: Mapping[int, str],
) -> list[object]:
    rule_version = t.success_rule.rpartition("/")[2]
    fixed: dict[str, object] = {
        "child": child,
        "child_uuid": child_uuid,
        "session_uuid": session_uuids.get(t.session_id, "") if t.session_id is not None else "",
        "trial_uuid": t.uuid,
        "trial_id": t.id,
        "started_at": t.started_at.astimezone(_tz(t.utc_offset_min)).isoformat(timespec="seconds"),
        "local_date": t.local_date.isoformat(),
        "game": t.game_id,
        "kind": t.kind,
        "cue_level": t.cue_level or "",
        "success": int(t.success),
        "success_rule": t.success_rule,
        "success_rule_version": int(rule_version) if rule_version.isdigit() else "",
        "interrupted": int(t.interrupted),
        "score": _num(t.score),
        "requested_difficulty": _num(t.difficulty),
        "tracked_difficulty": _num(t.tracked_difficulty),
        "bound_low": _num(t.bound_low),
        "bound_high": _num(t.bound_high),
        "at_bound": t.at_bound or "",
        "duration": _num(t.duration_s, 3),
        "samples": t.sample_count,
        "metrics_version": t.metrics_version,
        "app_version": t.app_version,
    }
    for p in t.presented:
        fixed[f"{t.game_id}.presented.{p.name}"] = p.value
    for m in t.metrics:
        fixed[f"{t.game_id}.{m.name}"] = m.value if math.isfinite(m.value) else ""
    return [safe_cell(fixed.get(c.name, "")) for c in cols]


def dictionary_path(csv_path: Path) -> Path:
    """Where the dictionary of ``x.csv`` is written: ``x.dictionary.csv`` beside it."""
    return csv_path.with_name(csv_path.stem + ".dictionary.csv")


def write_csv(
    path: Path,
    trials: Iterable[Trial],
    catalog: GameCatalog,
    *,
    child: str,
    child_uuid: str,
    session_uuids: Mapping[int, str],
) -> list[Path]:
    """Write the trials CSV and its dictionary; return both paths."""
    trials = list(trials)
    cols = plan_columns(catalog, trials)
    rules = {
        g.success_rule_id: g.success_rule_text() for g in catalog.games if g.success_rule_id
    } | {t.success_rule: "" for t in trials if t.success_rule}

    def fill(f: IO[str]) -> None:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow([c.header for c in cols])
        for t in trials:
            w.writerow(trial_row(t, cols, child, child_uuid, session_uuids))

    def fill_dictionary(f: IO[str]) -> None:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(DICTIONARY_COLUMNS)
        for c in cols:
            if c.name == "success_rule":
                known = "; ".join(f"{rid}: {text}" for rid, text in sorted(rules.items()) if text)
                c = Column(**{**_fields(c), "values": known})
            w.writerow([safe_cell(v) for v in c.row()])

    write_with(path, fill, "w", encoding="utf-8-sig", newline="")
    dpath = write_with(
        dictionary_path(path), fill_dictionary, "w", encoding="utf-8-sig", newline=""
    )
    return [path, dpath]


def _fields(c: Column) -> dict[str, Any]:
    return {k: getattr(c, k) for k in Column.__slots__}


# -------------------------------------------------------------------------- strict reading
class CsvTypeError(ValueError):
    """A cell that does not parse by its column's declared type."""


def _parse(text: str, kind: str, where: str) -> object:
    if kind == "text":
        return text
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            v = float(text)
            if not math.isfinite(v):
                raise ValueError("not finite")
            return v
        if kind == "boolean":
            if text not in ("0", "1"):
                raise ValueError("not 0 or 1")
            return text == "1"
        if kind == "date":
            return date.fromisoformat(text)
        if kind == "datetime":
            dt = datetime.fromisoformat(text)
            if dt.utcoffset() is None:
                raise ValueError("no UTC offset")
            return dt
        if kind == "uuid":
            return str(uuid_mod.UUID(text))
    except ValueError as exc:
        raise CsvTypeError(f"{where}: {text!r} is not a valid {kind} ({exc})") from None
    raise CsvTypeError(f"{where}: the dictionary declares an unknown type {kind!r}")


def read_typed(csv_path: Path, dictionary: Path | None = None) -> list[dict[str, object]]:
    """Every row of an exported CSV with every value parsed by the type its dictionary
    declares; raises ``CsvTypeError`` at the first cell that does not parse, a required
    cell left empty, a coded value outside its list, or a column the dictionary lacks."""
    dictionary = dictionary or dictionary_path(Path(csv_path))
    with open(dictionary, encoding="utf-8-sig", newline="") as f:
        decl = {r["column"]: r for r in csv.DictReader(f, strict=True)}
    out: list[dict[str, object]] = []
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, strict=True)
        head = next(reader)
        missing = [h for h in head if h not in decl]
        if missing:
            raise CsvTypeError(f"columns not in the dictionary: {', '.join(missing)}")
        for n, row in enumerate(reader, start=2):
            if len(row) != len(head):
                raise CsvTypeError(f"line {n}: {len(row)} cells for {len(head)} columns")
            parsed: dict[str, object] = {}
            for h, cell in zip(head, row, strict=True):
                d = decl[h]
                where = f"line {n}, column {h!r}"
                if cell == "":
                    if d["required"] == "yes":
                        raise CsvTypeError(f"{where}: a required value is empty")
                    parsed[h] = None
                    continue
                if d["values"] and h != "success_rule" and cell not in d["values"].split("|"):
                    raise CsvTypeError(f"{where}: {cell!r} is not one of {d['values']}")
                parsed[h] = _parse(cell, d["type"], where)
            out.append(parsed)
    return out
