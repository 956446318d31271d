"""Draws a bead-stringing round: a wall and a table, the string on its stand with a shiny
needle, a box of friendly beads with visible holes, the pattern card, and the finished
necklace when the last bead is on.

Static parts (wall, table, stand, the box's back) are one cached layer; the pattern card is
redrawn only when a bead goes on; beads are sprites cached per colour and per 3 degrees of
turn, so a frame with 40 beads is a few dozen blits.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from functools import lru_cache

import pygame

from engine import art
from engine.registry import LOGIC_DT, ViewContext
from engine.viewport import LOGICAL_SIZE
from games.beads.content import BEAD_COLOURS
from games.beads.necklace import ring
from games.beads.round import BeadsRound, BeadState

RGB = tuple[int, int, int]

WALL = (246, 241, 232)
WALL_LOW = (238, 230, 216)
TABLE = (214, 170, 120)
TABLE_EDGE = (180, 134, 90)
WOOD = (196, 146, 96)
WOOD_DARK = (150, 104, 66)
BOX_BACK = (226, 196, 150)
LACE = (132, 92, 66)  # a brown cord: stands apart from every bead colour
LACE_DARK = (92, 62, 44)
METAL = (206, 212, 222)
METAL_EDGE = (112, 118, 132)
GLOW = (255, 214, 90)
CARD = (255, 252, 246)
CARD_EDGE = (222, 210, 192)
SLOT_EMPTY = (226, 220, 210)
DIFFERS = (244, 196, 90)  # amber: "this one is different", never red
GOOD = (108, 186, 120)
INK = (62, 58, 66)
ANGLE_STEP_DEG = 3
SPARKLE_S = 0.8
GATHER_S = 0.9  # the threaded beads move from the string into the necklace ring


def _shade(c: RGB, k: float) -> RGB:
    """Lighter (k > 0, towards white) or darker (k < 0, towards black)."""
    if k >= 0:
        return tuple(round(v + (255 - v) * k) for v in c)  # type: ignore[return-value]
    return tuple(round(v * (1 + k)) for v in c)  # type: ignore[return-value]


def bead_colour(index: int, colourblind: bool) -> RGB:
    return art.palette(colourblind)[BEAD_COLOURS[index % len(BEAD_COLOURS)]]


@lru_cache(maxsize=64)
def bead_sprite(colour: RGB, w_px: int, h_px: int, hole_px: int) -> pygame.Surface:
    """A pony bead seen from the side, its hole running top to bottom: a rounded body with a
    shine, the hole as a darker channel straight through, and the two openings."""
    k = 3
    W, H = (w_px + 4) * k, (h_px + 4) * k
    big = pygame.Surface((W, H), pygame.SRCALPHA)
    body = pygame.Rect(2 * k, 2 * k, w_px * k, h_px * k)
    rad = round(min(body.w, body.h) * 0.42)
    pygame.draw.rect(big, _shade(colour, -0.4), body, border_radius=rad)
    inner = body.inflate(-2 * k, -2 * k)
    pygame.draw.rect(big, colour, inner, border_radius=max(1, rad - k))
    hole_w = max(2 * k, hole_px * k)
    channel = pygame.Rect(0, 0, hole_w, inner.h)
    channel.center = body.center
    pygame.draw.rect(big, _shade(colour, -0.28), channel)
    core = channel.inflate(-max(2, hole_w // 2), 0)
    pygame.draw.rect(big, _shade(colour, -0.5), core)
    for y in (body.top, body.bottom):  # the openings
        op = pygame.Rect(0, 0, hole_w + 2 * k, max(2 * k, hole_w // 2))
        op.center = (body.centerx, y)
        pygame.draw.ellipse(big, (60, 50, 56), op)
    shine = pygame.Rect(0, 0, max(k, inner.w // 7), inner.h * 0.55)
    shine.center = (inner.left + inner.w * 0.2, inner.top + inner.h * 0.45)
    pygame.draw.ellipse(big, _shade(colour, 0.5), shine)
    return pygame.transform.smoothscale(big, (w_px + 4, h_px + 4))


@lru_cache(maxsize=2048)
def turned(colour: RGB, w_px: int, h_px: int, hole_px: int, step: int) -> pygame.Surface:
    """The bead turned by ``step`` * ANGLE_STEP_DEG (clockwise on screen, as pymunk turns)."""
    spr = bead_sprite(colour, w_px, h_px, hole_px)
    if step == 0:
        return spr
    return pygame.transform.rotate(spr, -step * ANGLE_STEP_DEG)


def _step_of(angle: float) -> int:
    """A bead looks the same turned by 180 degrees: fold to 0..180 and quantise."""
    deg = math.degrees(angle) % 180.0
    return round(deg / ANGLE_STEP_DEG) % (180 // ANGLE_STEP_DEG)


class BeadsView:
    """Draws ``round`` onto the 1280x800 logical canvas (px = mm * ctx.units.px_per_mm)."""

    def __init__(
        self, round: BeadsRound, ctx: ViewContext, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.round = round
        self.ctx = ctx
        self.ppm = ctx.units.px_per_mm
        self.clock = clock
        lay = round.layout
        self.bw = max(4, round_px(lay.bead_mm * self.ppm))
        self.bh = max(3, round_px(lay.bead_len_mm * self.ppm))
        self.hole = max(2, round_px(round.params.hole_mm * self.ppm))
        self.colours = [bead_colour(b.colour, ctx.colourblind) for b in round.beads]
        self._static = self._render_static(LOGICAL_SIZE)
        self._card: pygame.Surface | None = None
        self._card_key: tuple[int, ...] | None = None
        self._seen = 0
        self._sparkles = art.Sparkles(SPARKLE_S, SPARKLE_S, (14.0, 14.0), (3.0, 3.0))
        self._finished_seen_at: float | None = None
        self._t_finish = 0.0

    # -- helpers -------------------------------------------------------------------------
    def px(self, p: tuple[float, float]) -> tuple[float, float]:
        return p[0] * self.ppm, p[1] * self.ppm

    def _rect(self, r: tuple[float, float, float, float]) -> pygame.Rect:
        x, y, w, h = r
        p = self.ppm
        return pygame.Rect(round(x * p), round(y * p), round(w * p), round(h * p))

    def _now(self, alpha: float) -> float:
        r = self.round
        if not r.finished:
            return r.clock_s + alpha * LOGIC_DT
        if self._finished_seen_at is None:
            self._finished_seen_at = self.clock()
            self._t_finish = r.clock_s
        return self._t_finish + (self.clock() - self._finished_seen_at)

    def _sprite(self, i: int, angle: float) -> pygame.Surface:
        return turned(self.colours[i], self.bw, self.bh, self.hole, _step_of(angle))

    # -- the cached layers ---------------------------------------------------------------
    def _render_static(self, size: tuple[int, int]) -> pygame.Surface:
        r, ppm = self.round, self.ppm
        lay = r.layout
        surf = pygame.Surface(size)
        surf.fill(WALL)
        ty = round(lay.table_y * ppm)
        pygame.draw.rect(surf, WALL_LOW, (0, ty - round(10 * ppm), size[0], round(10 * ppm)))
        pygame.draw.rect(surf, TABLE, (0, ty, size[0], size[1] - ty))
        pygame.draw.line(surf, TABLE_EDGE, (0, ty), (size[0], ty), max(2, round(0.8 * ppm)))
        # the box's back and floor (its front lip is drawn over the beads)
        box = self._rect(lay.tray).inflate(round(4 * ppm), 0)
        box.h += round(1.5 * ppm)
        pygame.draw.rect(surf, BOX_BACK, box, border_radius=round(2 * ppm))
        pygame.draw.rect(
            surf, WOOD_DARK, box, max(2, round(0.9 * ppm)), border_radius=round(2 * ppm)
        )
        # the stand the string rises from
        st = self._rect(lay.stand)
        pygame.draw.rect(
            surf, WOOD_DARK, st.move(0, round(1.2 * ppm)), border_radius=round(3 * ppm)
        )
        pygame.draw.rect(surf, WOOD, st, border_radius=round(3 * ppm))
        pygame.draw.rect(
            surf,
            _shade(WOOD, 0.25),
            st.inflate(-round(6 * ppm), -round(8 * ppm)),
            border_radius=round(2 * ppm),
        )
        return surf

    def _render_card(self) -> pygame.Surface:
        """The pattern to copy, bottom first like the string: each place's bead, the next
        place ringed; a place where the child's bead differs shows that bead beside it on a
        soft amber ring. Without a pattern: empty places that fill as beads go on."""
        r, ppm = self.round, self.ppm
        lay = r.layout
        rect = self._rect(lay.card)
        surf = pygame.Surface(rect.size, pygame.SRCALPHA)
        local = surf.get_rect()
        pygame.draw.rect(surf, CARD_EDGE, local, border_radius=round(4 * ppm))
        pygame.draw.rect(surf, CARD, local.inflate(-4, -4), border_radius=round(4 * ppm))
        n = r.to_thread
        pad = 6 * ppm
        slot_h = (local.h - 2 * pad) / max(n, 1)
        h = max(3, min(self.bh, round(slot_h * 0.8)))
        w = max(4, min(self.bw, round(h / 0.72), round(local.w * 0.62)))
        hole = max(2, round(self.hole * w / self.bw))
        cx = local.w * (0.42 if r.target else 0.5)
        top = local.h - pad - n * slot_h
        pygame.draw.line(
            surf,
            LACE,
            (cx, top + slot_h * 0.2),
            (cx, local.h - pad * 0.6),
            max(2, round(0.8 * ppm)),
        )
        threaded = r.threaded
        diff = set(r.pattern_errors())
        for k in range(n):
            y = local.h - pad - (k + 0.5) * slot_h
            done = k < len(threaded)
            if r.target:
                col = bead_colour(r.target[k], self.ctx.colourblind)
                spr = bead_sprite(col, w, h, hole)
                if k in diff:
                    pygame.draw.circle(
                        surf, DIFFERS, (cx, y), max(w, h) * 0.62, max(2, round(0.7 * ppm))
                    )
                    mine = bead_sprite(
                        self.colours[threaded[k]], round(w * 0.6), round(h * 0.6), max(2, hole // 2)
                    )
                    surf.blit(mine, mine.get_rect(center=(round(cx + w * 0.85), round(y))))
                elif done:
                    pygame.draw.circle(
                        surf, GOOD, (round(cx + w * 0.85), round(y)), max(3, h * 0.22)
                    )
            elif done:
                spr = bead_sprite(self.colours[threaded[k]], w, h, hole)
            else:
                spr = bead_sprite(SLOT_EMPTY, w, h, hole)
            if k == len(threaded):  # the next place: a warm spot behind it
                pygame.draw.circle(surf, _shade(GLOW, 0.45), (cx, y), max(w, h) * 0.66)
            surf.blit(spr, spr.get_rect(center=(round(cx), round(y))))
        return surf

    def _card_layer(self) -> pygame.Surface:
        key = tuple(self.round.threaded)
        if self._card is None or key != self._card_key:
            self._card = self._render_card()
            self._card_key = key
        return self._card

    # -- the frame -----------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        r = self.round
        now = self._now(alpha)
        self._catch_up(now)
        surface.blit(self._static, (0, 0))
        card = self._card_layer()
        surface.blit(card, self._rect(r.layout.card).topleft)
        if r.celebrating and r.done_at_s is not None:
            self._draw_string(surface, now)
            self._draw_beads(surface, held_too=False, threaded_too=False)
            self._draw_box_lip(surface)
            self._draw_necklace(surface, now - r.done_at_s)
        else:
            self._draw_string(surface, now)
            self._draw_beads(surface, held_too=False, threaded_too=True)
            self._draw_box_lip(surface)
            self._draw_held(surface, now)
        self._sparkles.draw(surface, now, self.ppm)

    def _draw_box_lip(self, surface: pygame.Surface) -> None:
        """The box's low front edge, over the bottom of the beads: they are *in* the box."""
        lay, ppm = self.round.layout, self.ppm
        box = self._rect(lay.tray).inflate(round(4 * ppm), 0)
        lip_h = round(2.5 * ppm)
        lip = pygame.Rect(box.x, round(lay.table_y * ppm) - lip_h, box.w, lip_h)
        pygame.draw.rect(surface, WOOD, lip, border_radius=round(1.5 * ppm))
        pygame.draw.rect(
            surface, WOOD_DARK, lip, max(2, round(0.9 * ppm)), border_radius=round(1.5 * ppm)
        )

    def _draw_string(self, surface: pygame.Surface, now: float) -> None:
        r, ppm = self.round, self.ppm
        pts = [self.px(p) for p in r.string_points]
        w = max(3, round(2 * r.needle_r * ppm + 2))
        body = pts[:-1] + [
            (
                pts[-2][0] + (pts[-1][0] - pts[-2][0]) * 0.1,
                pts[-2][1] + (pts[-1][1] - pts[-2][1]) * 0.1,
            )
        ]
        pygame.draw.lines(surface, LACE_DARK, False, body, w + 2)
        pygame.draw.lines(surface, LACE, False, body, w)
        for p in body[1:-1]:
            pygame.draw.circle(surface, LACE, p, w / 2)
        # the knot at the stand
        pygame.draw.circle(surface, LACE_DARK, pts[0], w * 1.6)
        pygame.draw.circle(surface, LACE, pts[0], w * 1.2)
        # the needle: a metal tip that narrows to a point
        a, b = pts[-2], pts[-1]
        a = (a[0] + (b[0] - a[0]) * 0.1, a[1] + (b[1] - a[1]) * 0.1)
        dx, dy = b[0] - a[0], b[1] - a[1]
        n = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / n * w * 0.75, dx / n * w * 0.75
        tip = (b[0] + dx / n * w * 0.8, b[1] + dy / n * w * 0.8)
        poly = [
            (a[0] + nx, a[1] + ny),
            (b[0] + nx * 0.7, b[1] + ny * 0.7),
            tip,
            (b[0] - nx * 0.7, b[1] - ny * 0.7),
            (a[0] - nx, a[1] - ny),
        ]
        pygame.draw.polygon(surface, METAL, poly)
        pygame.draw.polygon(surface, METAL_EDGE, poly, max(1, round(0.4 * ppm)))
        pygame.draw.line(
            surface,
            (255, 255, 255),
            (a[0] + nx * 0.3, a[1] + ny * 0.3),
            (b[0] + nx * 0.2, b[1] + ny * 0.2),
            max(1, round(0.4 * ppm)),
        )
        # "here!": a soft ring at the tip while a bead is held; bright when the hole lines up
        if r.held is not None and not r.celebrating:
            al = r.alignment
            ready = al is not None and al.within(r.params.offset_tol_mm, r.params.angle_tol_deg)
            pulse = 0.0 if self.ctx.calm else 0.5 + 0.5 * math.sin(now * 2 * math.pi * 1.3)
            rad = (4.0 + 1.5 * pulse) * ppm
            col = GLOW if ready else _shade(GLOW, 0.45)
            pygame.draw.circle(surface, col, tip, rad, max(2, round((1.2 if ready else 0.7) * ppm)))

    def _draw_beads(self, surface: pygame.Surface, held_too: bool, threaded_too: bool) -> None:
        r, ppm = self.round, self.ppm
        for b in r.beads:
            if b.state is BeadState.HELD and not held_too:
                continue
            if b.state is BeadState.THREADED and not threaded_too:
                continue
            spr = self._sprite(b.index, b.angle)
            surface.blit(spr, spr.get_rect(center=(round(b.x * ppm), round(b.y * ppm))))

    def _draw_held(self, surface: pygame.Surface, now: float) -> None:
        r, ppm = self.round, self.ppm
        b = r.held
        if b is None:
            return
        c = (b.x * ppm, b.y * ppm)
        # the hole's line, dotted out of both ends: where the bead will go
        ax, ay = math.sin(b.angle), -math.cos(b.angle)
        reach = (r.bead_len / 2 + 16.0) * ppm
        start = r.bead_len / 2 * ppm + 3
        dot = max(2, round(0.6 * ppm))
        k = start
        while k < reach:
            for sgn in (-1, 1):
                pygame.draw.circle(
                    surface,
                    _shade(INK, 0.55),
                    (c[0] + sgn * ax * k, c[1] + sgn * ay * k),
                    dot / 2 + 0.5,
                )
            k += 3.2 * ppm
        sh = _shadow(self.bw + 4)
        surface.blit(sh, sh.get_rect(center=(round(c[0] + 2 * ppm), round(c[1] + 3 * ppm))))
        spr = self._sprite(b.index, b.angle)
        surface.blit(spr, spr.get_rect(center=(round(c[0]), round(c[1]))))

    def _necklace_ring(self) -> tuple[float, float, float]:
        lay = self.round.layout
        x, y, w, h = lay.play
        n = max(1, self.round.to_thread)
        radius = min(h * 0.36, max(28.0, n * lay.bead_len_mm * 1.25 / (2 * math.pi)))
        return x + w / 2, y + h * 0.48, radius

    def _draw_necklace(self, surface: pygame.Surface, since: float) -> None:
        """The celebration: the string's beads gather into a necklace on a card, knot at the
        top, in the order they went on."""
        r, ppm = self.round, self.ppm
        cx, cy, radius = self._necklace_ring()
        u = 1.0 if self.ctx.calm else min(1.0, max(0.0, since / GATHER_S))
        e = 1 - (1 - u) ** 3
        card_r = (radius + r.layout.bead_mm * 1.3) * ppm
        card = pygame.Rect(0, 0, round(2 * card_r), round(2 * card_r))
        card.center = (round(cx * ppm), round(cy * ppm))
        # the card rises from clear to opaque: once it is there the string and the needle
        # behind it are covered, not showing through
        veil = pygame.Surface(card.size, pygame.SRCALPHA)
        radius_px = round(card_r * 0.3)
        pygame.draw.rect(veil, (*CARD, round(255 * e)), veil.get_rect(), border_radius=radius_px)
        pygame.draw.rect(
            veil,
            (*CARD_EDGE, round(255 * e)),
            veil.get_rect(),
            max(1, round(0.6 * ppm)),
            border_radius=radius_px,
        )
        surface.blit(veil, card)
        self.necklace_card = card
        spots = ring(len(r.threaded), cx, cy, radius)
        pygame.draw.circle(
            surface,
            LACE,
            (cx * ppm, cy * ppm),
            radius * ppm * (0.3 + 0.7 * e),
            max(2, round(0.8 * ppm)),
        )
        for (x, y, a), i in zip(spots, r.threaded, strict=True):
            b = r.beads[i]
            px_ = b.x + (x - b.x) * e
            py_ = b.y + (y - b.y) * e
            spr = self._sprite(i, b.angle + (a - b.angle) * e)
            surface.blit(spr, spr.get_rect(center=(round(px_ * ppm), round(py_ * ppm))))
        knot = (cx * ppm, (cy - radius) * ppm)
        for side in (-1, 1):  # a little bow
            loop = pygame.Rect(0, 0, round(7 * ppm), round(5 * ppm))
            loop.center = (round(knot[0] + side * 3.5 * ppm), round(knot[1] - 1.5 * ppm))
            pygame.draw.ellipse(surface, LACE, loop, max(2, round(1.0 * ppm)))
        pygame.draw.circle(surface, LACE_DARK, knot, 1.8 * ppm)

    # -- feedback ------------------------------------------------------------------------
    def _catch_up(self, now: float) -> None:
        r = self.round
        for what, _idx, _t in r.feedback.events[self._seen :]:
            sounds = self.ctx.sounds
            name = {
                "pickup": "pickup",
                "threaded": "chime",
                "threaded_other": "chime",  # a different colour still goes on: never an error sound
                "drop": "drop",
                "oops": "drop",
                "finished": "star",
            }.get(what, "")
            if what in ("threaded", "threaded_other") and r.celebrating:
                name = ""  # the finish follows at once
            if sounds is not None and name:
                sounds.play(name)
            if what in ("threaded", "threaded_other", "finished"):
                tip = r.tip
                n = 5 if self.ctx.calm else (14 if what == "finished" else 8)
                self._sparkles.ring(*self.px(tip), now, n)
        self._seen = len(r.feedback.events)


