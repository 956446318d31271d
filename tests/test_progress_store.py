"""The store: children, sessions, trials, state, programs, goals, rewards, schema, names."""

from __future__ import annotations

import math
import os
import sqlite3
import stat
import sys
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from progress import schema
from progress.errors import NotFoundError, StoreError
from progress.models import GasLevels, GoalIn, HomeProgram, MetricValue, TrialIn
from progress.paths import DB_NAME
from progress.samples import Sample, SampleCodecError, decode_samples, encode_samples
from progress.store import Store

POSIX = sys.platform != "win32"


def test_pragmas_are_set_on_every_connection(store_dir):
    with Store.open(store_dir) as store:
        db = store.connection
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert db.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    with Store.open(store_dir) as store:  # reopened: set again, not remembered by luck
        assert store.connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.connection.execute("PRAGMA synchronous").fetchone()[0] == 2


def test_children_add_list_get_find_remove(store_dir):
    with Store.open(store_dir) as store:
        a = store.add_child("Ada", avatar="fox", handedness="left", birth_year=2019)
        b = store.add_child("Ben")
        twin = store.add_child("Ada")
        assert [c.display_name for c in store.list_children()] == ["Ada", "Ben", "Ada"]
        assert store.get_child(a.id) == a
        assert a.avatar == "fox" and a.handedness == "left" and a.birth_year == 2019
        assert a.created.tzinfo is not None
        assert [c.id for c in store.find_children("Ada")] == [a.id, twin.id]
        assert store.find_children("ada") == []
        store.remove_child(b.id)
        assert [c.id for c in store.list_children()] == [a.id, twin.id]
        with pytest.raises(NotFoundError):
            store.get_child(b.id)
        with pytest.raises(NotFoundError):
            store.remove_child(b.id)


@pytest.mark.parametrize("bad", ["", "   ", "a\nb", "nul\x00", "x" * 201, "\ud800"])
def test_unusable_names_are_refused_in_words(store_dir, bad):
    with Store.open(store_dir) as store:
        with pytest.raises(ValidationError):
            store.add_child(bad)
        assert store.list_children() == []


NAMES = [
    "Zoë 🦊👩🏽‍🦱",
    "مريم",  # right-to-left
    "שָׁלוֹם ABC 123",
    "x" * 200,
    'O\'Brien "Bobby"',
    "Robert'); DROP TABLE child;--",
    '=HYPERLINK("http://evil")',
    "+1-1@SUM(A1)",
    "  leading and trailing  ",
    "Ana\u200dMaria",  # a zero-width joiner inside a visible name is kept
]


@pytest.mark.parametrize("name", ["\u202eRTL override", "a\u2066b\u2069", "\u200b\u200b", "\u3164"])
def test_names_with_bidi_overrides_or_nothing_visible_are_refused(store_dir, name):
    with Store.open(store_dir) as store:
        with pytest.raises(ValueError):
            store.add_child(name)
        assert store.list_children() == []


@pytest.mark.parametrize("name", NAMES)
def test_awkward_names_round_trip_exactly(store_dir, name):
    with Store.open(store_dir) as store:
        child = store.add_child(name, avatar=name[:50])
    with Store.open(store_dir) as store:
        (again,) = store.list_children()
        assert again.display_name == name
        assert again.avatar == name[:50]
        assert store.find_children(name) == [again] == [child]


names = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=200
).filter(lambda s: s.strip() != "")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=names)
def test_any_printable_name_round_trips(tmp_path_factory, name):
    with Store.open(tmp_path_factory.mktemp("d"), auto_backup=False) as store:
        child = store.add_child(name)
        assert store.get_child(child.id).display_name == name
        assert store.find_children(name)[0].id == child.id


