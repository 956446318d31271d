"""The letterbox: a fixed logical canvas scaled into whatever window we get."""

from __future__ import annotations

from dataclasses import dataclass

LOGICAL_SIZE = (1280, 800)


@dataclass(frozen=True, slots=True)
class Viewport:
    """Where the logical canvas sits inside the window (all in physical window pixels)."""

    window_w: int
    window_h: int
    logical_w: int = LOGICAL_SIZE[0]
    logical_h: int = LOGICAL_SIZE[1]

    @property
    def scale(self) -> float:
        w, h = max(1, self.window_w), max(1, self.window_h)
        return min(w / self.logical_w, h / self.logical_h)

    @property
    def rect(self) -> tuple[int, int, int, int]:
        """x, y, w, h of the scaled canvas inside the window (centred, bars around it)."""
        s = self.scale
        w = max(1, round(self.logical_w * s))
        h = max(1, round(self.logical_h * s))
        return (max(0, self.window_w) - w) // 2, (max(0, self.window_h) - h) // 2, w, h

    def window_to_logical(self, x: float, y: float) -> tuple[float, float]:
        ox, oy, _, _ = self.rect
        s = self.scale
        return (x - ox) / s, (y - oy) / s

    def normalized_to_logical(self, nx: float, ny: float) -> tuple[float, float]:
        """FINGER events carry x, y in 0..1 of the window."""
        return self.window_to_logical(nx * self.window_w, ny * self.window_h)
