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
SCATTER_GAP_MM = 1.5  # at least this between things on the tray

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
    gap = SCATTER_GAP_MM
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
        cols = max(1, math.floor((w - 4 - 2 * r) / pitch) + 1)
        pts = [(x + 2 + r + (i % cols) * pitch, y + 2 + r + (i // cols) * pitch) for i in range(n)]
    return pts


def _tray_fits(n: int, r: float, w: float, h: float) -> bool:
    """Do ``n`` discs of radius ``r`` fit the tray on the fallback grid of ``_scatter``?"""
    pitch = 2 * r + SCATTER_GAP_MM
    cols = math.floor((w - 4 - 2 * r) / pitch) + 1 if w - 4 >= 2 * r else 0
    rows = math.floor((h - 4 - 2 * r) / pitch) + 1 if h - 4 >= 2 * r else 0
    return cols * rows >= n


@dataclass(frozen=True, slots=True)
class _Carton:
    n_cups: int
    cols: int
    rows: int
    pitch: float
    cup_d: float
    capacity: int
    w: float
    h: float


def _carton(params: TweezersParams, n: int, max_w: float, max_h: float) -> _Carton | None:
    """The carton (or the jars) for ``n`` things within ``max_w`` x ``max_h``, or None when it
    cannot fit. Cups are never narrower than ``params.cup_mm`` (the ladder's size); the carton's
    rims shrink on a tiny plane, and colour jars shrink from their roomy width to ``cup_mm``."""
    s = params.object_mm
    if params.sorting:
        n_cups, cap = params.colours, n
        widest = max(params.cup_mm * JAR_FACTOR, s * 2.4)
        sizes = [widest - k * (widest - params.cup_mm) / 8 for k in range(9)]
        rim = RIM_MM * 1.5
    else:
        n_cups, cap = n, 1
        sizes = [params.cup_mm]
        rim = RIM_MM
    for cup_d in sizes:
        for gap in (rim, rim / 2, 0.0):
            pitch = cup_d + gap
            cols, rows = _grid(n_cups, pitch, max_h - gap)
            w, h = cols * pitch + gap, rows * pitch + gap
            if w <= max_w + 1e-9 and h <= max_h + 1e-9:
                return _Carton(n_cups, cols, rows, pitch, cup_d, cap, w, h)
    return None


def make_layout(
    params: TweezersParams, rng: random.Random, plane_w: float, plane_h: float, left_handed: bool
) -> Layout:
    """Lay the round out on the plane. When the ladder's sizes do not all fit (a small screen),
    fewer things are put out (and fewer obstacles placed); sizes never shrink below the
    ladder's. ``Layout.things``, ``cups`` and ``posts`` are what was actually presented."""
    s = params.object_mm
    r = s / 2
    px0, py0 = EDGE_MM, TOP_BAR_MM + EDGE_MM
    pw, ph = plane_w - 2 * EDGE_MM, plane_h - TOP_BAR_MM - 2 * EDGE_MM
    cy = py0 + ph / 2
    corridor = 2 * POST_MM + s + 14.0 if params.obstacles else 10.0

    n = params.objects
    lowest = params.colours if params.sorting else 1
    while True:
        # the tray: roomy enough for the things with space between them
        area = n * (s * 2.2) ** 2
        tray_h = min(ph - 8.0, max(70.0, math.sqrt(area) * 1.2))
        if not _tray_fits(n, r, pw, tray_h):
            tray_h = ph
        tray_w = min(pw * 0.38, max(60.0, area / tray_h * 1.1, s * 3))
        need_w = tray_w
        while need_w > s + 4 and _tray_fits(n, r, need_w - 1.0, tray_h):
            need_w -= 1.0  # the narrowest tray that still holds them
        # the cups: an egg carton (one each) or a jar per colour
        carton = _carton(params, n, max(pw * 0.42, pw - tray_w - corridor), ph)
        if carton is None or not _tray_fits(n, r, tray_w, tray_h):
            carton = _carton(params, n, pw - need_w - corridor, ph)
            tray_w = need_w
            if carton is not None:
                tray_w = max(need_w, min(tray_w, pw - carton.w - corridor))
        if (carton is not None and _tray_fits(n, r, tray_w, tray_h)) or n <= lowest:
            break
        n -= 1
    if carton is None:  # not even one at the ladder's sizes (params beyond the ladder's)
        k = params.colours if params.sorting else n
        d_ = params.cup_mm
        carton = _Carton(k, k, 1, d_, d_, n if params.sorting else 1, k * d_, d_)
    n_cups, cols, rows, pitch = carton.n_cups, carton.cols, carton.rows, carton.pitch
    cup_d, cap, carton_w, carton_h = carton.cup_d, carton.capacity, carton.w, carton.h

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

    box = (cx - carton_w / 2, cy - carton_h / 2, carton_w, carton_h)
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

    # obstacles: small blocks in the corridor between carton and tray, spaced so that a thing
    # always passes between two of them (and between one and the play area's edge)
    posts: list[Point] = []
    gap_x0, gap_x1 = cx + carton_w / 2 + POST_MM + 6, tx - tray_w / 2 - POST_MM - 6
    apart = 2 * POST_MM + s + 6.0  # centre to centre: a thing's width and room to spare
    for k in range(params.obstacles):
        if gap_x1 <= gap_x0:
            break
        fx = (k + 0.5) / params.obstacles
        px_ = gap_x0 + (gap_x1 - gap_x0) * rng.uniform(0.25, 0.75)
        py_ = cy - carton_h / 2 + carton_h * fx + rng.uniform(-6.0, 6.0)
        if all(math.dist((px_, py_), q) >= apart for q in posts):
            posts.append((px_, py_))

    things = _scatter(rng, n, r, tray, [(p, POST_MM) for p in posts])
    if params.sorting:  # every colour used, then the rest at random, in shuffled order
        cols_of = [i % colours for i in range(n)]
        rng.shuffle(cols_of)
    else:
        cols_of = [rng.randrange(6) for _ in range(n)]

    play = (px0, py0, pw, ph)
    if left_handed:  # mirror everything about the plane's vertical centre line

        def mx(x: float) -> float:
            return plane_w - x

        cups = [CupSpec(mx(c.x), c.y, c.r, c.colour, c.capacity) for c in cups]
        posts = [(mx(x), y) for x, y in posts]
        things = [(mx(x), y) for x, y in things]
        tray = (plane_w - tray[0] - tray[2], tray[1], tray[2], tray[3])
        box = (plane_w - box[0] - box[2], box[1], box[2], box[3])
    return Layout(
        play=play,
        tray=tray,
        carton=box,
        cups=tuple(cups),
        posts=tuple(posts),
        things=tuple(things),
        colours=tuple(cols_of),
        distance_mm=dist,
        left_handed=left_handed,
    )
