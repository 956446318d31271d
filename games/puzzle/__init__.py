"""Puzzles: drag pieces into their places - a shape board first, then picture jigsaws with
more and smaller pieces, and at higher levels pieces that must be turned.

The package holds the content as data (``content``: shapes, pictures, grids), parameters
and the ladder (``params``), the layout in mm (``board``), the pure round logic (``round``),
its metrics (``metrics``), the drawing (``view``, ``pictures``) and scripted players
(``bots``). Importing it registers ``GAME``.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from assets.i18n import N_
from engine.input import Device, PointerEvent
from engine.registry import (
    GameDescription,
    lazy,
    lazy_attributes,
    lazy_round,
    register,
)
from games.puzzle.metrics import METRIC_SPECS, METRICS_VERSION, SUCCESS_RULE
from games.puzzle.params import Kind, PuzzleParams, ladder, presented

if TYPE_CHECKING:
    from games.puzzle.round import PuzzleRound
    from games.puzzle.view import PuzzleView


def bot(round: PuzzleRound, rng: random.Random, skill: float) -> list[PointerEvent]:
    """A scripted child on a touch screen (two-finger twist where pieces must be turned):
    quicker, straighter and more precise with skill; see ``games.puzzle.bots``."""
    from games.puzzle.bots import play

    return play(round, rng, skill, Device.TOUCH)


def mouse_bot(round: PuzzleRound, rng: random.Random, skill: float) -> list[PointerEvent]:
    """The same child with a mouse: select a piece, tap the turn button, drag."""
    from games.puzzle.bots import play

    return play(round, rng, skill, Device.MOUSE)


GAME = GameDescription(
    id="puzzle",
    name=N_("Puzzles"),
    skill=N_("Visual perception and precise placement: dragging, turning and fitting pieces"),
    params_model=PuzzleParams,
    ladder=ladder,
    new_round=lazy_round("games.puzzle.round", "PuzzleRound", PuzzleParams),
    new_view=lazy("games.puzzle.view", "PuzzleView"),
    draw_icon=lazy("games.puzzle.view", "draw_icon"),
    draw_card=lazy("games.puzzle.view", "draw_card"),
    bot=bot,
    metrics=METRIC_SPECS,
    presented=presented,
    success_rule=SUCCESS_RULE,
    key_presented="pieces",
    colour=(240, 150, 96),
    order=40,
)
register(GAME)

__all__ = [
    "GAME",
    "METRICS_VERSION",
    "Kind",
    "PuzzleParams",
    "PuzzleRound",
    "PuzzleView",
    "bot",
    "ladder",
    "mouse_bot",
]


# the round and view classes load on first use (see engine.registry.lazy)
__getattr__ = lazy_attributes(
    __name__, {"PuzzleRound": "games.puzzle.round", "PuzzleView": "games.puzzle.view"}
)
