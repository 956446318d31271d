"""Every registered game can be played headless by its bot to a finished, honest trial."""

import random

import pytest

import games
from engine import registry
from engine.registry import RoundContext
from engine.simulate import play_round

games.load_all()
GAMES = registry.all_games()


@pytest.mark.parametrize("game", GAMES, ids=[g.id for g in GAMES])
@pytest.mark.parametrize("skill", [0.1, 0.5, 1.0])
def test_bots_finish_rounds_across_the_ladder(game, skill):
    assert game.bot is not None, f"{game.id} has no scripted player"
    for d in (0.0, 0.5, 1.0):
        rng = random.Random(int(d * 10) + int(skill * 100))
        rnd = game.new_round(game.ladder(d), rng, RoundContext(338.7, 211.7))
        result = play_round(rnd, game.bot(rnd, rng, skill))
        assert result is not None, (game.id, d, skill)
        assert 0.0 <= result.score <= 1.0 and result.stars >= 1
        assert result.samples and result.metrics


@pytest.mark.parametrize("game", GAMES, ids=[g.id for g in GAMES])
def test_skill_shows_in_the_score(game):
    def mean_score(skill):
        total = 0.0
        for seed in range(4):
            rng = random.Random(seed)
            rnd = game.new_round(game.ladder(0.6), rng, RoundContext(338.7, 211.7))
            total += play_round(rnd, game.bot(rnd, rng, skill)).score
        return total / 4

    assert mean_score(1.0) > mean_score(0.1)


@pytest.mark.parametrize("game", GAMES, ids=[g.id for g in GAMES])
@pytest.mark.parametrize(
    "plane", [(250.0, 156.0), (217.0, 136.0), (151.0, 94.0)], ids=["11in", "10in", "7in"]
)
def test_small_screens_still_give_playable_rounds(game, plane):
    """A laptop's and a small tablet's task plane (mm): every level lays out and finishes."""
    for d in (0.0, 1.0):
        rng = random.Random(5)
        rnd = game.new_round(game.ladder(d), rng, RoundContext(*plane))
        assert play_round(rnd, game.bot(rnd, rng, 0.9)) is not None, (game.id, plane, d)
