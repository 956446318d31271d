"""BeadsRound: an aligned bead threads and slides down, a misaligned one bumps, pattern slips
are counted but never refused, drops hop back, a second finger steadies the string."""

from __future__ import annotations

import math
import random

import pytest
from pydantic import ValidationError

from engine.input import Device, Phase, PointerEvent
from engine.registry import LOGIC_DT, RoundContext
from engine.simulate import play_round
from games.beads import GAME, BeadsParams, ladder, mouse_bot
from games.beads import metrics as M
from games.beads.necklace import necklace_svg
from games.beads.round import BeadsRound, BeadState

PPM = 96 / 25.4
CTX = RoundContext(1280 / PPM, 800 / PPM)


def make(d=0.0, seed=1, ctx=CTX, **over) -> BeadsRound:
    params = ladder(d).model_copy(update=over) if over else ladder(d)
    return BeadsRound(BeadsParams.model_validate(params.model_dump()), random.Random(seed), ctx)


class Script:
    """Feeds a round tick by tick (like ``play_round``) from scripted pointer positions."""

    def __init__(self, r: BeadsRound, device: Device = Device.TOUCH) -> None:
        self.r = r
        self.device = device
        self.pid = 0 if device is Device.MOUSE else 1
        self.t = 1000.0
        self.pos = (0.0, 0.0)
        self.events: list[PointerEvent] = []

    def tick(self, *out: tuple[Phase, int, float, float]) -> None:
        for phase, pid, x, y in out:
            ev = PointerEvent(phase, pid, self.device, x, y, x * PPM, y * PPM, self.t)
            self.events.append(ev)
            self.r.handle(ev)
        self.r.step(LOGIC_DT)
        self.t += LOGIC_DT * 1000.0

    def down(self, p, pid=None) -> None:
        self.pos = p
        self.tick((Phase.DOWN, self.pid if pid is None else pid, *p))

    def up(self) -> None:
        self.tick((Phase.UP, self.pid, *self.pos))

    def move(self, to, seconds=0.6) -> None:
        a = self.pos
        n = max(1, round(seconds / LOGIC_DT))
        for k in range(1, n + 1):
            u = k / n
            self.tick((Phase.MOVE, self.pid, a[0] + (to[0] - a[0]) * u, a[1] + (to[1] - a[1]) * u))
        self.pos = to

    def wait(self, seconds) -> None:
        for _ in range(round(seconds / LOGIC_DT)):
            self.tick((Phase.MOVE, self.pid, *self.pos))

    def pick(self, index: int) -> None:
        b = self.r.beads[index]
        self.down((b.x, b.y))
        assert self.r.held is b

    def over_tip(self, lateral=0.0, clearance=14.0) -> None:
        """Lift the held bead out of the box, carry it over the tip, wait for it to hang."""
        r = self.r
        tip = r.tip
        self.move((self.pos[0], tip[1] - 45.0), 0.5)
        self.move((tip[0] + lateral, tip[1] - r.bead_len / 2 - clearance), 0.7)
        self.wait(0.5)

    def descend(self, lateral=0.0, depth=8.0, seconds=0.6) -> None:
        tip = self.r.tip
        self.move((tip[0] + lateral, tip[1] - self.r.bead_len / 2 + depth), seconds)


def thread_one(s: Script, index: int, lateral=0.0) -> None:
    s.pick(index)
    s.over_tip(lateral)
    s.descend(lateral)
    s.up()


@pytest.mark.parametrize("device", [Device.TOUCH, Device.MOUSE])
def test_an_aligned_bead_threads_and_slides_down_to_the_knot(device):
    r = make(0.0)
    s = Script(r, device)
    thread_one(s, 0, lateral=1.0)
    b = r.beads[0]
    assert b.state is BeadState.THREADED and b.position == 0 and r.threaded == [0]
    [carry] = r.carries
    assert carry.outcome == "threaded" and carry.device == device.value
    assert 0.0 <= carry.offset_mm <= r.params.offset_tol_mm
    assert carry.angle_deg <= r.params.angle_tol_deg
    assert [a.outcome for a in carry.approaches] == ["threaded"]
    s.wait(1.5)
    assert b.s_mm == pytest.approx(b.rest_s_mm)  # it slid down and rests on the knot
    assert math.dist((b.x, b.y), r.layout.base) < r.layout.bead_len_mm + 8.0


