"""Program-drawn art shared by the child's screens and the games: no image files, no downloads.

Everything here is drawn with ``pygame.draw`` at 2-4x the requested size on a transparent
surface and ``smoothscale``-d down. Supersampling is the cheapest way to get smooth edges
from pygame's aliased primitives, and it keeps every picture a pure function of its
arguments, so the results are cached: drawing the same thing at the same size twice is one
dictionary look-up, and the screen code can call these functions every frame.

**Cached surfaces are shared: callers must not draw on them or change their alpha / colour
key.** Copy first (``surface.copy()``) if a picture needs changing.

The look is a "sticker": big simple shapes, a soft dark outline (high contrast helps
children with low vision), calm colours, kind eyes and a smile. Pre-readers find their way
by pictures alone, so each avatar has a distinct silhouette *and* colour, and the UI icons
are the conventional shapes (a house for home, a padlock for the grown-ups door).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

import pygame

from engine.avatar_names import AVATARS as _AVATAR_NAMES

RGB = tuple[int, int, int]
Point = tuple[float, float]

# --------------------------------------------------------------------------- palettes

#: A calm, friendly palette. Background matches the scene default in engine.scene.
PALETTE: Mapping[str, RGB] = MappingProxyType(
    {
        "background": (246, 241, 232),  # warm cream: softer than white on young eyes
        "card": (255, 252, 246),
        "ink": (62, 58, 66),  # dark grey, never pure black
        "ink_soft": (128, 122, 130),
        "shadow": (90, 70, 60),
        "primary": (84, 160, 214),  # friendly blue: the "go" buttons
        "secondary": (240, 150, 96),  # warm orange
        "success": (108, 186, 120),  # calm green for "well done"
        "gentle": (244, 196, 90),  # amber for "try again", never red
        "star": (255, 200, 60),
        "accent_red": (232, 104, 104),
        "accent_orange": (242, 156, 80),
        "accent_yellow": (246, 208, 90),
        "accent_green": (120, 190, 110),
        "accent_blue": (96, 160, 220),
        "accent_purple": (160, 128, 208),
    }
)

#: Same keys, built on the Okabe-Ito set so hues stay distinct with any colour vision.
PALETTE_COLOURBLIND: Mapping[str, RGB] = MappingProxyType(
    {
        "background": (246, 241, 232),
        "card": (255, 252, 246),
        "ink": (40, 40, 40),
        "ink_soft": (110, 110, 110),
        "shadow": (60, 60, 60),
        "primary": (0, 114, 178),  # blue
        "secondary": (230, 159, 0),  # orange
        "success": (0, 158, 115),  # bluish green
        "gentle": (240, 228, 66),  # yellow
        "star": (240, 200, 40),
        "accent_red": (213, 94, 0),  # vermillion
        "accent_orange": (230, 159, 0),
        "accent_yellow": (240, 228, 66),
        "accent_green": (0, 158, 115),
        "accent_blue": (86, 180, 233),  # sky blue
        "accent_purple": (204, 121, 167),  # reddish purple
    }
)


def palette(colourblind: bool = False) -> Mapping[str, RGB]:
    """The palette to draw with; one switch so every screen follows the grown-up setting."""
    return PALETTE_COLOURBLIND if colourblind else PALETTE


# --------------------------------------------------------------------------- drawing kit

_INK: RGB = (66, 56, 62)  # outline of avatars and stickers: a soft plum-grey
_CLEAR = (0, 0, 0, 0)


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    """Blend two colours; used for blush and shading so they follow each animal's colour."""
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _supersample(size: int) -> int:
    """Small pictures need more oversampling for the same smoothness; big ones are slow.

    Only powers of two: pygame-ce's SSE2 smoothscale loses a little at 3x (a flat 250
    becomes 248, opaque alpha 253), which would let the background show through faintly.
    """
    return 4 if size <= 200 else 2


def _ellipse_pts(
    cx: float, cy: float, rx: float, ry: float, angle: float = 0.0, n: int = 48
) -> list[Point]:
    """Points round an ellipse rotated by ``angle`` degrees (pygame cannot rotate ellipses)."""
    a = math.radians(angle)
    ca, sa = math.cos(a), math.sin(a)
    pts = []
    for i in range(n):
        t = 2 * math.pi * i / n
        x, y = rx * math.cos(t), ry * math.sin(t)
        pts.append((cx + x * ca - y * sa, cy + x * sa + y * ca))
    return pts


def _arc_pts(
    cx: float, cy: float, rx: float, ry: float, a0: float, a1: float, n: int = 16
) -> list[Point]:
    """Points along an elliptical arc from ``a0`` to ``a1`` degrees (0 = right, 90 = down)."""
    out = []
    for i in range(n + 1):
        t = math.radians(a0 + (a1 - a0) * i / n)
        out.append((cx + rx * math.cos(t), cy + ry * math.sin(t)))
    return out


def _ring_pts(cx: float, cy: float, r_out: float, r_in: float, a0: float, a1: float) -> list[Point]:
    """A thick arc as one polygon: smoother than pygame.draw.arc, which leaves pin-holes."""
    n = max(8, int(abs(a1 - a0) / 6))
    return _arc_pts(cx, cy, r_out, r_out, a0, a1, n) + _arc_pts(cx, cy, r_in, r_in, a1, a0, n)


def _star_pts(cx: float, cy: float, r_out: float, r_in: float, points: int = 5) -> list[Point]:
    """A star with one point straight up."""
    pts = []
    for i in range(points * 2):
        r = r_out if i % 2 == 0 else r_in
        t = -math.pi / 2 + math.pi * i / points
        pts.append((cx + r * math.cos(t), cy + r * math.sin(t)))
    return pts


