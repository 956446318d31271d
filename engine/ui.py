"""Big, forgiving touch targets for small hands.

A button is hit by any pointer (finger, mouse) that goes down *and* up on it; several
fingers can press different buttons at once; a finger that slides off and lifts elsewhere
does nothing. Targets are sized in millimetres and never smaller than MIN_TARGET_MM.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pygame

from engine.input import Phase, PointerEvent
from engine.units import Units

MIN_TARGET_MM = 15.0  # DESIGN: every child target at least 15 mm (FIELD-NOTES: 15-20 mm at 3-6 y)
SLOP_MM = 3.0  # a little forgiveness around each target for shaky fingers


def target_px(units: Units, mm: float) -> int:
    """A target size in logical px, never below MIN_TARGET_MM."""
    return round(units.px(max(mm, MIN_TARGET_MM)))


@dataclass
class Button:
    rect: pygame.Rect
    on_tap: Callable[[], None]
    draw_fn: Callable[[pygame.Surface, pygame.Rect, bool], None] | None = None
    name: str = ""  # for tests and logs; children never see it
    enabled: bool = True
    pressed_by: set[int] = field(default_factory=set)

    @property
    def pressed(self) -> bool:
        return bool(self.pressed_by)

    def draw(self, surface: pygame.Surface) -> None:
        if self.draw_fn is not None:
            self.draw_fn(surface, self.rect, self.pressed)


class ButtonGroup:
    """Routes pointer events to buttons; returns whether a button took the event."""

    def __init__(self, units: Units, on_press: Callable[[Button], None] | None = None) -> None:
        self.units = units
        self.buttons: list[Button] = []
        self.on_press = on_press  # e.g. play a soft "tap" sound
        self._owner: dict[int, Button] = {}

    def add(self, button: Button) -> Button:
        self.buttons.append(button)
        return button

    def clear(self) -> None:
        self.buttons.clear()
        self._owner.clear()

    def find(self, name: str) -> Button:
        for b in self.buttons:
            if b.name == name:
                return b
        raise KeyError(name)

    def _hit(self, x: float, y: float) -> Button | None:
        slop = self.units.px(SLOP_MM)
        for b in reversed(self.buttons):
            if b.enabled and b.rect.inflate(2 * slop, 2 * slop).collidepoint(x, y):
                return b
        return None

    def handle(self, ev: PointerEvent) -> bool:
        if ev.phase is Phase.DOWN:
            b = self._hit(ev.x_px, ev.y_px)
            if b is None:
                return False
            self._owner[ev.pointer_id] = b
            b.pressed_by.add(ev.pointer_id)
            if self.on_press is not None:
                self.on_press(b)
            return True
        b = self._owner.get(ev.pointer_id)
        if b is None:
            return False
        if ev.phase is Phase.MOVE:
            return True
        del self._owner[ev.pointer_id]
        b.pressed_by.discard(ev.pointer_id)
        if ev.phase is Phase.UP and b.enabled and self._hit(ev.x_px, ev.y_px) is b:
            b.on_tap()
        return True

    def draw(self, surface: pygame.Surface) -> None:
        for b in self.buttons:
            b.draw(surface)
