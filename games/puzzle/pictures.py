"""Renders the jigsaw pictures of ``content.PICTURES`` (drawing operations, no image files).

Drawn once per round at twice the size and smooth-scaled down (pygame's primitives are
aliased; supersampling is the cheap way to soft edges), then cut into pieces by the view.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pygame

from games.puzzle.content import PICTURES

OUTLINE = (84, 72, 78)  # the soft dark "sticker" outline of the app's art
SUPERSAMPLE = 2


def _outline_w(w: int, h: int) -> int:
    return max(2, round(0.012 * min(w, h)))


def draw_ops(surf: pygame.Surface, ops, rect: pygame.Rect) -> None:
    """Draw ``ops`` into ``rect`` of ``surf`` (unit coordinates of the rect)."""
    x0, y0, w, h = rect
    m = min(w, h)
    ow = _outline_w(w, h)

    def pt(u: float, v: float) -> tuple[float, float]:
        return x0 + u * w, y0 + v * h

    for op in ops:
        kind = op[0]
        colour = op[-1] if kind not in ("rect",) else op[5]
        outline = not (len(colour) == 4 and colour[3] == 0)
        rgb = colour[:3]
        if kind == "rect":
            _, x, y, rw, rh, _, radius = op
            r = pygame.Rect(round(x0 + x * w), round(y0 + y * h), round(rw * w), round(rh * h))
            br = round(radius * m)
            pygame.draw.rect(surf, rgb, r, border_radius=br)
            if outline:
                pygame.draw.rect(surf, OUTLINE, r, ow, border_radius=br)
        elif kind == "circle":
            _, cx, cy, r, _ = op
            pygame.draw.circle(surf, rgb, pt(cx, cy), r * m)
            if outline:
                pygame.draw.circle(surf, OUTLINE, pt(cx, cy), r * m, ow)
        elif kind == "ellipse":
            _, cx, cy, rx, ry, _ = op
            r = pygame.Rect(0, 0, round(2 * rx * w), round(2 * ry * h))
            r.center = (round(x0 + cx * w), round(y0 + cy * h))
            pygame.draw.ellipse(surf, rgb, r)
            if outline:
                pygame.draw.ellipse(surf, OUTLINE, r, ow)
        elif kind == "poly":
            pts = [pt(u, v) for u, v in op[1]]
            pygame.draw.polygon(surf, rgb, pts)
            if outline:
                pygame.draw.polygon(surf, OUTLINE, pts, ow)
        elif kind == "wave":
            _, yb, amp, waves, _ = op
            n = 64
            pts = [
                pt(i / n, yb + amp * math.sin(2 * math.pi * waves * i / n)) for i in range(n + 1)
            ]
            pygame.draw.polygon(surf, rgb, pts + [pt(1.0, 1.01), pt(0.0, 1.01)])
            if outline:
                pygame.draw.lines(surf, OUTLINE, False, pts, ow)
        elif kind == "rays":
            _, cx, cy, r0, r1, n, _ = op
            c = pt(cx, cy)
            for i in range(n):
                a = 2 * math.pi * i / n
                p0 = (c[0] + r0 * m * math.cos(a), c[1] + r0 * m * math.sin(a))
                p1 = (c[0] + r1 * m * math.cos(a), c[1] + r1 * m * math.sin(a))
                pygame.draw.line(surf, rgb, p0, p1, max(2, round(0.025 * m)))
        else:  # pragma: no cover - content is checked by the tests
            raise ValueError(f"unknown picture op {kind!r}")


@lru_cache(maxsize=8)
def render(name: str, size: tuple[int, int], supersample: int = SUPERSAMPLE) -> pygame.Surface:
    """The picture ``name`` at ``size`` px times ``supersample`` (shared: do not draw on it)."""
    w, h = size[0] * supersample, size[1] * supersample
    surf = pygame.Surface((w, h))
    surf.fill((255, 255, 255))
    draw_ops(surf, PICTURES[name], pygame.Rect(0, 0, w, h))
    return surf
