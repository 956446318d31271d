"""The app: one window, a letterboxed logical canvas, a fixed 1/120 s logic step and
interpolated drawing, pausing when the window is hidden, and a clean quit.

The loop follows "Game Programming Patterns" (fixed update, variable render): real time
accumulates, logic steps at LOGIC_DT, drawing gets the leftover fraction as ``alpha``.
A scene that is not animating lets the app sleep until the next event, so an idle menu
costs almost no CPU.
"""

from __future__ import annotations

import logging
import math
import os
import time
import warnings
from collections.abc import Callable
from typing import Any

import pygame

from engine.input import PointerEvent, PointerTranslator
from engine.registry import LOGIC_DT
from engine.scene import Scene, SceneStack
from engine.units import DEFAULT_DPI, MM_PER_INCH, Units, detect_display_dpi
from engine.viewport import LOGICAL_SIZE, Viewport

log = logging.getLogger(__name__)

MAX_FRAME_GAP_S = 0.25  # a stall or a clock jump never turns into a burst of catch-up steps
# Idle: poll the queue this often. pygame's event.wait(timeout) polls inside SDL and costs
# ~2-3 % of a core; a plain sleep costs ~0.2 % and adds at most this much latency to the
# first touch on a still screen (after it, the app runs at frame rate again).
IDLE_POLL_S = 0.025
#: the smallest window (mm) the child's screens are laid out for: a small phone on its side
MIN_WINDOW_MM = (96.0, 60.0)