class _Pen:
    """Draws in unit coordinates (0..1 across the picture) on a supersampled canvas.

    Every filled shape can get an outline: the shape is first drawn in ink, grown by the
    outline width, then filled. Later shapes overlap earlier ones, which gives the cartoon
    look for free (a head drawn after the ears gets a line where they meet).
    """

    def __init__(
        self,
        size: int | tuple[int, int],
        ink: RGB = _INK,
        outline: float = 0.028,
    ) -> None:
        w, h = (size, size) if isinstance(size, int) else size
        self.size = (w, h)
        self.ss = _supersample(max(w, h))
        self.scale = max(w, h) * self.ss  # unit length in canvas pixels
        self.surf = pygame.Surface((w * self.ss, h * self.ss), pygame.SRCALPHA)
        # Transparent pixels keep the ink's RGB so smoothscale (not premultiplied) does not
        # pull the edge pixels towards black: the anti-aliased rim stays the outline colour.
        self.surf.fill((*ink, 0))
        self.ink = ink
        self.ow = outline

    # -- coordinates
    def _p(self, pts: Iterable[Point]) -> list[tuple[float, float]]:
        s = self.scale
        return [(x * s, y * s) for x, y in pts]

    def clear_colour(self) -> tuple[int, int, int, int]:
        """Colour for cut-outs: transparent but with the ink's RGB (see __init__)."""
        return (*self.ink, 0)

    # -- primitives (unit coordinates)
    def ellipse(
        self,
        cx: float,
        cy: float,
        rx: float,
        ry: float,
        fill: RGB | tuple[int, int, int, int],
        outline: bool = True,
        angle: float = 0.0,
    ) -> None:
        """A filled ellipse, optionally rotated and outlined."""
        layers = [(self.ink, self.ow)] if outline and self.ow > 0 else []
        layers.append((fill, 0.0))
        for colour, grow in layers:
            if angle % 180 == 0:
                s = self.scale
                rect = pygame.Rect(0, 0, round(2 * (rx + grow) * s), round(2 * (ry + grow) * s))
                rect.center = (round(cx * s), round(cy * s))
                pygame.draw.ellipse(self.surf, colour, rect)
            else:
                n = 64
                pts = _ellipse_pts(cx, cy, rx + grow, ry + grow, angle, n)
                pygame.draw.polygon(self.surf, colour, self._p(pts))

    def circle(self, cx: float, cy: float, r: float, fill: RGB, outline: bool = True) -> None:
        """A filled circle (an ellipse with equal radii)."""
        self.ellipse(cx, cy, r, r, fill, outline)

    def stroke(
        self,
        pts: Sequence[Point],
        width: float,
        colour: RGB | tuple[int, int, int, int] | None = None,
        closed: bool = False,
    ) -> None:
        """A polyline with round joints and caps, ``width`` in units."""
        colour = self.ink if colour is None else colour
        s = self.scale
        half = width * s / 2
        cpts = self._p(pts)
        if closed:
            cpts = cpts + cpts[:1]
        for (x0, y0), (x1, y1) in zip(cpts, cpts[1:], strict=False):
            dx, dy = x1 - x0, y1 - y0
            length = math.hypot(dx, dy)
            if length == 0:
                continue
            nx, ny = -dy / length * half, dx / length * half
            quad = [(x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny)]
            pygame.draw.polygon(self.surf, colour, quad)
        for x, y in cpts:
            pygame.draw.circle(self.surf, colour, (x, y), half)

    def poly(
        self,
        pts: Sequence[Point],
        fill: RGB | tuple[int, int, int, int],
        outline: bool = True,
        round_r: float = 0.0,
    ) -> None:
        """A filled polygon; ``round_r`` rounds its corners (soft shapes, no sharp tips)."""
        if outline and self.ow > 0:
            self.stroke(pts, 2 * (self.ow + round_r), self.ink, closed=True)
            pygame.draw.polygon(self.surf, self.ink, self._p(pts))
        if round_r > 0:
            self.stroke(pts, 2 * round_r, fill, closed=True)
        pygame.draw.polygon(self.surf, fill, self._p(pts))

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        fill: RGB | tuple[int, int, int, int],
        radius: float = 0.0,
        outline: bool = True,
    ) -> None:
        """A rounded rectangle in units."""
        s = self.scale
        layers = [(self.ink, self.ow)] if outline and self.ow > 0 else []
        layers.append((fill, 0.0))
        for colour, grow in layers:
            r = pygame.Rect(
                round((x - grow) * s),
                round((y - grow) * s),
                round((w + 2 * grow) * s),
                round((h + 2 * grow) * s),
            )
            pygame.draw.rect(self.surf, colour, r, border_radius=round((radius + grow) * s))

    # -- face parts
    def eye(self, cx: float, cy: float, r: float = 0.048) -> None:
        """A kind eye: a dark oval with a big catch-light (eyes that shine read as friendly)."""
        self.ellipse(cx, cy, r * 0.82, r, self.ink, outline=False)
        self.circle(cx - r * 0.28, cy - r * 0.38, r * 0.36, (255, 255, 255), outline=False)
        self.circle(cx + r * 0.3, cy + r * 0.4, r * 0.14, (255, 255, 255), outline=False)

    def smile(self, cx: float, cy: float, w: float, h: float, width: float = 0.022) -> None:
        """An upward curve below (cx, cy)."""
        self.stroke(_arc_pts(cx, cy, w / 2, h, 20, 160, 14), width)

    def blush(self, cx: float, cy: float, face: RGB, r: float = 0.055, t: float = 0.38) -> None:
        """Rosy cheeks, tinted from the face colour so they stay soft on every animal."""
        self.ellipse(cx, cy, r * 1.2, r * 0.75, _mix(face, (255, 120, 140), t), outline=False)

    def done(self) -> pygame.Surface:
        """Scale the canvas down to the requested size: this is the anti-aliasing step."""
        return pygame.transform.smoothscale(self.surf, self.size)


def _smooth(pts: Sequence[Point], iterations: int = 3) -> list[Point]:
    """Chaikin corner cutting: turns a few hand-placed points into a smooth closed outline."""
    out = list(pts)
    for _ in range(iterations):
        nxt = []
        for (x0, y0), (x1, y1) in zip(out, out[1:] + out[:1], strict=True):
            nxt.append((0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1))
            nxt.append((0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1))
        out = nxt
    return out


def _mirror(pts: Iterable[Point]) -> list[Point]:
    """Mirror points across the vertical centre line (faces are symmetric)."""
    return [(1.0 - x, y) for x, y in pts]


# --------------------------------------------------------------------------- avatars

PINK_INNER: RGB = (248, 184, 196)
WHITE: RGB = (255, 255, 255)
CREAM: RGB = (252, 240, 220)


def _cat(p: _Pen) -> None:
    face: RGB = (247, 186, 112)
    dark = _mix(face, (200, 110, 40), 0.5)
    for side in (lambda q: q, _mirror):
        p.poly(side([(0.16, 0.46), (0.2, 0.1), (0.45, 0.3)]), face, round_r=0.035)
        p.poly(side([(0.23, 0.38), (0.245, 0.2), (0.37, 0.3)]), PINK_INNER, False, 0.02)
    p.ellipse(0.5, 0.58, 0.36, 0.3, face)
    # tabby stripes on the forehead
    for x, top in ((0.44, 0.3), (0.5, 0.29), (0.56, 0.3)):
        p.stroke([(x, top), (x, top + 0.07)], 0.03, dark)
    p.eye(0.37, 0.55)
    p.eye(0.63, 0.55)
    p.blush(0.27, 0.66, face)
    p.blush(0.73, 0.66, face)
    p.poly([(0.46, 0.635), (0.54, 0.635), (0.5, 0.675)], PINK_INNER, round_r=0.012)
    # the cat's "w" mouth
    p.stroke(_arc_pts(0.465, 0.69, 0.035, 0.03, 10, 170, 10), 0.018)
    p.stroke(_arc_pts(0.535, 0.69, 0.035, 0.03, 10, 170, 10), 0.018)
    for side in (lambda q: q, _mirror):
        p.stroke(side([(0.3, 0.645), (0.08, 0.6)]), 0.014)
        p.stroke(side([(0.3, 0.685), (0.08, 0.7)]), 0.014)


