"""Forgiving streaks and the month calendar; days across DST, travel and clocks set back."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from progress.models import HomeProgram
from progress.store import Store
from progress.streaks import (
    DayStatus,
    current_streak,
    longest_streak,
    month_calendar,
    summary,
)

D0 = date(2024, 5, 1)
GOAL = 5.0


def days(*offsets_and_minutes: tuple[int, float]) -> dict[date, float]:
    return {D0 + timedelta(days=o): m for o, m in offsets_and_minutes}


def practised(*offsets: int) -> dict[date, float]:
    return days(*[(o, 6.0) for o in offsets])


def test_consecutive_days():
    history = practised(0, 1, 2, 3)
    assert current_streak(history, D0 + timedelta(days=3), GOAL) == 4
    assert longest_streak(history, D0 + timedelta(days=3), GOAL) == 4


def test_today_not_yet_practised_keeps_the_streak():
    history = practised(0, 1, 2)
    assert current_streak(history, D0 + timedelta(days=3), GOAL) == 3


def test_one_rest_day_is_forgiven_and_shown():
    history = practised(0, 1, 3, 4)  # day 2 missed
    s = summary(history, D0 + timedelta(days=4), GOAL)
    assert s.current == 4 and s.longest == 4
    assert s.rest_days == {D0 + timedelta(days=2)}
    cal = month_calendar(history, 2024, 5, today=D0 + timedelta(days=4), goal_minutes=GOAL)
    assert [c.status for c in cal[:6]] == [
        DayStatus.PRACTISED,
        DayStatus.PRACTISED,
        DayStatus.REST,
        DayStatus.PRACTISED,
        DayStatus.PRACTISED,
        DayStatus.FUTURE,
    ]


def test_yesterday_missed_and_today_open_is_still_a_streak():
    history = practised(0, 1, 2)
    today = D0 + timedelta(days=4)
    assert current_streak(history, today, GOAL) == 3
    cal = month_calendar(history, 2024, 5, today=today, goal_minutes=GOAL)
    assert cal[3].status is DayStatus.REST and cal[4].status is DayStatus.FUTURE


def test_two_missed_days_in_a_row_end_it():
    history = practised(0, 1, 2, 5, 6)
    today = D0 + timedelta(days=6)
    assert current_streak(history, today, GOAL) == 2
    assert longest_streak(history, today, GOAL) == 3
    cal = month_calendar(history, 2024, 5, today=today, goal_minutes=GOAL)
    assert cal[3].status is DayStatus.MISSED and cal[4].status is DayStatus.MISSED


def test_only_one_rest_day_in_any_seven():
    # misses on day 2 and day 8: 6 days apart, so the second one breaks the streak
    history = practised(0, 1, 3, 4, 5, 6, 7, 9, 10)
    assert current_streak(history, D0 + timedelta(days=10), GOAL) == 2
    assert longest_streak(history, D0 + timedelta(days=10), GOAL) == 7
    # misses on day 2 and day 9: 7 days apart, both forgiven
    history = practised(0, 1, 3, 4, 5, 6, 7, 8, 10, 11)
    s = summary(history, D0 + timedelta(days=11), GOAL)
    assert s.current == 10 and s.rest_days == {D0 + timedelta(days=2), D0 + timedelta(days=9)}


def test_too_few_minutes_is_not_a_practised_day():
    history = days((0, 6), (1, 4.9), (2, 5.0))
    cal = month_calendar(history, 2024, 5, today=D0 + timedelta(days=2), goal_minutes=GOAL)
    assert [c.minutes for c in cal[:3]] == [6, 4.9, 5.0]
    assert cal[1].status is DayStatus.REST  # a short day is a missed day, forgiven here
    assert current_streak(history, D0 + timedelta(days=2), 10.0) == 0


def test_calendar_covers_the_month_and_the_future():
    history = {date(2024, 2, 1): 6.0}
    cal = month_calendar(history, 2024, 2, today=date(2024, 2, 10), goal_minutes=GOAL)
    assert len(cal) == 29 and cal[0].day == date(2024, 2, 1)  # leap year
    assert cal[0].status is DayStatus.PRACTISED and cal[0].minutes == 6.0
    assert all(c.status is DayStatus.MISSED for c in cal[1:9])
    assert all(c.status is DayStatus.FUTURE for c in cal[9:])  # today (10th) is still open
    assert month_calendar({}, 2024, 5, today=D0, goal_minutes=GOAL)[0].minutes == 0.0
    with pytest.raises(ValueError):
        current_streak(history, D0, 0)


def test_a_clock_set_back_does_not_erase_recorded_practice():
    history = practised(0, 1, 2)
    assert current_streak(history, D0 - timedelta(days=30), GOAL) == 3


class _Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _practise(store: Store, clock: _Clock, child_id: int, when: datetime, minutes: float) -> None:
    clock.now = when
    session = store.start_session(child_id, "tablet", "touch")
    store.end_session(session.id, minutes)


def test_days_across_dst_changes(store_dir):
    ny = ZoneInfo("America/New_York")
    clock = _Clock(datetime(2024, 3, 1, tzinfo=ny))
    with Store.open(store_dir, clock=clock, auto_backup=False) as store:
        child = store.add_child("Ada")
        # spring forward (10 March): both sessions are on UTC 10 March, on two local days
        _practise(store, clock, child.id, datetime(2024, 3, 9, 23, 30, tzinfo=ny), 5)
        _practise(store, clock, child.id, datetime(2024, 3, 10, 0, 30, tzinfo=ny), 5)
        _practise(store, clock, child.id, datetime(2024, 3, 10, 3, 30, tzinfo=ny), 2)
        assert store.streak(child.id, today=date(2024, 3, 10)).current == 2
        # fall back (3 November): 01:30 happens twice, both on the same local day
        _practise(store, clock, child.id, datetime(2024, 11, 3, 1, 30, fold=0, tzinfo=ny), 3)
        _practise(store, clock, child.id, datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=ny), 3)
        by_day = store.minutes_by_day(child.id)
        assert by_day == {
            date(2024, 3, 9): 5,
            date(2024, 3, 10): 7,
            date(2024, 11, 3): 6,
        }
        offsets = {s.utc_offset_min for s in store.sessions(child.id)}
        assert offsets == {-300, -240}


def test_days_when_the_family_travels_across_time_zones(store_dir):
    berlin, la = ZoneInfo("Europe/Berlin"), ZoneInfo("America/Los_Angeles")
    clock = _Clock(datetime(2024, 6, 1, tzinfo=berlin))
    with Store.open(store_dir, clock=clock, auto_backup=False) as store:
        child = store.add_child("Ada")
        _practise(store, clock, child.id, datetime(2024, 6, 1, 8, 0, tzinfo=berlin), 3)
        # flew west the same day: 20:00 in LA is already 2 June in UTC and in Berlin
        _practise(store, clock, child.id, datetime(2024, 6, 1, 20, 0, tzinfo=la), 3)
        _practise(store, clock, child.id, datetime(2024, 6, 2, 9, 0, tzinfo=la), 5)
        assert store.minutes_by_day(child.id) == {date(2024, 6, 1): 6, date(2024, 6, 2): 5}
        assert store.streak(child.id, today=date(2024, 6, 2)).current == 2


def test_a_clock_moved_backwards(store_dir, store_make_trial):
    tz = ZoneInfo("Europe/London")
    clock = _Clock(datetime(2024, 5, 1, 10, tzinfo=tz))
    with Store.open(store_dir, clock=clock, auto_backup=False) as store:
        child = store.add_child("Ada")
        store.set_home_program(child.id, HomeProgram(minutes_per_day=5))
        for day in (1, 2, 3):
            _practise(store, clock, child.id, datetime(2024, 5, day, 10, tzinfo=tz), 6)
        clock.now = datetime(2024, 4, 20, 10, tzinfo=tz)  # the clock is set back 13 days
        session = store.start_session(child.id, "tablet", "touch")
        trial_id = store.save_trial(store_make_trial(child.id, session.id))
        clock.now -= timedelta(hours=3)  # and jumps again while the session runs
        store.end_session(session.id, 4.0)  # monotonic minutes: not (end - start) < 0
        assert store.get_session(session.id).minutes == 4.0
        assert store.get_trial(trial_id).local_date == date(2024, 4, 20)
        by_day = store.minutes_by_day(child.id)
        assert by_day[date(2024, 4, 20)] == 4.0 and by_day[date(2024, 5, 3)] == 6
        streak = store.streak(child.id)  # "today" per the wrong clock is 20 April
        assert streak.current == 3 and streak.longest == 3
        cal = store.month_calendar(child.id, 2024, 5)
        assert [c.status for c in cal[:3]] == [DayStatus.PRACTISED] * 3
