"""Asks before a goal is removed; the practice stays."""

from __future__ import annotations

import pygame

from tinyhands.i18n import N_, _
from tinyhands.screens.grownup_ui import REMOVE, SOFT_INK, WHITE, GrownUpPage, draw_message
from tinyhands.screens.therapist.words import goal_sentence


class RemoveGoalScene(GrownUpPage):
    def __init__(self, goal) -> None:
        self.goal = goal
        self.title = N_("Remove this goal?")

    def on_enter(self) -> None:
        pal = self.pal()
        self.start_page()
        row = max(self.row_h, 80)
        self.button(
            pygame.Rect(640 - 20 - 380, 520, 380, row),
            _("Keep the goal"),
            self.app.scenes.pop,
            "keep",
            colour=pal["primary"],
            ink=WHITE,
        )
        self.button(
            pygame.Rect(660, 520, 380, row),
            _("Remove the goal"),
            self._remove,
            "confirm-remove",
            colour=REMOVE,
            ink=WHITE,
        )

    def _remove(self) -> None:
        self.app.services.store.call(lambda s: s.remove_goal(self.goal.id), None)
        self.app.scenes.pop()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        draw_message(surface, goal_sentence(self.goal), 220, width=1000)
        draw_message(
            surface,
            _("The child's practice is kept; only the goal goes."),
            380,
            SOFT_INK,
            width=1000,
        )
