"""Goal Attainment Scaling levels in the therapist's own words (typed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from engine.ui import Button
from tinyhands.i18n import N_, _
from tinyhands.screens.common import INK
from tinyhands.screens.grownup_ui import MARGIN, WHITE, GrownUpPage, TextField, W, edit_fields
from tinyhands.screens.therapist.words import GAS_ROWS

if TYPE_CHECKING:
    from tinyhands.screens.therapist.goal_edit import GoalEditScene


class GasScene(GrownUpPage):
    """Goal Attainment Scaling in the therapist's own words, -2..+2 (typed)."""

    title = N_("GAS levels, in your words")

    def __init__(self, editor: GoalEditScene) -> None:
        self.editor = editor
        self.focus = 0

    def subtitle(self) -> str:
        return _("Tap a line and type. Write all five, or leave all empty.")

    def on_enter(self) -> None:
        pygame.key.start_text_input()
        self.start_page()
        row = self.row_h
        self.fields: list[TextField] = []
        ys = self.rows_y(6, top=self.header_h + 20, bottom=800 - 16)
        row = self.row_h  # as fitted by rows_y
        for i, (key, label, hint) in enumerate(GAS_ROWS):
            f = TextField(
                key,
                pygame.Rect(440, ys[i], W - MARGIN - 440, row),
                self.editor.gas[key],
                _("tap here, then type what this level looks like"),
            )
            self.fields.append(f)
            self.buttons.add(Button(f.rect, lambda i=i: self._focus(i), None, f"field:{key}"))
            self.label(f"{label}", (MARGIN + 20, ys[i] + row // 2), 40, INK, True)
            self.label(_(hint).split(" (")[0], (MARGIN + 90, ys[i] + row // 2), 24, INK)
        self.button(pygame.Rect(440, ys[5], 260, row), _("Clear all"), self._clear, "clear")
        self.button(
            pygame.Rect(W - MARGIN - 300, ys[5], 300, row),
            _("Done"),
            self._done,
            "done",
            colour=self.pal()["primary"],
            ink=WHITE,
        )
        self.request_redraw()

    def on_exit(self) -> None:
        pygame.key.stop_text_input()

    def _focus(self, i: int) -> None:
        self.focus = i

    def _clear(self) -> None:
        for f in self.fields:
            f.value = ""

    def _done(self) -> None:
        for f in self.fields:
            self.editor.gas[f.name] = f.value
        self.app.scenes.pop()

    def on_key(self, event: pygame.event.Event) -> None:
        focus = edit_fields(self.fields, self.focus, event)
        if focus is None and event.key == pygame.K_ESCAPE:
            self.app.scenes.pop()
            return
        # Enter moves on to the next level, as Tab does
        self.focus = (self.focus + 1) % len(self.fields) if focus is None else focus
        self.request_redraw()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        surface.fill((243, 241, 247))
        self.draw_header(surface)
        self.draw_labels(surface)
        self.draw_fields(surface)
