"""The parent gate: a written sum to answer on a keypad whose keys move each time.

A child who cannot read the question has a 1 in 100 chance per attempt; three wrong
answers close the keypad for LOCKOUT_S, so tapping around does not get through. The
count and the lockout belong to the app, not to one gate (tinyhands.gate_lock): leaving
the gate and coming back, or restarting, does not reset them. A grown-up can also type
the answer on a keyboard (digits, Backspace, Enter).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import pygame

from engine import art, text
from engine.scene import Scene
from engine.ui import Button, ButtonGroup, target_px
from tinyhands.gate_lock import LOCKOUT_S, WRONG_LIMIT  # noqa: F401 - re-exported for callers
from tinyhands.i18n import N_, _, ngettext
from tinyhands.screens.common import INK, MenuScene, picture_button

log = logging.getLogger(__name__)

WRONG_SHOWN_S = 2.5  # how long "not quite" stays up
WRONG_INK = (150, 70, 40)
#: the sum is written in words (a pre-reader cannot read it); translated where it is asked
WORDS = [
    # TRANSLATORS: numbers in words, for the parent gate's written sum ("What is
    # eleven plus fourteen?"): write the number as a word, as a grown-up reads it
    N_("zero"),
    N_("one"),
    N_("two"),
    N_("three"),
    N_("four"),
    N_("five"),
    N_("six"),
    N_("seven"),
    N_("eight"),
    N_("nine"),
    N_("ten"),
    N_("eleven"),
    N_("twelve"),
    N_("thirteen"),
    N_("fourteen"),
    N_("fifteen"),
    N_("sixteen"),
    N_("seventeen"),
    N_("eighteen"),
    N_("nineteen"),
]
KEYPAD_DIGITS = {getattr(pygame, f"K_{d}"): d for d in range(10)} | {
    getattr(pygame, f"K_KP{d}"): d for d in range(10)
}


def key_drawer(label: str):
    def draw(surface: pygame.Surface, rect: pygame.Rect, pressed: bool) -> None:
        r = rect.inflate(-4, -4) if pressed else rect
        surface.blit(art.card(r.size, (255, 255, 255), 14, shadow=not pressed), r.topleft)
        t = text.fit(label, int(r.h * 0.55), r.w - 20, INK, True)
        surface.blit(t, t.get_rect(center=r.center))

    return draw


class ParentGate(MenuScene):
    """The grown-ups' door. On the right answer: with ``on_pass``, the gate is replaced by
    the scene it returns; with ``then``, the gate closes and ``then()`` runs (a destructive
    action asked for again). The back arrow returns to where the gate was opened."""

    def __init__(
        self,
        on_pass: Callable[[], Scene] | None = None,
        then: Callable[[], None] | None = None,
        reason: str = "",
    ) -> None:
        if (on_pass is None) == (then is None):
            raise ValueError("a parent gate needs exactly one of on_pass or then")
        self.on_pass = on_pass
        self.then = then
        self.reason = reason  # e.g. "to remove Mia": said above the sum
        self.answer_typed = ""
        self.wrong_shown_s = 0.0
        self.buttons: ButtonGroup | None = None

    # -- the shared lock ----------------------------------------------------------------
    @property
    def lock(self):
        return self.app.services.gate_lock(self.app.clock())

    @property
    def locked_for(self) -> float:
        return self.lock.remaining(self.app.clock())

    def on_enter(self) -> None:
        self.app.services.menu_music(False)
        if self.buttons is None:
            self._new_question()
        self.animating = self.locked_for > 0

    def _new_question(self) -> None:
        rng = self.app.services.rng
        a, b = rng.randrange(11, 20), rng.randrange(11, 20)
        self.question = _("What is {a} plus {b}?").format(a=_(WORDS[a]), b=_(WORDS[b]))
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
                pygame.Rect(x0, y, 2 * key + gap, key), self._clear, key_drawer(_("Clear")), "clear"
            )
        )
        self.buttons.add(
            Button(
                pygame.Rect(x0 + 3 * (key + gap), y, 2 * key + gap, key),
                self._submit,
                # TRANSLATORS: the parent gate's key that submits the answer (short)
                key_drawer(_("OK")),
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

    # -- answering --------------------------------------------------------------------
    def _digit(self, d: int) -> None:
        if self.locked_for <= 0 and len(self.answer_typed) < 2:
            self.answer_typed += str(d)
            self.wrong_shown_s = 0.0

    def _clear(self) -> None:
        self.answer_typed = ""

    def is_right(self, typed: str) -> bool:
        return typed.isdigit() and int(typed) == self.answer

    def _submit(self) -> None:
        if self.locked_for > 0 or not self.answer_typed:
            return
        now, wall = self.app.clock(), self.app.services.wall_clock()
        if self.is_right(self.answer_typed):
            self.lock.passed(now, wall)
            log.info("parent gate passed%s", f" ({self.reason})" if self.reason else "")
            self._passed()
            return
        if self.lock.wrong_answer(now, wall):
            self.animating = True
        self.wrong_shown_s = WRONG_SHOWN_S
        self.animating = True
        self._new_question()

    def _passed(self) -> None:
        if self.on_pass is not None:
            self.app.scenes.replace(self.on_pass())
        else:
            self.app.scenes.pop()
            self.then()

    def on_key(self, event: pygame.event.Event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key in KEYPAD_DIGITS:
            self._digit(KEYPAD_DIGITS[event.key])
        elif event.key == pygame.K_BACKSPACE:
            self.answer_typed = self.answer_typed[:-1]
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self._submit()
        elif event.key == pygame.K_ESCAPE:
            self.app.scenes.pop()
            return
        self.request_redraw()

    def update(self, dt: float) -> None:
        before = (int(self.locked_for), self.wrong_shown_s > 0)
        self.wrong_shown_s = max(0.0, self.wrong_shown_s - dt)
        after = (int(self.locked_for), self.wrong_shown_s > 0)
        if after != before:
            self.request_redraw()
        if self.locked_for <= 0 and self.wrong_shown_s <= 0:
            self.animating = False

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        surface.fill((236, 236, 242))
        title = text.render(_("For grown-ups"), 56, INK, True)
        surface.blit(title, title.get_rect(midtop=(640, 50)))
        question = (
            self.question
            if not self.reason
            # TRANSLATORS: why the gate is asked again, then the sum ("To remove Mia: What is ...?")
            else _("{reason}: {question}").format(reason=self.reason, question=self.question)
        )
        q = text.fit(question, 44, 1100, INK)
        surface.blit(q, q.get_rect(midtop=(640, 130)))
        box = pygame.Rect(0, 0, 220, 90)
        box.midtop = (640, 200)
        wrong = self.wrong_shown_s > 0
        pygame.draw.rect(surface, (255, 255, 255), box, border_radius=16)
        edge = WRONG_INK if wrong else (150, 150, 170)
        pygame.draw.rect(surface, edge, box, 3, border_radius=16)
        shown = text.render(self.answer_typed or " ", 64, INK, True)
        surface.blit(shown, shown.get_rect(center=box.center))
        hint_y = box.bottom + 14
        if self.locked_for > 0:
            words = _("Too many tries. Try again in {seconds} s.").format(
                seconds=int(self.locked_for) + 1
            )
            msg = text.fit(words, 36, 1200, WRONG_INK)
            surface.blit(msg, msg.get_rect(midtop=(640, hint_y + 40)))
            self.buttons.find("back").draw(surface)
            return
        if wrong:
            left = WRONG_LIMIT - self.lock.wrong
            msg = ngettext(
                "Not quite. Here is a new sum ({left} try left).",
                "Not quite. Here is a new sum ({left} tries left).",
                left,
            ).format(left=left)
            t = text.fit(msg, 30, 1200, WRONG_INK, True)
        else:
            t = text.fit(_("Tap the digits, or type them, then OK."), 28, 1200, (105, 100, 115))
        surface.blit(t, t.get_rect(midtop=(640, hint_y)))
        self.buttons.draw(surface)


def ask_gate_again(app, action: Callable[[], None], reason: str) -> None:
    """Before an action that deletes or replaces data: the gate once more, then the action.

    The grown-ups' area may have been left open on a table; a child who wanders in must
    still not be able to remove a child or replace the data file.
    """

    def confirmed() -> None:
        log.warning("a grown-up confirmed at the parent gate: %s", reason.lower())
        action()

    app.scenes.push(ParentGate(then=confirmed, reason=reason))
