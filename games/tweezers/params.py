"""Tweezers parameters and the difficulty ladder that chooses them."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assets.i18n import N_
from engine.difficulty import lin_interp, log_interp
from engine.trial import Presented

OBJECT_EASY_MM, OBJECT_HARD_MM = 30.0, 8.0
CUP_EASY_MM, CUP_HARD_MM = 54.0, 20.0
DISTANCE_EASY_MM, DISTANCE_HARD_MM = 130.0, 230.0
BAND_EASY_MM, BAND_HARD_MM = 28.0, 8.0
JITTER_EASY_MM, JITTER_HARD_MM = 8.0, 3.0
COUNT_EASY, COUNT_HARD = 3, 10
SORT_FROM = 0.45  # sorting by colour joins the game here ...
THREE_COLOURS_FROM = 0.8  # ... and a third colour here
OBSTACLES_FROM = 0.3  # small blocks between the tray and the cups from here


class GripMode(StrEnum):
    """How a touch closes the tweezers; the therapist chooses (a mouse always presses).

    ``pinch``: two fingers on the arms, the gap between them is the grip.
    ``one_finger``: touching closes, lifting opens, as with a mouse — for children who cannot
    pinch yet.
    """

    PINCH = "pinch"
    ONE_FINGER = "one_finger"


#: the therapist's words for each grip (a mouse or pen presses either way)
GRIP_CHOICES: tuple[tuple[str, str], ...] = (
    (GripMode.PINCH.value, "pinch with two fingers"),
    (GripMode.ONE_FINGER.value, "one finger, like a mouse"),
)


class TweezersParams(BaseModel):
    """One tweezers trial's settings (stored with the trial). Sizes and distances in mm."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    object_mm: float = Field(24.0, ge=5.0, le=40.0, description="diameter of the things to pick")
    cup_mm: float = Field(48.0, ge=12.0, le=80.0, description="inner diameter of a cup")
    distance_mm: float = Field(150.0, ge=60.0, le=300.0, description="tray centre to cups centre")
    grip_band_mm: float = Field(
        24.0, ge=4.0, le=40.0, description="width of the finger-gap band that holds (pinch)"
    )
    jitter_mm: float = Field(
        6.0, ge=1.0, le=15.0, description="how still a press must stay while the tweezers close"
    )
    objects: int = Field(3, ge=1, le=20, description="how many things to put away")
    colours: int = Field(
        1, ge=1, le=3, description="1: one egg-carton cup each; 2-3: sort into colour jars"
    )
    obstacles: int = Field(0, ge=0, le=4, description="small blocks between tray and cups")
    grip_mode: GripMode = GripMode.PINCH

    @model_validator(mode="after")
    def _object_fits_its_cup(self) -> TweezersParams:
        if self.object_mm > self.cup_mm * 0.9:
            raise ValueError("an object must fit its cup (object_mm <= 0.9 * cup_mm)")
        return self

    @property
    def sorting(self) -> bool:
        return self.colours > 1


def ladder(d: float, grip_mode: GripMode = GripMode.PINCH) -> TweezersParams:
    """Difficulty 0..1 -> parameters.

    Sizes act on a ratio scale, so they move on log scales (equal steps are equal ratios, as
    in Fitts' ID): objects 30 -> 8 mm, cups 54 -> 20 mm, the grip band 28 -> 8 mm of finger
    gap, the steadiness allowance 8 -> 3 mm. Distance (130 -> 230 mm) and the number of
    objects (3 -> 10) add up linearly. Sorting by colour starts at d = 0.45 (two colours, a
    third at 0.8) and small obstacles at d = 0.3 (one, up to three).
    """
    d = min(1.0, max(0.0, float(d)))
    colours = 1 if d < SORT_FROM else 2 if d < THREE_COLOURS_FROM else 3
    obstacles = 0 if d < OBSTACLES_FROM else 1 + round(2 * (d - OBSTACLES_FROM) / 0.7)
    return TweezersParams(
        object_mm=round(log_interp(d, OBJECT_EASY_MM, OBJECT_HARD_MM), 1),
        cup_mm=round(log_interp(d, CUP_EASY_MM, CUP_HARD_MM), 1),
        distance_mm=round(lin_interp(d, DISTANCE_EASY_MM, DISTANCE_HARD_MM), 1),
        grip_band_mm=round(log_interp(d, BAND_EASY_MM, BAND_HARD_MM), 1),
        jitter_mm=round(log_interp(d, JITTER_EASY_MM, JITTER_HARD_MM), 1),
        objects=round(lin_interp(d, COUNT_EASY, COUNT_HARD)),
        colours=colours,
        obstacles=obstacles,
        grip_mode=grip_mode,
    )


def presented(params: Mapping[str, object], geometry: Mapping[str, object]) -> list[Presented]:
    """What the child was shown: the geometry's counts and sizes (a small screen holds fewer
    things, and cups grow to hold their things), else the parameters."""
    p, g = dict(params), dict(geometry)

    def num(key: str, default: float = 0.0) -> float:
        return float(g.get(key, p.get(key, default)))  # type: ignore[arg-type]

    band = g.get("grip_band_mm")
    grip = float(band[1]) - float(band[0]) if isinstance(band, list) and len(band) == 2 else None
    out = [
        Presented("object_mm", round(num("object_mm"), 1), "mm", N_("Size of the things")),
        Presented("cup_mm", round(num("cup_mm"), 1), "mm", N_("Cup opening")),
        Presented("objects", int(num("objects")), "count", N_("Things to put away")),
        Presented("distance_mm", round(num("distance_mm"), 1), "mm", N_("Distance to the cups")),
        Presented("obstacles", int(num("obstacles")), "count", N_("Obstacles on the way")),
        Presented("colours", int(float(p.get("colours", 1))), "count", N_("Colours to sort")),  # type: ignore[arg-type]
        Presented("grip_mode", str(g.get("grip_mode", p.get("grip_mode", ""))), "", N_("Grip")),
    ]
    if grip is not None:
        out.append(
            Presented("grip_band_mm", round(grip, 1), "mm", N_("Finger-gap band that holds"))
        )
    return out
