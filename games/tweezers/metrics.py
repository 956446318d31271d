"""Tweezers metrics: pure functions of the raw pointer samples and the trial's geometry.

The geometry holds the task (cups, things, grip band) and the round's log of *carries*: each
pick-up with its time and place and what became of it (placed in cup k at e mm from its
centre, dropped, popped, slipped, wrong cup). Which thing was caught is decided by the physics,
so the log is kept as the trial's outcome; everything else (paths, finger gaps, times) is
computed here from the samples, so a better definition can re-score stored trials.

Definitions (mm, s):

* ``pickups``: times the tweezers took hold of a thing.
* ``drops``: pick-ups that did not end in a cup (opened off target, popped, slipped, wrong jar).
* ``placement_error``: mean distance from a placed thing's centre, when let go, to the centre
  of its cup.
* ``transport_time``: mean time from pick-up to placing, over placed things.
* ``path_efficiency``: mean, over placed things, of the straight distance from pick-up to
  release over the distance the tweezer tips travelled (1 = straight; ``engine.pointing``).
* ``grip_stability``: SD of the finger gap while holding, pooled within carries (each carry
  about its own mean, weighted by time, so a 240 Hz screen and a 60 Hz one agree). The first
  ``GRIP_SETTLE_S`` of a carry (the fingers still closing after the catch) and the last
  ``GRIP_OPEN_S`` (opening to let go) are not holding steady and are left out. Touch pinch
  only: a mouse or a single finger has no gap.
* ``pops``: things that popped away because the finger gap closed past the holding band
  (touch pinch only; a screen senses no force, only the distance between two fingers).
* ``sort_errors``: things let go over a jar of another colour (sorting rounds only).
* ``objects_per_minute``: things placed per minute from the first touch to the last placing.

Bump ``METRICS_VERSION`` whenever a definition changes.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any

from assets.i18n import N_
from engine.gestures import PointerTracker
from engine.input import Phase, PointerEvent
from engine.pointing import path_efficiency
from engine.trial import Better, Metric, MetricSpec, SuccessRule

METRICS_VERSION = 1

PINCH_ONLY = frozenset({"touch"})
GRIP_SETTLE_S = 0.3
GRIP_OPEN_S = 0.1  # the round's grace before an opened grip lets go

METRIC_SPECS: list[MetricSpec] = [
    MetricSpec(
        "pickups",
        "count",
        Better.LOWER,
        N_("Pick-ups (fewer: each thing taken once)"),
        definition=N_("Times the tweezers took hold of a thing (a carry in the round's log)."),
        formula="count(geometry.carries with an outcome)",
    ),
    MetricSpec(
        "drops",
        "count",
        Better.LOWER,
        N_("Pick-ups that did not end in a cup"),
        definition=N_(
            "Pick-ups that ended other than placed: opened off target, popped, slipped"
            " or let go over a jar of another colour."
        ),
        formula="count(carries with outcome != 'placed')",
    ),
    MetricSpec(
        "placement_error",
        "mm",
        Better.LOWER,
        N_("Distance from the cup centre"),
        definition=N_(
            "Mean distance from a placed thing's centre, where it was let go, to the"
            " centre of the cup it went into; placed things only."
        ),
        formula="mean over placed carries of dist(carry.end, geometry.cups[carry.cup] centre)",
    ),
    MetricSpec(
        "transport_time",
        "s",
        Better.LOWER,
        N_("Time from pick-up to placing"),
        definition=N_(
            "Mean time from taking hold of a thing to letting it go in its cup, over placed things."
        ),
        formula="mean over placed carries of (t_end_ms - t_pick_ms) / 1000",
    ),
    MetricSpec(
        "path_efficiency",
        "%",
        Better.HIGHER,
        N_("Straightness of the carry"),
        definition=N_(
            "Mean, over placed things, of the straight distance from pick-up to release"
            " over the distance the tweezer tips travelled (100 = straight); the tips are midway"
            " between the two oldest fingers, or at the pressing pointer."
        ),
        formula="100 * mean(dist(first tip, last tip) / path length of tips during the carry)",
    ),
    MetricSpec(
        "grip_stability",
        "mm",
        Better.LOWER,
        N_("SD of the finger gap while holding (two-finger pinch)"),
        devices=PINCH_ONLY,
        definition=N_(
            "Standard deviation of the gap between the two fingers while holding,"
            " each carry about its own mean, time-weighted and pooled; the first 0.3 s (closing)"
            " and the last 0.1 s (opening) of a carry are left out. Touch pinch only."
        ),
        formula="sqrt(sum(dt * (gap - carry mean gap)^2) / sum(dt)) over pinch carries",
    ),
    MetricSpec(
        "pops",
        "count",
        Better.LOWER,
        N_("Things popped out by a closing finger gap (two-finger pinch)"),
        PINCH_ONLY,
        definition=N_(
            "Things that popped away because the two fingers closed below the grip band"
            " (the screen senses the finger gap, not force). Touch pinch only."
        ),
        formula="count(pinch carries with outcome == 'popped')",
    ),
    MetricSpec(
        "sort_errors",
        "count",
        Better.LOWER,
        N_("Put towards a jar of another colour"),
        definition=N_("Things let go over a jar of another colour (sorting rounds only)."),
        formula="count(carries with outcome == 'wrong_cup')",
    ),
    MetricSpec(
        "objects_per_minute",
        "1/min",
        Better.HIGHER,
        N_("Things placed per minute"),
        definition=N_("Things placed per minute, from the first touch to the last placing."),
        formula="60 * placed / ((max t_end_ms of placed carries - first sample t_ms) / 1000)",
    ),
]
_UNITS = {s.name: s.unit for s in METRIC_SPECS}

# success and stars (see ``score_and_success``)
SUCCESS_CLEAN = 0.8
STARS_3_CLEAN = 0.9
STARS_2_CLEAN = 0.6


def _tip_paths(
    samples: Sequence[PointerEvent], carries: Sequence[dict[str, Any]]
) -> list[tuple[list[tuple[float, float]], list[tuple[float, float]]]]:
    """Per carry: the tweezer tip path and the (t_ms, finger gap) series while holding.

    Tips are midway between the two oldest fingers for a pinch carry, at the oldest pointer
    for a press carry, exactly as the round places them.
    """
    out: list[tuple[list[tuple[float, float]], list[tuple[float, float]]]] = [
        ([], []) for _ in carries
    ]
    spans = [
        (c["t_pick_ms"], c["t_end_ms"] if c["t_end_ms"] is not None else math.inf, c["pinch"])
        for c in carries
    ]
    tracker = PointerTracker()
    for ev in samples:
        tracker.update(ev)
        t = ev.t_ms
        for k, (t0, t1, pinch) in enumerate(spans):
            if not t0 <= t <= t1:
                continue
            path, gaps = out[k]
            if pinch:
                pair = tracker.pair()
                if pair is None:
                    continue
                path.append((pair.cx_mm, pair.cy_mm))
                if t0 + GRIP_SETTLE_S * 1000.0 <= t <= t1 - GRIP_OPEN_S * 1000.0:
                    gaps.append((t, pair.gap_mm))
            elif ev.phase in (Phase.DOWN, Phase.MOVE, Phase.UP):
                path.append((ev.x_mm, ev.y_mm))
    return out


def _pooled_sd(series: Sequence[Sequence[tuple[float, float]]]) -> float | None:
    """Time-weighted SD about each series' own mean, pooled (each sample holds until the next)."""
    num = den = 0.0
    for s in series:
        if len(s) < 2:
            continue
        w = [s[i + 1][0] - s[i][0] for i in range(len(s) - 1)]
        v = [s[i][1] for i in range(len(s) - 1)]
        total = sum(w)
        if total <= 0:
            continue
        mean = sum(wi * vi for wi, vi in zip(w, v, strict=True)) / total
        num += sum(wi * (vi - mean) ** 2 for wi, vi in zip(w, v, strict=True))
        den += total
    if den <= 0:
        return None
    return math.sqrt(num / den)


