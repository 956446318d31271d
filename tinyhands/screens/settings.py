"""App settings for grown-ups: sound, music, spoken prompts, calm mode, colour-blind-safe
colours, the app's language, and the screen calibration that makes millimetres on screen
true millimetres.

Each switch takes effect at once and is saved at once (progress.settings, atomically),
so there is no "Save" to forget. Left- or right-handed is per child: it is on the
child's profile.
"""

from __future__ import annotations

import pygame

from engine import art, text
from engine.ui import Button
from engine.units import BANK_CARD_WIDTH_MM, MM_PER_INCH, dpi_from_card
from engine.viewport import LOGICAL_SIZE
from progress.settings import AppSettings
from tinyhands.i18n import N_, _
from tinyhands.screens.common import INK
from tinyhands.screens.grownup_ui import (
    MARGIN,
    SOFT_INK,
    WHITE,
    GrownUpPage,
    W,
    draw_message,
    switch_button,
)
from tinyhands.voice_prompts import LANGUAGE_NAMES, LANGUAGES

BANK_CARD_HEIGHT_MM = 53.98  # ISO/IEC 7810 ID-1
SWITCHES = (
    ("sound", N_("Sound effects"), N_("Taps, stars and cheers.")),
    ("music", N_("Music"), N_("A quiet tune on the child's menus (never during a game).")),
    ("voice", N_("Spoken prompts"), N_("A voice says what to do, gives hints and praises.")),
    ("calm", N_("Calm mode"), N_("Fewer animations, for children who are easily overwhelmed.")),
    (
        "colourblind",
        N_("Colour-blind-safe colours"),
        N_("Colours that stay distinct for every eye."),
    ),
)


def current_settings(services) -> AppSettings:
    s = services.settings
    if s is None:
        sounds = services.sounds
        s = AppSettings(
            sound=bool(getattr(sounds, "enabled", True)),
            music=bool(getattr(sounds, "music_enabled", False)),
            voice=bool(getattr(services.voice, "enabled", True)),
            calm=services.calm,
            colourblind=services.colourblind,
        )
    return s


