"""The PDF a therapist files, in the shape of a progress note.

Page 1 is the note itself, to paste or file: who (name or pseudonym, a second
identifier, therapist, practice), the period, what was prescribed and by whom,
adherence, each goal's status with its evidence in one line, the key change per game in
physical units, what the data cannot tell, and a section for the clinician (subjective
report, assessment, plan) with signature and date lines. Then the evidence: home
practice, each game (the task presented in its units, success by its stated rule,
measures compared by a stated test, traces to scale), the goals in detail, suggestions,
and what these measures are and are not.

fpdf2 is imported only here, inside functions, so the app never pays for it; the charts
are drawn by ``exporter.charts`` straight into the page (no picture library). Text a user
typed (names, goal words, record fields) goes through ``clean`` and is only ever placed
as plain text: no markup, HTML or markdown is interpreted.
"""

from __future__ import annotations

import calendar
import functools
import re
import secrets
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from exporter.files import write_atomic
from exporter.gcpause import collector_paused
from exporter.goals import STATE_WORDS
from exporter.i18n import N_, _, language, ngettext, pgettext
from exporter.summary import GameSummary, Summary
from exporter.wording import (
    clauses,
    cue_words,
    fmt_number,
    fmt_value,
    item_words,
    minutes_words,
    pct,
    short_date,
    unit_words,
)
from progress.models import Trial

FONT = "DejaVu"
MARGIN = 15.0
WIDTH = 210.0 - 2 * MARGIN
INK = (31, 42, 54)
MUTED = (91, 103, 118)
RULE = (200, 207, 215)
HEAD_FILL = (232, 238, 245)
TABLE_PAD = 1.2  # mm around a table cell's text
STATUS_FILL = {
    "practised": (58, 154, 91),
    "short": (224, 160, 48),
    "rest": (190, 214, 235),
    "missed": (255, 255, 255),
}


