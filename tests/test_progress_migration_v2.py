"""Schema V2: a file written by V1 comes forward with nothing lost, and the new per-trial
fields (kind, presented task, bounds, success rule, interruption) and UUIDs round-trip."""

from __future__ import annotations

import sqlite3
import uuid

import pytest
from pydantic import ValidationError

from progress import schema
from progress.models import ClinicalRecord, PresentedValue, TrialIn
from progress.paths import DB_NAME
from progress.store import Store


def _v1_file(path, trials: int = 5) -> None:
    """A data file exactly as Tiny Hands V1 wrote it: two children, sessions, trials."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    schema.migrate(db, schema.MIGRATIONS[:1])
    for name in ("Mia", "Noah"):
        db.execute(
            "INSERT INTO child (display_name, avatar, handedness, created_utc)"
            " VALUES (?, 'cat', 'right', '2026-01-01T10:00:00+00:00')",
            (name,),
        )
    db.execute(
        "INSERT INTO practice_session (child_id, device, input_kind, started_utc, local_date,"
        " utc_offset_min, minutes) VALUES (1, 'Linux', 'touch', '2026-01-02T10:00:00+00:00',"
        " '2026-01-02', 60, 4.5)"
    )
    for i in range(trials):
        db.execute(
            "INSERT INTO trial (child_id, session_id, game_id, difficulty, params_json,"
            " started_utc, local_date, utc_offset_min, duration_s, success, score,"
            " metrics_json, metrics_version, geometry_json, graded, cue_level, app_version,"
            " sample_count) VALUES (1, 1, 'tracing', ?, '{\"band_mm\": 12.0}', ?, '2026-01-02',"
            ' 60, 20.5, 1, 0.9, \'[{"name":"mean_dev_mm","value":1.5,"unit":"mm"}]\', 1,'
            " '{\"seed\": 7}', ?, ?, '0.1.0', 0)",
            (
                0.1 * i,
                f"2026-01-02T10:0{i}:00+00:00",
                int(i == trials - 1),
                "verbal_cue" if i == trials - 1 else None,
            ),
        )
    db.close()


def test_a_v1_file_comes_forward_with_nothing_lost(tmp_path):
    _v1_file(tmp_path / DB_NAME)
    with Store.open(tmp_path) as store:
        assert store.connection.execute("PRAGMA user_version").fetchone()[0] == 2
        kids = store.list_children()
        assert [c.display_name for c in kids] == ["Mia", "Noah"]
        assert all(uuid.UUID(c.uuid).version == 4 for c in kids)
        assert kids[0].uuid != kids[1].uuid
        assert kids[0].record == ClinicalRecord()
        trials = store.trials(kids[0].id)
        assert len(trials) == 5
        assert [t.difficulty for t in trials] == pytest.approx([0.0, 0.1, 0.2, 0.3, 0.4])
        assert [t.kind for t in trials] == ["unrecorded"] * 4 + ["graded"]
        assert trials[-1].cue_level == "verbal_cue"
        assert trials[0].metric("mean_dev_mm") == 1.5 and trials[0].params["band_mm"] == 12.0
        assert len({t.uuid for t in trials}) == 5
        assert all(uuid.UUID(t.uuid).version == 4 for t in trials)
        assert trials[0].presented == [] and trials[0].success_rule == ""
        session = store.sessions(kids[0].id)[0]
        assert session.minutes == 4.5 and uuid.UUID(session.uuid)


def test_new_fields_round_trip_and_uuids_are_made(store_dir):
    with Store.open(store_dir) as store:
        record = ClinicalRecord(record_number="R-17", therapist="J. Ortiz")
        child = store.add_child("Ada", record=record)
        assert child.record.record_number == "R-17" and uuid.UUID(child.uuid)
        session = store.start_session(child.id, "Linux", "touch")
        trial = TrialIn(
            child_id=child.id,
            session_id=session.id,
            game_id="tracing",
            difficulty=0.62,
            duration_s=12.0,
            success=True,
            score=0.9,
            kind="warmup",
            tracked_difficulty=0.7,
            presented=[PresentedValue(name="band_mm", value=4.8, unit="mm", label="Road width")],
            bound_low=0.0,
            bound_high=0.62,
            at_bound="high",
            success_rule="tracing/1",
        )
        tid = store.save_trial(trial)
        got = store.get_trial(tid)
        assert got.kind == "warmup" and got.tracked_difficulty == 0.7
        assert got.presented_value("band_mm") == 4.8 and got.presented[0].unit == "mm"
        assert (got.bound_low, got.bound_high, got.at_bound) == (0.0, 0.62, "high")
        assert got.success_rule == "tracing/1" and not got.interrupted
        assert uuid.UUID(got.uuid).version == 4
        assert store.trials(child.id)[0] == got.model_copy(update={"samples": None})


def test_kind_and_graded_agree():
    base = dict(child_id=1, game_id="g", difficulty=0.5, duration_s=1.0, success=True, score=1)
    assert TrialIn(**base, graded=True).kind == "graded"
    assert TrialIn(**base, kind="graded").graded
    with pytest.raises(ValidationError):
        TrialIn(**base, graded=True, kind="warmup")
    with pytest.raises(ValidationError):
        TrialIn(**base, interrupted=True)  # success=True: an interrupted round never succeeds
    assert TrialIn(**{**base, "success": False}, interrupted=True).interrupted


def test_a_kind_the_schema_does_not_know_is_refused_by_the_file(store_dir):
    with Store.open(store_dir) as store:
        child = store.add_child("Ada")
        with pytest.raises(sqlite3.IntegrityError):
            store.connection.execute(
                "INSERT INTO trial (child_id, game_id, difficulty, params_json, started_utc,"
                " local_date, utc_offset_min, duration_s, success, score, metrics_json,"
                " metrics_version, geometry_json, graded, app_version, sample_count, kind)"
                " VALUES (?, 'g', 0, '{}', 'x', 'x', 0, 0, 0, 0, '[]', 1, '{}', 0, '', 0,"
                " 'made-up')",
                (child.id,),
            )


def test_a_backup_of_the_v1_file_is_taken_before_it_is_migrated(tmp_path):
    """The step to V2 is one transaction, but the file a grown-up may want back is the one
    from before it: a V1 backup (children and trials intact) is kept beside the new file."""
    _v1_file(tmp_path / DB_NAME)
    with Store.open(tmp_path) as store:
        backups = store.list_backups()
        assert backups, "no backup was taken before the migration"
    first = sqlite3.connect(backups[0])
    try:
        assert first.execute("PRAGMA user_version").fetchone()[0] == 1
        assert first.execute("SELECT COUNT(*) FROM trial").fetchone()[0] == 5
        assert first.execute("SELECT COUNT(*) FROM child").fetchone()[0] == 2
    finally:
        first.close()
