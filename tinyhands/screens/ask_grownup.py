"""Two calm picture screens for when the data needs a grown-up, so a child never meets an
empty profile picker that looks as if their stars were wiped.

* ``AskGrownUpScene``: a decision about the data file waits (it was damaged, emptied or
  is not Tiny Hands data), or practice could not be kept anywhere safe. The child sees
  a friendly face next to a grown-up and the padlock; the grown-up, past the gate,
  meets the data-problem screen.
* ``AlreadyOpenScene``: a second copy of the app was started. It shows the first window
  glowing and this one faded, says in words for a grown-up where the running copy is,
  and closes on the tick: it never saves, so nothing can be lost or split in two.
"""

from __future__ import annotations

import pygame

from engine import art, text
from engine.ui import Button, target_px
from tinyhands.i18n import _, tr
from tinyhands.screens.common import INK, MenuScene, picture_button

SOFT = (120, 112, 130)


def _grown_up(surface: pygame.Surface, midbottom: tuple[int, int], h: int) -> None:
    """A simple, warm grown-up figure: head, body and a waving arm (no words)."""
    x, y = midbottom
    body = pygame.Rect(0, 0, int(h * 0.42), int(h * 0.55))
    body.midbottom = (x, y)
    pygame.draw.rect(surface, (120, 170, 220), body, border_radius=int(h * 0.14))
    head_r = int(h * 0.17)
    pygame.draw.circle(surface, (240, 200, 160), (x, body.top - head_r + 6), head_r)
    for dx in (-0.35, 0.35):
        pygame.draw.circle(surface, INK, (x + int(head_r * dx), body.top - head_r), 5)
    pygame.draw.arc(
        surface,
        INK,
        pygame.Rect(x - head_r // 2, body.top - head_r, head_r, head_r // 1.2),
        3.6,
        5.8,
        4,
    )
    arm_from = (body.right - 10, body.top + 24)
    pygame.draw.line(surface, (120, 170, 220), arm_from, (body.right + 40, body.top - 40), 22)
    pygame.draw.circle(surface, (240, 200, 160), (body.right + 44, body.top - 46), 16)


class AskGrownUpScene(MenuScene):
    """The child's side of a data problem: a picture, the padlock, nothing to get wrong."""

    def on_enter(self) -> None:
        store = self.app.services.store
        if not getattr(store, "needs_grown_up", False):
            self.app.scenes.pop()  # solved (a grown-up decided): back to the child's screens
            return
        self.app.services.menu_music(False)
        u = self.app.units
        pal = art.palette(self.app.services.colourblind)
        self.new_buttons()
        size = target_px(u, 22)
        margin = round(u.px(5))
        self.buttons.add(
            Button(
                pygame.Rect(1280 - margin - size, 800 - margin - size, size, size),
                self._open_gate,
                picture_button("lock", pal["primary"]),
                "grown-ups",
            )
        )
        self.request_redraw()
        self.say_once("grownup.ask")

    def _open_gate(self) -> None:
        from tinyhands.screens.gate import ParentGate
        from tinyhands.screens.problem import DataProblemScene

        self.app.scenes.push(ParentGate(on_pass=DataProblemScene))

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        pal = art.palette(self.app.services.colourblind)
        surface.fill(pal["background"])
        child = art.avatar("", 240)  # the plain smiling face
        surface.blit(child, child.get_rect(midbottom=(500, 600)))
        heart = art.sticker("heart", 90)
        surface.blit(heart, heart.get_rect(center=(640, 380)))
        _grown_up(surface, (800, 620), 380)
        hint = text.fit(_("Grown-ups: Tiny Hands needs you. Tap the padlock."), 28, 1200, SOFT)
        surface.blit(hint, hint.get_rect(midtop=(640, 680)))
        self.buttons.draw(surface)


class AlreadyOpenScene(MenuScene):
    """A second copy: points to the one already open, then closes without saving."""

    def on_enter(self) -> None:
        u = self.app.units
        pal = art.palette(self.app.services.colourblind)
        self.new_buttons()
        size = target_px(u, 30)
        self.buttons.add(
            Button(
                pygame.Rect(640 - size // 2, min(560, 800 - 16 - size), size, size),
                self.app.quit,
                picture_button("check", pal["primary"]),
                "ok",
            )
        )
        self.request_redraw()
        self.say_once("grownup.ask")

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        pal = art.palette(self.app.services.colourblind)
        surface.fill(pal["background"])
        # the window already open: bright, with a star; this one: faded, pointing to it
        first = pygame.Rect(250, 120, 340, 240)
        second = pygame.Rect(720, 160, 300, 200)
        pygame.draw.rect(surface, (255, 255, 255), first, border_radius=18)
        pygame.draw.rect(surface, pal["primary"], first, 8, border_radius=18)
        star = art.star(130)
        surface.blit(star, star.get_rect(center=first.center))
        pygame.draw.rect(surface, (232, 228, 236), second, border_radius=18)
        pygame.draw.rect(surface, (200, 196, 206), second, 6, border_radius=18)
        tip = (first.right + 18, first.centery)
        pygame.draw.line(surface, INK, (second.left - 12, tip[1]), tip, 10)
        pygame.draw.polygon(
            surface, INK, [tip, (tip[0] + 30, tip[1] - 24), (tip[0] + 30, tip[1] + 24)]
        )
        store = self.app.services.store
        words = _(
            "Tiny Hands is already open in another window. Use that window: this one "
            "saves nothing and closes when you tap the tick."
        )
        y = 400
        for line in text.wrap(words, 28, 1000):
            t = text.render(line, 28, INK)
            surface.blit(t, t.get_rect(midtop=(640, y)))
            y += 34
        where = tr(getattr(store, "problem", None) or "")
        for line in text.wrap(where, 20, 1100)[:3]:
            t = text.render(line, 20, SOFT)
            surface.blit(t, t.get_rect(midtop=(640, y + 4)))
            y += 24
        self.buttons.draw(surface)