def test_trial_round_trip_with_samples_and_local_day(store_dir, store_make_trial):
    tz = timezone(timedelta(hours=-4))
    moment = datetime(2024, 5, 1, 23, 30, tzinfo=tz)  # already 2 May in UTC
    with Store.open(store_dir) as store:
        child = store.add_child("Ada")
        session = store.start_session(child.id, "tablet", "touch")
        trial_in = store_make_trial(
            child.id,
            session.id,
            n=500,
            seed=3,
            started_at=moment,
            graded=True,
            cue_level="verbal_cue",
            stars=2,
            sticker="whale",
        )
        trial_id = store.save_trial(trial_in)
    with Store.open(store_dir) as store:
        got = store.get_trial(trial_id)
        assert got.samples == trial_in.samples
        assert got.sample_count == 500
        assert got.local_date == date(2024, 5, 1)
        assert got.utc_offset_min == -240
        assert got.started_at == moment and got.started_at.utcoffset() == timedelta(0)
        assert got.params == trial_in.params and got.geometry == trial_in.geometry
        assert got.metrics == trial_in.metrics and got.metric("mean_deviation") == 1.25
        assert got.graded and got.cue_level == "verbal_cue"
        assert (got.session_id, got.game_id, got.app_version) == (session.id, "tracing", "0.1.0")
        listed = store.trials(child.id)
        assert [t.id for t in listed] == [trial_id] and listed[0].samples is None
        assert store.trials(child.id, with_samples=True)[0].samples == trial_in.samples
        assert store.rewards_summary(child.id) == (2, ["whale"])
        assert store.stickers_on(child.id, date(2024, 5, 1)) == ["whale"]
        assert store.games_played_on(child.id, date(2024, 5, 1)) == ["tracing"]
        assert store.games_played_on(child.id, date(2024, 5, 2)) == []


def test_trials_filter_by_game_and_range(store_dir, store_make_trial):
    base = datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
    with Store.open(store_dir) as store:
        child = store.add_child("Ada")
        other = store.add_child("Ben")
        ids = []
        for day in range(5):
            for game in ("tracing", "beads"):
                t = store_make_trial(
                    child.id, game_id=game, started_at=base + timedelta(days=day), n=5
                )
                ids.append((day, game, store.save_trial(t)))
        store.save_trial(store_make_trial(other.id, n=5, started_at=base))
        assert len(store.trials(child.id)) == 10
        beads = store.trials(child.id, game="beads")
        assert [t.id for t in beads] == [i for _, g, i in ids if g == "beads"]
        mid = store.trials(child.id, since=date(2024, 3, 2), until=date(2024, 3, 3))
        assert {t.local_date for t in mid} == {date(2024, 3, 2), date(2024, 3, 3)}
        instants = store.trials(
            child.id, since=base + timedelta(days=1), until=base + timedelta(days=2)
        )
        assert {t.local_date for t in instants} == {date(2024, 3, 2)}
        times = [t.started_at for t in store.trials(child.id)]
        assert times == sorted(times)


def test_trial_validation_rejects_nonsense(store_make_trial, store_dir):
    with pytest.raises(ValidationError):
        store_make_trial(1, score=1.5)
    with pytest.raises(ValidationError):
        store_make_trial(1, cue_level="verbal_cue", graded=False)
    with pytest.raises(ValidationError):
        store_make_trial(1, started_at=datetime(2024, 1, 1))  # naive: no zone, no day
    with Store.open(store_dir) as store:
        child = store.add_child("Ada")
        bad = store_make_trial(child.id, samples=[Sample(math.nan, 0, 1, 1, "move", "touch")])
        with pytest.raises(SampleCodecError):
            store.save_trial(bad)
        with pytest.raises(NotFoundError):
            store.save_trial(store_make_trial(child.id + 99))
        other = store.add_child("Ben")
        session = store.start_session(other.id, "pc", "mouse")
        with pytest.raises(NotFoundError):  # a session of another child
            store.save_trial(store_make_trial(child.id, session.id))
        assert store.trials(child.id) == []


