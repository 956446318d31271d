"""When practice sits at a bound of the home program, say so in a therapist's words.

A pure function of a game's stored trials, so the report and the grown-ups' area give
the same sentence: "Tracing reached the narrowest band the home program allows (4.8 mm)
and succeeded in 9 of 9 trials: consider raising the limit".

The rule: the latest home-practice trials that moved the difficulty (warm-ups and graded
tasks left out) sat at the same bound without a break, at least ``MIN_TRIALS`` of them
over at least ``MIN_DAYS`` calendar days (about a week); at the upper bound with at
least ``HIGH_SUCCESS`` of them successful, or at the lower bound with fewer than
``LOW_SUCCESS``.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from exporter.catalog import GameInfo
from exporter.i18n import N_, _
from exporter.wording import fmt_value, short_date
from progress.models import Trial

MIN_TRIALS = 5
MIN_DAYS = 6  # first to last day of the run: a week of practice at ~60 % of days
HIGH_SUCCESS = 0.8
LOW_SUCCESS = 0.5
#: a bound's words for a game that gives none of its own
HARDEST = N_("the hardest task")
EASIEST = N_("the easiest task")


def _value_words(run: Sequence[Trial], info: GameInfo) -> str:
    name = info.key_presented
    if not name:
        return ""
    vals, unit = [], ""
    for t in run:
        for p in t.presented:
            if p.name == name and isinstance(p.value, int | float):
                vals.append(float(p.value))
                unit = p.unit
    if not vals:
        return ""
    return f" ({fmt_value(statistics.median(vals), unit)})"


def bound_notices(trials: Sequence[Trial], info: GameInfo) -> list[str]:
    """Sentences for a game whose practice sits at a home-program bound (see the module
    docstring); ``trials`` are that game's trials in time order."""
    practice = [t for t in trials if not t.graded and t.kind != "warmup" and not t.interrupted]
    if not practice:
        return []
    side = practice[-1].at_bound
    if side not in ("low", "high"):
        return []
    run: list[Trial] = []
    for t in reversed(practice):
        if t.at_bound != side:
            break
        run.append(t)
    run.reverse()
    days = (run[-1].local_date - run[0].local_date).days
    if len(run) < MIN_TRIALS or days < MIN_DAYS:
        return []
    ok = sum(t.success for t in run)
    since = short_date(run[0].local_date)
    value = _value_words(run, info)
    values = {"game": _(info.name), "value": value, "ok": ok, "n": len(run), "since": since}
    if side == "high" and ok >= HIGH_SUCCESS * len(run):
        values["bound"] = _(info.bound_words.get("high", HARDEST))
        # TRANSLATORS: %(bound)s is e.g. "the narrowest band", %(value)s " (4.8 mm)" or empty
        return [
            _(
                "%(game)s reached %(bound)s the home program allows%(value)s and succeeded in "
                "%(ok)d of %(n)d trials since %(since)s: consider raising the limit."
            )
            % values
        ]
    if side == "low" and ok < LOW_SUCCESS * len(run):
        values["bound"] = _(info.bound_words.get("low", EASIEST))
        return [
            _(
                "%(game)s stayed at %(bound)s the home program allows%(value)s and succeeded "
                "in only %(ok)d of %(n)d trials since %(since)s: consider a lower limit, more "
                "help, or another game for now."
            )
            % values
        ]
    return []
