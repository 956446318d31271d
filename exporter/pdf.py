"""The PDF a therapist files, laid out as a therapist writes (SOAP order):

1. what the family did (home practice: adherence, streak, calendar),
2. what was measured (per game: difficulty reached, key measures, graded tasks, traces),
3. how it stands against the goals ("N of M trials", GAS level, T score),
4. what the data suggests next (carefully worded), then what these measures are and are not.

fpdf2 and matplotlib are imported only here, inside functions, so the app never pays for
them. Text a user typed (names, goal words) goes through ``clean`` and is only ever placed
as plain text: no markup, HTML or markdown is interpreted.
"""

from __future__ import annotations

import calendar
import functools
import os
import secrets
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from exporter.files import write_atomic
from exporter.summary import GameSummary, Summary
from exporter.wording import cue_words, fmt_value, item_words, pct, plural, short_date
from progress.models import Trial

FONT = "DejaVu"
MARGIN = 15.0
WIDTH = 210.0 - 2 * MARGIN
INK = (31, 42, 54)
MUTED = (91, 103, 118)
RULE = (200, 207, 215)
HEAD_FILL = (232, 238, 245)
STATUS_FILL = {
    "practised": (58, 154, 91),
    "short": (224, 160, 48),
    "rest": (190, 214, 235),
    "missed": (255, 255, 255),
}
GOAL_WORDS = {"met": "Met", "not_yet": "Not yet", "not_enough_trials": "Not rated"}
INPUT_WORDS = {
    "mouse": "Mouse: position and time only; a mouse has no pressure or tilt.",
    "touch": "Touch (finger): position and time only; a finger gives no pressure or tilt.",
    "pen": "Pen (stylus): position and time, and pressure where the pen reports it.",
}


def _font_paths() -> tuple[str, str]:
    import matplotlib

    base = os.path.join(matplotlib.get_data_path(), "fonts", "ttf")
    return os.path.join(base, "DejaVuSans.ttf"), os.path.join(base, "DejaVuSans-Bold.ttf")


@functools.cache
def _covered() -> frozenset[int]:
    """Code points the report font can draw (both weights share DejaVu's coverage)."""
    from fontTools.ttLib import TTFont

    with TTFont(_font_paths()[0], lazy=True) as font:
        return frozenset(font.getBestCmap())


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


def _needs_shaping(summary: Summary) -> bool:
    """True when typed text (a name, a goal) is in a script that needs shaping: right-to-
    left letters, combining marks, Indic scripts. Shaping costs ~0.8 s on a year's report,
    so Latin-only reports go without."""
    import unicodedata

    for ch in summary.model_dump_json():
        if ord(ch) < 0x0590:
            continue
        if unicodedata.bidirectional(ch) in ("R", "AL") or unicodedata.category(ch) == "Mn":
            return True
        if 0x0900 <= ord(ch) <= 0x0DFF:
            return True
    return False


def _new_pdf(summary: Summary) -> Any:
    from fpdf import FPDF

    footer_text = clean(
        f"Tiny Hands practice summary · {summary.child.name} · "
        f"{short_date(summary.period.start)} to {short_date(summary.period.end)}"
    )

    class Report(FPDF):  # type: ignore[misc]
        def footer(self) -> None:
            self.set_y(-11)
            self.set_font(FONT, "", 7)
            self.set_text_color(*MUTED)
            self.cell(WIDTH * 0.86, 5, footer_text[:140], align="L")
            self.cell(WIDTH * 0.14, 5, f"page {self.page_no()} of {nb_alias}", align="L")

    pdf = Report(format="A4", unit="mm")
    # fpdf replaces its page-count alias anywhere in the text, names included: a random
    # alias per document means no typed text can ever match it.
    nb_alias = "{" + secrets.token_hex(3) + "}"
    pdf.alias_nb_pages(nb_alias)
    regular, bold = _font_paths()
    pdf.add_font(FONT, "", regular)
    pdf.add_font(FONT, "B", bold)
    if _needs_shaping(summary):
        try:  # HarfBuzz joins Arabic letters and orders right-to-left text correctly
            pdf.set_text_shaping(True)
        except Exception:  # noqa: BLE001 - without uharfbuzz the text is still all there
            pass
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_title("Tiny Hands practice summary")
    pdf.set_creator("Tiny Hands")
    pdf.set_font(FONT, "", 9.5)
    pdf.set_text_color(*INK)
    pdf.add_page()
    return pdf