def _dog(p: _Pen) -> None:
    face: RGB = (222, 178, 128)
    ear: RGB = (150, 102, 72)
    p.ellipse(0.5, 0.56, 0.31, 0.32, face)
    # a patch over one eye: the classic "puppy" cue
    p.ellipse(0.64, 0.49, 0.09, 0.1, _mix(face, ear, 0.55), outline=False, angle=-20)
    # floppy ears hang over the sides of the head
    p.ellipse(0.17, 0.5, 0.1, 0.22, ear, angle=18)
    p.ellipse(0.83, 0.5, 0.1, 0.22, ear, angle=-18)
    p.ellipse(0.5, 0.72, 0.16, 0.12, CREAM)
    p.eye(0.39, 0.5)
    p.eye(0.62, 0.5)
    # tongue first, the smile line then sits over its top edge
    p.ellipse(0.5, 0.79, 0.045, 0.05, (238, 120, 130))
    p.ellipse(0.5, 0.66, 0.065, 0.045, p.ink, outline=False)
    p.circle(0.48, 0.652, 0.015, (140, 130, 140), outline=False)
    p.stroke([(0.5, 0.7), (0.5, 0.74)], 0.018)
    p.stroke(_arc_pts(0.45, 0.735, 0.05, 0.035, 10, 170, 10), 0.018)
    p.stroke(_arc_pts(0.55, 0.735, 0.05, 0.035, 10, 170, 10), 0.018)
    p.blush(0.3, 0.64, face)
    p.blush(0.7, 0.64, face)


def _bear(p: _Pen) -> None:
    face: RGB = (178, 128, 92)
    light: RGB = (232, 200, 160)
    for x in (0.23, 0.77):
        p.circle(x, 0.3, 0.11, face)
        p.circle(x, 0.3, 0.06, light, outline=False)
    p.ellipse(0.5, 0.58, 0.35, 0.31, face)
    p.ellipse(0.5, 0.68, 0.14, 0.11, light)
    p.eye(0.37, 0.52)
    p.eye(0.63, 0.52)
    p.ellipse(0.5, 0.63, 0.055, 0.038, p.ink, outline=False)
    p.circle(0.485, 0.622, 0.013, (150, 140, 150), outline=False)
    p.stroke([(0.5, 0.66), (0.5, 0.7)], 0.018)
    p.smile(0.5, 0.67, 0.12, 0.05)
    p.blush(0.25, 0.64, face)
    p.blush(0.75, 0.64, face)


def _bunny(p: _Pen) -> None:
    face: RGB = (238, 234, 246)
    p.ellipse(0.37, 0.25, 0.075, 0.2, face, angle=-10)
    p.ellipse(0.37, 0.27, 0.038, 0.14, PINK_INNER, outline=False, angle=-10)
    p.ellipse(0.63, 0.25, 0.075, 0.2, face, angle=10)
    p.ellipse(0.63, 0.27, 0.038, 0.14, PINK_INNER, outline=False, angle=10)
    p.ellipse(0.5, 0.64, 0.32, 0.27, face)
    p.eye(0.38, 0.6)
    p.eye(0.62, 0.6)
    p.blush(0.27, 0.7, face)
    p.blush(0.73, 0.7, face)
    p.rect(0.465, 0.74, 0.07, 0.06, WHITE, radius=0.015)
    p.stroke([(0.5, 0.745), (0.5, 0.79)], 0.012)
    p.ellipse(0.5, 0.69, 0.032, 0.024, (240, 140, 170))
    p.stroke(_arc_pts(0.465, 0.72, 0.035, 0.03, 10, 170, 10), 0.018)
    p.stroke(_arc_pts(0.535, 0.72, 0.035, 0.03, 10, 170, 10), 0.018)


def _frog(p: _Pen) -> None:
    face: RGB = (144, 204, 112)
    p.ellipse(0.5, 0.62, 0.4, 0.27, face)
    # eyes sit on top of the head in their own bumps: the frog silhouette
    for x in (0.31, 0.69):
        p.circle(x, 0.38, 0.13, face)
        p.circle(x, 0.38, 0.085, WHITE, outline=False)
        p.eye(x, 0.39, 0.05)
    # pure pink over green would look brown: start from a pale green instead
    p.blush(0.24, 0.68, (236, 240, 220), 0.06, 0.5)
    p.blush(0.76, 0.68, (236, 240, 220), 0.06, 0.5)
    p.circle(0.46, 0.56, 0.012, p.ink, outline=False)
    p.circle(0.54, 0.56, 0.012, p.ink, outline=False)
    p.stroke(_arc_pts(0.5, 0.6, 0.2, 0.12, 15, 165, 20), 0.022)


def _owl(p: _Pen) -> None:
    face: RGB = (178, 158, 214)
    # feather tufts grow out of the head as one silhouette (no line where they meet), so
    # they read as an owl's "horns" rather than a cat's ears
    tufts = [
        [(0.2, 0.4), (0.15, 0.12), (0.4, 0.3)],
        _mirror([(0.2, 0.4), (0.15, 0.12), (0.4, 0.3)]),
    ]
    for t in tufts:
        p.poly(t, face, round_r=0.02)
    p.ellipse(0.5, 0.57, 0.35, 0.36, face)
    for t in tufts:
        p.poly(t, face, outline=False, round_r=0.02)
    p.ellipse(0.5, 0.57, 0.35, 0.36, face, outline=False)
    p.ellipse(0.5, 0.82, 0.19, 0.1, _mix(face, WHITE, 0.55), outline=False)
    feather = _mix(face, p.ink, 0.35)
    for x, y in ((0.44, 0.79), (0.56, 0.79), (0.5, 0.85)):
        p.stroke([(x - 0.03, y - 0.015), (x, y + 0.015), (x + 0.03, y - 0.015)], 0.014, feather)
    for x in (0.365, 0.635):
        p.circle(x, 0.48, 0.125, (252, 244, 226))
        p.eye(x, 0.49, 0.062)
    p.poly([(0.45, 0.59), (0.55, 0.59), (0.5, 0.68)], (246, 168, 72), round_r=0.018)


