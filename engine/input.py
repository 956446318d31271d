"""The pointer layer: every mouse, touch and pen sample as a PointerEvent in mm and ms.

Touch arrives as FINGER events (several fingers at once, each its own pointer). The
mouse twins that SDL makes from touches (``event.touch`` true) are dropped, so a touch
is one pointer sequence, never two. Pointers are read from events only, never from
``pygame.mouse`` state. Every sample is kept; nothing is coalesced per frame.

Timestamps: pygame-ce 2.5 does not expose SDL's event timestamp. An event that carries
``timestamp`` (newer pygame) or ``t_ms`` (the test harness, scripted streams) is used as
is; otherwise the samples of one poll are spread evenly over the time since the previous
poll, which is the best estimate the frame loop can make (see ``PointerTranslator``).
An event time that is not a finite number, or lies more than ``MAX_CLOCK_SKEW_MS`` from
the poll, is not trusted (estimated instead), and no sample is ever earlier than the one
before it: metrics, durations and the store's sample encoding rely on sane, ordered times.

Pen: SDL 2 delivers a stylus as touch or as mouse events, so it is reported as such;
``Device.PEN`` exists for the day the platform tells us (SDL 3 pen events).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import pygame

from engine.units import Units
from engine.viewport import Viewport

MOUSE_POINTER_ID = 0
#: an event time further than this from the poll's own clock is a broken clock, not a time
MAX_CLOCK_SKEW_MS = 10_000.0


class Phase(StrEnum):
    DOWN = "down"
    MOVE = "move"
    UP = "up"
    CANCEL = "cancel"


class Device(StrEnum):
    MOUSE = "mouse"
    TOUCH = "touch"
    PEN = "pen"


@dataclass(frozen=True, slots=True)
class PointerEvent:
    """One sample of one pointer. Positions in mm and logical px; time in ms (monotonic)."""

    phase: Phase
    pointer_id: int
    device: Device
    x_mm: float
    y_mm: float
    x_px: float
    y_px: float
    t_ms: float
    pressure: float | None = None  # only where the device really measures it

    @property
    def pos_px(self) -> tuple[float, float]:
        return self.x_px, self.y_px

    @property
    def pos_mm(self) -> tuple[float, float]:
        return self.x_mm, self.y_mm


def _finite(*values: object) -> bool:
    return all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in values
    )


class PointerTranslator:
    """Turns pygame events into PointerEvents for the current viewport and units.

    It also keeps pointer sequences well formed whatever the device sends: a move or
    up without a down is ignored, a second down for a live pointer first cancels the
    old sequence, and ``cancel_all`` ends every live pointer (focus loss, scene change).
    """

    def __init__(self, viewport: Viewport, units: Units) -> None:
        self.viewport = viewport
        self.units = units
        self._live: dict[int, Device] = {}
        self._last_pos: dict[int, tuple[float, float, float, float]] = {}
        self._finger_ids: dict[tuple[int, int], int] = {}
        self._next_finger = 1
        self._last_poll_ms: float | None = None
        self._last_t: float | None = None

    @property
    def live_pointers(self) -> frozenset[int]:
        return frozenset(self._live)

    def translate(self, events: Iterable[pygame.event.Event], now_ms: float) -> list[PointerEvent]:
        """Translate one poll's events. ``now_ms`` is the monotonic time of the poll."""
        events = [e for e in events if e.type in _POINTER_TYPES]
        if not _finite(now_ms):
            now_ms = self._last_t if self._last_t is not None else 0.0
        start = self._last_poll_ms if self._last_poll_ms is not None else now_ms
        start = min(start, now_ms)  # a clock that jumps back must not make time run backwards
        self._last_poll_ms = now_ms
        n = len(events)
        out: list[PointerEvent] = []
        for i, ev in enumerate(events):
            t = getattr(ev, "t_ms", None)
            if t is None:
                t = getattr(ev, "timestamp", None)
            if not _finite(t) or abs(float(t) - now_ms) > MAX_CLOCK_SKEW_MS:
                t = start + (now_ms - start) * (i + 1) / n
            t = float(t)
            if self._last_t is not None and t < self._last_t:
                t = self._last_t  # never earlier than the sample before
            self._last_t = t
            out.extend(self._one(ev, t))
        return out

    def cancel_all(self, now_ms: float) -> list[PointerEvent]:
        if not _finite(now_ms):
            now_ms = self._last_t if self._last_t is not None else 0.0
        if self._last_t is not None:
            now_ms = max(now_ms, self._last_t)
        out = []
        for pid, device in list(self._live.items()):
            x_mm, y_mm, x_px, y_px = self._last_pos.get(pid, (0.0, 0.0, 0.0, 0.0))
            out.append(PointerEvent(Phase.CANCEL, pid, device, x_mm, y_mm, x_px, y_px, now_ms))
        self._live.clear()
        self._finger_ids.clear()
        self._last_pos.clear()
        return out

    def _make(self, phase: Phase, pid: int, device: Device, x_px: float, y_px: float, t: float):
        x_mm, y_mm = self.units.to_mm(x_px, y_px)
        self._last_pos[pid] = (x_mm, y_mm, x_px, y_px)
        return PointerEvent(phase, pid, device, x_mm, y_mm, x_px, y_px, t)

    def _end(self, phase: Phase, pid: int, device: Device, x_px: float, y_px: float, t: float):
        ev = self._make(phase, pid, device, x_px, y_px, t)
        self._last_pos.pop(pid, None)
        return ev

    def _one(self, ev: pygame.event.Event, t: float) -> list[PointerEvent]:
        if ev.type in _MOUSE_TYPES:
            if getattr(ev, "touch", False):
                return []  # SDL's mouse twin of a touch: the FINGER event already counted
            pos = getattr(ev, "pos", None)
            if not isinstance(pos, (tuple, list)) or len(pos) != 2 or not _finite(*pos):
                return []
            x, y = self.viewport.window_to_logical(*pos)
            pid = MOUSE_POINTER_ID
            if ev.type == pygame.MOUSEBUTTONDOWN:
                if getattr(ev, "button", 1) != 1:
                    return []
                out = []
                if pid in self._live:
                    out.append(self._make(Phase.CANCEL, pid, Device.MOUSE, x, y, t))
                self._live[pid] = Device.MOUSE
                out.append(self._make(Phase.DOWN, pid, Device.MOUSE, x, y, t))
                return out
            if ev.type == pygame.MOUSEBUTTONUP:
                if getattr(ev, "button", 1) != 1 or pid not in self._live:
                    return []
                del self._live[pid]
                return [self._end(Phase.UP, pid, Device.MOUSE, x, y, t)]
            if pid in self._live:  # motion while the button is held
                return [self._make(Phase.MOVE, pid, Device.MOUSE, x, y, t)]
            return []

        # FINGER events: x, y are 0..1 of the window
        nx, ny = getattr(ev, "x", None), getattr(ev, "y", None)
        if nx is None or ny is None or not _finite(nx, ny):
            return []
        nx, ny = min(max(nx, 0.0), 1.0), min(max(ny, 0.0), 1.0)
        x, y = self.viewport.normalized_to_logical(nx, ny)
        key = (int(getattr(ev, "touch_id", 0)), int(getattr(ev, "finger_id", 0)))
        if ev.type == pygame.FINGERDOWN:
            out = []
            old = self._finger_ids.get(key)
            if old is not None and old in self._live:
                del self._live[old]
                out.append(self._end(Phase.CANCEL, old, Device.TOUCH, x, y, t))
            pid = self._next_finger
            self._next_finger += 1
            self._finger_ids[key] = pid
            self._live[pid] = Device.TOUCH
            out.append(self._make(Phase.DOWN, pid, Device.TOUCH, x, y, t))
            return out
        pid = self._finger_ids.get(key)
        if pid is None or pid not in self._live:
            return []
        if ev.type == pygame.FINGERUP:
            del self._live[pid]
            del self._finger_ids[key]
            return [self._end(Phase.UP, pid, Device.TOUCH, x, y, t)]
        return [self._make(Phase.MOVE, pid, Device.TOUCH, x, y, t)]


_MOUSE_TYPES = frozenset({pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION})
_FINGER_TYPES = frozenset({pygame.FINGERDOWN, pygame.FINGERUP, pygame.FINGERMOTION})
_POINTER_TYPES = _MOUSE_TYPES | _FINGER_TYPES
