"""Shared pointing measures and two-finger gestures, against inputs of known truth."""

import math

import pytest

from engine.gestures import PointerTracker, angle_delta
from engine.input import Device, Phase, PointerEvent
from engine.pointing import entries, index_of_difficulty, path_efficiency, throughput


def ev(phase, pid, x, y, t):
    return PointerEvent(Phase(phase), pid, Device.TOUCH, x, y, x * 4, y * 4, t)


def test_pinch_gap_and_twist_of_two_fingers():
    tr = PointerTracker()
    tr.update(ev("down", 1, 100, 100, 0))
    assert tr.pair() is None
    tr.update(ev("down", 2, 130, 100, 5))
    p = tr.pair()
    assert p.gap_mm == pytest.approx(30) and p.angle_rad == pytest.approx(0)
    assert (p.cx_mm, p.cy_mm) == pytest.approx((115, 100))
    # turn the second finger a quarter turn around the first
    tr.update(ev("move", 2, 100, 130, 10))
    p2 = tr.pair()
    assert p2.gap_mm == pytest.approx(30)
    assert angle_delta(p.angle_rad, p2.angle_rad) == pytest.approx(math.pi / 2)
    tr.update(ev("up", 1, 100, 100, 20))
    assert tr.pair() is None and len(tr) == 1
    assert tr.update(ev("move", 99, 0, 0, 30)) is None  # unknown pointer: ignored


def test_angle_delta_wraps_the_short_way():
    assert angle_delta(math.radians(170), math.radians(-170)) == pytest.approx(math.radians(20))
    assert angle_delta(math.radians(-170), math.radians(170)) == pytest.approx(math.radians(-20))


def test_path_efficiency_of_a_straight_and_a_detoured_drag():
    assert path_efficiency([(0, 0), (10, 0), (20, 0)]) == pytest.approx(1.0)
    # up 10, right 20, down 10: straight distance 20, travelled 40
    assert path_efficiency([(0, 0), (0, 10), (20, 10), (20, 0)]) == pytest.approx(0.5)
    assert path_efficiency([(5, 5), (5, 5)]) is None


def test_first_entry_and_reentries_of_an_overshoot():
    # enters at 100 ms, overshoots out at 200 ms, comes back at 300 ms, out and in again
    path = [(0, 0, 0), (100, 9, 0), (200, 20, 0), (300, 9, 0), (400, 20, 0), (500, 10, 0)]
    first, re = entries(path, centre=(10, 0), radius_mm=5)
    assert first == pytest.approx(0.1) and re == 2
    assert entries([(0, 0, 0), (10, 1, 1)], (50, 50), 5) == (None, 0)


def test_fitts_index_and_throughput():
    assert index_of_difficulty(70, 10) == pytest.approx(3.0)
    sd = 10 / 4.133
    assert throughput(70, sd, 1.5) == pytest.approx(2.0)
    assert throughput(70, 0, 1.0) is None