def _fox(p: _Pen) -> None:
    face: RGB = (238, 142, 74)
    for side in (lambda q: q, _mirror):
        p.poly(side([(0.15, 0.44), (0.17, 0.08), (0.44, 0.28)]), face, round_r=0.025)
        p.poly(side([(0.22, 0.36), (0.215, 0.18), (0.34, 0.28)]), (255, 228, 200), False, 0.015)
    head = [
        (0.12, 0.5),
        (0.18, 0.36),
        (0.32, 0.27),
        (0.5, 0.25),
        (0.68, 0.27),
        (0.82, 0.36),
        (0.88, 0.5),
        (0.8, 0.62),
        (0.62, 0.74),
        (0.5, 0.8),
        (0.38, 0.74),
        (0.2, 0.62),
    ]
    p.poly(_smooth(head), face)
    # white cheeks meeting at the chin: the fox's mask
    cheek = [
        (0.12, 0.52),
        (0.24, 0.56),
        (0.38, 0.6),
        (0.5, 0.66),
        (0.62, 0.6),
        (0.76, 0.56),
        (0.88, 0.52),
        (0.8, 0.63),
        (0.62, 0.75),
        (0.5, 0.8),
        (0.38, 0.75),
        (0.2, 0.63),
    ]
    p.poly(_smooth(cheek, 2), (255, 248, 238), outline=False)
    p.eye(0.37, 0.5)
    p.eye(0.63, 0.5)
    p.ellipse(0.5, 0.72, 0.05, 0.035, p.ink, outline=False)
    p.smile(0.5, 0.73, 0.1, 0.04, 0.016)
    p.blush(0.26, 0.6, (255, 248, 238), 0.045)
    p.blush(0.74, 0.6, (255, 248, 238), 0.045)


def _lion(p: _Pen) -> None:
    face: RGB = (248, 206, 108)
    mane: RGB = (214, 128, 64)
    n = 12
    for i in range(n):
        t = 2 * math.pi * i / n
        p.circle(0.5 + 0.33 * math.cos(t), 0.52 + 0.33 * math.sin(t), 0.105, mane)
    p.circle(0.5, 0.52, 0.36, mane, outline=False)
    for x in (0.31, 0.69):
        p.circle(x, 0.32, 0.07, face)
        p.circle(x, 0.32, 0.035, _mix(face, mane, 0.4), outline=False)
    p.ellipse(0.5, 0.55, 0.27, 0.26, face)
    p.eye(0.4, 0.5, 0.043)
    p.eye(0.6, 0.5, 0.043)
    p.circle(0.455, 0.64, 0.06, (255, 238, 200), outline=False)
    p.circle(0.545, 0.64, 0.06, (255, 238, 200), outline=False)
    p.poly([(0.46, 0.585), (0.54, 0.585), (0.5, 0.625)], (150, 90, 60), round_r=0.015)
    p.stroke([(0.5, 0.62), (0.5, 0.655)], 0.016)
    p.smile(0.5, 0.655, 0.1, 0.035, 0.016)
    p.blush(0.33, 0.62, face, 0.045)
    p.blush(0.67, 0.62, face, 0.045)


def _panda(p: _Pen) -> None:
    face: RGB = (250, 250, 248)
    black: RGB = (60, 58, 66)
    for x in (0.23, 0.77):
        p.circle(x, 0.3, 0.11, black)
    p.ellipse(0.5, 0.58, 0.36, 0.31, face)
    p.ellipse(0.36, 0.54, 0.085, 0.105, black, outline=False, angle=35)
    p.ellipse(0.64, 0.54, 0.085, 0.105, black, outline=False, angle=-35)
    for x in (0.365, 0.635):
        p.circle(x, 0.525, 0.04, WHITE, outline=False)
        p.eye(x, 0.527, 0.033)
    p.ellipse(0.5, 0.64, 0.045, 0.032, black, outline=False)
    p.stroke([(0.5, 0.66), (0.5, 0.69)], 0.016)
    p.smile(0.5, 0.665, 0.1, 0.04, 0.016)
    p.blush(0.25, 0.67, (248, 230, 230), 0.05)
    p.blush(0.75, 0.67, (248, 230, 230), 0.05)


def _pig(p: _Pen) -> None:
    face: RGB = (248, 186, 194)
    dark = _mix(face, (220, 100, 130), 0.4)
    for side in (lambda q: q, _mirror):
        # small ears tipped outwards and forwards, unlike the cat's tall upright ones
        p.poly(side([(0.21, 0.4), (0.12, 0.19), (0.37, 0.3)]), face, round_r=0.04)
        p.poly(side([(0.215, 0.35), (0.175, 0.25), (0.3, 0.31)]), dark, False, 0.02)
    p.ellipse(0.5, 0.58, 0.36, 0.3, face)
    p.eye(0.36, 0.5)
    p.eye(0.64, 0.5)
    p.ellipse(0.5, 0.64, 0.13, 0.085, dark)
    p.ellipse(0.46, 0.64, 0.022, 0.035, _mix(dark, p.ink, 0.6), outline=False)
    p.ellipse(0.54, 0.64, 0.022, 0.035, _mix(dark, p.ink, 0.6), outline=False)
    p.smile(0.5, 0.73, 0.12, 0.045, 0.018)
    p.blush(0.25, 0.64, face)
    p.blush(0.75, 0.64, face)


def _mouse(p: _Pen) -> None:
    face: RGB = (196, 196, 210)
    for x in (0.22, 0.78):
        p.circle(x, 0.31, 0.17, face)
        p.circle(x, 0.31, 0.11, PINK_INNER, outline=False)
    p.ellipse(0.5, 0.62, 0.28, 0.26, face)
    p.eye(0.4, 0.58, 0.044)
    p.eye(0.6, 0.58, 0.044)
    p.circle(0.5, 0.69, 0.03, (240, 130, 160))
    p.smile(0.5, 0.71, 0.08, 0.035, 0.016)
    p.blush(0.32, 0.69, face, 0.045)
    p.blush(0.68, 0.69, face, 0.045)
    for side in (lambda q: q, _mirror):
        p.stroke(side([(0.36, 0.7), (0.12, 0.66)]), 0.013)
        p.stroke(side([(0.36, 0.73), (0.12, 0.76)]), 0.013)


def _penguin(p: _Pen) -> None:
    navy: RGB = (64, 76, 104)
    p.ellipse(0.5, 0.56, 0.35, 0.35, navy)
    # the white face is a heart: two circles and a round chin
    for x in (0.4, 0.6):
        p.circle(x, 0.52, 0.15, WHITE, outline=False)
    p.ellipse(0.5, 0.66, 0.23, 0.2, WHITE, outline=False)
    p.poly([(0.43, 0.38), (0.5, 0.44), (0.57, 0.38), (0.5, 0.3)], navy, outline=False)
    p.eye(0.4, 0.52)
    p.eye(0.6, 0.52)
    p.poly([(0.43, 0.6), (0.57, 0.6), (0.5, 0.68)], (248, 172, 64), round_r=0.02)
    p.blush(0.31, 0.63, WHITE, 0.05)
    p.blush(0.69, 0.63, WHITE, 0.05)
    p.stroke(_arc_pts(0.5, 0.67, 0.07, 0.05, 30, 150, 10), 0.016)


