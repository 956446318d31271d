"""What a child traces, as data: pre-writing shapes, digits, capitals and small letters.

Every item is a list of strokes in the order a child is taught to make them; each stroke is a
pen path written with three drawing operations on a unit grid (x right, y down):

* ``("M", x, y)`` — put the pen down here (the start dot);
* ``("L", x, y)`` — a straight line to here;
* ``("A", cx, cy, rx, ry, a0, a1)`` — an elliptical arc around (cx, cy) from angle ``a0`` to
  ``a1`` in degrees, 0° = 3 o'clock, *increasing angles turn counter-clockwise as seen on the
  screen* (so 2 o'clock is 30°, 12 o'clock 90°). ``a1 > a0`` is a counter-clockwise arc. If the
  pen is not already at the arc's start, a straight line joins them (used only for short joins).

Letters sit on handwriting lines: y = 0 is the top line (capitals, ascenders), y = 0.5 the
middle line (x-height), y = 1 the baseline and y = 1.5 the descender line. Shapes fill the unit
square. One unit is the item's ``size_mm`` on screen, so a small letter is half as tall as a
capital, as on school paper.

Stroke order and direction follow the ball-and-stick manuscript taught in many schools
(Zaner-Bloser style, similar to Handwriting Without Tears): top to bottom, left to right,
circles counter-clockwise from about 2 o'clock (c, o, a, d, g, q), retraced stems where the
pen does not lift (b, h, m, n, p, r, u). A dot (i, j) is a very short stroke, so a tap does it.

Ages for the pre-writing shapes (years at which most children copy/imitate the form): Feder &
Majnemer 2007 (vertical 2, horizontal 2.5, circle 3, cross 4, square 5, triangle 5.5) and the
littlefieldpt chart (X 5, diamond 7). Charts differ, so each shape stores a range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Op = tuple  # ("M", x, y) | ("L", x, y) | ("A", cx, cy, rx, ry, a0_deg, a1_deg)
StrokeOps = list[Op]

ARC_STEP_DEG = 3.0  # arcs are sampled every 3°: at 120 mm a chord sags < 0.03 mm


@dataclass(frozen=True, slots=True)
class Item:
    """One traceable item: an id, the set it belongs to, and its strokes as drawing operations."""

    id: str
    kind: str  # "shape", "digit", "upper", "lower"
    label: str  # what a grown-up reads: "circle", "3", "A", "a"
    strokes: tuple[tuple[Op, ...], ...]
    age_years: tuple[float, float] | None = None  # shapes only: typical age range

    def polylines(self) -> list[list[tuple[float, float]]]:
        """The strokes sampled to polylines on the unit grid."""
        return [sample_stroke(list(s)) for s in self.strokes]


def sample_stroke(ops: StrokeOps) -> list[tuple[float, float]]:
    """Turn one stroke's drawing operations into a polyline (unit grid)."""
    pts: list[tuple[float, float]] = []

    def add(p: tuple[float, float]) -> None:
        if not pts or math.dist(pts[-1], p) > 1e-9:
            pts.append(p)

    for op in ops:
        kind = op[0]
        if kind == "M":
            if pts:
                raise ValueError("a stroke has one pen-down ('M') only, at its start")
            add((float(op[1]), float(op[2])))
        elif kind == "L":
            if not pts:
                raise ValueError("a stroke must start with 'M' or 'A'")
            add((float(op[1]), float(op[2])))
        elif kind == "A":
            cx, cy, rx, ry, a0, a1 = (float(v) for v in op[1:])
            n = max(2, math.ceil(abs(a1 - a0) / ARC_STEP_DEG))
            for i in range(n + 1):
                a = math.radians(a0 + (a1 - a0) * i / n)
                add((cx + rx * math.cos(a), cy - ry * math.sin(a)))
        else:
            raise ValueError(f"unknown drawing operation {kind!r}")
    if len(pts) < 2:
        raise ValueError("a stroke needs at least two distinct points")
    return pts


def _m(x: float, y: float) -> Op:
    return ("M", x, y)


def _l(x: float, y: float) -> Op:
    return ("L", x, y)


def _a(cx: float, cy: float, rx: float, ry: float, a0: float, a1: float) -> Op:
    return ("A", cx, cy, rx, ry, a0, a1)


