"""The data a clinic can use, end to end on a simulated child who played every game through
the real game logic: the CSV and its dictionary read by a strict reader, the JSON checked
against its shipped schema and re-scored from its raw data, tampering caught, and the FHIR
Bundle read back and matched to the store."""

from __future__ import annotations

import csv
import json
import socket
import statistics
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from exporter.csv_export import TRIAL_COLUMNS, dictionary_path, read_typed
from exporter.export import export_child
from exporter.json_export import SCHEMA_NAME, SCHEMA_PATH, ExportBundle
from exporter.schema_gen import schema_text
from progress.store import Store
from tinyhands.catalog import build_catalog
from tinyhands.cli import main

TODAY = date(2025, 6, 30)
GAMES = ("tracing", "tweezers", "beads", "puzzle")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Eight days of a demo child (every game, warm-ups, graded tasks, goals), exported."""
    from tinyhands.demo import run_demo

    out = tmp_path_factory.mktemp("demo")
    res = run_demo(8, out / "files", today=TODAY, formats=("csv", "json", "fhir"))
    files = {f.name: f for f in res.files}
    return res, files


def _main_file(files: dict[str, Path], suffix: str) -> Path:
    (path,) = [
        p
        for n, p in files.items()
        if n.endswith(suffix)
        and not n.endswith((".dictionary.csv", ".schema.json"))
        and not (suffix == ".json" and n.endswith(".fhir.json"))
    ]
    return path


def _store(res):
    return Store.open(res.data_dir, exclusive=False, auto_backup=False)


# ------------------------------------------------------------------------ metric specs
def test_every_measure_of_every_game_is_defined_once_in_its_spec():
    catalog = build_catalog()
    assert {g.id for g in catalog.games} >= set(GAMES)
    for g in catalog.games:
        assert g.success_rule_id and g.success_rule and g.metrics_version is not None
        for m in g.metrics:
            assert len(m.definition) > 20 and m.formula, f"{g.id}.{m.name} is not defined"
            assert m.tolerance >= 0


# ------------------------------------------------------------------------ CSV
def test_the_csv_has_a_row_per_trial_and_every_value_parses_by_its_declared_type(demo):
    res, files = demo
    path = _main_file(files, ".csv")
    rows = read_typed(path)  # raises at the first value that does not parse
    catalog = build_catalog()
    with _store(res) as store:
        (child,) = store.list_children()
        trials = store.trials(child.id)
        sessions = {s.id: s.uuid for s in store.sessions(child.id)}
    assert len(rows) == len(trials) and {r["game"] for r in rows} == set(GAMES)
    assert {r["kind"] for r in rows} >= {"warmup", "staircase", "graded"}
    by_uuid = {r["trial_uuid"]: r for r in rows}
    for t in trials:
        row = by_uuid[t.uuid]
        assert row["child_uuid"] == child.uuid and row["session_uuid"] == sessions[t.session_id]
        assert row["started_at"].utcoffset() is not None
        assert row["success"] is t.success and row["success_rule"] == t.success_rule
        assert row["success_rule_version"] == int(t.success_rule.split("/")[1])
        assert row["cue_level"] == t.cue_level
        info = catalog.get(t.game_id)
        for m in t.metrics:
            unit = info.metric(m.name).unit or "1"
            assert row[f"{t.game_id}.{m.name} [{unit}]"] == m.value
        for p in t.presented:
            assert any(
                h.startswith(f"{t.game_id}.presented.{p.name}")
                and (v == p.value or (p.value == "" and v is None))  # "" is an empty cell
                for h, v in row.items()
            )
    head = next(csv.reader(path.open(encoding="utf-8-sig")))
    for g in catalog.games:  # every measure of every game, with its unit, has a column
        for m in g.metrics:
            assert f"{g.id}.{m.name} [{m.unit or '1'}]" in head


def test_the_dictionary_defines_every_column_from_the_metric_specs(demo):
    _, files = demo
    path = _main_file(files, ".csv")
    head = next(csv.reader(path.open(encoding="utf-8-sig")))
    with dictionary_path(path).open(encoding="utf-8-sig", newline="") as f:
        decl = {r["column"]: r for r in csv.DictReader(f, strict=True)}
    assert list(decl) == head
    catalog = build_catalog()
    for name, d in decl.items():
        assert d["definition"] and d["type"] in (
            "text",
            "integer",
            "number",
            "boolean",
            "date",
            "datetime",
            "uuid",
        ), name
    for g in catalog.games:
        for m in g.metrics:
            d = decl[f"{g.id}.{m.name} [{m.unit or '1'}]"]
            assert m.definition in d["definition"] and d["formula"] == m.formula
            assert d["better"] == m.better and d["unit"] == (m.unit or "1")
    assert [c.header for c in TRIAL_COLUMNS] == head[: len(TRIAL_COLUMNS)]


def test_the_strict_reader_refuses_a_value_of_the_wrong_type(demo, tmp_path):
    _, files = demo
    path = _main_file(files, ".csv")
    text = path.read_text(encoding="utf-8-sig").splitlines()
    cells = next(csv.reader([text[1]]))
    cells[TRIAL_COLUMNS.index(next(c for c in TRIAL_COLUMNS if c.name == "success"))] = "yes"
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([text[0], ",".join(f'"{c}"' for c in cells)]), encoding="utf-8")
    from exporter.csv_export import CsvTypeError

    with pytest.raises(CsvTypeError, match="success"):
        read_typed(bad, dictionary_path(path))


# ------------------------------------------------------------------------ JSON
def test_the_shipped_schema_is_current():
    """Regenerate with `python -m tinyhands.make_schema` when this fails."""
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(build_catalog())


def test_the_json_validates_against_its_shipped_schema(demo):
    jsonschema = pytest.importorskip("jsonschema")
    _, files = demo
    data = json.loads(_main_file(files, ".json").read_text(encoding="utf-8"))
    assert data["$schema"] == SCHEMA_NAME and SCHEMA_NAME in files
    schema = json.loads(files[SCHEMA_NAME].read_text(encoding="utf-8"))
    assert schema == json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["frame"]["length_unit"] == "mm" and data["frame"]["y_axis"] == "down"
    cup = next(t for t in data["trials"] if t["game_id"] == "tweezers")["geometry"]["cups"][0]
    assert set(cup) == {"x_mm", "y_mm", "r_mm", "colour", "capacity"}  # named, not positional
    broken = dict(data, trials=[dict(data["trials"][0], kind="holiday")])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(broken)


def test_the_json_carries_every_uuid_and_the_raw_state_of_physics_moved_objects(demo):
    res, files = demo
    bundle = ExportBundle.model_validate_json(_main_file(files, ".json").read_text())
    with _store(res) as store:
        (child,) = store.list_children()
        assert bundle.child.uuid == child.uuid
        assert [s.uuid for s in bundle.sessions] == [s.uuid for s in store.sessions(child.id)]
        assert [t.uuid for t in bundle.trials] == [t.uuid for t in store.trials(child.id)]
    threads = [
        c
        for t in bundle.trials
        if t.game_id == "beads"
        for c in t.geometry["carries"]
        if c["outcome"] == "threaded"
    ]
    assert threads and all(c["bead_pose"] and c["needle"] for c in threads)
    assert all(len(c["track"]["t_ms"]) == len(c["track"]["angle_deg"]) >= 1 for c in threads)
    carries = [c for t in bundle.trials if t.game_id == "tweezers" for c in t.geometry["carries"]]
    assert carries and all(c["track"]["t_ms"] for c in carries if c["outcome"] == "placed")


# ------------------------------------------------------------------------ rescore
def _rescore(path: Path, capsys) -> tuple[int, str]:
    code = main(["rescore", str(path)])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_rescore_reproduces_every_stored_measure_of_every_game(demo, capsys):
    _, files = demo
    code, out = _rescore(_main_file(files, ".json"), capsys)
    assert code == 0, out
    assert "Every stored measure is reproduced" in out
    for g in GAMES:
        assert f"  {g}." in out  # every game's measures were compared
    assert "DIFFER" not in out and "not compared" not in out


def test_rescore_fails_loudly_on_a_tampered_file_and_names_the_trial(demo, tmp_path, capsys):
    _, files = demo
    data = json.loads(_main_file(files, ".json").read_text(encoding="utf-8"))
    beads = next(t for t in data["trials"] if t["game_id"] == "beads" and t["metrics"])
    tweezers = next(t for t in data["trials"] if t["game_id"] == "tweezers")
    m = next(m for m in beads["metrics"] if m["name"] == "beads_threaded")
    m["value"] += 1.0  # a better-looking result
    xs = tweezers["samples"]["x_mm"]
    tweezers["samples"]["x_mm"] = [x + 3.0 for x in xs]  # the raw data moved, not the measures
    tweezers["geometry"]["carries"][0]["t_pick_ms"] += 400.0
    bad = tmp_path / "tampered.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    code, out = _rescore(bad, capsys)
    assert code == 1
    assert f"{beads['uuid']}) beads_threaded" in out and "DIFFER" in out
    assert tweezers["uuid"] in out
    junk = tmp_path / "junk.json"
    junk.write_text('{"format": "tinyhands.export", "version": 3}', encoding="utf-8")
    code, out = _rescore(junk, capsys)
    assert code == 2 and "not a Tiny Hands export" in out


# ------------------------------------------------------------------------ FHIR
def test_the_fhir_bundle_validates_and_matches_the_store(demo):
    from fhir.resources.R4B.bundle import Bundle

    res, files = demo
    bundle = Bundle.model_validate_json(_main_file(files, ".fhir.json").read_text())
    kinds = [e.resource.get_resource_type() for e in bundle.entry]
    assert kinds[0] == "Patient" and "Observation" in kinds and "Goal" in kinds
    catalog = build_catalog()
    with _store(res) as store:
        (child,) = store.list_children()
        trials = store.trials(child.id)
        goals = store.list_goals(child.id)
    patient = bundle.entry[0].resource
    assert patient.id == child.uuid and patient.name[0].text == child.display_name
    expected: dict[tuple[str, str, str], list[float]] = {}
    for t in trials:
        if t.graded:
            continue
        for name in catalog.get(t.game_id).key_metrics:
            v = t.metric(name)
            if v is not None:
                expected.setdefault((f"{t.game_id}.{name}", t.local_date.isoformat()), []).append(v)
    observed = {}
    for e in bundle.entry:
        r = e.resource
        if r.get_resource_type() != "Observation":
            continue
        code = r.code.coding[0].code
        game, name = code.split(".")
        unit = catalog.get(game).metric(name).unit
        assert r.valueQuantity.system == "http://unitsofmeasure.org" and r.valueQuantity.code
        assert r.valueQuantity.unit == (unit or "1")
        assert r.subject.reference == e.fullUrl.replace(e.fullUrl, bundle.entry[0].fullUrl)
        observed[(code, str(r.effectiveDateTime))] = (
            float(r.valueQuantity.value),
            r.component[0].valueInteger,
        )
    assert set(observed) == set(expected)
    for key, values in expected.items():
        assert observed[key][0] == pytest.approx(statistics.median(values), abs=1e-6)
        assert observed[key][1] == len(values)
    fhir_goals = [e.resource for e in bundle.entry if e.resource.get_resource_type() == "Goal"]
    assert len(fhir_goals) == len(goals)
    for g, fg in zip(goals, fhir_goals, strict=True):
        assert fg.identifier[0].value == str(g.id)
        assert fg.lifecycleStatus == {"active": "active", "met": "completed"}.get(g.status)
        target = fg.target[0]
        assert target.measure.coding[0].code == f"{g.game_id}.{g.metric}"
        assert float(target.detailQuantity.value) == g.threshold
        assert target.detailQuantity.comparator == (">=" if g.comparison == "at_least" else "<=")
        assert fg.achievementStatus.coding[0].code in ("achieved", "in-progress")


def test_a_pseudonymised_fhir_export_names_no_one_and_opens_no_socket(demo, tmp_path, monkeypatch):
    res, _ = demo

    def no_network(*args, **kwargs):
        raise AssertionError("the exporter tried to open a network socket")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    with _store(res) as store:
        (child,) = store.list_children()
        days = [t.local_date for t in store.trials(child.id)]
        (path,) = export_child(
            store,
            child.id,
            min(days),
            max(days),
            build_catalog(),
            ["fhir"],
            tmp_path,
            pseudonym="Child Q7K2",
        )
    text = path.read_text(encoding="utf-8")
    assert child.display_name not in text and "Child Q7K2" in text
    from fhir.resources.R4B.bundle import Bundle

    patient = Bundle.model_validate_json(text).entry[0].resource
    assert patient.name is None and patient.birthDate is None


def test_the_export_command_takes_fhir(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "tinyhands", "export", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "fhir" in out.stdout
