"""The finished necklace as a picture anyone can show: a small SVG and the colours in order.

The trial's geometry keeps it (``geometry["necklace"]``) so the exporter and the child's
collection can show what was made without pygame or the game's code: a ring of beads in the
order they were threaded, with a knot at the top.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from engine.art import PALETTE
from games.beads.content import BEAD_COLOURS

SVG_SIZE = 96


def bead_hex(colour: int) -> str:
    r, g, b = PALETTE[BEAD_COLOURS[colour % len(BEAD_COLOURS)]]
    return f"#{r:02x}{g:02x}{b:02x}"


def ring(n: int, cx: float, cy: float, radius: float) -> list[tuple[float, float, float]]:
    """Centres and tangent angles (radians) of ``n`` beads around a ring, starting beside the
    knot at the top and going round clockwise (the view draws the same ring)."""
    out = []
    for k in range(n):
        a = -math.pi / 2 + 2 * math.pi * (k + 0.5) / max(n, 1) * 0.92 + math.pi * 0.04
        out.append((cx + radius * math.cos(a), cy + radius * math.sin(a), a + math.pi / 2))
    return out


def necklace_svg(colours: Sequence[int], size: int = SVG_SIZE) -> str:
    c = size / 2
    n = len(colours)
    radius = size * 0.36
    bead = min(size * 0.16, 2 * math.pi * radius / max(n, 1) * 0.8)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}">',
        f'<circle cx="{c:.1f}" cy="{c:.1f}" r="{radius:.1f}" fill="none" stroke="#b0574f" '
        f'stroke-width="{max(1.0, size / 64):.1f}"/>',
    ]
    for (x, y, a), col in zip(ring(n, c, c, radius), colours, strict=True):
        w, h = bead, bead * 0.72
        parts.append(
            f'<rect x="{-w / 2:.1f}" y="{-h / 2:.1f}" width="{w:.1f}" height="{h:.1f}" '
            f'rx="{h / 2.5:.1f}" fill="{bead_hex(col)}" stroke="#3e3a42" stroke-width="0.8" '
            f'transform="translate({x:.1f} {y:.1f}) rotate({math.degrees(a) + 90:.0f})"/>'
        )
    parts.append(
        f'<circle cx="{c:.1f}" cy="{c - radius:.1f}" r="{size / 32:.1f}" fill="#b0574f"/></svg>'
    )
    return "".join(parts)


def necklace_picture(colours: Sequence[int], bead_mm: float) -> dict[str, Any]:
    return {
        "colours": [bead_hex(c) for c in colours],
        "bead_mm": bead_mm,
        "svg": necklace_svg(colours),
    }
