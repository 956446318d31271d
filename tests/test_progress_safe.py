"""SafeStore as the app drives it: one round after another, with the disk filling up midway."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from progress.safe import SafeStore
from progress.store import Store

TZ = timezone(timedelta(hours=2))


def _round(safe: SafeStore, child_id: int, session_id: int | None, trial, stars: int) -> None:
    """What tinyhands.play.Practice.finish does after each round."""
    trial_id = safe.save_trial(trial)
    safe.set_difficulty_state(child_id, "tracing", {"value": 0.1 * stars})
    if session_id is not None:
        safe.add_session_minutes(session_id, 0.5)
    safe.add_reward(child_id, stars, "owl" if stars == 3 else None, trial_id)


def test_play_through_a_full_disk_loses_nothing(store_dir, store_make_trial):
    now = datetime(2024, 5, 1, 17, 0, tzinfo=TZ)
    safe = SafeStore.open(store_dir, clock=lambda: now)
    child = safe.add_child("Ada")
    session = safe.start_session(child.id, "tablet", "touch")
    _round(safe, child.id, session.id, store_make_trial(child.id, session.id, seed=1), 1)

    db = safe.store.connection
    db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
    kept = [store_make_trial(child.id, session.id, n=1500, seed=s) for s in (2, 3)]
    for i, trial in enumerate(kept):
        _round(safe, child.id, session.id, trial, 2 + i)
    assert safe.pending_count == 2 and safe.pending_writes == 8
    assert "disk is full" in safe.problem
    # the child's screens keep working on what is there
    assert safe.rewards_summary(child.id).total_stars == 1
    assert safe.get_difficulty_state(child.id, "tracing") == {"value": 0.1}

    db.execute("PRAGMA max_page_count = 1073741823")
    assert safe.retry_pending() == 8 and safe.problem is None
    trials = safe.store.trials(child.id, with_samples=True)
    assert [t.samples for t in trials[1:]] == [t.samples for t in kept]
    assert all(t.local_date == date(2024, 5, 1) for t in trials)  # the day it was played
    assert safe.rewards_summary(child.id) == (6, ["owl"])
    assert safe.get_difficulty_state(child.id, "tracing") == {"value": 0.30000000000000004}
    assert safe.minutes_by_day(child.id) == {date(2024, 5, 1): 1.5}
    assert safe.games_played_on(child.id, date(2024, 5, 1)) == ["tracing"]
    assert safe.stickers_on(child.id, date(2024, 5, 1)) == ["owl"]
    assert safe.streak(child.id).current == 0  # 1.5 of 5 minutes: not a practised day yet
    safe.close()
    with Store.open(store_dir, auto_backup=False) as store:  # all of it is on disk
        assert len(store.trials(child.id)) == 3


def test_a_late_save_keeps_the_day_the_trial_was_played(store_dir, store_make_trial):
    clock_now = [datetime(2024, 5, 1, 23, 59, tzinfo=TZ)]
    safe = SafeStore.open(store_dir, clock=lambda: clock_now[0])
    child = safe.add_child("Ada")
    safe.store.connection.execute("PRAGMA query_only = ON")
    assert safe.save_trial(store_make_trial(child.id)) is None
    clock_now[0] += timedelta(minutes=5)  # past midnight when it finally saves
    safe.store.connection.execute("PRAGMA query_only = OFF")
    assert safe.retry_pending() == 1
    (trial,) = safe.store.trials(child.id)
    assert trial.local_date == date(2024, 5, 1)
    safe.close()


def test_opening_through_the_entry_point_name(store_dir):
    safe = SafeStore.open_dir(str(store_dir))
    assert safe.available and safe.problem is None and safe.pending_count == 0
    assert safe.list_children() == []
    assert safe.get_home_program(12345).minutes_per_day == 5  # unknown child: a default
    assert "no child" in safe.problem
    safe.close()


def test_the_daily_backup_is_taken_at_idle_not_at_start(store_dir):
    safe = SafeStore.open(store_dir)
    assert safe.store.list_backups() == []  # start-up stays quick
    safe.add_child("Ada")
    safe.idle()
    (backup,) = safe.store.list_backups()
    safe.idle()
    assert safe.store.list_backups() == [backup]  # at most once a day
    safe.close()
