"""The puzzles as data: shapes for the shape board, pictures for the jigsaws, jigsaw grids.

Nothing here draws. Shapes are outlines in unit coordinates (centred on their centroid, at
most 0.5 from it) with their rotational symmetry and the step a turn button turns them by;
pictures are lists of drawing operations in unit coordinates of the picture (0..1 across
and down) that ``games.puzzle.pictures`` renders once per round. Adding a shape or a
picture is adding an entry here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

Point = tuple[float, float]
RGB = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class ShapeSpec:
    """A wooden shape: outline about its centroid, colour, symmetry and turn step.

    ``symmetry`` is the order of rotational symmetry (0: a circle, fits at any angle), so a
    square dropped at 90 degrees fits. ``turn_step_deg`` is how far one tap on the turn
    button turns it (45 for a square makes a diamond that must be turned back).
    """

    id: str
    outline: tuple[Point, ...]
    colour: RGB
    symmetry: int
    turn_step_deg: float


def _normalise(pts: list[Point]) -> tuple[Point, ...]:
    """Move the polygon's centroid to the origin and scale its farthest point to 0.5."""
    a = cx = cy = 0.0
    n = len(pts)
    for i in range(n):
        x0, y0 = pts[i]
        x1, y1 = pts[(i + 1) % n]
        c = x0 * y1 - x1 * y0
        a += c
        cx += (x0 + x1) * c
        cy += (y0 + y1) * c
    a *= 0.5
    cx, cy = cx / (6 * a), cy / (6 * a)
    r = max(math.hypot(x - cx, y - cy) for x, y in pts)
    return tuple(((x - cx) * 0.5 / r, (y - cy) * 0.5 / r) for x, y in pts)


def _regular(n: int, r: float = 0.5, rot_deg: float = -90.0) -> list[Point]:
    return [
        (
            r * math.cos(math.radians(rot_deg + 360 * i / n)),
            r * math.sin(math.radians(rot_deg + 360 * i / n)),
        )
        for i in range(n)
    ]


def _star(points: int = 5, inner: float = 0.45) -> list[Point]:
    out = []
    for i in range(2 * points):
        r = 0.5 if i % 2 == 0 else 0.5 * inner
        t = math.radians(-90 + 180 * i / points)
        out.append((r * math.cos(t), r * math.sin(t)))
    return out


def _heart(n: int = 48) -> list[Point]:
    pts = []
    for i in range(n):
        t = 2 * math.pi * i / n
        x = 16 * math.sin(t) ** 3
        y = -(13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t))
        pts.append((x, y))
    return pts


def _half_moon(n: int = 24) -> list[Point]:
    return [
        (0.5 * math.cos(math.pi * i / n), -0.5 * math.sin(math.pi * i / n)) for i in range(n + 1)
    ]


SHAPES: MappingProxyType[str, ShapeSpec] = MappingProxyType(
    {
        s.id: s
        for s in (
            ShapeSpec("circle", _normalise(_regular(48)), (232, 104, 104), 0, 45.0),
            ShapeSpec(
                "square", _normalise([(-1, -1), (1, -1), (1, 1), (-1, 1)]), (96, 160, 220), 4, 45.0
            ),
            ShapeSpec("triangle", _normalise(_regular(3)), (246, 208, 90), 3, 60.0),
            ShapeSpec(
                "rectangle",
                _normalise([(-1, -0.55), (1, -0.55), (1, 0.55), (-1, 0.55)]),
                (120, 190, 110),
                2,
                90.0,
            ),
            ShapeSpec("star", _normalise(_star()), (242, 156, 80), 5, 36.0),
            ShapeSpec("heart", _normalise(_heart()), (236, 130, 170), 1, 90.0),
            ShapeSpec("hexagon", _normalise(_regular(6)), (160, 128, 208), 6, 30.0),
            ShapeSpec("half_moon", _normalise(_half_moon()), (90, 190, 190), 1, 90.0),
        )
    }
)

