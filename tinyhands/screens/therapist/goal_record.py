"""Who set a goal, the day it starts counting and the day it should be met by: the lines a
filed report shows beside each goal (optional; typed)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pygame

from engine import text
from engine.ui import Button
from tinyhands.screens.common import INK
from tinyhands.screens.grownup_ui import (
    MARGIN,
    SOFT_INK,
    WHITE,
    GrownUpPage,
    TextField,
    W,
    edit_fields,
)

if TYPE_CHECKING:
    from tinyhands.screens.therapist.goal_edit import GoalEditScene

ROWS = (
    ("set_by", "Set by", "the therapist who set the goal"),
    ("start_date", "Counts from", "year-month-day; empty: the day it is saved"),
    ("target_date", "Met by", "year-month-day, the target date (optional)"),
)


class GoalRecordScene(GrownUpPage):
    """Edits the goal form's draft; Done checks the dates and goes back to the form."""

    title = "Who set the goal, and when"

    def __init__(self, editor: GoalEditScene) -> None:
        self.editor = editor
        self.focus = 0
        self.message = ""

    def subtitle(self) -> str:
        return "Optional. The report shows them with the goal."

    def on_enter(self) -> None:
        pygame.key.start_text_input()
        self.start_page()
        row = self.row_h
        ys = self.rows_y(len(ROWS) + 1, top=self.header_h + 30, bottom=800 - 40)
        self.fields = []
        for i, (key, label, hint) in enumerate(ROWS):
            value = self.editor.record.get(key) or ""
            f = TextField(key, pygame.Rect(400, ys[i], W - MARGIN - 400, row), str(value), hint)
            f.max_len = 200 if key == "set_by" else 10
            self.fields.append(f)
            self.buttons.add(Button(f.rect, lambda i=i: self._focus(i), None, f"field:{key}"))
            self.label(label, (MARGIN + 20, ys[i] + row // 2), 32, INK, True)
        self.button(
            pygame.Rect(W - MARGIN - 300, ys[-1], 300, row),
            "Done",
            self._done,
            "done",
            colour=self.pal()["primary"],
            ink=WHITE,
        )
        self.msg_y = ys[-1] + row // 2
        self.request_redraw()

    def on_exit(self) -> None:
        pygame.key.stop_text_input()

    def _focus(self, i: int) -> None:
        self.focus = i
        self.request_redraw()

    def values(self) -> dict[str, object]:
        """The typed values; raises ValueError with words a grown-up reads."""
        v = {f.name: f.value.strip() for f in self.fields}
        out: dict[str, object] = {"set_by": v["set_by"]}
        for key, label in (("start_date", "start"), ("target_date", "target")):
            if not v[key]:
                out[key] = None
                continue
            try:
                out[key] = date.fromisoformat(v[key])
            except ValueError:
                raise ValueError(
                    f"The {label} date needs year-month-day, e.g. 2026-03-01."
                ) from None
        start, target = out["start_date"], out["target_date"]
        if start is not None and target is not None and target < start:  # type: ignore[operator]
            raise ValueError("The target date is before the day the goal starts counting.")
        return out

    def _done(self) -> None:
        try:
            self.editor.record = self.values()
        except ValueError as exc:
            self.message = str(exc)
            self.request_redraw()
            return
        self.app.scenes.pop()

    def on_key(self, event: pygame.event.Event) -> None:
        focus = edit_fields(self.fields, self.focus, event)
        if focus is None:
            if event.key == pygame.K_ESCAPE:
                self.app.scenes.pop()
            else:
                self._done()
            return
        self.focus = focus
        self.request_redraw()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        surface.fill((243, 241, 247))
        self.draw_header(surface)
        self.draw_labels(surface)
        for i, f in enumerate(self.fields):
            f.draw(surface, i == self.focus)
        for b in self.buttons.buttons:
            if not b.name.startswith("field:"):
                b.draw(surface)
        words, ink = (self.message, (170, 60, 40)) if self.message else ("", SOFT_INK)
        if words:
            t = text.fit(words, 28, W - 2 * MARGIN - 340, ink, True)
            surface.blit(t, t.get_rect(midleft=(MARGIN + 20, self.msg_y)))
