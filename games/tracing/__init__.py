"""Tracing: follow a road from a green dot - pre-writing shapes, then digits and letters.

The package holds the game's content (``content``), its parameters and difficulty ladders
(``params``), the pure round logic (``round``), its metrics (``metrics``), the drawing
(``view``) and scripted players (``bots``). Importing it registers ``GAME``.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from assets.i18n import N_
from engine.input import PointerEvent
from engine.registry import (
    GameDescription,
    GameOption,
    lazy,
    lazy_attributes,
    lazy_round,
    register,
)
from games.tracing.metrics import METRIC_SPECS, METRICS_VERSION, SUCCESS_RULE
from games.tracing.params import (
    AUTOMATIC,
    CONTENT_CHOICES,
    MODE_CHOICES,
    Mode,
    TracingParams,
    ladder,
    ladder_for,
    ladder_with,
    presented,
)

if TYPE_CHECKING:
    from games.tracing.round import TracingRound
    from games.tracing.view import TracingView


def bot(round: TracingRound, rng: random.Random, skill: float) -> list[PointerEvent]:
    """A scripted child: steadier and quicker with skill, wobblier and slower without.

    The wobble (RMS) grows from 0.4 mm at skill 1 to 5.4 mm at skill 0, so a less skilled
    player leaves narrow roads; like a child, it then goes over the shape again, carefully,
    until the round is done (the game waits, it never times out).
    """
    from games.tracing.bots import play_stream

    skill = min(1.0, max(0.0, skill))
    first = play_stream(round.geometry, "shaky", rng, skill=skill, noise_mm=0.4 + 5.0 * (1 - skill))
    again = play_stream(round.geometry, "perfect", rng, skill=skill, t0_ms=first[-1].t_ms + 600.0)
    return first + [
        PointerEvent(e.phase, e.pointer_id + 1, e.device, e.x_mm, e.y_mm, e.x_px, e.y_px, e.t_ms)
        for e in again
    ]


GAME = GameDescription(
    id="tracing",
    name=N_("Tracing"),
    skill=N_("Visual-motor control on screen: tracing pre-writing shapes, letters and digits"),
    params_model=TracingParams,
    ladder=ladder,
    new_round=lazy_round("games.tracing.round", "TracingRound", TracingParams),
    new_view=lazy("games.tracing.view", "TracingView"),
    draw_icon=lazy("games.tracing.view", "draw_icon"),
    bot=bot,
    metrics=METRIC_SPECS,
    presented=presented,
    success_rule=SUCCESS_RULE,
    key_presented="band_mm",
    colour=(120, 170, 230),
    order=10,
    options=(
        GameOption("content", "What to trace", CONTENT_CHOICES, "shapes"),
        # Imitating a form comes about a year before copying it: a child who cannot copy
        # yet keeps the drawn-first stroke at every level, one who can skips it.
        GameOption("mode", "How the model is shown", MODE_CHOICES, AUTOMATIC),
    ),
    ladder_with=ladder_with,
)
register(GAME)

__all__ = [
    "GAME",
    "METRICS_VERSION",
    "Mode",
    "TracingParams",
    "TracingRound",
    "TracingView",
    "ladder",
    "ladder_for",
    "ladder_with",
]


# the round and view classes load on first use (see engine.registry.lazy)
__getattr__ = lazy_attributes(
    __name__, {"TracingRound": "games.tracing.round", "TracingView": "games.tracing.view"}
)
