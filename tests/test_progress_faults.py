"""Faults: SIGKILL while saving, damaged files, a second instance, read-only, full disk,
backups. Each fault is produced for real (a killed process, bytes overwritten, a held
lock, SQLite's own SQLITE_FULL / SQLITE_READONLY), never by mocking the store."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from progress import backups
from progress.errors import (
    AlreadyRunningError,
    CorruptDataError,
    DataDirError,
    DecisionPendingError,
    DiskFullError,
    ReadOnlyError,
    StoreBusyError,
    StoreError,
)
from progress.paths import DB_NAME, resolve_data_dir
from progress.safe import SafeStore
from progress.store import Store, restore_backup, start_empty

ROOT = Path(__file__).resolve().parents[1]
TZ = timezone(timedelta(hours=1))

SAMPLE_GEN = """
def make_samples(k):
    import random
    from progress.samples import Sample
    rng = random.Random(k)
    return [
        Sample(
            round(k * 10_000 + i * 8.333, 3),
            rng.randint(0, 3),
            rng.randint(0, 300_000) / 1000,
            rng.randint(0, 200_000) / 1000,
            "down" if i == 0 else "up" if i == 1999 else "move",
            "touch",
            rng.randint(0, 10**6) / 10**6 if k % 2 else None,
        )
        for i in range(2000)
    ]
"""

SAVER = (
    """
import sys
from pathlib import Path
from progress.models import TrialIn
from progress.store import Store
"""
    + SAMPLE_GEN
    + """
store = Store.open(Path(sys.argv[1]), auto_backup=False)
children = store.list_children()
child = children[0] if children else store.add_child("Kid")
print("ready", flush=True)
k = int(sys.argv[2])
while True:
    trial_id = store.save_trial(TrialIn(
        child_id=child.id, game_id="tracing", difficulty=0.5, params={"k": k},
        duration_s=1.0, success=True, score=0.5, samples=make_samples(k)))
    print(f"{trial_id} {k}", flush=True)
    k += 1
