"""Tells a grown-up what went wrong with the data, plainly, and offers the way out.

The child never sees this: play goes on and rounds are kept in a safe place. A grown-up
entering the grown-ups' area meets it first, until the problem is gone. After damage it
lists what each backup holds (date, children, trials), so the choice is an informed one;
the decision is remembered on disk until it is made.
"""

from __future__ import annotations

import pygame

from engine import art, text
from engine.ui import Button
from tinyhands.i18n import _, ngettext, tr
from tinyhands.screens.common import INK, MenuScene, picture_button
from tinyhands.screens.gate import ask_gate_again, key_drawer

TEXT_W = 1000
MAX_SHOWN = 3  # backups offered on screen (all of them: `tinyhands backup --list`)


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
            usable = [b for b in store.backups() if b.problem is None][:MAX_SHOWN]
            offered = getattr(store, "offered_backup", None)
            usable.sort(key=lambda b: b.path != offered)  # the suggested one first
            for n, info in enumerate(usable):
                name = "restore" if info.path == offered else f"restore:{n}"
                restore = self._again(
                    lambda p=info.path: self._restore(p), _("To restore the backup")
                )
                # TRANSLATORS: {backup} says what a backup holds (its date, children, trials)
                actions.append(
                    (_("Restore {backup}").format(backup=tr(info.describe())), restore, name)
                )
            fresh = self._again(self._fresh, _("To start a new data file"))
            actions.append((_("Start a new, empty data file"), fresh, "fresh"))
        else:
            actions.append((_("Try saving again"), self._retry, "retry"))
        actions.append((_("Continue"), self.app.scenes.pop, "continue"))
        w, h, gap = 760, 60, 12
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

    def _restore(self, backup=None) -> None:  # type: ignore[no-untyped-def]
        self.app.services.store.restore_offered_backup(backup)
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
        title = text.fit(_("Tiny Hands could not use its data file"), 48, 1240, INK, True)
        surface.blit(title, title.get_rect(midtop=(640, 40)))
        y = 110
        for line in text.wrap(tr(store.problem) or _("The problem is solved."), 24, TEXT_W)[:9]:
            t = text.render(line, 24, INK)
            surface.blit(t, (640 - TEXT_W // 2, y))
            y += 28
        pending = getattr(store, "pending_count", 0)
        if pending:
            y += 8
            memory = getattr(store, "in_memory_only", 0)
            waiting = ngettext(
                "{n} finished round waits to go into the data file and is saved as soon as "
                "it can be written.",
                "{n} finished rounds wait to go into the data file and are saved as soon as "
                "it can be written.",
                pending,
            ).format(n=pending)
            kept = (
                ngettext(
                    "{n} of them could be kept in memory only: keep Tiny Hands open until it "
                    "is saved.",
                    "{n} of them could be kept in memory only: keep Tiny Hands open until "
                    "they are saved.",
                    memory,
                ).format(n=memory)
                if memory
                else _("Meanwhile they are kept safely on disk, also if Tiny Hands closes.")
            )
            note = f"{waiting} {kept}"
            for line in text.wrap(note, 24, TEXT_W):
                t = text.render(line, 24, (130, 70, 40))
                surface.blit(t, (640 - TEXT_W // 2, y))
                y += 28
        self.buttons.draw(surface)
