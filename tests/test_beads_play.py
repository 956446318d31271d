"""A child strings beads through the real screens: plan card -> game -> reward, saved."""

from __future__ import annotations

import random

import pygame
import pytest

import games
from engine.game_scene import GameScene
from engine.harness import Harness
from engine.input import Device, Phase, PointerEvent
from engine.registry import LOGIC_DT
from games.beads.bots import play_stream
from games.beads.round import BeadState
from games.beads.view import BeadsView
from progress.safe import SafeStore
from tinyhands.screens.home import ProfileScene
from tinyhands.screens.plan import PlanScene
from tinyhands.screens.reward import RewardScene
from tinyhands.services import Services

games.load_all()


def start(store, seed=11):
    child = store.add_child("Ola", avatar="owl")
    h = Harness(ProfileScene(), services=Services(store=store, rng=random.Random(seed)))
    h.tap_rect(h.top.buttons.find(f"child:{child.id}").rect)
    assert isinstance(h.top, PlanScene)
    h.tap_rect(h.top.buttons.find("game:beads").rect)
    assert isinstance(h.top, GameScene) and h.top.game.id == "beads"
    return h, child


@pytest.mark.parametrize("device", ["touch", "mouse"])
def test_a_necklace_strung_through_the_screens_lands_in_the_store(store, device):
    h, child = start(store)
    scene = h.top
    r = scene.round
    dev = Device.TOUCH if device == "touch" else Device.MOUSE
    stream = play_stream(r, random.Random(1), 1.0, device=dev, px_per_mm=h.app.units.px_per_mm)
    h.replay(stream, device=device)
    h.run_seconds(3.0)  # the necklace celebration, then the reward
    assert r.finished and isinstance(h.top, RewardScene)
    [trial] = store.call(lambda s: s.trials(child.id, with_samples=True), None)
    assert trial.game_id == "beads" and trial.metrics_version == 1
    metrics = {m.name: (m.value, m.unit) for m in trial.metrics}
    assert metrics["beads_threaded"][0] == r.to_thread
    assert metrics["alignment_offset"][1] == "mm" and metrics["alignment_angle"][1] == "deg"
    assert metrics["time_per_bead"][1] == "s" and metrics["attempts_per_bead"][0] >= 1.0
    assert ("two_hand_threads" in metrics) == (device == "touch")
    assert {s.device for s in trial.samples} == {device}
    assert trial.geometry["necklace"]["svg"].startswith("<svg")
    assert trial.score > 0.6 and trial.success
    assert store.rewards_summary(child.id).total_stars >= 1
    h.close()


def _approach(h, scene, lateral_mm: float) -> list[PointerEvent]:
    """One finger takes the first bead, lifts it over the needle and comes down ``lateral_mm``
    beside the tip."""
    r = scene.round
    ppm = h.app.units.px_per_mm
    b = r.beads[0]
    tip = r.tip
    out: list[PointerEvent] = []
    t = 0.0
    pos = (b.x, b.y)

    def go(phase, p):
        nonlocal t
        out.append(PointerEvent(phase, 1, Device.TOUCH, p[0], p[1], p[0] * ppm, p[1] * ppm, t))
        t += LOGIC_DT * 1000.0

    def move(to, seconds):
        nonlocal pos
        n = round(seconds / LOGIC_DT)
        a = pos
        for k in range(1, n + 1):
            u = k / n
            go(Phase.MOVE, (a[0] + (to[0] - a[0]) * u, a[1] + (to[1] - a[1]) * u))
        pos = to

    go(Phase.DOWN, pos)
    move((pos[0], tip[1] - 45.0), 0.5)
    move((tip[0] + lateral_mm, tip[1] - r.bead_len / 2 - 14.0), 0.7)
    move(pos, 0.5)
    move((tip[0] + lateral_mm, tip[1] - r.bead_len / 2 + 5.0), 0.7)
    go(Phase.UP, pos)
    return out


@pytest.mark.parametrize("aligned", [True, False])
def test_real_finger_events_thread_only_an_aligned_bead(store, aligned):
    h, _ = start(store)
    scene = h.top
    r = scene.round
    lateral = 1.0 if aligned else r.params.offset_tol_mm + 5.0
    h.replay(_approach(h, scene, lateral), device="touch")
    bead = r.beads[0]
    if aligned:
        assert bead.state is BeadState.THREADED and [c.outcome for c in r.carries] == ["threaded"]
    else:
        assert bead.state is BeadState.TRAY and [c.outcome for c in r.carries] == ["returned"]
        assert not r.threaded
    h.close()


def test_the_scene_draws_the_game_and_the_finished_necklace(store, tmp_path):
    h, _ = start(store)
    scene = h.top
    assert isinstance(scene.view, BeadsView)
    h.screenshot(str(tmp_path / "start.png"))
    before = pygame.image.load(str(tmp_path / "start.png"))
    stream = play_stream(scene.round, random.Random(2), 1.0, px_per_mm=h.app.units.px_per_mm)
    h.replay(stream, device="touch", settle_frames=60)  # into the celebration
    assert scene.round.celebrating
    surf = pygame.Surface((1280, 800))
    scene.view.draw(surf, 0.0)
    # the necklace card sits in the middle of the plane: it changed what is drawn there
    cx, cy = 640, 400
    assert surf.get_at((cx, cy))[:3] != before.get_at((cx, cy))[:3]
    h.close()


def test_same_seed_and_input_through_the_screens_give_the_same_trial(tmp_path):
    results = []
    for run in range(2):
        s = SafeStore.open_dir(tmp_path / f"d{run}")
        h, child = start(s, seed=5)
        stream = play_stream(h.top.round, random.Random(9), 0.7, px_per_mm=h.app.units.px_per_mm)
        h.replay(stream)
        h.run_seconds(3.0)
        [t] = s.call(lambda st, c=child: st.trials(c.id, with_samples=True), None)
        results.append((t.params, t.geometry, t.metrics, t.samples, t.score, t.success))
        h.close()
        s.close()
    assert results[0] == results[1]
