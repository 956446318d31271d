"""Puzzle metrics: pure functions of the raw pointer samples and the stored geometry.

The geometry holds the board (every piece's place, in mm) and the drag log: one entry per
release, with where on the piece it was held and where the piece was let go. From those and
the samples every metric can be recomputed, so stored trials can be re-scored. Definitions
(mm, s; bump ``METRICS_VERSION`` when one changes):

* an **attempt** is a release of a real piece over the board (the holes' area plus half a
  piece); a release in the tray is putting it back, a tap selects, neither is an attempt;
* an attempt is **aimed** when the piece was let go nearer its own place than inside another
  piece's place; a **wrong-place drop** is a release inside another piece's place (filled or
  not), or a distractor let go over the board;
* **placement error** (mm, degrees) is the mean distance (turn) from the piece's centre at
  release to its own place over the releases that *fitted* (snapped in): the precision of a
  successful placing. Version 1 averaged over missed releases too, which mixed a near-miss
  of 12 mm into the precision of the pieces that fitted; a miss is now measured apart:
* **miss distance** (mm) is the mean distance from the piece at release to its own place over
  aimed releases that did not fit (outside the snap tolerance);
* **path efficiency** (%) is straight distance / travelled distance of the finger over each
  drag (engine.pointing), averaged over attempts;
* **first-entry time** (s) and **re-entries** follow Hourcade et al. 2004: the finger's path
  from pick-up against the spot where the finger must be for the piece to fit (its place
  minus the held offset), with the snap tolerance as radius; children overshoot, so the
  first entry is timed and each later re-entry counted (mean per aimed attempt that entered).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from assets.i18n import N_
from engine.input import PointerEvent
from engine.pointing import entries, path_efficiency
from engine.trial import Better, Metric, MetricSpec, SuccessRule
from games.puzzle.board import angle_error

METRICS_VERSION = 2  # 2: placement error over fitted pieces only; miss distance apart

SUCCESS_ACCURACY = 0.75  # at most one miss for every three pieces placed
THREE_STARS, TWO_STARS = 0.9, 0.6

ATTEMPT_OUTCOMES = ("placed", "missed", "wrong_place")
AIMED_OUTCOMES = ("placed", "missed")

Point = tuple[float, float]

METRIC_SPECS: list[MetricSpec] = [
    MetricSpec(
        "completion_time",
        "s",
        Better.LOWER,
        N_("Time from first touch to the last piece"),
        definition=N_(
            "Time from the first touch to the release of the last piece that completed"
            " the board (an unfinished board: to the last sample)."
        ),
        formula="(max t_up_ms of placed drops, or last sample t_ms, - first down t_ms) / 1000",
    ),
    MetricSpec(
        "pieces_placed",
        "count",
        Better.HIGHER,
        N_("Pieces fitted in"),
        definition=N_("Pieces that snapped into their own place."),
        formula="count(geometry.drops with outcome == 'placed')",
    ),
    MetricSpec(
        "placement_error",
        "mm",
        Better.LOWER,
        N_("Distance from the place at release (fitted pieces)"),
        definition=N_(
            "Mean distance from a piece's centre, where it was let go, to the centre of"
            " its own place, over the releases that fitted (snapped in); misses are the miss"
            " distance."
        ),
        formula="mean over placed drops of dist(drop.release_mm, piece.target_mm)",
    ),
    MetricSpec(
        "placement_error_angle",
        "deg",
        Better.LOWER,
        N_("Turn from the fit at release (fitted pieces)"),
        definition=N_(
            "Mean turn from the nearest angle at which the piece fits, at release, over"
            " the releases that fitted."
        ),
        formula="mean over placed drops of min(d, 360/symmetry - d), d = (release_deg -"
        " target_deg) mod 360/symmetry",
    ),
    MetricSpec(
        "miss_distance",
        "mm",
        Better.LOWER,
        N_("Distance from the place when a piece did not fit"),
        definition=N_(
            "Mean distance from a piece's centre at release to its own place over aimed"
            " releases that did not fit (let go outside the snap tolerance, nearer its own place"
            " than inside another's)."
        ),
        formula="mean over missed drops of dist(drop.release_mm, piece.target_mm)",
    ),
    MetricSpec(
        "attempts_per_piece",
        "count",
        Better.LOWER,
        N_("Attempts per piece"),
        definition=N_(
            "Releases of a real piece over the board (fitted, missed or in a wrong"
            " place) per piece of the board; a release in the tray or a tap is no attempt."
        ),
        formula="count(drops with outcome in placed, missed, wrong_place) / count(real pieces)",
    ),
    MetricSpec(
        "wrong_place_drops",
        "count",
        Better.LOWER,
        N_("Pieces let go in a wrong place"),
        definition=N_(
            "Releases inside another piece's place (filled or not), or a distractor let"
            " go over the board."
        ),
        formula="count(drops with outcome in wrong_place, distractor)",
    ),
    MetricSpec(
        "path_efficiency",
        "%",
        Better.HIGHER,
        N_("Straightness of the drags"),
        definition=N_(
            "Mean over attempts of the straight distance over the distance the finger"
            " travelled while dragging the piece (100 = straight)."
        ),
        formula="100 * mean(dist(first, last) / path length of the drag's pointer samples)",
    ),
    MetricSpec(
        "first_entry_time",
        "s",
        Better.LOWER,
        N_("Time to first reach the place"),
        definition=N_(
            "Mean time from pick-up until the finger first entered the spot where it"
            " must be for the piece to fit (its place minus the held offset, radius = snap"
            " tolerance), over aimed attempts that entered (Hourcade et al. 2004)."
        ),
        formula="mean(first t_ms inside circle(target - rotate(grab_local_mm), snap_mm) -"
        " t_down_ms) / 1000",
    ),
    MetricSpec(
        "reentries",
        "count",
        Better.LOWER,
        N_("Re-entries into the place per attempt"),
        definition=N_(
            "Mean number of times the finger re-entered that spot after leaving it"
            " (overshoots), per aimed attempt that entered."
        ),
        formula="mean over entering attempts of (entries into the circle - 1)",
    ),
    MetricSpec(
        "accuracy",
        "%",
        Better.HIGHER,
        N_("Pieces fitted at the first try, overall"),
        definition=N_(
            "Share of the board's pieces fitted, discounted by every release over the"
            " board that did not fit."
        ),
        formula="100 * placed / real * placed / max(placed, attempts + distractor drops)",
    ),
]
_UNITS = {s.name: s.unit for s in METRIC_SPECS}


def _rotate(p: Point, deg: float) -> Point:
    a = math.radians(deg)
    c, s = math.cos(a), math.sin(a)
    return p[0] * c - p[1] * s, p[0] * s + p[1] * c


def classify_miss(pos: Point, piece_id: str, board: Any) -> str:
    """ "wrong_place" when ``pos`` lies inside another piece's place and nearer to it than to
    the piece's own place, else "missed" (aimed at its own place, outside the tolerance)."""
    own = board.piece(piece_id).target
    d_own = math.dist(pos, own)
    for p in board.real:
        if p.id == piece_id:
            continue
        tx, ty = p.target
        h = p.half_mm
        if abs(pos[0] - tx) <= h and abs(pos[1] - ty) <= h and math.dist(pos, p.target) < d_own:
            return "wrong_place"
    return "missed"


