"""The parent gate: a written sum to answer on a keypad whose keys move each time.

A child who cannot read the question has a 1 in 100 chance per attempt; three wrong
answers close the keypad for a while, so tapping around does not get through.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from engine import art, text
from engine.scene import Scene
from engine.ui import Button, ButtonGroup, target_px
from tinyhands.screens.common import INK, MenuScene, picture_button

WRONG_LIMIT = 3
LOCKOUT_S = 30.0
WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]


def key_drawer(label: str):
    def draw(surface: pygame.Surface, rect: pygame.Rect, pressed: bool) -> None:
        r = rect.inflate(-4, -4) if pressed else rect
        surface.blit(art.card(r.size, (255, 255, 255), 14, shadow=not pressed), r.topleft)
        t = text.fit(label, int(r.h * 0.55), r.w - 20, INK, True)
        surface.blit(t, t.get_rect(center=r.center))

    return draw


class ParentGate(MenuScene):
    """On success, replaces itself with ``on_pass()``; the back arrow returns to the child."""

    def __init__(self, on_pass: Callable[[], Scene]) -> None:
        self.on_pass = on_pass
        self.answer_typed = ""
        self.wrong = 0
        self.locked_for = 0.0
        self.buttons: ButtonGroup | None = None

    def on_enter(self) -> None:
        if self.buttons is None:
            self._new_question()

    def _new_question(self) -> None:
        rng = self.app.services.rng
        a, b = rng.randrange(11, 20), rng.randrange(11, 20)
        self.question = f"What is {WORDS[a]} plus {WORDS[b]}?"
        self.answer = a + b  # 22..38: always two digits
        self.answer_typed = ""
        digits = list(range(10))
        rng.shuffle(digits)
        self._layout(digits)

    def _layout(self, digits: list[int]) -> None:
        u = self.app.units
        pal = art.palette(self.app.services.colourblind)
        self.new_buttons(tap_sound=False)
        key = max(target_px(u, 15), 84)
        gap = 14
        x0 = 640 - (5 * key + 4 * gap) // 2
        y0 = 380
        for i, d in enumerate(digits):
            r, c = divmod(i, 5)
            rect = pygame.Rect(x0 + c * (key + gap), y0 + r * (key + gap), key, key)
            self.buttons.add(
                Button(rect, lambda d=d: self._digit(d), key_drawer(str(d)), f"key:{d}")
            )
        y = y0 + 2 * (key + gap)
        self.buttons.add(
            Button(
                pygame.Rect(x0, y, 2 * key + gap, key), self._clear, key_drawer("Clear"), "clear"
            )
        )
        self.buttons.add(
            Button(
                pygame.Rect(x0 + 3 * (key + gap), y, 2 * key + gap, key),
                self._submit,
                key_drawer("OK"),
                "ok",
            )
        )
        corner = target_px(u, 18)
        m = round(u.px(5))
        self.buttons.add(
            Button(
                pygame.Rect(m, m, corner, corner),
                self.app.scenes.pop,
                picture_button("back", pal["secondary"]),
                "back",
            )
        )
        self.request_redraw()

    def _digit(self, d: int) -> None:
        if self.locked_for <= 0 and len(self.answer_typed) < 2:
            self.answer_typed += str(d)

    def _clear(self) -> None:
        self.answer_typed = ""

    def _submit(self) -> None:
        if self.locked_for > 0 or not self.answer_typed:
            return
        if int(self.answer_typed) == self.answer:
            self.app.scenes.replace(self.on_pass())
            return
        self.wrong += 1
        if self.wrong >= WRONG_LIMIT:
            self.wrong = 0
            self.locked_for = LOCKOUT_S
            self.animating = True
        self._new_question()

    def update(self, dt: float) -> None:
        if self.locked_for > 0:
            before = int(self.locked_for)
            self.locked_for = max(0.0, self.locked_for - dt)
            if int(self.locked_for) != before:
                self.request_redraw()
            if self.locked_for == 0:
                self.animating = False

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        surface.fill((236, 236, 242))
        title = text.render("For grown-ups", 56, INK, True)
        surface.blit(title, title.get_rect(midtop=(640, 60)))
        q = text.render(self.question, 44, INK)
        surface.blit(q, q.get_rect(midtop=(640, 150)))
        box = pygame.Rect(0, 0, 220, 90)
        box.midtop = (640, 230)
        pygame.draw.rect(surface, (255, 255, 255), box, border_radius=16)
        pygame.draw.rect(surface, (150, 150, 170), box, 3, border_radius=16)
        shown = text.render(self.answer_typed or " ", 64, INK, True)
        surface.blit(shown, shown.get_rect(center=box.center))
        if self.locked_for > 0:
            msg = text.render(
                f"Too many tries. Try again in {int(self.locked_for) + 1} s.", 36, INK
            )
            surface.blit(msg, msg.get_rect(midtop=(640, 420)))
            self.buttons.find("back").draw(surface)
        else:
            self.buttons.draw(surface)
