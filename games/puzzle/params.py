"""Puzzle parameters and the difficulty ladder that chooses them."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assets.i18n import N_
from engine.difficulty import lin_interp, log_interp
from engine.trial import Presented
from games.puzzle.content import JIGSAW_GRIDS, MAX_SHAPES


class Kind(StrEnum):
    SHAPES = "shapes"  # a wooden shape board: each shape into its own hole
    JIGSAW = "jigsaw"  # a picture cut into a grid of interlocking pieces


PIECE_EASY_MM, PIECE_HARD_MM = 45.0, 22.0  # >= 15 mm even at the top (field notes)
SNAP_EASY_MM, SNAP_HARD_MM = 14.0, 4.0
SNAP_EASY_DEG, SNAP_HARD_DEG = 30.0, 12.0
ROTATION_FROM = 0.55
DISTRACTORS_FROM = 0.75

#: (from difficulty, kind, pieces): the ladder's steps in the number of pieces
LEVELS: tuple[tuple[float, Kind, int], ...] = (
    (0.00, Kind.SHAPES, 3),
    (0.10, Kind.SHAPES, 4),
    (0.20, Kind.SHAPES, 6),
    (0.30, Kind.JIGSAW, 4),
    (0.40, Kind.JIGSAW, 6),
    (0.50, Kind.JIGSAW, 9),
    (0.60, Kind.JIGSAW, 12),
    (0.70, Kind.JIGSAW, 16),
    (0.80, Kind.JIGSAW, 20),
    (0.90, Kind.JIGSAW, 24),
)


class PuzzleParams(BaseModel):
    """One puzzle trial's settings (stored with the trial)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    kind: Kind = Kind.SHAPES
    pieces: int = Field(3, ge=1, le=24, description="pieces that have a place")
    piece_mm: float = Field(45.0, ge=10.0, le=80.0, description="side of a piece's cell")
    snap_mm: float = Field(14.0, ge=1.0, le=40.0, description="position tolerance of a snap")
    snap_deg: float = Field(30.0, ge=1.0, le=90.0, description="angle tolerance of a snap")
    rotation: bool = Field(False, description="pieces start turned and must be turned back")
    distractors: int = Field(0, ge=0, le=4, description="pieces that fit nowhere")
    ghost: float = Field(0.5, ge=0.0, le=1.0, description="faint picture on the jigsaw board")
    picture: str | None = Field(None, description="jigsaw picture; None: chosen by the seed")

    @model_validator(mode="after")
    def _pieces_fit_the_kind(self) -> PuzzleParams:
        if self.kind is Kind.JIGSAW and self.pieces not in JIGSAW_GRIDS:
            raise ValueError(f"a jigsaw has {sorted(JIGSAW_GRIDS)} pieces, not {self.pieces}")
        if self.kind is Kind.SHAPES and not 1 <= self.pieces <= MAX_SHAPES:
            raise ValueError(f"a shape board has 1..{MAX_SHAPES} shapes, not {self.pieces}")
        return self


def ladder(d: float) -> PuzzleParams:
    """Difficulty 0..1 -> PuzzleParams.

    The pieces climb from a 3-shape board to a 24-piece jigsaw (``LEVELS``); piece size
    shrinks 45 -> 22 mm and the snap tolerance tightens 14 -> 4 mm on log scales (equal steps
    are equal ratios, as in Fitts' ID); the angle tolerance tightens 30 -> 12 degrees; pieces
    must be turned from d = 0.55 and 1..3 distractors join from d = 0.75; the faint picture on
    the jigsaw board fades from 50 % to none.
    """
    d = min(1.0, max(0.0, float(d)))
    kind, pieces = LEVELS[0][1], LEVELS[0][2]
    for start, k, n in LEVELS:
        if d >= start - 1e-9:
            kind, pieces = k, n
    distractors = 0
    if d >= DISTRACTORS_FROM:
        distractors = 1 + int((d - DISTRACTORS_FROM) / ((1.0 - DISTRACTORS_FROM) / 2.0) + 1e-9)
    return PuzzleParams(
        kind=kind,
        pieces=pieces,
        piece_mm=round(log_interp(d, PIECE_EASY_MM, PIECE_HARD_MM), 1),
        snap_mm=round(log_interp(d, SNAP_EASY_MM, SNAP_HARD_MM), 2),
        snap_deg=round(lin_interp(d, SNAP_EASY_DEG, SNAP_HARD_DEG), 1),
        rotation=d >= ROTATION_FROM,
        distractors=min(3, distractors),
        ghost=round(min(0.5, max(0.0, lin_interp((d - 0.3) / 0.7, 0.5, 0.0))), 3),
    )


def presented(params: Mapping[str, object], geometry: Mapping[str, object]) -> list[Presented]:
    """What the child was shown; a round's own parameters are already what it presented
    (the geometry keeps the requested ones under "requested" when they differ)."""
    p = dict(params)

    def num(key: str, default: float = 0.0) -> float:
        return float(p.get(key, default))  # type: ignore[arg-type]

    return [
        Presented("pieces", int(num("pieces")), "count", N_("Pieces")),
        Presented("piece_mm", round(num("piece_mm"), 1), "mm", N_("Piece size")),
        Presented("snap_mm", round(num("snap_mm"), 1), "mm", N_("Placement tolerance")),
        Presented("snap_deg", round(num("snap_deg"), 1), "deg", N_("Turn tolerance")),
        Presented("rotation", "yes" if p.get("rotation") else "no", "", N_("Pieces to turn")),
        Presented("distractors", int(num("distractors")), "count", N_("Pieces that fit nowhere")),
        Presented("kind", str(p.get("kind", "")), "", N_("Board")),
    ]
