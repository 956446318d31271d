"""Tracing: follow a road from a green dot - pre-writing shapes, then digits and letters.

The package holds the game's content (``content``), its parameters and difficulty ladders
(``params``), the pure round logic (``round``), its metrics (``metrics``), the drawing
(``view``) and scripted players (``bots``). Importing it registers ``GAME``.
"""

from __future__ import annotations

import random

from engine.registry import GameDescription, RoundContext, ViewContext, register
from games.tracing.metrics import METRIC_SPECS, METRICS_VERSION
from games.tracing.params import Mode, TracingParams, ladder, ladder_for
from games.tracing.round import TracingRound
from games.tracing.view import TracingView, draw_icon


def new_round(params: TracingParams, rng: random.Random, ctx: RoundContext) -> TracingRound:
    return TracingRound(TracingParams.model_validate(params), rng, ctx)


def new_view(round: TracingRound, ctx: ViewContext) -> TracingView:
    return TracingView(round, ctx)


GAME = GameDescription(
    id="tracing",
    name="Tracing",
    skill="Visual-motor control: tracing pre-writing shapes, letters and digits",
    params_model=TracingParams,
    ladder=ladder,
    new_round=new_round,
    new_view=new_view,
    draw_icon=draw_icon,
    metrics=METRIC_SPECS,
    colour=(120, 170, 230),
    order=10,
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
]
