"""engine.replay: a physics round copied part-way through (what a scripted player thinks
ahead with) is the same round -- the same seed, steps and inputs give the same ending."""

from __future__ import annotations

import random

import pytest

import games
from engine import registry
from engine.registry import LOGIC_DT, RoundContext
from engine.simulate import play_round

games.load_all()
CTX = RoundContext(1280 / (96 / 25.4), 800 / (96 / 25.4))


def _half_played(game_id: str):
    game = registry.get(game_id)
    r = game.new_round(game.ladder(0.4), random.Random(3), CTX)
    events = sorted(game.bot(r.twin(), random.Random(4), 0.5), key=lambda e: e.t_ms)
    half = events[: len(events) // 2]
    t = half[0].t_ms
    i = 0
    while i < len(half):  # the first half of the inputs, stepped as the app steps them
        while i < len(half) and half[i].t_ms <= t:
            r.handle(half[i])
            i += 1
        r.step(LOGIC_DT)
        t += LOGIC_DT * 1000.0
    return r, events[len(events) // 2 :]


@pytest.mark.parametrize("game_id", ["beads", "tweezers"])
def test_a_twin_made_part_way_ends_as_the_round_does(game_id):
    r, rest = _half_played(game_id)
    twin = r.twin()
    a, b = play_round(r, rest), play_round(twin, rest)
    assert a is not None and b is not None
    assert a.metrics == b.metrics and a.score == b.score
    # a round started again from its seed alone has not been played into: it differs
    fresh = type(r).from_seed(r.params, r.seed, r.ctx)
    c = play_round(fresh, rest)
    assert c is None or c.metrics != a.metrics