def test_from_result_accepts_engine_shaped_objects(store_dir):
    class Ev:  # the shape of engine.input.PointerEvent, without importing the engine
        def __init__(self, t):
            self.phase, self.device = _Enum("move"), _Enum("pen")
            self.pointer_id, self.x_mm, self.y_mm, self.t_ms, self.pressure = 7, 1.5, 2.5, t, 0.5

    class _Enum:
        def __init__(self, value):
            self.value = value

    class Metric:
        name, value, unit = "coverage", 0.9, "%"

    class Result:
        game_id, params, success, score, duration_s = "tracing", {"a": 1}, True, 0.7, 3.0
        metrics, metrics_version, geometry, stars = [Metric()], 1, {"g": 1}, 3
        samples = [Ev(10.0), Ev(18.5)]

    with Store.open(store_dir) as store:
        child = store.add_child("Ada")
        trial = TrialIn.from_result(
            Result(), child_id=child.id, session_id=None, difficulty=0.3, app_version="9"
        )
        got = store.get_trial(store.save_trial(trial))
        assert got.samples == [
            Sample(10.0, 7, 1.5, 2.5, "move", "pen", 0.5),
            Sample(18.5, 7, 1.5, 2.5, "move", "pen", 0.5),
        ]
        assert store.rewards_summary(child.id).total_stars == 3


def test_removing_a_child_removes_all_their_data(store_dir, store_make_trial):
    with Store.open(store_dir) as store:
        child = store.add_child("Ada")
        keep = store.add_child("Ben")
        s = store.start_session(child.id, "tablet", "touch")
        tid = store.save_trial(store_make_trial(child.id, s.id, stars=1))
        store.add_reward(child.id, 2, "cat", tid)
        store.set_difficulty_state(child.id, "tracing", {"level": 0.5})
        store.set_home_program(child.id, HomeProgram(minutes_per_day=10))
        store.add_goal(
            child.id, GoalIn(game_id="tracing", metric="m", threshold=1, n_required=4, m_window=5)
        )
        store.save_trial(store_make_trial(keep.id))
        store.remove_child(child.id)
        db = store.connection
        for table in (
            "practice_session",
            "trial",
            "difficulty_state",
            "home_program",
            "goal",
            "reward",
        ):
            assert (
                db.execute(
                    f"SELECT count(*) FROM {table} WHERE child_id = ?", (child.id,)
                ).fetchone()[0]
                == 0
            )
        assert db.execute("SELECT count(*) FROM trial_samples").fetchone()[0] == 1  # Ben's
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert len(store.trials(keep.id)) == 1


def test_home_program_game_options_round_trip_and_old_programs_load(store_dir):
    with Store.open(store_dir) as store:
        child = store.add_child("Ada")
        program = HomeProgram(
            games=["tracing", "tweezers"],
            game_options={
                "tracing": {"content": "uppercase", "mode": "copy"},
                "tweezers": {"grip_mode": "one_finger"},
            },
        )
        store.set_home_program(child.id, program)
        got = store.get_home_program(child.id)
        assert got == program
        assert got.options_for("tracing") == {"content": "uppercase", "mode": "copy"}
        assert got.options_for("beads") == {}
        # a program stored before options existed (no "game_options" key) still loads
        old = '{"games": ["tracing"], "minutes_per_day": 7.0, "days_per_week": 5}'
        store.connection.execute(
            "UPDATE home_program SET program_json = ? WHERE child_id = ?", (old, child.id)
        )
        store.connection.commit()
        got = store.get_home_program(child.id)
        assert got.games == ["tracing"] and got.minutes_per_day == 7.0
        assert got.game_options == {} and got.options_for("tracing") == {}
        # choices are stored as words: values a game does not know are kept, not refused
        store.set_home_program(
            child.id, got.model_copy(update={"game_options": {"tracing": {"content": "x"}}})
        )
        assert store.get_home_program(child.id).options_for("tracing") == {"content": "x"}
    with Store.open(store_dir) as store:  # and they survive a reopen
        assert store.get_home_program(child.id).options_for("tracing") == {"content": "x"}


