"""A child plays puzzles through the real screens: plan card -> puzzle -> reward, saved."""

from __future__ import annotations

import random

import pytest

import games
from engine.difficulty import DifficultyState
from engine.game_scene import GameScene
from engine.harness import Harness
from games.puzzle import bots
from progress.safe import SafeStore
from tinyhands.screens.home import ProfileScene
from tinyhands.screens.plan import PlanScene
from tinyhands.screens.reward import RewardScene
from tinyhands.services import Services

games.load_all()


def start(store, difficulty: float | None = None, seed: int = 11, left: bool = False):
    child = store.add_child("Noa", avatar="fox")
    if difficulty is not None:
        store.set_difficulty_state(
            child.id, "puzzle", DifficultyState(value=difficulty, trials=5, reversals=2).to_dict()
        )
    h = Harness(ProfileScene(), services=Services(store=store, rng=random.Random(seed)))
    h.tap_rect(h.top.buttons.find(f"child:{child.id}").rect)
    assert isinstance(h.top, PlanScene)
    h.tap_rect(h.top.buttons.find("game:puzzle").rect)
    assert isinstance(h.top, GameScene) and h.top.game.id == "puzzle"
    return h, child


def stream(h, device, skill=1.0, seed=1):
    scene = h.top
    dev = bots.Device.MOUSE if device == "mouse" else bots.Device.TOUCH
    return bots.play(
        scene.round, random.Random(seed), skill, dev, rate_hz=240, px_per_mm=h.app.units.px_per_mm
    )


@pytest.mark.parametrize("device", ["touch", "mouse"])
def test_a_shape_board_solved_by_finger_or_mouse_lands_in_the_store(store, device):
    h, child = start(store)
    scene = h.top
    assert scene.round.board.kind.value == "shapes"
    h.replay(stream(h, device), device=device)
    assert scene.round.complete and isinstance(h.top, GameScene)  # the finished board stays...
    h.run_seconds(2.0)
    assert isinstance(h.top, RewardScene)  # ... a moment, then the reward
    [trial] = store.call(lambda s: s.trials(child.id, with_samples=True), None)
    assert trial.game_id == "puzzle" and trial.success and trial.score == 1.0
    assert trial.metrics_version == 2
    metrics = {m.name: (m.value, m.unit) for m in trial.metrics}
    assert metrics["placement_error"][1] == "mm" and metrics["attempts_per_piece"][0] == 1.0
    assert metrics["pieces_placed"][0] == len(scene.round.board.real)
    assert {s.device for s in trial.samples} == {device}
    assert all(d["outcome"] == "placed" for d in trial.geometry["drops"])
    assert store.rewards_summary(child.id).total_stars >= 1
    h.close()


@pytest.mark.parametrize("device", ["touch", "mouse"])
def test_a_jigsaw_with_turned_pieces_is_solved_by_twisting_or_by_the_turn_button(store, device):
    h, child = start(store, difficulty=0.72)
    scene = h.top
    board = scene.round.board
    assert board.kind.value == "jigsaw" and board.rotation
    h.replay(stream(h, device, skill=0.9), device=device)
    h.run_seconds(2.0)
    assert isinstance(h.top, RewardScene)
    [trial] = store.call(lambda s: s.trials(child.id, with_samples=True), None)
    assert trial.game_id == "puzzle" and trial.params["rotation"] is True
    drops = trial.geometry["drops"]
    if device == "touch":
        assert any(d["twisted"] for d in drops)
        assert len({s.pointer_id for s in trial.samples}) > len(board.real)  # two fingers
    else:
        assert trial.geometry["turn_taps"] > 0 and not any(d["twisted"] for d in drops)
    placed = [d for d in drops if d["outcome"] == "placed"]
    assert len(placed) == len(board.real)
    h.close()


def test_a_drop_outside_the_tolerance_does_not_snap_on_the_real_screen(store):
    h, child = start(store)
    r = h.top.round
    p = r.board.real[0]
    ppm = h.app.units.px_per_mm
    miss = (p.target[0] + r.params.snap_mm + 3.0, p.target[1])
    h.finger("down", *h.px(*p.home))
    h.run_frames(2)
    for k in range(1, 16):
        u = k / 15
        x = p.home[0] + (miss[0] - p.home[0]) * u
        y = p.home[1] + (miss[1] - p.home[1]) * u
        h.finger("move", x * ppm, y * ppm)
        h.run_frames(1)
    h.finger("up", miss[0] * ppm, miss[1] * ppm)
    h.run_seconds(1.0)
    assert isinstance(h.top, GameScene)
    assert not r.state[p.id].placed
    assert r.drops[-1].outcome == "missed"
    assert r.state[p.id].pos[0] == pytest.approx(p.home[0], abs=0.5)
    assert store.call(lambda s: s.trials(child.id), []) == []
    h.close()


def test_same_seed_and_same_input_give_the_same_trial(tmp_path):
    results = []
    for run in range(2):
        s = SafeStore.open_dir(tmp_path / f"d{run}")
        h, child = start(s, difficulty=0.6, seed=5)
        h.replay(stream(h, "touch", skill=0.3, seed=9))
        h.run_seconds(2.0)
        [t] = s.call(lambda st, c=child: st.trials(c.id, with_samples=True), None)
        results.append((t.params, t.geometry, t.metrics, t.samples, t.score, t.success))
        h.close()
        s.close()
    assert results[0] == results[1]
