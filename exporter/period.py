"""The default report period, from one place for the command line and the grown-ups' area.

The period ends on the later of today (by the computer's clock) and the child's latest
recorded day, so a clock set back never silently leaves the latest trials out. It starts
``days`` before its end, or at the child's first recorded day; never before the child
was added on this device (days before that are not missed practice).
"""

from __future__ import annotations

from datetime import date, timedelta

from progress.models import Child
from progress.store import Store


def latest_day(store: Store, child: Child) -> date | None:
    """The child's latest recorded local day (a session or a trial), if any."""
    sessions = store.sessions(child.id)
    since = sessions[-1].local_date if sessions else None
    later = store.trials(child.id, since=since, geometry_keys=())
    days = [s.local_date for s in sessions[-1:]] + [t.local_date for t in later]
    return max(days, default=None)


def first_day(store: Store, child: Child) -> date:
    """The child's first recorded day, or the day they were added, whichever is earlier."""
    added = child.created.astimezone().date()
    sessions = store.sessions(child.id, until=added)
    days = [s.local_date for s in sessions[:1]]
    days += [t.local_date for t in store.trials(child.id, until=added, geometry_keys=())[:1]]
    return min([added, *days])


def default_period(store: Store, child: Child, days: int | None = None) -> tuple[date, date]:
    """(start, end) of a report on ``child``: the last ``days`` days, or all of it."""
    today = store.now().date()
    end = max(today, latest_day(store, child) or today)
    first = first_day(store, child)
    start = first if days is None else max(end - timedelta(days=days - 1), first)
    return min(start, end), end
