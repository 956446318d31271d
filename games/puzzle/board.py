"""A puzzle laid out in mm: its pieces (outline, place, tray slot, start angle), board and tray.

Pure logic, no pygame: the round, the bot, the metrics and the view all read the same
``Board``. The board sits on the side away from the child's hand and the tray on the hand
side (for a right hand: board left, tray right), so the arm reaching into the tray never
covers the picture; a left-handed child gets the mirror image. On a plane too small for
the asked puzzle, ``plan`` keeps the ladder's piece size (the clinical difficulty) and
presents fewer pieces instead; pieces shrink only when not even the smallest puzzle of the
kind fits, and never below 15 mm (``presented`` records what was actually shown).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

from engine.registry import RoundContext
from games.puzzle.content import (
    JIGSAW_GRIDS,
    MAX_SHAPES,
    PICTURE_ORDER,
    PICTURES,
    RGB,
    SHAPE_DISTRACTORS,
    SHAPE_ORDER,
    SHAPES,
    Point,
)
from games.puzzle.params import Kind, PuzzleParams

TOP_BAR_MM = 30.0  # the app's home button lives above this line
EDGE_MM = 6.0
GAP_MM = 10.0  # between the board column and the tray
FRAME_MM = 5.0  # the wooden frame around the jigsaw
MODEL_H_MM = 36.0  # the small "what it will look like" picture above a jigsaw
SHAPE_PITCH = 1.5  # shape holes sit this many piece sizes apart
TRAY_CELL = {Kind.SHAPES: 1.3, Kind.JIGSAW: 1.42}  # tray slot per piece size (jigsaw: knobs)
MIN_PIECE_MM = 15.0  # a plane too small shrinks pieces, never below a child's target size
SIZE_STEP_MM = 0.25  # the piece size is shrunk in these steps
# Before dropping pieces, shrink them down to this share of the ladder's size: a shape board
# of one shape teaches nothing, while 3 shapes at 30 instead of 45 mm are still a big target.
KEEP_COUNT_SHRINK = 0.6
FEWER_SHRINK = 0.4  # then fewer pieces, down to this share, before the smallest sizes
MODEL_MIN_MM = 20.0  # the jigsaw's model picture is no smaller than this
TRAY_PAD_MM = 3.0  # the tray's rim around its slots
TURN_BUTTON_MM = 17.0  # >= 15 mm: a child's target (field notes)

# jigsaw knob: a circle of radius KNOB_R whose centre is KNOB_OFF out from the edge
KNOB_R, KNOB_OFF = 0.14, 0.1
KNOB_OUT = KNOB_OFF + KNOB_R  # how far a knob sticks out, in piece sizes


def rotate(p: Point, deg: float) -> Point:
    """Turn ``p`` about the origin by ``deg`` clockwise on the screen (y points down)."""
    a = math.radians(deg)
    c, s = math.cos(a), math.sin(a)
    return p[0] * c - p[1] * s, p[0] * s + p[1] * c


def angle_error(angle: float, target: float, symmetry: int) -> float:
    """Unsigned degrees from ``angle`` to the nearest angle at which the piece fits."""
    if symmetry == 0:
        return 0.0
    period = 360.0 / symmetry
    d = (angle - target) % period
    return min(d, period - d)


def settle_angle(angle: float, target: float, step: float) -> float:
    """The nearest whole turn step (counted from the fitting angle) a piece rests at."""
    k = round((angle - target) / step)
    return (target + k * step) % 360.0


@dataclass(frozen=True, slots=True)
class Piece:
    """One piece: its outline about its centre (mm, at angle 0) and where it belongs."""

    id: str
    shape: str | None  # shape board: which shape
    cell: tuple[int, int] | None  # jigsaw: (column, row) in its picture
    picture: str | None  # jigsaw: the picture it was cut from
    outline: tuple[Point, ...]
    half_mm: float  # half the piece's cell: the grab box (plus slop) and the hole's cell
    target: Point | None  # centre of its place in mm; None: a distractor (fits nowhere)
    target_deg: float
    symmetry: int
    turn_step_deg: float
    home: Point  # its tray slot
    start_deg: float
    colour: RGB

    @property
    def distractor(self) -> bool:
        return self.target is None

    @property
    def turnable(self) -> bool:
        """A circle fits at any angle: it never needs turning, so it gets no turn button."""
        return self.symmetry != 0


@dataclass(frozen=True, slots=True)
class Board:
    kind: Kind
    pieces: tuple[Piece, ...]
    piece_mm: float  # after fitting the plane (may be below the requested size)
    board_rect: tuple[float, float, float, float]  # x, y, w, h in mm: the holes' area
    tray_rect: tuple[float, float, float, float]
    model_rect: tuple[float, float, float, float] | None  # jigsaw: the finished picture
    picture: str | None
    grid: tuple[int, int] | None
    plane: tuple[float, float]
    left_handed: bool
    rotation: bool

    def piece(self, piece_id: str) -> Piece:
        for p in self.pieces:
            if p.id == piece_id:
                return p
        raise KeyError(piece_id)

    @property
    def real(self) -> tuple[Piece, ...]:
        return tuple(p for p in self.pieces if not p.distractor)

    def on_board(self, pos: Point) -> bool:
        """Is ``pos`` over the board (its holes' area plus half a piece all round)?"""
        x, y, w, h = self.board_rect
        m = self.piece_mm / 2
        return x - m <= pos[0] <= x + w + m and y - m <= pos[1] <= y + h + m

    def turn_button_centre(self, piece: Piece) -> Point:
        """Where the turn button of a resting piece appears: at its top corner away from the
        hand (top-left for a right hand), clear of the top bar and the plane's edges."""
        r = TURN_BUTTON_MM / 2
        off = piece.half_mm * 0.75 + r * 0.55
        sx = 1.0 if self.left_handed else -1.0
        x = piece.home[0] + sx * off
        y = piece.home[1] - off
        w, h = self.plane
        x = min(max(x, r + 1.0), w - r - 1.0)
        y = min(max(y, TOP_BAR_MM + r), h - r - 1.0)
        return x, y

    def geometry(self) -> dict[str, Any]:
        """The task geometry in mm, JSON-ready, as stored with the trial."""
        return {
            "kind": self.kind.value,
            "picture": self.picture,
            "grid": list(self.grid) if self.grid else None,
            "piece_mm": round(self.piece_mm, 4),
            "board_rect_mm": [round(v, 4) for v in self.board_rect],
            "tray_rect_mm": [round(v, 4) for v in self.tray_rect],
            "model_rect_mm": [round(v, 4) for v in self.model_rect] if self.model_rect else None,
            "plane_mm": list(self.plane),
            "left_handed": self.left_handed,
            "rotation": self.rotation,
            "turn_button_mm": TURN_BUTTON_MM,
            "pieces": [
                {
                    "id": p.id,
                    "shape": p.shape,
                    "cell": list(p.cell) if p.cell else None,
                    "picture": p.picture,
                    "target_mm": [round(v, 4) for v in p.target] if p.target else None,
                    "target_deg": p.target_deg,
                    "symmetry": p.symmetry,
                    "turn_step_deg": p.turn_step_deg,
                    "home_mm": [round(v, 4) for v in p.home],
                    "start_deg": p.start_deg,
                    "half_mm": round(p.half_mm, 4),
                }
                for p in self.pieces
            ],
        }


# --------------------------------------------------------------------------------------------
# Jigsaw outlines
# --------------------------------------------------------------------------------------------
def _knob_arc(n: int = 14) -> list[Point]:
    """The knob as (u along the edge, v outwards) points for an outward knob."""
    half_neck = math.sqrt(KNOB_R**2 - KNOB_OFF**2)
    a0 = math.atan2(-KNOB_OFF, -half_neck)
    a1 = math.atan2(-KNOB_OFF, half_neck) - 2 * math.pi
    pts = []
    for i in range(n + 1):
        a = a0 + (a1 - a0) * i / n
        pts.append((0.5 + KNOB_R * math.cos(a), KNOB_OFF + KNOB_R * math.sin(a)))
    return pts


_KNOB = _knob_arc()


def jigsaw_outline(tabs: tuple[int, int, int, int]) -> list[Point]:
    """A unit piece (cell -0.5..0.5) with knobs: ``tabs`` for top, right, bottom, left edges,
    +1 a knob sticking out, -1 a hole for the neighbour's knob, 0 a straight border edge."""
    corners = [(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)]
    normals = [(0.0, -1.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0)]
    pts: list[Point] = []
    for i, s in enumerate(tabs):
        a, b = corners[i], corners[(i + 1) % 4]
        n = normals[i]
        pts.append(a)
        if s:
            for u, v in _KNOB:
                v *= s
                pts.append(
                    (a[0] + u * (b[0] - a[0]) + v * n[0], a[1] + u * (b[1] - a[1]) + v * n[1])
                )
    return pts


def _jigsaw_tabs(cols: int, rows: int, rng: random.Random) -> dict[tuple[int, int], tuple]:
    """Knob directions for every piece of a cols x rows grid (neighbours always interlock)."""
    right = {(c, r): rng.choice((-1, 1)) for c in range(cols - 1) for r in range(rows)}
    down = {(c, r): rng.choice((-1, 1)) for c in range(cols) for r in range(rows - 1)}
    out = {}
    for c in range(cols):
        for r in range(rows):
            top = -down[(c, r - 1)] if r > 0 else 0
            rt = right[(c, r)] if c < cols - 1 else 0
            bottom = down[(c, r)] if r < rows - 1 else 0
            left = -right[(c - 1, r)] if c > 0 else 0
            out[(c, r)] = (top, rt, bottom, left)
    return out


# --------------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Plan:
    """What fits the plane: the puzzle actually presented and how it is arranged.

    The ladder's piece size is the clinical difficulty, so a plane too small for the asked
    puzzle first loses distractors and pieces (a smaller grid, fewer shapes); only when not
    even the smallest puzzle of the kind fits are the pieces made smaller, and never below
    ``MIN_PIECE_MM``. A jigsaw's picture moves beside the board when there is no room above.
    """

    kind: Kind
    pieces: int
    distractors: int
    piece_mm: float
    cols: int  # the board's grid of places
    rows: int
    tray_cols: int
    tray_rows: int
    model: str | None  # jigsaw: "above" or "beside" the board; shapes: None
    model_h: float
    fits: bool = True  # False: not even the last resort fits (pieces may overlap)

    @property
    def n_total(self) -> int:
        return self.pieces + self.distractors


def _board_size(kind: Kind, cols: int, rows: int, piece: float) -> tuple[float, float]:
    pitch = piece if kind is Kind.JIGSAW else piece * SHAPE_PITCH
    return cols * pitch, rows * pitch


def _column_size(plan: Plan) -> tuple[float, float]:
    """The board column: the board with its frame and, on a jigsaw, the model picture."""
    bw, bh = _board_size(plan.kind, plan.cols, plan.rows, plan.piece_mm)
    cw, ch = bw + 2 * FRAME_MM, bh + 2 * FRAME_MM
    if plan.model == "above":
        ch += plan.model_h + EDGE_MM
    elif plan.model == "beside":
        cw += EDGE_MM + plan.model_h * bw / bh
    return cw, ch


def _avail(ctx: RoundContext) -> tuple[float, float]:
    return ctx.plane_w_mm - 2 * EDGE_MM, ctx.plane_h_mm - TOP_BAR_MM - 2 * EDGE_MM


def _try(
    kind: Kind,
    pieces: int,
    distractors: int,
    grid: tuple[int, int],
    model: str | None,
    piece: float,
    ctx: RoundContext,
) -> Plan | None:
    """The plan for this puzzle at this piece size, or None if it does not fit the plane."""
    avail_w, avail_h = _avail(ctx)
    cols, rows = grid
    bw, bh = _board_size(kind, cols, rows, piece)
    cw, ch = bw + 2 * FRAME_MM, bh + 2 * FRAME_MM
    cell = piece * TRAY_CELL[kind]
    tray_rows = int((avail_h - 2 * TRAY_PAD_MM) // cell)
    if ch > avail_h or tray_rows < 1:
        return None
    n_total = pieces + distractors
    tray_cols = math.ceil(n_total / tray_rows)
    spare_w = avail_w - cw - GAP_MM - (tray_cols * cell + 2 * TRAY_PAD_MM)
    model_h = 0.0
    if model == "above":  # never taller than the board: its width follows the board's
        model_h = min(MODEL_H_MM, bh, avail_h - ch - EDGE_MM)
    elif model == "beside":
        model_h = min(MODEL_H_MM, bh, (spare_w - EDGE_MM) * bh / bw)
    if model is not None and model_h < MODEL_MIN_MM:
        return None
    if spare_w - (EDGE_MM + model_h * bw / bh if model == "beside" else 0.0) < -1e-9:
        return None
    return Plan(kind, pieces, distractors, piece, cols, rows, tray_cols, tray_rows, model, model_h)


def _candidates(kind: Kind, pieces: int, distractors: int):
    """(kind, pieces, distractors, grid, model) from the asked puzzle down to the smallest of
    its kind, in order of preference: most pieces, then most distractors, then the widest
    board (shapes) or the picture above the board (jigsaw)."""
    if kind is Kind.JIGSAW:
        counts = sorted((n for n in JIGSAW_GRIDS if n <= pieces), reverse=True)
    else:
        counts = list(range(min(pieces, MAX_SHAPES), 0, -1))
    for n in counts:
        for k in range(distractors, -1, -1):
            if kind is Kind.JIGSAW:
                for model in ("above", "beside"):
                    yield kind, n, k, JIGSAW_GRIDS[n], model
            else:
                for c in range(n, 0, -1):
                    yield kind, n, k, (c, math.ceil(n / c)), None


def plan(params: PuzzleParams, ctx: RoundContext) -> Plan:
    """The asked puzzle at the largest piece size that fits, down to ``KEEP_COUNT_SHRINK`` of
    the ladder's size; failing that, the most pieces that fit down to ``FEWER_SHRINK`` of it;
    failing that, the largest puzzle of the kind at the largest size (>= ``MIN_PIECE_MM``)
    that fits; failing that, a shape board."""
    asked = params.piece_mm
    kinds = [params.kind] + ([Kind.SHAPES] if params.kind is Kind.JIGSAW else [])
    floor = max(MIN_PIECE_MM, KEEP_COUNT_SHRINK * asked)
    for kind in kinds:
        cands = list(_candidates(kind, params.pieces, params.distractors))
        steps = max(0, math.floor((asked - MIN_PIECE_MM) / SIZE_STEP_MM + 1e-9))
        sizes = [asked] + [round(asked - i * SIZE_STEP_MM, 2) for i in range(1, steps + 1)]
        if sizes[-1] > MIN_PIECE_MM:
            sizes.append(MIN_PIECE_MM)
        full = [c for c in cands if c[1] == cands[0][1]] if kind is params.kind else []
        for piece in (p for p in sizes if p >= floor):
            for c in full:  # every piece asked for, in any arrangement
                got = _try(*c, piece, ctx)
                if got is not None:
                    return got
        smaller = [p for p in sizes if p >= max(MIN_PIECE_MM, FEWER_SHRINK * asked)]
        for c in cands:  # as many pieces as fit at a still generous size
            for piece in smaller:
                got = _try(*c, piece, ctx)
                if got is not None:
                    return got
        for piece in sizes:
            for c in cands:
                got = _try(*c, piece, ctx)
                if got is not None:
                    return got
    # a plane smaller than any puzzle: one shape at the smallest size, as well as it goes
    piece = min(asked, MIN_PIECE_MM)
    avail_w, avail_h = _avail(ctx)
    cell = piece * TRAY_CELL[Kind.SHAPES]
    rows = max(1, int((avail_h - 2 * TRAY_PAD_MM) // cell))
    return Plan(Kind.SHAPES, 1, 0, piece, 1, 1, 1, rows, None, 0.0, fits=False)


def presented(params: PuzzleParams, p: Plan) -> PuzzleParams:
    """``params`` as actually presented under plan ``p`` (what the trial records). The snap
    tolerance shrinks with the pieces, so it keeps its share of what the child sees."""
    if (p.kind, p.pieces, p.distractors, p.piece_mm) == (
        params.kind,
        params.pieces,
        params.distractors,
        params.piece_mm,
    ):
        return params
    snap = params.snap_mm * min(1.0, p.piece_mm / params.piece_mm)
    data = params.model_dump()
    data.update(
        kind=p.kind,
        pieces=p.pieces,
        distractors=p.distractors,
        piece_mm=p.piece_mm,
        snap_mm=round(max(1.0, snap), 2),
        picture=params.picture if p.kind is Kind.JIGSAW else None,
    )
    return PuzzleParams.model_validate(data)


def build(params: PuzzleParams, rng: random.Random, ctx: RoundContext) -> Board:
    """Lay out ``params`` on the plane: pieces, their places, tray slots and start angles.

    Lays out what ``plan`` says fits, which is ``params`` itself when they fit the plane (a
    round passes ``presented`` params, so the two agree)."""
    fit = plan(params, ctx)
    kind = fit.kind
    n = fit.pieces
    n_distractors = fit.distractors
    n_total = fit.n_total
    if kind is Kind.JIGSAW:
        picture = params.picture or PICTURE_ORDER[rng.randrange(len(PICTURE_ORDER))]
        if picture not in PICTURES:
            raise ValueError(f"unknown picture {picture!r}")
    else:
        picture = None
    piece = fit.piece_mm
    cols, rows = fit.cols, fit.rows

    # the board column sits away from the hand, the tray (only as wide as its pieces need)
    # on the hand side; the two are centred together on the plane. A jigsaw's picture sits
    # above the board, or beside it on the side away from the hand.
    cw, ch = _column_size(fit)
    top = TOP_BAR_MM + EDGE_MM
    avail_h = ctx.plane_h_mm - top - EDGE_MM
    cell = piece * TRAY_CELL[kind]
    tray_cols = fit.tray_cols
    need_rows = min(fit.tray_rows, math.ceil(n_total / tray_cols))
    tray_w = tray_cols * cell + 2 * TRAY_PAD_MM
    spare = max(0.0, ctx.plane_w_mm - 2 * EDGE_MM - cw - GAP_MM - tray_w)
    left = EDGE_MM + spare / 2
    if ctx.left_handed:
        tray_x = left
        col_x = left + tray_w + GAP_MM
    else:
        col_x = left
        tray_x = left + cw + GAP_MM
    col_y = top + max(0.0, (avail_h - ch) / 2)
    bw, bh = _board_size(kind, cols, rows, piece)
    fw = bw + 2 * FRAME_MM  # the framed board
    model_rect = None
    if fit.model == "beside":
        mh = fit.model_h
        mw = mh * bw / bh
        model_x = col_x if not ctx.left_handed else col_x + cw - mw
        board_x = col_x + (mw + EDGE_MM if not ctx.left_handed else 0.0)
        model_rect = (model_x, col_y + FRAME_MM, mw, mh)
        board_rect = (board_x + FRAME_MM, col_y + FRAME_MM, bw, bh)
    elif fit.model == "above":
        mh = fit.model_h
        mw = mh * bw / bh
        mx = col_x + FRAME_MM if not ctx.left_handed else col_x + fw - FRAME_MM - mw
        model_rect = (mx, col_y, mw, mh)
        board_rect = (col_x + FRAME_MM, col_y + mh + EDGE_MM + FRAME_MM, bw, bh)
    else:
        board_rect = (col_x + FRAME_MM, col_y + FRAME_MM, bw, bh)
    tray_h = min(avail_h, need_rows * cell + 2 * TRAY_PAD_MM)
    tray_rect = (tray_x, top + (avail_h - tray_h) / 2, tray_w, tray_h)

    # places
    pieces: list[dict[str, Any]] = []
    if kind is Kind.JIGSAW:
        tabs = _jigsaw_tabs(cols, rows, rng)
        for r in range(rows):
            for c in range(cols):
                pieces.append(
                    {
                        "cell": (c, r),
                        "picture": picture,
                        "outline": jigsaw_outline(tabs[(c, r)]),
                        "target": (
                            board_rect[0] + (c + 0.5) * piece,
                            board_rect[1] + (r + 0.5) * piece,
                        ),
                        "symmetry": 1,
                        "step": 90.0,
                        "colour": (200, 200, 200),
                        "shape": None,
                    }
                )
        others = [p for p in PICTURE_ORDER if p != picture]
        for _ in range(n_distractors):
            c, r = rng.randrange(cols), rng.randrange(rows)
            t = tuple(rng.choice((-1, 1)) for _ in range(4))
            pieces.append(
                {
                    "cell": (c, r),
                    "picture": others[rng.randrange(len(others))],
                    "outline": jigsaw_outline(t),  # type: ignore[arg-type]
                    "target": None,
                    "symmetry": 1,
                    "step": 90.0,
                    "colour": (200, 200, 200),
                    "shape": None,
                }
            )
    else:
        names = list(SHAPE_ORDER[:n])
        spots = [(i % cols, i // cols) for i in range(n)]
        rng.shuffle(names)
        pitch = piece * SHAPE_PITCH
        # centre a last, shorter row
        for name, (c, r) in zip(names, spots, strict=True):
            in_row = min(cols, n - r * cols)
            x0 = board_rect[0] + (bw - in_row * pitch) / 2
            spec = SHAPES[name]
            pieces.append(
                {
                    "shape": name,
                    "cell": None,
                    "picture": None,
                    "outline": list(spec.outline),
                    "target": (x0 + (c + 0.5) * pitch, board_rect[1] + (r + 0.5) * pitch),
                    "symmetry": spec.symmetry,
                    "step": spec.turn_step_deg,
                    "colour": spec.colour,
                }
            )
        pool = [s for s in SHAPE_DISTRACTORS if s not in names]
        for i in range(n_distractors):
            spec = SHAPES[pool[i % len(pool)]]
            pieces.append(
                {
                    "shape": spec.id,
                    "cell": None,
                    "picture": None,
                    "outline": list(spec.outline),
                    "target": None,
                    "symmetry": spec.symmetry,
                    "step": spec.turn_step_deg,
                    "colour": spec.colour,
                }
            )

    # tray slots: a grid of cells, the pieces scattered over a shuffled choice of them
    tc, tr = tray_cols, fit.tray_rows
    need_rows = min(tr, math.ceil(n_total / tc))
    tx, ty, tw, th = tray_rect
    ox = tx + (tw - tc * cell) / 2
    oy = ty + (th - need_rows * cell) / 2
    slots = [
        (ox + (c + 0.5) * cell, oy + (r + 0.5) * cell) for r in range(need_rows) for c in range(tc)
    ]
    rng.shuffle(slots)
    while len(slots) < n_total:  # a plane smaller than any puzzle: pieces overlap
        slots.append(slots[len(slots) % max(1, tc * need_rows)])
    jitter = max(0.0, min(2.0, (cell - piece * (1 + 2 * KNOB_OUT)) / 2))

    out: list[Piece] = []
    real_i = distractor_i = 0
    for spec, home in zip(pieces, slots, strict=False):
        if spec["target"] is None:
            pid = f"x{distractor_i}"
            distractor_i += 1
        else:
            pid = f"p{real_i}"
            real_i += 1
        hx = home[0] + rng.uniform(-jitter, jitter)
        hy = home[1] + rng.uniform(-jitter, jitter)
        start = 0.0
        if params.rotation and spec["symmetry"] != 0:
            step = spec["step"]
            options = [
                k * step
                for k in range(1, round(360 / step))
                if angle_error(k * step, 0.0, spec["symmetry"]) > params.snap_deg
            ]
            if options:
                start = options[rng.randrange(len(options))]
        out.append(
            Piece(
                id=pid,
                shape=spec["shape"],
                cell=spec["cell"],
                picture=spec["picture"],
                outline=tuple((x * piece, y * piece) for x, y in spec["outline"]),
                half_mm=piece / 2,
                target=spec["target"],
                target_deg=0.0,
                symmetry=spec["symmetry"],
                turn_step_deg=spec["step"],
                home=(hx, hy),
                start_deg=start,
                colour=spec["colour"],
            )
        )
    return Board(
        kind=kind,
        pieces=tuple(out),
        piece_mm=piece,
        board_rect=board_rect,
        tray_rect=tray_rect,
        model_rect=model_rect,
        picture=picture,
        grid=(cols, rows) if kind is Kind.JIGSAW else None,
        plane=(ctx.plane_w_mm, ctx.plane_h_mm),
        left_handed=ctx.left_handed,
        rotation=params.rotation,
    )
