"""A stack of scenes: the child shell, the parent gate, the grown-up area and each game.

Each scene handles pointer events, updates on the fixed logic step and draws. Pushing a
scene pauses the one below (a parent gate over the home screen); popping resumes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from engine.input import PointerEvent

if TYPE_CHECKING:
    from engine.app import App


class Scene:
    """Base class; override what the scene needs. ``self.app`` is set when it is pushed."""

    app: App
    #: True while the scene moves by itself; when False the app sleeps until the next event
    animating: bool = True
    #: the background colour the app clears to before ``draw`` (None: the scene paints it all)
    background: tuple[int, int, int] | None = (246, 241, 232)
    #: False for overlays (a dialog over the scene below, which is drawn first)
    opaque: bool = True

    def on_enter(self) -> None:
        """Pushed onto the stack, or uncovered when the scene above was popped."""

    def on_exit(self) -> None:
        """Popped, replaced, or covered by another scene."""

    def layout(self) -> None:
        """Place everything again for the app's present units (px per real mm).

        Called when the scene is pushed and whenever the window changes size, for every
        scene on the stack (an overlay draws the one below). A child's screen keeps its
        targets at their sizes in real millimetres and shows fewer things, or pages,
        when the window is small: it never shrinks a target below engine.ui.MIN_TARGET_MM.
        """

    def on_pointer(self, event: PointerEvent) -> None:
        """Every pointer sample (mm and px); see engine.input."""

    def on_key(self, event: pygame.event.Event) -> None:
        """KEYDOWN / TEXTINPUT events (grown-up screens only; children do not type)."""

    def update(self, dt: float) -> None:
        """One fixed logic step of ``dt`` seconds (engine.registry.LOGIC_DT)."""

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        """Draw onto the logical canvas; ``alpha`` interpolates between logic steps."""

    def request_redraw(self) -> None:
        if hasattr(self, "app"):
            self.app.dirty = True


class SceneStack:
    def __init__(self, app: App) -> None:
        self.app = app
        self._scenes: list[Scene] = []

    def __len__(self) -> int:
        return len(self._scenes)

    def __iter__(self):
        return iter(list(self._scenes))

    @property
    def top(self) -> Scene | None:
        return self._scenes[-1] if self._scenes else None

    def push(self, scene: Scene) -> Scene:
        if self._scenes:
            self.app.cancel_pointers()
            self._scenes[-1].on_exit()
        scene.app = self.app
        self._scenes.append(scene)
        scene.on_enter()
        self.app.dirty = True
        return scene

    def pop(self) -> Scene | None:
        if not self._scenes:
            return None
        self.app.cancel_pointers()
        scene = self._scenes.pop()
        scene.on_exit()
        if self._scenes and not getattr(self.app, "closing", False):
            # while the app closes, the screens below are not entered again: one that would
            # push a screen on entering (the picker's "ask a grown-up") would never let go
            self._scenes[-1].on_enter()
        self.app.dirty = True
        return scene

    def replace(self, scene: Scene) -> Scene:
        if self._scenes:
            self.app.cancel_pointers()
            self._scenes.pop().on_exit()
        scene.app = self.app
        self._scenes.append(scene)
        scene.on_enter()
        self.app.dirty = True
        return scene

    def relayout(self) -> None:
        """The window changed size: every scene lays itself out again, bottom first."""
        for scene in list(self._scenes):
            scene.layout()
        self.app.dirty = True

    def clear_to(self, scene: Scene) -> Scene:
        """Pop everything and start afresh from ``scene`` (e.g. back to the profile picker)."""
        while self._scenes:
            self.app.cancel_pointers()
            self._scenes.pop().on_exit()
        return self.push(scene)
