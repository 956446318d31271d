"""A finished round is saved in one transaction: the trial, its stars, the game's new
difficulty state and the round's minutes commit together (one fsync per round), and a
save that cannot be made keeps all of them, in order, for later."""

from __future__ import annotations

import random

import pytest

import games
from engine import registry
from engine.registry import RoundContext
from engine.simulate import play_round
from progress.safe import SafeStore
from tinyhands.play import Practice
from tinyhands.services import Services


@pytest.fixture
def store(tmp_path):
    games.load_all()
    s = SafeStore.open_dir(tmp_path / "data")
    yield s
    s.close()


def _round(practice: Practice, game_id: str, seed: int):
    game = registry.get(game_id)
    plan = practice.controller(game_id).next_trial()
    params = practice.params_for(game, plan.difficulty)
    rnd = game.new_round(params, random.Random(seed), RoundContext(338.7, 211.7))
    result = play_round(rnd, game.bot(rnd, random.Random(seed + 1), 0.9))
    assert result is not None
    return game, result, plan, params


def _commits_during(store: SafeStore, action) -> list[str]:
    seen: list[str] = []
    conn = store.store.connection
    conn.set_trace_callback(seen.append)
    try:
        action()
    finally:
        conn.set_trace_callback(None)
    return [s for s in seen if s.strip().upper() == "COMMIT"]


def test_a_finished_round_is_one_transaction_with_its_staircase_and_minutes(store):
    mia = store.add_child("Mia", avatar="cat")
    practice = Practice(Services(store=store, rng=random.Random(1)), mia)
    game, first, plan, params = _round(practice, "tracing", 3)
    practice.finish(game, first, plan, params, 3, 30.0)  # the first also opens a session
    game, result, plan, params = _round(practice, "tracing", 5)

    def finish_and_save() -> None:
        practice.finish(game, result, plan, params, 5, 42.0)  # hands the save over
        store.settle()  # the writer thread's transaction

    commits = _commits_during(store, finish_and_save)

    assert len(commits) == 1
    saved = store.store.trials(mia.id)
    assert len(saved) == 2
    assert (
        store.get_difficulty_state(mia.id, "tracing")
        == practice.controller("tracing").state.to_dict()
    )
    session = store.store.get_session(saved[-1].session_id)
    assert session.minutes == pytest.approx((30.0 + 42.0) / 60.0)
    stars = max(1, first.stars) + max(1, result.stars)
    assert store.rewards_summary(mia.id).total_stars == stars


def test_a_round_that_cannot_be_saved_keeps_its_staircase_and_minutes_behind_it(store):
    mia = store.add_child("Mia", avatar="cat")
    practice = Practice(Services(store=store, rng=random.Random(1)), mia)
    game, result, plan, params = _round(practice, "tracing", 3)
    practice.finish(game, result, plan, params, 3, 30.0)
    game, result, plan, params = _round(practice, "tracing", 5)
    real = store.store
    store.store = None  # the data file cannot be opened now
    store._last_open_attempt = float("inf")  # and is not retried within this test
    try:
        practice.finish(game, result, plan, params, 5, 42.0)
        store.settle()
        kinds = [type(p).__name__ for p in store._pending]
        methods = [getattr(p, "method", None) for p in store._pending]
        assert kinds == ["PendingTrial", "PendingWrite", "PendingWrite"]
        assert methods[1:] == ["set_difficulty_state", "add_session_minutes"]
    finally:
        store.store = real
        store._last_open_attempt = float("-inf")
    assert store.retry_pending() == 3
    saved = real.trials(mia.id)
    assert len(saved) == 2
    assert (
        real.get_difficulty_state(mia.id, "tracing")
        == practice.controller("tracing").state.to_dict()
    )
    assert real.get_session(saved[-1].session_id).minutes == pytest.approx(72.0 / 60.0)
