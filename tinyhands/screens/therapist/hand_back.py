"""Where a graded task leaves the child: a calm picture and nothing to act on but the
padlock, which asks the parent gate. The child may have tapped home mid-trial, or played
the last trial; either way what comes next (stop, next trial, the results) is for the
therapist, so it sits behind the gate."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from engine import art, text
from engine.ui import target_px
from tinyhands.i18n import _
from tinyhands.screens.common import MenuScene, picture_button
from tinyhands.screens.gate import ParentGate

SOFT = (105, 100, 115)


class HandBackScene(MenuScene):
    """``then`` runs (with this screen on top) once a grown-up has passed the gate."""

    def __init__(self, child, then: Callable[[], None], finished: bool) -> None:
        self.child = child
        self.then = then
        self.finished = finished

    def on_enter(self) -> None:
        self.app.services.menu_music(False)
        pal = art.palette(self.app.services.colourblind)
        self.new_buttons(tap_sound=False)
        self.corner_button(
            18, self._open, picture_button("lock", pal["ink_soft"]), "grown-ups", "bottomright"
        )
        self.request_redraw()
        self.say_once("grownup.handback" if self.finished else "grownup.paused")

    def _open(self) -> None:
        self.app.scenes.push(ParentGate(then=self.then))

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        pal = art.palette(self.app.services.colourblind)
        surface.fill(pal["background"])
        size = max(target_px(self.app.units, 45), 220)
        pic = art.avatar(self.child.avatar, size)
        surface.blit(pic, pic.get_rect(center=(640, 330)))
        star = art.star(90)
        surface.blit(star, star.get_rect(center=(640 + size // 2 + 40, 330 - size // 2 + 30)))
        words = (
            _("All done! Give the tablet back to your grown-up.")
            if self.finished
            else _("Paused. Give the tablet back to your grown-up.")
        )
        t = text.fit(words, 36, 1000, pal["ink_soft"], True)
        surface.blit(t, t.get_rect(midtop=(640, 330 + size // 2 + 30)))
        note = _("Grown-ups: tap the padlock to go on.")
        lock = self.buttons.find("grown-ups").rect
        t = text.fit(note, 26, lock.left - 40, SOFT)
        surface.blit(t, t.get_rect(midright=(lock.left - 20, lock.centery)))
        self.buttons.draw(surface)