def cup_centre(cup: dict[str, Any] | Sequence[Any]) -> tuple[float, float]:
    """A cup's centre in mm: ``{"x_mm", "y_mm", ...}``, or ``[x, y, r, colour, capacity]`` as
    trials stored before the geometry named its fields."""
    if isinstance(cup, dict):
        return float(cup["x_mm"]), float(cup["y_mm"])
    return float(cup[0]), float(cup[1])


def compute(samples: Sequence[PointerEvent], geometry: dict[str, Any]) -> dict[str, float]:
    """The metrics a trial measured, by name (units as in ``METRIC_SPECS``).

    A metric the input could not measure (a gap without two fingers, sorting errors without
    sorting, an error without a placed thing) is left out rather than reported as 0.
    """
    carries = [c for c in geometry["carries"] if c["outcome"] is not None]
    placed = [c for c in carries if c["outcome"] == "placed"]
    values: dict[str, float] = {
        "pickups": float(len(carries)),
        "drops": float(len(carries) - len(placed)),
    }
    if placed:
        cups = [cup_centre(c) for c in geometry["cups"]]
        values["placement_error"] = statistics.fmean(
            math.dist(c["end_mm"], cups[c["cup"]]) for c in placed
        )
        values["transport_time"] = statistics.fmean(
            (c["t_end_ms"] - c["t_pick_ms"]) / 1000.0 for c in placed
        )
    paths = _tip_paths(samples, carries)
    effs = [
        e
        for c, (path, _) in zip(carries, paths, strict=True)
        if c["outcome"] == "placed" and (e := path_efficiency(path)) is not None
    ]
    if effs:
        values["path_efficiency"] = 100.0 * statistics.fmean(effs)
    pinch = [k for k, c in enumerate(carries) if c["pinch"] and c["device"] == "touch"]
    if pinch:
        sd = _pooled_sd([paths[k][1] for k in pinch])
        if sd is not None:
            values["grip_stability"] = sd
        values["pops"] = float(sum(1 for k in pinch if carries[k]["outcome"] == "popped"))
    if geometry.get("sorting"):
        values["sort_errors"] = float(sum(1 for c in carries if c["outcome"] == "wrong_cup"))
    if placed and samples:
        span_s = (max(c["t_end_ms"] for c in placed) - samples[0].t_ms) / 1000.0
        if span_s > 0:
            values["objects_per_minute"] = 60.0 * len(placed) / span_s
    return values


