"""Streak & stickers, for parents: the current and longest streak, a month calendar of
practised days and minutes, and the stickers collected.

Kind by design (FIELD-NOTES: streaks that punish make children give up): a forgiven day
is shown as *rest*, a day without practice is simply left plain — no red, no crosses,
no "missed" wording.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import date

import pygame

from engine import art, text
from progress.streaks import DayStatus
from tinyhands.i18n import N_, _, ngettext, pgettext
from tinyhands.screens.common import INK
from tinyhands.screens.grownup_ui import LINE, MARGIN, SOFT_INK, WHITE, GrownUpPage

PRACTISED_FILL = (214, 236, 214)
REST_FILL = (222, 230, 246)
FUTURE_INK = (170, 166, 178)
STICKER_TOP = 624
# TRANSLATORS: weekday names over the month calendar's columns, as short as they go
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


def minutes_words(minutes: float) -> str:
    if minutes <= 0:
        return ""
    if minutes < 1:
        return _("<1 min")
    return _("{minutes} min").format(minutes=f"{minutes:.0f}")


def interrupted_words(by_day: dict[date, int]) -> str:
    """The month's rounds left before the end, per day, for a parent: "The minutes include
    3 rounds left before the end (2 on the 4th, 1 on the 12th): ..." ("" when none)."""
    total = sum(by_day.values())
    if total <= 0:
        return ""
    # TRANSLATORS: rounds a child left before their end, as in "The minutes include {rounds}
    # left before the end": a language may put "left before the end" here instead
    rounds = ngettext("{n} round", "{n} rounds", total).format(n=total)
    # TRANSLATORS: rounds on one day of the month: "2 on the 4th"
    days = [
        _("{rounds} on {day}").format(rounds=n, day=_day_of_month(d.day))
        for d, n in sorted(by_day.items())
    ]
    if len(days) == 1:
        where = _("on {day}").format(day=_day_of_month(min(by_day).day))
    elif len(days) <= 4:
        where = "(" + ", ".join(days) + ")"
    else:  # a line under the calendar: the days themselves would not fit
        where = ngettext("on {n} day", "on {n} days", len(days)).format(n=len(days))
    return _(
        "The minutes include {rounds} left before the end {where}: counted in time, "
        "never scored as a miss."
    ).format(rounds=rounds, where=where)


def _day_of_month(n: int) -> str:
    """A day of this month as a parent says it: "the 4th" (in the app's language)."""
    # TRANSLATORS: a day of the month, {day} its number; English adds st/nd/rd/th, other
    # languages may write the same words for all four ("el día {day}", "le {day}")
    if 10 <= n % 100 <= 20 or n % 10 not in (1, 2, 3):
        return pgettext("day of the month", "the {day}th").format(day=n)
    if n % 10 == 1:
        return pgettext("day of the month", "the {day}st").format(day=n)
    if n % 10 == 2:
        return pgettext("day of the month", "the {day}nd").format(day=n)
    return pgettext("day of the month", "the {day}rd").format(day=n)