# --------------------------------------------------------------------------------------------
# Pre-writing shapes, in developmental order (unit square)
# --------------------------------------------------------------------------------------------
_SHAPES: list[tuple[str, str, tuple[float, float], list[StrokeOps]]] = [
    ("vertical", "vertical line", (2.0, 3.0), [[_m(0.5, 0), _l(0.5, 1)]]),
    ("horizontal", "horizontal line", (2.5, 3.0), [[_m(0, 0.5), _l(1, 0.5)]]),
    ("circle", "circle", (3.0, 3.5), [[_a(0.5, 0.5, 0.5, 0.5, 90, 450)]]),
    ("cross", "cross", (4.0, 4.5), [[_m(0.5, 0), _l(0.5, 1)], [_m(0, 0.5), _l(1, 0.5)]]),
    ("diagonal_down", "diagonal line \\", (4.5, 5.0), [[_m(0, 0), _l(1, 1)]]),
    ("diagonal_up", "diagonal line /", (4.5, 5.0), [[_m(1, 0), _l(0, 1)]]),
    (
        "square",
        "square",
        (4.5, 5.5),
        [[_m(0, 0), _l(0, 1)], [_m(0, 0), _l(1, 0), _l(1, 1)], [_m(0, 1), _l(1, 1)]],
    ),
    ("x_cross", "X", (5.0, 5.5), [[_m(0, 0), _l(1, 1)], [_m(1, 0), _l(0, 1)]]),
    (
        "triangle",
        "triangle",
        (5.5, 6.0),
        [[_m(0.5, 0), _l(0, 1)], [_m(0.5, 0), _l(1, 1)], [_m(0, 1), _l(1, 1)]],
    ),
    (
        "diamond",
        "diamond",
        (6.0, 7.0),
        [[_m(0.5, 0), _l(0, 0.5), _l(0.5, 1)], [_m(0.5, 0), _l(1, 0.5), _l(0.5, 1)]],
    ),
]

# --------------------------------------------------------------------------------------------
# Digits (height 1, width about 0.6)
# --------------------------------------------------------------------------------------------
_DIGITS: dict[str, list[StrokeOps]] = {
    "0": [[_a(0.3, 0.5, 0.3, 0.5, 90, 450)]],
    "1": [[_m(0.3, 0), _l(0.3, 1)]],
    "2": [[_a(0.3, 0.28, 0.27, 0.27, 160, -30), _l(0, 1), _l(0.6, 1)]],
    "3": [[_a(0.3, 0.25, 0.27, 0.25, 150, -90), _a(0.3, 0.75, 0.27, 0.25, 90, -150)]],
    "4": [[_m(0.1, 0), _l(0, 0.65), _l(0.6, 0.65)], [_m(0.45, 0), _l(0.45, 1)]],
    "5": [
        [_m(0.1, 0), _l(0.09, 0.42), _a(0.3, 0.68, 0.3, 0.32, 130, -150)],
        [_m(0.1, 0), _l(0.55, 0)],
    ],
    "6": [[_a(0.5, 0.7, 0.5, 0.7, 90, 180), _a(0.3, 0.7, 0.3, 0.3, 180, 540)]],
    "7": [[_m(0, 0), _l(0.6, 0), _l(0.2, 1)]],
    "8": [
        [
            _a(0.3, 0.25, 0.25, 0.25, 90, 270),
            _a(0.3, 0.75, 0.27, 0.25, 90, -270),
            _a(0.3, 0.25, 0.25, 0.25, 270, 450),
        ]
    ],
    "9": [[_a(0.3, 0.28, 0.27, 0.28, 30, 360), _l(0.57, 1)]],
}

