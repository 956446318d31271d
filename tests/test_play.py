"""A child plays a real round end to end: plan card -> game -> reward -> back, saved."""

import random

import pygame
import pytest

import games
from engine.game_scene import GameScene
from engine.harness import Harness
from games.tracing.bots import play_stream
from progress.safe import SafeStore
from tinyhands.screens.home import ProfileScene
from tinyhands.screens.plan import PlanScene
from tinyhands.screens.reward import RewardScene
from tinyhands.services import Services

games.load_all()


def start(store, dpi=96.0, seed=11):
    child = store.add_child("Mia", avatar="cat")
    h = Harness(ProfileScene(), services=Services(store=store, rng=random.Random(seed)), dpi=dpi)
    h.tap_rect(h.top.buttons.find(f"child:{child.id}").rect)
    assert isinstance(h.top, PlanScene)
    h.tap_rect(h.top.buttons.find("game:tracing").rect)
    assert isinstance(h.top, GameScene)
    return h, child


@pytest.mark.parametrize("device", ["touch", "mouse"])
def test_a_traced_shape_lands_in_the_store_and_earns_stars(store, device):
    h, child = start(store)
    scene = h.top
    geometry = scene.round.geometry
    stream = play_stream(
        geometry, "perfect", random.Random(1), rate_hz=240, px_per_mm=h.app.units.px_per_mm
    )
    h.replay(stream, device=device)
    assert isinstance(h.top, RewardScene)
    [trial] = store.call(lambda s: s.trials(child.id, with_samples=True), None)
    assert trial.game_id == "tracing"
    assert trial.success and trial.score > 0.9
    assert trial.metrics_version >= 1
    metrics = {m.name: (m.value, m.unit) for m in trial.metrics}
    assert metrics["mean_deviation"][1] == "mm"
    # every sample the round got was kept (it ends as the path is complete), one device
    assert trial.sample_count == len(scene.result.samples) > 0.6 * len(stream)
    assert {s.device for s in trial.samples} == {device}
    assert store.rewards_summary(child.id).total_stars >= 1
    # the reward moment settles, then "home" goes back to today's plan with a check
    h.run_seconds(4)
    h.tap_rect(h.top.buttons.find("home").rect)
    assert isinstance(h.top, PlanScene)
    assert "tracing" in h.top.done
    h.close()


def test_playing_again_uses_the_stored_difficulty(store):
    h, child = start(store)
    first = h.top.params
    h.replay(
        play_stream(
            h.top.round.geometry, "perfect", random.Random(2), px_per_mm=h.app.units.px_per_mm
        )
    )
    h.run_seconds(4)
    h.tap_rect(h.top.buttons.find("again").rect)
    assert isinstance(h.top, GameScene)
    saved = store.get_difficulty_state(child.id, "tracing")
    assert saved is not None
    assert h.top.params != first or saved  # the staircase moved (or warm-up held it)
    h.close()


def test_the_home_button_leaves_a_round_without_saving_half_a_trial(store):
    h, child = start(store)
    h.tap_rect(h.top.buttons.find("home").rect)
    assert isinstance(h.top, PlanScene)
    assert store.call(lambda s: s.trials(child.id), []) == []
    h.close()


def test_same_seed_and_same_input_give_the_same_trial(tmp_path):
    results = []
    for run in range(2):
        s = SafeStore.open_dir(tmp_path / f"d{run}")
        h, child = start(s, seed=5)
        stream = play_stream(
            h.top.round.geometry, "shaky", random.Random(9), px_per_mm=h.app.units.px_per_mm
        )
        h.replay(stream)
        [t] = s.call(lambda st, c=child: st.trials(c.id, with_samples=True), None)
        results.append((t.params, t.geometry, t.metrics, t.samples, t.score, t.success))
        h.close()
        s.close()
    assert results[0] == results[1]


def test_active_minutes_are_counted_and_the_session_closed_when_the_child_leaves(store):
    h, child = start(store)
    h.run_seconds(30)  # watching the demo, thinking: active play time
    pygame.event.post(pygame.event.Event(pygame.WINDOWFOCUSLOST))
    h.run_seconds(600)  # the tablet was put down: not practice
    pygame.event.post(pygame.event.Event(pygame.WINDOWFOCUSGAINED))
    h.run_frames(1)
    h.replay(
        play_stream(
            h.top.round.geometry, "perfect", random.Random(2), px_per_mm=h.app.units.px_per_mm
        )
    )
    h.run_seconds(4)
    h.tap_rect(h.top.buttons.find("home").rect)
    h.tap_rect(h.top.buttons.find("me").rect)  # back to the profiles: the session ends
    [session] = store.call(lambda s: s.sessions(child.id), None)
    assert session.ended_at is not None
    assert 30 / 60 < session.minutes < 45 / 60
    h.close()
