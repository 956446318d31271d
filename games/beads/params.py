"""Bead stringing parameters and the difficulty ladder that chooses them."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assets.i18n import N_
from engine.difficulty import lin_interp, log_interp
from engine.trial import Presented
from games.beads.content import MOTIFS, motif_for

BEAD_EASY_MM, BEAD_HARD_MM = 30.0, 10.0
HOLE_EASY_MM, HOLE_HARD_MM = 12.0, 3.0
OFFSET_EASY_MM, OFFSET_HARD_MM = 10.0, 1.5
ANGLE_EASY_DEG, ANGLE_HARD_DEG = 40.0, 12.0
STIFF_EASY, STIFF_HARD = 1.0, 0.3
SWAY_FROM, SWAY_HARD_MM = 0.4, 7.0
COUNT_EASY, COUNT_HARD = 3, 10


class BeadsParams(BaseModel):
    """One bead-stringing trial's settings (stored with the trial). Sizes in mm, angles in
    degrees."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    bead_mm: float = Field(24.0, ge=6.0, le=40.0, description="bead diameter across the hole")
    hole_mm: float = Field(9.0, ge=1.5, le=16.0, description="diameter of the hole")
    offset_tol_mm: float = Field(
        8.0, ge=0.5, le=15.0, description="how far the hole may miss the tip and still thread"
    )
    angle_tol_deg: float = Field(
        35.0, ge=3.0, le=60.0, description="how far the hole may tilt from the tip's direction"
    )
    stiffness: float = Field(
        1.0, ge=0.1, le=1.0, description="string stiffness: 1 stands firm, low values wobble"
    )
    sway_mm: float = Field(
        0.0, ge=0.0, le=15.0, description="how far the holding end sways (the other hand)"
    )
    beads: int = Field(3, ge=1, le=20, description="beads to thread")
    spare_beads: int = Field(0, ge=0, le=39, description="extra beads in the tray to choose from")
    pattern: str = Field(
        "", max_length=8, pattern=r"^[A-D]*$", description="motif to copy, e.g. AAB; '' = any"
    )

    @model_validator(mode="after")
    def _consistent(self) -> BeadsParams:
        if self.hole_mm > 0.6 * self.bead_mm:
            raise ValueError("the hole must leave a bead around it (hole_mm <= 0.6 * bead_mm)")
        if self.offset_tol_mm > self.bead_mm / 2:
            raise ValueError("offset_tol_mm must fall inside the bead (<= bead_mm / 2)")
        if self.beads + self.spare_beads > 40:
            raise ValueError("at most 40 beads in the tray")
        return self

    @property
    def colours(self) -> int:
        return len(set(self.pattern)) if self.pattern else 0

    @property
    def tray_beads(self) -> int:
        return self.beads + self.spare_beads


def ladder(d: float) -> BeadsParams:
    """Difficulty 0..1 -> parameters.

    Sizes act on a ratio scale, so they move on log scales: beads 30 -> 10 mm, holes 12 -> 3 mm,
    the allowed miss of the hole 10 -> 1.5 mm. The allowed tilt (40 -> 12 degrees), the string's
    stiffness (firm -> wobbly) and the number of beads (3 -> 10) change linearly. From d = 0.4 the
    end that holds the string sways gently (up to 7 mm), so the tip swings and must be waited
    for or steadied with the other hand. From d = 0.35 there is a colour pattern to copy
    (``content.MOTIFS``: AB, then AAB, ABC, ...) and spare beads to choose from.
    """
    d = min(1.0, max(0.0, float(d)))
    n = round(lin_interp(d, COUNT_EASY, COUNT_HARD))
    letters = motif_for(d)
    spare = 0 if not letters else len(set(letters)) + n // 3
    sway = (
        0.0 if d < SWAY_FROM else lin_interp((d - SWAY_FROM) / (1 - SWAY_FROM), 1.5, SWAY_HARD_MM)
    )
    return BeadsParams(
        bead_mm=round(log_interp(d, BEAD_EASY_MM, BEAD_HARD_MM), 1),
        hole_mm=round(log_interp(d, HOLE_EASY_MM, HOLE_HARD_MM), 1),
        offset_tol_mm=round(log_interp(d, OFFSET_EASY_MM, OFFSET_HARD_MM), 2),
        angle_tol_deg=round(lin_interp(d, ANGLE_EASY_DEG, ANGLE_HARD_DEG), 1),
        stiffness=round(lin_interp(d, STIFF_EASY, STIFF_HARD), 3),
        sway_mm=round(sway, 2),
        beads=n,
        spare_beads=spare,
        pattern=letters,
    )


__all__ = ["MOTIFS", "BeadsParams", "ladder"]


def presented(params: Mapping[str, object], geometry: Mapping[str, object]) -> list[Presented]:
    """What the child was shown: beads to thread and their size from the geometry (a small
    screen threads fewer, or smaller, beads than asked for), tolerances from the parameters."""
    p, g = dict(params), dict(geometry)

    def num(key: str, gkey: str | None = None, default: float = 0.0) -> float:
        return float(g.get(gkey or key, p.get(key, default)))  # type: ignore[arg-type]

    return [
        Presented("beads", int(num("beads", "to_thread")), "count", N_("Beads to thread")),
        Presented("bead_mm", round(num("bead_mm"), 1), "mm", N_("Bead size")),
        Presented("hole_mm", round(num("hole_mm"), 1), "mm", N_("Hole size")),
        Presented(
            "offset_tol_mm", round(num("offset_tol_mm"), 1), "mm", N_("Allowed miss of the tip")
        ),
        Presented("angle_tol_deg", round(num("angle_tol_deg"), 1), "deg", N_("Allowed tilt")),
        Presented("sway_mm", round(num("sway_mm"), 1), "mm", N_("String sway")),
        Presented("spare_beads", int(num("spare_beads")), "count", N_("Spare beads in the tray")),
        Presented("pattern", str(p.get("pattern", "")), "", N_("Pattern to copy")),
    ]
