"""Forgiving practice streaks and the month calendar, as pure functions over minutes per day.

Why forgiving: a streak that resets after one missed day makes children give up
(FIELD-NOTES, "Parents and privacy"). So one missed day in any 7 is kept as a *rest
day*: it keeps the streak alive and is shown as rest, but does not add to its length.
A second miss within 7 days of the last rest day, or two misses in a row, ends it.

Days are the local dates recorded when the practice happened (see ``Store.minutes_by_day``),
never re-derived from a clock, so DST, travel and clock changes cannot move practice
to another day. If the clock was set back so that "today" is before practice already
recorded, the latest recorded day counts as today: a wrong clock must not erase a streak.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

REST_WINDOW_DAYS = 7  # at most one rest day in any window of this many days

#: the rule, in the words the streak screen shows a parent
RULE_WORDS = (
    "A day counts when the child finishes today's practice (the sun sets and a sticker "
    "comes), or plays at home for the minutes the program asked for that day. One missed "
    "day in any seven is a rest day and keeps the streak going."
)
#: minutes asked for: one number, or one per day (the program in force on that day)
Goal = float | Callable[[date], float]


def _goal_on(goal: Goal) -> Callable[[date], float]:
    if callable(goal):
        return goal
    if goal <= 0:
        raise ValueError(f"the daily goal must be more than 0 minutes, not {goal}")
    return lambda _day: goal


class DayStatus(StrEnum):
    PRACTISED = "practised"  # the day's minutes at home, or the whole practice finished
    REST = "rest"  # a forgiven missed day inside a streak
    MISSED = "missed"  # not enough practice, and not forgiven
    FUTURE = "future"  # after today, or today while it can still be practised


@dataclass(frozen=True, slots=True)
class CalendarDay:
    day: date
    minutes: float
    status: DayStatus


@dataclass(frozen=True, slots=True)
class StreakSummary:
    current: int  # practised days in the streak alive today (0 if none)
    longest: int  # practised days in the longest streak ever
    rest_days: frozenset[date]  # forgiven days of every streak (for the calendar)


@dataclass(slots=True)
class _Walk:
    statuses: dict[date, DayStatus]
    current: int
    longest: int
    today: date


def _walk(
    minutes_by_day: Mapping[date, float],
    today: date,
    goal_minutes: Goal,
    done_days: frozenset[date] = frozenset(),
) -> _Walk:
    """Walk day by day from the first practised day to today, deciding each day's status.

    A day is practised when its minutes reach that day's goal, or when it is in
    ``done_days`` (the whole practice was finished: the sun set, a sticker came)."""
    goal_on = _goal_on(goal_minutes)

    def counts(day: date) -> bool:
        return day in done_days or minutes_by_day.get(day, 0.0) >= max(1e-9, goal_on(day))

    practised = sorted(d for d in {*minutes_by_day, *done_days} if counts(d))
    recorded = [d for d, m in minutes_by_day.items() if m > 0] + list(done_days)
    today = max([today, *recorded])
    statuses: dict[date, DayStatus] = {}
    if not practised:
        return _Walk(statuses, 0, 0, today)
    run = 0
    longest = 0
    last_rest: date | None = None
    pending_rest: date | None = None  # a miss that becomes rest if practice follows
    day = practised[0]
    one = timedelta(days=1)
    while day <= today:
        if counts(day):
            if pending_rest is not None:
                statuses[pending_rest] = DayStatus.REST
                last_rest, pending_rest = pending_rest, None
            statuses[day] = DayStatus.PRACTISED
            run += 1
            longest = max(longest, run)
        elif day == today:
            statuses[day] = DayStatus.FUTURE  # today can still be practised
        elif (
            run > 0
            and pending_rest is None
            and (last_rest is None or (day - last_rest).days >= REST_WINDOW_DAYS)
        ):
            pending_rest = day
        else:
            if pending_rest is not None:
                statuses[pending_rest] = DayStatus.MISSED
                pending_rest = None
            statuses[day] = DayStatus.MISSED
            run = 0
            last_rest = None
        day += one
    if pending_rest is not None:  # yesterday missed, today still open: the streak lives
        statuses[pending_rest] = DayStatus.REST
    return _Walk(statuses, run, longest, today)


def summary(
    minutes_by_day: Mapping[date, float],
    today: date,
    goal_minutes: Goal,
    done_days: frozenset[date] = frozenset(),
) -> StreakSummary:
    walk = _walk(minutes_by_day, today, goal_minutes, done_days)
    rest = frozenset(d for d, s in walk.statuses.items() if s is DayStatus.REST)
    return StreakSummary(walk.current, walk.longest, rest)


def current_streak(minutes_by_day: Mapping[date, float], today: date, goal_minutes: float) -> int:
    """Practised days in the streak that is still alive today (today counts once met)."""
    return _walk(minutes_by_day, today, goal_minutes).current


def longest_streak(minutes_by_day: Mapping[date, float], today: date, goal_minutes: float) -> int:
    return _walk(minutes_by_day, today, goal_minutes).longest


def month_calendar(
    minutes_by_day: Mapping[date, float],
    year: int,
    month: int,
    *,
    today: date,
    goal_minutes: Goal,
    done_days: frozenset[date] = frozenset(),
) -> list[CalendarDay]:
    """One entry per day of the month: minutes practised and practised/rest/missed/future.

    The whole history is walked, so a rest day near the start of a month is judged
    against the days before it.
    """
    walk = _walk(minutes_by_day, today, goal_minutes, done_days)
    n_days = calendar.monthrange(year, month)[1]
    out = []
    for n in range(1, n_days + 1):
        day = date(year, month, n)
        minutes = float(minutes_by_day.get(day, 0.0))
        if day > walk.today:
            status = DayStatus.FUTURE
        else:
            status = walk.statuses.get(day, DayStatus.MISSED)
        out.append(CalendarDay(day, minutes, status))
    return out
