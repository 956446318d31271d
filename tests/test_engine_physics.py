"""engine.physics: walls hold, pointers drag through capped joints, nothing explodes."""

from __future__ import annotations

import math

import pymunk
import pytest

from engine.physics import Bounds, World

B = Bounds(0.0, 30.0, 300.0, 200.0)


def test_walls_inner_faces_lie_on_the_bounds():
    w = World(B, damping=0.5)
    ball = w.add_ball((50.0, 100.0), 10.0, elasticity=0.0)
    ball.velocity = (-2000.0, 0.0)
    for _ in range(240):
        w.step()
    assert ball.position.x == pytest.approx(B.x0 + 10.0, abs=0.5)
    assert w.rescued == 0


def test_a_fast_ball_never_leaves_the_tray():
    w = World(B, damping=1.0)
    ball = w.add_ball((150.0, 100.0), 4.0, elasticity=1.0)
    ball.velocity = (2900.0, 2100.0)
    for _ in range(1200):
        w.step()
        assert B.contains((ball.position.x, ball.position.y), 5.0)


def test_a_grabbed_body_follows_its_pointer_and_is_let_go():
    w = World(B)
    ball = w.add_ball((50.0, 100.0), 8.0)
    w.grab(7, ball, (50.0, 100.0), max_force=1e5)
    for k in range(1, 121):
        w.move_pointer(7, (50.0 + k, 100.0))
        w.step()
    w.move_pointer(7, (170.0, 100.0))
    for _ in range(60):
        w.step()
    assert ball.position.x == pytest.approx(170.0, abs=0.5)
    assert w.release(7) is ball
    assert w.release(7) is None
    assert not w.space.constraints and len(w.space.bodies) == 1


def test_the_pull_is_capped_so_a_yank_lags_behind():
    w = World(B)
    ball = w.add_ball((50.0, 100.0), 8.0)
    g = w.grab(1, ball, (50.0, 100.0), max_force=2e4)
    w.move_pointer(1, (250.0, 100.0))
    w.step()
    assert g.stretch_mm > 150.0  # a capped force cannot teleport the body
    for _ in range(240):
        w.step()
    assert g.stretch_mm < 1.0


def test_a_pointer_outside_the_walls_cannot_drag_a_body_through_them():
    w = World(B)
    ball = w.add_ball((280.0, 100.0), 8.0)
    w.grab(1, ball, (280.0, 100.0), max_force=1e6)
    w.move_pointer(1, (5000.0, 100.0))
    for _ in range(120):
        w.step()
    assert ball.position.x <= B.x1
    assert w.rescued == 0


def test_two_pointers_hold_two_bodies():
    w = World(B)
    a, b = w.add_ball((50.0, 100.0), 8.0), w.add_ball((100.0, 100.0), 8.0)
    w.grab(1, a, (50.0, 100.0), max_force=1e5)
    w.grab(2, b, (100.0, 100.0), max_force=1e5)
    w.move_pointer(1, (50.0, 150.0))
    w.move_pointer(2, (100.0, 60.0))
    for _ in range(120):
        w.step()
    assert a.position.y == pytest.approx(150.0, abs=0.5)
    assert b.position.y == pytest.approx(60.0, abs=0.5)


def test_only_dynamic_bodies_can_be_held():
    w = World(B)
    with pytest.raises(ValueError):
        w.grab(1, w.space.static_body, (10.0, 40.0), max_force=1.0)


def test_body_at_finds_the_nearest_body_within_reach():
    w = World(B)
    w.add_post((20.0, 50.0), 5.0)
    a = w.add_ball((100.0, 100.0), 5.0)
    b = w.add_ball((120.0, 100.0), 5.0)
    assert w.body_at((100.0, 100.0)) is a
    assert w.body_at((112.0, 100.0)) is None
    assert w.body_at((112.0, 100.0), 4.0) is b  # 3 mm from b's edge, 7 mm from a's
    assert w.body_at((20.0, 50.0), 2.0) is None  # a post is static


def test_a_nan_or_escaped_body_is_put_back_and_counted():
    w = World(B)
    a = w.add_ball((100.0, 100.0), 5.0)
    b = w.add_ball((200.0, 100.0), 5.0)
    w.step()
    a.position = (math.nan, 10.0)
    b.position = (-900.0, 100.0)
    b.velocity = (math.inf, 0.0)
    assert w.check_health() == 2
    assert (a.position.x, a.position.y) == pytest.approx((100.0, 100.0))
    assert (b.position.x, b.position.y) == pytest.approx((200.0, 100.0))
    assert b.velocity.length == 0.0
    assert w.rescued == 2
    for _ in range(10):
        w.step()
    assert all(math.isfinite(v) for v in (*a.position, *b.position))


def test_speeds_are_capped():
    w = World(B, max_speed_mm_s=500.0, damping=1.0)
    a = w.add_ball((150.0, 100.0), 5.0)
    a.velocity = (5000.0, 0.0)
    w.check_health()
    assert a.velocity.length == pytest.approx(500.0)


def _run() -> list[tuple[float, float, float]]:
    w = World(B)
    balls = [w.add_ball((20.0 + 13.0 * i, 60.0 + 7.0 * (i % 5)), 6.0) for i in range(20)]
    w.add_post((150.0, 100.0), 6.0)
    w.grab(3, balls[0], (20.0, 60.0), max_force=5e4)
    for k in range(600):
        w.move_pointer(3, (20.0 + 0.4 * k, 60.0 + 60.0 * math.sin(k / 40.0)))
        w.step()
        if k == 400:
            w.release(3)
    return [(b.position.x, b.position.y, b.angle) for b in balls]


def test_same_operations_give_the_same_world_bit_for_bit():
    assert _run() == _run()


def test_bounds_reject_nonsense():
    with pytest.raises(ValueError):
        Bounds(0.0, 0.0, 0.0, 10.0)
    with pytest.raises(ValueError):
        Bounds(0.0, 0.0, math.nan, 10.0)
    with pytest.raises(ValueError):
        World(B, damping=2.0)


def test_removing_a_held_body_releases_it():
    w = World(B)
    a = w.add_ball((100.0, 100.0), 5.0)
    w.grab(1, a, (100.0, 100.0), max_force=1e4)
    w.remove(a)
    assert w.grab_of(1) is None
    assert a not in w.space.bodies
    assert isinstance(w.space, pymunk.Space) and not w.space.constraints


def test_a_held_angle_turns_the_body_upright_and_goes_with_the_grip():
    w = World(B, gravity=(0.0, 3000.0))
    body = pymunk.Body(1.0, pymunk.moment_for_box(1.0, (20.0, 14.0)))
    body.position = (100.0, 100.0)
    body.angle = 1.0
    w.add_body(body, pymunk.Poly.create_box(body, (20.0, 14.0)))
    g = w.grab(
        1,
        body,
        (100.0, 100.0),
        max_force=1e5,
        hold_angle=0.2,
        twist_stiffness=2e4,
        twist_damping=600.0,
    )
    for _ in range(240):
        w.step()
    assert body.angle == pytest.approx(0.2, abs=0.01)
    assert g.twist is not None and g.twist in w.space.constraints
    body.angular_velocity = 40.0  # a bump turns it; the spring brings it back
    for _ in range(240):
        w.step()
    assert body.angle == pytest.approx(0.2, abs=0.01)
    w.release(1)
    assert not w.space.constraints
    with pytest.raises(ValueError):
        w.grab(1, body, (100.0, 100.0), max_force=1e5, hold_angle=math.nan, twist_stiffness=1.0)
