"""One game's options for one child, as big choice buttons."""

from __future__ import annotations

import pygame

from engine import registry, text
from engine.ui import Button
from tinyhands.screens.common import INK
from tinyhands.screens.grownup_ui import MARGIN, WHITE, GrownUpPage, W, choice_button


class GameOptionsScene(GrownUpPage):
    """One game's options for one child (tracing: what to trace, imitate or copy; tweezers: the
    grip), as big choice buttons. Saved into the home program, so home practice, the graded
    task and the demo all build their rounds with them; the difficulty still adapts."""

    def __init__(self, child, game: registry.GameDescription) -> None:
        self.child = child
        self.game = game
        self.title = f"{game.name} options for {child.display_name}"
        self.message = ""
        self.values: dict[str, str] | None = None

    def subtitle(self) -> str:
        return "What the child plays in this game. The level still adapts as they play."

    def on_enter(self) -> None:
        if self.values is None:  # first visit; keep the choices made here otherwise
            program = self.app.services.store.get_home_program(self.child.id)
            self.values = self.game.resolve_options(program.options_for(self.game.id))
        self._layout()

    def _layout(self) -> None:
        pal = self.pal()
        self.start_page()
        row = self.row_h
        options = self.game.options
        ys = self.rows_y(len(options) + 1, top=self.header_h + 30, bottom=800 - 20)
        widest = max((text.font(32).size(o.label)[0] for o in options), default=0)
        x = max(420, MARGIN + 20 + widest + 30)
        for y, option in zip(ys, options, strict=False):
            self.label(option.label, (MARGIN + 20, y + row // 2))
            n = len(option.choices)
            cw = (W - MARGIN - x - (n - 1) * 12) // n
            for i, (value, words) in enumerate(option.choices):
                self.buttons.add(
                    Button(
                        pygame.Rect(x + i * (cw + 12), y, cw, row),
                        lambda o=option.name, v=value: self._choose(o, v),
                        choice_button(
                            words,
                            lambda o=option.name, v=value: self.values.get(o) == v,
                            pal["primary"],
                        ),
                        f"option:{option.name}:{value}",
                    )
                )
        self.button(
            pygame.Rect(W - MARGIN - 360, ys[-1], 360, row),
            "Save options",
            self._save,
            "save",
            colour=pal["primary"],
            ink=WHITE,
        )
        self.msg_y = ys[-1] + row // 2
        self.request_redraw()

    def _choose(self, name: str, value: str) -> None:
        self.values[name] = value
        self.message = ""
        self.request_redraw()

    def _save(self) -> None:
        """Write these choices into the stored program (re-read, so nothing else in it is
        overwritten), then go back to the program, which shows them."""
        store = self.app.services.store
        chosen = self.game.resolve_options(self.values)

        def write(s) -> bool:
            program = s.get_home_program(self.child.id)
            options = {**program.game_options, self.game.id: chosen}
            s.set_home_program(self.child.id, program.model_copy(update={"game_options": options}))
            return True

        if store.call(write, False):
            self.app.scenes.pop()
            return
        self.message = store.problem or "The options could not be saved."
        self.request_redraw()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        if self.message:
            t = text.render(self.message, 30, INK, True)
            surface.blit(t, t.get_rect(midleft=(MARGIN + 20, self.msg_y)))
