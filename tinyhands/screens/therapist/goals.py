"""The child's goals in OT form, each with Edit and Remove, and "Add a goal"."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from engine import text
from tinyhands.i18n import _
from tinyhands.screens.common import INK
from tinyhands.screens.grownup_ui import (
    MARGIN,
    REMOVE,
    SOFT_INK,
    WHITE,
    GrownUpPage,
    W,
    draw_message,
)
from tinyhands.screens.therapist.goal_edit import GoalEditScene
from tinyhands.screens.therapist.goal_remove import RemoveGoalScene
from tinyhands.screens.therapist.words import goal_sentence


class GoalsScene(GrownUpPage):
    """The child's goals in OT form, each with Edit and Remove; and "Add a goal"."""

    PER_PAGE = 4

    def __init__(self, child) -> None:
        self.child = child
        self.title = _("{name}'s goals").format(name=child.display_name)
        self.page = 0

    def on_enter(self) -> None:
        self.goals = self.app.services.store.call(lambda s: s.list_goals(self.child.id), [])
        self._layout()

    def _layout(self) -> None:
        pal = self.pal()
        self.start_page()
        row = self.row_h
        pages = max(1, -(-len(self.goals) // self.PER_PAGE))
        self.page = min(self.page, pages - 1)
        shown = self.goals[self.page * self.PER_PAGE : (self.page + 1) * self.PER_PAGE]
        self.rows: list[tuple[pygame.Rect, object]] = []
        y = self.header_h + 20
        h = max(row + 20, 112)
        for goal in shown:
            card = pygame.Rect(MARGIN, y, W - 2 * MARGIN, h)
            self.rows.append((card, goal))
            self.button(
                pygame.Rect(card.right - 2 * 170 - 24, card.centery - row // 2, 170, row),
                _("Edit"),
                lambda g=goal: self.app.scenes.push(GoalEditScene(self.child, g)),
                f"edit:{goal.id}",
            )
            self.button(
                pygame.Rect(card.right - 170 - 12, card.centery - row // 2, 170, row),
                _("Remove"),
                lambda g=goal: self._remove(g),
                f"remove:{goal.id}",
                ink=REMOVE,
            )
            y += h + 14
        bottom = 800 - 24 - row
        self.button(
            pygame.Rect(W // 2 - 200, bottom, 400, row),
            _("Add a goal"),
            lambda: self.app.scenes.push(GoalEditScene(self.child)),
            "add-goal",
            colour=pal["primary"],
            ink=WHITE,
            icon="plus",
        )
        if pages > 1:
            if self.page > 0:
                self.button(
                    pygame.Rect(MARGIN, bottom, 200, row), _("< Earlier"), self._turn(-1), "prev"
                )
            if self.page < pages - 1:
                self.button(
                    pygame.Rect(W - MARGIN - 200, bottom, 200, row),
                    _("More >"),
                    self._turn(1),
                    "next",
                )
        self.request_redraw()

    def _turn(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.page += d
            self._layout()

        return f

    def _remove(self, goal) -> None:
        self.app.scenes.push(RemoveGoalScene(goal))

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        surface.fill((243, 241, 247))
        self.draw_header(surface)
        if not self.goals:
            draw_message(
                surface,
                _(
                    'No goals yet. A goal reads like "traces a circle with at least 80 % inside '
                    'the band in 4 of 5 trials, independent": tap Add a goal.'
                ),
                self.header_h + 60,
                SOFT_INK,
            )
        for card, goal in self.rows:
            pygame.draw.rect(surface, WHITE, card, border_radius=18)
            words = goal_sentence(goal)
            width = card.w - 2 * 170 - 70
            y = card.y + 14
            for line in text.wrap(words, 30, width, bold=True)[:2]:
                t = text.render(line, 30, INK, True)
                surface.blit(t, (card.x + 20, y))
                y += 34
            extra = _("GAS levels written") if goal.gas else _("no GAS levels")
            # TRANSLATORS: a goal's status in the list of goals
            status = {"active": _("active"), "met": _("met"), "paused": _("paused")}.get(
                goal.status, goal.status
            )
            t = text.render(f"{status} · {extra}", 24, SOFT_INK)
            surface.blit(t, (card.x + 20, card.bottom - 32))
        self.buttons.draw(surface)