def test_sessions_accumulate_monotonic_minutes(store_dir):
    clock = _Clock(datetime(2024, 5, 1, 9, 0, tzinfo=timezone(timedelta(hours=2))))
    with Store.open(store_dir, clock=clock) as store:
        child = store.add_child("Ada")
        s = store.start_session(child.id, "tablet", "touch")
        assert s.local_date == date(2024, 5, 1) and s.utc_offset_min == 120 and s.ended_at is None
        store.add_session_minutes(s.id, 1.5)
        store.add_session_minutes(s.id, 2.0)
        assert store.get_session(s.id).minutes == 3.5  # a crash now still counts 3.5
        clock.now -= timedelta(
            hours=5
        )  # the wall clock jumps back: minutes are not derived from it
        ended = store.end_session(s.id, 4.0)
        assert ended.minutes == 4.0 and ended.ended_at is not None
        assert store.minutes_by_day(child.id) == {date(2024, 5, 1): 4.0}
        with pytest.raises(ValueError):
            store.add_session_minutes(s.id, -1)
        with pytest.raises(NotFoundError):
            store.start_session(child.id + 5, "pc", "mouse")


def test_difficulty_state_home_program_goals_rewards(store_dir):
    with Store.open(store_dir) as store:
        child = store.add_child("Ada")
        assert store.get_difficulty_state(child.id, "tracing") is None
        store.set_difficulty_state(child.id, "tracing", {"value": 0.3, "reversals": [1, 2]})
        store.set_difficulty_state(child.id, "tracing", {"value": 0.35})
        assert store.get_difficulty_state(child.id, "tracing") == {"value": 0.35}
        with pytest.raises(ValueError):
            store.set_difficulty_state(child.id, "tracing", {"value": math.inf})

        default = store.get_home_program(child.id)
        assert default.games is None and default.minutes_per_day == 5 and default.days_per_week == 7
        assert default.bounds_for("tracing") == (0.0, 1.0)
        program = HomeProgram(
            games=["tracing", "beads"],
            minutes_per_day=8,
            days_per_week=5,
            bounds={"low": 0.1, "high": 0.6},
            per_game_bounds={"beads": {"low": 0.2, "high": 0.3}},
        )
        store.set_home_program(child.id, program)
        got = store.get_home_program(child.id)
        assert got == program and got.bounds_for("beads") == (0.2, 0.3)
        assert got.bounds_for("tracing") == (0.1, 0.6)
        with pytest.raises(ValidationError):
            HomeProgram(bounds={"low": 0.7, "high": 0.2})
        with pytest.raises(NotFoundError):
            store.get_home_program(child.id + 1)

        gas = GasLevels(
            minus_2="traces outside the band",
            minus_1="in 2 of 5",
            expected="in 4 of 5",
            plus_1="5 of 5",
            plus_2="5 of 5, smaller band",
        )
        goal = store.add_goal(
            child.id,
            GoalIn(
                game_id="tracing",
                metric="inside_band",
                comparison="at_least",
                threshold=80,
                unit="%",
                n_required=4,
                m_window=5,
                cue_level="verbal_cue",
                gas=gas,
                description="Traces a circle inside a 6 mm band in 4 of 5 trials",
            ),
        )
        assert (
            store.list_goals(child.id) == [goal] and goal.gas.words(-2) == "traces outside the band"
        )
        updated = store.update_goal(goal.model_copy(update={"status": "met", "threshold": 85}))
        assert (
            updated.status == "met" and updated.threshold == 85 and updated.created == goal.created
        )
        assert store.list_goals(child.id, status="active") == []
        with pytest.raises(ValidationError):
            GoalIn(game_id="t", metric="m", threshold=1, n_required=6, m_window=5)
        store.remove_goal(goal.id)
        assert store.list_goals(child.id) == []

        assert store.rewards_summary(child.id) == (0, [])
        store.add_reward(child.id, 3, None, None)
        store.add_reward(child.id, 1, "dino", 12345)  # an unsaved trial: stars kept, link dropped
        total, stickers = store.rewards_summary(child.id)
        assert (total, stickers) == (4, ["dino"])


