"""TweezersRound: a steady pinch carries, opening drops, squeezing pops, a press holds."""

from __future__ import annotations

import math
import random

import pytest
from pydantic import ValidationError

from engine.input import Device, Phase, PointerEvent
from engine.registry import LOGIC_DT, RoundContext
from engine.simulate import play_round
from games.tweezers import GAME, GripMode, TweezersParams, ladder, mouse_bot
from games.tweezers import metrics as M
from games.tweezers.round import GRIP_CENTRE_MM, ThingState, TweezersRound

PPM = 96 / 25.4
CTX = RoundContext(1280 / PPM, 800 / PPM)


def make(d=0.0, seed=1, ctx=CTX, **over) -> TweezersRound:
    params = ladder(d).model_copy(update=over) if over else ladder(d)
    return TweezersRound(
        TweezersParams.model_validate(params.model_dump()), random.Random(seed), ctx
    )


class Script:
    """Feeds a round tick by tick (like ``play_round``) from scripted finger positions."""

    def __init__(self, r: TweezersRound, device: Device = Device.TOUCH) -> None:
        self.r = r
        self.device = device
        self.t = 1000.0
        self.events: list[PointerEvent] = []

    def tick(self, *out: tuple[Phase, int, float, float]) -> None:
        for phase, pid, x, y in out:
            ev = PointerEvent(phase, pid, self.device, x, y, x * PPM, y * PPM, self.t)
            self.events.append(ev)
            self.r.handle(ev)
        self.r.step(LOGIC_DT)
        self.t += LOGIC_DT * 1000.0

    def pinch(self, phase: Phase, c: tuple[float, float], gap: float, ids=(1, 2)) -> None:
        self.tick(
            (phase, ids[0], c[0] - gap / 2, c[1]),
            (phase, ids[1], c[0] + gap / 2, c[1]),
        )

    def carry(self, a, b, gap, seconds=1.0, wobble=0.0):
        n = round(seconds / LOGIC_DT)
        for k in range(1, n + 1):
            u = k / n
            p = (a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u)
            self.pinch(Phase.MOVE, p, gap + wobble * math.sin(2 * math.pi * 3 * k * LOGIC_DT))

    def hold(self, c, gap, seconds):
        for _ in range(round(seconds / LOGIC_DT)):
            self.pinch(Phase.MOVE, c, gap)


def pick(s: Script, idx: int = 0, gap: float = GRIP_CENTRE_MM):
    r = s.r
    t = r.things[idx]
    c = (t.x, t.y)
    s.pinch(Phase.DOWN, c, r.grip_hi + 15)
    s.hold(c, r.grip_hi + 15, 0.1)
    s.hold(c, gap, 0.2)
    return c


def cup_for(r: TweezersRound, idx: int):
    cup = next(c for c in r.cups if c.accepts(r.things[idx]))
    return cup.x, cup.y


def test_a_steady_pinch_carries_a_thing_to_its_cup():
    r = make()
    s = Script(r)
    c = pick(s)
    assert r.held is r.things[0] and r.things[0].state is ThingState.HELD
    target = cup_for(r, 0)
    s.carry(c, target, GRIP_CENTRE_MM, 1.2, wobble=3.0)  # a few mm of finger jitter: kept
    s.hold(target, GRIP_CENTRE_MM, 0.2)
    assert r.held is r.things[0]
    s.hold(target, r.grip_hi + 12, 0.2)  # open to let go
    thing = r.things[0]
    assert thing.state is ThingState.PLACED and r.cups[thing.cup].contents == [0]
    [carry] = r.carries
    assert carry.outcome == "placed" and carry.error_mm < 2.0
    assert ("placed", 0, pytest.approx(r.clock_s, abs=1.0)) in r.feedback.events


def test_opening_too_wide_drops_it_and_it_rolls_back_to_the_tray():
    r = make()
    s = Script(r)
    c = pick(s)
    cx, _, cw, _ = r.layout.carton
    tx = r.layout.tray[0]
    mid = ((cx + cw + tx) / 2, c[1])  # between the carton and the tray: over no cup
    assert all(math.dist(mid, (cup.x, cup.y)) > cup.r for cup in r.cups)
    s.carry(c, mid, GRIP_CENTRE_MM, 0.6)
    drop_at = (r.things[0].x, r.things[0].y)
    s.hold(mid, r.grip_hi + 6, 0.3)
    thing = r.things[0]
    assert r.held is None and thing.state is ThingState.TRAY
    assert r.carries[-1].outcome == "dropped"
    s.tick((Phase.UP, 1, mid[0], mid[1]), (Phase.UP, 2, mid[0], mid[1]))
    for _ in range(round(3.0 / LOGIC_DT)):
        s.tick()
    home = thing.home
    assert math.dist((thing.x, thing.y), home) < 0.25 * math.dist(drop_at, home)
    res = r.result()
    assert res.metric("drops") == 1 and res.metric("pickups") == 1
    assert not r.finished


