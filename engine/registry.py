"""Games plug in here: each registers one ``GAME`` description; screens list what is registered."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel

from engine.input import PointerEvent
from engine.trial import MetricSpec, TrialResult

if TYPE_CHECKING:
    import pygame

    from engine.units import Units

LOGIC_DT = 1.0 / 120.0  # every Round steps at this fixed rate


@dataclass(frozen=True, slots=True)
class RoundContext:
    """What a Round may know about where it is played: the task plane in mm and the child."""

    plane_w_mm: float  # the logical canvas in mm (origin top-left, y down)
    plane_h_mm: float
    left_handed: bool = False  # lay out so nothing important sits under the hand


@dataclass(frozen=True)
class ViewContext:
    """What a View needs to draw: units, the child's settings, and the shared sounds."""

    units: Units
    left_handed: bool = False
    calm: bool = False  # fewer animations
    colourblind: bool = False
    sounds: Any = None  # engine.sound.Sounds, or None when silent


class Round(Protocol):
    """Pure game logic for one trial: no display, deterministic for a seed and an input stream."""

    def handle(self, event: PointerEvent) -> None: ...

    def step(self, dt: float) -> None:
        """Advance by exactly LOGIC_DT."""

    @property
    def finished(self) -> bool: ...

    def result(self) -> TrialResult: ...


class View(Protocol):
    """Draws a Round. ``alpha`` is how far between the last two logic steps we are (0..1)."""

    def draw(self, surface: pygame.Surface, alpha: float) -> None: ...


@dataclass(frozen=True)
class GameDescription:
    """Everything the engine needs to know about a game; the ``GAME`` object of a subpackage."""

    id: str
    name: str  # for grown-ups; children see the icon
    skill: str  # the fine-motor skill it trains, in a therapist's words
    params_model: type[BaseModel]
    ladder: Callable[[float], BaseModel]  # difficulty 0..1 -> concrete parameters
    new_round: Callable[[BaseModel, random.Random, RoundContext], Round]
    new_view: Callable[[Round, ViewContext], View]
    draw_icon: Callable[[pygame.Surface, pygame.Rect], None]
    metrics: Sequence[MetricSpec] = ()
    #: a scripted player: (round, rng, skill 0..1) -> the round's pointer events, for the
    #: headless demo, benchmarks and tests (skill 1 plays well, 0 struggles)
    bot: Callable[[Round, random.Random, float], list[PointerEvent]] | None = None
    colour: tuple[int, int, int] = (120, 170, 230)
    order: int = 100  # position in the default plan (tracing first, ...)


_GAMES: dict[str, GameDescription] = {}


def register(game: GameDescription) -> GameDescription:
    if game.id in _GAMES and _GAMES[game.id] is not game:
        raise ValueError(f"a game with id {game.id!r} is registered already")
    _GAMES[game.id] = game
    return game


def unregister(game_id: str) -> None:
    _GAMES.pop(game_id, None)


def get(game_id: str) -> GameDescription:
    try:
        return _GAMES[game_id]
    except KeyError:
        raise KeyError(f"no game {game_id!r} is registered") from None


def all_games() -> list[GameDescription]:
    return sorted(_GAMES.values(), key=lambda g: (g.order, g.id))


def params_dict(params: BaseModel) -> dict[str, Any]:
    return params.model_dump(mode="json")


__all__ = [
    "LOGIC_DT",
    "GameDescription",
    "RoundContext",
    "ViewContext",
    "Round",
    "View",
    "register",
    "unregister",
    "get",
    "all_games",
    "params_dict",
    "TrialResult",
]
