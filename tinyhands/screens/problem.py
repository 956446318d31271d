"""Tells a grown-up what went wrong with the data, plainly, and offers the way out.

The child never sees this: play goes on and rounds are kept in memory. A grown-up
entering the grown-ups' area meets it first, until the problem is gone.
"""

from __future__ import annotations

import pygame

from engine import art, text
from engine.ui import Button
from tinyhands.screens.common import INK, MenuScene, picture_button
from tinyhands.screens.gate import ask_gate_again, key_drawer

TEXT_W = 1000


class DataProblemScene(MenuScene):
    background = (246, 236, 228)

    def on_enter(self) -> None:
        self._layout()

    def _layout(self) -> None:
        store = self.app.services.store
        pal = art.palette(self.app.services.colourblind)
        self.new_buttons(tap_sound=False)
        self.corner_button(
            18, self.app.scenes.pop, picture_button("back", pal["secondary"]), "back"
        )
        actions = []
        if getattr(store, "awaiting_decision", False):
            if getattr(store, "offered_backup", None) is not None:
                restore = self._again(self._restore, "To restore the backup")
                actions.append(("Restore the latest backup", restore, "restore"))
            fresh = self._again(self._fresh, "To start a new data file")
            actions.append(("Start a new, empty data file", fresh, "fresh"))
        else:
            actions.append(("Try saving again", self._retry, "retry"))
        actions.append(("Continue", self.app.scenes.pop, "continue"))
        w, h, gap = 420, 76, 18
        y = 800 - 60 - len(actions) * (h + gap)
        for label, fn, name in actions:
            self.buttons.add(
                Button(pygame.Rect(640 - w // 2, y, w, h), fn, key_drawer(label), name)
            )
            y += h + gap
        self.request_redraw()

    def _again(self, action, reason: str):
        """Replacing the data file is asked for with the gate once more."""
        return lambda: ask_gate_again(self.app, action, reason)

    def _restore(self) -> None:
        self.app.services.store.restore_offered_backup()
        self._done_or_relayout()

    def _fresh(self) -> None:
        self.app.services.store.start_fresh()
        self._done_or_relayout()

    def _retry(self) -> None:
        self.app.services.store.retry_pending()
        self._done_or_relayout()

    def _done_or_relayout(self) -> None:
        if not self.app.services.store.problem:
            self.app.scenes.pop()
        else:
            self._layout()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        store = self.app.services.store
        title = text.render("Tiny Hands could not use its data file", 48, INK, True)
        surface.blit(title, title.get_rect(midtop=(640, 40)))
        y = 120
        for line in text.wrap(store.problem or "The problem is solved.", 30, TEXT_W):
            t = text.render(line, 30, INK)
            surface.blit(t, (640 - TEXT_W // 2, y))
            y += 36
        pending = getattr(store, "pending_count", 0)
        if pending:
            y += 12
            note = (
                f"{pending} finished round{'s' if pending != 1 else ''} "
                "are kept safe in memory and will be saved as soon as the data file can be "
                "written. Closing Tiny Hands before then would lose them."
            )
            for line in text.wrap(note, 30, TEXT_W):
                t = text.render(line, 30, (130, 70, 40))
                surface.blit(t, (640 - TEXT_W // 2, y))
                y += 36
        self.buttons.draw(surface)
