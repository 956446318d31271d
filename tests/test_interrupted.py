"""A round left early (home button, window closed) is kept as an interrupted trial with its
time (issue 17): never a success, not a miss for the difficulty controller, counted in the
day's minutes, and shown as such in the report."""

from __future__ import annotations

import random
from datetime import date

import pytest

import games
from engine import registry
from engine.harness import Harness
from progress.safe import SafeStore
from tinyhands.catalog import build_catalog
from tinyhands.screens.home import ProfileScene
from tinyhands.screens.plan import PlanScene, start_game
from tinyhands.services import Services

games.load_all()


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


def play_a_while(h: Harness, seconds: float) -> None:
    """A child's finger wandering over the task for ``seconds``."""
    h.finger("down", 500, 450)
    for i in range(int(seconds * 60)):
        h.finger("move", 500 + (i * 7) % 300, 450 + (i * 3) % 150)
        h.run_frames(1)
    h.finger("up", 600, 500)
    h.run_frames(2)


def start(data_dir, game_id: str):
    store = SafeStore.open_dir(data_dir)
    child = store.add_child("Mia", avatar="cat")
    h = Harness(ProfileScene(), services=Services(store=store, rng=random.Random(2)))
    plan = h.app.scenes.push(PlanScene(child))
    start_game(h.app, plan.practice, registry.get(game_id))
    h.run_frames(2)
    return store, child, h, plan


@pytest.mark.parametrize("game_id", ["tracing", "tweezers", "beads", "puzzle"])
def test_the_home_button_keeps_the_round_as_interrupted(data_dir, game_id):
    store, child, h, plan = start(data_dir, game_id)
    before = store.get_difficulty_state(child.id, game_id)
    play_a_while(h, 3.0)
    scene = h.top
    active = scene.active_s
    h.tap_rect(scene.buttons.find("home").rect)
    assert h.top is plan
    (trial,) = store.store.trials(child.id)
    assert trial.interrupted and not trial.success and trial.game_id == game_id
    assert trial.duration_s == pytest.approx(active, abs=0.2) and trial.duration_s >= 3.0
    assert store.get_difficulty_state(child.id, game_id) == before  # not a miss
    minutes = store.store.minutes_by_day(child.id, until=store.now().date())
    assert sum(minutes.values()) == pytest.approx(active / 60.0, rel=0.05)
    h.close()
    store.close()


def test_closing_the_window_mid_round_keeps_it_and_the_report_says_so(data_dir, tmp_path):
    store, child, h, _ = start(data_dir, "tracing")
    play_a_while(h, 4.0)
    h.close()  # the window closed: the scenes leave the stack, then the app ends
    store.close()

    store = SafeStore.open_dir(data_dir)
    (trial,) = store.store.trials(child.id)
    assert trial.interrupted and not trial.success
    from exporter.build import build_summary

    day = store.now().date()
    summary = build_summary(store.store, child.id, date(day.year, 1, 1), day, build_catalog())
    (g,) = summary.games
    assert g.interrupted_rounds == 1
    assert g.trials == 0 and g.success_rate is None  # not a failed trial
    assert any("interrupted round" in s for s in g.sentences)
    assert summary.adherence.total_minutes > 0.06  # its minutes count
    store.close()


def test_a_round_left_untouched_saves_no_trial(data_dir):
    store, child, h, plan = start(data_dir, "puzzle")
    h.tap_rect(h.top.buttons.find("home").rect)
    assert h.top is plan and store.store.trials(child.id) == []
    h.close()
    store.close()
