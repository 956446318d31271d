"""A finished round is scored on a worker thread (engine.scoring) while its view keeps
drawing; the result must be the one the frame would have computed, bit for bit."""

from __future__ import annotations

import random
import sys

import pytest

import games
from engine import registry
from engine.registry import RoundContext
from engine.scoring import Scoring
from engine.simulate import play_round


def _finished(game_id: str, seed: int):
    game = registry.get(game_id)
    params = game.params_for(0.4)
    rnd = game.new_round(params, random.Random(seed), RoundContext(338.7, 211.7))
    play_round(rnd, game.bot(rnd, random.Random(seed + 1), 0.8))
    rnd._result = None  # play_round scored it; score it afresh
    return rnd


@pytest.mark.parametrize("game_id", ["tracing", "tweezers", "beads", "puzzle"])
def test_the_result_off_the_frame_is_the_one_on_the_frame(game_id):
    games.load_all()
    on_frame = _finished(game_id, 11).result()
    scoring = Scoring(_finished(game_id, 11))
    off_frame = scoring.wait(30.0)
    assert off_frame is not None and scoring.done
    assert off_frame.metrics == on_frame.metrics
    assert (off_frame.score, off_frame.success, off_frame.stars) == (
        on_frame.score,
        on_frame.success,
        on_frame.stars,
    )
    assert off_frame.samples == on_frame.samples


def test_a_failure_reaches_the_frame_and_the_switch_interval_comes_back():
    sys.setswitchinterval(0.005)
    before = sys.getswitchinterval()

    class Broken:
        def result(self):
            raise RuntimeError("no metrics")

    scoring = Scoring(Broken())
    with pytest.raises(RuntimeError, match="no metrics"):
        scoring.wait(10.0)
    assert sys.getswitchinterval() == before