def test_a_short_flick_out_of_the_band_is_forgiven():
    r = make()
    s = Script(r)
    c = pick(s)
    s.hold(c, r.grip_hi + 6, 0.05)  # 50 ms out: under the grace
    s.hold(c, GRIP_CENTRE_MM, 0.2)
    assert r.held is r.things[0]


def test_squeezing_too_hard_pops_it_away():
    r = make()
    s = Script(r)
    c = pick(s)
    s.hold(c, r.grip_lo - 5, 0.3)
    assert r.held is None and r.carries[-1].outcome == "popped"
    assert r.things[0].state is ThingState.TRAY
    # it must open before it can take hold again
    s.hold(c, GRIP_CENTRE_MM, 0.2)
    assert r.held is None
    assert r.result().metric("pops") == 1


def test_lifting_a_finger_over_the_cup_places_elsewhere_drops():
    r = make()
    s = Script(r)
    c = pick(s)
    target = cup_for(r, 0)
    s.carry(c, target, GRIP_CENTRE_MM, 0.8)
    s.tick((Phase.UP, 1, target[0] - 15, target[1]))
    assert r.things[0].state is ThingState.PLACED


def test_a_pinch_that_closes_beside_the_thing_catches_nothing():
    r = make()
    s = Script(r)
    t = r.things[0]
    far = (t.x, t.y - t.radius - 15.0)
    s.pinch(Phase.DOWN, far, r.grip_hi + 15)
    s.hold(far, GRIP_CENTRE_MM, 0.3)
    assert r.held is None and r.carries == []


def press_round(device=Device.MOUSE, **over):
    r = make(**over)
    return r, Script(r, device)


@pytest.mark.parametrize("device", [Device.MOUSE, Device.TOUCH])
def test_a_press_with_jitter_inside_the_allowance_holds_and_carries(device):
    over = {"grip_mode": GripMode.ONE_FINGER} if device is Device.TOUCH else {}
    r, s = press_round(device, **over)
    t = r.things[0]
    c = (t.x, t.y)
    j = 0.6 * r.params.jitter_mm
    s.tick((Phase.DOWN, 5, *c))
    for k in range(round(0.4 / LOGIC_DT)):
        a = k * 1.3
        s.tick((Phase.MOVE, 5, c[0] + j * math.cos(a), c[1] + j * math.sin(a)))
    assert r.held is t
    target = cup_for(r, 0)
    n = round(1.0 / LOGIC_DT)
    for k in range(1, n + 1):
        u = k / n
        s.tick((Phase.MOVE, 5, c[0] + (target[0] - c[0]) * u, c[1] + (target[1] - c[1]) * u))
    for _ in range(20):
        s.tick((Phase.MOVE, 5, *target))
    s.tick((Phase.UP, 5, *target))
    assert t.state is ThingState.PLACED
    res = r.result()
    assert res.metric("grip_stability") is None and res.metric("pops") is None  # no gap measured
    assert res.metric("placement_error") < r.params.jitter_mm  # held where the press closed


def test_a_press_that_wanders_while_closing_takes_nothing():
    r, s = press_round()
    t = r.things[0]
    c = (t.x, t.y)
    s.tick((Phase.DOWN, 0, *c))
    for k in range(round(0.4 / LOGIC_DT)):
        s.tick((Phase.MOVE, 0, c[0] + 0.5 * k, c[1]))
    assert r.held is None and r.carries == []


def test_a_touch_in_pinch_mode_needs_two_fingers():
    r = make()
    s = Script(r)
    t = r.things[0]
    s.tick((Phase.DOWN, 1, t.x, t.y))
    for _ in range(round(0.5 / LOGIC_DT)):
        s.tick((Phase.MOVE, 1, t.x, t.y))
    assert r.held is None


def test_a_thing_let_go_over_another_colours_jar_is_a_sort_error():
    r = make(d=0.6)
    assert r.params.sorting
    s = Script(r)
    c = pick(s)
    thing = r.things[0]
    wrong = next(cup for cup in r.cups if cup.colour != thing.colour)
    s.carry(c, (wrong.x, wrong.y), GRIP_CENTRE_MM, 1.0)
    s.hold((wrong.x, wrong.y), r.grip_hi + 12, 0.2)
    assert thing.state is ThingState.TRAY and r.carries[-1].outcome == "wrong_cup"
    assert r.result().metric("sort_errors") == 1


