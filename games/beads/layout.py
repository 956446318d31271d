"""Where the string, the tray and the pattern card go on the task plane (pure geometry, mm).

Seen from the side, as on a table: the string stands up from a wooden stand with its needle
tip at the top, beads lie in a box on the side of the writing hand, and the pattern card is on
the far side (left for a right-handed child, right for a left-handed one), so the hand carrying
a bead trails away from the card and never covers it, nor the string it is heading for.
Everything is mirrored for a left-handed child.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from games.beads.content import BEAD_COLOURS, sequence
from games.beads.params import BeadsParams

TOP_BAR_MM = 30.0  # the app's home button lives above this line
EDGE_MM = 5.0
STAND_H_MM = 14.0  # the wooden stand the string rises from
STAND_W_MM = 40.0
STAND_MIN_MM = 6.0  # a low stand, a short needle, little bare string and just room above
NEEDLE_MIN_MM = 6.0  # the tip: on a short plane, so that a bead still fits over it
FREE_MIN_MM = 4.0
ROOM_MIN_MM = 10.0  # above the tip, besides the bead's own length: room to come down onto it
MIN_TARGET_MM = 15.0  # a bead never shrinks below this to fit (nor below the ladder's size)
KNOT_MM = 6.0  # string below the first bead: the knot
NEEDLE_MM = 12.0  # the stiff tip
FREE_MM = 16.0  # bare string left above a full stack, below the needle
SEGMENT_MM = 20.0  # the string is a chain of segments about this long
BEAD_LENGTH = 0.72  # a bead's length along its hole, as a fraction of its diameter (pony bead)
TRAY_RIM_MM = 4.0

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # x, y, w, h in mm


@dataclass(frozen=True, slots=True)
class Layout:
    play: Rect  # where beads can be (the physics walls)
    table_y: float  # the table top (the floor of the world)
    stand: Rect
    base: Point  # where the string leaves the stand
    string_mm: float  # its length, base to tip
    segments: int
    tray: Rect  # inside of the bead box
    card: Rect  # the pattern card
    beads: tuple[Point, ...]  # start centres in the tray
    colours: tuple[int, ...]  # colour index of each tray bead (content.BEAD_COLOURS)
    target: tuple[int, ...]  # colour wanted at each position on the string; () = any
    to_thread: int  # beads to thread (params.beads, fewer only if the plane is tiny)
    spares: int  # spare beads in the box (params.spare_beads, fewer only if the plane is tiny)
    bead_mm: float
    bead_len_mm: float
    left_handed: bool


def bead_length(bead_mm: float) -> float:
    return BEAD_LENGTH * bead_mm


def _colours(
    params: BeadsParams, rng: random.Random, n: int, spares: int
) -> tuple[list[int], list[int]]:
    """(target per position, tray colours): the pattern's beads, one spare of each of its
    colours, then spares of a colour the pattern does not use, so choosing matters."""
    k = len(BEAD_COLOURS)
    if not params.pattern:
        tray = [rng.randrange(k) for _ in range(n + spares)]
        for i in range(1, min(n, k)):  # neighbours differ: a bright, varied handful
            if tray[i] == tray[i - 1]:
                tray[i] = (tray[i] + 1 + rng.randrange(k - 1)) % k
        return [], tray
    letters = sorted(set(params.pattern))
    picked = rng.sample(range(k), len(letters))
    of = dict(zip(letters, picked, strict=True))
    target = [of[c] for c in sequence(params.pattern, n)]
    tray = list(target)
    others = [c for c in range(k) if c not in picked]
    for i in range(spares):
        tray.append(picked[i] if i < len(picked) else others[rng.randrange(len(others))])
    return target, tray


def make_layout(
    params: BeadsParams, rng: random.Random, plane_w: float, plane_h: float, left_handed: bool
) -> Layout:
    d = params.bead_mm
    blen = bead_length(d)
    x0, y0 = EDGE_MM, TOP_BAR_MM + EDGE_MM
    pw, ph = plane_w - 2 * EDGE_MM, plane_h - TOP_BAR_MM - 2 * EDGE_MM
    table_y = y0 + ph

    # the string: as long as the stack needs, below room to bring a bead over the tip. On a
    # short plane the stand, the bare string and the room above shrink first, then fewer
    # beads are threaded; only if not even one fits does the bead shrink (never below
    # MIN_TARGET_MM, nor below the ladder's size if that is smaller)
    sx = x0 + max(0.36 * pw, 50.0)
    floor_d = min(d, MIN_TARGET_MM)
    while True:
        blen = bead_length(d)
        for stand_h, room_above, needle, free in (
            (STAND_H_MM, d * 1.2 + 14.0, NEEDLE_MM, FREE_MM),
            (STAND_MIN_MM, blen + ROOM_MIN_MM, NEEDLE_MIN_MM, FREE_MIN_MM),
        ):
            base_y = table_y - stand_h
            longest = base_y - (y0 + room_above)
            overhead = KNOT_MM + needle + free
            fit = math.floor((longest - overhead) / blen)
            if fit >= 1:
                break
        if fit >= 1 or d <= floor_d:
            break
        d = max(floor_d, d - 0.5)
    longest = max(longest, overhead + blen)  # beyond the ladder's planes: the tip may crowd
    n = max(1, min(params.beads, fit))
    length = min(longest, overhead + n * blen + 10.0)
    length = max(length, min(longest, 70.0))  # never a stub
    segments = max(3, min(8, round(length / SEGMENT_MM)))  # short segments: a stiff, calm chain
    # the pattern card between the far edge and the string
    card_w = min(max(d * 2.0, 36.0), sx - STAND_W_MM / 2 - x0 - 6.0)
    card = (x0 + 2.0, y0 + 2.0, max(16.0, card_w), table_y - y0 - 4.0)

    # the bead box on the hand's side, resting on the table
    tx0 = sx + STAND_W_MM / 2 + max(18.0, 0.8 * d)
    tw = x0 + pw - tx0 - 2.0
    pitch_x = d + 3.0
    cols = max(1, math.floor((tw - 2 * TRAY_RIM_MM) / pitch_x))
    pitch_y = blen + 1.0
    # on a small screen fewer fit the string and the box: fewer in the box (spares first)
    box_rows = max(1, math.floor((table_y - y0 - 16.0) / pitch_y))
    n = min(n, cols * box_rows)
    spares = max(0, min(params.spare_beads, cols * box_rows - n))
    total = n + spares
    rows = math.ceil(total / cols)
    th = min(table_y - y0 - 10.0, max(16.0, rows * pitch_y + 6.0))
    tray = (tx0, table_y - th, tw, th)
    used = min(cols, total)
    gx = tx0 + (tw - used * pitch_x) / 2 + pitch_x / 2
    slots = [
        (gx + (i % cols) * pitch_x, table_y - 1.0 - blen / 2 - (i // cols) * pitch_y)
        for i in range(total)
    ]
    target, tray_colours = _colours(params, rng, n, spares)
    rng.shuffle(tray_colours)

    stand = (sx - STAND_W_MM / 2, base_y, STAND_W_MM, stand_h)
    base = (sx, base_y)
    play = (x0, y0, pw, ph)
    if left_handed:

        def mx(x: float) -> float:
            return plane_w - x

        def mr(r: Rect) -> Rect:
            return (plane_w - r[0] - r[2], r[1], r[2], r[3])

        stand, tray, card = mr(stand), mr(tray), mr(card)
        base = (mx(base[0]), base[1])
        slots = [(mx(x), y) for x, y in slots]
    return Layout(
        play=play,
        table_y=table_y,
        stand=stand,
        base=base,
        string_mm=length,
        segments=segments,
        tray=tray,
        card=card,
        beads=tuple(slots),
        colours=tuple(tray_colours),
        target=tuple(target),
        to_thread=n,
        spares=spares,
        bead_mm=d,
        bead_len_mm=blen,
        left_handed=left_handed,
    )