def as_metrics(values: dict[str, float]) -> list[Metric]:
    return [Metric(name, float(values[name]), _UNITS[name]) for name in _UNITS if name in values]


def _parts(values: dict[str, float], n_things: int, cup_r: float) -> tuple[float, float, float]:
    pickups = values["pickups"]
    placed = pickups - values["drops"]
    completion = placed / n_things if n_things else 0.0
    clean = placed / pickups if pickups else 0.0
    err = values.get("placement_error")
    accuracy = 0.0 if err is None else max(0.0, 1.0 - err / max(cup_r, 1e-6))
    return completion, clean, accuracy


def score_and_success(
    values: dict[str, float], n_things: int, cup_r: float = 10.0
) -> tuple[float, bool]:
    """Graded score 0..1 and success for the difficulty controller.

    ``clean`` is the share of pick-ups that ended in a cup (1: nothing dropped) and
    ``accuracy`` how near the cup centres things were let go (1 at the centre, 0 at the rim).
    Score = completion x (0.7 clean + 0.3 accuracy): grip control first, then precision.
    Success = every thing placed with at least 80 % of pick-ups clean ("places 4 of 5 without
    dropping", the OT goal form).
    """
    completion, clean, accuracy = _parts(values, n_things, cup_r)
    score = completion * (0.7 * clean + 0.3 * accuracy)
    return min(1.0, max(0.0, score)), completion >= 1.0 and clean >= SUCCESS_CLEAN


def stars_for(values: dict[str, float], n_things: int, finished: bool) -> int:
    """1..3 stars for a finished round (never 0 then): 3 for hardly a drop, 2 for some."""
    if not finished:
        return 0
    _, clean, _ = _parts(values, n_things, 1.0)
    if clean >= STARS_3_CLEAN:
        return 3
    if clean >= STARS_2_CLEAN:
        return 2
    return 1


#: stated in reports beside every success rate; a changed rule is a new version
#: the rule in words, its numbers apart, so a report can say it in its own language
SUCCESS_WORDS = N_(
    "every thing is placed in its cup and at least %(clean)s of pick-ups end in a cup"
)
SUCCESS_VALUES = {"clean": f"{SUCCESS_CLEAN:.0%}"}
SUCCESS_RULE = SuccessRule("tweezers", 1, SUCCESS_WORDS % SUCCESS_VALUES)