def _neutral(p: _Pen) -> None:
    """A plain smiling face: what an unknown avatar name shows instead of an error."""
    face: RGB = (250, 216, 112)
    p.circle(0.5, 0.5, 0.4, face)
    p.eye(0.37, 0.45, 0.055)
    p.eye(0.63, 0.45, 0.055)
    p.blush(0.26, 0.58, face, 0.06)
    p.blush(0.74, 0.58, face, 0.06)
    p.smile(0.5, 0.57, 0.24, 0.1, 0.028)


_AVATAR_DRAW: dict[str, Callable[[_Pen], None]] = {
    "cat": _cat,
    "dog": _dog,
    "bear": _bear,
    "bunny": _bunny,
    "frog": _frog,
    "owl": _owl,
    "fox": _fox,
    "lion": _lion,
    "panda": _panda,
    "pig": _pig,
    "mouse": _mouse,
    "penguin": _penguin,
}

#: Avatar names in the order the picker shows them (named in ``engine.avatar_names``).
AVATARS: tuple[str, ...] = _AVATAR_NAMES
if tuple(_AVATAR_DRAW) != AVATARS:
    raise RuntimeError("engine.avatar_names and the avatars art draws must list the same names")

#: A pastel card behind each avatar, chosen to contrast with the animal's own colour.
AVATAR_COLOURS: dict[str, RGB] = {
    "cat": (190, 222, 242),
    "dog": (200, 232, 200),
    "bear": (252, 226, 178),
    "bunny": (206, 214, 248),
    "frog": (255, 236, 168),
    "owl": (252, 218, 196),
    "fox": (196, 232, 226),
    "lion": (214, 202, 242),
    "panda": (206, 234, 184),
    "pig": (200, 226, 250),
    "mouse": (255, 214, 222),
    "penguin": (190, 232, 246),
}
NEUTRAL_COLOUR: RGB = (230, 226, 218)


@lru_cache(maxsize=256)
def avatar(name: str, size: int) -> pygame.Surface:
    """A square, transparent picture of the avatar ``name``; shared, do not mutate.

    An unknown name (a stored profile from a newer version, a typo) draws a neutral smiling
    face: a child should never meet an error because of a picture.
    """
    pen = _Pen(max(1, int(size)))
    _AVATAR_DRAW.get(name, _neutral)(pen)
    return pen.done()


def avatar_colour(name: str) -> RGB:
    """The card colour for ``name``, neutral for unknown names (mirrors :func:`avatar`)."""
    return AVATAR_COLOURS.get(name, NEUTRAL_COLOUR)


# --------------------------------------------------------------------------- star & stickers

STAR_GOLD: RGB = (255, 204, 64)
STAR_EDGE: RGB = (214, 146, 34)
STAR_EMPTY: RGB = (236, 228, 214)
STAR_EMPTY_EDGE: RGB = (196, 186, 172)


@lru_cache(maxsize=256)
def star(size: int, filled: bool = True) -> pygame.Surface:
    """A rounded five-point star; ``filled=False`` is the pale "still to earn" slot.

    Shared surface: do not mutate.
    """
    edge = STAR_EDGE if filled else STAR_EMPTY_EDGE
    pen = _Pen(max(1, int(size)), ink=edge, outline=0.035)
    pts = _star_pts(0.5, 0.53, 0.4, 0.19)
    pen.poly(pts, STAR_GOLD if filled else STAR_EMPTY, round_r=0.045)
    if filled:
        pen.ellipse(0.4, 0.42, 0.05, 0.03, (255, 240, 190), outline=False, angle=-35)
    return pen.done()


def _sun(p: _Pen) -> None:
    n = 10
    for i in range(n):
        t = 2 * math.pi * i / n
        c, s = math.cos(t), math.sin(t)
        w = 0.07
        tri = [
            (0.5 + 0.28 * c - w * s, 0.5 + 0.28 * s + w * c),
            (0.5 + 0.44 * c, 0.5 + 0.44 * s),
            (0.5 + 0.28 * c + w * s, 0.5 + 0.28 * s - w * c),
        ]
        p.poly(tri, (250, 170, 60), round_r=0.02)
    face: RGB = (255, 212, 80)
    p.circle(0.5, 0.5, 0.28, face)
    p.eye(0.41, 0.46, 0.04)
    p.eye(0.59, 0.46, 0.04)
    p.blush(0.34, 0.56, face, 0.04)
    p.blush(0.66, 0.56, face, 0.04)
    p.smile(0.5, 0.54, 0.16, 0.07, 0.022)


def _rainbow(p: _Pen) -> None:
    bands: list[RGB] = [
        (236, 110, 110),
        (246, 170, 80),
        (250, 218, 90),
        (130, 200, 110),
        (100, 166, 226),
        (164, 130, 212),
    ]
    cx, cy, r = 0.5, 0.66, 0.42
    step = 0.045
    p.circle(cx, cy, r, bands[0])
    for i, colour in enumerate(bands[1:], start=1):
        p.circle(cx, cy, r - i * step, colour, outline=False)
    p.circle(cx, cy, r - len(bands) * step, p.clear_colour(), outline=True)
    p.circle(cx, cy, r - len(bands) * step - p.ow, p.clear_colour(), outline=False)
    s = p.scale
    pygame.draw.rect(p.surf, p.clear_colour(), (0, round(cy * s), s, s))
    p.stroke([(cx - r - p.ow / 2, cy), (cx - r + len(bands) * step + p.ow / 2, cy)], p.ow)
    p.stroke([(cx + r - len(bands) * step - p.ow / 2, cy), (cx + r + p.ow / 2, cy)], p.ow)
    # clouds hide the ends
    for x in (0.18, 0.82):
        for dx, dy, rr in ((-0.07, 0.03, 0.07), (0.07, 0.03, 0.07), (0.0, -0.01, 0.09)):
            p.circle(x + dx, cy + dy, rr, WHITE)
        for dx, dy, rr in ((-0.07, 0.03, 0.07), (0.07, 0.03, 0.07), (0.0, -0.01, 0.09)):
            p.circle(x + dx, cy + dy, rr, WHITE, outline=False)


def _heart_pts(cx: float, cy: float, scale: float, n: int = 64) -> list[Point]:
    """The classic parametric heart, about 2*scale wide."""
    pts = []
    for i in range(n):
        t = 2 * math.pi * i / n
        x = 16 * math.sin(t) ** 3
        y = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        pts.append((cx + x / 16 * scale, cy - y / 16 * scale))
    return pts


def _heart(p: _Pen) -> None:
    p.poly(_heart_pts(0.5, 0.5, 0.4), (238, 96, 112), round_r=0.01)
    p.ellipse(0.34, 0.36, 0.06, 0.04, (250, 170, 180), outline=False, angle=-40)