class Costs(dict[str, float]):
    """Seconds spent per part of one report (import, fonts, charts, tables, write, the
    rest: text layout), so a benchmark can print where a report's time goes. Parts nest:
    time inside an inner part is not counted again in the outer one."""

    def __init__(self) -> None:
        super().__init__()
        self._stack: list[str] = []

    @contextmanager
    def part(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        outer = self._stack[-1] if self._stack else None
        self._stack.append(name)
        try:
            yield
        finally:
            self._stack.pop()
            spent = time.perf_counter() - t0
            self[name] = self.get(name, 0.0) + spent
            if outer is not None:
                self[outer] = self.get(outer, 0.0) - spent


@functools.cache
def _font_paths() -> tuple[str, str]:
    """DejaVu Sans, regular and bold, as shipped in ``assets/fonts`` (the screens' font)."""
    from assets import FONT_FILES

    missing = [p for p in FONT_FILES if not p.exists()]
    if missing:
        raise RuntimeError(f"the report's font is missing from this installation: {missing[0]}")
    return str(FONT_FILES[0]), str(FONT_FILES[1])


_coverage: frozenset[int] | None = None


def _covered() -> frozenset[int]:
    """Code points the report font can draw (both weights share DejaVu's coverage): taken
    from the font fpdf has already parsed for the report, else read once here."""
    global _coverage
    if _coverage is None:
        from fontTools.ttLib import TTFont

        with TTFont(_font_paths()[0], lazy=True) as font:
            _coverage = frozenset(font.getBestCmap())
    return _coverage


def _learn_coverage(pdf: Any) -> None:
    global _coverage
    if _coverage is None:
        font = pdf.fonts.get(FONT.lower())
        if font is not None and getattr(font, "cmap", None):
            _coverage = frozenset(font.cmap)


def clean(text: str) -> str:
    """User text made safe to place: normalised, with anything the font cannot draw (some
    emoji, joiners, controls) replaced by U+FFFD, so no name can break the layout."""
    covered = _covered()
    out = []
    for ch in unicodedata.normalize("NFC", str(text)):
        cat = unicodedata.category(ch)
        if ch in "\u200d\ufe0e\ufe0f" or cat in ("Cc", "Cs", "Co", "Cn"):
            continue
        out.append(ch if ord(ch) in covered else "\ufffd")
    return "".join(out)


_BEYOND_LATIN = re.compile("[\u0590-\U0010ffff]")


def _needs_shaping(summary: Summary) -> bool:
    """True when typed text (a name, a goal) is in a script that needs shaping: right-to-
    left letters, combining marks, Indic scripts. Shaping costs ~0.8 s on a year's report,
    so Latin-only reports go without. Only the characters past Latin and Greek are
    looked at one by one (a regular expression finds them)."""
    for m in _BEYOND_LATIN.finditer(summary.model_dump_json()):
        ch = m.group()
        if unicodedata.bidirectional(ch) in ("R", "AL") or unicodedata.category(ch) == "Mn":
            return True
        if 0x0900 <= ord(ch) <= 0x0DFF:
            return True
    return False


def _new_pdf(summary: Summary, costs: Costs | None = None) -> Any:
    costs = Costs() if costs is None else costs
    with costs.part("import"):
        from fpdf import FPDF

    class Report(FPDF):  # type: ignore[misc]
        def footer(self) -> None:
            self.set_y(-11)
            self.set_font(FONT, "", 7)
            self.set_text_color(*MUTED)
            self.cell(WIDTH * 0.86, 5, footer_text[:140], align="L")
            self.cell(
                WIDTH * 0.14,
                5,
                _("page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": nb_alias},
                align="L",
            )

    pdf = Report(format="A4", unit="mm")
    # fpdf replaces its page-count alias anywhere in the text, names included: a random
    # alias per document means no typed text can ever match it.
    nb_alias = "{" + secrets.token_hex(3) + "}"
    pdf.alias_nb_pages(nb_alias)
    with costs.part("fonts"):
        regular, bold = _font_paths()
        pdf.add_font(FONT, "", regular)
        pdf.add_font(FONT, "B", bold)
        _learn_coverage(pdf)  # what clean() needs, without parsing the font a second time
        c = summary.child
        footer_text = clean(
            " · ".join(
                [_("Tiny Hands progress note"), c.name]
                + (
                    [_("record %(number)s") % {"number": c.record_number}]
                    if c.record_number
                    else []
                )
                + [_period_words(summary)]
            )
        )
        if _needs_shaping(summary):
            try:  # HarfBuzz joins Arabic letters and orders right-to-left text correctly
                pdf.set_text_shaping(True)
            except Exception:  # noqa: BLE001 - without uharfbuzz the text is still all there
                pass
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_title(_("Tiny Hands progress note"))
    pdf.set_lang(language())
    pdf.set_creator("Tiny Hands")
    pdf.set_font(FONT, "", 9.5)
    pdf.set_text_color(*INK)
    pdf.add_page()
    return pdf


class _Writer:
    """Small layout helpers over fpdf: headings kept with what follows, paragraphs,
    bullets, images, and tables that are never split from their heading or across pages
    when they fit on one."""

    def __init__(self, pdf: Any, costs: Costs) -> None:
        self.pdf = pdf
        self.costs = costs
        self._widths: dict[tuple[str, str, float], float] = {}
        self._wrapped: dict[tuple[str, float, float, bool], list[str]] = {}

    def chart(self, name: str, *args: Any) -> Any:
        """A chart from ``exporter.charts``, laid out (its size known) but not yet drawn."""
        from exporter import charts

        with self.costs.part("charts"):
            return getattr(charts, name)(*args)

    def left(self) -> float:
        return self.pdf.page_break_trigger - self.pdf.get_y()

    def room(self, h: float) -> None:
        if h > self.left():
            self.pdf.add_page()

    def lines(self, text: str, width: float, size: float, bold: bool = False) -> int:
        """How many lines ``text`` takes in a cell ``width`` mm wide."""
        return len(self.wrap(text, width - 2 * self.pdf.c_margin, size, bold))

    def _width(self, word: str, style: str, size: float) -> float:
        key = (word, style, size)
        w = self._widths.get(key)
        if w is None:
            w = self._widths[key] = self.pdf.get_string_width(word)
        return w

    def wrap(self, text: str, width: float, size: float, bold: bool = False) -> list[str]:
        """``text`` broken into lines no wider than ``width`` mm: at spaces, inside a word
        only when the word alone is wider, at every newline. fpdf's ``multi_cell`` measures
        the growing line again at each character (a year's report spent about 0.4 s
        there); this measures each word once, and remembers every answer, since a table's
        or a paragraph's height is asked for before it is placed."""
        key = (text, width, size, bold)
        cached = self._wrapped.get(key)
        if cached is not None:
            return cached
        style = "B" if bold else ""
        self.pdf.set_font(FONT, style, size)
        space = self._width(" ", style, size)
        out: list[str] = []
        parts = str(text).split("\n")
        closing = len(parts) > 1 and parts[-1] == ""
        if closing:
            parts.pop()  # a closing newline ends the last line, it opens no new one
        for n, part in enumerate(parts, 1):
            line, line_w, started, on_space = "", 0.0, False, False
            for word in part.split(" "):
                ww = self._width(word, style, size)
                if started and line_w + space + ww <= width:
                    line, line_w, on_space = f"{line} {word}", line_w + space + ww, False
                    continue
                if started:
                    out.append(line)
                    line, line_w, started = "", 0.0, False
                    if not word:  # one space where the line breaks goes with the break
                        started = on_space = True
                        continue
                on_space = False
                if ww <= width:
                    line, line_w, started = word, ww, True
                    continue
                for ch in word:  # a word wider than the line: broken where it must be
                    cw = self._width(ch, style, size)
                    if started and line_w + cw > width:
                        out.append(line)
                        line, line_w = "", 0.0
                    line, line_w, started = line + ch, line_w + cw, True
            if not (on_space and n == len(parts) and not closing):  # as multi_cell does
                out.append(line)
        self._wrapped[key] = out
        return out

    def _print_lines(
        self, x: float, width: float, h: float, text: str, size: float, bold: bool = False
    ) -> None:
        """What ``multi_cell(width, h, text, align="L")`` at ``x`` prints, from ``wrap``:
        one cell per line (a page break between lines as multi_cell makes it), then back
        to the left margin on the next line."""
        p = self.pdf
        lines = self.wrap(text, width - 2 * p.c_margin, size, bold)
        p.set_font(FONT, "B" if bold else "", size)
        for line in lines:
            p.set_x(x)
            p.cell(width, h, line, new_x="LEFT", new_y="NEXT")
        p.set_x(MARGIN)

    def para_h(self, text: str, size: float = 9.5, width: float = WIDTH) -> float:
        return self.lines(text, width, size) * size * 0.5 + 1

    def h1(self, text: str, next_h: float = 30) -> None:
        self.room(12 + next_h)
        p = self.pdf
        p.ln(2)
        p.set_font(FONT, "B", 13)
        p.set_text_color(*INK)
        p.cell(WIDTH, 8, text, new_x="LMARGIN", new_y="NEXT")
        p.set_draw_color(*RULE)
        p.line(MARGIN, p.get_y(), MARGIN + WIDTH, p.get_y())
        p.ln(2)
        p.set_font(FONT, "", 9.5)

    def h2(self, text: str, next_h: float = 20) -> None:
        self.room(9 + next_h)
        p = self.pdf
        p.ln(1.5)
        self._print_lines(MARGIN, WIDTH, 6, text, 10.5, bold=True)
        p.set_font(FONT, "", 9.5)

    def h3(self, text: str, next_h: float = 15) -> None:
        self.room(7 + next_h)
        p = self.pdf
        p.ln(1)
        self._print_lines(MARGIN, WIDTH, 5, text, 9.5, bold=True)
        p.set_font(FONT, "", 9.5)

    def para(self, text: str, size: float = 9.5, colour: tuple[int, int, int] = INK) -> None:
        p = self.pdf
        self.room(min(self.para_h(text, size), 30))
        p.set_text_color(*colour)
        self._print_lines(MARGIN, WIDTH, size * 0.5, text, size)
        p.set_text_color(*INK)
        p.ln(1)

    def labelled(self, label: str, text: str, size: float = 8.8, label_w: float = 30) -> None:
        """A bold label on the left, its text wrapped beside it."""
        p = self.pdf
        self.room(self.lines(text, WIDTH - label_w, size) * size * 0.5)
        p.set_font(FONT, "B", size)
        p.cell(label_w, size * 0.5, label)
        self._print_lines(MARGIN + label_w, WIDTH - label_w, size * 0.5, text, size)
        p.ln(0.6)

    def bullets(self, items: list[str], size: float = 9.5) -> None:
        p = self.pdf
        for text in items:
            self.room(self.lines(text, WIDTH - 5, size) * size * 0.5)
            p.set_font(FONT, "", size)
            p.cell(5, size * 0.5, "•")
            self._print_lines(MARGIN + 5, WIDTH - 5, size * 0.5, text, size)
            p.ln(0.8)

    def image_h(self, chart: Any) -> float:
        return chart.height + 1.5

    def image(self, chart: Any) -> None:
        """``chart`` drawn as vector graphics at the left margin, on a new page if it does
        not fit on this one."""
        self.room(chart.height + 1.5)
        # A local graphics state: the chart's colours, line widths, dashes and fonts end
        # with it (a table after it must not be filled in the chart's last colour).
        with self.costs.part("charts"), self.pdf.local_context():
            chart.draw(self.pdf, MARGIN, self.pdf.get_y())
        self.pdf.set_y(self.pdf.get_y() + chart.height + 1.5)

    def table_h(
        self, head: list[str], rows: list[list[str]], widths: list[float], size: float = 8.5
    ) -> float:
        with self.costs.part("tables"):
            return self._table_h(head, rows, widths, size)

    def _table_h(
        self, head: list[str], rows: list[list[str]], widths: list[float], size: float = 8.5
    ) -> float:
        return sum(self._row_h(r, widths, size, i == 0) for i, r in enumerate([head, *rows])) + 2

    def _row_h(self, row: list[str], widths: list[float], size: float, bold: bool) -> float:
        scale = WIDTH / sum(widths)
        n = max(
            len(self.wrap(c, w * scale - 2 * TABLE_PAD, size, bold))
            for c, w in zip(row, widths, strict=True)
        )
        return n * size * 0.5 + 2 * TABLE_PAD

    def keep_h(
        self, head: list[str], rows: list[list[str]], widths: list[float], size: float = 8.5
    ) -> float:
        """The height a table needs below its heading: all of a short table, else its
        first rows (the rest may continue on the next page)."""
        h = self.table_h(head, rows, widths, size)
        return h if h <= 70 or len(rows) <= 3 else self.table_h(head, rows[:3], widths, size)

    def table(
        self, head: list[str], rows: list[list[str]], widths: list[float], size: float = 8.5
    ) -> None:
        with self.costs.part("tables"):
            self._table(head, rows, widths, size)

    def _table(
        self, head: list[str], rows: list[list[str]], widths: list[float], size: float = 8.5
    ) -> None:
        """The table as fpdf's ``table()`` drew it (columns scaled to the text width, a
        filled bold heading repeated on each page the table runs onto, a rule between
        rows, text padded and centred in its row), laid out from ``wrap``."""
        p = self.pdf
        self.room(self.keep_h(head, rows, widths, size))
        cols = [w * WIDTH / sum(widths) for w in widths]
        heading_h = self._row_h(head, widths, size, True)
        p.set_draw_color(*RULE)
        p.set_line_width(0.2)
        for i, row in enumerate(rows):
            h = self._row_h(row, widths, size, False)
            if i == 0 or p.get_y() + h > p.page_break_trigger:
                if i > 0:
                    p.add_page()
                self._table_row(head, cols, heading_h, size, bold=True)
            self._table_row(row, cols, h, size, bold=False, last=i == len(rows) - 1)
        if not rows:
            self._table_row(head, cols, heading_h, size, bold=True, last=True)
        p.set_xy(MARGIN, p.get_y())
        p.ln(2)
        p.set_font(FONT, "", 9.5)

    def _table_row(
        self,
        cells: list[str],
        cols: list[float],
        h: float,
        size: float,
        bold: bool,
        last: bool = False,
    ) -> None:
        p = self.pdf
        y, x, line = p.get_y(), MARGIN, size * 0.5
        if bold:
            p.set_fill_color(*HEAD_FILL)
            p.rect(MARGIN, y, WIDTH, h, style="F")
        p.set_font(FONT, "B" if bold else "", size)
        for text, w in zip(cells, cols, strict=True):
            lines = self.wrap(text, w - 2 * TABLE_PAD, size, bold)
            top = y + (h - len(lines) * line) / 2
            for k, words in enumerate(lines):
                if words:
                    p.set_xy(x + TABLE_PAD - p.c_margin, top + k * line)
                    p.cell(w - 2 * TABLE_PAD + 2 * p.c_margin, line, words)
            x += w
        if not last:
            p.line(MARGIN, y + h, MARGIN + WIDTH, y + h)
        p.set_xy(MARGIN, y + h)


#: a goal's status as the therapist stored it (active goals say nothing)
GOAL_STATUS_WORDS = {"met": N_("marked met"), "paused": N_("paused")}
#: a child's handedness as stored, in words
HANDEDNESS_WORDS = {"right": N_("right"), "left": N_("left"), "mixed": N_("mixed")}


def _missing(value: str) -> str:
    return value if value else _("not recorded")


def _period_words(s: Summary) -> str:
    """ "1 Dec 2026 to 7 Dec 2026"."""
    return _("%(start)s to %(end)s") % {
        "start": short_date(s.period.start),
        "end": short_date(s.period.end),
    }


def _front(w: _Writer, s: Summary) -> None:
    """Page 1: the note a therapist files or pastes."""
    p = w.pdf
    c = s.child
    p.set_font(FONT, "B", 16)
    # multi_cell: a longer title or line in another language wraps instead of running off
    p.multi_cell(
        WIDTH,
        8,
        _("Progress note: home fine-motor practice"),
        new_x="LMARGIN",
        new_y="NEXT",
        align="L",
    )
    p.set_font(FONT, "", 8.5)
    p.set_text_color(*MUTED)
    made = f"{short_date(s.generated_at.date())} {s.generated_at:%H:%M}"
    p.multi_cell(
        WIDTH,
        4.5,
        _(
            "Tiny Hands %(version)s · from the practice data on this device · report made "
            "%(made)s (this computer's clock)"
        )
        % {"version": s.app_version, "made": made},
        new_x="LMARGIN",
        new_y="NEXT",
        align="L",
    )
    p.set_text_color(*INK)
    if s.clock_note:
        p.set_text_color(150, 70, 40)
        p.multi_cell(WIDTH, 4.3, s.clock_note, new_x="LMARGIN", new_y="NEXT", align="L")
        p.set_text_color(*INK)
    p.ln(1.5)
    name = clean(c.name) + ("  " + _("(pseudonym)") if c.pseudonymised else "")
    if c.pseudonymised:
        second = _("left out (pseudonymised report)")
        dob = _("left out")
    else:
        second = clean(c.record_number) if c.record_number else _("not recorded")
        dob = (
            short_date(c.date_of_birth)
            if c.date_of_birth
            else (
                _("not recorded (born %(year)s)") % {"year": c.birth_year}
                if c.birth_year
                else _("not recorded")
            )
        )
    hand = (
        _(HANDEDNESS_WORDS[c.handedness])
        if c.handedness in HANDEDNESS_WORDS
        else (c.handedness if c.handedness and c.handedness != "unknown" else _("not recorded"))
    )
    grid = [
        (_("Child"), name, _("Record number"), second),
        (_("Date of birth"), dob, _("Handedness"), hand),
        (
            _("Therapist"),
            clean(_missing(c.therapist)),
            # TRANSLATORS: the clinic or practice where the therapist works
            pgettext("the clinic", "Practice"),
            clean(_missing(c.practice)),
        ),
        (
            _("Period"),
            f"{_period_words(s)} ("
            + ngettext("%(n)d day", "%(n)d days", s.period.days) % {"n": s.period.days}
            + ")",
            _("Referral"),
            clean(_missing(c.referral_reason))[:160],
        ),
    ]
    half = WIDTH / 2
    p.set_font(FONT, "B", 8.8)
    # the labels' columns as wide as their longest word in the report's language
    w1 = max(24.0, max(p.get_string_width(row[0]) for row in grid) + 2)
    w2 = max(28.0, max(p.get_string_width(row[2]) for row in grid) + 2)
    for l1, v1, l2, v2 in grid:
        y = p.get_y()
        p.set_font(FONT, "B", 8.8)
        p.cell(w1, 4.6, l1)
        p.set_font(FONT, "", 8.8)
        p.multi_cell(half - w1 - 2, 4.6, v1, new_x="LMARGIN", new_y="NEXT", align="L")
        y1 = p.get_y()
        p.set_xy(MARGIN + half, y)
        p.set_font(FONT, "B", 8.8)
        p.cell(w2, 4.6, l2)
        p.set_font(FONT, "", 8.8)
        p.multi_cell(half - w2, 4.6, v2, new_x="LMARGIN", new_y="NEXT", align="L")
        p.set_y(max(y1, p.get_y()) + 0.4)
    p.set_draw_color(*RULE)
    p.line(MARGIN, p.get_y() + 0.6, MARGIN + WIDTH, p.get_y() + 0.6)
    p.ln(2)
    pr = s.program
    if pr.set_by and pr.set_on:
        by = _("set by %(who)s on %(day)s") % {
            "who": clean(pr.set_by),
            "day": short_date(pr.set_on),
        }
    elif pr.set_by:
        by = _("set by %(who)s") % {"who": clean(pr.set_by)}
    elif pr.set_on:
        by = _("set by: not recorded, on %(day)s") % {"day": short_date(pr.set_on)}
    else:
        by = _("set by: not recorded")
    labels = [
        _("Prescribed"),
        _("Adherence"),
        _("Screen"),
        _("Goals"),
        _("Change"),
        _("At a bound"),
        _("Cannot tell"),
    ] + [_("Goal %(goal)s") % {"goal": g.goal_id} for g in s.goals]
    p.set_font(FONT, "B", 8.8)
    label_w = max(30.0, max(p.get_string_width(x) for x in labels) + 2)
    w.labelled(
        _("Prescribed"),
        ngettext(
            "%(minutes)s a day, %(days)d day a week: %(games)s (%(by)s).",
            "%(minutes)s a day, %(days)d days a week: %(games)s (%(by)s).",
            pr.days_per_week,
        )
        % {
            "minutes": minutes_words(pr.minutes_per_day),
            "days": pr.days_per_week,
            "games": ", ".join(pr.games),
            "by": by,
        },
        label_w=label_w,
    )
    w.labelled(
        _("Adherence"),
        s.observations[0] if s.observations else _("No home practice recorded."),
        label_w=label_w,
    )
    w.labelled(_("Screen"), s.screen.words, label_w=label_w)
    if s.goals:
        for g in s.goals:
            desc = clean(g.description) if g.description else g.target
            w.labelled(
                _("Goal %(goal)s") % {"goal": g.goal_id},
                # TRANSLATORS: the goal in the therapist's words, its target, its status line
                _("%(description)s: %(target)s. %(line)s")
                % {"description": desc, "target": g.target, "line": g.line},
                size=8.2,
                label_w=label_w,
            )
    else:
        w.labelled(_("Goals"), _("No goals are recorded for this child."), label_w=label_w)
    for g in s.games:
        w.labelled(_("Change") if g is s.games[0] else "", g.key_change, size=8.3, label_w=label_w)
    notices = [n for g in s.games for n in g.bound_notices]
    for n in notices:
        w.labelled(_("At a bound") if n is notices[0] else "", n, size=8.3, label_w=label_w)
    w.labelled(_("Cannot tell"), " ".join(s.limits), size=8.0, label_w=label_w)
    _clinician(w)


def _clinician(w: _Writer) -> None:
    """The clinician's part, left for them to write, with signature and date lines."""
    p = w.pdf
    rows = (
        (_("Subjective (caregiver's report)"), 2),
        (_("Assessment"), 2),
        (_("Plan"), 2),
    )
    # A writing line is 6.5 mm; where a longer language leaves a little less room on the
    # first page, 5.5 mm lines, and then the first two parts side by side, keep the section
    # on the page that gets filed.
    layouts = ((6.5, False), (5.5, False), (5.5, True))
    for step, paired in layouts:
        parts = [rows[0][1], rows[2][1]] if paired else [n for _label, n in rows]
        need = 8 + sum(4.5 + step * n for n in parts) + 14
        if p.get_y() + need <= p.page_break_trigger:
            break
    else:
        step, paired = layouts[0]  # on the next page, at full size
        need = 8 + sum(4.5 + step * n for _label, n in rows) + 14
    w.room(need)
    p.ln(1)
    p.set_font(FONT, "B", 10.5)
    p.cell(WIDTH, 6, _("For the clinician (to complete)"), new_x="LMARGIN", new_y="NEXT")
    p.set_draw_color(*RULE)
    columns = (
        [
            [(rows[0], MARGIN, WIDTH / 2 - 4), (rows[1], MARGIN + WIDTH / 2 + 4, WIDTH / 2 - 4)],
            [(rows[2], MARGIN, WIDTH)],
        ]
        if paired
        else [[(row, MARGIN, WIDTH)] for row in rows]
    )
    for line_of_parts in columns:
        top = p.get_y()
        bottom = top
        for (label, n), x, width in line_of_parts:
            p.set_xy(x, top)
            p.set_font(FONT, "B", 8.5)
            p.cell(width, 4.5, label, new_x="LEFT", new_y="NEXT")
            for _line in range(n):
                y = p.get_y() + step - 0.7
                p.line(x, y, x + width, y)
                p.set_xy(x, y + 0.7)
            bottom = max(bottom, p.get_y())
        p.set_xy(MARGIN, bottom)
    p.ln(7)
    y = p.get_y()
    p.set_draw_color(*INK)
    for x0, x1, label in (
        (MARGIN, MARGIN + 80, _("Therapist's signature")),
        (MARGIN + 88, MARGIN + 140, _("Name")),
        (MARGIN + 148, MARGIN + WIDTH, _("Date")),
    ):
        p.line(x0, y, x1, y)
        p.set_xy(x0, y + 0.5)
        p.set_font(FONT, "", 7.5)
        p.set_text_color(*MUTED)
        p.cell(x1 - x0, 4, label)
    p.set_text_color(*INK)
    p.set_xy(MARGIN, y + 6)
    p.set_font(FONT, "", 9.5)


def _month_words(year: int, month: int) -> str:
    """ "December 2026", "Diciembre 2026", "Décembre 2026": a calendar's title."""
    from datetime import date

    from babel.dates import format_date

    text = format_date(date(year, month, 1), "LLLL y", locale=language())
    return text[:1].upper() + text[1:]


def _weekday_letters() -> list[str]:
    """Monday to Sunday in one letter each ("MTWTFSS", "LMXJVSD", "LMMJVSD")."""
    from babel.dates import get_day_names

    names = get_day_names("narrow", context="stand-alone", locale=language())
    return [names[i].upper() for i in range(7)]


def _calendar(w: _Writer, s: Summary) -> None:
    """Month grids: each day coloured by practice, outside-the-period days left blank."""
    p = w.pdf
    status = {d.day: d for d in s.adherence.days}
    months: list[tuple[int, int]] = []
    y, m = s.period.start.year, s.period.start.month
    while (y, m) <= (s.period.end.year, s.period.end.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    cell, gap, per_row = 5.6, 6.0, 4
    month_w = 7 * cell
    month_h = 5 + 4 + 6 * cell
    for row_start in range(0, len(months), per_row):
        w.room(month_h + 4)
        top = p.get_y()
        for i, (yy, mm) in enumerate(months[row_start : row_start + per_row]):
            left = MARGIN + i * (month_w + gap)
            p.set_xy(left, top)
            p.set_font(FONT, "B", 8)
            p.cell(month_w, 5, _month_words(yy, mm), align="C")
            p.set_font(FONT, "", 6)
            p.set_text_color(*MUTED)
            for k, dn in enumerate(_weekday_letters()):
                p.set_xy(left + k * cell, top + 5)
                p.cell(cell, 4, dn, align="C")
            weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(yy, mm)
            for r, week in enumerate(weeks):
                for k, day in enumerate(week):
                    if day.month != mm:
                        continue
                    x, yy0 = left + k * cell, top + 9 + r * cell
                    d = status.get(day)
                    if d is not None:
                        p.set_fill_color(*STATUS_FILL[d.status])
                        p.set_draw_color(*RULE)
                        p.rect(x + 0.3, yy0 + 0.3, cell - 0.6, cell - 0.6, style="DF")
                        light = d.status in ("practised",)
                        p.set_text_color(*((255, 255, 255) if light else INK))
                    else:
                        p.set_text_color(190, 196, 204)
                    p.set_xy(x, yy0 + 0.6)
                    p.cell(cell, cell - 1.2, str(day.day), align="C")
            p.set_text_color(*INK)
        p.set_xy(MARGIN, top + month_h + 1)
    # Legend
    p.set_font(FONT, "", 7.5)
    x = MARGIN
    for key, words in (
        ("practised", _("prescribed time reached")),
        ("short", _("shorter practice")),
        ("rest", _("rest day (kept the streak)")),
        ("missed", _("no practice")),
    ):
        p.set_fill_color(*STATUS_FILL[key])
        p.set_draw_color(*RULE)
        p.rect(x, p.get_y() + 1, 3.5, 3.5, style="DF")
        p.set_x(x + 4.5)
        p.cell(p.get_string_width(words) + 2, 5.5, words)
        x = p.get_x() + 4
    p.ln(8)


def _adherence(w: _Writer, s: Summary) -> None:
    a = s.adherence
    median = (
        minutes_words(a.median_minutes_on_practice_days)
        if a.median_minutes_on_practice_days is not None
        else "–"
    )
    head = [
        _("Days practised"),
        _("Prescribed time reached"),
        _("Home minutes"),
        _("Typical day"),
        _("Streak"),
    ]
    of = {"met": a.days_meeting_prescription, "expected": a.expected_days}
    of["pct"] = pct(a.days_meeting_prescription, a.expected_days)
    rows = [
        [
            _("%(part)d of %(whole)d") % {"part": a.days_with_practice, "whole": a.days_in_period},
            ngettext(
                "%(met)d of %(expected)d expected day (%(pct)s)",
                "%(met)d of %(expected)d expected days (%(pct)s)",
                a.expected_days,
            )
            % of,
            fmt_value(a.total_minutes, "min")
            + (
                " "
                + _("(graded tasks: %(minutes)s, not counted)")
                % {"minutes": fmt_value(a.graded_minutes, "min")}
                if a.graded_minutes
                else ""
            ),
            median,
            ngettext(
                "%(n)d day at the end (longest %(longest)d)",
                "%(n)d days at the end (longest %(longest)d)",
                a.streak_at_end,
            )
            % {"n": a.streak_at_end, "longest": a.longest_streak}
            + pgettext("between clauses", "; ")
            + ngettext("%(n)d rest day", "%(n)d rest days", a.rest_days) % {"n": a.rest_days},
        ]
    ]
    widths = [21, 24, 22, 13, 24]
    w.h1(_("1. Home practice"), next_h=w.keep_h(head, rows, widths))
    w.table(head, rows, widths)
    if a.expected_from > s.period.start:
        w.para(
            _("Expected days count from %(day)s, when the child was first seen on this device.")
            % {"day": short_date(a.expected_from)},
            size=8,
            colour=MUTED,
        )
    if a.days_in_period >= 3:
        w.image(w.chart("minutes_chart", a))
    w.para(
        _(
            "Minutes are active play time at home. Streaks forgive one missed day in seven (a "
            "rest day)."
        ),
        size=8,
        colour=MUTED,
    )
    _calendar(w, s)


def _value_cell(v: float | None, unit: str) -> str:
    return fmt_value(v, unit) if v is not None else "–"


RESULT_WORDS = {
    "improved": N_("improved"),
    "worsened": N_("worsened"),
    "no_clear_change": N_("no clear change"),
    "too_few_trials": N_("too few trials to test"),
    "task_changed": N_("not comparable: the task changed"),
    "cannot_vary": N_("did not vary"),
}


def _flat(m: Any) -> bool:
    """A chart with nothing to show: nine in ten days at one value."""
    common = max(Counter(d.median for d in m.days).values())
    return common >= 0.9 * len(m.days)


def _game(w: _Writer, g: GameSummary, load_trial: Callable[[int], Trial]) -> None:
    rate = f"{fmt_number(round(100 * g.success_rate))} %" if g.success_rate is not None else "–"
    head = [
        _("Trials"),
        _("Practice"),
        _("Warm-ups"),
        _("Graded-task trials"),
        _("Successful practice"),
        _("Days"),
    ]
    rows = [
        [
            str(g.trials),
            str(g.practice_trials),
            str(g.warmup_trials),
            str(g.graded_trials),
            _("%(part)d of %(whole)d (%(pct)s)")
            % {"part": g.practice_successes, "whole": g.practice_trials, "pct": rate},
            str(g.days_played),
        ]
    ]
    widths = [12, 15, 18, 20, 25, 10]
    w.h2(g.name, next_h=12 + w.keep_h(head, rows, widths))
    if g.skill:
        w.para(g.skill, size=8.5, colour=MUTED)
    rule = g.success_rule or _("not stated by the game")
    w.para(
        _(
            "Success (%(rule_id)s): %(rule)s. Success rates count practice trials that moved "
            "the difficulty; warm-ups and graded tasks are left out."
        )
        % {"rule_id": g.success_rule_id or _("rule"), "rule": rule.rstrip(".")},
        size=8.5,
    )
    w.table(head, rows, widths)
    w.bullets(g.sentences, size=9)
    if g.bound_notices:
        w.bullets(g.bound_notices, size=9)
    if g.task:
        img = w.chart("task_chart", g)
        w.h3(_("The task presented (each trial; what the child was shown)"), w.image_h(img))
        w.image(img)
    if g.presented:
        head = [_("Presented"), _("First"), _("Last")]
        rows = [
            [
                c.label + (" " + _("(key)") if c.key else ""),
                _value_cell(c.first, c.unit),
                _value_cell(c.last, c.unit),
            ]
            for c in g.presented
        ]
        widths = [60, 20, 20]
        each = g.presented[0].trials_each
        w.h3(
            ngettext(
                "The task, first and last (median of %(n)d practice trial each)",
                "The task, first and last (median of %(n)d practice trials each)",
                each,
            )
            % {"n": each},
            w.keep_h(head, rows, widths),
        )
        w.table(head, rows, widths)
    shown = [m for m in g.metrics if m.direction != "cannot_vary"]
    if g.metrics:
        head = [_("Measure"), _("Compared"), _("First"), _("Last"), _("Result"), _("Test")]
        rows = [
            [
                m.label
                + (
                    f" ({unit_words(m.unit)})"
                    if m.unit
                    and m.unit != "count"
                    and m.unit not in m.label
                    and not m.unit.startswith("per ")
                    else ""
                ),
                m.basis_words or m.basis,
                _value_cell(m.first_median, m.unit),
                _value_cell(m.last_median, m.unit),
                _(RESULT_WORDS[m.direction]),
                m.test,
            ]
            for m in g.metrics
        ]
        widths = [34, 26, 13, 13, 17, 30]
        w.h3(
            _("Key measures (practice trials, warm-ups left out)"), w.keep_h(head, rows, widths, 8)
        )
        w.table(head, rows, widths, size=8)
    charted = [m for m in shown if len(m.days) >= 3 and not _flat(m)]
    if charted:
        img = w.chart("metrics_chart", g, charted)
        w.h3(
            _("Key measures by day (practice: median of the day; graded tasks apart)"),
            w.image_h(img),
        )
        w.image(img)
    if g.traces:
        trials = [load_trial(p.trial_id) for p in g.traces]
        img = w.chart("traces_figure", g, g.traces, trials)
        w.h3(
            _(
                "Traces over their templates: the first, a typical (median score) and the last "
                "practice trial, to scale"
            ),
            w.image_h(img) + 8,
        )
        w.image(img)
        if g.score_text:
            w.para(g.score_text[0].upper() + g.score_text[1:] + ".", size=8, colour=MUTED)
    if g.graded_tasks:
        first = g.graded_tasks[0]
        metric_names = list(first.metrics)[:2]
        head = [_("Date"), _("Task"), _("Cue level"), _("Successful")] + [
            first.labels.get(n, n) for n in metric_names
        ]
        rows = [
            [
                short_date(t.day),
                ", ".join(
                    x
                    for x in (
                        item_words(t.item) if t.item else "",
                        f"{t.key_label} {fmt_value(t.key_value, t.key_unit)}"
                        if t.key_value is not None
                        else _("difficulty %(value)s") % {"value": f"{t.difficulty:.2f}"},
                    )
                    if x
                ),
                cue_words(t.cue_level),
                _("%(part)d of %(whole)d") % {"part": t.successes, "whole": t.trials},
            ]
            + [
                fmt_value(t.metrics[n], t.units.get(n, "")) if n in t.metrics else "–"
                for n in metric_names
            ]
            for t in g.graded_tasks
        ]
        widths = [18, 34, 20, 17] + [22] * len(metric_names)
        w.h3(
            _("Graded tasks (a fixed grade in session, shown apart from practice)"),
            w.keep_h(head, rows, widths),
        )
        w.table(head, rows, widths)
    if g.not_observed:
        w.para(
            _("Not observed in this game: %(what)s.") % {"what": clauses(g.not_observed)},
            size=8,
            colour=MUTED,
        )


def _goals(w: _Writer, s: Summary) -> None:
    if not s.goals:
        w.h1(_("3. Goals"))
        w.para(_("No goals are recorded for this child."))
        return
    head = [
        _("Goal"),
        _("Set, start, target"),
        _("Counts"),
        _("Baseline"),
        _("Result"),
        _("Status"),
        _("GAS"),
    ]
    rows = []
    for g in s.goals:
        gas = "–"
        if g.gas is not None:
            if g.gas.level is None:
                gas = (
                    _("not rated (%(why)s)") % {"why": g.gas.why_not}
                    if g.gas.why_not
                    else _("not rated")
                )
            else:
                gas = _("%(term)s: %(definition)s") % {
                    "term": f"{g.gas.level:+d}",
                    "definition": clean(g.gas.words),
                }
                if g.gas.why_not:
                    gas += f" ({g.gas.why_not})"
        desc = clean(g.description) if g.description else g.metric
        day = {"day": short_date(g.set_on), "who": clean(g.set_by)}
        dates = (
            _("set %(day)s by %(who)s") % day
            if g.set_by
            else _("set %(day)s; set by not recorded") % day
        )
        if g.start != g.set_on:
            dates += pgettext("between clauses", "; ") + _("starts %(day)s") % {
                "day": short_date(g.start)
            }
        dates += pgettext("between clauses", "; ") + (
            _("target %(day)s") % {"day": short_date(g.target_date)}
            if g.target_date
            else _("no target date")
        )
        ids = g.evidence_trial_ids or g.baseline_trial_ids
        result = g.result + (
            " " + _("Trials %(ids)s.") % {"ids": ", ".join(f"#{i}" for i in ids)} if ids else ""
        )
        rows.append(
            [
                f"{g.goal_id}. "
                + _("%(term)s: %(definition)s") % {"term": desc, "definition": g.target}
                + (
                    ""
                    if g.stored_status == "active"
                    else f" ({_(GOAL_STATUS_WORDS.get(g.stored_status, g.stored_status))})"
                ),
                dates,
                g.conditions,
                g.baseline,
                result,
                _(STATE_WORDS[g.state]),
                gas,
            ]
        )
    widths = [30, 20, 22, 20, 36, 17, 29]
    w.h1(_("3. Goals in detail"), next_h=w.keep_h(head, rows, widths, 7.5))
    w.table(head, rows, widths, size=7.5)
    if s.gas_basis:
        w.para(s.gas_basis, size=8.5)


def _about(w: _Writer, s: Summary) -> None:
    w.h1(_("5. About these measures"), next_h=40)
    w.bullets(s.notes, size=8.5)
    if s.inputs:
        w.h3(_("Inputs used"), 15)
        w.bullets(
            [
                f"{u.not_observed} "
                + ngettext("%(n)d session.", "%(n)d sessions.", u.sessions) % {"n": u.sessions}
                + (
                    " "
                    + _("Not measured with this input: %(measures)s.")
                    % {"measures": ", ".join(u.not_measured)}
                    if u.not_measured
                    else ""
                )
                for u in s.inputs
            ],
            size=8.5,
        )
    w.h3(_("Screen"), 10)
    w.para(s.screen.words, size=8.5)
    if s.glossary:
        w.h3(_("What the measures mean"), 20)
        w.bullets(
            [
                # TRANSLATORS: a term and what it means ("Pen lifts: times the pen left ...")
                _("%(term)s: %(definition)s")
                % {"term": e.term, "definition": _sentence(e.definition)}
                for e in s.glossary
            ],
            size=8.5,
        )


def _sentence(words: str) -> str:
    """``words`` ending in one full stop (definitions come written as sentences or not)."""
    words = words.rstrip()
    return words if words.endswith((".", "!", "?")) else words + "."


def render_pdf(
    summary: Summary, load_trial: Callable[[int], Trial], costs: Costs | None = None
) -> bytes:
    """The report as PDF bytes; ``load_trial`` fetches one trial with its samples.
    ``costs``, when given, is filled with the seconds each part took (the garbage
    collection at the end counts as layout)."""
    costs = Costs() if costs is None else costs
    with costs.part("layout"), collector_paused():
        return _render(summary, load_trial, costs)


def _write(pdf: Any, costs: Costs) -> bytes:
    with costs.part("write"):
        return bytes(pdf.output())


def _render(s: Summary, load_trial: Callable[[int], Trial], costs: Costs) -> bytes:
    pdf = _new_pdf(s, costs)
    w = _Writer(pdf, costs)
    _front(w, s)
    if s.empty:
        w.h1(_("No practice recorded"))
        w.para(
            _(
                "No practice was recorded between %(start)s and %(end)s. Check the dates, or "
                "that the child's practice was done on this device."
            )
            % {"start": short_date(s.period.start), "end": short_date(s.period.end)}
        )
        return _write(pdf, costs)
    pdf.add_page()
    _adherence(w, s)
    w.h1(_("2. Each game"), next_h=60)
    if not s.games:
        w.para(_("No game trials were recorded in this period."))
    for g in s.games:
        _game(w, g, load_trial)
    _goals(w, s)
    w.h1(_("4. What the data suggests next"), next_h=20)
    w.bullets(s.suggestions)
    _about(w, s)
    return _write(pdf, costs)


def write_pdf(path: Path, summary: Summary, load_trial: Callable[[int], Trial]) -> Path:
    return write_atomic(Path(path), render_pdf(summary, load_trial))


__all__ = ["Costs", "clean", "render_pdf", "write_pdf"]
