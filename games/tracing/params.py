"""Tracing parameters and the difficulty ladders that choose them."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from enum import StrEnum
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assets.i18n import N_
from engine.trial import Presented
from games.tracing.content import CONTENT_SETS, ITEMS

try:
    from engine.difficulty import lin_interp, log_interp
except ImportError:  # pragma: no cover - the shared helper arrived after this game

    def log_interp(d: float, easy: float, hard: float) -> float:
        d = min(1.0, max(0.0, d))
        return easy * (hard / easy) ** d

    def lin_interp(d: float, easy: float, hard: float) -> float:
        d = min(1.0, max(0.0, d))
        return easy + (hard - easy) * d


BAND_EASY_MM, BAND_HARD_MM = 24.0, 4.0
SIZE_EASY_MM, SIZE_HARD_MM = 120.0, 40.0
START_DOT_MM = 16.0  # >= 15 mm: what 3-6 year-olds hit reliably (field notes, target sizes)


class Mode(StrEnum):
    """Imitate: the stroke is drawn for the child first. Copy: the child sees the model only.

    Imitating a form comes about a year before copying it (field notes, pre-writing ages).
    """

    IMITATE = "imitate"
    COPY = "copy"


class TracingParams(BaseModel):
    """One tracing trial's settings (stored with the trial)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    shape: str = Field("vertical", description="item id, e.g. 'circle', 'digit_3', 'upper_A'")
    band_mm: float = Field(16.0, ge=2.0, le=40.0, description="width of the road (tolerance)")
    guide: float = Field(1.0, ge=0.0, le=1.0, description="guide visibility, 1 = full")
    size_mm: float = Field(100.0, ge=20.0, le=200.0, description="height of one unit (cap)")
    mode: Mode = Mode.IMITATE

    @field_validator("shape")
    @classmethod
    def _known_shape(cls, v: str) -> str:
        if v not in ITEMS:
            raise ValueError(f"unknown tracing item {v!r}")
        return v


def _pick(order: tuple[str, ...], d: float) -> str:
    d = min(1.0, max(0.0, d))
    return order[min(len(order) - 1, math.floor(d * len(order)))]


def ladder_for(content: str) -> Callable[[float], TracingParams]:
    """A ladder climbing one content set ("shapes", "digits", "uppercase", "lowercase").

    With d: the road narrows 24 -> 4 mm and the item shrinks 120 -> 40 mm on log scales
    (equal steps are equal ratios, as in Fitts' ID), guides fade from full at d <= 0.25 to
    none at d = 1, the mode moves from imitate to copy at d = 0.35, and the item climbs
    the set's teaching order.
    """
    order = CONTENT_SETS[content]

    def ladder(d: float) -> TracingParams:
        d = min(1.0, max(0.0, float(d)))
        return TracingParams(
            shape=_pick(order, d),
            band_mm=round(log_interp(d, BAND_EASY_MM, BAND_HARD_MM), 2),
            guide=round(min(1.0, max(0.0, lin_interp((d - 0.25) / 0.75, 1.0, 0.0))), 3),
            size_mm=round(log_interp(d, SIZE_EASY_MM, SIZE_HARD_MM), 1),
            mode=Mode.IMITATE if d < 0.35 else Mode.COPY,
        )

    ladder.__doc__ = f"Difficulty 0..1 -> TracingParams climbing the {content} set."
    return ladder


#: the game's default ladder: the pre-writing shapes in developmental order
ladder = ladder_for("shapes")

#: the therapist's words for each content set, in the order a child usually meets them
CONTENT_CHOICES: tuple[tuple[str, str], ...] = (
    ("shapes", "shapes"),
    ("digits", "digits"),
    ("uppercase", "capital letters"),
    ("lowercase", "small letters"),
)
AUTOMATIC = "automatic"  # the mode option's default: the ladder moves imitate -> copy
MODE_CHOICES: tuple[tuple[str, str], ...] = (
    (AUTOMATIC, "automatic"),
    (Mode.IMITATE.value, "imitate: watch first"),
    (Mode.COPY.value, "copy: model only"),
)


@cache
def _ladder(content: str) -> Callable[[float], TracingParams]:
    return ladder if content == "shapes" else ladder_for(content)


def ladder_with(d: float, options: Mapping[str, str]) -> TracingParams:
    """The ladder with the therapist's choices: ``content`` picks the set the items climb
    (the rest of the ladder - road, size, guides - is the same for every set), and ``mode``
    fixes imitate or copy at every difficulty; "automatic" leaves it to the ladder, which
    switches at d = 0.35. Unknown values fall back to shapes and automatic."""
    content = options.get("content", "shapes")
    params = _ladder(content if content in CONTENT_SETS else "shapes")(d)
    mode = options.get("mode", AUTOMATIC)
    if mode in (m.value for m in Mode):
        params = params.model_copy(update={"mode": Mode(mode)})
    return params


def presented(params: Mapping[str, object], geometry: Mapping[str, object]) -> list[Presented]:
    """What the child was shown: the road's width and the form's size in mm, the guide, the
    mode and the item (the geometry's values where the round recorded them)."""
    p, g = dict(params), dict(geometry)
    band = float(g.get("band_mm", p.get("band_mm", 0.0)))  # type: ignore[arg-type]
    size = float(g.get("size_mm", p.get("size_mm", 0.0)))  # type: ignore[arg-type]
    return [
        Presented("band_mm", round(band, 2), "mm", N_("Road width (tolerance band)")),
        Presented("size_mm", round(size, 1), "mm", N_("Size of the form")),
        Presented("guide", round(float(p.get("guide", 1.0)), 2), "", N_("Guide shown (1 = full)")),  # type: ignore[arg-type]
        Presented("mode", str(g.get("mode", p.get("mode", ""))), "", N_("Imitate or copy")),
        Presented("item", str(g.get("item", p.get("shape", ""))), "", N_("Form traced")),
    ]
