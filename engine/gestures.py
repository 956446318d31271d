"""Where every finger is, and what two fingers are doing together (pinch gap, twist).

Games read pointers from events only; this keeps the live positions they need. Two
fingers give a pinch (the gap between them, in mm: the tweezers' grip) and a twist (the
angle of the line between them: turning a puzzle piece).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from engine.input import Phase, PointerEvent


@dataclass(slots=True)
class Contact:
    pointer_id: int
    x_mm: float
    y_mm: float
    t_ms: float
    down_t_ms: float
    device: str


@dataclass(frozen=True, slots=True)
class Pair:
    """Two fingers: their midpoint, the gap between them and the line's angle."""

    cx_mm: float
    cy_mm: float
    gap_mm: float
    angle_rad: float


class PointerTracker:
    """Live contacts by pointer id, oldest first."""

    def __init__(self) -> None:
        self.contacts: dict[int, Contact] = {}

    def update(self, ev: PointerEvent) -> Contact | None:
        """Apply one event; returns the contact (for up/cancel: the one that ended)."""
        if ev.phase is Phase.DOWN:
            c = Contact(ev.pointer_id, ev.x_mm, ev.y_mm, ev.t_ms, ev.t_ms, ev.device.value)
            self.contacts[ev.pointer_id] = c
            return c
        c = self.contacts.get(ev.pointer_id)
        if c is None:
            return None
        c.x_mm, c.y_mm, c.t_ms = ev.x_mm, ev.y_mm, ev.t_ms
        if ev.phase in (Phase.UP, Phase.CANCEL):
            del self.contacts[ev.pointer_id]
        return c

    def __len__(self) -> int:
        return len(self.contacts)

    def oldest(self, n: int) -> list[Contact]:
        return sorted(self.contacts.values(), key=lambda c: (c.down_t_ms, c.pointer_id))[:n]

    def pair(self) -> Pair | None:
        """The two oldest fingers as a pinch/twist, or None with fewer than two down."""
        two = self.oldest(2)
        if len(two) < 2:
            return None
        a, b = two
        dx, dy = b.x_mm - a.x_mm, b.y_mm - a.y_mm
        return Pair(
            (a.x_mm + b.x_mm) / 2, (a.y_mm + b.y_mm) / 2, math.hypot(dx, dy), math.atan2(dy, dx)
        )


def angle_delta(a: float, b: float) -> float:
    """Smallest signed turn from angle ``a`` to ``b`` (radians, -pi..pi)."""
    d = (b - a + math.pi) % (2 * math.pi) - math.pi
    return d
