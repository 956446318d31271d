"""The one scene every game runs in: a Round (pure logic) and its View, a home button,
and the hand-off of the finished TrialResult. Games only provide logic and drawing."""

from __future__ import annotations

import dataclasses
import logging
import random
from collections.abc import Callable
from typing import Any

import pygame

from engine import art
from engine.input import PointerEvent
from engine.registry import GameDescription, Round, RoundContext, ViewContext
from engine.scene import Scene
from engine.scoring import Scoring
from engine.trial import TrialResult
from engine.ui import Button, ButtonGroup, target_px

log = logging.getLogger(__name__)

TOP_BAR_MM = 30.0  # reserved at the top of the task plane for the app's buttons
#: no pointer on the round for this long (and none held down): the game's spoken hint, in
#: step with the games' own shown hints (the puzzle's glow comes after 8 s too)
HINT_IDLE_S = 8.0
#: spoken hints in one round at most (calm mode: one); a child who does not want to play
#: is not talked at
MAX_HINTS = 3


class GameScene(Scene):
    """Plays one round of ``game`` with ``params``; calls ``on_finished(result)`` once."""

    background = (246, 241, 232)

    def __init__(
        self,
        game: GameDescription,
        params,
        *,
        seed: int,
        on_finished: Callable[[TrialResult], None],
        on_leave: Callable[[], None],
        left_handed: bool = False,
        calm: bool = False,
        colourblind: bool = False,
        draw_button: Callable[[pygame.Surface, pygame.Rect, bool], None] | None = None,
    ) -> None:
        self.game = game
        self.params = params
        self.seed = seed
        self.on_finished = on_finished
        self.on_leave = on_leave
        self.left_handed = left_handed
        self.calm = calm
        self.colourblind = colourblind
        self.draw_button = draw_button or _home_button
        self.round: Round | None = None
        self.view = None
        self.result: TrialResult | None = None
        #: seconds of play while this scene was on top and the window active (logic steps)
        self.active_s = 0.0
        #: drawn over the game in the reserved top bar (e.g. the daily practice's sun timer)
        self.overlay: Callable[[pygame.Surface, float], None] | None = None
        self.buttons: ButtonGroup | None = None
        #: called once with the round's partial result when the scene leaves the stack
        #: before the round finished (the home button, the window closed, a failure)
        self.on_interrupted: Callable[[TrialResult], None] | None = None
        self._interrupt_told = False
        #: the finished round being scored off the frame (see engine.scoring)
        self.scoring: Scoring | None = None
        #: run on the scoring thread with the result (``Scoring``'s ``then``); its answer
        #: is ``prepared`` when ``on_finished`` is called (the app: samples for saving)
        self.prepare: Callable[[TrialResult], Any] | None = None
        self.prepared: Any = None
        self._idle_s = 0.0  # since the last pointer event on the round
        self._pointers_down: set[int] = set()
        self._hints_said = 0

    def on_exit(self) -> None:
        """Popped unfinished (not merely covered): hand over what was played so far."""
        if self.result is not None or self.round is None or self._interrupt_told:
            return
        if hasattr(self, "app") and any(s is self for s in self.app.scenes):
            return  # covered by another scene: the round goes on when it comes back
        self._interrupt_told = True
        if self.on_interrupted is None:
            return
        try:
            if self.scoring is not None:
                # finished but not yet scored (the app is closing): kept, as interrupted,
                # since the child never saw its reward
                partial = self.scoring.wait()
                self.prepared = self.scoring.prepared
            else:
                partial = self.round.result()
        except Exception:  # a round that cannot score itself must not stop the leaving
            log.exception("the unfinished %s round gave no result", self.game.id)
            return
        partial.success = False  # an interrupted round is never a success
        partial.duration_s = max(partial.duration_s, self.active_s)
        self.on_interrupted(partial)

    def on_enter(self) -> None:
        if self.round is not None:
            return  # uncovered again (e.g. after a parent gate): keep playing the same round
        app = self.app
        w_mm, h_mm = app.plane_mm
        ctx = RoundContext(plane_w_mm=w_mm, plane_h_mm=h_mm, left_handed=self.left_handed)
        self.round = self.game.new_round(self.params, random.Random(self.seed), ctx)
        sounds = getattr(app.services, "sounds", None)
        self.view = self.game.new_view(
            self.round,
            ViewContext(
                units=app.units,
                left_handed=self.left_handed,
                calm=self.calm,
                colourblind=self.colourblind,
                sounds=sounds,
            ),
        )
        #: the units the round was laid out in: it keeps them if the window changes size
        self.round_units = app.units
        self.layout()
        self._speak(f"{self.game.id}.start", replace=True)

    def _speak(self, prompt_id: str, replace: bool = False) -> None:
        """Speak a prompt of this game, if the app has a voice and the game has the prompt
        (a game added without its prompts plays silently rather than stopping)."""
        voice = getattr(self.app.services, "voice", None)
        if voice is not None and prompt_id in voice.prompts:
            voice.say(prompt_id, replace=replace)

    def layout(self) -> None:
        """The app's chrome (the home button) follows the window; the round in play keeps
        its own geometry and is drawn scaled with the canvas (the next round fits anew)."""
        if self.round is None:
            return
        app = self.app
        self.buttons = ButtonGroup(app.units)
        size = target_px(app.units, 18)
        margin = round(app.units.px(4))
        self.buttons.add(
            Button(pygame.Rect(margin, margin, size, size), self._leave, self.draw_button, "home")
        )

    def _leave(self) -> None:
        self.on_leave()

    def on_pointer(self, event: PointerEvent) -> None:
        assert self.buttons is not None and self.round is not None
        if self.scoring is not None:
            return  # finished: the reward is a few frames away, the round takes nothing more
        if self.buttons.handle(event):
            return
        if self.result is None:
            self._idle_s = 0.0
            if event.phase.value == "down":
                self._pointers_down.add(event.pointer_id)
            elif event.phase.value in ("up", "cancel"):
                self._pointers_down.discard(event.pointer_id)
            u = self.round_units
            if u != self.app.units:  # resized mid-round: pointers in the round's own mm
                event = dataclasses.replace(event, x_mm=u.mm(event.x_px), y_mm=u.mm(event.y_px))
            self.round.handle(event)

    def update(self, dt: float) -> None:
        if self.round is None or self.result is not None:
            return
        if self.scoring is None:
            self.active_s += dt
            self.round.step(dt)
            if not self.round.finished:
                if not self._pointers_down:
                    self._idle_s += dt
                limit = 1 if self.calm else MAX_HINTS
                if self._idle_s >= HINT_IDLE_S and self._hints_said < limit:
                    self._idle_s = 0.0
                    self._hints_said += 1
                    self._speak(f"{self.game.id}.hint")
                return
            # scored off the frame; the finished round is not stepped while it is read
            self.scoring = Scoring(self.round, then=self.prepare)
        result = self.scoring.poll()
        if result is not None:
            self.result = result
            self.prepared = self.scoring.prepared
            self._praise()
            self.on_finished(result)

    def _praise(self) -> None:
        """Warm words after every finished round, varied (never the same twice in a row)."""
        voice = getattr(self.app.services, "voice", None)
        if voice is not None:
            pick = voice.pick("praise", random.Random(self.seed))
            if pick is not None:
                voice.say(pick)

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        if self.view is not None:
            self.view.draw(surface, alpha)
        if self.buttons is not None:
            self.buttons.draw(surface)
        if self.overlay is not None:
            self.overlay(surface, alpha)


def _home_button(surface: pygame.Surface, rect: pygame.Rect, pressed: bool) -> None:
    """The way out of a game: a house on a soft card, the same on every game."""
    r = rect.inflate(-4, -4) if pressed else rect
    surface.blit(art.card(r.size, art.PALETTE["secondary"], max(8, r.h // 5), not pressed), r)
    ic = art.icon("home", int(r.h * 0.6), (255, 255, 255))
    surface.blit(ic, ic.get_rect(center=r.center))
