"""Tracing content: every character present, strokes well formed, taught order and direction."""

from __future__ import annotations

import math
import random
import string

import pytest

from games.tracing.content import (
    CONTENT_SETS,
    ITEMS,
    SHAPE_ORDER,
    sample_stroke,
)
from games.tracing.geometry import PolylineIndex, point_segment


def test_all_characters_and_shapes_are_defined():
    ids = set(ITEMS)
    assert {f"upper_{c}" for c in string.ascii_uppercase} <= ids
    assert {f"lower_{c}" for c in string.ascii_lowercase} <= ids
    assert {f"digit_{c}" for c in string.digits} <= ids
    for name in ("vertical", "horizontal", "circle", "cross", "square", "x_cross", "triangle"):
        assert name in SHAPE_ORDER
    for content, order in CONTENT_SETS.items():
        assert len(set(order)) == len(order), content


def test_shapes_in_developmental_order_with_age_ranges():
    ages = [ITEMS[s].age_years for s in SHAPE_ORDER]
    assert all(a is not None and a[0] <= a[1] for a in ages)
    assert [a[0] for a in ages] == sorted(a[0] for a in ages)  # type: ignore[index]
    # Feder & Majnemer 2007: vertical 2, horizontal 2.5, circle 3, cross 4, square 5, triangle 5.5
    want = {"vertical": 2.0, "horizontal": 2.5, "circle": 3.0, "cross": 4.0, "triangle": 5.5}
    for s, age in want.items():
        lo, hi = ITEMS[s].age_years  # type: ignore[misc]
        assert lo <= age <= hi


@pytest.mark.parametrize("item_id", sorted(ITEMS))
def test_strokes_are_continuous_pen_paths_inside_the_writing_lines(item_id):
    item = ITEMS[item_id]
    for ops, poly in zip(item.strokes, item.polylines(), strict=True):
        assert len(poly) >= 2
        # no hidden jumps: the widest step is an authored straight line or a small arc chord
        longest_line = max(
            (math.dist(poly[i], poly[i + 1]) for i in range(len(poly) - 1)), default=0.0
        )
        assert longest_line <= 1.6
        # an arc that continues a stroke starts where the pen already is (joins < 0.03 units)
        pen = None
        for op in ops:
            if op[0] == "A":
                cx, cy, rx, ry, a0, _ = op[1:]
                start = (cx + rx * math.cos(math.radians(a0)), cy - ry * math.sin(math.radians(a0)))
                if pen is not None:
                    assert math.dist(pen, start) < 0.03, (item_id, op)
                a1 = math.radians(op[6])
                pen = (cx + rx * math.cos(a1), cy - ry * math.sin(a1))
            else:
                pen = (op[1], op[2])
        for x, y in poly:
            assert -0.01 <= x <= 1.01 and -0.01 <= y <= 1.51, item_id


BALL_LETTERS = ["lower_c", "lower_o", "lower_a", "lower_d", "lower_g", "lower_q", "upper_C"]


@pytest.mark.parametrize("item_id", BALL_LETTERS + ["upper_O", "upper_G", "upper_Q"])
def test_round_letters_go_counter_clockwise_from_about_2_oclock(item_id):
    op = ITEMS[item_id].strokes[0][0]
    assert op[0] == "A"
    a0, a1 = op[5], op[6]
    assert a1 > a0  # counter-clockwise on screen
    assert 25 <= a0 <= 65  # between 1 and 2 o'clock


@pytest.mark.parametrize("item_id", sorted(ITEMS))
def test_first_lines_go_down_or_right(item_id):
    """Top to bottom, left to right: a stroke that starts with a straight vertical line goes
    down, one that starts horizontal goes right (the taught direction for every item here)."""
    for ops in ITEMS[item_id].strokes:
        if ops[0][0] != "M" or ops[1][0] != "L":
            continue
        (x0, y0), (x1, y1) = ops[0][1:3], ops[1][1:3]
        if abs(x1 - x0) < 1e-9:
            assert y1 > y0, item_id
        elif abs(y1 - y0) < 1e-9:
            assert x1 > x0, item_id


def test_bad_strokes_are_refused():
    with pytest.raises(ValueError):
        sample_stroke([("L", 0, 0)])
    with pytest.raises(ValueError):
        sample_stroke([("M", 0, 0), ("M", 1, 1)])
    with pytest.raises(ValueError):
        sample_stroke([("M", 0, 0)])
    with pytest.raises(ValueError):
        sample_stroke([("M", 0, 0), ("Q", 1, 1)])


def test_grid_index_matches_a_plain_scan():
    rng = random.Random(4)
    polys = [p for it in ("upper_B", "lower_g", "digit_8") for p in ITEMS[it].polylines()]
    polys = [[(x * 80 + 50, y * 80 + 40) for x, y in p] for p in polys]
    idx = PolylineIndex(polys)
    segs = [(p[i], p[i + 1]) for p in polys for i in range(len(p) - 1)]
    for _ in range(400):
        q = (rng.uniform(-300, 500), rng.uniform(-300, 400))
        if rng.random() < 0.7:
            q = (rng.uniform(40, 140), rng.uniform(30, 170))
        want = min(point_segment(q, a, b)[0] for a, b in segs)
        assert idx.distance(q) == pytest.approx(want, abs=1e-9)
        r = rng.uniform(0.5, 10)
        assert idx.within(q, r) == (want <= r)
