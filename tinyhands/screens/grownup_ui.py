"""The grown-up screens' shared kit: a calm page with a title and a way back, word buttons,
on/off switches, +/- steppers and typed text fields.

Grown-ups read, so these screens use words; but they are often tired or busy, so every
target is at least 15 mm, there is one obvious action per row, and numbers are set with
steppers, never typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame

from engine import art, text
from engine.ui import Button, target_px
from tinyhands.i18n import N_, _
from tinyhands.screens.common import INK, MenuScene, picture_button

PAGE_BG = (243, 241, 247)
WHITE = (255, 255, 255)
SOFT_INK = (105, 100, 115)
LINE = (200, 196, 212)
REMOVE = (178, 84, 64)  # only for "remove" buttons a grown-up confirms; never on a child's screen
W, H = 1280, 800
MARGIN = 40
ROW_MIN_PX = 72  # a row is at least this tall even where 15 mm is smaller (low DPI)
#: where a page's rows would run off a small screen at 15 mm (a 7" tablet is 94 mm tall),
#: they shrink to fit, but not below this: grown-ups' fingers, not a child's (Material's
#: 48 dp touch target is about 9 mm)
GROWNUP_ROW_MIN_MM = 10.0


def word_button(
    label: str,
    colour: tuple[int, int, int] = WHITE,
    ink: tuple[int, int, int] = INK,
    icon: str | None = None,
    size_px: int | None = None,
):
    """A rounded card with a word (and maybe an icon before it); sinks while pressed."""

    def draw(surface: pygame.Surface, rect: pygame.Rect, pressed: bool) -> None:
        r = rect.inflate(-4, -4) if pressed else rect
        surface.blit(art.card(r.size, colour, min(18, r.h // 4), shadow=not pressed), r.topleft)
        body = r.inflate(-20, -8)
        fs = size_px or max(24, min(40, int(r.h * 0.42)))
        ic_size = int(min(r.h * 0.55, 64)) if icon else 0
        room = body.w - (ic_size + 14 if icon else 0)
        # a tall card takes a long label (a longer language) on two lines, not smaller
        lines = (
            text.fit_lines(label, fs, room, 2, ink, True)
            if r.h >= 110
            else [text.fit(label, fs, room, ink, True)]
        )
        width = max(line.get_width() for line in lines)
        height = sum(line.get_height() for line in lines)
        x = r.centerx - (ic_size + 14 + width if icon else width) // 2
        if icon:
            ic = art.icon(icon, ic_size, ink)
            surface.blit(ic, ic.get_rect(midleft=(x, r.centery)))
            x += ic_size + 14
        y = r.centery - height // 2
        for line in lines:
            left = x if icon else r.centerx - line.get_width() // 2
            surface.blit(line, (left, y))
            y += line.get_height()

    return draw


def choice_button(label: str, chosen: Callable[[], bool], accent: tuple[int, int, int]):
    """One of several choices: filled with the accent colour and ticked while chosen."""

    def draw(surface: pygame.Surface, rect: pygame.Rect, pressed: bool) -> None:
        on = chosen()
        colour = accent if on else WHITE
        ink = WHITE if on else INK
        r = rect.inflate(-4, -4) if pressed else rect
        surface.blit(art.card(r.size, colour, min(18, r.h // 4), shadow=not pressed), r.topleft)
        fs = max(22, min(34, int(r.h * 0.38)))
        tick = int(r.h * 0.42) if on else 0
        words = text.fit(label, fs, r.w - 24 - tick, ink, True)
        total = words.get_width() + (tick + 8 if on else 0)
        x = r.centerx - total // 2
        if on:
            ic = art.icon("check", tick, WHITE)
            surface.blit(ic, ic.get_rect(midleft=(x, r.centery)))
            x += tick + 8
        surface.blit(words, words.get_rect(midleft=(x, r.centery)))

    return draw


def summary_button(title: str, summary: Callable[[], str]):
    """A card with a bold title and, under it, a short summary that follows the current
    state (a game's options: "Tracing options" over "capital letters · copy: model only")."""

    def draw(surface: pygame.Surface, rect: pygame.Rect, pressed: bool) -> None:
        r = rect.inflate(-4, -4) if pressed else rect
        surface.blit(art.card(r.size, WHITE, min(18, r.h // 4), shadow=not pressed), r.topleft)
        inner = r.w - 24
        top = text.fit(title, max(22, min(30, int(r.h * 0.34))), inner, INK, True)
        below = text.fit(summary(), max(20, min(26, int(r.h * 0.32))), inner, SOFT_INK)
        gap = 2
        y = r.centery - (top.get_height() + gap + below.get_height()) // 2
        surface.blit(top, top.get_rect(midtop=(r.centerx, y)))
        surface.blit(below, below.get_rect(midtop=(r.centerx, y + top.get_height() + gap)))

    return draw


def switch_button(is_on: Callable[[], bool], accent: tuple[int, int, int]):
    """An on/off switch that also says "On" or "Off" in words (colour is never the only cue)."""

    def draw(surface: pygame.Surface, rect: pygame.Rect, pressed: bool) -> None:
        on = is_on()
        r = rect.inflate(-4, -4) if pressed else rect
        track = accent if on else (214, 210, 222)
        pygame.draw.rect(surface, track, r, border_radius=r.h // 2)
        knob_r = r.h // 2 - 6
        cx = r.right - r.h // 2 if on else r.left + r.h // 2
        pygame.draw.circle(surface, WHITE, (cx, r.centery), knob_r)
        # TRANSLATORS: the state written on an on/off switch (short: it sits beside the knob)
        words = _("On") if on else _("Off")
        word = text.fit(words, max(22, int(r.h * 0.4)), r.w - r.h - 8, WHITE if on else INK, True)
        wx = r.left + (r.w - r.h) // 2 if on else r.right - (r.w - r.h) // 2
        surface.blit(word, word.get_rect(center=(wx, r.centery)))

    return draw


@dataclass
class TextField:
    """A box a grown-up types into (TEXTINPUT events); tapped to take the keyboard."""

    name: str
    rect: pygame.Rect
    value: str = ""
    placeholder: str = ""
    max_len: int = 200

    def draw(self, surface: pygame.Surface, focused: bool, size_px: int = 28) -> None:
        pygame.draw.rect(surface, WHITE, self.rect, border_radius=12)
        edge = (84, 160, 214) if focused else LINE
        pygame.draw.rect(surface, edge, self.rect, 4 if focused else 2, border_radius=12)
        inner = self.rect.w - 28
        if self.value or focused:
            shown = self.value + ("|" if focused else "")
            t = text.fit(shown, size_px, inner, INK)
            if t.get_width() >= inner - 2 and focused:  # show the end while typing
                tail = shown
                while tail and text.font(size_px).size("…" + tail)[0] > inner:
                    tail = tail[1:]
                t = text.render("…" + tail, size_px, INK)
        else:
            t = text.fit(self.placeholder, size_px, inner, SOFT_INK)
        surface.blit(t, t.get_rect(midleft=(self.rect.x + 14, self.rect.centery)))


def edit_fields(fields: list[TextField], focus: int, event: pygame.event.Event) -> int | None:
    """A typing event for a form of text fields: text goes into the focused field,
    Backspace deletes, Tab/Down and Up move between fields. Returns the new focus, or None
    for a key the form handles itself (Enter, Escape)."""
    f = fields[focus]
    if event.type == pygame.TEXTINPUT:
        f.value = (f.value + event.text)[: f.max_len]
    elif event.type == pygame.KEYDOWN:
        if event.key == pygame.K_BACKSPACE:
            f.value = f.value[:-1]
        elif event.key in (pygame.K_TAB, pygame.K_DOWN):
            return (focus + 1) % len(fields)
        elif event.key == pygame.K_UP:
            return (focus - 1) % len(fields)
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_ESCAPE):
            return None
    return focus


class GrownUpPage(MenuScene):
    """A grown-up page: title, subtitle, a back arrow, and helpers that lay out rows.

    ``title`` may be an ``N_`` text (translated when drawn, so a page shows the language
    chosen since) or a text already translated where it was made with a name in it."""

    background = PAGE_BG
    title = ""
    back_label = "back"

    def subtitle(self) -> str:
        return ""

    # -- sizes ---------------------------------------------------------------------
    @property
    def row_h(self) -> int:
        fitted = getattr(self, "_fitted_row", None)
        return fitted or max(target_px(self.app.units, 15), ROW_MIN_PX)

    @property
    def header_h(self) -> int:
        return max(self.corner_px + 2 * round(self.app.units.px(5)), 112)

    @property
    def corner_px(self) -> int:
        return target_px(self.app.units, 16)

    def pal(self):
        return art.palette(self.app.services.colourblind)

    def start_page(self, back: Callable[[], None] | None = None) -> None:
        """New buttons with the back arrow in the top-left corner."""
        self.new_buttons(tap_sound=False)
        self._fitted_row: int | None = None
        self.corner_button(
            16,
            back or self.app.scenes.pop,
            picture_button("back", self.pal()["secondary"]),
            self.back_label,
        )
        self.labels: list[tuple[str, tuple[int, int], int, tuple[int, int, int], bool]] = []
        self._values: list[tuple[pygame.Rect, Callable[[], str]]] = []

    def button(
        self, rect: pygame.Rect, label: str, on_tap: Callable[[], None], name: str, **style
    ) -> Button:
        return self.buttons.add(Button(rect, on_tap, word_button(label, **style), name))

    def label(
        self,
        words: str,
        pos: tuple[int, int],
        size: int = 32,
        colour: tuple[int, int, int] = INK,
        bold: bool = False,
    ) -> None:
        """Words drawn with the page (midleft at ``pos``), laid out with the buttons."""
        self.labels.append((words, pos, size, colour, bold))

    def rows_y(self, n: int, top: int | None = None, bottom: int = H - 30) -> list[int]:
        """Top y of ``n`` rows spread evenly between the header and ``bottom``.

        When ``n`` rows of the usual height do not fit (a small, dense screen), the page's
        rows (``row_h`` from here on, until the page is laid out again) shrink to fit, down to
        ``GROWNUP_ROW_MIN_MM``: a page whose last row is off the screen cannot be saved."""
        top = self.header_h if top is None else top
        self._fitted_row = None
        h = self.row_h
        fit = (bottom - top - (n - 1) * 10) // max(1, n)
        if fit < h:
            # first the room under the back arrow (the title sits beside it), then smaller rows
            top = min(top, self.corner_px + round(self.app.units.px(5)) + 12)
            fit = (bottom - top - (n - 1) * 10) // max(1, n)
        if fit < h:
            floor = max(round(self.app.units.px(GROWNUP_ROW_MIN_MM)), min(ROW_MIN_PX, h))
            h = self._fitted_row = max(fit, floor)
        free = bottom - top - n * h
        gap = max(10, min(36, free // max(1, n)))
        return [top + i * (h + gap) for i in range(n)]

    def stepper(
        self,
        y: int,
        label: str,
        value: Callable[[], str],
        minus: Callable[[], None],
        plus: Callable[[], None],
        name: str,
        x: int = 560,
        value_w: int = 260,
        signs: tuple[str, str] = ("−", "+"),
        label_x: int = MARGIN + 20,
    ) -> None:
        """A row: the label on the left, then [−] value [+]; no typing for numbers."""
        h = self.row_h
        self.label(label, (label_x, y + h // 2))
        self.button(
            pygame.Rect(x, y, h, h), signs[0], self._after(minus), f"{name}:minus", size_px=56
        )
        self.button(
            pygame.Rect(x + h + value_w + 20, y, h, h),
            signs[1],
            self._after(plus),
            f"{name}:plus",
            size_px=56,
        )
        self._values.append((pygame.Rect(x + h + 10, y, value_w, h), value))

    def _after(self, fn: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            fn()
            self.request_redraw()

        return run

    # -- drawing -------------------------------------------------------------------
    def draw_header(self, surface: pygame.Surface) -> None:
        t = text.fit(_(self.title), 52, W - 2 * (self.corner_px + 60), INK, True)
        back = self.buttons.find(self.back_label).rect
        surface.blit(t, t.get_rect(midtop=(W // 2, back.top + 2)))
        sub = self.subtitle()
        if sub:
            s = text.fit(sub, 30, W - 2 * (self.corner_px + 60), SOFT_INK)
            surface.blit(s, s.get_rect(midtop=(W // 2, back.top + 4 + t.get_height() + 4)))

    def draw_labels(self, surface: pygame.Surface) -> None:
        for words, pos, size, colour, bold in self.labels:
            t = text.render(words, size, colour, bold)
            surface.blit(t, t.get_rect(midleft=pos))
        for rect, value in getattr(self, "_values", []):
            pygame.draw.rect(surface, WHITE, rect, border_radius=12)
            pygame.draw.rect(surface, LINE, rect, 2, border_radius=12)
            t = text.fit(value(), 34, rect.w - 16, INK, True)
            surface.blit(t, t.get_rect(center=rect.center))

    def draw_fields(self, surface: pygame.Surface) -> None:
        """A page of typed fields (``self.fields``, ``self.focus``) and its other buttons;
        a field's own button is the field itself, drawn with its focus ring."""
        for i, f in enumerate(self.fields):
            f.draw(surface, i == self.focus)
        for b in self.buttons.buttons:
            if not b.name.startswith("field:"):
                b.draw(surface)

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        surface.fill(PAGE_BG)
        self.draw_header(surface)
        self.draw_labels(surface)
        self.buttons.draw(surface)


def draw_message(surface: pygame.Surface, message: str, y: int, colour=INK, width: int = 1100):
    """A short, wrapped note centred at ``y`` (saved, explained, where files went)."""
    for i, line in enumerate(text.wrap(message, 30, width)):
        t = text.render(line, 30, colour)
        surface.blit(t, t.get_rect(midtop=(W // 2, y + i * 34)))


class TypedFieldsPage(GrownUpPage):
    """A page of labelled text fields a grown-up types into, with one action button (Save,
    Done) on the last row and a line for a message beside it. Subclasses give ``rows``
    ((name, label, hint), ...), the starting ``values`` and ``max_lens``, and implement
    ``submit`` (Enter and the button) and ``leave`` (Escape and the back arrow)."""

    rows: tuple[tuple[str, str, str], ...] = ()  # labels and hints marked with N_
    action = N_("Save")
    hint_line = N_("Tap a line and type; Tab moves to the next.")

    def values(self) -> dict[str, str]:
        return {}

    def max_len(self, name: str) -> int:
        return 200

    def submit(self) -> None:
        raise NotImplementedError

    def leave(self) -> None:
        self.app.scenes.pop()

    def on_enter(self) -> None:
        pygame.key.start_text_input()
        self.start_page(back=self.leave)
        row = self.row_h
        self.focus = getattr(self, "focus", 0)
        self.message = getattr(self, "message", "")
        values = self.values()
        ys = self.rows_y(len(self.rows) + 1, top=self.header_h + 20, bottom=H - 16)
        row = self.row_h  # as fitted by rows_y
        self.fields: list[TextField] = []
        for i, (name, label, hint) in enumerate(self.rows):
            f = TextField(
                name, pygame.Rect(400, ys[i], W - MARGIN - 400, row), values[name], _(hint)
            )
            f.max_len = self.max_len(name)
            self.fields.append(f)
            self.buttons.add(Button(f.rect, lambda i=i: self._focus(i), None, f"field:{name}"))
            self.label(_(label), (MARGIN + 20, ys[i] + row // 2), 32, INK, True)
        self.button(
            pygame.Rect(W - MARGIN - 300, ys[-1], 300, row),
            _(self.action),
            self.submit,
            self.action.lower(),  # the button's name stays the English word
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

    def typed(self) -> dict[str, str]:
        return {f.name: f.value.strip() for f in self.fields}

    def say(self, message: str) -> None:
        self.message = message
        self.request_redraw()

    def on_key(self, event: pygame.event.Event) -> None:
        focus = edit_fields(self.fields, self.focus, event)
        if focus is None:
            if event.key == pygame.K_ESCAPE:
                self.leave()
            else:
                self.submit()
            return
        self.focus = focus
        if event.type == pygame.TEXTINPUT:
            self.message = ""
        self.request_redraw()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        surface.fill(PAGE_BG)
        self.draw_header(surface)
        self.draw_labels(surface)
        self.draw_fields(surface)
        words, ink, size = (
            (self.message, (170, 60, 40), 28) if self.message else (_(self.hint_line), SOFT_INK, 26)
        )
        if words:
            t = text.fit(words, size, W - 2 * MARGIN - 340, ink, True)
            surface.blit(t, t.get_rect(midleft=(MARGIN + 20, self.msg_y)))
