"""Bead-stringing metrics: pure functions of the raw pointer samples and the trial's geometry.

The geometry holds the task (pattern, tolerances, sizes) and the round's log of *carries*:
each pick-up, the *approaches* to the tip within it, and how it ended (threaded with its
alignment error, dropped, put back, returned from the tip). Which bead the physics let thread
is decided by the simulation, so the log is kept as the trial's outcome; the metrics below
are computed from it and the samples, so a better definition can re-score stored trials.
These are game measures: threading beads in this game is related to, not equivalent to, the
MABC-2 threading-beads item.

Definitions (mm, degrees, s):

* ``beads_threaded``: beads that went onto the string.
* ``attempts_per_bead``: approaches per threaded bead (1 = every bead on at the first try).
  An approach starts when a held bead's centre comes within (bead length / 2 + 12 mm) of the
  tip and ends threaded, withdrawn (moved 8 mm further out) or released there.
* ``alignment_offset``: mean lateral distance from the needle's point to the hole's axis at
  the moment each bead threaded.
* ``alignment_angle``: mean angle between the hole's axis and the needle's direction then.
* ``time_per_bead``: mean time from the first touch, or from the previous bead going on, to
  the next bead going on (choosing, carrying and threading).
* ``pattern_errors``: beads threaded at a place where the pattern wants another colour
  (pattern rounds only; the bead still goes on).
* ``drops``: beads let go away from the tip and away from the box (they hop back into it).
  A bead laid back in the box (choosing another) is not a drop.
* ``two_hand_threads``: share of threadings done while a second finger held the string
  steady (touch only: a mouse has one pointer).

Bump ``METRICS_VERSION`` whenever a definition changes.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any

from assets.i18n import N_
from engine.input import PointerEvent
from engine.trial import Better, Metric, MetricSpec, SuccessRule

METRICS_VERSION = 1

TOUCH_ONLY = frozenset({"touch"})

METRIC_SPECS: list[MetricSpec] = [
    MetricSpec(
        "beads_threaded",
        "count",
        Better.HIGHER,
        N_("Beads threaded onto the string"),
        definition=N_("Beads that went onto the string."),
        formula="count(geometry.carries with outcome == 'threaded')",
    ),
    MetricSpec(
        "attempts_per_bead",
        "count",
        Better.LOWER,
        N_("Approaches to the tip per bead"),
        definition=N_(
            "Approaches to the needle per threaded bead (1 = every bead on at the first"
            " try); an approach starts when a held bead's centre comes within half its length +"
            " 12 mm of the needle's point and ends threaded, withdrawn or released."
        ),
        formula="count(ended approaches of all carries) / beads_threaded",
    ),
    MetricSpec(
        "alignment_offset",
        "mm",
        Better.LOWER,
        N_("Hole's miss of the tip when threaded"),
        definition=N_(
            "Mean lateral distance from the needle's point to the axis of the bead's"
            " hole at the moment each bead threaded."
        ),
        formula="mean over threaded carries of |r - (r.a) a|; r = bead_pose - needle point,"
        " a = (sin angle, -cos angle)",
    ),
    MetricSpec(
        "alignment_angle",
        "deg",
        Better.LOWER,
        N_("Hole's tilt from the tip when threaded"),
        definition=N_(
            "Mean angle between the bead hole's axis and the needle's direction at the"
            " moment each bead threaded (0..90 degrees: a hole has two ends)."
        ),
        formula="mean over threaded carries of acos(|a . (needle.ux, needle.uy)|) in degrees",
    ),
    MetricSpec(
        "time_per_bead",
        "s",
        Better.LOWER,
        N_("Time per bead threaded"),
        definition=N_(
            "Mean time from the first touch, or from the previous bead going on, to the"
            " next bead going on (choosing, carrying and threading)."
        ),
        formula="mean of diff([first sample t_ms] + threaded t_end_ms) / 1000",
    ),
    MetricSpec(
        "pattern_errors",
        "count",
        Better.LOWER,
        N_("Beads of another colour than the pattern"),
        definition=N_(
            "Beads threaded at a place where the pattern wants another colour (pattern"
            " rounds only; the bead still goes on)."
        ),
        formula="count(threaded carries with wanted != null and colour != wanted)",
    ),
    MetricSpec(
        "drops",
        "count",
        Better.LOWER,
        N_("Beads let go away from the string"),
        definition=N_(
            "Beads let go away from the needle and away from the box (they hop back);"
            " a bead laid back in the box is not a drop."
        ),
        formula="count(carries with outcome == 'dropped')",
    ),
    MetricSpec(
        "two_hand_threads",
        "%",
        Better.HIGHER,
        N_("Threaded with the other hand steadying the string"),
        devices=TOUCH_ONLY,
        definition=N_(
            "Share of touch threadings done while a second finger held the string"
            " steady. Touch only: a mouse has one pointer."
        ),
        formula="100 * count(touch threaded carries with steadied) / count(touch threaded)",
    ),
]
_UNITS = {s.name: s.unit for s in METRIC_SPECS}

# success and stars (see ``score_and_success``)
SUCCESS_CLEAN = 0.6
SUCCESS_PATTERN = 0.8
STARS_3_CLEAN, STARS_3_PATTERN = 0.75, 0.9
STARS_2_CLEAN = 0.45


def hole_alignment(
    bead_xy: tuple[float, float],
    bead_angle_deg: float,
    tip: tuple[float, float],
    tip_dir: tuple[float, float],
) -> tuple[float, float, float, float]:
    """(lateral offset mm, angle deg, distance along the hole's axis mm, distance mm) of the
    needle's point from a bead: the same measure the round threads by and the metric reports.

    The hole's axis is the bead's local y axis, ``(sin a, -cos a)``, turned to face the needle
    (a hole has two ends), so the angle is 0..90 degrees.
    """
    a = math.radians(bead_angle_deg)
    ax, ay = math.sin(a), -math.cos(a)
    ux, uy = tip_dir
    dot = ax * ux + ay * uy
    if dot < 0:
        ax, ay, dot = -ax, -ay, -dot
    angle = math.degrees(math.acos(min(1.0, dot)))
    rx, ry = bead_xy[0] - tip[0], bead_xy[1] - tip[1]
    along = rx * ax + ry * ay
    lat = math.hypot(rx - along * ax, ry - along * ay)
    return lat, angle, along, math.hypot(rx, ry)


def threading_alignment(carry: dict[str, Any]) -> tuple[float, float]:
    """(offset mm, angle deg) of a threaded carry, from the logged bead pose and needle; a
    trial stored before poses were logged has only the round's own figures."""
    pose, needle = carry.get("bead_pose"), carry.get("needle")
    if pose is None or needle is None:
        return float(carry["offset_mm"]), float(carry["angle_deg"])
    lat, angle, _, _ = hole_alignment(
        (pose["x_mm"], pose["y_mm"]),
        pose["angle_deg"],
        (needle["x_mm"], needle["y_mm"]),
        (needle["ux"], needle["uy"]),
    )
    return lat, angle


def _ended(geometry: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in geometry["carries"] if c["outcome"] is not None]


def compute(samples: Sequence[PointerEvent], geometry: dict[str, Any]) -> dict[str, float]:
    """The metrics a trial measured, by name (units as in ``METRIC_SPECS``).

    A metric the trial could not measure (no bead threaded, no pattern, no touch) is left out
    rather than reported as 0.
    """
    carries = _ended(geometry)
    threads = sorted(
        (c for c in carries if c["outcome"] == "threaded"), key=lambda c: c["t_end_ms"]
    )
    approaches = sum(1 for c in carries for a in c["approaches"] if a["outcome"] is not None)
    values: dict[str, float] = {
        "beads_threaded": float(len(threads)),
        "drops": float(sum(1 for c in carries if c["outcome"] == "dropped")),
    }
    if threads:
        values["attempts_per_bead"] = approaches / len(threads)
        aligned = [threading_alignment(c) for c in threads]
        values["alignment_offset"] = statistics.fmean(o for o, _ in aligned)
        values["alignment_angle"] = statistics.fmean(a for _, a in aligned)
        if samples:
            t0 = min(e.t_ms for e in samples)
            times = [t0] + [c["t_end_ms"] for c in threads]
            values["time_per_bead"] = statistics.fmean(
                (b - a) / 1000.0 for a, b in zip(times, times[1:], strict=False)
            )
    if geometry.get("target"):
        values["pattern_errors"] = float(
            sum(1 for c in threads if c["wanted"] is not None and c["colour"] != c["wanted"])
        )
    touch = [c for c in threads if c["device"] == "touch"]
    if touch:
        values["two_hand_threads"] = 100.0 * sum(1 for c in touch if c["steadied"]) / len(touch)
    return values


def as_metrics(values: dict[str, float]) -> list[Metric]:
    return [Metric(name, float(values[name]), _UNITS[name]) for name in _UNITS if name in values]


def _parts(values: dict[str, float], geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    """(completion, clean, pattern, precision), each 0..1."""
    n = max(1, int(geometry["to_thread"]))
    threaded = values["beads_threaded"]
    completion = min(1.0, threaded / n)
    tries = values.get("attempts_per_bead", 0.0) * threaded + values["drops"]
    clean = threaded / tries if tries > 0 else 0.0
    pattern = 1.0
    if "pattern_errors" in values and threaded > 0:
        pattern = 1.0 - values["pattern_errors"] / threaded
    precision = 0.0
    if threaded > 0:
        off = values["alignment_offset"] / max(1e-6, float(geometry["offset_tol_mm"]))
        ang = values["alignment_angle"] / max(1e-6, float(geometry["angle_tol_deg"]))
        precision = min(1.0, max(0.0, 1.0 - 0.5 * off - 0.5 * ang))
    return completion, min(1.0, clean), pattern, precision


def score_and_success(values: dict[str, float], geometry: dict[str, Any]) -> tuple[float, bool]:
    """Graded score 0..1 and success for the difficulty controller.

    ``clean`` is the share of tries that threaded (a try is an approach to the tip or a drop;
    1: every bead on at its first approach), ``pattern`` the share of beads in the pattern's
    colour (1 without a pattern), ``precision`` how well centred and straight the hole was at
    threading (1: dead on, 0: at the edge of both tolerances).
    Score = completion x (0.55 clean + 0.25 pattern + 0.20 precision): threading first, then
    copying, then finesse. Success = every bead threaded, at least 60 % of tries clean and at
    least 80 % of beads in the pattern's colour ("threads 5 beads copying an AB pattern with at
    most one slip", the OT goal form).
    """
    completion, clean, pattern, precision = _parts(values, geometry)
    score = completion * (0.55 * clean + 0.25 * pattern + 0.20 * precision)
    success = completion >= 1.0 and clean >= SUCCESS_CLEAN and pattern >= SUCCESS_PATTERN
    return min(1.0, max(0.0, score)), success


def stars_for(values: dict[str, float], geometry: dict[str, Any], finished: bool) -> int:
    """1..3 stars for a finished round (never 0 then); a pattern slip never costs more than one."""
    if not finished:
        return 0
    _, clean, pattern, _ = _parts(values, geometry)
    if clean >= STARS_3_CLEAN and pattern >= STARS_3_PATTERN:
        return 3
    if clean >= STARS_2_CLEAN:
        return 2
    return 1


#: stated in reports beside every success rate; a changed rule is a new version
#: the rule in words, its numbers apart, so a report can say it in its own language
SUCCESS_WORDS = N_(
    "every bead is threaded, at least %(clean)s of tries thread at once and at least"
    " %(pattern)s of beads follow the pattern"
)
SUCCESS_VALUES = {"clean": f"{SUCCESS_CLEAN:.0%}", "pattern": f"{SUCCESS_PATTERN:.0%}"}
SUCCESS_RULE = SuccessRule("beads", 1, SUCCESS_WORDS % SUCCESS_VALUES)