class App:
    """Owns the window, the scene stack, the pointer layer and the clock.

    ``clock`` returns seconds from a monotonic source; tests and benchmarks pass a fake
    one and call :meth:`frame` themselves (see engine.harness).
    """

    def __init__(
        self,
        *,
        window_size: tuple[int, int] | None = None,
        fullscreen: bool = False,
        dpi: float | None = None,
        services: Any = None,
        clock: Callable[[], float] = time.perf_counter,
        max_fps: int = 60,
        title: str = "Tiny Hands",
    ) -> None:
        os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")  # 31 MB instead of 131 MB
        self.services = services
        self.clock = clock
        self.max_fps = max_fps
        self.title = title
        self._dpi_override = dpi
        self._fullscreen = fullscreen
        self._requested_size = window_size
        self.scenes = SceneStack(self)
        self.running = False
        self.paused = False
        self.dirty = True
        self.closing = False  # set by close(): screens below are not entered again
        self.frames_drawn = 0
        self._acc = 0.0
        self._last = 0.0
        self._t0 = 0.0
        self._tick = pygame.time.Clock()
        self._on_quit: list[Callable[[], None]] = []
        self._failures: list[float] = []
        #: called once after the first frame is on screen (benchmarks measure start-up by it)
        self.on_first_frame: Callable[[], None] | None = None
        self.window: pygame.Surface | None = None
        self.canvas: pygame.Surface | None = None
        self.viewport = Viewport(*LOGICAL_SIZE)
        self.units = Units.from_dpi(dpi or DEFAULT_DPI)
        self.pointers = PointerTranslator(self.viewport, self.units)

    # -- window -----------------------------------------------------------------
    def open(self) -> None:
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption(self.title)
        size = self._requested_size or self._default_window_size()
        flags = pygame.RESIZABLE | (pygame.FULLSCREEN if self._fullscreen else 0)
        self.window = pygame.display.set_mode(size, flags)
        self.physical_dpi = self._dpi_override or detect_display_dpi() or DEFAULT_DPI
        self._set_minimum_size()
        self._on_resize()
        self._t0 = self._last = self.clock()
        self.running = True

    def _default_window_size(self) -> tuple[int, int]:
        try:
            desk_w, desk_h = pygame.display.get_desktop_sizes()[0]
        except (pygame.error, IndexError):
            return LOGICAL_SIZE
        if desk_w >= LOGICAL_SIZE[0] and desk_h >= LOGICAL_SIZE[1] + 80:
            return LOGICAL_SIZE
        s = min(desk_w / LOGICAL_SIZE[0], (desk_h - 80) / LOGICAL_SIZE[1])
        return max(320, int(LOGICAL_SIZE[0] * s)), max(200, int(LOGICAL_SIZE[1] * s))

    def _on_resize(self) -> None:
        assert self.window is not None
        w, h = self.window.get_size()
        self.viewport = Viewport(max(1, w), max(1, h))
        self.units = Units.from_dpi(self.physical_dpi, self.viewport.scale)
        self.pointers.viewport = self.viewport
        self.pointers.units = self.units
        if (w, h) == LOGICAL_SIZE:
            self.canvas = self.window  # draw straight to the window, no scaling cost
        elif self.canvas is None or self.canvas is self.window:
            self.canvas = pygame.Surface(LOGICAL_SIZE).convert()
        self.dirty = True
        self.scenes.relayout()

    def minimum_window_px(self) -> tuple[int, int]:
        """The smallest window a child's screens are laid out for (MIN_WINDOW_MM)."""
        ppm = self.physical_dpi / MM_PER_INCH
        return math.ceil(MIN_WINDOW_MM[0] * ppm), math.ceil(MIN_WINDOW_MM[1] * ppm)

    def _set_minimum_size(self) -> None:
        """Ask the window manager not to make the window smaller than MIN_WINDOW_MM: below
        that, 15 mm targets no longer fit beside each other (screens still do their best)."""
        try:
            with warnings.catch_warnings():  # pygame-ce 2.5 marks the bridge as old style
                warnings.simplefilter("ignore", DeprecationWarning)
                window = pygame.Window.from_display_module()
            window.minimum_size = self.minimum_window_px()
        except (pygame.error, AttributeError, ValueError):
            log.debug("this display cannot hold a minimum window size")

    def set_dpi(self, dpi: float) -> None:
        """A new calibration: physical px per inch of this display."""
        self.physical_dpi = dpi
        if self.window is not None:
            self._set_minimum_size()
            self._on_resize()

    @property
    def plane_mm(self) -> tuple[float, float]:
        """The logical canvas in millimetres on this screen."""
        return self.units.mm(LOGICAL_SIZE[0]), self.units.mm(LOGICAL_SIZE[1])

    def toggle_fullscreen(self) -> None:
        try:
            pygame.display.toggle_fullscreen()
        except pygame.error:
            self._fullscreen = not self._fullscreen
            flags = pygame.RESIZABLE | (pygame.FULLSCREEN if self._fullscreen else 0)
            self.window = pygame.display.set_mode(self.window.get_size(), flags)
        self.window = pygame.display.get_surface()
        self._on_resize()

    # -- time ---------------------------------------------------------------------
    def now_ms(self) -> float:
        return (self.clock() - self._t0) * 1000.0

    # -- lifecycle ---------------------------------------------------------------
    def on_quit(self, callback: Callable[[], None]) -> None:
        self._on_quit.append(callback)

    def quit(self) -> None:
        self.running = False

    def cancel_pointers(self) -> None:
        """End every live pointer (scene change, focus loss) so no scene sees half a gesture."""
        top = self.scenes.top
        for ev in self.pointers.cancel_all(self.now_ms()):
            if top is not None:
                top.on_pointer(ev)

    def run(self, scene: Scene) -> int:
        """Open the window, show ``scene`` and loop until the user quits."""
        if self.window is None:
            self.open()
        self.scenes.push(scene)
        try:
            while self.running and len(self.scenes):
                self.safe_frame()
                if self.dirty or self._animating():
                    self._tick.tick(self.max_fps)
        finally:
            self.close()
        return 0

    def safe_frame(self) -> None:
        """One frame; a scene that fails is logged and left, never shown to a child as a
        crash: the app goes back to the scene below (a game returns to the child's plan)."""
        try:
            self.frame()
        except Exception:
            now = self.clock()
            self._failures = [t for t in self._failures if now - t < 10.0] + [now]
            if len(self.scenes) <= 1 or len(self._failures) > 3:
                raise  # nowhere safe to go back to, or failing again and again
            log.exception("the screen %s failed; going back", type(self.scenes.top).__name__)
            self.scenes.pop()

    def close(self) -> None:
        self.closing = True
        while len(self.scenes):
            self.scenes.pop()
        for cb in reversed(self._on_quit):  # last registered, first run (like atexit)
            cb()
        self._on_quit.clear()
        from engine import text

        text.clear_cache()
        pygame.quit()

    def _animating(self) -> bool:
        top = self.scenes.top
        return bool(top and top.animating and not self.paused)

    # -- one frame -----------------------------------------------------------------
    def frame(self, events: list[pygame.event.Event] | None = None) -> None:
        """Poll events, run the fixed logic steps that are due, and draw if needed.

        When idle (nothing animating, nothing changed), sleep briefly between polls so the
        process costs almost nothing; ``events`` may be passed in by a harness instead.
        """
        if events is None:
            events = pygame.event.get()
            if not events and not self._animating() and not self.dirty:
                time.sleep(IDLE_POLL_S)
                events = pygame.event.get()
        now = self.clock()
        elapsed = now - self._last
        self._last = now
        elapsed = min(max(elapsed, 0.0), MAX_FRAME_GAP_S)

        self._dispatch(events)
        if not self.running or not len(self.scenes):
            return
        voice = getattr(self.services, "voice", None)
        if voice is not None:  # a prompt waiting for the one before it to end
            voice.poll()

        if self.paused:
            self._acc = 0.0
            if self.dirty:  # exposed, resized or defocused: show the present, not stale pixels
                self.draw(0.0)
            return
        self._acc += elapsed
        top = self.scenes.top
        while self._acc >= LOGIC_DT and top is self.scenes.top and top is not None:
            top.update(LOGIC_DT)
            self._acc -= LOGIC_DT
        if self.scenes.top is not top:
            self._acc = 0.0
        if self.dirty or self._animating():
            self.draw(self._acc / LOGIC_DT)

    def _dispatch(self, events: list[pygame.event.Event]) -> None:
        pointer_batch = []
        for ev in events:
            t = ev.type
            if t == pygame.QUIT:
                self.running = False
                return
            if t in (pygame.WINDOWFOCUSLOST, pygame.WINDOWMINIMIZED, pygame.WINDOWHIDDEN):
                self._set_paused(True)
            elif t in (pygame.WINDOWFOCUSGAINED, pygame.WINDOWRESTORED, pygame.WINDOWSHOWN):
                self._set_paused(False)
                self.dirty = True
            elif t in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
                if self.window is not None:
                    self.window = pygame.display.get_surface() or self.window
                    self._on_resize()
            elif t in (pygame.WINDOWEXPOSED,):
                self.dirty = True
            elif t == pygame.KEYDOWN:
                if ev.key == pygame.K_F11 or (
                    ev.key == pygame.K_RETURN and ev.mod & pygame.KMOD_ALT
                ):
                    self.toggle_fullscreen()
                    continue
                if self.scenes.top is not None:
                    self.scenes.top.on_key(ev)
            elif t == pygame.TEXTINPUT:
                if self.scenes.top is not None:
                    self.scenes.top.on_key(ev)
            elif t in _POINTER_EVENT_TYPES:
                pointer_batch.append(ev)
        if pointer_batch and not self.paused:
            self._deliver(self.pointers.translate(pointer_batch, self.now_ms()))

    def _deliver(self, pointer_events: list[PointerEvent]) -> None:
        for pe in pointer_events:
            top = self.scenes.top
            if top is None:
                return
            top.on_pointer(pe)

    def _set_paused(self, paused: bool) -> None:
        if paused and not self.paused:
            self.cancel_pointers()
        if paused != self.paused:
            self.paused = paused
            self._acc = 0.0
            self._last = self.clock()
            self.dirty = True

    def draw(self, alpha: float) -> None:
        if self.window is None or self.canvas is None:
            return
        visible = []
        for scene in reversed(list(self.scenes)):
            visible.append(scene)
            if getattr(scene, "opaque", True):
                break
        for scene in reversed(visible):
            if scene.background is not None and scene is visible[-1]:
                self.canvas.fill(scene.background)
            scene.draw(self.canvas, alpha)
        if self.canvas is not self.window:
            x, y, w, h = self.viewport.rect
            self.window.fill((20, 20, 24))
            if (w, h) == self.canvas.get_size():
                self.window.blit(self.canvas, (x, y))
            else:
                pygame.transform.smoothscale(
                    self.canvas, (w, h), self.window.subsurface((x, y, w, h))
                )
        pygame.display.flip()
        self.frames_drawn += 1
        if self.frames_drawn == 1 and self.on_first_frame is not None:
            self.on_first_frame()
        self.dirty = False


_POINTER_EVENT_TYPES = frozenset(
    {
        pygame.MOUSEBUTTONDOWN,
        pygame.MOUSEBUTTONUP,
        pygame.MOUSEMOTION,
        pygame.FINGERDOWN,
        pygame.FINGERUP,
        pygame.FINGERMOTION,
    }
)