def test_a_misaligned_approach_bumps_the_needle_and_does_not_thread():
    r = make(0.0)
    s = Script(r)
    miss = r.params.offset_tol_mm + 4.0
    s.pick(0)
    s.over_tip(miss)
    s.descend(miss, depth=4.0)
    assert r.beads[0].state is BeadState.HELD and not r.threaded
    s.move((s.pos[0], r.tip[1] - 60.0), 0.5)  # withdrawn: out of reach
    s.over_tip(miss)
    s.descend(miss, depth=4.0)
    s.up()  # let go at the tip: a try, and the bead goes home
    [carry] = r.carries
    assert carry.outcome == "returned"
    assert [a.outcome for a in carry.approaches] == ["withdrawn", "released"]
    s.wait(2.0)
    assert r.beads[0].state is BeadState.TRAY
    values = M.compute(s.events, r.geometry)
    assert values["beads_threaded"] == 0 and values["drops"] == 0
    assert "attempts_per_bead" not in values  # nothing threaded: not measured


def test_a_tilted_hole_does_not_thread_even_on_the_tip():
    r = make(0.0)
    s = Script(r)
    s.pick(0)
    grab = r.world.grab_of(s.pid)
    assert grab is not None and grab.twist is not None
    grab.twist.rest_angle = -math.radians(r.params.angle_tol_deg + 20.0)  # a crooked grip
    s.over_tip(0.0)
    assert r.alignment is not None and r.alignment.angle_deg > r.params.angle_tol_deg
    s.descend(0.0, depth=4.0)
    assert not r.threaded


def test_a_pattern_mistake_is_counted_shown_and_still_threads():
    r = make(0.6, seed=3)
    assert r.target and r.params.pattern
    s = Script(r)
    wrong = next(b.index for b in r.beads if b.colour != r.target[0])
    thread_one(s, wrong)
    assert r.beads[wrong].state is BeadState.THREADED
    assert r.pattern_errors() == [0]
    s.wait(0.3)
    right = next(b.index for b in r.beads if b.state is BeadState.TRAY and b.colour == r.target[1])
    thread_one(s, right)
    assert r.pattern_errors() == [0] and len(r.threaded) == 2
    res = r.result()
    assert res.metric("pattern_errors") == 1.0 and res.metric("beads_threaded") == 2.0
    assert not res.success  # not finished


def test_a_bead_let_go_away_from_the_tip_is_a_drop_and_hops_back_into_the_box():
    r = make(0.0)
    s = Script(r)
    s.pick(1)
    s.move((s.pos[0], 70.0), 0.5)
    s.move((r.layout.card[0] + 60.0, 70.0), 0.6)  # over the middle, away from everything
    s.up()
    s.wait(2.0)
    b = r.beads[1]
    tx, ty, tw, th = r.layout.tray
    assert tx - 2 <= b.x <= tx + tw + 2 and b.y >= ty - 2
    assert [c.outcome for c in r.carries] == ["dropped"]
    s.pick(1)  # taken and laid back in the box: choosing, not a drop
    s.move((s.pos[0] + 10.0, s.pos[1] - 5.0), 0.3)
    s.up()
    assert [c.outcome for c in r.carries] == ["dropped", "put_back"]
    assert M.compute(s.events, r.geometry)["drops"] == 1.0


def _tip_wander(r: BeadsRound, s: Script, seconds: float) -> float:
    xs = []
    for _ in range(round(seconds / LOGIC_DT)):
        s.tick()
        xs.append(r.tip[0])
    return max(xs) - min(xs)


def test_a_second_finger_on_the_string_steadies_its_swaying_tip():
    free = make(1.0, seed=2)
    wander_free = _tip_wander(free, Script(free), 3.0)
    held = make(1.0, seed=2)
    s = Script(held)
    pts = held.string_points
    s.down(
        ((pts[-2][0] + pts[-3][0]) / 2, (pts[-2][1] + pts[-3][1]) / 2), pid=2
    )  # below the needle
    assert held.steadying and held.held is None
    wander_held = _tip_wander(held, s, 3.0)
    assert wander_free > 4.0 and wander_held < 0.5 * wander_free