def test_migrations_run_in_one_transaction_each(tmp_path):
    db = sqlite3.connect(tmp_path / "m.sqlite3", isolation_level=None)
    broken = [schema.MIGRATIONS[0], ("CREATE TABLE extra (x INTEGER)", "SELECT no_such_function()")]
    with pytest.raises(sqlite3.OperationalError):
        schema.migrate(db, broken)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1  # step 1 done, step 2 not at all
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    assert "child" in names and "extra" not in names
    assert schema.migrate(db, broken[:1]) == 1


def test_a_file_from_a_newer_version_is_left_alone(store_dir):
    with Store.open(store_dir) as store:
        store.connection.execute("PRAGMA user_version = 99")
    before = (store_dir / DB_NAME).read_bytes()
    with pytest.raises(StoreError, match="newer version"):
        Store.open(store_dir)
    assert (store_dir / DB_NAME).exists()
    assert (store_dir / DB_NAME).read_bytes()[:100] == before[:100]


@pytest.mark.skipif(not POSIX, reason="POSIX permission bits")
def test_data_file_and_backups_are_owner_only(store_dir, store_make_trial):
    old = os.umask(0o022)
    try:
        with Store.open(store_dir) as store:
            child = store.add_child("Ada")
            store.save_trial(store_make_trial(child.id))
            store.backup_now()
            files = [store_dir / DB_NAME, *store.list_backups()]
            files += [p for p in store_dir.iterdir() if p.name.endswith(("-wal", "-shm"))]
            assert len(files) >= 4
            for f in files:
                assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
            assert stat.S_IMODE(store_dir.stat().st_mode) == 0o700
            assert stat.S_IMODE((store_dir / "backups").stat().st_mode) == 0o700
    finally:
        os.umask(old)


@pytest.mark.skipif(not POSIX, reason="POSIX permission bits")
def test_a_pre_existing_loose_file_is_made_private(store_dir):
    Store.open(store_dir).close()
    os.chmod(store_dir / DB_NAME, 0o644)
    Store.open(store_dir).close()
    assert stat.S_IMODE((store_dir / DB_NAME).stat().st_mode) == 0o600


# ------------------------------------------------------------------ samples codec

grid_ms = st.integers(-(10**12), 10**12).map(lambda i: i / 1000)
grid_mm = st.integers(-(10**8), 10**8).map(lambda i: i / 1000)
samples_st = st.lists(
    st.builds(
        Sample,
        t_ms=grid_ms,
        pointer_id=st.integers(-(2**60), 2**60),
        x_mm=grid_mm,
        y_mm=grid_mm,
        phase=st.sampled_from(["down", "move", "up", "cancel"]),
        device=st.sampled_from(["mouse", "touch", "pen"]),
        pressure=st.none() | st.integers(0, 4_000_000).map(lambda i: i / 1_000_000),
    ),
    max_size=300,
)


@settings(max_examples=200, deadline=None)
@given(samples_st)
def test_samples_on_the_grid_decode_exactly(samples):
    assert decode_samples(encode_samples(samples)) == samples


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-1e5, 1e5), st.floats(-1e3, 1e3), st.floats(0, 1)), max_size=50)
)
def test_any_sample_is_kept_within_a_micrometre(values):
    samples = [Sample(t, 1, x, x, "move", "touch", p) for t, x, p in values]
    for a, b in zip(samples, decode_samples(encode_samples(samples)), strict=True):
        assert abs(a.t_ms - b.t_ms) <= 0.0005 + 1e-9 and abs(a.x_mm - b.x_mm) <= 0.0005 + 1e-9
        assert abs(a.pressure - b.pressure) <= 0.0000005 + 1e-12


