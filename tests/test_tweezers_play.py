"""A child plays tweezers through the real screens: plan card -> game -> reward, saved."""

from __future__ import annotations

import random

import pytest

import games
from engine.game_scene import GameScene
from engine.harness import Harness
from engine.input import Device, Phase, PointerEvent
from engine.registry import LOGIC_DT
from games.tweezers.bots import play_stream
from games.tweezers.round import GRIP_CENTRE_MM, ThingState
from progress.safe import SafeStore
from tinyhands.screens.home import ProfileScene
from tinyhands.screens.plan import PlanScene
from tinyhands.screens.reward import RewardScene
from tinyhands.services import Services

games.load_all()


def start(store, seed=11):
    child = store.add_child("Noa", avatar="fox")
    h = Harness(ProfileScene(), services=Services(store=store, rng=random.Random(seed)))
    h.tap_rect(h.top.buttons.find(f"child:{child.id}").rect)
    assert isinstance(h.top, PlanScene)
    h.tap_rect(h.top.buttons.find("game:tweezers").rect)
    assert isinstance(h.top, GameScene) and h.top.game.id == "tweezers"
    return h, child


@pytest.mark.parametrize(("style", "device"), [("pinch", "touch"), ("press", "mouse")])
def test_a_round_played_through_the_screens_lands_in_the_store(store, style, device):
    h, child = start(store)
    scene = h.top
    stream = play_stream(
        scene.round, random.Random(1), 1.0, style=style, px_per_mm=h.app.units.px_per_mm
    )
    if style == "pinch":
        assert {e.pointer_id for e in stream} >= {1, 2}  # two fingers at once
    h.replay(stream, device=device)
    assert scene.round.finished
    assert isinstance(h.top, RewardScene)
    [trial] = store.call(lambda s: s.trials(child.id, with_samples=True), None)
    assert trial.game_id == "tweezers" and trial.metrics_version == 1
    metrics = {m.name: (m.value, m.unit) for m in trial.metrics}
    n = len(scene.round.things)
    assert metrics["pickups"][0] >= n and metrics["placement_error"][1] == "mm"
    assert metrics["transport_time"][1] == "s" and metrics["objects_per_minute"][0] > 0
    assert ("grip_stability" in metrics) == (style == "pinch")
    assert {s.device for s in trial.samples} == {device}
    assert trial.geometry["carries"] and trial.score > 0.5
    assert store.rewards_summary(child.id).total_stars >= 1
    h.close()


def _pinch_stream(h, scene, open_mid_carry: bool) -> list[PointerEvent]:
    """Two fingers close on the first thing and carry it towards its cup; optionally they
    spread wide halfway (the thing must drop)."""
    r = scene.round
    ppm = h.app.units.px_per_mm
    thing = r.things[0]
    cup = next(c for c in r.cups if c.accepts(thing))
    out: list[PointerEvent] = []
    t = 0.0

    def both(phase: Phase, c: tuple[float, float], gap: float) -> None:
        nonlocal t
        for pid, sign in ((1, -1), (2, 1)):
            x, y = c[0] + sign * gap / 2, c[1]
            out.append(PointerEvent(phase, pid, Device.TOUCH, x, y, x * ppm, y * ppm, t))
        t += LOGIC_DT * 1000.0

    a = (thing.x, thing.y)
    both(Phase.DOWN, a, r.grip_hi + 14)
    for k in range(30):
        both(Phase.MOVE, a, r.grip_hi + 14 - (r.grip_hi + 14 - GRIP_CENTRE_MM) * (k + 1) / 30)
    n = 150
    for k in range(1, n + 1):
        u = k / n
        gap = GRIP_CENTRE_MM
        if open_mid_carry and u > 0.2:  # still over the tray, far from any cup
            gap = r.grip_hi + 10
        both(Phase.MOVE, (a[0] + (cup.x - a[0]) * u, a[1] + (cup.y - a[1]) * u), gap)
    for _ in range(30):
        both(Phase.MOVE, (cup.x, cup.y), r.grip_hi + 14)
    both(Phase.UP, (cup.x, cup.y), r.grip_hi + 14)
    return out


@pytest.mark.parametrize("open_mid_carry", [False, True])
def test_real_finger_events_carry_or_drop_in_the_scene(store, open_mid_carry):
    h, _ = start(store)
    scene = h.top
    h.replay(_pinch_stream(h, scene, open_mid_carry), device="touch")
    thing = scene.round.things[0]
    if open_mid_carry:
        assert thing.state is ThingState.TRAY
        assert [c.outcome for c in scene.round.carries] == ["dropped"]
    else:
        assert thing.state is ThingState.PLACED
        assert [c.outcome for c in scene.round.carries] == ["placed"]
    h.close()


def test_same_seed_and_input_through_the_screens_give_the_same_trial(tmp_path):
    results = []
    for run in range(2):
        s = SafeStore.open_dir(tmp_path / f"d{run}")
        h, child = start(s, seed=5)
        stream = play_stream(h.top.round, random.Random(9), 0.7, px_per_mm=h.app.units.px_per_mm)
        h.replay(stream)
        [t] = s.call(lambda st, c=child: st.trials(c.id, with_samples=True), None)
        results.append((t.params, t.geometry, t.metrics, t.samples, t.score, t.success))
        h.close()
        s.close()
    assert results[0] == results[1]
