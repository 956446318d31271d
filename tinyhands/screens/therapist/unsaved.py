"""Asked on Back when a form has changes not saved: save, leave them, or stay."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from tinyhands.i18n import N_, _
from tinyhands.screens.grownup_ui import WHITE, GrownUpPage, draw_message


class UnsavedChangesScene(GrownUpPage):
    title = N_("Save your changes?")

    def __init__(self, save: Callable[[], bool], what: str) -> None:
        self.save = save  # the form's own save; True when it worked
        self.what = what

    def on_enter(self) -> None:
        pal = self.pal()
        self.start_page(back=self.app.scenes.pop)
        row = max(self.row_h, 84)
        w = 360
        x0 = 640 - (3 * w + 2 * 20) // 2
        self.button(pygame.Rect(x0, 460, w, row), _("Keep editing"), self.app.scenes.pop, "stay")
        self.button(
            pygame.Rect(x0 + w + 20, 460, w, row), _("Leave unsaved"), self._leave, "discard"
        )
        self.button(
            pygame.Rect(x0 + 2 * (w + 20), 460, w, row),
            _("Save and go back"),
            self._save,
            "save",
            colour=pal["primary"],
            ink=WHITE,
        )
        self.request_redraw()

    def _leave(self) -> None:
        self.app.scenes.pop()  # this question
        self.app.scenes.pop()  # the form

    def _save(self) -> None:
        self.app.scenes.pop()
        if self.save():
            self.app.scenes.pop()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        draw_message(
            surface,
            _("You changed {what} but did not save it. Leaving now would lose the changes.").format(
                what=self.what
            ),
            250,
            width=1000,
        )
