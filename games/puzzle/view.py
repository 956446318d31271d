"""Draws a PuzzleRound: a wooden board with holes, a tray of pieces, the picture to make.

What a pre-reader needs is all pictures: the holes have the pieces' shapes (on the easy
boards tinted with the piece's colour), a jigsaw shows its finished picture above the board
and, at first, faintly inside it. A lifted piece casts a shadow; the selected piece gets a
big round turn button; a piece that fits clicks in with a sparkle, one that does not slides
softly home.

Frame cost is kept flat: the board, the tray, the pictures and every piece already in place
are one cached full-screen layer (a piece is baked into it as it settles); the loose pieces
are pre-rendered once and rotated through a per-angle cache, so a frame is one big blit
and a few dozen small ones.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable

import pygame

from engine import art
from engine.registry import LOGIC_DT, ViewContext
from games.puzzle import pictures
from games.puzzle.board import TURN_BUTTON_MM, Piece, jigsaw_outline
from games.puzzle.content import SHAPES
from games.puzzle.params import Kind
from games.puzzle.round import PuzzleRound

BACKGROUND = (246, 241, 232)
WOOD = (228, 196, 148)
WOOD_EDGE = (196, 158, 112)
WOOD_DARK = (170, 130, 92)
HOLE = (150, 110, 78)
HOLE_RIM = (118, 84, 60)
RECESS = (214, 180, 136)
TRAY = (236, 229, 216)
TRAY_EDGE = (222, 212, 196)
CARD = (255, 253, 249)
INK = (84, 72, 78)
BUTTON_RING = (84, 160, 214)
SHADOW = (70, 50, 40, 70)
ROT_CACHE = 512  # rotated piece images kept (a twist makes one per degree)
SPARKLE_S = 0.8
IDLE_HINT_S = 8.0  # nothing moved for this long: show which piece goes where
FINISH_S = 1.5


def _blend(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    t = min(1.0, max(0.0, t))
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))  # type: ignore[return-value]


def turn_icon(size: int, ring=BUTTON_RING) -> pygame.Surface:
    """A round button with a curved arrow: "turn me" without words (drawn at 4x, scaled)."""
    s = 4
    big = pygame.Surface((size * s, size * s), pygame.SRCALPHA)
    c = size * s / 2
    pygame.draw.circle(big, ring, (c, c), c)
    pygame.draw.circle(big, (255, 255, 255), (c, c), c * 0.86)
    r_mid, half = c * 0.5, c * 0.1
    a0, a1 = math.radians(-60), math.radians(210)
    n = 40
    outer = [
        (
            c + (r_mid + half) * math.cos(a0 + (a1 - a0) * i / n),
            c + (r_mid + half) * math.sin(a0 + (a1 - a0) * i / n),
        )
        for i in range(n + 1)
    ]
    inner = [
        (
            c + (r_mid - half) * math.cos(a0 + (a1 - a0) * i / n),
            c + (r_mid - half) * math.sin(a0 + (a1 - a0) * i / n),
        )
        for i in range(n + 1)
    ]
    pygame.draw.polygon(big, ring, outer + inner[::-1])
    # the arrowhead at the start of the arc, pointing clockwise (the way a tap turns)
    tip_a = a0 - 0.35
    base = (c + r_mid * math.cos(a0), c + r_mid * math.sin(a0))
    tip = (c + r_mid * math.cos(tip_a), c + r_mid * math.sin(tip_a))
    nx, ny = math.cos(a0), math.sin(a0)
    w = half * 2.6
    pygame.draw.polygon(
        big, ring, [tip, (base[0] + nx * w, base[1] + ny * w), (base[0] - nx * w, base[1] - ny * w)]
    )
    return pygame.transform.smoothscale(big, (size, size))


class PuzzleView:
    """Draws ``round`` onto the 1280x800 logical canvas (px = mm * ctx.units.px_per_mm)."""

    def __init__(
        self, round: PuzzleRound, ctx: ViewContext, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.round = round
        self.ctx = ctx
        self.clock = clock
        self.ppm = ctx.units.px_per_mm
        self.board = round.board
        b = self.board
        self.ghost = round.params.ghost
        self.board_px = pygame.Rect(*[round_(v * self.ppm) for v in b.board_rect])
        self._picture_2x: dict[str, pygame.Surface] = {}
        if b.kind is Kind.JIGSAW:
            for p in b.pieces:
                if p.picture and p.picture not in self._picture_2x:
                    self._picture_2x[p.picture] = pictures.render(p.picture, self.board_px.size)
        self.images: dict[str, pygame.Surface] = {}
        self.shadows: dict[str, pygame.Surface] = {}
        self.origins: dict[str, tuple[float, float]] = {}  # piece centre within its image
        for p in b.pieces:
            self._render_piece(p)
        self._rot: OrderedDict[tuple[str, int, bool], pygame.Surface] = OrderedDict()
        self._button = turn_icon(round_(TURN_BUTTON_MM * self.ppm))
        self._static: pygame.Surface | None = None
        self._baked: set[str] = set()
        self._complete_drawn = False
        self._events_seen = 0
        self._active_at = 0.0  # view time of the child's last move (a pick-up, a drop)
        self._activity = (0, False)
        self._sparkles = art.Sparkles(SPARKLE_S, FINISH_S, (12.0, 16.0), (3.0, 4.5))
        self._finished_seen_at: float | None = None
        self._t_finish_clock = 0.0

    # -- helpers -------------------------------------------------------------------------
    def px(self, p: tuple[float, float]) -> tuple[float, float]:
        return p[0] * self.ppm, p[1] * self.ppm

    def _now(self, alpha: float) -> float:
        r = self.round
        if not r.finished:
            return r.clock_s + alpha * LOGIC_DT
        if self._finished_seen_at is None:
            self._finished_seen_at = self.clock()
            self._t_finish_clock = r.clock_s
        return self._t_finish_clock + (self.clock() - self._finished_seen_at)

    # -- pre-rendered pieces ---------------------------------------------------------------
    def _render_piece(self, p: Piece) -> None:
        ss = pictures.SUPERSAMPLE
        ext = max(math.hypot(x, y) for x, y in p.outline)
        half_px = math.ceil(ext * self.ppm) + 3
        size = 2 * half_px
        big = pygame.Surface((size * ss, size * ss), pygame.SRCALPHA)
        c = half_px * ss
        pts = [(c + x * self.ppm * ss, c + y * self.ppm * ss) for x, y in p.outline]
        ow = max(2, round(0.45 * self.ppm * ss))
        if p.cell is not None and p.picture is not None:
            mask = pygame.Surface(big.get_size(), pygame.SRCALPHA)
            mask.fill((255, 255, 255, 0))
            pygame.draw.polygon(mask, (255, 255, 255, 255), pts)
            col, row = p.cell
            cell_px = self.board.piece_mm * self.ppm * ss
            src = self._picture_2x[p.picture]
            big.fill((255, 255, 255, 255))
            big.blit(src, (c - (col + 0.5) * cell_px, c - (row + 0.5) * cell_px))
            big.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
            pygame.draw.polygon(big, (255, 255, 255), pts, ow + 2)
            pygame.draw.polygon(big, WOOD_DARK, pts, max(1, ow // 2))
        else:
            k = ss * self.ppm
            rad = ext * k

            def ring(scale: float, dx: float = 0.0, dy: float = 0.0) -> list[tuple[float, float]]:
                return [(c + x * k * scale + dx, c + y * k * scale + dy) for x, y in p.outline]

            pygame.draw.polygon(big, INK, pts)
            body = 1.0 - ow / rad
            pygame.draw.polygon(big, p.colour, ring(body))
            # a bevel: a lighter rim up-left, the face a little inside it (a wooden block)
            pygame.draw.polygon(
                big,
                _blend(p.colour, (255, 255, 255), 0.35),
                ring(body * 0.86, -ow * 0.5, -ow * 0.5),
            )
            pygame.draw.polygon(big, p.colour, ring(body * 0.8, ow * 0.2, ow * 0.2))
            # the little wooden knob that says "hold me here"
            kr = min(4.5 * self.ppm * ss, 0.22 * self.board.piece_mm * self.ppm * ss)
            pygame.draw.circle(big, INK, (c, c), kr + ow * 0.6)
            pygame.draw.circle(big, _blend(p.colour, (120, 80, 50), 0.35), (c, c), kr)
            pygame.draw.circle(big, (255, 255, 255), (c - kr * 0.35, c - kr * 0.35), kr * 0.3)
        img = pygame.transform.smoothscale(big, (size, size))
        self.images[p.id] = img
        shadow = img.copy()
        shadow.fill((0, 0, 0, 255), special_flags=pygame.BLEND_RGBA_MIN)
        shadow.fill(SHADOW, special_flags=pygame.BLEND_RGBA_MULT)
        self.shadows[p.id] = shadow
        self.origins[p.id] = (half_px, half_px)

    def _rotated(self, pid: str, angle: float, shadow: bool = False) -> pygame.Surface:
        a = round(angle) % 360
        if shadow:
            a = 2 * round(angle / 2) % 360
        key = (pid, a, shadow)
        surf = self._rot.get(key)
        if surf is None:
            if a == 0:
                surf = self.shadows[pid] if shadow else self.images[pid]
            elif shadow:  # a soft shadow needs no smoothing: the fast rotation will do
                surf = pygame.transform.rotate(self.shadows[pid], -a)
            else:
                surf = pygame.transform.rotozoom(self.images[pid], -a, 1.0)
            self._rot[key] = surf
            if len(self._rot) > ROT_CACHE:
                self._rot.popitem(last=False)
        else:
            self._rot.move_to_end(key)
        return surf

    def _blit_piece(self, surface: pygame.Surface, pid: str, pos, angle: float, shadow=False):
        img = self._rotated(pid, angle, shadow)
        cx, cy = self.px(pos)
        surface.blit(img, img.get_rect(center=(round(cx), round(cy))))

    # -- the static layer ----------------------------------------------------------------------
    def _render_static(self, size: tuple[int, int]) -> pygame.Surface:
        b, ppm = self.board, self.ppm
        surf = pygame.Surface(size)
        surf.fill(BACKGROUND)
        tray = pygame.Rect(*[round_(v * ppm) for v in b.tray_rect])
        pygame.draw.rect(surf, TRAY_EDGE, tray, border_radius=round(6 * ppm))
        pygame.draw.rect(surf, TRAY, tray.inflate(-6, -6), border_radius=round(5 * ppm))
        frame = self.board_px.inflate(round(8 * ppm), round(8 * ppm))
        if b.kind is Kind.SHAPES:
            frame = self.board_px.inflate(round(4 * ppm), round(4 * ppm))
        pygame.draw.rect(
            surf, WOOD_EDGE, frame.move(0, round(1.2 * ppm)), border_radius=round(5 * ppm)
        )
        pygame.draw.rect(surf, WOOD, frame, border_radius=round(5 * ppm))
        if b.kind is Kind.JIGSAW:
            pygame.draw.rect(surf, RECESS, self.board_px)
            if self.ghost > 0 and b.picture:
                ghost = pygame.transform.smoothscale(
                    self._picture_2x[b.picture], self.board_px.size
                )
                ghost.set_alpha(round(255 * self.ghost * 0.7))
                surf.blit(ghost, self.board_px)
            for p in b.real:
                assert p.target is not None
                pts = [self.px((p.target[0] + x, p.target[1] + y)) for x, y in p.outline]
                pygame.draw.lines(surf, WOOD_DARK, True, pts, max(1, round(0.35 * ppm)))
            pygame.draw.rect(surf, WOOD_DARK, self.board_px, max(2, round(0.6 * ppm)))
            assert b.model_rect is not None and b.picture is not None
            m = pygame.Rect(*[round_(v * ppm) for v in b.model_rect])
            card = m.inflate(round(3 * ppm), round(3 * ppm))
            pygame.draw.rect(surf, TRAY_EDGE, card.move(0, 2), border_radius=round(3 * ppm))
            pygame.draw.rect(surf, CARD, card, border_radius=round(3 * ppm))
            surf.blit(pygame.transform.smoothscale(self._picture_2x[b.picture], m.size), m)
            pygame.draw.rect(surf, INK, m, 2)
        else:
            for p in b.real:
                assert p.target is not None
                hole = _blend(HOLE, p.colour, self.ghost * 0.45)
                pts = [self.px((p.target[0] + x, p.target[1] + y)) for x, y in p.outline]
                pygame.draw.polygon(surf, HOLE_RIM, pts)
                shrink = [
                    self.px((p.target[0] + x * 0.93, p.target[1] + y * 0.93 + 0.8))
                    for x, y in p.outline
                ]
                pygame.draw.polygon(surf, hole, shrink)
        for pid in self._baked:
            self._bake(surf, pid)
        return surf

    def _bake(self, surf: pygame.Surface, pid: str) -> None:
        p = self.board.piece(pid)
        assert p.target is not None
        self._blit_piece(surf, pid, p.target, p.target_deg)

    def _update_static(self, size: tuple[int, int]) -> pygame.Surface:
        r = self.round
        if self._static is None or self._static.get_size() != size:
            self._static = self._render_static(size)
        for p in self.board.real:
            st = r.state[p.id]
            if st.placed and st.tween is None and p.id not in self._baked:
                self._baked.add(p.id)
                self._bake(self._static, p.id)
        if r.complete and not self._complete_drawn and len(self._baked) == len(self.board.real):
            self._complete_drawn = True
            if self.board.kind is Kind.JIGSAW and self.board.picture:  # the whole picture, seamless
                self._static.blit(
                    pygame.transform.smoothscale(
                        self._picture_2x[self.board.picture], self.board_px.size
                    ),
                    self.board_px,
                )
        return self._static

    # -- the frame -----------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        r = self.round
        now = self._now(alpha)
        self._catch_up_feedback(now)
        surface.blit(self._update_static(surface.get_size()), (0, 0))
        for p in self.board.real:  # pieces clicking into place, not baked yet
            st = r.state[p.id]
            if st.placed and p.id not in self._baked:
                self._blit_piece(surface, p.id, st.pos, st.shown_angle)
        held = r.hold.piece if r.hold is not None else None
        for p in r.draw_order():
            st = r.state[p.id]
            if p.id == held:
                lift = (st.x + 1.2, st.y + 1.8)
                self._blit_piece(surface, p.id, lift, st.shown_angle, shadow=True)
            self._blit_piece(surface, p.id, st.pos, st.shown_angle)
        self._draw_button(surface, now)
        self._draw_idle_hint(surface, now)
        self._sparkles.draw(surface, now, self.ppm)

    def _draw_idle_hint(self, surface: pygame.Surface, now: float) -> None:
        """After a while with nothing moved, a piece and its place glow together, softly:
        help for a child who is stuck, shown rather than said, never a buzzer."""
        r = self.round
        activity = (len(r.feedback.events), r.hold is not None)
        if activity != self._activity or r.hold is not None:
            self._activity = activity
            self._active_at = now
        if r.complete or now - self._active_at < IDLE_HINT_S:
            return
        piece = next(
            (p for p in self.board.real if p.target is not None and not r.state[p.id].placed),
            None,
        )
        if piece is None:
            return
        pulse = 0.5 + 0.5 * math.sin((now - self._active_at) * 3.0)
        width = max(2, round(0.8 * self.ppm))
        for x, y in (r.state[piece.id].pos, piece.target):
            radius = (piece.half_mm * 1.25 + 2.0 * pulse) * self.ppm
            centre = (round(x * self.ppm), round(y * self.ppm))
            pygame.draw.circle(surface, art.PALETTE["star"], centre, radius, width)

    def _draw_button(self, surface: pygame.Surface, now: float) -> None:
        c = self.round.turn_button()
        if c is None:
            return
        img = self._button
        if self.round.turn_hint == self.round.selected and not self.ctx.calm:
            grow = 1.0 + 0.12 * max(0.0, math.sin(now * 2 * math.pi * 1.2))
            if grow > 1.01:
                size = round(img.get_width() * grow)
                img = pygame.transform.smoothscale(img, (size, size))
        surface.blit(img, img.get_rect(center=(round(c[0] * self.ppm), round(c[1] * self.ppm))))

    def _catch_up_feedback(self, now: float) -> None:
        r = self.round
        sounds = self.ctx.sounds
        names = {"pickup": "pickup", "snap": "chime", "back": "drop", "turn": "tap", "done": "star"}
        for kind, pid, t in r.feedback.events[self._events_seen :]:
            born = min(now, t)  # events from before a frame was drawn are already under way
            if sounds is not None:
                sounds.play(names[kind])
            p = self.board.piece(pid)
            if kind == "snap" and p.target is not None:
                x, y = self.px(p.target)
                self._sparkles.ring(x, y, born, 5 if self.ctx.calm else 10)
            if kind == "done":
                bx, by, bw, bh = self.board_px
                n = 10 if self.ctx.calm else 28
                for k in range(n):
                    u = k / n
                    if u < 0.25:
                        x, y = bx + bw * u * 4, by
                    elif u < 0.5:
                        x, y = bx + bw, by + bh * (u - 0.25) * 4
                    elif u < 0.75:
                        x, y = bx + bw * (1 - (u - 0.5) * 4), by + bh
                    else:
                        x, y = bx, by + bh * (1 - (u - 0.75) * 4)
                    away = math.atan2(y - (by + bh / 2), x - (bx + bw / 2))
                    self._sparkles.add(x, y, born, away, big=True)
        self._events_seen = len(r.feedback.events)


def round_(v: float) -> int:
    return int(round(v))


def draw_card(surface: pygame.Surface, rect: pygame.Rect, params) -> None:
    """The card for the round the child plays next: a shape board on the easy levels, the
    jigsaw once the ladder reaches jigsaws, so the picture matches the game that opens."""
    if getattr(params, "kind", None) == Kind.SHAPES:
        draw_shape_board_icon(surface, rect)
    else:
        draw_icon(surface, rect)


def draw_shape_board_icon(surface: pygame.Surface, rect: pygame.Rect) -> None:
    """A wooden board with a circle, a square and a triangle hole; the triangle is on its way."""
    pygame.draw.rect(surface, CARD, rect, border_radius=max(4, rect.w // 8))
    w, h = rect.w, rect.h
    board = pygame.Rect(0, 0, round(w * 0.8), round(h * 0.46))
    board.center = (rect.centerx, round(rect.y + h * 0.62))
    radius = max(3, board.h // 6)
    pygame.draw.rect(surface, WOOD_DARK, board.move(0, max(1, h // 50)), border_radius=radius)
    pygame.draw.rect(surface, WOOD, board, border_radius=radius)
    pygame.draw.rect(surface, WOOD_EDGE, board, max(1, w // 60), border_radius=radius)
    size = min(board.h * 0.6, board.w / 3 * 0.74)
    line = max(1, w // 60)
    for i, sid in enumerate(("circle", "square", "triangle")):
        shape = SHAPES[sid]
        cx = board.x + board.w * (i + 0.5) / 3
        cy = board.centery
        hole = [(cx + x * size, cy + y * size) for x, y in shape.outline]
        pygame.draw.polygon(surface, HOLE, hole)
        if i == 2:  # the last shape, lifted above its hole: "put it in"
            cx, cy = cx - size * 0.1, rect.y + h * 0.2
            dx, dy = max(1, w // 70), max(2, h // 45)
            shadow = [(cx + x * size + dx, cy + y * size + dy) for x, y in shape.outline]
            pygame.draw.polygon(surface, WOOD_EDGE, shadow)
        else:
            size_in = size * 0.94
            hole = [(cx + x * size_in, cy + y * size_in) for x, y in shape.outline]
        pts = [(cx + x * size, cy + y * size) for x, y in shape.outline] if i == 2 else hole
        pygame.draw.polygon(surface, shape.colour, pts)
        pygame.draw.polygon(surface, INK, pts, line)


def draw_icon(surface: pygame.Surface, rect: pygame.Rect) -> None:
    """The game's picture card: a jigsaw with its last piece about to go in."""
    pygame.draw.rect(surface, CARD, rect, border_radius=max(4, rect.w // 8))
    side = rect.w * 0.3
    ox, oy = rect.centerx - side, rect.centery - side * 0.85
    colours = [(232, 104, 104), (96, 160, 220), (246, 208, 90), (120, 190, 110)]
    tabs = [(0, 1, 1, 0), (0, 0, -1, -1), (-1, 1, 0, 0), (1, 0, 0, -1)]
    for i, (col, t) in enumerate(zip(colours, tabs, strict=True)):
        cx = ox + (i % 2 + 0.5) * side
        cy = oy + (i // 2 + 0.5) * side
        if i == 3:
            pts = [(cx + x * side, cy + y * side) for x, y in jigsaw_outline(t)]
            pygame.draw.polygon(surface, HOLE, pts)
            cx, cy = cx + side * 0.35, cy + side * 0.3
        pts = [(cx + x * side, cy + y * side) for x, y in jigsaw_outline(t)]
        pygame.draw.polygon(surface, col, pts)
        pygame.draw.polygon(surface, INK, pts, max(1, rect.w // 60))