def test_same_seed_and_input_give_the_same_trial_bit_for_bit():
    def run():
        rng = random.Random(42)
        r = GAME.new_round(ladder(0.9), rng, CTX)
        res = play_round(r, GAME.bot(r, rng, 0.3))
        pos = [(t.x, t.y) for t in r.things]
        return res.metrics, res.geometry, res.samples, res.score, res.stars, pos

    a, b = run(), run()
    assert a == b
    assert a[1]["carries"]


def test_whatever_uses_the_rng_after_the_round_is_made_cannot_change_it():
    rng1, rng2 = random.Random(3), random.Random(3)
    r1 = GAME.new_round(ladder(0.5), rng1, CTX)
    r2 = GAME.new_round(ladder(0.5), rng2, CTX)
    rng2.random()
    events = GAME.bot(r1.twin(), random.Random(8), 0.4)
    res1, res2 = play_round(r1, events), play_round(r2, events)
    assert res1.metrics == res2.metrics and res1.geometry == res2.geometry


def test_mouse_bot_finishes_and_reports_no_gap():
    rng = random.Random(5)
    r = GAME.new_round(ladder(0.5), rng, CTX)
    res = play_round(r, mouse_bot(r, rng, 0.8))
    assert res is not None and res.stars >= 1
    assert {s.device for s in res.samples} == {Device.MOUSE}
    names = {m.name for m in res.metrics}
    assert "grip_stability" not in names and "pickups" in names


def test_left_handed_children_get_the_cups_on_the_right():
    right = make(d=0.3)
    left = make(d=0.3, ctx=RoundContext(CTX.plane_w_mm, CTX.plane_h_mm, left_handed=True))
    mid = CTX.plane_w_mm / 2
    assert all(c.x < mid for c in right.cups) and all(c.x > mid for c in left.cups)
    tray_r, tray_l = right.layout.tray, left.layout.tray
    assert tray_r[0] > mid > tray_l[0] + tray_l[2]


def test_nothing_starts_under_the_home_button_or_overlapping():
    for d in (0.0, 0.4, 0.7, 1.0):
        r = make(d=d, seed=int(d * 10))
        for t in r.things:
            assert t.y - t.radius >= 30.0
        for a in r.things:
            for b in r.things:
                if a.index < b.index:
                    assert math.dist((a.x, a.y), (b.x, b.y)) >= a.radius + b.radius
        for c in r.cups:
            assert c.y - c.r >= 30.0 and c.r * 2 >= r.params.object_mm


def test_ladder_gets_harder_on_every_axis():
    easy, hard = ladder(0.0), ladder(1.0)
    assert (easy.object_mm, hard.object_mm) == (30.0, 8.0)
    assert easy.grip_band_mm > hard.grip_band_mm and easy.cup_mm > hard.cup_mm
    assert easy.objects < hard.objects and easy.distance_mm < hard.distance_mm
    assert not easy.sorting and hard.sorting and hard.obstacles > easy.obstacles == 0
    sizes = [ladder(d / 10).object_mm for d in range(11)]
    assert sizes == sorted(sizes, reverse=True)
    ratios = [sizes[i] / sizes[i + 1] for i in range(10)]
    assert max(ratios) / min(ratios) < 1.05  # a log scale: equal steps are equal ratios


def test_params_reject_a_thing_bigger_than_its_cup():
    with pytest.raises(ValidationError):
        TweezersParams(object_mm=30.0, cup_mm=30.0)
    with pytest.raises(ValidationError):
        TweezersParams(wobble=1)  # type: ignore[call-arg]


def test_a_finished_round_always_earns_stars():
    rng = random.Random(1)
    r = GAME.new_round(ladder(0.2), rng, CTX)
    res = play_round(r, GAME.bot(r, rng, 0.05))
    assert r.finished and 1 <= res.stars <= 3 and 0.0 <= res.score <= 1.0


