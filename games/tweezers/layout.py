"""Where the tray, the cups, the obstacles and the things go on the task plane (pure geometry, mm).

Seen from above, as on a table: a tray of things on one side, an egg carton (one cup each) or
colour jars (sorting) on the other. The cups sit on the side away from the writing hand
(left for a right-handed child, right for a left-handed one), so the hand that carries a pom-pom
trails behind it and never covers the cup it is heading for.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from games.tweezers.params import TweezersParams

TOP_BAR_MM = 30.0  # the app's home button lives above this line
EDGE_MM = 5.0  # play area inset from the plane's edges
RIM_MM = 8.0  # carton wall between neighbouring cups
POST_MM = 6.0  # radius of an obstacle block
JAR_FACTOR = 1.6  # a colour jar is this much wider than an egg cup: it takes several things

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # x, y, w, h in mm


@dataclass(frozen=True, slots=True)
class CupSpec:
    x: float
    y: float
    r: float  # inner radius, mm
    colour: int | None  # None: an egg cup that takes any one thing
    capacity: int


@dataclass(frozen=True, slots=True)
class Layout:
    play: Rect  # where things can be (the physics walls)
    tray: Rect
    carton: Rect  # the box around the cups or jars
    cups: tuple[CupSpec, ...]
    posts: tuple[Point, ...]
    things: tuple[Point, ...]  # start positions
    colours: tuple[int, ...]  # colour index of each thing
    distance_mm: float  # tray centre to carton centre, as laid out (may be less than asked)
    left_handed: bool


def _grid(n: int, pitch: float, avail_h: float) -> tuple[int, int]:
    rows_max = max(1, math.floor(avail_h / pitch))
    cols = math.ceil(n / rows_max)
    rows = math.ceil(n / cols)
    return cols, rows


def _scatter(
    rng: random.Random, n: int, r: float, rect: Rect, avoid: list[tuple[Point, float]]
) -> list[Point]:
    """``n`` non-overlapping discs of radius ``r`` in ``rect`` (rejection sampling, then a
    loose grid if the tray is crowded), so every thing starts at rest, apart from the others."""
    x, y, w, h = rect
    gap = 1.5
    pts: list[Point] = []
    for _ in range(400 * n):
        if len(pts) == n:
            break
        p = (rng.uniform(x + r + 2, x + w - r - 2), rng.uniform(y + r + 2, y + h - r - 2))
        if all(math.dist(p, q) >= 2 * r + gap for q in pts) and all(
            math.dist(p, c) >= r + cr + gap for c, cr in avoid
        ):
            pts.append(p)
    if len(pts) < n:  # fall back to a grid: always room by construction of the tray size
        pitch = 2 * r + gap
        cols = max(1, math.floor((w - 4) / pitch))
        pts = [(x + 2 + r + (i % cols) * pitch, y + 2 + r + (i // cols) * pitch) for i in range(n)]
    return pts


def make_layout(
    params: TweezersParams, rng: random.Random, plane_w: float, plane_h: float, left_handed: bool
) -> Layout:
    s = params.object_mm
    r = s / 2
    px0, py0 = EDGE_MM, TOP_BAR_MM + EDGE_MM
    pw, ph = plane_w - 2 * EDGE_MM, plane_h - TOP_BAR_MM - 2 * EDGE_MM
    cy = py0 + ph / 2

    # the tray: roomy enough for the things with space between them
    area = params.objects * (s * 2.2) ** 2
    tray_h = min(ph - 8.0, max(70.0, math.sqrt(area) * 1.2))
    tray_w = min(pw * 0.38, max(60.0, area / tray_h * 1.1, s * 3))

    # the cups: an egg carton (one each) or a jar per colour
    if params.sorting:
        jar = max(params.cup_mm * JAR_FACTOR, s * 2.4)
        pitch = jar + RIM_MM * 1.5
        n_cups = params.colours
        cap = params.objects
        cup_d = jar
    else:
        pitch = params.cup_mm + RIM_MM
        n_cups = params.objects
        cap = 1
        cup_d = params.cup_mm
    cols, rows = _grid(n_cups, pitch, ph - 12.0)
    max_w = pw * 0.42
    if cols * pitch + RIM_MM > max_w:  # very many big cups: squeeze (never below the object)
        pitch = max(s + RIM_MM / 2, (max_w - RIM_MM) / cols)
        cup_d = min(cup_d, pitch - RIM_MM / 2)
    if rows * pitch + RIM_MM > ph:
        pitch = max(s + RIM_MM / 2, (ph - RIM_MM) / rows)
        cup_d = min(cup_d, pitch - RIM_MM / 2)
    carton_w, carton_h = cols * pitch + RIM_MM, rows * pitch + RIM_MM

    # centres: the pair sits around the middle, cups on the side away from the hand
    want = params.distance_mm
    lo = px0 + carton_w / 2 + 2.0
    hi = px0 + pw - tray_w / 2 - 2.0
    dist = max(0.0, min(want, hi - lo, pw))
    mid = px0 + pw / 2
    cx = min(max(mid - dist / 2, lo), hi - dist)
    tx = cx + dist
    # the cups' centre is never inside the tray: push apart when the plane is tiny
    dist = tx - cx

    carton = (cx - carton_w / 2, cy - carton_h / 2, carton_w, carton_h)
    tray = (tx - tray_w / 2, cy - tray_h / 2, tray_w, tray_h)

    colours = params.colours
    cups: list[CupSpec] = []
    for i in range(n_cups):
        col, row = i % cols, i // cols
        in_row = min(cols, n_cups - row * cols)  # centre a short last row
        x0 = cx - (in_row - 1) * pitch / 2
        cups.append(
            CupSpec(
                x0 + col * pitch,
                cy - (rows - 1) * pitch / 2 + row * pitch,
                cup_d / 2,
                i if params.sorting else None,
                cap,
            )
        )

    # obstacles: small blocks in the corridor between carton and tray
    posts: list[Point] = []
    gap_x0, gap_x1 = cx + carton_w / 2 + POST_MM + 6, tx - tray_w / 2 - POST_MM - 6
    for k in range(params.obstacles):
        if gap_x1 <= gap_x0:
            break
        fx = (k + 0.5) / params.obstacles
        px_ = gap_x0 + (gap_x1 - gap_x0) * rng.uniform(0.25, 0.75)
        py_ = cy - carton_h / 2 + carton_h * fx + rng.uniform(-6.0, 6.0)
        posts.append((px_, py_))

    things = _scatter(rng, params.objects, r, tray, [(p, POST_MM) for p in posts])
    if params.sorting:  # every colour used, then the rest at random, in shuffled order
        cols_of = [i % colours for i in range(params.objects)]
        rng.shuffle(cols_of)
    else:
        cols_of = [rng.randrange(6) for _ in range(params.objects)]

    play = (px0, py0, pw, ph)
    if left_handed:  # mirror everything about the plane's vertical centre line

        def mx(x: float) -> float:
            return plane_w - x

        cups = [CupSpec(mx(c.x), c.y, c.r, c.colour, c.capacity) for c in cups]
        posts = [(mx(x), y) for x, y in posts]
        things = [(mx(x), y) for x, y in things]
        tray = (plane_w - tray[0] - tray[2], tray[1], tray[2], tray[3])
        carton = (plane_w - carton[0] - carton[2], carton[1], carton[2], carton[3])
    return Layout(
        play=play,
        tray=tray,
        carton=carton,
        cups=tuple(cups),
        posts=tuple(posts),
        things=tuple(things),
        colours=tuple(cols_of),
        distance_mm=dist,
        left_handed=left_handed,
    )