def _flower(p: _Pen) -> None:
    green: RGB = (110, 180, 100)
    p.stroke([(0.5, 0.52), (0.5, 0.94)], 0.05 + 2 * p.ow)
    p.stroke([(0.5, 0.52), (0.5, 0.94)], 0.05, green)
    p.ellipse(0.64, 0.78, 0.1, 0.05, green, angle=-30)
    p.ellipse(0.36, 0.84, 0.1, 0.05, green, angle=30)
    petal: RGB = (240, 140, 180)
    for i in range(6):
        t = 2 * math.pi * i / 6 - math.pi / 2
        p.circle(0.5 + 0.19 * math.cos(t), 0.37 + 0.19 * math.sin(t), 0.12, petal)
    for i in range(6):
        t = 2 * math.pi * i / 6 - math.pi / 2
        p.circle(0.5 + 0.19 * math.cos(t), 0.37 + 0.19 * math.sin(t), 0.12, petal, outline=False)
    p.circle(0.5, 0.37, 0.12, (255, 208, 80))
    p.eye(0.455, 0.35, 0.025)
    p.eye(0.545, 0.35, 0.025)
    p.smile(0.5, 0.39, 0.07, 0.03, 0.014)


def _rocket(p: _Pen) -> None:
    red: RGB = (232, 100, 100)
    body: RGB = (240, 240, 246)
    # flame
    p.poly([(0.4, 0.78), (0.6, 0.78), (0.5, 0.97)], (250, 170, 60), round_r=0.03)
    p.poly([(0.45, 0.78), (0.55, 0.78), (0.5, 0.9)], (255, 224, 110), False, 0.02)
    # fins
    p.poly([(0.36, 0.58), (0.22, 0.8), (0.38, 0.78)], red, round_r=0.025)
    p.poly(_mirror([(0.36, 0.58), (0.22, 0.8), (0.38, 0.78)]), red, round_r=0.025)
    hull = _arc_pts(0.5, 0.78, 0.15, 0.72, 180, 360, 24)
    hull = [(x, min(y, 0.8)) for x, y in hull]
    p.poly(hull, body, round_r=0.02)
    # nose cone: the top of the hull again, in red
    cone = [(x, y) for x, y in _arc_pts(0.5, 0.78, 0.15, 0.72, 180, 360, 48) if y <= 0.25]
    p.poly(cone, red, outline=False, round_r=0.01)
    p.stroke([cone[0], cone[-1]], p.ow)
    p.circle(0.5, 0.45, 0.075, (120, 190, 240))
    p.ellipse(0.48, 0.43, 0.025, 0.018, (220, 240, 255), outline=False, angle=-30)
    p.rect(0.43, 0.77, 0.14, 0.04, red, radius=0.01)


def _balloon(p: _Pen) -> None:
    col: RGB = (96, 170, 230)
    p.stroke(
        [(0.5, 0.7), (0.53, 0.77), (0.47, 0.84), (0.53, 0.91), (0.5, 0.97)],
        0.016,
    )
    p.poly([(0.5, 0.7), (0.45, 0.76), (0.55, 0.76)], col, round_r=0.015)
    p.poly(_ellipse_pts(0.5, 0.38, 0.27, 0.33, 0, 48)[::1], col)
    p.ellipse(0.4, 0.28, 0.05, 0.09, (190, 224, 250), outline=False, angle=30)


def _fish(p: _Pen) -> None:
    col: RGB = (250, 160, 80)
    fin = _mix(col, (230, 100, 60), 0.5)
    p.poly([(0.7, 0.5), (0.93, 0.3), (0.93, 0.7)], fin, round_r=0.04)
    p.poly([(0.42, 0.3), (0.5, 0.2), (0.6, 0.32)], fin, round_r=0.03)
    p.ellipse(0.44, 0.5, 0.34, 0.22, col)
    for x in (0.48, 0.58):
        p.stroke(_arc_pts(x, 0.5, 0.08, 0.14, -70, 70, 10), 0.02, fin)
    p.eye(0.27, 0.46, 0.045)
    p.smile(0.24, 0.56, 0.07, 0.03, 0.016)
    p.blush(0.33, 0.56, col, 0.035)
    for x, y, r in ((0.1, 0.28, 0.035), (0.16, 0.17, 0.025)):
        p.circle(x, y, r, (200, 232, 250))


def _tree(p: _Pen) -> None:
    green: RGB = (116, 184, 96)
    p.rect(0.44, 0.55, 0.12, 0.38, (160, 110, 74), radius=0.03)
    for cx, cy, r in (
        (0.32, 0.46, 0.17),
        (0.68, 0.46, 0.17),
        (0.5, 0.5, 0.2),
        (0.4, 0.28, 0.18),
        (0.6, 0.28, 0.18),
    ):
        p.circle(cx, cy, r, green)
    for cx, cy, r in (
        (0.32, 0.46, 0.17),
        (0.68, 0.46, 0.17),
        (0.5, 0.5, 0.2),
        (0.4, 0.28, 0.18),
        (0.6, 0.28, 0.18),
    ):
        p.circle(cx, cy, r, green, outline=False)
    for x, y in ((0.36, 0.4), (0.62, 0.3), (0.58, 0.52), (0.3, 0.54), (0.46, 0.22)):
        p.circle(x, y, 0.04, (236, 96, 96))
        p.circle(x - 0.012, y - 0.012, 0.01, (255, 200, 200), outline=False)


_STICKER_DRAW: dict[str, Callable[[_Pen], None]] = {
    "sun": _sun,
    "rainbow": _rainbow,
    "heart": _heart,
    "flower": _flower,
    "rocket": _rocket,
    "balloon": _balloon,
    "fish": _fish,
    "tree": _tree,
}

#: Reward sticker designs, in the order the sticker book shows them.
STICKERS: tuple[str, ...] = tuple(_STICKER_DRAW)


@lru_cache(maxsize=256)
def sticker(name: str, size: int) -> pygame.Surface:
    """A reward sticker; shared surface, do not mutate.

    An unknown name (an old save naming a retired design) draws a star, for the same reason
    :func:`avatar` never raises: the child's sticker book must always open.
    """
    draw = _STICKER_DRAW.get(name)
    if draw is None:
        return star(size)
    pen = _Pen(max(1, int(size)))
    draw(pen)
    return pen.done()


# --------------------------------------------------------------------------- UI icons


def _i_play(p: _Pen, c: RGB) -> None:
    # centred on the triangle's centroid, not its box, so it looks centred in a round button
    p.poly([(0.3, 0.18), (0.3, 0.82), (0.84, 0.5)], c, outline=False, round_r=0.07)


def _i_back(p: _Pen, c: RGB) -> None:
    p.stroke([(0.3, 0.5), (0.8, 0.5)], 0.18, c)
    p.poly([(0.14, 0.5), (0.46, 0.2), (0.46, 0.8)], c, outline=False, round_r=0.06)