"""
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


class _Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_while_saving_never_damages_the_file_or_loses_a_committed_trial(tmp_path):
    gen: dict = {}
    exec(SAMPLE_GEN, gen)
    script = tmp_path / "saver.py"
    script.write_text(SAVER)
    data = tmp_path / "data"
    rng = random.Random(1234)
    committed: dict[int, int] = {}  # trial id -> k
    k = 0
    kills_mid_save = 0
    round_no = 0
    # 20 kills, and more (up to 60) until at least 10 landed while trials were being saved: a
    # loaded machine starts the saver slowly, and a kill that only ever lands at start-up
    # would not test saving at all
    while round_no < 20 or (kills_mid_save < 10 and round_no < 60):
        round_no += 1
        proc = subprocess.Popen(
            [sys.executable, str(script), str(data), str(k)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(),
            text=True,
        )
        if round_no % 5 == 0:  # sometimes while starting up, opening or migrating
            time.sleep(rng.uniform(0.0, 0.3))
        else:
            assert proc.stdout.readline() == "ready\n", proc.stderr.read()
            time.sleep(rng.uniform(0.005, 0.15))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=10)
        assert proc.returncode == -signal.SIGKILL
        lines = [line for line in out.splitlines(keepends=True) if line.endswith("\n")]
        printed = [tuple(map(int, line.split())) for line in lines if line != "ready\n"]
        kills_mid_save += bool(printed)
        for trial_id, kk in printed:
            committed[trial_id] = kk
            k = max(k, kk + 1)
        k += 1000  # fresh sample seeds for the next round

        if not (data / DB_NAME).exists():
            continue
        check = sqlite3.connect(data / DB_NAME)
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert check.execute("PRAGMA foreign_key_check").fetchall() == []
        check.close()
        with Store.open(data, auto_backup=False) as store:
            for trial_id, kk in printed:  # this round's commits, samples decoded in full
                trial = store.get_trial(trial_id)
                assert trial.params == {"k": kk}
                assert trial.samples == gen["make_samples"](kk), f"trial {trial_id} differs"
            kids = store.list_children()  # none yet when killed before the first child
            on_disk = {t.id: t.params["k"] for t in store.trials(kids[0].id)} if kids else {}
            assert committed.items() <= on_disk.items()  # every earlier commit still there
    assert kills_mid_save >= 10  # most kills landed while trials were being saved
    assert len(committed) >= 20


def test_a_non_sqlite_file_is_moved_aside_and_the_latest_backup_offered(store_dir):
    with Store.open(store_dir) as store:
        store.add_child("Ada")
        made = store.backup_now()
    for side in ("-wal", "-shm"):
        Path(f"{store_dir / DB_NAME}{side}").unlink(missing_ok=True)
    junk = b"This is my shopping list, not a database.\n" * 200
    (store_dir / DB_NAME).write_bytes(junk)

    with pytest.raises(CorruptDataError) as info:
        Store.open(store_dir)
    err = info.value
    assert str(store_dir / DB_NAME) in str(err) and str(err.moved_to) in str(err)
    assert "backup" in str(err) and err.latest_backup == made
    assert err.moved_to.read_bytes() == junk  # moved, never overwritten or deleted
    assert not (store_dir / DB_NAME).exists()

    moved = restore_backup(store_dir, err.latest_backup)
    assert moved is None  # nothing was in the way
    with Store.open(store_dir) as store:
        assert [c.display_name for c in store.list_children()] == ["Ada"]
    assert err.moved_to.read_bytes() == junk


def test_a_damaged_sqlite_file_is_caught_and_kept(store_dir, store_make_trial):
    with Store.open(store_dir) as store:
        child = store.add_child("Ada")
        store.save_trial(store_make_trial(child.id))
    path = store_dir / DB_NAME
    raw = bytearray(path.read_bytes())
    raw[100:4096] = os.urandom(3996)  # the schema page, after the valid header
    path.write_bytes(bytes(raw))
    with pytest.raises(CorruptDataError) as info:
        Store.open(store_dir)
    assert info.value.moved_to.read_bytes() == bytes(raw)
    assert info.value.latest_backup is not None  # the automatic backup of the first open
    assert "moved to" in str(info.value)
    with pytest.raises(DecisionPendingError):  # a restart asks again: no new empty file
        Store.open(store_dir)
    assert not (store_dir / DB_NAME).exists()
    start_empty(store_dir)  # the grown-up's choice
    with Store.open(store_dir) as store:  # a fresh file: the child can keep playing
        assert store.list_children() == []


def test_damage_deep_in_the_file_is_found_by_the_daily_check(store_dir, store_make_trial):
    clock = _Clock(datetime(2024, 5, 1, 9, tzinfo=TZ))
    with Store.open(store_dir, clock=clock) as store:
        child = store.add_child("Ada")
        for i in range(40):
            store.save_trial(store_make_trial(child.id, n=400, seed=i))
        store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
    path = store_dir / DB_NAME
    raw = bytearray(path.read_bytes())
    for page in range(pages // 2, pages):  # trample the data pages, keep the schema
        raw[page * 4096 : page * 4096 + 64] = b"\xff" * 64
    path.write_bytes(bytes(raw))
    good_backups = backups.list_backups(store_dir)

    clock.now += timedelta(days=1)  # the next day's backup checks the file first
    with pytest.raises(CorruptDataError):
        Store.open(store_dir, clock=clock)
    assert backups.list_backups(store_dir) == good_backups  # no damaged copy made
    with pytest.raises(CorruptDataError) as info:  # next start: moved aside, backup offered
        Store.open(store_dir, clock=clock)
    assert info.value.moved_to is not None and info.value.latest_backup == good_backups[0]


def test_a_second_running_instance_is_told_and_the_child_keeps_playing(store_dir, store_make_trial):
    with Store.open(store_dir) as store:
        child = store.add_child("Ada")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from progress.store import Store; "
            "s = Store.open(Path(sys.argv[1])); print('ready', flush=True); time.sleep(60)",
            str(store_dir),
        ],
        stdout=subprocess.PIPE,
        env=_env(),
        text=True,
    )
    try:
        assert holder.stdout.readline() == "ready\n"
        with pytest.raises(AlreadyRunningError) as info:
            Store.open(store_dir)
        assert str(store_dir) in str(info.value) and "already open" in str(info.value)

        safe = SafeStore.open(store_dir)
        assert safe.store is None and "already open" in safe.problem
        assert safe.save_trial(store_make_trial(child.id, seed=1)) is None  # never raises
        assert safe.save_trial(store_make_trial(child.id, seed=2)) is None
        safe.add_reward(child.id, 2, "owl", None)
        assert safe.pending_count == 2 and safe.pending_writes == 3
        assert safe.list_children() == []  # a harmless default, not an exception
        assert safe.retry_pending() == 0
    finally:
        holder.kill()
        holder.wait()
    assert safe.retry_pending() == 3
    assert safe.pending_count == 0 and safe.problem is None
    trials = safe.store.trials(child.id, with_samples=True)
    assert [t.samples for t in trials] == [
        store_make_trial(child.id, seed=1).samples,
        store_make_trial(child.id, seed=2).samples,
    ]
    assert safe.rewards_summary(child.id) == (2, ["owl"])
    safe.close()


def test_another_program_holding_the_write_lock(store_dir, store_make_trial):
    store = Store.open(store_dir, busy_timeout_ms=50)
    child = store.add_child("Ada")
    other = sqlite3.connect(store_dir / DB_NAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with pytest.raises(StoreBusyError) as info:
        store.save_trial(store_make_trial(child.id))
    assert str(store_dir / DB_NAME) in str(info.value)

    safe = SafeStore(store, store_dir)
    trial = store_make_trial(child.id, n=300)
    assert safe.save_trial(trial) is None and safe.pending_count == 1
    assert "Another program" in safe.problem
    other.execute("ROLLBACK")
    other.close()
    assert safe.retry_pending() == 1
    (saved,) = store.trials(child.id, with_samples=True)
    assert saved.samples == trial.samples
    assert saved.started_at is not None
    safe.close()


def test_a_full_disk_keeps_trials_in_memory_until_there_is_room(store_dir, store_make_trial):
    store = Store.open(store_dir)
    child = store.add_child("Ada")
    store.save_trial(store_make_trial(child.id, n=2000, seed=1))
    db = store.connection
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own SQLITE_FULL from here on
    with pytest.raises(DiskFullError) as info:
        store.save_trial(store_make_trial(child.id, n=2000, seed=2))
    assert "disk is full" in str(info.value) and str(store_dir / DB_NAME) in str(info.value)
    assert len(store.trials(child.id)) == 1  # nothing half-saved

    safe = SafeStore(store, store_dir)
    lost = [store_make_trial(child.id, n=2000, seed=s) for s in (3, 4)]
    assert [safe.save_trial(t) for t in lost] == [None, None]
    assert safe.pending_count == 2 and "disk is full" in safe.problem
    assert safe.retry_pending() == 0
    db.execute("PRAGMA max_page_count = 1073741823")  # space freed
    assert safe.retry_pending() == 2 and safe.problem is None
    saved = store.trials(child.id, with_samples=True)
    assert [t.samples for t in saved[1:]] == [t.samples for t in lost]
    safe.close()


def test_a_data_dir_that_cannot_be_a_folder(tmp_path, store_make_trial, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(DataDirError) as info:
        resolve_data_dir(str(blocker))
    assert str(blocker) in str(info.value) and "--data-dir" in str(info.value)
    with pytest.raises(DataDirError):
        resolve_data_dir(str(blocker / "sub"))  # cannot be created
    with pytest.raises(DataDirError):
        Store.open(blocker)
    monkeypatch.setenv("TINYHANDS_DATA_DIR", str(blocker))
    safe = SafeStore.open(None)
    assert safe.store is None and str(blocker) in safe.problem
    assert safe.save_trial(store_make_trial(1)) is None and safe.pending_count == 1
    assert safe.get_home_program(1).minutes_per_day == 5  # defaults keep the app going


def test_data_dir_resolution_order(tmp_path, monkeypatch):
    monkeypatch.setenv("TINYHANDS_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(str(tmp_path / "flag")) == tmp_path / "flag"
    assert resolve_data_dir(None) == tmp_path / "env"
    monkeypatch.delenv("TINYHANDS_DATA_DIR")
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *a, **k: str(tmp_path / "os"))
    assert resolve_data_dir(None) == tmp_path / "os"
    if sys.platform != "win32":
        assert (tmp_path / "os").stat().st_mode & 0o777 == 0o700


def test_a_read_only_data_file(store_dir, store_make_trial):
    """Root ignores chmod, so the refusal is made by SQLite itself (query_only makes every
    write fail with SQLITE_READONLY, the same code a read-only file or mount gives)."""
    store = Store.open(store_dir)
    child = store.add_child("Ada")
    store.connection.execute("PRAGMA query_only = ON")
    with pytest.raises(ReadOnlyError) as info:
        store.save_trial(store_make_trial(child.id))
    assert "not allowed to write" in str(info.value) and str(store_dir) in str(info.value)
    safe = SafeStore(store, store_dir)
    trial = store_make_trial(child.id, seed=9)
    assert safe.save_trial(trial) is None and safe.pending_count == 1
    store.connection.execute("PRAGMA query_only = OFF")
    assert safe.retry_pending() == 1
    assert store.trials(child.id, with_samples=True)[0].samples == trial.samples
    safe.close()


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="root and Windows ignore chmod"
)
def test_a_read_only_folder_by_permissions(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    os.chmod(folder, 0o500)
    try:
        with pytest.raises(DataDirError) as info:
            resolve_data_dir(str(folder))
        assert "cannot write" in str(info.value)
    finally:
        os.chmod(folder, 0o700)


def test_a_read_only_folder_as_root_too(tmp_path, monkeypatch):
    """The write probe is what decides; make it fail the way a read-only mount does."""
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(30, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(DataDirError) as info:
        resolve_data_dir(str(tmp_path / "mounted"))
    assert "Read-only file system" in str(info.value) and "mounted" in str(info.value)


def test_daily_backups_at_most_once_a_day_and_seven_kept(store_dir):
    clock = _Clock(datetime(2024, 5, 1, 9, tzinfo=TZ))
    Store.open(store_dir, clock=clock).close()
    Store.open(store_dir, clock=clock).close()
    assert len(backups.list_backups(store_dir)) == 1
    for _ in range(9):
        clock.now += timedelta(days=1)
        Store.open(store_dir, clock=clock).close()
        Store.open(store_dir, clock=clock).close()
    found = backups.list_backups(store_dir)
    assert len(found) == 7
    assert [backups.backup_local_date(p) for p in found] == [
        date(2024, 5, 10) - timedelta(days=i) for i in range(7)
    ]
    clock.now -= timedelta(days=30)  # the clock set back: the new backup is still the newest
    with Store.open(store_dir, clock=clock) as store:
        assert backups.backup_local_date(store.list_backups()[0]) == date(2024, 4, 10)
        extra = store.backup_now()
        # seven days kept, and the newest two even when they share a day
        assert store.list_backups()[0] == extra and len(store.list_backups()) == 8
    assert not any(p.name.startswith(".partial") for p in (store_dir / "backups").iterdir())


def test_restore_a_backup_keeps_the_replaced_file(store_dir):
    with Store.open(store_dir) as store:
        store.add_child("Ada")
        snapshot = store.backup_now()
        store.add_child("Ben")
        moved = store.restore_backup(snapshot)
        assert [c.display_name for c in store.list_children()] == ["Ada"]
        store.add_child("Cleo")  # the store stays usable
    assert moved is not None and "replaced" in moved.name
    old = sqlite3.connect(moved)
    assert {r[0] for r in old.execute("SELECT display_name FROM child")} == {"Ada", "Ben"}
    with pytest.raises(StoreError):
        backups.check_backup(store_dir / "backups" / "nope.sqlite3")
    bad = store_dir / "backups" / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 100)
    with Store.open(store_dir) as store, pytest.raises(StoreError):
        store.restore_backup(bad)


def test_safe_store_after_damage_waits_for_the_grown_up(store_dir, store_make_trial):
    with Store.open(store_dir) as store:
        child = store.add_child("Ada")
        store.backup_now()
        session = store.start_session(child.id, "tablet", "touch")
    (store_dir / DB_NAME).write_bytes(b"\x00garbage" * 512)
    for side in ("-wal", "-shm"):
        Path(f"{store_dir / DB_NAME}{side}").unlink(missing_ok=True)
    safe = SafeStore.open(store_dir)
    assert safe.awaiting_decision and safe.offered_backup is not None
    assert "could not be used" in safe.problem
    trial = store_make_trial(child.id, session.id)  # a session the backup does not know
    assert safe.save_trial(trial) is None and safe.pending_count == 1
    assert not (store_dir / DB_NAME).exists()  # no empty file made behind the grown-up's back
    assert safe.restore_offered_backup() is True
    assert safe.pending_count == 0 and safe.problem is None
    (saved,) = safe.store.trials(child.id, with_samples=True)
    assert saved.session_id is None and saved.samples == trial.samples
    safe.close()


def test_safe_store_drops_invalid_trials_with_a_message(store_dir, store_make_trial):
    from progress.samples import Sample

    safe = SafeStore.open(store_dir)
    child = safe.add_child("Ada")
    assert safe.add_child("bad\nname") is None and "cannot be used" in safe.problem
    bad = store_make_trial(child.id, samples=[Sample(float("nan"), 0, 0, 0, "down", "mouse")])
    assert safe.save_trial(bad) is None
    assert safe.pending_count == 0 and "invalid" in safe.problem
    assert isinstance(safe.save_trial(store_make_trial(child.id)), int)
    assert safe.problem is None
    safe.close()