#: the shape board's teaching order (circle at 3 y, square, triangle at 5.5 y; field notes)
SHAPE_ORDER: tuple[str, ...] = ("circle", "square", "triangle", "rectangle", "star", "heart")
#: shapes that have no hole on any board: the shape board's distractors
SHAPE_DISTRACTORS: tuple[str, ...] = ("hexagon", "half_moon", "heart", "star")

#: jigsaw grids (columns, rows) by piece count
JIGSAW_GRIDS: MappingProxyType[int, tuple[int, int]] = MappingProxyType(
    {4: (2, 2), 6: (3, 2), 9: (3, 3), 12: (4, 3), 16: (4, 4), 20: (5, 4), 24: (6, 4)}
)
MAX_SHAPES = len(SHAPE_ORDER)


# --------------------------------------------------------------------------------------------
# Pictures: drawing operations in unit coordinates of the picture (x across, y down, 0..1).
# ("rect", x, y, w, h, colour, radius)   radius as a fraction of the smaller side
# ("circle", cx, cy, r, colour)          r as a fraction of the smaller side
# ("ellipse", cx, cy, rx, ry, colour)    radii as fractions of width and height
# ("poly", ((x, y), ...), colour)
# ("wave", y, amplitude, waves, colour)  fills everything below a sine line
# ("rays", cx, cy, r0, r1, n, colour)    sun rays, radii as fractions of the smaller side
# Every filled op gets a soft dark outline unless its colour tuple has a 4th value 0.
# --------------------------------------------------------------------------------------------
SKY = (178, 222, 246)
SKY_LOW = (214, 238, 250)
GRASS = (128, 196, 104)
GRASS_DARK = (104, 170, 88)
SUN = (255, 206, 72)
WHITE = (255, 255, 255)


def _sky() -> list[tuple[Any, ...]]:
    return [
        ("rect", 0.0, 0.0, 1.0, 1.0, (*SKY, 0), 0.0),
        ("rect", 0.0, 0.45, 1.0, 0.55, (*SKY_LOW, 0), 0.0),
    ]


def _cloud(cx: float, cy: float, s: float) -> list[tuple[Any, ...]]:
    return [
        ("ellipse", cx - 0.05 * s, cy + 0.01 * s, 0.06 * s, 0.05 * s, WHITE),
        ("ellipse", cx + 0.05 * s, cy + 0.01 * s, 0.06 * s, 0.05 * s, WHITE),
        ("ellipse", cx, cy - 0.02 * s, 0.07 * s, 0.07 * s, WHITE),
        ("ellipse", cx, cy + 0.02 * s, 0.1 * s, 0.045 * s, (*WHITE, 0)),
    ]


def _flower(x: float, y: float, colour: RGB) -> list[tuple[Any, ...]]:
    return [
        ("rect", x - 0.004, y, 0.008, 0.08, (*GRASS_DARK, 0), 0.0),
        ("circle", x, y, 0.035, colour),
        ("circle", x, y, 0.013, SUN),
    ]