def _finger_path(
    samples: Sequence[PointerEvent], pointer_id: int, t0: float, t1: float
) -> list[tuple[float, float, float]]:
    return [
        (e.t_ms, e.x_mm, e.y_mm)
        for e in samples
        if e.pointer_id == pointer_id and t0 <= e.t_ms <= t1 and e.phase.value != "cancel"
    ]


def _mean(xs: Sequence[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def compute(samples: Sequence[PointerEvent], geometry: dict[str, Any]) -> dict[str, float]:
    """All puzzle metrics by name (units as in ``METRIC_SPECS``) from samples + geometry."""
    pieces = {p["id"]: p for p in geometry["pieces"]}
    real = [p for p in pieces.values() if p["target_mm"] is not None]
    drops = geometry["drops"]
    snap_mm = float(geometry["snap_mm"])
    attempts = [d for d in drops if d["outcome"] in ATTEMPT_OUTCOMES]
    placed = [d for d in drops if d["outcome"] == "placed"]
    missed = [d for d in drops if d["outcome"] == "missed"]
    wrong = [d for d in drops if d["outcome"] in ("wrong_place", "distractor")]

    downs = [e.t_ms for e in samples if e.phase.value == "down"]
    t_start = min(downs) if downs else 0.0
    if placed and len(placed) >= len(real):
        t_end = max(d["t_up_ms"] for d in placed)
    else:
        t_end = max((e.t_ms for e in samples), default=t_start)

    effs: list[float] = []
    firsts: list[float] = []
    reentries: list[int] = []
    for d in attempts:
        path = _finger_path(samples, d["pointer_id"], d["t_down_ms"], d["t_up_ms"])
        eff = path_efficiency([(x, y) for _, x, y in path])
        if eff is not None:
            effs.append(eff)
        if d["outcome"] not in AIMED_OUTCOMES:
            continue
        p = pieces[d["piece"]]
        tx, ty = p["target_mm"]
        ox, oy = _rotate(tuple(d["grab_local_mm"]), float(p["target_deg"]))
        first, again = entries(path, (tx - ox, ty - oy), snap_mm)
        if first is not None:
            firsts.append(first)
            reentries.append(again)

    n_real = max(1, len(real))
    n_distractor = sum(1 for d in drops if d["outcome"] == "distractor")
    values = {
        "completion_time": max(0.0, (t_end - t_start) / 1000.0),
        "pieces_placed": float(len(placed)),
        "attempts_per_piece": len(attempts) / n_real,
        "wrong_place_drops": float(len(wrong)),
        "path_efficiency": 100.0 * _mean(effs),
        "first_entry_time": _mean(firsts),
        "reentries": _mean([float(r) for r in reentries]),
        "accuracy": 100.0 * accuracy(len(placed), len(real), len(attempts) + n_distractor),
    }
    # measured only where there is something to measure: no fitted piece is no 0 mm error
    if placed:
        values["placement_error"] = _mean([_pos_error(d, pieces) for d in placed])
        values["placement_error_angle"] = _mean([_angle_error(d, pieces) for d in placed])
    if missed:
        values["miss_distance"] = _mean([_pos_error(d, pieces) for d in missed])
    return values


def _pos_error(drop: dict[str, Any], pieces: dict[str, dict[str, Any]]) -> float:
    """Distance (mm) from the piece's centre at release to its own place."""
    return math.dist(drop["release_mm"], pieces[drop["piece"]]["target_mm"])


def _angle_error(drop: dict[str, Any], pieces: dict[str, dict[str, Any]]) -> float:
    p = pieces[drop["piece"]]
    return angle_error(float(drop["release_deg"]), float(p["target_deg"]), int(p["symmetry"]))


def accuracy(placed: int, real: int, tries: int) -> float:
    """Share of the board's pieces fitted, discounted by every release over the board that
    did not fit: placed / real x placed / tries (attempts + distractor drops), in 0..1."""
    if real <= 0 or placed <= 0:
        return 0.0
    return (placed / real) * (placed / max(placed, tries))


def as_metrics(values: dict[str, float]) -> list[Metric]:
    return [Metric(name, float(values[name]), _UNITS[name]) for name in _UNITS if name in values]


def score_and_success(values: dict[str, float], complete: bool) -> tuple[float, bool]:
    """Graded score 0..1 and success for the difficulty controller.

    Score: ``accuracy`` — every piece in, each at its first try, is 1; each release over the
    board that did not fit (a miss, a wrong place, a distractor tried) lowers it, and an
    unfinished board counts only the pieces that went in. Time is not scored: children in
    therapy are never hurried. Success: the board complete with accuracy >= 75 % (at most one
    miss per three pieces), the "N of M" form of an OT goal.
    """
    acc = min(1.0, max(0.0, values["accuracy"] / 100.0))
    return acc, complete and acc >= SUCCESS_ACCURACY


def stars_for(values: dict[str, float], complete: bool) -> int:
    """1..3 stars for a finished board (never 0 for a finished round)."""
    if not complete:
        return 0
    acc = values["accuracy"] / 100.0
    if acc >= THREE_STARS:
        return 3
    if acc >= TWO_STARS:
        return 2
    return 1


#: stated in reports beside every success rate; a changed rule is a new version
#: the rule in words, its numbers apart, so a report can say it in its own language
SUCCESS_WORDS = N_(
    "the board is completed with a placement accuracy of at least %(accuracy)s"
    " (at most one miss for every three pieces)"
)
SUCCESS_VALUES = {"accuracy": f"{SUCCESS_ACCURACY:.0%}"}
SUCCESS_RULE = SuccessRule("puzzle", 1, SUCCESS_WORDS % SUCCESS_VALUES)