def test_threading_with_the_string_steadied_counts_as_two_handed():
    r = make(0.5, seed=4, sway_mm=0.0, pattern="", spare_beads=0)
    s = Script(r)
    pts = r.string_points
    s.tick((Phase.DOWN, 2, *pts[-3]))
    thread_one(s, 0)
    assert r.carries[0].steadied
    assert M.compute(s.events, r.geometry)["two_hand_threads"] == 100.0


def test_same_seed_and_input_give_the_same_trial_bit_for_bit():
    def run():
        r = make(0.7, seed=9)
        res = play_round(r, GAME.bot(r, random.Random(2), 0.6))
        return res.geometry, res.metrics, res.score, res.samples

    assert run() == run()


def test_whatever_uses_the_rng_after_the_round_is_made_cannot_change_it():
    rng = random.Random(5)
    r1 = GAME.new_round(ladder(0.5), rng, CTX)
    rng.random()
    r2 = BeadsRound.from_seed(r1.params, r1.seed, CTX)
    assert r1.geometry == r2.geometry


def test_mouse_bot_finishes_and_reports_no_two_hand_measure():
    r = make(0.5, seed=3)
    res = play_round(r, mouse_bot(r, random.Random(1), 0.8))
    assert res is not None and res.stars >= 1
    assert {e.device for e in res.samples} == {Device.MOUSE}
    assert res.metric("two_hand_threads") is None
    assert res.metric("beads_threaded") == r.to_thread


def test_the_finished_necklace_is_kept_as_a_picture():
    r = make(0.0, seed=2)
    res = play_round(r, GAME.bot(r, random.Random(1), 1.0))
    assert res is not None and r.finished
    neck = res.geometry["necklace"]
    assert len(neck["colours"]) == r.to_thread and all(c.startswith("#") for c in neck["colours"])
    assert neck["svg"].startswith("<svg") and neck["svg"].count("<rect") == r.to_thread
    assert necklace_svg([]).startswith("<svg")


def test_left_handed_children_get_the_card_on_the_right_and_the_box_on_the_left():
    right = make(0.6, ctx=CTX)
    left = make(0.6, ctx=RoundContext(CTX.plane_w_mm, CTX.plane_h_mm, left_handed=True))
    for r, card_left in ((right, True), (left, False)):
        card_x = r.layout.card[0] + r.layout.card[2] / 2
        tray_x = r.layout.tray[0] + r.layout.tray[2] / 2
        sx = r.layout.base[0]
        assert (card_x < sx < tray_x) == card_left and (tray_x < sx < card_x) == (not card_left)


def test_nothing_starts_under_the_home_button_and_the_box_holds_forty_beads():
    r = make(1.0, spare_beads=30)
    assert len(r.beads) == 40
    x, y, w, h = r.layout.tray
    for b in r.beads:
        assert b.y > 30.0 and x - 1 <= b.x <= x + w + 1
    assert r.tip[1] - r.layout.bead_len_mm > 30.0


def test_ladder_gets_harder_on_every_axis():
    easy, hard = ladder(0.0), ladder(1.0)
    assert hard.bead_mm < easy.bead_mm and hard.hole_mm < easy.hole_mm
    assert hard.offset_tol_mm < easy.offset_tol_mm and hard.angle_tol_deg < easy.angle_tol_deg
    assert hard.stiffness < easy.stiffness and hard.sway_mm > easy.sway_mm == 0.0
    assert hard.beads > easy.beads and easy.pattern == "" and len(set(hard.pattern)) >= 3
    assert (easy.bead_mm, hard.bead_mm, easy.hole_mm, hard.hole_mm) == (30.0, 10.0, 12.0, 3.0)


def test_params_reject_a_hole_wider_than_its_bead():
    with pytest.raises(ValidationError):
        BeadsParams(bead_mm=10.0, hole_mm=8.0, offset_tol_mm=2.0)
    with pytest.raises(ValidationError):
        BeadsParams(pattern="AXB")