# --------------------------------------------------------------------------------------------
# Capitals (cap height 1)
# --------------------------------------------------------------------------------------------
_BOWL_TOP = [_l(0.35, 0), _a(0.35, 0.25, 0.25, 0.25, 90, -90)]  # B, P, R: slide, curve forward
_UPPER: dict[str, list[StrokeOps]] = {
    "A": [[_m(0.35, 0), _l(0, 1)], [_m(0.35, 0), _l(0.7, 1)], [_m(0.12, 0.62), _l(0.58, 0.62)]],
    "B": [
        [_m(0, 0), _l(0, 1)],
        [_m(0, 0), *_BOWL_TOP, _l(0, 0.5), _l(0.38, 0.5), _a(0.38, 0.75, 0.27, 0.25, 90, -90)]
        + [_l(0, 1)],
    ],
    "C": [[_a(0.5, 0.5, 0.5, 0.5, 40, 320)]],
    "D": [[_m(0, 0), _l(0, 1)], [_m(0, 0), _l(0.2, 0), _a(0.2, 0.5, 0.5, 0.5, 90, -90), _l(0, 1)]],
    "E": [[_m(0, 0), _l(0, 1)], [_m(0, 0), _l(0.6, 0)], [_m(0, 0.5), _l(0.45, 0.5)]]
    + [[_m(0, 1), _l(0.6, 1)]],
    "F": [[_m(0, 0), _l(0, 1)], [_m(0, 0), _l(0.6, 0)], [_m(0, 0.5), _l(0.45, 0.5)]],
    "G": [[_a(0.5, 0.5, 0.5, 0.5, 40, 360), _l(0.55, 0.5)]],
    "H": [[_m(0, 0), _l(0, 1)], [_m(0.7, 0), _l(0.7, 1)], [_m(0, 0.5), _l(0.7, 0.5)]],
    "I": [[_m(0.3, 0), _l(0.3, 1)], [_m(0, 0), _l(0.6, 0)], [_m(0, 1), _l(0.6, 1)]],
    "J": [[_m(0.5, 0), _l(0.5, 0.75), _a(0.27, 0.75, 0.23, 0.25, 0, -180)]],
    "K": [[_m(0, 0), _l(0, 1)], [_m(0.6, 0), _l(0, 0.5), _l(0.6, 1)]],
    "L": [[_m(0, 0), _l(0, 1), _l(0.6, 1)]],
    "M": [[_m(0, 0), _l(0, 1)], [_m(0, 0), _l(0.4, 0.65), _l(0.8, 0), _l(0.8, 1)]],
    "N": [[_m(0, 0), _l(0, 1)], [_m(0, 0), _l(0.7, 1), _l(0.7, 0)]],
    "O": [[_a(0.5, 0.5, 0.5, 0.5, 60, 420)]],
    "P": [[_m(0, 0), _l(0, 1)], [_m(0, 0), *_BOWL_TOP, _l(0, 0.5)]],
    "Q": [[_a(0.5, 0.5, 0.5, 0.5, 60, 420)], [_m(0.6, 0.7), _l(0.95, 1.0)]],
    "R": [[_m(0, 0), _l(0, 1)], [_m(0, 0), *_BOWL_TOP, _l(0, 0.5), _l(0.6, 1)]],
    "S": [[_a(0.3, 0.25, 0.28, 0.25, 30, 270), _a(0.3, 0.75, 0.28, 0.25, 90, -150)]],
    "T": [[_m(0.35, 0), _l(0.35, 1)], [_m(0, 0), _l(0.7, 0)]],
    "U": [[_m(0, 0), _l(0, 0.65), _a(0.35, 0.65, 0.35, 0.35, 180, 360), _l(0.7, 0)]],
    "V": [[_m(0, 0), _l(0.35, 1), _l(0.7, 0)]],
    "W": [[_m(0, 0), _l(0.25, 1), _l(0.5, 0), _l(0.75, 1), _l(1, 0)]],
    "X": [[_m(0, 0), _l(0.7, 1)], [_m(0.7, 0), _l(0, 1)]],
    "Y": [[_m(0, 0), _l(0.35, 0.5)], [_m(0.7, 0), _l(0.35, 0.5), _l(0.35, 1)]],
    "Z": [[_m(0, 0), _l(0.7, 0), _l(0, 1), _l(0.7, 1)]],
}

