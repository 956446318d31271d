"""A graded task: one game at a fixed level for N trials, with the help given noted."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from engine import registry, text
from engine.trial import TrialResult
from engine.ui import Button
from progress.models import CUE_LEVELS
from tinyhands.game_words import game_name
from tinyhands.i18n import _
from tinyhands.play import Practice
from tinyhands.screens.grownup_ui import MARGIN, SOFT_INK, WHITE, GrownUpPage, W, choice_button
from tinyhands.screens.therapist.graded_results import GradedResultsScene
from tinyhands.screens.therapist.hand_back import HandBackScene
from tinyhands.screens.therapist.words import (
    DIFFICULTY_STEP,
    MAX_TRIALS,
    cue_words,
    describe_params,
    pct,
)


class GradedTaskScene(GrownUpPage):
    """Set up a graded task (game, fixed level, N trials, cue), run it, show the results.

    The difficulty is locked for exactly N trials (DifficultyController.lock), so practice
    afterwards goes on where it was; each trial is saved as graded with the cue level.
    """

    def __init__(self, child) -> None:
        self.child = child
        self.title = _("Graded task with {name}").format(name=child.display_name)
        self.games = registry.all_games()
        self.game_i = 0
        self.difficulty = 0.5
        self.trials = 5
        self.cue = "independent"
        self.practice: Practice | None = None
        self.running = False
        self.results: list[tuple[int | None, TrialResult]] = []
        self._go_on = False
        self.message = ""

    def subtitle(self) -> str:
        if self.running:
            return _("Trial {n} of {m} is next.").format(n=len(self.results) + 1, m=self.trials)
        return _("The child plays a fixed level; you note the help you give.")

    @property
    def game(self):
        return self.games[self.game_i]

    def on_enter(self) -> None:
        self.app.services.menu_music(False)
        # what the set-up shows; the rounds get the same options through Practice
        program = self.app.services.store.get_home_program(self.child.id)
        self.game_options = program.game_options
        if self.running and self._go_on:
            self._go_on = False
            self._next_trial()
            return
        self._layout()

    def _layout(self) -> None:
        pal = self.pal()
        self.start_page(back=self._back)
        row = self.row_h
        if not self.games:
            return
        if self.running:  # the child left a trial: carry on, or stop here
            self.button(
                pygame.Rect(640 - 20 - 400, 420, 400, max(row, 90)),
                _("Stop the task"),
                self._stop,
                "stop",
            )
            self.button(
                pygame.Rect(660, 420, 400, max(row, 90)),
                _("Next trial ({n} of {m})").format(n=len(self.results) + 1, m=self.trials),
                self._next_trial,
                "continue",
                colour=pal["primary"],
                ink=WHITE,
            )
            self.request_redraw()
            return
        ys = self.rows_y(5, top=self.header_h + 30, bottom=800 - 16)
        row = self.row_h  # as fitted by rows_y
        self.stepper(
            ys[0],
            _("Game"),
            lambda: game_name(self.game),
            self._game(-1),
            self._game(1),
            "game",
            x=420,
            value_w=400,
            signs=("<", ">"),
        )
        self.stepper(
            ys[1],
            _("Level"),
            lambda: pct(self.difficulty),
            self._level(-1),
            self._level(1),
            "level",
            x=420,
            value_w=160,
        )
        self.params_y = ys[1] + row // 2
        self.stepper(
            ys[2],
            _("Trials"),
            lambda: str(self.trials),
            self._trials(-1),
            self._trials(1),
            "trials",
            x=420,
            value_w=160,
        )
        self.label(_("Help given"), (MARGIN + 20, ys[3] + row // 2))
        cw = (W - MARGIN - 420 - 3 * 12) // 4
        for i, cue in enumerate(CUE_LEVELS):
            self.buttons.add(
                Button(
                    pygame.Rect(420 + i * (cw + 12), ys[3], cw, row),
                    lambda c=cue: self._cue(c),
                    choice_button(cue_words(cue), lambda c=cue: self.cue == c, pal["primary"]),
                    f"cue:{cue}",
                )
            )
        self.button(
            pygame.Rect(W - MARGIN - 420, ys[4], 420, row),
            _("Start the graded task"),
            self.start,
            "start",
            colour=pal["primary"],
            ink=WHITE,
            icon="play",
        )
        self.request_redraw()

    def _game(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.game_i = (self.game_i + d) % len(self.games)

        return f

    def _level(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.difficulty = round(max(0.0, min(1.0, self.difficulty + d * DIFFICULTY_STEP)), 2)

        return f

    def _trials(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.trials = max(1, min(MAX_TRIALS, self.trials + d))

        return f

    def _cue(self, cue: str) -> None:
        self.cue = cue
        self.request_redraw()

    # -- running -------------------------------------------------------------------
    def start(self) -> None:
        services = self.app.services
        self.practice = Practice(services, self.child)
        self.app.on_quit(self.practice.end)
        ctl = self.practice.controller(self.game.id)
        ctl.lock(self.difficulty, self.trials)
        self.results = []
        self.running = True
        self._next_trial()

    def _next_trial(self) -> None:
        from tinyhands.screens.reward import RewardScene

        app = self.app
        practice = self.practice
        game = self.game

        def left() -> None:
            # the child tapped home: stop or go on is the therapist's call, behind the gate
            app.scenes.replace(HandBackScene(self.child, then=app.scenes.pop, finished=False))

        scene = practice.new_game_scene(game, on_leave=left, cue_level=self.cue)
        inner = scene.on_finished

        def finished(result: TrialResult) -> None:
            inner(result)
            self.results.append((practice.last_trial_uuid, result))
            if len(self.results) >= self.trials:
                on_next = self._hand_back  # the lock has run out by itself
            else:
                self._go_on = True
                on_next = app.scenes.pop
            app.scenes.replace(
                RewardScene(practice, game, result, practice.last_sticker, on_next=on_next)
            )

        scene.on_finished = finished
        app.scenes.push(scene)

    def _hand_back(self) -> None:
        """The last trial is played: the child sees a calm end; the results need the gate."""
        self.app.scenes.replace(HandBackScene(self.child, then=self._show_results, finished=True))

    def _show_results(self) -> None:
        """Over the reward (or this screen): the results; Done comes back to the set-up."""
        self.running = False
        self.practice.end()
        results = GradedResultsScene(
            self.child, self.game, self.difficulty, self.cue, self.trials, list(self.results)
        )
        if self.app.scenes.top is self:
            self._layout()
            self.app.scenes.push(results)
        else:
            self.app.scenes.replace(results)

    def _stop(self) -> None:
        """Stopped early: unlock so home practice is not held at the graded level."""
        ctl = self.practice.controller(self.game.id)
        ctl.unlock()
        self.app.services.store.set_difficulty_state(
            self.child.id, self.game.id, ctl.state.to_dict()
        )
        self._show_results()

    def _back(self) -> None:
        if self.running:
            self._stop()
        else:
            self.app.scenes.pop()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        if self.running or not self.games:
            return
        params = describe_params(
            self.game.params_for(self.difficulty, self.game_options.get(self.game.id, {}))
        )
        x = 420 + 2 * self.row_h + 200
        for i, line in enumerate(text.wrap(params, 24, W - MARGIN - x)[:3]):
            t = text.render(line, 24, SOFT_INK)
            surface.blit(t, (x, self.params_y - 26 + i * 26))
