"""Measures of pointing and dragging that several games share, in mm and s.

Children overshoot targets, so beside movement time we log the first entry into the
target and the re-entries after it (Hourcade et al. 2004); path efficiency is the
straight-line distance over the distance actually travelled. Fitts' index of difficulty
and throughput follow ISO 9241-9 (Soukoreff & MacKenzie 2004).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Point = tuple[float, float]
TimedPoint = tuple[float, float, float]  # t_ms, x_mm, y_mm


def path_length(points: Sequence[Point]) -> float:
    return sum(math.dist(points[i], points[i + 1]) for i in range(len(points) - 1))


def path_efficiency(points: Sequence[Point]) -> float | None:
    """Straight distance / travelled distance, 0..1 (1: a perfectly straight drag).

    None when the drag did not move (nothing to measure).
    """
    if len(points) < 2:
        return None
    travelled = path_length(points)
    if travelled <= 1e-9:
        return None
    return min(1.0, math.dist(points[0], points[-1]) / travelled)


def entries(
    path: Sequence[TimedPoint], centre: Point, radius_mm: float
) -> tuple[float | None, int]:
    """(first-entry time in s from the path's start, re-entries after the first).

    A path that never enters the target gives (None, 0).
    """
    if not path:
        return None, 0
    t0 = path[0][0]
    first: float | None = None
    inside = False
    reentries = 0
    for t, x, y in path:
        now_inside = math.hypot(x - centre[0], y - centre[1]) <= radius_mm
        if now_inside and not inside:
            if first is None:
                first = (t - t0) / 1000.0
            else:
                reentries += 1
        inside = now_inside
    return first, reentries


def index_of_difficulty(distance_mm: float, width_mm: float) -> float:
    """Shannon formulation ID = log2(A / W + 1) in bits."""
    return math.log2(distance_mm / width_mm + 1.0)


def throughput(distance_mm: float, endpoint_sd_mm: float, movement_s: float) -> float | None:
    """Effective throughput TP = IDe / MT (bits/s), We = 4.133 * SDx (ISO 9241-9)."""
    if movement_s <= 0 or endpoint_sd_mm <= 0:
        return None
    return index_of_difficulty(distance_mm, 4.133 * endpoint_sd_mm) / movement_s
