"""Run any scene headless and feed it real pygame events, frame by frame, at any rate.

Used by tests and benchmarks: SDL's dummy video and audio drivers, a fake clock that
advances exactly one frame per ``run_frames`` step (so ten minutes of play take as long
as the logic needs), and helpers that post FINGER and mouse events the way SDL would —
touches come with their mouse twin (``touch=True``) so the pointer layer's dropping of
twins is exercised too. Positions are given in logical px or mm.
"""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from typing import Any  # noqa: E402

import pygame  # noqa: E402

from engine.app import App  # noqa: E402
from engine.scene import Scene  # noqa: E402
from engine.viewport import LOGICAL_SIZE  # noqa: E402


class FakeClock:
    def __init__(self, start: float = 1000.0) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


class Harness:
    def __init__(
        self,
        scene: Scene | None = None,
        *,
        window_size: tuple[int, int] = LOGICAL_SIZE,
        dpi: float = 96.0,
        rate_hz: float = 60.0,
        services: Any = None,
        mouse_twins: bool = True,
    ) -> None:
        self.clock = FakeClock()
        self.rate_hz = rate_hz
        self.mouse_twins = mouse_twins
        self.app = App(window_size=window_size, dpi=dpi, services=services, clock=self.clock)
        self.app.open()
        pygame.event.clear()
        if scene is not None:
            self.app.scenes.push(scene)

    # -- time ----------------------------------------------------------------------
    def run_frames(self, n: int = 1) -> None:
        """Advance the fake clock one frame at a time and run the app's frame."""
        for _ in range(n):
            self.clock.advance(1.0 / self.rate_hz)
            self._frame()

    def _frame(self) -> None:
        """One app frame. The fake clock compresses time, so a round being scored off the
        frame (engine.scoring) is given the real time those frames would have had: its
        worker is waited for first, which keeps scene tests deterministic."""
        scoring = getattr(self.app.scenes.top, "scoring", None)
        if scoring is not None and not scoring.done:
            scoring.wait(30.0)
        self.app.frame(pygame.event.get())

    def run_seconds(self, seconds: float) -> None:
        self.run_frames(max(1, round(seconds * self.rate_hz)))

    @property
    def top(self) -> Scene | None:
        return self.app.scenes.top

    # -- coordinates -----------------------------------------------------------------
    def _window_xy(self, x: float, y: float) -> tuple[float, float]:
        vx, vy, _, _ = self.app.viewport.rect
        s = self.app.viewport.scale
        return vx + x * s, vy + y * s

    def _norm(self, x: float, y: float) -> tuple[float, float]:
        wx, wy = self._window_xy(x, y)
        return wx / self.app.viewport.window_w, wy / self.app.viewport.window_h

    def px(self, x_mm: float, y_mm: float) -> tuple[float, float]:
        return self.app.units.to_px(x_mm, y_mm)

    def _t(self, t_ms: float | None) -> dict:
        return {} if t_ms is None else {"t_ms": t_ms}

    # -- events: touch -----------------------------------------------------------------
    def finger(
        self,
        kind: str,
        x: float,
        y: float,
        finger_id: int = 0,
        touch_id: int = 1,
        t_ms: float | None = None,
    ) -> None:
        """Post a FINGERDOWN/MOTION/UP at logical px (x, y), plus SDL's mouse twin."""
        etype = {"down": pygame.FINGERDOWN, "move": pygame.FINGERMOTION, "up": pygame.FINGERUP}[
            kind
        ]
        nx, ny = self._norm(x, y)
        pygame.event.post(
            pygame.event.Event(
                etype,
                touch_id=touch_id,
                finger_id=finger_id,
                x=nx,
                y=ny,
                dx=0.0,
                dy=0.0,
                pressure=1.0,
                **self._t(t_ms),
            )
        )
        if self.mouse_twins and finger_id == 0:
            self._mouse(kind, x, y, touch=True, t_ms=t_ms)

    def tap(self, x: float, y: float, device: str = "touch", frames: int = 2) -> None:
        """Down, hold for ``frames`` frames, up — at logical px."""
        if device == "touch":
            self.finger("down", x, y)
            self.run_frames(frames)
            self.finger("up", x, y)
        else:
            self.mouse("down", x, y)
            self.run_frames(frames)
            self.mouse("up", x, y)
        self.run_frames(1)

    def tap_rect(self, rect: pygame.Rect, device: str = "touch") -> None:
        self.tap(rect.centerx, rect.centery, device)

    # -- events: mouse -----------------------------------------------------------------
    def _mouse(self, kind: str, x: float, y: float, touch: bool, t_ms: float | None) -> None:
        wx, wy = self._window_xy(x, y)
        pos = (round(wx), round(wy))
        if kind == "down":
            ev = pygame.event.Event(
                pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=touch, **self._t(t_ms)
            )
        elif kind == "up":
            ev = pygame.event.Event(
                pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=touch, **self._t(t_ms)
            )
        else:
            ev = pygame.event.Event(
                pygame.MOUSEMOTION,
                pos=pos,
                rel=(0, 0),
                buttons=(1, 0, 0),
                touch=touch,
                **self._t(t_ms),
            )
        pygame.event.post(ev)

    def mouse(self, kind: str, x: float, y: float, t_ms: float | None = None) -> None:
        """Post a real mouse event (not a touch twin) at logical px."""
        self._mouse(kind, x, y, touch=False, t_ms=t_ms)

    def key(self, key: int, unicode: str = "", mod: int = 0) -> None:
        pygame.event.post(
            pygame.event.Event(pygame.KEYDOWN, key=key, unicode=unicode, mod=mod, scancode=0)
        )

    def type_text(self, text: str) -> None:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))

    # -- scripted streams ----------------------------------------------------------
    def replay(self, stream, device: str = "touch", settle_frames: int = 2) -> None:
        """Post a scripted stream of PointerEvents as real FINGER or mouse events.

        Events are posted frame by frame as the fake clock reaches their ``t_ms`` (which
        they keep), so a 240 Hz stream lands as four samples a frame at 60 fps. With
        ``device="mouse"`` only one pointer may be down at a time.
        """
        kinds = {"down": "down", "move": "move", "up": "up", "cancel": "up"}
        fingers: dict[int, int] = {}
        i = 0
        events = list(stream)
        if not events:
            return
        # start the stream at the app's present moment
        offset = self.app.now_ms() - events[0].t_ms
        while i < len(events):
            self.clock.advance(1.0 / self.rate_hz)
            now = self.app.now_ms()
            while i < len(events) and events[i].t_ms + offset <= now:
                ev = events[i]
                kind = kinds[ev.phase.value]
                t = ev.t_ms + offset
                if device == "mouse":
                    self._mouse(kind, ev.x_px, ev.y_px, touch=False, t_ms=t)
                else:
                    fid = fingers.setdefault(ev.pointer_id, len(fingers))
                    self.finger(kind, ev.x_px, ev.y_px, finger_id=fid, t_ms=t)
                    if kind == "up":
                        fingers.pop(ev.pointer_id, None)
                i += 1
            self._frame()
        self.run_frames(settle_frames)

    # -- the window ------------------------------------------------------------------------
    def resize(self, size: tuple[int, int], dpi: float | None = None) -> None:
        """Resize the window as a user or the OS would, and deliver the event SDL sends
        (VIDEORESIZE and WINDOWSIZECHANGED); ``dpi`` moves it to a screen of that density."""
        if dpi is not None:
            self.app.physical_dpi = dpi
        pygame.display.set_mode(size, pygame.RESIZABLE)
        w, h = size
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=size, w=w, h=h))
        pygame.event.post(pygame.event.Event(pygame.WINDOWSIZECHANGED, x=w, y=h))
        self.run_frames(1)

    # -- looking -------------------------------------------------------------------------
    def screenshot(self, path: str) -> None:
        self.app.dirty = True
        self.app.draw(0.0)
        pygame.image.save(self.app.window, path)

    def close(self) -> None:
        self.app.close()