def _i_home(p: _Pen, c: RGB) -> None:
    p.poly([(0.5, 0.12), (0.1, 0.48), (0.9, 0.48)], c, outline=False, round_r=0.05)
    p.rect(0.2, 0.42, 0.6, 0.44, c, radius=0.06, outline=False)
    p.rect(0.42, 0.6, 0.16, 0.26, p.clear_colour(), radius=0.05, outline=False)
    p.rect(0.42, 0.74, 0.16, 0.14, p.clear_colour(), outline=False)


def _i_plus(p: _Pen, c: RGB) -> None:
    p.stroke([(0.5, 0.16), (0.5, 0.84)], 0.2, c)
    p.stroke([(0.16, 0.5), (0.84, 0.5)], 0.2, c)


def _i_lock(p: _Pen, c: RGB) -> None:
    p.poly(_ring_pts(0.5, 0.44, 0.24, 0.13, 180, 360), c, outline=False)
    p.rect(0.26, 0.42, 0.11, 0.06, c, outline=False)
    p.rect(0.63, 0.42, 0.11, 0.06, c, outline=False)
    p.rect(0.16, 0.44, 0.68, 0.46, c, radius=0.09, outline=False)
    p.circle(0.5, 0.62, 0.065, p.clear_colour(), outline=False)
    p.poly([(0.46, 0.63), (0.54, 0.63), (0.56, 0.77), (0.44, 0.77)], p.clear_colour(), False, 0.02)


def _speaker_box(p: _Pen, c: RGB) -> None:
    p.rect(0.08, 0.36, 0.18, 0.28, c, radius=0.04, outline=False)
    p.poly([(0.2, 0.36), (0.46, 0.14), (0.46, 0.86), (0.2, 0.64)], c, outline=False, round_r=0.04)


def _i_speaker(p: _Pen, c: RGB) -> None:
    _speaker_box(p, c)
    p.poly(_ring_pts(0.5, 0.5, 0.2, 0.12, -45, 45), c, outline=False, round_r=0.0)
    p.poly(_ring_pts(0.5, 0.5, 0.38, 0.3, -50, 50), c, outline=False, round_r=0.0)
    for r, a in ((0.16, 45), (0.34, 50)):
        for sgn in (-1, 1):
            t = math.radians(a * sgn)
            p.circle(0.5 + r * math.cos(t), 0.5 + r * math.sin(t), 0.04, c, outline=False)


def _i_speaker_off(p: _Pen, c: RGB) -> None:
    _speaker_box(p, c)
    p.stroke([(0.6, 0.34), (0.88, 0.66)], 0.1, c)
    p.stroke([(0.6, 0.66), (0.88, 0.34)], 0.1, c)


def _i_check(p: _Pen, c: RGB) -> None:
    p.stroke([(0.16, 0.52), (0.4, 0.76), (0.86, 0.26)], 0.18, c)


def _i_star(p: _Pen, c: RGB) -> None:
    p.poly(_star_pts(0.5, 0.54, 0.42, 0.2), c, outline=False, round_r=0.05)


def _i_grid(p: _Pen, c: RGB) -> None:
    for x in (0.12, 0.54):
        for y in (0.12, 0.54):
            p.rect(x, y, 0.34, 0.34, c, radius=0.08, outline=False)


def _i_calendar(p: _Pen, c: RGB) -> None:
    p.rect(0.1, 0.18, 0.8, 0.72, c, radius=0.1, outline=False)
    p.rect(0.18, 0.4, 0.64, 0.42, p.clear_colour(), radius=0.04, outline=False)
    for x in (0.3, 0.7):
        p.rect(x - 0.05, 0.06, 0.1, 0.22, p.clear_colour(), radius=0.05, outline=False)
        p.rect(x - 0.04, 0.08, 0.08, 0.18, c, radius=0.04, outline=False)
    for row in range(2):
        for col in range(3):
            p.rect(0.24 + col * 0.2, 0.46 + row * 0.18, 0.12, 0.12, c, radius=0.03, outline=False)


def _i_gear(p: _Pen, c: RGB) -> None:
    teeth = 8
    for i in range(teeth):
        t = 2 * math.pi * i / teeth
        cs, sn = math.cos(t), math.sin(t)
        w = 0.085
        pts = [
            (0.5 + 0.28 * cs - w * sn, 0.5 + 0.28 * sn + w * cs),
            (0.5 + 0.42 * cs - w * 0.8 * sn, 0.5 + 0.42 * sn + w * 0.8 * cs),
            (0.5 + 0.42 * cs + w * 0.8 * sn, 0.5 + 0.42 * sn - w * 0.8 * cs),
            (0.5 + 0.28 * cs + w * sn, 0.5 + 0.28 * sn - w * cs),
        ]
        p.poly(pts, c, outline=False, round_r=0.02)
    p.circle(0.5, 0.5, 0.32, c, outline=False)
    p.circle(0.5, 0.5, 0.12, p.clear_colour(), outline=False)


_ICON_DRAW: dict[str, Callable[[_Pen, RGB], None]] = {
    "play": _i_play,
    "back": _i_back,
    "home": _i_home,
    "plus": _i_plus,
    "lock": _i_lock,
    "speaker": _i_speaker,
    "speaker_off": _i_speaker_off,
    "check": _i_check,
    "star": _i_star,
    "grid": _i_grid,
    "calendar": _i_calendar,
    "gear": _i_gear,
}

#: Names :func:`icon` accepts.
ICONS: tuple[str, ...] = tuple(_ICON_DRAW)


@lru_cache(maxsize=512)
def icon(name: str, size: int, colour: tuple[int, int, int] = PALETTE["ink"]) -> pygame.Surface:
    """A flat one-colour UI icon with no text, for pre-readers; shared, do not mutate.

    Unlike avatars, an unknown icon name is a programmer error, so it raises ``KeyError``
    naming the icons that exist.
    """
    try:
        draw = _ICON_DRAW[name]
    except KeyError:
        raise KeyError(f"unknown icon {name!r}; icons are: {', '.join(ICONS)}") from None
    rgb: RGB = (int(colour[0]), int(colour[1]), int(colour[2]))
    pen = _Pen(max(1, int(size)), ink=rgb, outline=0.0)
    draw(pen, rgb)
    return pen.done()


# --------------------------------------------------------------------------- cards


def card_shadow_margin(size: tuple[int, int]) -> int:
    """How far the card body is inset from the surface edge to leave room for its shadow."""
    return max(2, round(min(size) * 0.04))