class _Writer:
    """Small layout helpers over fpdf: headings, paragraphs, bullets, images, tables."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf

    def room(self, h: float) -> None:
        if self.pdf.get_y() + h > self.pdf.page_break_trigger:
            self.pdf.add_page()

    def h1(self, text: str) -> None:
        self.room(30)
        p = self.pdf
        p.ln(3)
        p.set_font(FONT, "B", 13)
        p.set_text_color(*INK)
        p.cell(WIDTH, 8, text, new_x="LMARGIN", new_y="NEXT")
        p.set_draw_color(*RULE)
        p.line(MARGIN, p.get_y(), MARGIN + WIDTH, p.get_y())
        p.ln(2)
        p.set_font(FONT, "", 9.5)

    def h2(self, text: str, min_room: float = 40) -> None:
        self.room(min_room)
        p = self.pdf
        p.ln(1.5)
        p.set_font(FONT, "B", 10.5)
        p.multi_cell(WIDTH, 6, text, new_x="LMARGIN", new_y="NEXT")
        p.set_font(FONT, "", 9.5)

    def para(self, text: str, size: float = 9.5, colour: tuple[int, int, int] = INK) -> None:
        p = self.pdf
        p.set_font(FONT, "", size)
        p.set_text_color(*colour)
        p.multi_cell(WIDTH, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        p.set_text_color(*INK)
        p.ln(1)

    def bullets(self, items: list[str], size: float = 9.5) -> None:
        p = self.pdf
        p.set_font(FONT, "", size)
        for text in items:
            self.room(size * 0.5 * 2)
            p.cell(5, size * 0.5, "•")
            p.multi_cell(WIDTH - 5, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
            p.ln(0.8)

    def image(self, img: Any, width: float = WIDTH) -> None:
        h = width * img.height / img.width
        self.room(h + 2)
        self.pdf.image(img, x=MARGIN, y=self.pdf.get_y(), w=width, h=h)
        self.pdf.set_y(self.pdf.get_y() + h + 1.5)

    def table(
        self, head: list[str], rows: list[list[str]], widths: list[float], size: float = 8.5
    ) -> None:
        from fpdf.fonts import FontFace

        p = self.pdf
        p.set_font(FONT, "", size)
        self.room(8 + 6 * min(3, len(rows)))
        with p.table(
            col_widths=widths,
            width=WIDTH,
            line_height=size * 0.5,
            padding=1.2,
            headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL),
            borders_layout="HORIZONTAL_LINES",
            text_align="LEFT",
        ) as t:
            r = t.row()
            for h in head:
                r.cell(h)
            for row in rows:
                r = t.row()
                for cell in row:
                    r.cell(cell)
        p.ln(2)
        p.set_font(FONT, "", 9.5)


def _header(w: _Writer, s: Summary) -> None:
    p = w.pdf
    p.set_font(FONT, "B", 17)
    p.cell(WIDTH, 9, "Practice summary", new_x="LMARGIN", new_y="NEXT")
    p.set_font(FONT, "", 9)
    p.set_text_color(*MUTED)
    p.cell(WIDTH, 5, "Tiny Hands · fine-motor practice at home", new_x="LMARGIN", new_y="NEXT")
    p.set_text_color(*INK)
    p.ln(2)
    a = s.adherence
    child = clean(s.child.name)
    if s.child.pseudonymised:
        child += "   (pseudonym)"
    elif s.child.birth_year:
        child += f"   (born {s.child.birth_year})"
    if s.child.handedness and s.child.handedness != "unknown":
        child += f" · {s.child.handedness}-handed"
    rows = [
        ("Child", child),
        (
            "Period",
            f"{short_date(s.period.start)} to {short_date(s.period.end)} "
            f"({plural(s.period.days, 'day')})",
        ),
        (
            "Home program",
            f"{fmt_value(a.prescribed_minutes_per_day, 'minutes')} a day, "
            f"{a.prescribed_days_per_week} days a week",
        ),
        ("Devices", ", ".join(clean(d) for d in s.devices) or "none recorded"),
        ("Report made", f"{short_date(s.generated_at.date())} {s.generated_at:%H:%M}"),
    ]
    for label, value in rows:
        p.set_font(FONT, "B", 9.5)
        p.cell(32, 5.5, label)
        p.set_font(FONT, "", 9.5)
        p.multi_cell(WIDTH - 32, 5.5, value, new_x="LMARGIN", new_y="NEXT")
    if s.inputs:
        p.set_font(FONT, "B", 9.5)
        p.cell(32, 5.5, "Inputs used")
        p.set_font(FONT, "", 9.5)
        lines = []
        for u in s.inputs:
            line = INPUT_WORDS.get(u.input_kind, f"{clean(u.input_kind)}: position and time.")
            line += f" {u.sessions} session{'s' if u.sessions != 1 else ''}."
            if u.not_measured:
                line += " Not measured with this input: " + ", ".join(u.not_measured) + "."
            lines.append(line)
        p.multi_cell(WIDTH - 32, 5, "\n".join(lines), new_x="LMARGIN", new_y="NEXT")
    p.ln(2)


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
            p.cell(month_w, 5, f"{calendar.month_name[mm]} {yy}", align="C")
            p.set_font(FONT, "", 6)
            p.set_text_color(*MUTED)
            for k, dn in enumerate("MTWTFSS"):
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
        ("practised", "prescribed time reached"),
        ("short", "shorter practice"),
        ("rest", "rest day (kept the streak)"),
        ("missed", "no practice"),
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
    w.h1("1. What the family did: home practice")
    median = (
        fmt_value(a.median_minutes_on_practice_days, "minutes")
        if a.median_minutes_on_practice_days is not None
        else "–"
    )
    w.table(
        ["Days practised", "Prescribed time reached", "Minutes in all", "Typical day", "Streak"],
        [
            [
                f"{a.days_with_practice} of {a.days_in_period}",
                f"{a.days_meeting_prescription} of {a.expected_days} expected days "
                f"({pct(a.days_meeting_prescription, a.expected_days)})",
                fmt_value(a.total_minutes, "min"),
                median,
                f"{plural(a.streak_at_end, 'day')} at the end (longest {a.longest_streak}); "
                f"{a.rest_days} rest day{'s' if a.rest_days != 1 else ''}",
            ]
        ],
        [18, 24, 16, 16, 26],
    )
    w.image(_charts().minutes_chart(a))
    w.para(
        "Streaks forgive one missed day in seven (a rest day); minutes are active play time.",
        size=8,
        colour=MUTED,
    )
    _calendar(w, s)


def _charts() -> Any:
    from exporter import charts

    return charts


def _game(w: _Writer, g: GameSummary, load_trial: Callable[[int], Trial]) -> None:
    charts = _charts()
    w.h2(f"{g.name}", min_room=60)
    if g.skill:
        w.para(g.skill, size=8.5, colour=MUTED)
    rate = f"{100 * g.success_rate:.0f} %" if g.success_rate is not None else "–"
    w.table(
        ["Trials", "Practice", "Successful (practice)", "Graded-task trials", "Days played"],
        [
            [
                str(g.trials),
                str(g.practice_trials),
                f"{g.practice_successes} ({rate})",
                str(g.graded_trials),
                str(g.days_played),
            ]
        ],
        [16, 16, 24, 22, 20],
    )
    w.bullets(g.sentences[1:])
    if g.difficulty_days:
        w.h2("Difficulty reached", min_room=70)
        w.image(charts.difficulty_chart(g))
    if g.traces:
        trials = [load_trial(p.trial_id) for p in g.traces]
        w.h2("Traces over their templates (the shaded road is the band, to scale)", min_room=80)
        w.image(charts.traces_figure(g, g.traces, trials))
    if g.metrics and any(m.days for m in g.metrics):
        w.h2("Key measures (practice; graded tasks in red)", min_room=110)
        w.image(charts.metrics_chart(g))
        w.table(
            ["Measure", "Start", "End", "Change", "Better"],
            [
                [
                    f"{m.label}" + (f" ({m.unit})" if m.unit and m.unit != "count" else ""),
                    fmt_value(m.first_median, m.unit) if m.first_median is not None else "–",
                    fmt_value(m.last_median, m.unit) if m.last_median is not None else "–",
                    m.direction.replace("_", " "),
                    m.better,
                ]
                for m in g.metrics
            ],
            [40, 14, 14, 18, 12],
        )
    if g.graded_tasks:
        w.h2("Graded tasks (a fixed grade, shown apart from practice)", min_room=40)
        kp = g.key_param
        metric_names = [m.name for m in g.metrics][:2]
        labels = {m.name: m for m in g.metrics}
        w.table(
            ["Date", "Task", "Cue level", "Successful"] + [labels[n].label for n in metric_names],
            [
                [
                    short_date(t.day),
                    ", ".join(
                        x
                        for x in (
                            item_words(t.item) if t.item else "",
                            f"{fmt_value(t.key_value, kp.unit)} {kp.label}"
                            if kp and t.key_value is not None
                            else f"difficulty {t.difficulty:.2f}",
                        )
                        if x
                    ),
                    cue_words(t.cue_level),
                    f"{t.successes} of {t.trials}",
                ]
                + [
                    fmt_value(t.metrics[n], labels[n].unit) if n in t.metrics else "–"
                    for n in metric_names
                ]
                for t in g.graded_tasks
            ],
            [18, 26, 22, 14] + [20] * len(metric_names),
        )


def _goals(w: _Writer, s: Summary) -> None:
    w.h1("3. Against the goals")
    if not s.goals:
        w.para("No goals are recorded for this child.")
        return
    rows = []
    for g in s.goals:
        gas = "–"
        if g.gas is not None:
            gas = "not rated" if g.gas.level is None else f"{g.gas.level:+d}"
            if g.gas.level is not None and g.gas.words:
                gas += f": {clean(g.gas.words)}"
        desc = clean(g.description) if g.description else g.metric
        rows.append(
            [
                f"{g.goal_id}. {desc}"
                + ("" if g.stored_status == "active" else f" ({g.stored_status})"),
                f"{g.target[0].upper()}{g.target[1:]}",
                g.result,
                GOAL_WORDS[g.state],
                gas,
            ]
        )
    w.table(["Goal", "Target", "Result", "Status", "GAS level"], rows, [30, 34, 50, 13, 28])
    if s.gas_t_score is not None:
        w.para(
            f"Combined GAS T score: {s.gas_t_score:.1f} over {s.gas_goals} goal"
            f"{'s' if s.gas_goals != 1 else ''} (50 = goals attained as expected; "
            "Kiresuk & Sherman, rho = 0.3)."
        )


def render_pdf(summary: Summary, load_trial: Callable[[int], Trial]) -> bytes:
    """The report as PDF bytes; ``load_trial`` fetches one trial with its samples."""
    s = summary
    pdf = _new_pdf(s)
    w = _Writer(pdf)
    _header(w, s)
    if s.empty:
        w.h1("No practice recorded")
        w.para(
            f"No practice was recorded between {short_date(s.period.start)} and "
            f"{short_date(s.period.end)}. Check the dates, or that the child's practice was "
            "done on this device."
        )
        return bytes(pdf.output())
    if s.observations:
        w.h2("In short", min_room=30)
        w.bullets(s.observations)
    _adherence(w, s)
    w.h1("2. What was measured")
    if not s.games:
        w.para("No game trials were recorded in this period.")
    for g in s.games:
        _game(w, g, load_trial)
    _goals(w, s)
    w.h1("4. What the data suggests next")
    w.bullets(s.suggestions)
    w.h2("About these measures", min_room=40)
    w.bullets(s.notes, size=8.5)
    return bytes(pdf.output())


def write_pdf(path: Path, summary: Summary, load_trial: Callable[[int], Trial]) -> Path:
    return write_atomic(Path(path), render_pdf(summary, load_trial))


__all__ = ["clean", "render_pdf", "write_pdf"]