@pytest.mark.parametrize(
    "bad",
    [
        Sample(math.inf, 0, 1, 1, "move", "touch"),
        Sample(1, 0, math.nan, 1, "move", "touch"),
        Sample(1, 0, 1e9, 1, "move", "touch"),
        Sample(1, 0, 1, 1, "hover", "touch"),
        Sample(1, 0, 1, 1, "move", "trackball"),
        Sample(1, 0, 1, 1, "move", "pen", -0.1),
    ],
)
def test_unstorable_samples_are_refused(bad):
    with pytest.raises(SampleCodecError):
        encode_samples([Sample(0, 0, 0, 0, "down", "pen", 0.2), bad])


def test_damaged_sample_blobs_are_refused():
    blob = encode_samples([Sample(1, 0, 1, 1, "move", "touch")] * 10)
    for damaged in (blob[:5], blob[:-3], b"XYZ" + blob[3:], blob[:8] + b"\x00" * 10):
        with pytest.raises(SampleCodecError):
            decode_samples(damaged)


def test_two_thousand_realistic_samples_are_compact():
    samples = [
        Sample(
            round(i * 8.333, 3),
            1,
            round(50 + i * 0.05, 3),
            round(40 + i * 0.02, 3),
            "move",
            "touch",
        )
        for i in range(2000)
    ]
    blob = encode_samples(samples)
    assert len(blob) < 2000 * 6  # under 6 bytes a sample (raw doubles would be ~40)
    assert decode_samples(blob) == samples


class _Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_trial_fields_round_trip_exactly_even_when_awkward(store_dir):
    with Store.open(store_dir) as store:
        child = store.add_child("Ada")
        trial_in = TrialIn(
            child_id=child.id,
            game_id='g"\\é 🦊',
            difficulty=0.1 + 0.2,
            params={"nan": math.nan, "text": 'quote" \u2028 =SUM(A1)', "nested": [1, {"x": None}]},
            duration_s=1 / 3,
            success=False,
            score=1 / 3,
            metrics=[
                MetricValue(name="sparc", value=math.nan, unit=""),
                MetricValue(name="t", value=-1e-300, unit="s"),
            ],
            app_version='v"1',
            graded=True,
            cue_level="physical_help",
        )
        got = store.get_trial(store.save_trial(trial_in))
    assert got.game_id == trial_in.game_id and got.app_version == 'v"1'
    assert got.difficulty == 0.1 + 0.2 and got.score == 1 / 3 and got.duration_s == 1 / 3
    assert math.isnan(got.params["nan"]) and got.params["text"] == trial_in.params["text"]
    assert got.params["nested"] == [1, {"x": None}]
    assert math.isnan(got.metrics[0].value) and got.metrics[1].value == -1e-300
    assert got.cue_level == "physical_help" and got.samples == []
    with pytest.raises(ValidationError):
        TrialIn(child_id=1, game_id="g", difficulty=math.nan, duration_s=1, success=True, score=0)


def test_trials_can_leave_out_most_of_their_geometry(tmp_path):
    """A year's summary reads only the geometry keys it needs, picked out by SQLite."""
    from progress.store import Store as _Store

    with _Store.open(tmp_path) as store:
        child = store.add_child("Mia")
        geometry = {"strokes": [[[0.0, 0.0], [10.0, 0.0]]], "drag_log": list(range(500))}
        tid = store.save_trial(
            TrialIn(
                child_id=child.id,
                game_id="tracing",
                difficulty=0.5,
                duration_s=2.0,
                success=True,
                score=0.9,
                geometry=geometry,
            )
        )
        [full] = store.trials(child.id)
        [slim] = store.trials(child.id, geometry_keys=("strokes",))
        [none] = store.trials(child.id, geometry_keys=())
        assert full.geometry == geometry
        assert slim.geometry == {"strokes": geometry["strokes"]} and slim.id == tid
        assert none.geometry == {}
        with pytest.raises(ValueError):
            store.trials(child.id, geometry_keys=("x') --",))