def card_body_rect(size: tuple[int, int], shadow: bool = True) -> pygame.Rect:
    """Where the card itself sits inside the surface :func:`card` returns.

    The shadow is *inside* the requested size so layouts stay simple (a card is exactly
    the rect it was laid out in); use this rect to centre a picture on the card body.
    """
    w, h = size
    if not shadow:
        return pygame.Rect(0, 0, w, h)
    m = card_shadow_margin(size)
    return pygame.Rect(m, m // 2, max(1, w - 2 * m), max(1, h - 2 * m))


@lru_cache(maxsize=128)
def card(
    size: tuple[int, int],
    colour: tuple[int, int, int],
    radius_px: int,
    shadow: bool = True,
) -> pygame.Surface:
    """A rounded card with an optional soft drop shadow; shared surface, do not mutate.

    The surface is exactly ``size``; with a shadow the body is :func:`card_body_rect`.
    """
    w, h = max(1, int(size[0])), max(1, int(size[1]))
    rgb: RGB = (int(colour[0]), int(colour[1]), int(colour[2]))
    out = pygame.Surface((w, h), pygame.SRCALPHA)
    body = card_body_rect((w, h), shadow)
    radius = max(0, min(int(radius_px), body.width // 2, body.height // 2))
    if shadow:
        m = card_shadow_margin((w, h))
        blur = max(1, m // 2)
        shade = pygame.Surface((w, h), pygame.SRCALPHA)
        shade.fill((*PALETTE["shadow"], 0))
        srect = body.move(0, m // 2 + 1)
        pygame.draw.rect(shade, (*PALETTE["shadow"], 70), srect, border_radius=radius)
        shade = pygame.transform.gaussian_blur(shade, blur)
        out.blit(shade, (0, 0))
    # the rounded body, supersampled so the corners are smooth
    ss = _supersample(max(w, h))
    big = pygame.Surface((body.width * ss, body.height * ss), pygame.SRCALPHA)
    big.fill((*rgb, 0))
    pygame.draw.rect(big, rgb, big.get_rect(), border_radius=radius * ss)
    out.blit(pygame.transform.smoothscale(big, body.size), body)
    return out


# --------------------------------------------------------------------------- reward burst

STAR_BURST_INTERVAL_S = 0.3  # one star after another: each gets its own moment and sound
STAR_BURST_POP_S = 0.45  # the scale bounce of one star


def _ease_out_back(x: float) -> float:
    """0 -> 1 with a gentle overshoot (the "pop")."""
    c1 = 1.4
    c3 = c1 + 1
    x -= 1
    return 1 + c3 * x * x * x + c1 * x * x


def star_burst_duration(n_stars: int) -> float:
    """Seconds until the last star of :func:`draw_stars_burst` has settled."""
    return max(0, n_stars - 1) * STAR_BURST_INTERVAL_S + STAR_BURST_POP_S


def draw_stars_burst(
    surface: pygame.Surface,
    centre: tuple[int, int],
    t: float,
    n_stars: int,
    size: int,
) -> int:
    """Draw frame ``t`` (seconds) of the reward moment: stars pop in one after another.

    The stars sit on a shallow arch centred on ``centre``; each grows with a small
    overshoot and sends out a few sparkles. Returns how many stars have appeared so far, so
    the caller can play ``Sounds.play("star", index=i)`` as the count goes up.
    Cheap per frame: each star is one cached picture scaled once.
    """
    if n_stars <= 0 or t < 0:
        return 0
    base = star(size)
    spacing = size * 1.1
    shown = 0
    for i in range(n_stars):
        local = t - i * STAR_BURST_INTERVAL_S
        if local < 0:
            break
        shown += 1
        offset = i - (n_stars - 1) / 2
        x = centre[0] + offset * spacing
        y = centre[1] + (offset * offset) * size * 0.12 - size * 0.1
        k = _ease_out_back(min(1.0, local / STAR_BURST_POP_S))
        px = max(1, round(size * k))
        img = base if px == size else pygame.transform.smoothscale(base, (px, px))
        surface.blit(img, img.get_rect(center=(round(x), round(y))))
        # sparkles fly out and fade during the pop
        if local < STAR_BURST_POP_S:
            f = local / STAR_BURST_POP_S
            r = size * (0.45 + 0.5 * f)
            dot = max(1, round(size * 0.06 * (1 - f)))
            for j in range(6):
                a = 2 * math.pi * j / 6 + i
                pos = (round(x + r * math.cos(a)), round(y + r * math.sin(a)))
                pygame.draw.circle(surface, STAR_GOLD, pos, dot)
    return shown


# --------------------------------------------------------------------------- sparkles

SPARKLE_COLOURS: tuple[RGB, ...] = (
    (250, 200, 70),
    (240, 130, 150),
    (120, 180, 240),
    (130, 200, 140),
)


def star_shape(
    surface: pygame.Surface,
    colour: tuple[int, int, int],
    centre: tuple[float, float],
    r_out: float,
    r_in: float,
    rotation: float = 0.0,
) -> None:
    """A plain five-pointed star polygon (cheap: for many small moving stars per frame)."""
    cx, cy = centre
    pts = []
    for k in range(10):
        r = r_out if k % 2 == 0 else r_in
        a = rotation - math.pi / 2 + k * math.pi / 5
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    pygame.draw.polygon(surface, colour, pts)


@dataclass(frozen=True, slots=True)
class Sparkle:
    x: float  # px where it was born
    y: float
    t0: float  # s on the view's clock
    angle: float  # radians: which way it flies
    big: bool = False  # part of the burst when a whole round is done


class Sparkles:
    """Little stars that fly out where something went well, and fade: every game's quiet
    "well done". Positions in px, times in seconds of the view's own clock."""

    def __init__(
        self,
        life_s: float = 0.8,
        big_life_s: float = 1.6,
        reach_mm: tuple[float, float] = (14.0, 20.0),
        size_mm: tuple[float, float] = (3.2, 4.8),
    ) -> None:
        self.life_s, self.big_life_s = life_s, big_life_s
        self.reach_mm, self.size_mm = reach_mm, size_mm
        self.items: list[Sparkle] = []

    def __len__(self) -> int:
        return len(self.items)

    def add(self, x: float, y: float, now: float, angle: float, big: bool = False) -> None:
        self.items.append(Sparkle(x, y, now, angle, big))

    def ring(self, x: float, y: float, now: float, n: int, big: bool = False) -> None:
        """``n`` sparkles flying outwards in every direction from (x, y)."""
        for k in range(n):
            self.add(x, y, now, k * 2 * math.pi / n, big)

    def draw(self, surface: pygame.Surface, now: float, px_per_mm: float) -> None:
        keep = []
        for sp in self.items:
            life = self.big_life_s if sp.big else self.life_s
            age = now - sp.t0
            if age > life:
                continue
            keep.append(sp)
            if age < 0:  # born in a later frame than this one (events caught up)
                continue
            u = age / life
            i = 1 if sp.big else 0
            dist = self.reach_mm[i] * px_per_mm * (1 - (1 - u) ** 2)
            size = self.size_mm[i] * px_per_mm * (1 - u * 0.7)
            colour = SPARKLE_COLOURS[int(sp.angle * 10) % len(SPARKLE_COLOURS)]
            pos = (sp.x + dist * math.cos(sp.angle), sp.y + dist * math.sin(sp.angle))
            star_shape(surface, colour, pos, size, size * 0.45, u * 2.0)
        self.items = keep
