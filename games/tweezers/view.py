"""Draws a TweezersRound: a felt tray of friendly things, an egg carton or colour jars, tweezers.

A pre-reader reads it as a picture: soft things on a tray on one side, an egg carton whose
empty cups show a faint outline of the thing that goes in, and a big pair of silver tweezers
between the fingers whose tips open and close with the pinch. While a thing is held it is
lifted (bigger, with a shadow) and its cup glows. A drop rolls the thing gently back with a
soft sound; nothing ever turns red.

Cost per frame is flat: the tray, carton, jars and blocks are one cached layer; every thing is
a cached sprite (per kind, colour and size); a frame is one big blit, a blit per thing, and a
few lines for the tweezers and sparkles.
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
from games.tweezers.round import GRIP_CENTRE_MM, ThingState, TipState, TweezersRound

BACKGROUND = (246, 241, 232)
TABLE = (236, 226, 208)
FELT = (150, 196, 178)
FELT_EDGE = (118, 166, 148)
CARTON = (226, 204, 166)
CARTON_EDGE = (190, 164, 122)
CUP = (206, 180, 138)
CUP_INNER = (186, 158, 114)
JAR_GLASS = (222, 236, 244)
JAR_EDGE = (160, 184, 204)
BLOCK = (214, 160, 100)
BLOCK_EDGE = (170, 118, 70)
METAL = (196, 202, 214)
METAL_EDGE = (110, 118, 134)
SHADOW = (60, 50, 40)
GLOW = (255, 214, 90)
FINGER = (250, 214, 190)
OUTLINE = (62, 58, 66)
HOLD_TRACK = (255, 253, 249)  # the empty ring while a press holds still
HOLD_FILL = (58, 120, 220)  # the ring filling: "keep still, nearly closed"

THING_KEYS = ("accent_red", "accent_blue", "accent_yellow", "accent_green", "accent_purple")
SORT_KEYS = ("accent_red", "accent_blue", "accent_yellow")
SPARKLE_S = 0.8
SETTLE_S = 0.25  # a placed thing slides into its cup


def colour_of(index: int, sorting: bool, colourblind: bool) -> tuple[int, int, int]:
    pal = art.palette(colourblind)
    keys = SORT_KEYS if sorting else THING_KEYS
    return pal[keys[index % len(keys)]]


def _shade(c: tuple[int, int, int], k: float) -> tuple[int, int, int]:
    if k >= 0:
        return tuple(round(v + (255 - v) * k) for v in c)  # type: ignore[return-value]
    return tuple(round(v * (1 + k)) for v in c)  # type: ignore[return-value]


@lru_cache(maxsize=256)
def thing_sprite(kind: str, colour: tuple[int, int, int], diameter_px: int) -> pygame.Surface:
    """A pom-pom (fuzzy ball with a face at large sizes), a bead (with a hole) or a seed."""
    d = max(4, diameter_px)
    ss = 3
    big = pygame.Surface((d * ss + 4 * ss, d * ss + 4 * ss), pygame.SRCALPHA)
    c = big.get_width() / 2
    r = d * ss / 2
    dark = _shade(colour, -0.35)
    if kind == "pompom":
        for k in range(18):  # a fuzzy edge
            a = k * 2 * math.pi / 18
            pygame.draw.circle(
                big, dark, (c + 0.8 * r * math.cos(a), c + 0.8 * r * math.sin(a)), r * 0.26
            )
        pygame.draw.circle(big, dark, (c, c), r * 0.9)
        for k in range(18):
            a = (k + 0.5) * 2 * math.pi / 18
            pygame.draw.circle(
                big, colour, (c + 0.74 * r * math.cos(a), c + 0.74 * r * math.sin(a)), r * 0.22
            )
        pygame.draw.circle(big, colour, (c, c), r * 0.8)
        pygame.draw.circle(big, _shade(colour, 0.35), (c - r * 0.28, c - r * 0.3), r * 0.28)
        if d >= 40:  # a friendly face on the big ones
            ink = OUTLINE
            pygame.draw.circle(big, ink, (c - r * 0.28, c), r * 0.09)
            pygame.draw.circle(big, ink, (c + r * 0.28, c), r * 0.09)
            rect = pygame.Rect(0, 0, r * 0.6, r * 0.4)
            rect.center = (round(c), round(c + r * 0.18))
            pygame.draw.arc(big, ink, rect, math.pi * 1.1, math.pi * 1.9, max(2, round(r * 0.06)))
    elif kind == "bead":
        pygame.draw.circle(big, dark, (c, c), r)
        pygame.draw.circle(big, colour, (c, c), r * 0.86)
        pygame.draw.circle(big, _shade(colour, 0.45), (c - r * 0.35, c - r * 0.35), r * 0.22)
        pygame.draw.circle(big, dark, (c, c), r * 0.3)
        pygame.draw.circle(big, (0, 0, 0, 0), (c, c), r * 0.18)
    else:  # seed: a bean shape
        rect = pygame.Rect(0, 0, r * 2, r * 1.4)
        rect.center = (round(c), round(c))
        pygame.draw.ellipse(big, dark, rect)
        pygame.draw.ellipse(big, colour, rect.inflate(-r * 0.25, -r * 0.25))
        hl = pygame.Rect(0, 0, r * 0.7, r * 0.3)
        hl.center = (round(c - r * 0.25), round(c - r * 0.25))
        pygame.draw.ellipse(big, _shade(colour, 0.45), hl)
    size = (d + 4, d + 4)
    return pygame.transform.smoothscale(big, size)


@lru_cache(maxsize=64)
def _shadow_sprite(diameter_px: int) -> pygame.Surface:
    s = pygame.Surface((diameter_px + 4, diameter_px + 4), pygame.SRCALPHA)
    pygame.draw.circle(s, (*SHADOW, 60), (s.get_width() / 2, s.get_height() / 2), diameter_px / 2)
    return s


@lru_cache(maxsize=8)
def _pad_sprite(radius_px: int) -> pygame.Surface:
    """A soft round finger pad on the arm: shows where each finger holds the tweezers."""
    s = pygame.Surface((2 * radius_px + 2, 2 * radius_px + 2), pygame.SRCALPHA)
    c = (radius_px + 1, radius_px + 1)
    pygame.draw.circle(s, (*FINGER, 150), c, radius_px)
    pygame.draw.circle(s, (*METAL_EDGE, 200), c, radius_px, max(1, radius_px // 6))
    return s


class TweezersView:
    """Draws ``round`` onto the 1280x800 logical canvas (px = mm * ctx.units.px_per_mm)."""

    def __init__(
        self, round: TweezersRound, ctx: ViewContext, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.round = round
        self.ctx = ctx
        self.ppm = ctx.units.px_per_mm
        self.clock = clock
        self.sorting = round.params.sorting
        self._static = self._render_static(LOGICAL_SIZE)
        self._seen = 0
        self._sparkles = art.Sparkles(SPARKLE_S, SPARKLE_S, (16.0, 16.0), (3.2, 3.2))
        self._finished_seen_at: float | None = None
        self._t_finish = 0.0
        d = round.params.object_mm * self.ppm
        self._sprites = [
            thing_sprite(t.kind, colour_of(t.colour, self.sorting, ctx.colourblind), round_px(d))
            for t in round.things
        ]
        self._held_sprites = [
            thing_sprite(
                t.kind, colour_of(t.colour, self.sorting, ctx.colourblind), round_px(d * 1.15)
            )
            for t in round.things
        ]

    # -- helpers -------------------------------------------------------------------------
    def px(self, p: tuple[float, float]) -> tuple[float, float]:
        return p[0] * self.ppm, p[1] * self.ppm

    def _rect(self, r: tuple[float, float, float, float]) -> pygame.Rect:
        x, y, w, h = r
        return pygame.Rect(
            round(x * self.ppm), round(y * self.ppm), round(w * self.ppm), round(h * self.ppm)
        )

    def _now(self, alpha: float) -> float:
        r = self.round
        if not r.finished:
            return r.clock_s + alpha * LOGIC_DT
        if self._finished_seen_at is None:
            self._finished_seen_at = self.clock()
            self._t_finish = r.clock_s
        return self._t_finish + (self.clock() - self._finished_seen_at)

    # -- the cached layer ----------------------------------------------------------------
    def _render_static(self, size: tuple[int, int]) -> pygame.Surface:
        r, ppm = self.round, self.ppm
        surf = pygame.Surface(size)
        surf.fill(BACKGROUND)
        play = self._rect(r.layout.play).inflate(round(4 * ppm), round(4 * ppm))
        pygame.draw.rect(surf, TABLE, play, border_radius=round(6 * ppm))
        # the tray: green felt in a wooden rim
        tray = self._rect(r.layout.tray).inflate(round(8 * ppm), round(8 * ppm))
        pygame.draw.rect(
            surf, BLOCK_EDGE, tray.move(0, round(1.5 * ppm)), border_radius=round(7 * ppm)
        )
        pygame.draw.rect(surf, BLOCK, tray, border_radius=round(7 * ppm))
        pygame.draw.rect(
            surf,
            FELT_EDGE,
            tray.inflate(-round(5 * ppm), -round(5 * ppm)),
            border_radius=round(5 * ppm),
        )
        pygame.draw.rect(
            surf, FELT, tray.inflate(-round(7 * ppm), -round(7 * ppm)), border_radius=round(4 * ppm)
        )
        # the carton (or the jars' shelf)
        carton = self._rect(r.layout.carton)
        if not self.sorting:
            pygame.draw.rect(
                surf, CARTON_EDGE, carton.move(0, round(1.5 * ppm)), border_radius=round(6 * ppm)
            )
            pygame.draw.rect(surf, CARTON, carton, border_radius=round(6 * ppm))
        for cup in r.cups:
            c = self.px((cup.x, cup.y))
            rad = cup.r * ppm
            if self.sorting:
                col = colour_of(cup.colour or 0, True, self.ctx.colourblind)
                pygame.draw.circle(
                    surf, _shade(col, -0.25), (c[0], c[1] + 1.5 * ppm), rad + 3.5 * ppm
                )
                pygame.draw.circle(surf, col, c, rad + 3.0 * ppm)
                pygame.draw.circle(surf, JAR_EDGE, c, rad + 0.6 * ppm)
                pygame.draw.circle(surf, JAR_GLASS, c, rad)
                pygame.draw.circle(surf, _shade(col, 0.7), c, rad * 0.82)
            else:
                pygame.draw.circle(surf, CARTON_EDGE, c, rad + 1.2 * ppm)
                pygame.draw.circle(surf, CUP, c, rad)
                pygame.draw.circle(surf, CUP_INNER, (c[0], c[1] + rad * 0.12), rad * 0.78)
                # a faint outline of what goes in: "a pom-pom sits here"
                pygame.draw.circle(
                    surf,
                    _shade(CUP_INNER, 0.25),
                    c,
                    r.params.object_mm / 2 * ppm,
                    max(1, round(0.5 * ppm)),
                )
        for p in r.layout.posts:
            c = self.px(p)
            s = round(12 * ppm)
            block = pygame.Rect(0, 0, s, s)
            block.center = (round(c[0]), round(c[1]))
            pygame.draw.rect(
                surf, BLOCK_EDGE, block.move(0, round(1.5 * ppm)), border_radius=round(2.5 * ppm)
            )
            pygame.draw.rect(surf, BLOCK, block, border_radius=round(2.5 * ppm))
            pygame.draw.rect(
                surf,
                _shade(BLOCK, 0.3),
                block.inflate(-round(5 * ppm), -round(5 * ppm)),
                border_radius=round(1.5 * ppm),
            )
        return surf

    # -- the frame -----------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        r = self.round
        now = self._now(alpha)
        self._catch_up(now)
        surface.blit(self._static, (0, 0))
        held = r.held
        if held is not None and not r.finished:
            self._glow_cups(surface, held, now)
        for t in r.things:
            if t.state is ThingState.HELD:
                continue
            if t.state is ThingState.PLACED and t.slot is not None:
                u = min(1.0, (now - (t.placed_at_s or 0.0)) / SETTLE_S)
                x = t.x + (t.slot[0] - t.x) * u
                y = t.y + (t.slot[1] - t.y) * u
            else:
                x, y = t.x, t.y
            spr = self._sprites[t.index]
            surface.blit(spr, spr.get_rect(center=(round(x * self.ppm), round(y * self.ppm))))
        if held is not None:
            spr = self._held_sprites[held.index]
            cx, cy = round(held.x * self.ppm), round(held.y * self.ppm)
            sh = _shadow_sprite(spr.get_width() - 4)
            surface.blit(
                sh, sh.get_rect(center=(cx + round(2 * self.ppm), cy + round(3 * self.ppm)))
            )
            surface.blit(spr, spr.get_rect(center=(cx, cy)))
        self._draw_tweezers(surface)
        self._draw_hold_ring(surface)
        self._draw_idle_hint(surface, now)
        self._sparkles.draw(surface, now, self.ppm)

    def _glow_cups(self, surface: pygame.Surface, held, now: float) -> None:
        """The cup the held thing is heading for glows (its colour's jar, or the nearest free
        egg cup): one clear goal for a pre-reader."""
        ok = [c for c in self.round.cups if c.accepts(held)]
        if not ok:
            return
        cup = min(ok, key=lambda c: (math.dist((held.x, held.y), (c.x, c.y)), c.index))
        pulse = 0.0 if self.ctx.calm else 0.5 + 0.5 * math.sin(now * 2 * math.pi * 1.2)
        w = max(3, round((1.6 + 0.8 * pulse) * self.ppm))
        pygame.draw.circle(surface, GLOW, self.px((cup.x, cup.y)), (cup.r + 3.5) * self.ppm, w)

    def _catch_up(self, now: float) -> None:
        r = self.round
        for what, idx, _t in r.feedback.events[self._seen :]:
            sounds = self.ctx.sounds
            name = {"pickup": "pickup", "placed": "chime", "drop": "drop", "oops": "oops"}.get(
                what, "cheer"
            )
            if what == "placed" and r.finished:
                name = ""  # the finish cheer follows at once
            if sounds is not None and name:
                sounds.play(name)
            if what in ("placed", "finished"):
                t = r.things[idx]
                p = t.slot or (t.x, t.y)
                self._sparkles.ring(*self.px(p), now, 5 if self.ctx.calm else 10)
        self._seen = len(r.feedback.events)

    def _draw_idle_hint(self, surface: pygame.Surface, now: float) -> None:
        """With no finger on the screen, open tweezers rest over the next pom-pom and a soft
        ring pulses round it: "pick this up with these", shown, not written."""
        r = self.round
        if r.tips.x is not None or r.finished:
            return
        nxt = next((t for t in r.things if t.state is ThingState.TRAY), None)
        if nxt is None:
            return
        pulse = 0.5 + 0.5 * math.sin(now * 3.0)
        ring = (nxt.radius + 3.0 + 2.0 * pulse) * self.ppm
        centre = (round(nxt.x * self.ppm), round(nxt.y * self.ppm))
        pygame.draw.circle(
            surface, art.PALETTE["star"], centre, ring, max(2, round(0.8 * self.ppm))
        )
        a = -0.45 if not self.ctx.left_handed else math.pi + 0.45
        ux, uy = math.cos(a), math.sin(a)
        g = GRIP_CENTRE_MM + 12.0
        fingers = (
            (nxt.x - ux * g / 2 + 6 * uy, nxt.y - uy * g / 2 - 6 * ux),
            (nxt.x + ux * g / 2 + 6 * uy, nxt.y + uy * g / 2 - 6 * ux),
        )
        self._draw_arms(surface, (nxt.x, nxt.y), fingers, ux, uy, nxt.radius * 3.0)

    def _draw_hold_ring(self, surface: pygame.Surface) -> None:
        """While a press waits still for the tweezers to close, a ring fills clockwise round
        the tips: the wait is shown, so a child keeps still instead of dragging open tweezers."""
        r = self.round
        u = r.hold_progress
        tips = r.tips
        if u is None or tips.x is None or tips.y is None:
            return
        ppm = self.ppm
        c = self.px((tips.x, tips.y))
        outer = (r.params.object_mm / 2 + 7.0) * ppm
        width = max(4.0, 3.0 * ppm)
        pygame.draw.circle(surface, METAL_EDGE, c, outer + 1, round(width) + 2)
        pygame.draw.circle(surface, HOLD_TRACK, c, outer, round(width))
        if u <= 0.0:
            return
        inner = outer - width
        n = max(2, round(48 * u))
        angles = [-math.pi / 2 + 2 * math.pi * u * k / n for k in range(n + 1)]
        pts = [(c[0] + outer * math.cos(a), c[1] + outer * math.sin(a)) for a in angles]
        pts += [(c[0] + inner * math.cos(a), c[1] + inner * math.sin(a)) for a in reversed(angles)]
        pygame.draw.polygon(surface, HOLD_FILL, pts)

    def _draw_tweezers(self, surface: pygame.Surface) -> None:
        """Two silver arms joined by a spring behind the fingers, tips meeting at the thing."""
        r = self.round
        tips = r.tips
        if tips.x is None or tips.y is None:
            return
        obj = r.params.object_mm
        if tips.gap_mm is not None and len(tips.fingers) == 2:
            (ax, ay), (bx, by) = tips.fingers
            g = tips.gap_mm
            ux, uy = (bx - ax) / (g or 1.0), (by - ay) / (g or 1.0)
            if g >= r.grip_hi:
                jaw = obj * 1.2 + min(20.0, g - r.grip_hi)
            elif g >= r.grip_lo:
                jaw = obj * (0.9 + 0.3 * (g - r.grip_lo) / max(1e-6, r.grip_hi - r.grip_lo))
            else:
                jaw = obj * 0.5
            fingers = ((ax, ay), (bx, by))
        else:  # press modes: a fixed tilt, the tips close while the press holds
            close = 1.0 if tips.state in (TipState.HOLDING, TipState.CLOSED) else tips.closing
            if tips.state is TipState.OPEN:
                close = 0.0
            g = GRIP_CENTRE_MM + 12.0 * (1 - close)
            a = -0.45 if not self.ctx.left_handed else math.pi + 0.45
            ux, uy = math.cos(a), math.sin(a)
            jaw = obj * (1.5 - 0.6 * close)
            fingers = (
                (tips.x - ux * g / 2 + 6 * uy, tips.y - uy * g / 2 - 6 * ux),
                (tips.x + ux * g / 2 + 6 * uy, tips.y + uy * g / 2 - 6 * ux),
            )
        self._draw_arms(surface, (tips.x, tips.y), fingers, ux, uy, jaw)

    def _draw_arms(self, surface, tip_xy, fingers, ux: float, uy: float, jaw: float) -> None:
        """The tweezers themselves: arms from the spring through the finger pads to the tips."""
        ppm = self.ppm
        # the spring sits behind the fingers, towards the hand (below; right or left)
        nx, ny = -uy, ux
        if ny < 0:
            nx, ny = -nx, -ny
        length = 38.0
        sx = (fingers[0][0] + fingers[1][0]) / 2 + nx * length
        sy = (fingers[0][1] + fingers[1][1]) / 2 + ny * length
        w = max(3, round(3.2 * ppm))
        for side, f in ((-1, fingers[0]), (1, fingers[1])):
            tip = (tip_xy[0] + side * ux * jaw / 2, tip_xy[1] + side * uy * jaw / 2)
            pts = [self.px((sx, sy)), self.px(f), self.px(tip)]
            pygame.draw.lines(surface, METAL_EDGE, False, pts, w + 4)
            for p in pts:
                pygame.draw.circle(surface, METAL_EDGE, p, (w + 4) / 2)
            pygame.draw.lines(surface, METAL, False, pts, w)
            for p in pts[1:]:
                pygame.draw.circle(surface, METAL, p, w / 2)
            pad = self.px(f)  # the finger pad: where the finger holds the arm
            spr = _pad_sprite(round(5.0 * ppm))
            surface.blit(spr, spr.get_rect(center=(round(pad[0]), round(pad[1]))))
        pygame.draw.circle(surface, METAL_EDGE, self.px((sx, sy)), 3.2 * ppm)
        pygame.draw.circle(surface, METAL, self.px((sx, sy)), 2.2 * ppm)


def round_px(v: float) -> int:
    return max(4, round(v))


def draw_icon(surface: pygame.Surface, rect: pygame.Rect) -> None:
    """The game's picture card: a pom-pom held in silver tweezers above an egg cup."""
    pygame.draw.rect(surface, (255, 253, 249), rect, border_radius=max(4, rect.w // 8))
    w, h = rect.w, rect.h
    cup = (rect.x + w * 0.5, rect.y + h * 0.74)
    pygame.draw.ellipse(
        surface, CARTON_EDGE, pygame.Rect(cup[0] - w * 0.3, cup[1] - h * 0.1, w * 0.6, h * 0.2)
    )
    pygame.draw.ellipse(
        surface, CUP_INNER, pygame.Rect(cup[0] - w * 0.24, cup[1] - h * 0.07, w * 0.48, h * 0.14)
    )
    ball = (rect.x + w * 0.5, rect.y + h * 0.45)
    spr = thing_sprite("pompom", art.PALETTE["accent_red"], max(6, round(w * 0.3)))
    surface.blit(spr, spr.get_rect(center=(round(ball[0]), round(ball[1]))))
    lw = max(2, w // 22)
    for side in (-1, 1):
        pts = [
            (rect.x + w * 0.5, rect.y + h * 0.1),
            (rect.x + w * (0.5 + side * 0.2), rect.y + h * 0.3),
            (ball[0] + side * w * 0.15, ball[1]),
        ]
        pygame.draw.lines(surface, METAL_EDGE, False, pts, lw + 2)
        pygame.draw.lines(surface, METAL, False, pts, lw)
