"""Games plug in here: each registers one ``GAME`` description; screens list what is registered."""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, ValidationError

from engine.input import PointerEvent
from engine.trial import MetricSpec, Presented, SuccessRule, TrialResult

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


@dataclass(slots=True)
class Feedback:
    """What a Round tells its View to react to once (a sound, sparkles): (what, subject,
    clock_s) in order. The view keeps a cursor into ``events``; the round only appends."""

    events: list[tuple[str, Any, float]] = field(default_factory=list)


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
class GameOption:
    """A choice the therapist makes for a game, beside the difficulty: what the child plays,
    not how hard (tracing's letters or shapes; tweezers' one-finger grip).

    ``choices`` pairs each stored value with the words a therapist reads. The value is what
    the home program stores, so it must stay stable; the words may change freely.
    """

    name: str
    label: str  # the question a therapist answers: "What to trace"
    choices: tuple[tuple[str, str], ...]  # (value, words) in the order they are shown
    default: str

    def __post_init__(self) -> None:
        values = self.values
        if not values:
            raise ValueError(f"option {self.name!r} offers no choices")
        if len(set(values)) != len(values):
            raise ValueError(f"option {self.name!r} offers a value twice")
        if self.default not in values:
            raise ValueError(f"option {self.name!r}: the default {self.default!r} is no choice")

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(v for v, _ in self.choices)

    def words(self, value: str) -> str:
        """The therapist's words for a value (the default's words for an unknown value)."""
        return dict(self.choices).get(value, dict(self.choices)[self.default])

    def valid(self, value: object) -> str:
        """``value`` if it is one of the choices, else the default: a stored choice from an
        older or newer version must never stop a child playing."""
        return value if isinstance(value, str) and value in self.values else self.default


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
    #: (surface, rect, params) -> the picture card for a round with these parameters, for a
    #: game whose levels look unlike each other (the puzzle's shape boards, then jigsaws);
    #: None: the card is always ``draw_icon``
    draw_card: Callable[[pygame.Surface, pygame.Rect, BaseModel], None] | None = None
    #: a scripted player: (round, rng, skill 0..1) -> the round's pointer events, for the
    #: headless demo, benchmarks and tests (skill 1 plays well, 0 struggles)
    bot: Callable[[Round, random.Random, float], list[PointerEvent]] | None = None
    colour: tuple[int, int, int] = (120, 170, 230)
    order: int = 100  # position in the default plan (tracing first, ...)
    #: what a therapist may choose for this game besides the difficulty
    options: tuple[GameOption, ...] = ()
    #: (difficulty, every option's value) -> parameters, for a game whose options change
    #: the ladder itself (tracing climbs another content set); None: ``ladder(d)`` with the
    #: chosen values copied onto the parameter fields of the same name
    ladder_with: Callable[[float, Mapping[str, str]], BaseModel] | None = None
    #: (the trial's params as stored, its geometry) -> what the child was shown, in the
    #: game's units; the geometry says where a small screen presented less than was asked
    presented: Callable[[Mapping[str, Any], Mapping[str, Any]], list[Presented]] | None = None
    #: how success is decided, stated in reports beside every success rate
    success_rule: SuccessRule | None = None
    #: the presented value that best says how hard the task was, for charts and bound
    #: messages ("band_mm": the narrower, the harder)
    key_presented: str | None = None

    def describe_presented(
        self, params: Mapping[str, Any], geometry: Mapping[str, Any]
    ) -> list[Presented]:
        """``presented(params, geometry)``, or nothing when the game does not say."""
        if self.presented is None:
            return []
        return list(self.presented(params, geometry))

    def draw_card_for(
        self, surface: pygame.Surface, rect: pygame.Rect, params: BaseModel | None = None
    ) -> None:
        """The game's picture card, showing what the child will play next when the game can
        draw one per parameters and they are known; else its one icon."""
        if params is not None and self.draw_card is not None:
            self.draw_card(surface, rect, params)
        else:
            self.draw_icon(surface, rect)

    def option(self, name: str) -> GameOption | None:
        return next((o for o in self.options if o.name == name), None)

    def resolve_options(self, chosen: Mapping[str, Any] | None = None) -> dict[str, str]:
        """Every declared option's value: the chosen one where it is known, else the default.

        Unknown names and values are dropped silently (a stored program may come from
        another version of a game); the result is what the child will really play.
        """
        chosen = chosen or {}
        return {o.name: o.valid(chosen.get(o.name, o.default)) for o in self.options}

    def describe_options(self, chosen: Mapping[str, Any] | None = None) -> str:
        """The choices in a therapist's words, briefly: "capital letters · copy: model only"."""
        values = self.resolve_options(chosen)
        return " · ".join(o.words(values[o.name]) for o in self.options)

    def params_for(self, difficulty: float, chosen: Mapping[str, Any] | None = None) -> BaseModel:
        """The parameters of a round at ``difficulty`` with the therapist's choices.

        With ``ladder_with`` the game shapes its own ladder from every option's value. Else the
        difficulty ladder decides and the *chosen* values (not the defaults, so an option never
        overrides what the ladder varies unless a therapist asked) replace the parameter
        fields of the same name. That copy is validated by the game's model (a bare
        ``model_copy(update=...)`` would leave a plain string where the round compares an enum
        by identity); a value the model refuses is left out rather than stopping the round.
        """
        values = self.resolve_options(chosen)
        if self.ladder_with is not None:
            return self.ladder_with(difficulty, values)
        params = self.ladder(difficulty)
        model = type(params)
        asked = {
            name
            for name in (chosen or {})
            if self.option(name) is not None and (chosen or {})[name] == values[name]
        }
        update = {k: values[k] for k in sorted(asked) if k in model.model_fields}
        if not update:
            return params
        base = params.model_dump()
        try:
            return model.model_validate({**base, **update})
        except ValidationError:  # one refused value must not drop the others
            for key, value in update.items():
                try:
                    params = model.model_validate({**params.model_dump(), key: value})
                except ValidationError:
                    continue
            return params


def lazy(module: str, name: str) -> Callable[..., Any]:
    """A callable that imports ``module.name`` on first use: a game registers at start-up,
    but its view, round and scripted player load only when a round is played, so the first
    screen does not wait for four games' drawing and physics code."""
    target: list[Callable[..., Any]] = []

    def call(*args: Any, **kwargs: Any) -> Any:
        if not target:
            target.append(getattr(importlib.import_module(module), name))
        return target[0](*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"{module}.{name}, imported on first use"
    return call


def lazy_round(module: str, name: str, params_model: type[BaseModel]) -> Callable[..., Any]:
    """``new_round`` for a GameDescription: validates the parameters with the game's model
    (stored or chosen values arrive as plain data) and builds ``module.name`` on first use."""
    make = lazy(module, name)

    def new_round(params: Any, rng: random.Random, ctx: RoundContext) -> Any:
        return make(params_model.model_validate(params), rng, ctx)

    new_round.__name__ = new_round.__qualname__ = f"new_{name}"
    return new_round


def lazy_attributes(package: str, where: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` (PEP 562) that imports ``name`` from ``where[name]`` on
    first use, so ``from games.puzzle import PuzzleRound`` works without loading it early."""

    def __getattr__(name: str) -> Any:
        if name in where:
            return getattr(importlib.import_module(where[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__


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
    "GameOption",
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