def test_grip_stability_measures_a_known_wobble():
    """A gap swinging +-A mm as a sine (whole periods) has an SD of A / sqrt(2)."""
    r = make()
    s = Script(r)
    c = pick(s)
    a = 2.0
    n = round(2.0 / LOGIC_DT)  # 2 s at 120 Hz, a 2 Hz wobble
    for k in range(n):
        s.pinch(Phase.MOVE, c, GRIP_CENTRE_MM + a * math.sin(2 * math.pi * 2.0 * k * LOGIC_DT))
    geometry = r.geometry
    geometry["carries"][-1]["outcome"] = "dropped"  # close the carry at the last sample
    geometry["carries"][-1]["t_end_ms"] = s.t - LOGIC_DT * 1000.0 + M.GRIP_OPEN_S * 1000.0
    values = M.compute(r.samples, geometry)
    assert values["grip_stability"] == pytest.approx(a / math.sqrt(2), rel=0.03)


def test_grip_stability_is_declared_for_touch_only():
    spec = next(s for s in GAME.metrics if s.name == "grip_stability")
    assert spec.devices == frozenset({"touch"}) and spec.unit == "mm"
    assert M.METRICS_VERSION == 1


def test_score_and_success_follow_clean_pick_ups():
    full = {"pickups": 5.0, "drops": 0.0, "placement_error": 0.0}
    one_drop = {"pickups": 6.0, "drops": 1.0, "placement_error": 0.0}
    many = {"pickups": 10.0, "drops": 5.0, "placement_error": 5.0}
    s_full, ok_full = M.score_and_success(full, 5, 10.0)
    s_one, ok_one = M.score_and_success(one_drop, 5, 10.0)
    s_many, ok_many = M.score_and_success(many, 5, 10.0)
    assert s_full == pytest.approx(1.0) and ok_full
    assert s_full > s_one > s_many
    assert ok_one and not ok_many  # 5 of 6 clean passes, 5 of 10 does not
    assert M.stars_for(full, 5, True) == 3 and M.stars_for(many, 5, True) == 1
    assert M.stars_for(full, 5, False) == 0


@pytest.mark.parametrize("plane", [(217.0, 136.0), (151.0, 94.0)], ids=["10in", "7in"])
def test_a_small_plane_puts_out_fewer_things_never_smaller_ones(plane):
    """Sizes are the clinical difficulty: a small plane gets fewer things and obstacles, at the
    ladder's sizes, laid out apart and on the plane, and the trial records what was shown."""
    for d in (0.0, 0.5, 1.0):
        for left in (False, True):
            p = ladder(d)
            r = make(d=d, seed=3, ctx=RoundContext(*plane, left_handed=left))
            lay, geo = r.layout, r.geometry
            assert 1 <= len(r.things) <= p.objects and len(lay.posts) <= p.obstacles
            assert geo["objects"] == len(r.things) and geo["obstacles"] == len(lay.posts)
            assert geo["fewer_than_asked"] == (
                len(r.things) < p.objects or len(lay.posts) < p.obstacles
            )
            for c in r.cups:
                assert 2 * c.r >= p.cup_mm - 1e-9 and c.y - c.r >= 30.0
                assert 0.0 <= c.x - c.r and c.x + c.r <= plane[0] and c.y + c.r <= plane[1]
            for t in r.things:
                assert t.radius * 2 == p.object_mm and t.y - t.radius >= 30.0
            x, _, w, _ = lay.tray
            cx, _, cw, _ = lay.carton
            assert x >= cx + cw or cx >= x + w  # tray and carton side by side
            for i, a in enumerate(lay.posts):  # a thing always passes between two blocks
                for b in lay.posts[i + 1 :]:
                    assert math.dist(a, b) >= 12.0 + p.object_mm


def test_idle_tweezers_show_the_child_where_to_start():
    """No finger down: a pulsing ring round the next pom-pom (and resting tweezers)."""
    import pygame

    from engine import art
    from engine.registry import ViewContext
    from engine.units import Units
    from games.tweezers.round import ThingState
    from games.tweezers.view import TweezersView

    pygame.display.init()
    units = Units.from_dpi(96)
    r = GAME.new_round(ladder(0.2), random.Random(4), RoundContext(338.7, 211.7))
    view = TweezersView(r, ViewContext(units=units))
    surf = pygame.Surface((1280, 800))
    view.draw(surf, 0.0)
    nxt = next(t for t in r.things if t.state is ThingState.TRAY)
    ring_r = (nxt.radius + 3.0) * units.px_per_mm
    star = tuple(art.PALETTE["star"])
    hits = sum(
        tuple(
            surf.get_at(
                (round(nxt.x * units.px_per_mm + ring_r * dx), round(nxt.y * units.px_per_mm))
            )[:3]
        )
        == star
        for dx in (-1.0, -1.03, -1.06, 1.0, 1.03, 1.06)
    )
    assert hits >= 2
