"""Issue 14: no fault, restart or full disk ever loses a child's practice.

Each test produces its fault for real: bytes overwritten or a file truncated and then
real restarts (every store closed and opened again, the CLI run between), a real small
tmpfs filled to ENOSPC, a real second process holding the data folder, a real foreign
SQLite file. Fake clocks stand in for the days."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from progress import backups, rescue
from progress.decision import read_decision
from progress.errors import DecisionPendingError
from progress.lock import InstanceLock
from progress.paths import DB_NAME, LOCK_NAME
from progress.safe import SafeStore
from progress.store import Store

ROOT = Path(__file__).resolve().parents[1]
TZ = timezone(timedelta(hours=1))


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("SDL_VIDEODRIVER", "dummy")
    env.setdefault("SDL_AUDIODRIVER", "dummy")
    return env


def _cli(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tinyhands", *argv],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )


def _first_day(data: Path, clock: Clock, make_trial) -> dict[int, list]:
    """What a new family does on day one: start the app, add two children, play 9 rounds."""
    safe = SafeStore.open(data, clock=clock)
    safe.idle()  # the first start's backup: before any child exists
    kids = [safe.add_child("Mia", "cat"), safe.add_child("Leo", "lion")]
    played: dict[int, list] = {k.id: [] for k in kids}
    for i in range(9):
        child = kids[i % 2]
        trial = make_trial(child.id, seed=i, n=120)
        assert isinstance(safe.save_trial(trial), int)
        played[child.id].append(trial.samples)
        safe.idle()  # back on a menu between rounds
    safe.close()
    return played


def _damage(data: Path, how: str) -> None:
    path = data / DB_NAME
    if how == "random-bytes":
        raw = bytearray(path.read_bytes())
        raw[:8192] = os.urandom(8192)
        path.write_bytes(bytes(raw))
    else:
        path.write_bytes(b"")  # truncated to 0 bytes
    for side in ("-wal", "-shm"):
        Path(f"{path}{side}").unlink(missing_ok=True)


@pytest.mark.parametrize("how", ["random-bytes", "zero-bytes"])
def test_day_one_damage_survives_restarts_and_a_week_then_restore_brings_all_back(
    tmp_path, store_make_trial, how
):
    data = tmp_path / "data"
    clock = Clock(datetime(2024, 5, 1, 17, tzinfo=TZ))
    played = _first_day(data, clock, store_make_trial)
    clock.now += timedelta(hours=3)
    _damage(data, how)

    for day in range(8):  # this evening, then 7 more days, each with a few restarts
        for _restart in range(2):
            safe = SafeStore.open(data, clock=clock)
            assert safe.awaiting_decision and safe.needs_grown_up
            # the note on disk: every start says what happened and where the file went
            assert ".damaged-" in safe.problem and str(data) in safe.problem
            assert safe.list_children() == []  # nothing to show, and nothing made
            assert not (data / DB_NAME).exists()
            offered = backups.backup_info(safe.offered_backup)
            assert (offered.children, offered.trials) == (2, 9)
            safe.idle()
            safe.close()
        # The command line also sees the damage first, and must not make a fresh file.
        if day in (0, 7):
            out = _cli("--data-dir", str(data), "children", "add", "Zoe")
            assert out.returncode == 1 and "backup --restore" in out.stderr
            assert not (data / DB_NAME).exists()
        clock.now += timedelta(days=1)
    assert read_decision(data) is not None  # remembered on disk all along

    listing = _cli("--data-dir", str(data), "backup", "--list")
    assert listing.returncode == 0 and "2 children, 9 trials" in listing.stdout

    safe = SafeStore.open(data, clock=clock)
    assert safe.restore_offered_backup() is True
    assert not safe.needs_grown_up and read_decision(data) is None
    for child_id, samples in played.items():
        trials = safe.store.trials(child_id, with_samples=True)
        assert [t.samples for t in trials] == samples
    assert sorted(c.display_name for c in safe.list_children()) == ["Leo", "Mia"]
    safe.close()


def test_the_backup_after_the_first_practice_holds_it(tmp_path, store_make_trial):
    data = tmp_path / "data"
    clock = Clock(datetime(2024, 5, 1, 17, tzinfo=TZ))
    _first_day(data, clock, store_make_trial)
    infos = backups.list_backup_infos(data)
    assert [(i.children, i.trials) for i in infos][-1] == (0, 0)  # the first start's
    assert infos[0].day == date(2024, 5, 1) and infos[0].trials >= 1
    assert len(infos) == 2  # once at start, once after the day's first practice


def test_a_week_of_empty_backups_never_prunes_the_real_ones(tmp_path, store_make_trial):
    data = tmp_path / "data"
    clock = Clock(datetime(2024, 5, 1, 17, tzinfo=TZ))
    _first_day(data, clock, store_make_trial)
    with Store.open(data, clock=clock, auto_backup=False) as store:
        for child in store.list_children():
            store.remove_child(child.id)  # a grown-up empties it (or started empty)
    for _ in range(10):
        clock.now += timedelta(days=1)
        safe = SafeStore.open(data, clock=clock)
        safe.idle()
        safe.close()
    infos = backups.list_backup_infos(data)
    fullest = [i for i in infos if i.has_data]
    assert fullest and (fullest[0].children, fullest[0].trials) == (2, 9)
    assert len(infos) == backups.KEEP + 1  # the kept seven, plus the protected one
    # and a manual backup says that it holds less than the one kept
    out = _cli("--data-dir", str(data), "backup")
    assert out.returncode == 0 and "holds less than an earlier one" in out.stdout


def test_restore_refuses_a_foreign_sqlite_file_and_changes_nothing(tmp_path, store_make_trial):
    data = tmp_path / "data"
    clock = Clock(datetime(2024, 5, 1, 17, tzinfo=TZ))
    _first_day(data, clock, store_make_trial)
    foreign = tmp_path / "recipes.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE child (id INTEGER PRIMARY KEY, name TEXT)")  # looks alike
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()

    def snapshot() -> dict[str, bytes]:
        return {
            str(p.relative_to(data)): p.read_bytes()
            for p in sorted(data.rglob("*"))
            if p.is_file() and p.name != LOCK_NAME and not p.name.endswith(".log")
        }

    before = snapshot()
    out = _cli("--data-dir", str(data), "backup", "--restore", str(foreign))
    assert out.returncode == 1 and "not a Tiny Hands data file" in out.stderr
    assert "Nothing was changed" in out.stderr
    assert snapshot() == before
    with Store.open(data, exclusive=False, auto_backup=False) as store:
        assert len(store.list_children()) == 2


def test_an_unexpected_foreign_data_file_waits_for_a_grown_up(tmp_path, store_make_trial):
    data = tmp_path / "data"
    clock = Clock(datetime(2024, 5, 1, 17, tzinfo=TZ))
    _first_day(data, clock, store_make_trial)
    (data / DB_NAME).unlink()
    shutil.copy(backups.list_backups(data)[-1], data / DB_NAME)  # fine: ours
    conn = sqlite3.connect(data / DB_NAME)
    conn.execute("PRAGMA application_id = 1234")  # now someone else's
    conn.commit()
    conn.close()
    with pytest.raises(DecisionPendingError):
        Store.open(data, clock=clock)
    with pytest.raises(DecisionPendingError):  # the export does not make a new file either
        Store.open_readonly(data)
    assert not (data / DB_NAME).exists()
    out = _cli("--data-dir", str(data), "backup", "--start-empty")
    assert out.returncode == 0
    with Store.open(data, clock=clock) as store:
        assert store.list_children() == []
    assert len([p for p in data.iterdir() if ".damaged-" in p.name]) == 1  # kept


# -- a full disk at start: a real tmpfs ----------------------------------------------


def _fill(disk: Path) -> Path:
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\1" * 4096)
        except OSError:
            pass
    return filler


def _lock_free_in_another_process(data: Path) -> bool:
    code = (
        "import sys; from pathlib import Path; from progress.lock import InstanceLock\n"
        "l = InstanceLock(Path(sys.argv[1])); l.acquire(); l.release(); print('free')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(data)], capture_output=True, text=True, env=_env()
    )
    return done.stdout.strip() == "free"


@pytest.mark.parametrize("freed", ["while-open", "after-closing"])
def test_a_full_disk_at_start_then_space_freed_saves_every_trial(
    small_disk, store_make_trial, freed
):
    data = small_disk / "data"
    clock = Clock(datetime(2024, 5, 1, 17, tzinfo=TZ))
    with Store.open(data, clock=clock, auto_backup=False) as store:
        child = store.add_child("Mia")
    (data / LOCK_NAME).unlink()  # a new lock file must be written at start: no room
    filler = _fill(small_disk)

    safe = SafeStore.open(data, clock=clock)  # what the app does at start
    played = [store_make_trial(child.id, seed=s, n=400) for s in range(10)]
    for trial in played:
        safe.save_trial(trial)
        safe.idle()
    assert safe.pending_count == 10 and safe.in_memory_only == 0  # each kept on disk
    assert not safe.needs_grown_up  # the child plays on; a grown-up sees why
    assert safe.problem and "already open" not in safe.problem
    assert _lock_free_in_another_process(data) == (safe.store is None)

    if freed == "while-open":
        filler.unlink()
        assert safe.retry_pending() == 10
        assert safe.problem is None or "already open" not in safe.problem
        safe.close()
    else:
        safe.close()  # space still short: the trials wait in the safe place
        assert _lock_free_in_another_process(data)
        filler.unlink()
        again = SafeStore.open(data, clock=clock)  # the next start imports them
        assert again.problem is None or "already open" not in again.problem
        again.close()
    assert rescue.waiting(data) == []
    with Store.open(data, auto_backup=False) as store:
        saved = store.trials(child.id, with_samples=True)
    assert sorted(t.samples for t in saved) == sorted(t.samples for t in played)


def test_the_lock_is_released_when_writing_its_pid_fails(small_disk):
    data = small_disk / "data"
    data.mkdir()
    _fill(small_disk)
    lock = InstanceLock(data)
    lock.acquire()  # works without the PID: the lock is what matters
    assert lock.held and not _lock_free_in_another_process(data)
    lock.release()
    assert _lock_free_in_another_process(data)
    again = InstanceLock(data)
    again.acquire()  # no leaked descriptor of ours keeps it
    again.release()


def test_a_stale_recorded_pid_is_not_taken_for_a_running_copy(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / LOCK_NAME).write_text("999999\n")  # left by a copy that died
    lock = InstanceLock(data)
    assert lock.holder_pid() is None
    lock.acquire()
    assert lock.recorded_pid() == os.getpid()
    lock.release()


# -- a second copy, the child's screens --------------------------------------------


HOLDER = (
    "import sys, time; from pathlib import Path; from progress.safe import SafeStore\n"
    "s = SafeStore.open_dir(Path(sys.argv[1])); assert s.available, s.problem\n"
    "print('ready', flush=True); time.sleep(120)"
)


def test_a_second_copy_explains_in_pictures_and_changes_nothing(tmp_path, monkeypatch):
    import engine.app
    from tinyhands import cli
    from tinyhands.screens.ask_grownup import AlreadyOpenScene

    data = tmp_path / "data"
    with Store.open(data, auto_backup=False) as store:
        store.add_child("Mia")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data)], stdout=subprocess.PIPE, text=True, env=_env()
    )
    try:
        assert holder.stdout.readline() == "ready\n"
        before = {p.name: p.stat().st_mtime_ns for p in data.iterdir()}
        shown = []
        monkeypatch.setattr(
            engine.app.App, "run", lambda self, scene: shown.append(type(scene)) or 0
        )
        monkeypatch.setattr(engine.app.App, "open", lambda self: None)
        assert cli.main(["--data-dir", str(data)]) == 0
        assert shown == [AlreadyOpenScene]  # not the (empty-looking) profile picker
        after = {p.name: p.stat().st_mtime_ns for p in data.iterdir()}
        assert {k: v for k, v in after.items() if not k.endswith(".log")} == {
            k: v for k, v in before.items() if not k.endswith(".log")
        }
        assert rescue.waiting(data) == []
    finally:
        holder.kill()
        holder.wait()


def test_the_already_open_screen_closes_on_the_tick(tmp_path):
    from engine.harness import Harness
    from tinyhands.screens.ask_grownup import AlreadyOpenScene
    from tinyhands.services import Services

    data = tmp_path / "data"
    holder = InstanceLock(data.mkdir() or data)
    holder.acquire()
    safe = SafeStore.open(data)
    assert safe.already_running and "already open" in safe.problem
    h = Harness(AlreadyOpenScene(), services=Services(store=safe))
    h.run_frames(2)
    h.tap_rect(h.top.buttons.find("ok").rect)
    h.run_frames(2)
    assert not h.app.running
    holder.release()


def test_a_damaged_file_shows_the_child_a_picture_not_an_empty_picker(tmp_path, store_make_trial):
    from engine.harness import Harness
    from tinyhands.screens.ask_grownup import AskGrownUpScene
    from tinyhands.screens.home import ProfileScene
    from tinyhands.screens.problem import DataProblemScene
    from tinyhands.services import Services

    data = tmp_path / "data"
    clock = Clock(datetime(2024, 5, 1, 17, tzinfo=TZ))
    _first_day(data, clock, store_make_trial)
    _damage(data, "zero-bytes")
    SafeStore.open(data, clock=clock).close()  # seen once; then a restart
    safe = SafeStore.open(data, clock=clock)
    h = Harness(ProfileScene(), services=Services(store=safe))
    h.run_frames(2)
    assert isinstance(h.top, AskGrownUpScene)
    h.tap_rect(h.top.buttons.find("grown-ups").rect)
    gate = h.top
    gate.on_pass and h.app.scenes.replace(gate.on_pass())  # the gate itself is tested apart
    h.run_frames(2)
    problem = h.top
    assert isinstance(problem, DataProblemScene)
    restore = problem.buttons.find("restore")
    assert restore is not None
    h.tap_rect(restore.rect)
    h.run_frames(2)
    gate = h.top  # replacing the data file asks the gate again (issue 18): answer it
    for digit in str(gate.answer):
        h.tap_rect(gate.buttons.find(f"key:{digit}").rect)
    h.tap_rect(gate.buttons.find("ok").rect)
    h.run_frames(3)
    assert isinstance(h.top, ProfileScene)  # solved: back to the child's own picker
    assert len(h.top.children) == 2
    h.app.close()


# -- damage found early and kept; read-only folders ------------------------------------


def test_damage_deep_inside_is_found_soon_after_start_and_moved_aside(tmp_path, store_make_trial):
    import progress.safe as safe_mod

    data = tmp_path / "data"
    with Store.open(data, auto_backup=False) as store:
        child = store.add_child("Mia")
        for i in range(40):
            store.save_trial(store_make_trial(child.id, n=400, seed=i))
        store.backup_now()
        store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
    raw = bytearray((data / DB_NAME).read_bytes())
    for page in range(pages // 2, pages):
        raw[page * 4096 : page * 4096 + 64] = b"\xff" * 64
    (data / DB_NAME).write_bytes(bytes(raw))

    safe_mod.IDLE_CHECK_DELAY_S = 0.0
    try:
        safe = SafeStore.open(data)
        assert safe.available  # opening does not read every page
        safe.idle()  # the first quiet moment starts the check in the background
        assert safe._check is not None and safe._check.wait(30) != "ok"
        safe.save_trial(store_make_trial(child.id, seed=99))
    finally:
        safe_mod.IDLE_CHECK_DELAY_S = 2.0
    assert safe.awaiting_decision and not (data / DB_NAME).exists()
    assert read_decision(data) is not None
    assert safe.pending_count == 1 and safe.in_memory_only == 0
    assert backups.backup_info(safe.offered_backup).trials == 40
    assert safe.restore_offered_backup()
    assert len(safe.store.trials(child.id)) == 41
    safe.close()


def _garble_wal_frame(wal: Path, frame: int) -> None:
    import struct

    head = wal.read_bytes()[:32]
    page = struct.unpack(">I", head[8:12])[0]
    with open(wal, "r+b") as f:
        f.seek(32 + frame * (24 + page) + 24 + 100)
        f.write(os.urandom(64))


def test_a_garbled_journal_is_kept_beside_the_file_and_the_grown_up_told(
    tmp_path, store_make_trial
):
    data = tmp_path / "data"
    code = (
        "import sys, os; from pathlib import Path; from progress.store import Store\n"
        "from progress.models import TrialIn\n"
        "s = Store.open(Path(sys.argv[1]), auto_backup=False)\n"
        "c = s.add_child('Mia')\n"
        "for i in range(6):\n"
        "    s.save_trial(TrialIn(child_id=c.id, game_id='tracing', difficulty=0.5,"
        " params={'i': i}, duration_s=1.0, success=True, score=0.5))\n"
        "os._exit(0)  # like a crash: the WAL is left behind\n"
    )
    subprocess.run([sys.executable, "-c", code, str(data)], check=True, env=_env())
    wal = Path(f"{data / DB_NAME}-wal")
    assert wal.stat().st_size > 0
    _garble_wal_frame(wal, 2)  # an early frame: committed trials follow it

    safe = SafeStore.open(data)
    kept = [p for p in data.iterdir() if ".kept-" in p.name]
    assert len(kept) == 1 and kept[0].stat().st_mode & 0o777 == 0o600
    assert "journal was damaged" in safe.problem and str(kept[0]) in safe.problem
    safe.close()


def test_a_clean_crash_journal_is_not_kept(tmp_path):
    data = tmp_path / "data"
    code = (
        "import sys, os; from pathlib import Path; from progress.store import Store\n"
        "s = Store.open(Path(sys.argv[1]), auto_backup=False); s.add_child('Mia')\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(data)], check=True, env=_env())
    safe = SafeStore.open(data)
    assert [p for p in data.iterdir() if ".kept-" in p.name] == []
    assert safe.problem is None and len(safe.list_children()) == 1
    safe.close()


@pytest.fixture
def read_only_copy(tmp_path, store_make_trial, small_disk):
    """The data on a real read-only mount (remounted ro), with a live journal left."""
    data = small_disk / "data"
    code = (
        "import sys, os; from pathlib import Path; from progress.store import Store\n"
        "from progress.models import TrialIn\n"
        "s = Store.open(Path(sys.argv[1])); c = s.add_child('Mia')\n"
        "s.backup_now()\n"
        "for i in range(3):\n"
        "    s.save_trial(TrialIn(child_id=c.id, game_id='tracing', difficulty=0.5,"
        " params={'i': i}, duration_s=1.0, success=True, score=0.5))\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(data)], check=True, env=_env())
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    return data


def test_read_only_commands_work_on_a_read_only_folder(read_only_copy, tmp_path):
    data = read_only_copy
    out = _cli("--data-dir", str(data), "children")
    assert out.returncode == 0 and "Mia" in out.stdout, out.stderr
    out = _cli("--data-dir", str(data), "backup", "--list")
    assert out.returncode == 0 and "1 child" in out.stdout, out.stderr
    reports = tmp_path / "reports"
    out = _cli(
        "--data-dir", str(data), "export", "--all", "--format", "json", "--out", str(reports)
    )
    assert out.returncode == 0, out.stderr
    # the export beside its JSON Schema (issue 16)
    (report,) = [p for p in reports.glob("*.json") if not p.name.endswith(".schema.json")]
    import json

    trials = json.loads(report.read_text())["trials"]
    assert len(trials) == 3  # the journal's trials too
    out = _cli("--data-dir", str(data), "children", "add", "Leo")
    assert out.returncode == 1 and "Traceback" not in out.stderr


# -- files the program writes ----------------------------------------------------------


def test_an_open_data_folder_is_tightened_and_rotated_logs_stay_private(tmp_path):
    import logging

    from tinyhands.logs import PrivateRotatingFileHandler

    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    SafeStore.open(data).close()
    assert data.stat().st_mode & 0o777 == 0o700
    handler = PrivateRotatingFileHandler(data / "tinyhands.log", maxBytes=200, backupCount=2)
    logger = logging.getLogger("test-rotation")
    logger.addHandler(handler)
    try:
        for i in range(40):
            logger.warning("line %d with some words to fill the file", i)
    finally:
        logger.removeHandler(handler)
        handler.close()
    logs = sorted(data.glob("tinyhands.log*"))
    assert len(logs) == 3
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in logs)


def test_a_second_demo_on_the_same_folder_leaves_the_running_one_alone(tmp_path):
    from tinyhands.demo import DEMO_LOCK, DemoError, _prepare_data_dir

    out = tmp_path / "out"
    data, lock = _prepare_data_dir(out, None)
    (data / "running-demo-file").write_text("in use")
    try:
        with pytest.raises(DemoError, match="another demo is running"):
            _prepare_data_dir(out, None)
        assert (data / "running-demo-file").exists()
    finally:
        lock.release()
    data2, lock2 = _prepare_data_dir(out, None)  # once it has finished: replaced
    assert data2 == data and not (data / "running-demo-file").exists()
    assert (data / DEMO_LOCK).exists()
    lock2.release()