def _carry(outcome, t_end, approaches, colour=0, wanted=None, offset=1.0, angle=5.0, dev="touch"):
    return {
        "bead": 0,
        "colour": colour,
        "device": dev,
        "t_pick_ms": t_end - 500.0,
        "pick_mm": [0.0, 0.0],
        "approaches": [{"t_in_ms": 0.0, "t_out_ms": 0.0, "outcome": o} for o in approaches],
        "t_end_ms": t_end,
        "end_mm": [0.0, 0.0],
        "outcome": outcome,
        "position": 0,
        "wanted": wanted,
        "offset_mm": offset if outcome == "threaded" else None,
        "angle_deg": angle if outcome == "threaded" else None,
        "steadied": False,
    }


def test_metrics_and_score_follow_known_tries():
    geometry = {
        "to_thread": 2,
        "target": [1, 2],
        "offset_tol_mm": 4.0,
        "angle_tol_deg": 20.0,
        "carries": [
            _carry("threaded", 3000.0, ["withdrawn", "threaded"], colour=1, wanted=1, offset=1.0),
            _carry("dropped", 4000.0, []),
            _carry("threaded", 7000.0, ["threaded"], colour=3, wanted=2, offset=3.0, angle=10.0),
        ],
    }
    ev = PointerEvent(Phase.DOWN, 1, Device.TOUCH, 0.0, 0.0, 0.0, 0.0, 1000.0)
    v = M.compute([ev], geometry)
    assert v["beads_threaded"] == 2 and v["attempts_per_bead"] == 1.5 and v["drops"] == 1
    assert v["alignment_offset"] == 2.0 and v["alignment_angle"] == 7.5
    assert v["time_per_bead"] == pytest.approx(3.0)  # (3000-1000, 7000-3000) ms
    assert v["pattern_errors"] == 1 and v["two_hand_threads"] == 0.0
    score, success = M.score_and_success(v, geometry)
    clean, pattern = 2 / 4, 0.5
    precision = 1 - 0.5 * 2.0 / 4.0 - 0.5 * 7.5 / 20.0
    assert score == pytest.approx(0.55 * clean + 0.25 * pattern + 0.20 * precision)
    assert not success
    assert M.stars_for(v, geometry, finished=True) == 2
    assert M.stars_for(v, geometry, finished=False) == 0


def test_a_finished_round_always_earns_stars_and_a_clean_one_succeeds():
    r = make(0.3, seed=6)
    res = play_round(r, GAME.bot(r, random.Random(3), 1.0))
    assert res is not None and res.stars == 3 and res.success and res.score > 0.85
    assert res.metrics_version == M.METRICS_VERSION == 1


def test_a_small_screen_threads_fewer_beads_and_the_box_matches():
    """An 11.6-inch laptop's plane: the string holds fewer beads than the ladder asks."""
    import random as _random

    from engine.registry import RoundContext
    from engine.simulate import play_round
    from games.beads import GAME

    for d in (0.0, 0.5, 1.0):
        rng = _random.Random(3)
        rnd = GAME.new_round(GAME.ladder(d), rng, RoundContext(250.0, 156.0))
        result = play_round(rnd, GAME.bot(rnd, rng, 0.9))
        assert result is not None and result.stars >= 1


@pytest.mark.parametrize("plane", [(217.0, 136.0), (151.0, 94.0)], ids=["10in", "7in"])
def test_a_small_plane_threads_fewer_beads_and_records_what_was_shown(plane):
    """Fewer beads first; a bead shrinks only when not even one fits, never below 15 mm (or the
    ladder's size); the string and the room above its tip stay below the home button."""
    for d in (0.0, 0.5, 1.0):
        p = ladder(d)
        r = make(d, ctx=RoundContext(*plane))
        lay, geo = r.layout, r.geometry
        assert lay.bead_mm >= min(p.bead_mm, 15.0) and lay.bead_mm <= p.bead_mm
        assert 1 <= r.to_thread <= p.beads and len(lay.beads) == r.to_thread + lay.spares
        assert geo["to_thread"] == r.to_thread and geo["spare_beads"] == lay.spares
        assert geo["smaller_than_asked"] == (lay.bead_mm < p.bead_mm)
        assert r.tip[1] - lay.bead_len_mm > 35.0  # a bead fits over the tip below the bar
        assert all(y - lay.bead_len_mm / 2 >= 35.0 for _, y in lay.beads)