class StreaksScene(GrownUpPage):
    def __init__(self, child) -> None:
        self.child = child
        self.title = _("{name}: streak & stickers").format(name=child.display_name)
        self.month: tuple[int, int] | None = None

    def on_enter(self) -> None:
        store = self.app.services.store
        today = store.now().date()
        self.today = today
        if self.month is None:
            self.month = (today.year, today.month)
        self.streak = store.streak(self.child.id)
        self.program = store.get_home_program(self.child.id)
        self.stickers = store.rewards_summary(self.child.id).stickers
        self.stars = store.rewards_summary(self.child.id).total_stars
        self.necklaces = _necklaces(store, self.child.id)
        self._layout()

    def _layout(self) -> None:
        self.start_page()
        row = self.row_h
        year, month = self.month
        self.days = self.app.services.store.call(
            lambda s: s.month_calendar(self.child.id, year, month, today=self.today), []
        )
        self.cal = pygame.Rect(450, self.header_h + 10, 1280 - MARGIN - 450, 0)
        y = self.cal.y
        self.button(pygame.Rect(self.cal.x, y, row, row), "<", lambda: self._turn(-1), "prev-month")
        latest = (self.today.year, self.today.month)
        if self.month < latest:
            self.button(
                pygame.Rect(self.cal.right - row, y, row, row),
                ">",
                lambda: self._turn(1),
                "next-month",
            )
        self.nav_y = y + row // 2
        store = self.app.services.store
        in_month = lambda by_day: sum(  # noqa: E731
            m for d, m in by_day.items() if (d.year, d.month) == (year, month)
        )
        self.month_interrupted = {
            d: n
            for d, n in store.call(lambda s: s.interrupted_by_day(self.child.id), {}).items()
            if (d.year, d.month) == (year, month)
        }
        self.month_minutes = (
            in_month(store.call(lambda s: s.home_minutes_by_day(self.child.id), {})),
            in_month(store.call(lambda s: s.clinic_minutes_by_day(self.child.id), {})),
        )
        self.request_redraw()

    def _turn(self, d: int) -> None:
        y, m = self.month
        m += d
        if m == 0:
            y, m = y - 1, 12
        elif m == 13:
            y, m = y + 1, 1
        self.month = (y, m)
        self._layout()

    # -- drawing -------------------------------------------------------------------
    def _streak_card(self, surface, rect: pygame.Rect, number: int, words: str) -> None:
        pygame.draw.rect(surface, WHITE, rect, border_radius=20)
        n = text.render(str(number), 72, INK, True)
        surface.blit(n, n.get_rect(midleft=(rect.x + 24, rect.centery)))
        # TRANSLATORS: under a big number on the streak card ("3 / days / streak now")
        day_word = ngettext("day", "days", number)
        x = rect.x + 40 + n.get_width()
        t1 = text.fit(day_word, 30, rect.right - 12 - x, INK, True)
        t2 = text.fit(words, 28, rect.right - 12 - x, SOFT_INK)
        surface.blit(t1, (x, rect.centery - t1.get_height() - 2))
        surface.blit(t2, (x, rect.centery + 4))

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        top = self.header_h + 10
        self._streak_card(
            surface, pygame.Rect(MARGIN, top, 370, 96), self.streak.current, _("streak now")
        )
        self._streak_card(
            surface,
            pygame.Rect(MARGIN, top + 108, 370, 96),
            self.streak.longest,
            _("longest streak"),
        )
        name = self.child.display_name
        note = _(
            "A day counts when {name} finishes the day's practice (sun and sticker) or "
            "plays the day's {minutes} minutes at home. One missed day in seven is a rest day."
        ).format(name=name, minutes=f"{self.program.minutes_per_day:g}")
        y = top + 218
        for line in text.wrap(note, 24, 380):
            t = text.render(line, 24, SOFT_INK)
            surface.blit(t, (MARGIN, y))
            y += 27
        home, clinic = self.month_minutes
        month_words = (
            _("This month: {minutes} at home").format(minutes=minutes_words(home))
            if home > 0
            else _("This month: no practice at home yet")
        )
        if clinic > 0:
            month_words = _("{month}, {minutes} in graded tasks").format(
                month=month_words, minutes=minutes_words(clinic)
            )
        for line in text.wrap(month_words + ".", 24, 380, bold=True):
            t = text.render(line, 24, INK, True)
            surface.blit(t, (MARGIN, y + 4))
            y += 27
        self._legend(surface, MARGIN, y + 10)
        self._calendar(surface)
        self._stickers(surface)

    def _legend(self, surface, x: int, y: int) -> None:
        items = [
            (PRACTISED_FILL, _("practised"), True),
            (REST_FILL, _("rest day"), False),
            (WHITE, _("no practice"), False),
        ]
        # three rows above the sticker box; a longer language's note above leaves less room
        step = max(26, min(40, (STICKER_TOP - 10 - y) // len(items)))
        for fill, words, star in items:
            box = pygame.Rect(x, y, 40, step - 8)
            pygame.draw.rect(surface, fill, box, border_radius=8)
            pygame.draw.rect(surface, LINE, box, 1, border_radius=8)
            if star:
                st = art.star(22)
                surface.blit(st, st.get_rect(center=box.center))
            t = text.fit(words, min(26, step - 10), 380 - 52, INK)
            surface.blit(t, t.get_rect(midleft=(box.right + 12, box.centery)))
            y += step

    def _calendar(self, surface) -> None:
        year, month = self.month
        # TRANSLATORS: the calendar's title, e.g. "March 2026"
        month_year = _("{month} {year}").format(month=_(MONTHS[month - 1]), year=year)
        title = text.render(month_year, 40, INK, True)
        surface.blit(title, title.get_rect(center=(self.cal.centerx, self.nav_y)))
        top = self.nav_y + self.row_h // 2 + 12
        cols = 7
        cw = (self.cal.w - 6 * 8) // cols
        for i, wd in enumerate(WEEKDAYS):
            t = text.fit(_(wd), 26, cw, SOFT_INK, True)
            surface.blit(t, t.get_rect(midtop=(self.cal.x + i * (cw + 8) + cw // 2, top)))
        top += 34
        first = date(year, month, 1).weekday()
        weeks = -(-(first + len(self.days)) // 7)
        left_early = interrupted_words(self.month_interrupted)
        below = 30 if left_early else 0  # a line under the calendar for rounds left early
        ch = min(70, (STICKER_TOP - 14 - below - top) // max(1, weeks) - 6)
        for cd in self.days:
            k = first + cd.day.day - 1
            r, c = divmod(k, 7)
            rect = pygame.Rect(self.cal.x + c * (cw + 8), top + r * (ch + 6), cw, ch)
            fill = {
                DayStatus.PRACTISED: PRACTISED_FILL,
                DayStatus.REST: REST_FILL,
            }.get(cd.status, WHITE)
            pygame.draw.rect(surface, fill, rect, border_radius=10)
            if cd.day == self.today:
                pygame.draw.rect(surface, (240, 150, 60), rect, 4, border_radius=10)
            else:
                pygame.draw.rect(surface, LINE, rect, 1, border_radius=10)
            ink = FUTURE_INK if cd.status is DayStatus.FUTURE and cd.day != self.today else INK
            num = text.render(str(cd.day.day), 24, ink, True)
            surface.blit(num, (rect.x + 8, rect.y + 5))
            if cd.status is DayStatus.PRACTISED:
                st = art.star(min(26, ch // 2))
                surface.blit(st, st.get_rect(topright=(rect.right - 6, rect.y + 4)))
            elif cd.status is DayStatus.REST:
                # TRANSLATORS: written in a calendar day that was a forgiven rest day (short)
                t = text.fit(_("rest"), 22, rect.w - 12, SOFT_INK)
                surface.blit(t, t.get_rect(bottomleft=(rect.x + 8, rect.bottom - 4)))
            words = minutes_words(cd.minutes)
            if words:
                t = text.render(words, 24, INK)
                surface.blit(t, t.get_rect(bottomright=(rect.right - 8, rect.bottom - 4)))
        if left_early:
            t = text.fit(left_early, 24, self.cal.w, INK)
            self.left_early_at = (self.cal.x, top + weeks * (ch + 6) + 2)
            surface.blit(t, self.left_early_at)

    def _stickers(self, surface) -> None:
        y = STICKER_TOP
        box = pygame.Rect(MARGIN, y, 1280 - 2 * MARGIN, 800 - 20 - y)
        pygame.draw.rect(surface, WHITE, box, border_radius=20)
        n = len(self.stickers)
        words = (
            _("Stickers collected: {stickers}     Stars: {stars}").format(
                stickers=n, stars=self.stars
            )
            if n
            else _("No stickers yet: the first comes with the first full day of practice.")
        )
        t = text.fit(words, 30, box.w - 40 - (box.w // 2 if self.necklaces else 0), INK, True)
        surface.blit(t, (box.x + 20, box.y + 12))
        counts = Counter(self.stickers)
        size = min(100, box.h - 60)
        x = box.x + 20
        for name in art.STICKERS:  # the sticker book's order
            if not counts[name]:
                continue
            if x + size > box.right - 20:
                break
            st = art.sticker(name, size)
            surface.blit(st, (x, box.y + 50))
            if counts[name] > 1:
                c = text.render(f"×{counts[name]}", 30, INK, True)
                surface.blit(c, c.get_rect(bottomleft=(x + size, box.y + 50 + size)))
            x += size + 40
        self._draw_necklaces(surface, box, size)

    def _draw_necklaces(self, surface, box: pygame.Rect, size: int) -> None:
        """The necklaces made in the bead game, newest first: the child's to keep."""
        if not self.necklaces:
            return
        shown = self.necklaces[: max(1, min(5, (box.w // 2) // (size + 20)))]
        label = text.render(_("Necklaces made: {n}").format(n=len(self.necklaces)), 30, INK, True)
        surface.blit(label, label.get_rect(topright=(box.right - 20, box.y + 12)))
        x = box.right - 20 - len(shown) * (size + 20) + 20
        for colours in shown:
            draw_necklace(surface, pygame.Rect(x, box.y + 50, size, size), colours)
            x += size + 20


def _necklaces(store, child_id: int) -> list[list[str]]:
    """Bead colours (hex) of every necklace the child finished, newest first."""
    trials = store.call(
        lambda st: st.trials(child_id, game="beads", geometry_keys=("necklace",)), []
    )
    out = []
    for t in reversed(trials):
        colours = (t.geometry.get("necklace") or {}).get("colours")
        if isinstance(colours, list) and colours:
            out.append([c for c in colours if isinstance(c, str)])
    return out


def draw_necklace(surface: pygame.Surface, rect: pygame.Rect, colours: list[str]) -> None:
    """A ring of beads in the order they were threaded, the knot at the top."""
    cx, cy = rect.center
    radius = rect.w * 0.36
    pygame.draw.circle(surface, (176, 87, 79), (cx, cy), radius, max(2, rect.w // 40))
    n = len(colours)
    bead_r = min(rect.w * 0.09, math.pi * radius / max(n, 1) * 0.8)
    for k, hex_colour in enumerate(colours):
        a = -math.pi / 2 + 2 * math.pi * (k + 0.5) / n * 0.92 + math.pi * 0.04
        x, y = cx + radius * math.cos(a), cy + radius * math.sin(a)
        try:
            colour = pygame.Color(hex_colour)
        except ValueError:
            colour = pygame.Color(200, 200, 200)
        pygame.draw.circle(surface, colour, (x, y), bead_r)
        pygame.draw.circle(surface, (62, 58, 66), (x, y), bead_r, 1)
    pygame.draw.circle(surface, (176, 87, 79), (cx, cy - radius), max(3, rect.w // 30))
