"""Bead stringing: pick a bead, bring its hole to the needle at the string's tip, slide it on;
at higher levels copy a colour pattern. Makes a necklace to keep.

The package holds the parameters and ladder (``params``), the patterns as data (``content``),
the layout on the plane (``layout``), the string as a pymunk chain (``lace``), the pure round
logic on ``engine.physics`` (``round``), its metrics (``metrics``), the finished necklace as a
picture (``necklace``), the drawing (``view``) and scripted players (``bots``). Importing it
registers ``GAME``.
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
from games.beads.metrics import METRIC_SPECS, METRICS_VERSION, SUCCESS_RULE
from games.beads.params import BeadsParams, ladder, presented

if TYPE_CHECKING:
    from games.beads.round import BeadsRound
    from games.beads.view import BeadsView


def bot(round: BeadsRound, rng: random.Random, skill: float) -> list[PointerEvent]:
    """A scripted child on a touch screen (FINGER pointers): picks beads following the pattern,
    brings each over the needle and slides it on; a low skill misaims, hurries, slips on the
    pattern and drops beads; a high skill steadies a swaying string with a second finger."""
    from games.beads.bots import play_stream

    return play_stream(round, rng, skill, device=Device.TOUCH)


def mouse_bot(round: BeadsRound, rng: random.Random, skill: float) -> list[PointerEvent]:
    """The same child with a mouse (one pointer, no steadying finger)."""
    from games.beads.bots import play_stream

    return play_stream(round, rng, skill, device=Device.MOUSE)


GAME = GameDescription(
    id="beads",
    name=N_("Bead stringing"),
    skill=N_("Precise dragging: guiding beads onto a string's tip on screen, copying a pattern"),
    params_model=BeadsParams,
    ladder=ladder,
    new_round=lazy_round("games.beads.round", "BeadsRound", BeadsParams),
    new_view=lazy("games.beads.view", "BeadsView"),
    draw_icon=lazy("games.beads.view", "draw_icon"),
    bot=bot,
    metrics=METRIC_SPECS,
    presented=presented,
    success_rule=SUCCESS_RULE,
    key_presented="hole_mm",
    colour=(160, 128, 208),
    order=30,
)
register(GAME)

__all__ = [
    "GAME",
    "METRICS_VERSION",
    "BeadsParams",
    "BeadsRound",
    "BeadsView",
    "ladder",
    "mouse_bot",
]


# the round and view classes load on first use (see engine.registry.lazy)
__getattr__ = lazy_attributes(
    __name__, {"BeadsRound": "games.beads.round", "BeadsView": "games.beads.view"}
)