PICTURES: MappingProxyType[str, tuple[tuple[Any, ...], ...]] = MappingProxyType(
    {
        "house": tuple(
            _sky()
            + [
                ("rays", 0.16, 0.17, 0.15, 0.21, 10, (*SUN, 0)),
                ("circle", 0.16, 0.17, 0.11, SUN),
            ]
            + _cloud(0.78, 0.15, 1.1)
            + [
                ("ellipse", 0.5, 1.05, 0.75, 0.38, GRASS),
                ("rect", 0.34, 0.42, 0.34, 0.36, (240, 214, 170), 0.02),
                ("poly", ((0.3, 0.44), (0.51, 0.2), (0.72, 0.44)), (216, 92, 80)),
                ("rect", 0.46, 0.58, 0.1, 0.2, (150, 100, 70), 0.03),
                ("circle", 0.54, 0.68, 0.012, SUN),
                ("rect", 0.37, 0.5, 0.07, 0.1, (150, 210, 240), 0.01),
                ("rect", 0.58, 0.5, 0.07, 0.1, (150, 210, 240), 0.01),
                ("rect", 0.6, 0.24, 0.05, 0.1, (170, 110, 90), 0.0),
                ("rect", 0.8, 0.5, 0.04, 0.3, (150, 100, 70), 0.0),
                ("circle", 0.82, 0.45, 0.13, GRASS_DARK),
                ("circle", 0.79, 0.42, 0.025, (232, 80, 80)),
                ("circle", 0.86, 0.48, 0.025, (232, 80, 80)),
            ]
            + _flower(0.12, 0.8, (236, 130, 170))
            + _flower(0.2, 0.86, (160, 128, 208))
            + _flower(0.28, 0.82, (242, 156, 80))
        ),
        "boat": tuple(
            _sky()
            + [
                ("rays", 0.82, 0.18, 0.14, 0.2, 12, (*SUN, 0)),
                ("circle", 0.82, 0.18, 0.1, SUN),
            ]
            + _cloud(0.22, 0.16, 1.2)
            + [
                ("wave", 0.62, 0.025, 3.0, (84, 150, 214)),
                ("rect", 0.49, 0.18, 0.02, 0.42, (150, 100, 70), 0.0),
                ("poly", ((0.52, 0.2), (0.52, 0.54), (0.72, 0.54)), (255, 250, 240)),
                ("poly", ((0.48, 0.26), (0.48, 0.54), (0.33, 0.54)), (242, 156, 80)),
                ("poly", ((0.26, 0.58), (0.78, 0.58), (0.68, 0.72), (0.34, 0.72)), (216, 92, 80)),
                ("circle", 0.42, 0.645, 0.025, WHITE),
                ("circle", 0.52, 0.645, 0.025, WHITE),
                ("circle", 0.62, 0.645, 0.025, WHITE),
                ("wave", 0.8, 0.02, 4.0, (64, 128, 196)),
                ("ellipse", 0.2, 0.9, 0.06, 0.035, (246, 208, 90)),
                ("poly", ((0.25, 0.9), (0.3, 0.86), (0.3, 0.94)), (246, 208, 90)),
                ("ellipse", 0.8, 0.92, 0.05, 0.03, (236, 130, 170)),
                ("poly", ((0.84, 0.92), (0.88, 0.89), (0.88, 0.95)), (236, 130, 170)),
            ]
        ),
        "tree": tuple(
            _sky()
            + [
                ("rays", 0.14, 0.15, 0.12, 0.17, 10, (*SUN, 0)),
                ("circle", 0.14, 0.15, 0.085, SUN),
                ("ellipse", 0.5, 1.0, 0.8, 0.3, GRASS),
                ("poly", ((0.45, 0.82), (0.47, 0.45), (0.53, 0.45), (0.55, 0.82)), (150, 100, 70)),
                ("circle", 0.37, 0.4, 0.16, GRASS_DARK),
                ("circle", 0.63, 0.4, 0.16, GRASS_DARK),
                ("circle", 0.5, 0.27, 0.19, (116, 186, 96)),
                ("circle", 0.4, 0.3, 0.03, (232, 80, 80)),
                ("circle", 0.58, 0.22, 0.03, (232, 80, 80)),
                ("circle", 0.66, 0.42, 0.03, (232, 80, 80)),
                ("circle", 0.33, 0.46, 0.03, (232, 80, 80)),
                ("circle", 0.5, 0.4, 0.03, (232, 80, 80)),
            ]
            + _cloud(0.84, 0.14, 1.0)
            + _flower(0.2, 0.84, (242, 156, 80))
            + _flower(0.8, 0.82, (160, 128, 208))
            + _flower(0.88, 0.88, (236, 130, 170))
            + [
                ("ellipse", 0.72, 0.8, 0.04, 0.03, (240, 200, 90)),
                ("ellipse", 0.76, 0.78, 0.02, 0.02, (240, 200, 90)),
            ]
        ),
    }
)
PICTURE_ORDER: tuple[str, ...] = ("house", "boat", "tree")
