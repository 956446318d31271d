"""One game in a child's home program: its options (tracing: what to trace, imitate or
copy; tweezers: the grip) and the easiest and hardest level practice may reach, shown
in the game's units. It edits the program's draft: the program screen's one Save keeps
everything together."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame

from engine import registry, text
from engine.ui import Button
from tinyhands.game_words import game_name
from tinyhands.i18n import _
from tinyhands.screens.grownup_ui import (
    MARGIN,
    SOFT_INK,
    WHITE,
    GrownUpPage,
    W,
    choice_button,
)
from tinyhands.screens.therapist.words import DIFFICULTY_STEP, describe_params, headline

if TYPE_CHECKING:
    from tinyhands.screens.therapist.home_program import HomeProgramScene


class GameOptionsScene(GrownUpPage):
    def __init__(self, program: HomeProgramScene, game: registry.GameDescription) -> None:
        self.program = program
        self.child = program.child
        self.game = game
        self.title = _("{game} for {name}").format(
            game=game_name(game), name=program.child.display_name
        )
        self.values: dict[str, str] = game.resolve_options(program.options.get(game.id, {}))
        self.low, self.high = program.bounds[game.id]

    def subtitle(self) -> str:
        return _("What the child plays, and how easy or hard it may get. The level adapts between.")

    def on_enter(self) -> None:
        self._layout()

    def _layout(self) -> None:
        pal = self.pal()
        self.start_page(back=self._done)
        row = self.row_h
        options = self.game.options
        ys = self.rows_y(len(options) + 3, top=self.header_h + 24, bottom=800 - 20)
        row = self.row_h  # as fitted by rows_y
        widest = max((text.font(32).size(_(o.label))[0] for o in options), default=0)
        x = max(380, MARGIN + 20 + widest + 30)
        for y, option in zip(ys, options, strict=False):
            self.label(_(option.label), (MARGIN + 20, y + row // 2))
            n = len(option.choices)
            cw = (W - MARGIN - x - (n - 1) * 12) // n
            for i, (value, words) in enumerate(option.choices):
                self.buttons.add(
                    Button(
                        pygame.Rect(x + i * (cw + 12), y, cw, row),
                        lambda o=option.name, v=value: self._choose(o, v),
                        choice_button(
                            _(words),
                            lambda o=option.name, v=value: self.values.get(o) == v,
                            pal["primary"],
                        ),
                        f"option:{option.name}:{value}",
                    )
                )
        k = len(options)
        value_w = W - MARGIN - 380 - 2 * row - 20
        self.stepper(
            ys[k],
            _("Easiest level"),
            lambda: headline(self.game.params_for(self.low, self.values)),
            self._low(-1),
            self._low(1),
            "low",
            x=380,
            value_w=value_w,
        )
        self.stepper(
            ys[k + 1],
            _("Hardest level"),
            lambda: headline(self.game.params_for(self.high, self.values)),
            self._high(-1),
            self._high(1),
            "high",
            x=380,
            value_w=value_w,
        )
        self.note_y = ys[k + 2] + row // 2
        self.button(
            pygame.Rect(W - MARGIN - 300, ys[-1], 300, row),
            _("Done"),
            self._done,
            "done",
            colour=pal["primary"],
            ink=WHITE,
        )
        self.request_redraw()

    def _choose(self, name: str, value: str) -> None:
        self.values[name] = value
        self.request_redraw()

    def _low(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.low = round(max(0.0, min(self.high, self.low + d * DIFFICULTY_STEP)), 2)

        return f

    def _high(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.high = round(max(self.low, min(1.0, self.high + d * DIFFICULTY_STEP)), 2)

        return f

    def _done(self) -> None:
        """Into the program's draft (saved with the program), then back to it."""
        p = self.program
        chosen = self.game.resolve_options(self.values) if self.game.options else {}
        before = (p.options.get(self.game.id, {}), p.bounds[self.game.id])
        current = self.game.resolve_options(before[0]) if self.game.options else {}
        if chosen != current:
            p.options[self.game.id] = chosen
        p.bounds[self.game.id] = (self.low, self.high)
        if before != (p.options.get(self.game.id, {}), p.bounds[self.game.id]):
            p.edited()
        self.app.scenes.pop()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        words = _("At the hardest level: {level}").format(
            level=describe_params(self.game.params_for(self.high, self.values))
        )
        for i, line in enumerate(text.wrap(words, 24, W - 2 * MARGIN - 340)[:2]):
            t = text.render(line, 24, SOFT_INK)
            surface.blit(t, (MARGIN + 20, self.note_y - 14 + i * 28))