@lru_cache(maxsize=16)
def _shadow(w_px: int) -> pygame.Surface:
    s = pygame.Surface((w_px, w_px), pygame.SRCALPHA)
    pygame.draw.ellipse(s, (90, 70, 60, 55), s.get_rect().inflate(0, -w_px // 3))
    return s


def round_px(v: float) -> int:
    return max(1, round(v))


def draw_icon(surface: pygame.Surface, rect: pygame.Rect) -> None:
    """The game's picture card: a string standing up with three beads on it, a fourth bead
    coming down onto the needle."""
    pygame.draw.rect(surface, (255, 253, 249), rect, border_radius=max(4, rect.w // 8))
    w, h = rect.w, rect.h
    x = rect.x + w * 0.5
    lw = max(2, w // 30)
    pygame.draw.line(surface, LACE, (x, rect.y + h * 0.88), (x, rect.y + h * 0.38), lw)
    pygame.draw.polygon(
        surface,
        METAL_EDGE,
        [(x - lw, rect.y + h * 0.4), (x, rect.y + h * 0.3), (x + lw, rect.y + h * 0.4)],
    )
    bw, bh = max(6, round(w * 0.26)), max(4, round(w * 0.19))
    hole = max(2, bw // 5)
    for k, name in enumerate(("accent_red", "accent_yellow", "accent_blue")):
        spr = bead_sprite(art.PALETTE[name], bw, bh, hole)
        surface.blit(spr, spr.get_rect(center=(round(x), round(rect.y + h * 0.83 - k * bh))))
    spr = bead_sprite(art.PALETTE["accent_green"], bw, bh, hole)
    surface.blit(spr, spr.get_rect(center=(round(x), round(rect.y + h * 0.17))))
    pygame.draw.rect(
        surface,
        WOOD,
        (rect.x + w * 0.28, rect.y + h * 0.88, w * 0.44, h * 0.07),
        border_radius=max(2, w // 40),
    )
