"""A child's home program: which games, in which order, minutes a day, days a week and the
difficulty range."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from engine import registry, text
from engine.ui import Button
from progress.models import DifficultyBounds
from tinyhands.screens.common import INK
from tinyhands.screens.grownup_ui import (
    MARGIN,
    SOFT_INK,
    WHITE,
    GrownUpPage,
    W,
    choice_button,
    summary_button,
)
from tinyhands.screens.therapist.game_options import GameOptionsScene
from tinyhands.screens.therapist.words import DIFFICULTY_STEP, MAX_MINUTES, pct


class HomeProgramScene(GrownUpPage):
    """Which games, how many minutes a day, how many days a week, and the difficulty range."""

    def __init__(self, child) -> None:
        self.child = child
        self.title = f"{child.display_name}'s home program"
        self.message = ""

    def subtitle(self) -> str:
        return "What the child practises at home. Saved for this child only."

    def on_enter(self) -> None:
        store = self.app.services.store
        stored = store.get_home_program(self.child.id)
        if getattr(self, "program", None) is not None:
            # back from a game's options, which saved them: take those, keep the edits here
            self.program = self.program.model_copy(update={"game_options": stored.game_options})
            self._layout()
            return
        self.program = stored
        p = self.program
        self.all = registry.all_games()
        ids = [g.id for g in self.all]
        self.chosen = [g for g in (p.games or ids) if g in ids] or ids
        self.minutes = max(1, min(MAX_MINUTES, round(p.minutes_per_day)))
        self.days = p.days_per_week
        self.low, self.high = p.bounds.low, p.bounds.high
        self._layout()

    def options_summary(self, game: registry.GameDescription) -> str:
        """The game's current choices, briefly, as the options button shows them."""
        return game.describe_options(self.program.options_for(game.id))

    def _layout(self) -> None:
        pal = self.pal()
        self.start_page()
        row = self.row_h
        ys = self.rows_y(6, top=self.header_h + 30, bottom=800 - 20)
        self.label("Games, in this order:", (MARGIN + 20, ys[0] + row // 2))
        n = max(1, len(self.all))
        gw = min(240, (W - MARGIN - 420 - (n - 1) * 14) // n)
        for i, game in enumerate(self.all):
            self.buttons.add(
                Button(
                    pygame.Rect(420 + i * (gw + 14), ys[0], gw, row),
                    lambda g=game.id: self._toggle(g),
                    choice_button(game.name, lambda g=game.id: g in self.chosen, pal["primary"]),
                    f"game:{game.id}",
                )
            )
        # the chosen games' options, under the games (a game without options shows none)
        self.label("Game options", (MARGIN + 20, ys[1] + row // 2))
        with_options = [g for g in self.all if g.options and g.id in self.chosen]
        if with_options:
            k = len(with_options)
            ow = min(400, (W - MARGIN - 420 - (k - 1) * 14) // k)
            for i, game in enumerate(with_options):
                self.buttons.add(
                    Button(
                        pygame.Rect(420 + i * (ow + 14), ys[1], ow, row),
                        lambda g=game: self.app.scenes.push(GameOptionsScene(self.child, g)),
                        summary_button(
                            f"{game.name} options", lambda g=game: self.options_summary(g)
                        ),
                        f"options:{game.id}",
                    )
                )
        else:
            self.label("None for these games.", (420, ys[1] + row // 2), 28, SOFT_INK)
        # minutes and days share a row, so the options fit on the page at any screen density
        value_w = 170
        days_x = W - MARGIN - (2 * row + value_w + 20)
        self.stepper(
            ys[2],
            "Minutes a day",
            lambda: f"{self.minutes} min",
            self._minutes(-1),
            self._minutes(1),
            "minutes",
            x=MARGIN + 20 + text.font(32).size("Minutes a day")[0] + 24,
            value_w=value_w,
        )
        self.stepper(
            ys[2],
            "Days a week",
            lambda: "every day" if self.days == 7 else f"{self.days} days",
            self._days(-1),
            self._days(1),
            "days",
            x=days_x,
            value_w=value_w,
            label_x=days_x - text.font(32).size("Days a week")[0] - 24,
        )
        self.stepper(
            ys[3], "Easiest level", lambda: pct(self.low), self._low(-1), self._low(1), "low"
        )
        self.stepper(
            ys[4], "Hardest level", lambda: pct(self.high), self._high(-1), self._high(1), "high"
        )
        self.note_y = ys[3] + row // 2
        self.button(
            pygame.Rect(W - MARGIN - 360, ys[5], 360, row),
            "Save program",
            self._save,
            "save",
            colour=pal["primary"],
            ink=WHITE,
        )
        self.msg_y = ys[5] + row // 2
        self.request_redraw()

    def _toggle(self, game_id: str) -> None:
        if game_id in self.chosen:
            if len(self.chosen) > 1:
                self.chosen.remove(game_id)
            else:
                self.message = "A program needs at least one game."
        else:
            order = [g.id for g in self.all]
            self.chosen = [g for g in order if g in self.chosen or g == game_id]
        self._layout()  # the options row follows the games chosen

    def _minutes(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.minutes = max(1, min(MAX_MINUTES, self.minutes + d))

        return f

    def _days(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.days = max(1, min(7, self.days + d))

        return f

    def _low(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.low = round(max(0.0, min(self.high, self.low + d * DIFFICULTY_STEP)), 2)

        return f

    def _high(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.high = round(max(self.low, min(1.0, self.high + d * DIFFICULTY_STEP)), 2)

        return f

    def _save(self) -> None:
        store = self.app.services.store
        program = self.program.model_copy(
            update={
                "games": list(self.chosen),
                "minutes_per_day": float(self.minutes),
                "days_per_week": self.days,
                "bounds": DifficultyBounds(low=self.low, high=self.high),
            }
        )
        ok = store.call(lambda s: (s.set_home_program(self.child.id, program), True)[1], False)
        self.message = "Saved." if ok else (store.problem or "The program could not be saved.")
        if ok:
            self.program = program
        self.request_redraw()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        note = "0 % is each game's easiest level, 100 % its hardest; practice stays between."
        x = 560 + 2 * self.row_h + 300
        for i, line in enumerate(text.wrap(note, 24, W - MARGIN - x)):
            t = text.render(line, 24, SOFT_INK)
            surface.blit(t, (x, self.note_y - 10 + i * 28))
        if self.message:
            t = text.render(self.message, 30, INK, True)
            surface.blit(t, t.get_rect(midleft=(MARGIN + 20, self.msg_y)))