# --------------------------------------------------------------------------------------------
# Small letters (x-height 0.5, ascenders to 0, descenders to 1.5)
# --------------------------------------------------------------------------------------------
_BALL_BACK = _a(0.25, 0.75, 0.25, 0.25, 30, 390)  # a, d, g, q: circle back from 2 o'clock
_HUMP = _a(0.25, 0.75, 0.25, 0.25, 180, 0)  # h, n: curve forward over the top
_LOWER: dict[str, list[StrokeOps]] = {
    "a": [[_BALL_BACK, _l(0.5, 0.5), _l(0.5, 1)]],
    "b": [[_m(0, 0), _l(0, 1), _l(0, 0.75), _a(0.25, 0.75, 0.25, 0.25, 180, -180)]],
    "c": [[_a(0.25, 0.75, 0.25, 0.25, 40, 320)]],
    "d": [[_BALL_BACK, _l(0.5, 0), _l(0.5, 1)]],
    "e": [[_m(0, 0.75), _l(0.5, 0.75), _a(0.25, 0.75, 0.25, 0.25, 0, 320)]],
    "f": [[_a(0.35, 0.17, 0.17, 0.17, 30, 180), _l(0.18, 1)], [_m(0, 0.5), _l(0.38, 0.5)]],
    "g": [[_BALL_BACK, _l(0.5, 0.5), _l(0.5, 1.3), _a(0.27, 1.3, 0.23, 0.2, 0, -180)]],
    "h": [[_m(0, 0), _l(0, 1), _l(0, 0.75), _HUMP, _l(0.5, 1)]],
    "i": [[_m(0.1, 0.5), _l(0.1, 1)], [_m(0.1, 0.3), _l(0.1, 0.36)]],
    "j": [[_m(0.45, 0.5), _l(0.45, 1.3), _a(0.23, 1.3, 0.22, 0.2, 0, -180)]]
    + [[_m(0.45, 0.3), _l(0.45, 0.36)]],
    "k": [[_m(0, 0), _l(0, 1)], [_m(0.4, 0.5), _l(0, 0.78), _l(0.4, 1)]],
    "l": [[_m(0.1, 0), _l(0.1, 1)]],
    "m": [
        [_m(0, 0.5), _l(0, 1), _l(0, 0.7), _a(0.2, 0.7, 0.2, 0.2, 180, 0), _l(0.4, 1)]
        + [_l(0.4, 0.7), _a(0.6, 0.7, 0.2, 0.2, 180, 0), _l(0.8, 1)]
    ],
    "n": [[_m(0, 0.5), _l(0, 1), _l(0, 0.75), _HUMP, _l(0.5, 1)]],
    "o": [[_a(0.25, 0.75, 0.25, 0.25, 60, 420)]],
    "p": [[_m(0, 0.5), _l(0, 1.5), _l(0, 0.75), _a(0.25, 0.75, 0.25, 0.25, 180, -180)]],
    "q": [[_BALL_BACK, _l(0.5, 0.5), _l(0.5, 1.5)]],
    "r": [[_m(0, 0.5), _l(0, 1), _l(0, 0.75), _a(0.25, 0.75, 0.25, 0.25, 180, 60)]],
    "s": [[_a(0.25, 0.625, 0.22, 0.125, 30, 270), _a(0.25, 0.875, 0.22, 0.125, 90, -150)]],
    "t": [[_m(0.2, 0.15), _l(0.2, 1)], [_m(0, 0.5), _l(0.4, 0.5)]],
    "u": [
        [_m(0, 0.5), _l(0, 0.75), _a(0.25, 0.75, 0.25, 0.25, 180, 360), _l(0.5, 0.5), _l(0.5, 1)]
    ],
    "v": [[_m(0, 0.5), _l(0.25, 1), _l(0.5, 0.5)]],
    "w": [[_m(0, 0.5), _l(0.18, 1), _l(0.36, 0.5), _l(0.54, 1), _l(0.72, 0.5)]],
    "x": [[_m(0, 0.5), _l(0.5, 1)], [_m(0.5, 0.5), _l(0, 1)]],
    "y": [[_m(0, 0.5), _l(0.25, 1)], [_m(0.5, 0.5), _l(0.1, 1.5)]],
    "z": [[_m(0, 0.5), _l(0.5, 0.5), _l(0, 1), _l(0.5, 1)]],
}


def _build() -> dict[str, Item]:
    items: dict[str, Item] = {}
    for sid, label, ages, strokes in _SHAPES:
        items[sid] = Item(sid, "shape", label, tuple(tuple(s) for s in strokes), ages)
    for ch, strokes in _DIGITS.items():
        items[f"digit_{ch}"] = Item(f"digit_{ch}", "digit", ch, tuple(tuple(s) for s in strokes))
    for ch, strokes in _UPPER.items():
        items[f"upper_{ch}"] = Item(f"upper_{ch}", "upper", ch, tuple(tuple(s) for s in strokes))
    for ch, strokes in _LOWER.items():
        items[f"lower_{ch}"] = Item(f"lower_{ch}", "lower", ch, tuple(tuple(s) for s in strokes))
    return items


ITEMS: dict[str, Item] = _build()

#: the pre-writing shapes in developmental order: the tracing difficulty ladder climbs these
SHAPE_ORDER: tuple[str, ...] = tuple(s[0] for s in _SHAPES)

# Teaching orders, easy strokes first (Handwriting Without Tears groups capitals by their
# first stroke - frog jump F E D P B R N M, starting corner H K L U V W X Y Z, magic C O Q G S,
# then A I T J; small letters c o s v w t a d g u i e l k y j p r n m h b f q x z).
DIGIT_ORDER: tuple[str, ...] = tuple(f"digit_{c}" for c in "1074235698")
UPPER_ORDER: tuple[str, ...] = tuple(f"upper_{c}" for c in "FEDPBRNMHKLUVWXYZCOQGSAITJ")
LOWER_ORDER: tuple[str, ...] = tuple(f"lower_{c}" for c in "cosvwtadguielkyjprnmhbfqxz")

CONTENT_SETS: dict[str, tuple[str, ...]] = {
    "shapes": SHAPE_ORDER,
    "digits": DIGIT_ORDER,
    "uppercase": UPPER_ORDER,
    "lowercase": LOWER_ORDER,
}


def item(item_id: str) -> Item:
    try:
        return ITEMS[item_id]
    except KeyError:
        raise KeyError(f"no tracing item {item_id!r}") from None
