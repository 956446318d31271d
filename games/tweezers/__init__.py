"""Tweezers: pick up pom-poms, beads and seeds and put each in its cup (or its colour's jar).

The package holds the parameters and ladder (``params``), the layout on the plane
(``layout``), the pure round logic on ``engine.physics`` (``round``), its metrics
(``metrics``), the drawing (``view``) and scripted players (``bots``). Importing it
registers ``GAME``.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from assets.i18n import N_
from engine.input import Device, PointerEvent
from engine.registry import (
    GameDescription,
    GameOption,
    lazy,
    lazy_attributes,
    lazy_round,
    register,
)
from games.tweezers.metrics import METRIC_SPECS, METRICS_VERSION, SUCCESS_RULE
from games.tweezers.params import GRIP_CHOICES, GripMode, TweezersParams, ladder, presented

if TYPE_CHECKING:
    from games.tweezers.round import TweezersRound
    from games.tweezers.view import TweezersView


def bot(round: TweezersRound, rng: random.Random, skill: float) -> list[PointerEvent]:
    """A scripted child with two fingers on the tweezers (touch FINGER pointers), or one finger
    when the round is in one-finger mode. Lower skill aims worse, shakes more and lets the
    finger gap wander out of the band, so it drops things and tries again (closed-loop)."""
    from games.tweezers.bots import play_stream

    if round.params.grip_mode is GripMode.ONE_FINGER:
        return play_stream(round, rng, skill, style="press", device=Device.TOUCH)
    return play_stream(round, rng, skill, style="pinch")


def mouse_bot(round: TweezersRound, rng: random.Random, skill: float) -> list[PointerEvent]:
    """The same child with a mouse: press to close, carry, release over the cup."""
    from games.tweezers.bots import play_stream

    return play_stream(round, rng, skill, style="press", device=Device.MOUSE)


GAME = GameDescription(
    id="tweezers",
    name=N_("Tweezers"),
    skill=N_("On-screen tweezers: picking up, carrying and placing small things (pinch or drag)"),
    params_model=TweezersParams,
    ladder=ladder,
    new_round=lazy_round("games.tweezers.round", "TweezersRound", TweezersParams),
    new_view=lazy("games.tweezers.view", "TweezersView"),
    draw_icon=lazy("games.tweezers.view", "draw_icon"),
    bot=bot,
    metrics=METRIC_SPECS,
    presented=presented,
    success_rule=SUCCESS_RULE,
    key_presented="object_mm",
    colour=(214, 178, 48),  # golden yellow: apart from the puzzle's orange, also colour-blind
    order=20,
    # copied onto ``TweezersParams.grip_mode`` by ``params_for``: the ladder stays pinch
    options=(
        GameOption("grip_mode", "Grip on a touch screen", GRIP_CHOICES, GripMode.PINCH.value),
    ),
)
register(GAME)

__all__ = [
    "GAME",
    "METRICS_VERSION",
    "GripMode",
    "TweezersParams",
    "TweezersRound",
    "TweezersView",
    "ladder",
    "mouse_bot",
]


# the round and view classes load on first use (see engine.registry.lazy)
__getattr__ = lazy_attributes(
    __name__, {"TweezersRound": "games.tweezers.round", "TweezersView": "games.tweezers.view"}
)