class SettingsScene(GrownUpPage):
    title = N_("Settings")

    def __init__(self) -> None:
        self.message = ""

    def subtitle(self) -> str:
        return _("For the whole app. Changes apply and are kept at once.")

    def on_enter(self) -> None:
        self.settings = current_settings(self.app.services)
        self._layout()

    def _layout(self) -> None:
        """One column of rows where they fit at 15 mm each, else two side by side (a
        dense screen, large targets): never a row off the page."""
        pal = self.pal()
        self.start_page()
        row = self.row_h
        n = len(SWITCHES) + 3
        top, bottom = self.header_h + 20, 800 - 90
        cols = 1 if n * row + (n - 1) * 10 <= bottom - top else 2
        per = -(-n // cols)
        ys = self.rows_y(per, top=top, bottom=bottom)
        row = self.row_h  # as fitted by rows_y
        col_w = (W - 2 * MARGIN - (cols - 1) * 40) // cols
        wide = 360 if cols == 1 else 250
        slots = []
        for i in range(n):
            x0 = MARGIN + (i // per) * (col_w + 40)
            slots.append((x0, x0 + col_w, ys[i % per]))
        self.rows = []
        for (x0, x1, y), (key, words, hint) in zip(slots, SWITCHES, strict=False):
            self.rows.append((x0, y, _(words), _(hint), x1 - x0 - 240))
            self.buttons.add(
                Button(
                    pygame.Rect(x1 - 200, y, 200, row),
                    lambda k=key: self._flip(k),
                    switch_button(lambda k=key: bool(getattr(self.settings, k)), pal["primary"]),
                    f"switch:{key}",
                )
            )
        x0, x1, y = slots[len(SWITCHES)]
        self.rows.append((x0, y, _("Language"), self._language_words(), x1 - x0 - wide - 40))
        self.button(
            pygame.Rect(x1 - wide, y, wide, row),
            self._language_button_words(),
            self._next_language,
            "language",
        )
        x0, x1, y = slots[len(SWITCHES) + 1]
        self.rows.append((x0, y, _("Report language"), self._report_words(), x1 - x0 - wide - 40))
        self.button(
            pygame.Rect(x1 - wide, y, wide, row),
            self._report_button_words(),
            self._next_report_language,
            "report-language",
        )
        x0, x1, y = slots[len(SWITCHES) + 2]
        self.rows.append((x0, y, _("Screen size"), self._dpi_words(), x1 - x0 - wide - 40))
        self.button(
            pygame.Rect(x1 - wide, y, wide, row),
            _("Calibrate the screen…") if cols == 1 else _("Calibrate…"),
            lambda: self.app.scenes.push(CalibrationScene()),
            "calibrate",
        )
        self.request_redraw()

    # -- the language: the system's, or one of the shipped ones; a tap takes the next
    CHOICES: tuple[str | None, ...] = (None, *LANGUAGES)

    def _language_button_words(self) -> str:
        lang = self.settings.language
        # TRANSLATORS: the language setting's choice "follow the computer's language"
        return _("As the system") if lang is None else LANGUAGE_NAMES.get(lang, lang)

    def _language_words(self) -> str:
        services = self.app.services
        now = LANGUAGE_NAMES.get(services.language, services.language)
        if services.lang_override:
            return _(
                "{language} for now (started with --lang); the choice here applies next time."
            ).format(language=now)
        if self.settings.language is None:
            return _(
                "The computer's language: {language} (English where it is not shipped)."
            ).format(language=now)
        return _("Screens and spoken prompts in {language}.").format(language=now)

    def _next_language(self) -> None:
        self._next_choice("language")

    def _next_choice(self, key: str) -> None:
        """A tap on a language button takes the next choice (the first is "as ...")."""
        choices = self.CHOICES
        lang = getattr(self.settings, key)
        i = choices.index(lang) if lang in choices else 0
        self.settings = self.settings.model_copy(update={key: choices[(i + 1) % len(choices)]})
        self.message = self.app.services.save_settings(self.settings, self.app) or ""
        self._layout()

    # -- the report's language: the screens' by default; a therapist may read another
    def _report_button_words(self) -> str:
        lang = self.settings.report_language
        # TRANSLATORS: the report-language setting's choice "the same language as the screens"
        return _("As the screens") if lang is None else LANGUAGE_NAMES.get(lang, lang)

    def _report_words(self) -> str:
        lang = self.settings.report_language or self.app.services.language
        return _("The report (PDF) and the exports' headings in {language}.").format(
            language=LANGUAGE_NAMES.get(lang, lang)
        )

    def _next_report_language(self) -> None:
        self._next_choice("report_language")

    def _dpi_words(self) -> str:
        dpi = self.settings.dpi
        if dpi is None:
            return _("Not calibrated: sizes follow what the computer reports.")
        return _("Calibrated with a bank card ({ppi} pixels per inch).").format(ppi=f"{dpi:.0f}")

    def _flip(self, key: str) -> None:
        services = self.app.services
        self.settings = self.settings.model_copy(update={key: not getattr(self.settings, key)})
        self.message = services.save_settings(self.settings, self.app) or ""
        if key == "sound" and self.settings.sound:
            services.play("chime")  # hear that it is on
        if key == "voice" and self.settings.voice:
            services.say("praise.1", replace=True)  # hear the voice, in its language
        self._layout()  # colours may have changed

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        lowest = 0
        for x, y, words, hint, width in self.rows:
            t = text.fit(words, 34, width, INK, True)
            surface.blit(t, (x + 20, y + 2))
            hy = y + 6 + t.get_height()
            for line in text.fit_lines(hint, 26, width, 2, SOFT_INK):  # two lines if need be
                surface.blit(line, (x + 20, hy))
                hy += line.get_height()
            lowest = max(lowest, y + self.row_h, hy)
        note = _("Left or right hand is set for each child: Grown-ups › the child › Edit profile.")
        # under the rows (a dense screen's rows reach lower), never over a switch
        draw_message(
            surface, self.message or note, min(800 - 36, max(800 - 84, lowest + 8)), SOFT_INK
        )


class CalibrationScene(GrownUpPage):
    """Hold a bank card to the screen; make the outline exactly as wide; save."""

    title = N_("Calibrate the screen")

    def subtitle(self) -> str:
        return _("Hold any bank card flat against the screen, over the outline.")

    def on_enter(self) -> None:
        u = self.app.units
        self.width_px = float(round(u.px(BANK_CARD_WIDTH_MM)))  # logical px, as now calibrated
        self.message = ""
        pal = self.pal()
        self.start_page()
        row = self.row_h
        steps = [(_("<< Smaller"), -10, "much-smaller"), (_("< Smaller"), -1, "smaller")]
        steps += [(_("Bigger >"), 1, "bigger"), (_("Bigger >>"), 10, "much-bigger")]
        bw, gap = 210, 14
        card_h = round(self.width_px * BANK_CARD_HEIGHT_MM / BANK_CARD_WIDTH_MM)
        # A short, dense screen (a 7" tablet is 94 mm tall; the card is 54 mm) cannot hold
        # the card, its words and two rows of buttons one under the other: the buttons go in a
        # column beside the card, which keeps its true size.
        self.beside = self.header_h + card_h + 90 + 2 * row + 40 > 800
        if self.beside:
            x = W - MARGIN - (2 * bw + gap)
            y = self.header_h
            rects = [
                pygame.Rect(x + (i % 2) * (bw + gap), y + (i // 2) * (row + gap), bw, row)
                for i in range(4)
            ]
            reset = pygame.Rect(x, y + 2 * (row + gap) + 16, 2 * bw + gap, row)
            save = pygame.Rect(x, 800 - 24 - row, 2 * bw + gap, row)
        else:
            y = 800 - 24 - row
            x = W // 2 - (4 * bw + 3 * gap) // 2
            rects = [pygame.Rect(x + i * (bw + gap), y - row - 16, bw, row) for i in range(4)]
            reset = pygame.Rect(MARGIN, y, 300, row)
            save = pygame.Rect(W - MARGIN - 300, y, 300, row)
        for (words, d, name), rect in zip(steps, rects, strict=True):
            self.button(rect, words, lambda d=d: self._grow(d), name)
        self.button(reset, _("Forget calibration"), self._reset, "reset", ink=SOFT_INK)
        self.button(save, _("Save"), self._save, "save", colour=pal["primary"], ink=WHITE)
        self.request_redraw()

    def _card_room(self) -> float:
        """The widest the outline may grow: the canvas, or the room left of the buttons."""
        if getattr(self, "beside", False):
            return float(W - 2 * MARGIN - (2 * 210 + 14) - 24)
        return LOGICAL_SIZE[0] - 40.0

    def _grow(self, d: int) -> None:
        self.width_px = max(120.0, min(self._card_room(), self.width_px + d))
        self.message = ""
        self.request_redraw()

    def _reset(self) -> None:
        """Forget the calibration: sizes follow the system again (after a restart)."""
        services = self.app.services
        settings = current_settings(services).model_copy(update={"dpi": None})
        self.message = services.save_settings(settings, self.app) or (
            _("Calibration removed; the system's size is used from the next start.")
        )
        self.request_redraw()

    def dpi(self) -> float:
        """Physical px per inch if the outline now matches the card (85.60 mm)."""
        physical_px = self.width_px * self.app.viewport.scale
        return dpi_from_card(physical_px)

    def _save(self) -> None:
        services = self.app.services
        try:
            dpi = self.dpi()
        except ValueError as exc:
            self.message = str(exc)
            self.request_redraw()
            return
        settings = current_settings(services).model_copy(update={"dpi": dpi})
        self.message = services.save_settings(settings, self.app) or (
            _("Saved: {ppi} pixels per inch. Sizes on screen are now true millimetres.").format(
                ppi=f"{dpi:.0f}"
            )
        )
        self.on_enter_keep_message()

    def on_enter_keep_message(self) -> None:
        message = self.message
        self.on_enter()
        self.message = message

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        w = round(self.width_px)
        h = round(self.width_px * BANK_CARD_HEIGHT_MM / BANK_CARD_WIDTH_MM)
        card = pygame.Rect(0, 0, w, h)
        if self.beside:
            card.topleft = (MARGIN, self.header_h)
        else:
            card.center = (W // 2, 110 + (800 - 110 - 2 * self.row_h - 140) // 2)
        pygame.draw.rect(surface, (236, 244, 252), card, border_radius=max(4, w // 27))
        pygame.draw.rect(surface, self.pal()["primary"], card, 5, border_radius=max(4, w // 27))
        chip = pygame.Rect(card.x + w // 9, card.y + h // 3, w // 7, h // 5)
        pygame.draw.rect(surface, art.palette(False)["gentle"], chip, border_radius=6)
        tip = _("Make the blue outline exactly as wide as the card, then Save.")
        words_w = max(w, 600) if self.beside else W - 2 * MARGIN
        words_x = card.x + words_w // 2 if self.beside else W // 2
        t = text.fit(tip, 28, words_w, INK)
        surface.blit(t, t.get_rect(midtop=(words_x, card.bottom + 12)))
        dpi_now = self.app.units.dpi * self.app.viewport.scale
        ppi = self.width_px * self.app.viewport.scale / BANK_CARD_WIDTH_MM * MM_PER_INCH
        info = _("now {now} px per inch · with this outline {outline}").format(
            now=f"{dpi_now:.0f}", outline=f"{ppi:.0f}"
        )
        t = text.fit(info, 24, words_w, SOFT_INK)
        surface.blit(t, t.get_rect(midtop=(words_x, card.bottom + 46)))
        if self.message and self.beside:
            t = text.fit(self.message, 24, words_w, INK, True)
            surface.blit(t, t.get_rect(midtop=(words_x, card.bottom + 76)))
        elif self.message:
            t = text.fit(self.message, 28, W - 2 * MARGIN, INK, True)
            surface.blit(t, t.get_rect(midbottom=(W // 2, 800 - 50 - 2 * self.row_h)))
