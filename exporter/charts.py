"""The report's charts and trace pictures, drawn straight into the PDF as vector graphics.

Each function returns a ``Chart``: its size in mm and how to draw it at a place on a page
(fpdf2 lines, rectangles, markers and text in the report's own font). No picture library
is loaded and no bitmap is embedded: a year's charts used to cost about 1.5 s in
matplotlib (import, draw, rasterise, embed); drawn here they cost a few hundredths, stay
sharp at any zoom, and their words are text a reader can search and copy.

What each chart shows is what a therapist reads: axes with units, date ticks that fit,
warm-ups and graded tasks apart from practice, and markers that differ in shape (filled
and open circles, crosses, diamonds) so a greyscale print still tells them apart. Every
word goes through ``exporter.i18n`` so the report's translators can catalogue it. No text a
user typed is ever drawn here: titles are built from game data, dates and numbers only.
"""

from __future__ import annotations

import functools
import math
import statistics
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from exporter.i18n import _, language, pgettext
from exporter.summary import Adherence, GameSummary, MetricTrend, TracePick
from exporter.wording import fmt_value, item_words, short_date, unit_words
from progress.models import Trial

FONT = "DejaVu"  # the face exporter.pdf adds to every report
RGB = tuple[int, int, int]
INK: RGB = (31, 42, 54)
MUTED: RGB = (59, 71, 84)
AXIS: RGB = (138, 151, 166)
GRID: RGB = (217, 222, 228)
PRACTISED: RGB = (58, 154, 91)
SHORT: RGB = (224, 160, 48)
PRACTICE_DOT: RGB = (74, 127, 193)
WARMUP_EDGE: RGB = (120, 132, 145)
GRADED: RGB = (192, 57, 43)
BAND: RGB = (223, 230, 238)
TEMPLATE: RGB = (138, 151, 166)
TRACE: RGB = (29, 79, 145)
PT = 25.4 / 72  # one typographic point in mm
TICK_PT = 8.0
LABEL_PT = 8.0
TITLE_PT = 8.5
LEGEND_PT = 8.0


@dataclass(frozen=True)
class Chart:
    """A chart laid out and ready to draw: ``draw(pdf, x, y)`` puts it with its top left
    corner at (x, y) mm; it takes ``width`` x ``height`` mm of the page."""

    width: float
    height: float
    draw: Callable[[Any, float, float], None]


# ----------------------------------------------------------------- small drawing helpers


def _ord(d: date | datetime) -> float:
    """A day (or instant) on a continuous axis: days since year 1, fractions for times."""
    if isinstance(d, datetime):
        return d.toordinal() + (d.hour * 3600 + d.minute * 60 + d.second) / 86400
    return float(d.toordinal())


def _font(pdf: Any, size_pt: float, bold: bool = False, colour: RGB = INK) -> None:
    pdf.set_font(FONT, "B" if bold else "", size_pt)
    pdf.set_text_color(*colour)


def _text(pdf: Any, x: float, y: float, s: str, align: str = "L") -> None:
    """``s`` with its baseline at ``y``; ``align`` L, C or R about ``x``."""
    if align != "L":
        w = pdf.get_string_width(s)
        x -= w / 2 if align == "C" else w
    pdf.text(x, y, s)


def _dots(pdf: Any, pts: Sequence[tuple[float, float]], diameter: float, colour: RGB) -> None:
    """Filled round markers, each a zero-length stroke with round caps: the PDF draws a
    disc of the line's width there, at a tenth of the cost of four Bezier curves each."""
    if not pts:
        return
    with pdf.local_context(stroke_cap_style="ROUND", line_width=diameter):
        pdf.set_draw_color(*colour)
        for x, y in pts:
            pdf.line(x, y, x, y)


def _rings(pdf: Any, pts: Sequence[tuple[float, float]], diameter: float, colour: RGB) -> None:
    """Open round markers (nothing filled: what lies beneath still shows)."""
    pdf.set_draw_color(*colour)
    pdf.set_line_width(0.25)
    r = diameter / 2
    for x, y in pts:
        pdf.circle(x, y, r, style="D")


def _crosses(pdf: Any, pts: Sequence[tuple[float, float]], size: float, colour: RGB) -> None:
    pdf.set_draw_color(*colour)
    pdf.set_line_width(0.35)
    h = size / 2
    for x, y in pts:
        pdf.line(x - h, y - h, x + h, y + h)
        pdf.line(x - h, y + h, x + h, y - h)


def _diamonds(pdf: Any, pts: Sequence[tuple[float, float]], size: float, colour: RGB) -> None:
    pdf.set_fill_color(*colour)
    h = size / 2
    for x, y in pts:
        pdf.polygon([(x, y - h), (x + h, y), (x, y + h), (x - h, y)], style="F")


MARKERS: dict[str, Callable[[Any, Sequence[tuple[float, float]], float, RGB], None]] = {
    "dot": _dots,
    "ring": _rings,
    "cross": _crosses,
    "diamond": _diamonds,
}


@dataclass(frozen=True)
class Key:
    """One legend entry: a marker (or ``bar``/``line``/``dashed``) in a colour, and words."""

    kind: str
    colour: RGB
    words: str
    size: float = 1.3


def _key_symbol(pdf: Any, k: Key, x: float, y_mid: float) -> float:
    """Draws the symbol of ``k`` from ``x``; returns its width."""
    if k.kind == "bar":
        pdf.set_fill_color(*k.colour)
        pdf.rect(x, y_mid - 1.3, 3.6, 2.6, style="F")
        return 3.6
    if k.kind in ("line", "dashed"):
        pdf.set_draw_color(*k.colour)
        pdf.set_line_width(0.35)
        if k.kind == "dashed":
            pdf.set_dash_pattern(1.2, 0.8)
        pdf.line(x, y_mid, x + 6, y_mid)
        pdf.set_dash_pattern()
        return 6.0
    MARKERS[k.kind](pdf, [(x + 1.5, y_mid)], k.size, k.colour)
    return 3.0


def _legend_rows(pdf: Any, keys: Sequence[Key], width: float) -> list[list[tuple[Key, float]]]:
    """The entries flowed into rows no wider than ``width``, each with its own width."""
    _font(pdf, LEGEND_PT)
    rows: list[list[tuple[Key, float]]] = [[]]
    used = 0.0
    for k in keys:
        w = (6.0 if k.kind in ("line", "dashed") else 3.6) + 1.2 + pdf.get_string_width(k.words)
        if rows[-1] and used + w > width:
            rows.append([])
            used = 0.0
        rows[-1].append((k, w))
        used += w + 5.0
    return rows


LEGEND_ROW = 4.2


def _legend(pdf: Any, keys: Sequence[Key], x: float, y: float, width: float, centre: bool) -> None:
    """The legend from (x, y) down, rows of symbol + words; centred in ``width`` or left."""
    for r, row in enumerate(_legend_rows(pdf, keys, width)):
        total = sum(w for _, w in row) + 5.0 * (len(row) - 1)
        cx = x + (width - total) / 2 if centre else x
        y_mid = y + r * LEGEND_ROW + LEGEND_ROW / 2
        for k, w in row:
            sw = _key_symbol(pdf, k, cx, y_mid)
            _font(pdf, LEGEND_PT)
            pdf.text(cx + sw + 1.2, y_mid + LEGEND_PT * PT * 0.35, k.words)
            cx += w + 5.0


def _legend_h(pdf: Any, keys: Sequence[Key], width: float) -> float:
    return len(_legend_rows(pdf, keys, width)) * LEGEND_ROW


def _nice_ticks(lo: float, hi: float, most: int = 6, whole: bool = False) -> list[float]:
    """Round values (1, 2, 2.5 or 5 times a power of ten) from ``lo`` to ``hi``; ``whole``
    for counts (pieces, beads): whole steps only, never 2.5 pieces."""
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(1, most)  # at most most + 1 ticks
    if whole:
        raw = max(raw, 1.0)
    mag = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if whole and mag < 10 else (1, 2, 2.5, 5, 10)
    step = next(m * mag for m in steps if m * mag >= raw * 0.999)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    v = first
    while v <= hi + step * 1e-9:
        ticks.append(round(v, 10))
        v += step
    return ticks


def _tick_words(v: float, ticks: Sequence[float]) -> str:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    decimals = 0 if step >= 1 and all(abs(t - round(t)) < 1e-9 for t in ticks) else 1
    if decimals and step < 0.1:
        decimals = 2
    return _localised(f"{v:.{decimals}f}")


@functools.cache
def _signs(lang: str) -> tuple[str, str]:
    from babel.numbers import get_decimal_symbol, get_minus_sign_symbol

    return get_decimal_symbol(lang), get_minus_sign_symbol(lang)


def _localised(number: str) -> str:
    """A number Python wrote ("-2.5") with the report language's signs ("-2,5" in Spanish)."""
    point, minus = _signs(language())
    return number.replace("-", minus).replace(".", point)


def _months() -> tuple[str, ...]:
    return (
        pgettext("month, abbreviated", "Jan"),
        pgettext("month, abbreviated", "Feb"),
        pgettext("month, abbreviated", "Mar"),
        pgettext("month, abbreviated", "Apr"),
        pgettext("month, abbreviated", "May"),
        pgettext("month, abbreviated", "Jun"),
        pgettext("month, abbreviated", "Jul"),
        pgettext("month, abbreviated", "Aug"),
        pgettext("month, abbreviated", "Sep"),
        pgettext("month, abbreviated", "Oct"),
        pgettext("month, abbreviated", "Nov"),
        pgettext("month, abbreviated", "Dec"),
    )


def _date_ticks(first: date, last: date, max_ticks: int = 8) -> list[tuple[date, str]]:
    """Dates along x, never more labels than fit (``max_ticks``: fewer on narrow charts):
    days for a fortnight, Mondays for up to four months, then months."""
    months = _months()
    span = max(1, (last - first).days)
    out: list[tuple[date, str]] = []
    if span <= 16 * max_ticks / 8:
        step = max(1, -(-span // max_ticks))
        d = first
        while d <= last:
            out.append((d, f"{d.day} {months[d.month - 1]}"))
            d += timedelta(days=step)
    elif span <= 120:
        weeks = max(1, -(-span // (7 * max_ticks)))
        d = first + timedelta(days=(7 - first.weekday()) % 7)
        while d <= last:
            out.append((d, f"{d.day} {months[d.month - 1]}"))
            d += timedelta(weeks=weeks)
    else:
        every = max(1, -(-span // (31 * max_ticks)))
        with_year = span > 330 and max_ticks >= 6
        y, m = first.year, first.month
        while date(y, m, 1) <= last:
            d = date(y, m, 1)
            if d >= first and (m - 1) % every == 0:
                out.append((d, f"{months[m - 1]} {y}" if with_year else months[m - 1]))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass
class _Axes:
    """A plotting area on the page (mm) and the data range it shows."""

    pdf: Any
    x: float
    y: float
    w: float
    h: float
    x0: float
    x1: float
    y0: float
    y1: float
    #: True when smaller values are drawn higher (a narrower band is "harder", so up)
    inverted: bool = False

    def px(self, v: float) -> float:
        return self.x + (v - self.x0) / (self.x1 - self.x0) * self.w

    def py(self, v: float) -> float:
        f = (v - self.y0) / (self.y1 - self.y0)
        return self.y + (f if self.inverted else 1 - f) * self.h

    def points(self, xs: Sequence[float], ys: Sequence[float]) -> list[tuple[float, float]]:
        return [(self.px(a), self.py(b)) for a, b in zip(xs, ys, strict=True)]

    def y_axis(self, ticks: Sequence[float]) -> None:
        """Grid lines, ticks and their labels at ``ticks``; the left and bottom spines."""
        p = self.pdf
        p.set_line_width(0.18)
        p.set_draw_color(*GRID)
        for t in ticks:
            p.line(self.x, self.py(t), self.x + self.w, self.py(t))
        p.set_draw_color(*AXIS)
        p.set_line_width(0.22)
        p.line(self.x, self.y, self.x, self.y + self.h)
        p.line(self.x, self.y + self.h, self.x + self.w, self.y + self.h)
        _font(p, TICK_PT)
        for t in ticks:
            p.line(self.x - 1.2, self.py(t), self.x, self.py(t))
            _text(p, self.x - 1.8, self.py(t) + TICK_PT * PT * 0.35, _tick_words(t, ticks), "R")

    def x_dates(self, ticks: Sequence[tuple[date, str]]) -> None:
        p = self.pdf
        p.set_draw_color(*AXIS)
        p.set_line_width(0.22)
        _font(p, TICK_PT)
        base = self.y + self.h
        for d, words in ticks:
            x = self.px(_ord(d))
            p.line(x, base, x, base + 1.2)
            _text(p, x, base + 1.6 + TICK_PT * PT * 0.75, words, "C")

    def y_label(self, lines: Sequence[str], left: float) -> None:
        """The y axis's words, turned to read upwards, centred on the axis at ``left``."""
        p = self.pdf
        _font(p, LABEL_PT)
        line_h = LABEL_PT * PT * 1.2
        mid = self.y + self.h / 2
        for i, line in enumerate(lines):
            x = left + (i + 0.8) * line_h
            with p.rotation(90, x, mid):
                _text(p, x, mid, line, "C")


def _label_lines(pdf: Any, words: Sequence[str], height: float) -> list[str]:
    """A y axis's words in lines that fit along the axis (``height`` mm)."""
    _font(pdf, LABEL_PT)
    return [line for w in words for line in _wrap_mm(pdf, w, height)]


def _y_room(pdf: Any, label_lines: int, ticks: Sequence[float]) -> float:
    """The width left of a y axis for its turned label and its tick labels, so they never
    touch: the label's lines, a gap, the widest tick label, the tick."""
    _font(pdf, TICK_PT)
    widest = max((pdf.get_string_width(_tick_words(t, ticks)) for t in ticks), default=0.0)
    return label_lines * LABEL_PT * PT * 1.2 + 1.5 + widest + 1.8 + 0.5


def _wrap_mm(pdf: Any, text: str, width: float) -> list[str]:
    """``text`` in lines no wider than ``width`` mm in the current font, broken at spaces."""
    lines: list[str] = []
    for word in text.split():
        if lines and pdf.get_string_width(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _at_most(lines: list[str], n: int) -> list[str]:
    """The first ``n`` lines, the last one ending in an ellipsis when words were left out."""
    return lines if len(lines) <= n else [*lines[: n - 1], lines[n - 1] + " …"]


def _whole(values: Sequence[float]) -> bool:
    return all(float(v).is_integer() for v in values)


def _y_range(values: Sequence[float], pad: float = 0.05) -> tuple[float, float]:
    lo, hi = min(values), max(values)
    if hi - lo < 1e-9:
        lo, hi = lo - 1.0, hi + 1.0
    margin = (hi - lo) * pad
    return lo - margin, hi + margin


def _x_range(first: date, last: date) -> tuple[float, float]:
    span = max(1, (last - first).days)
    pad = max(1.0, span * 0.02)
    return _ord(first) - pad, _ord(last) + pad


def _clipped(ticks: Sequence[float], lo: float, hi: float) -> list[float]:
    return [t for t in ticks if lo - 1e-9 <= t <= hi + 1e-9]


# ------------------------------------------------------------------------------ charts


def minutes_chart(adherence: Adherence, width_mm: float = 180, height_mm: float = 52) -> Chart:
    """Minutes practised per day against the prescribed minutes."""
    days = [d.day for d in adherence.days]
    mins = [d.minutes for d in adherence.days]
    goal = adherence.prescribed_minutes_per_day
    keys = [
        Key("bar", PRACTISED, _("prescribed time reached")),
        Key("bar", SHORT, _("shorter practice")),
        Key("dashed", INK, _("prescribed: {minutes}").format(minutes=fmt_value(goal, "min"))),
    ]
    label = [_("Minutes per day (min)")]

    y1 = max([goal * 1.6, *mins]) * 1.08
    yticks = _clipped(_nice_ticks(0, y1, 6), 0, y1)

    def draw(pdf: Any, x: float, y: float) -> None:
        legend_w = width_mm - 20  # the legend's rows are flowed in this width
        top = y + _legend_h(pdf, keys, legend_w) + 2.5
        lines = _label_lines(pdf, label, y + height_mm - 8 - top)
        left = _y_room(pdf, len(lines), yticks)
        x0, x1 = _x_range(days[0], days[-1])
        ax = _Axes(pdf, x + left, top, width_mm - left - 2, y + height_mm - 8 - top, x0, x1, 0, y1)
        _legend(pdf, keys, ax.x, y, legend_w, centre=False)
        ax.y_axis(yticks)
        wide = 0.8 if len(days) <= 62 else 1.0
        for status, colour in (("practised", PRACTISED), ("short", SHORT)):
            pdf.set_fill_color(*colour)
            for d in adherence.days:
                if (d.status == "practised") != (status == "practised") or d.minutes <= 0:
                    continue
                c = _ord(d.day)
                left, right = ax.px(c - wide / 2), ax.px(c + wide / 2)
                pdf.rect(left, ax.py(d.minutes), right - left, ax.py(0) - ax.py(d.minutes), "F")
        pdf.set_draw_color(*INK)
        pdf.set_line_width(0.3)
        pdf.set_dash_pattern(1.2, 0.8)
        pdf.line(ax.x, ax.py(goal), ax.x + ax.w, ax.py(goal))
        pdf.set_dash_pattern()
        ax.x_dates(_date_ticks(days[0], days[-1]))
        ax.y_label(lines, x)

    return Chart(width_mm, height_mm, draw)


def _role_keys() -> dict[str, tuple[str, RGB, float, str]]:
    """role: (marker, colour, size in mm, words)."""
    return {
        "warmup": ("ring", WARMUP_EDGE, 1.3, _("warm-up (easier on purpose)")),
        "unrecorded": ("dot", PRACTICE_DOT, 1.2, _("practice (kind not recorded)")),
        "staircase": ("dot", PRACTICE_DOT, 1.2, _("practice: successful")),
        "graded": ("diamond", GRADED, 1.7, _("graded task (fixed grade)")),
    }


def task_chart(game: GameSummary, width_mm: float = 180, height_mm: float = 52) -> Chart:
    """What the child was shown, trial by trial, in the game's units: practice, warm-ups
    and graded tasks marked apart; a failed practice trial is a cross."""
    key = next((c for c in game.presented if c.key), None)
    label = key.label if key else (game.key_presented or _("value")).replace("_", " ")
    unit = key.unit if key else ""
    harder = key.harder if key else "unknown"
    styles = _role_keys()
    series: list[tuple[str, RGB, float, list[tuple[float, float]]]] = []
    keys: list[Key] = []
    for role in ("warmup", "unrecorded", "staircase", "graded"):
        pts = [p for p in game.task if p.role == role]
        if not pts:
            continue
        marker, colour, size, words = styles[role]
        ok = [(_ord(p.at), p.value) for p in pts if p.success or role != "staircase"]
        if ok:
            series.append((marker, colour, size, ok))
            keys.append(Key(marker, colour, words, size))
        bad = [(_ord(p.at), p.value) for p in pts if not p.success and role == "staircase"]
        if bad:
            series.append(("cross", SHORT, 1.3, bad))
            keys.append(Key("cross", SHORT, _("practice: not successful"), 1.3))
    # The failed crosses over the practice dots, graded diamonds on top, as before.
    series.sort(key=lambda s: ("ring", "dot", "cross", "diamond").index(s[0]))
    name = f"{label}" + (f" ({unit_words(unit)})" if unit and unit != "count" else "")
    suffix = [_("(higher = harder)")] if harder in ("higher", "lower") else []
    ylabel = [name, *suffix]
    days = [p.at.date() for p in game.task]
    first, last = min(days), max(days)
    values = [p.value for p in game.task]
    y0, y1 = _y_range(values)
    yticks = _clipped(_nice_ticks(y0, y1, 5, whole=_whole(values)), y0, y1)

    def draw(pdf: Any, x: float, y: float) -> None:
        legend_w = width_mm - 30  # the legend's rows are flowed in this width
        top = y + _legend_h(pdf, keys, legend_w) + 2.5
        lines = _label_lines(pdf, ylabel, y + height_mm - 8 - top)
        left = _y_room(pdf, len(lines), yticks)
        x0, x1 = _x_range(first, last)
        ax = _Axes(pdf, x + left, top, width_mm - left - 2, y + height_mm - 8 - top, x0, x1, y0, y1)
        ax.inverted = harder == "lower"
        _legend(pdf, keys, ax.x, y, legend_w, centre=False)
        ax.y_axis(yticks)
        for marker, colour, size, pts in series:
            MARKERS[marker](pdf, ax.points(*zip(*pts, strict=True)), size, colour)
        ax.x_dates(_date_ticks(first, last))
        ax.y_label(lines, x)

    return Chart(width_mm, height_mm, draw)


def _rolling_median(values: Sequence[float], k: int) -> list[float]:
    out = []
    for i in range(len(values)):
        lo = max(0, i - k // 2)
        out.append(statistics.median(values[lo : lo + k]))
    return out


def _better_words(unit: str, better: str) -> str:
    unit = unit or _("value")
    if better == "higher":
        return _("{unit}, higher is better").format(unit=unit)
    if better == "lower":
        return _("{unit}, lower is better").format(unit=unit)
    return unit


def metrics_chart(game: GameSummary, trends: Sequence[MetricTrend], width_mm: float = 180) -> Chart:
    """The key measures that varied, side by side: daily medians of practice (normalised
    where the report normalises them), a running median, graded tasks apart, units on
    every axis."""
    trends = list(trends)[:4]
    cols = max(1, len(trends))
    height_mm = 64.0
    first = min(d.day for mt in trends for d in mt.days)
    last = max(d.day for mt in trends for d in mt.days)
    for t in game.graded_tasks:
        first, last = min(first, t.day), max(last, t.day)
    panels = []
    keys: dict[str, Key] = {}
    for mt in trends:
        xs = [_ord(d.day) for d in mt.days]
        vals = [d.median for d in mt.days]
        keys.setdefault("dot", Key("dot", PRACTICE_DOT, _("practice: median of the day"), 1.0))
        run: list[float] = []
        k = 7 if len(vals) < 120 else 15
        if len(vals) >= 10:
            run = _rolling_median(vals, k)
            keys.setdefault(f"line{k}", Key("line", INK, _("{k}-day running median").format(k=k)))
        same_scale = mt.basis == "as measured" or mt.basis.startswith("at matched")
        gd = [
            (_ord(t.day), t.metrics[mt.name])
            for t in game.graded_tasks
            if mt.name in t.metrics and same_scale
        ]
        if gd:
            keys.setdefault("graded", Key("diamond", GRADED, _("graded task"), 1.7))
        # the unit in the report's words ("% de la banda", "°"); a count says so on its axis
        unit = pgettext("unit", "count") if mt.unit == "count" else unit_words(mt.unit)
        shown_unit = (
            mt.unit
            and mt.unit != "count"
            and unit not in mt.label
            and not mt.unit.startswith("per ")
        )
        title = f"{mt.label}" + (f" ({unit})" if shown_unit else "")
        everything = vals + [v for _, v in gd]
        if mt.unit == "%":
            lo = min(everything)
            y0, y1 = max(0.0, min(lo - 5, 95.0)), 102.0
        else:
            y0, y1 = _y_range(everything)
        yticks = _clipped(_nice_ticks(y0, y1, 6, whole=_whole(everything)), y0, y1)
        panels.append((xs, vals, run, gd, title, _better_words(unit, mt.better), yticks, y0, y1))
    legend = list(keys.values())

    def draw(pdf: Any, x: float, y: float) -> None:
        legend_h = _legend_h(pdf, legend, width_mm)
        gap = 6.0 if cols > 1 else 0.0
        panel_w = (width_mm - gap * (cols - 1)) / cols
        _font(pdf, TITLE_PT, bold=True)
        titles = [_at_most(_wrap_mm(pdf, p[4], panel_w - 1), 4) for p in panels]
        title_h = max(len(t) for t in titles) * TITLE_PT * PT * 1.2
        top = y + title_h + 2.0
        bottom = y + height_mm - legend_h - 8.0
        x0, x1 = _x_range(first, last)
        for i, (xs, vals, run, gd, _title, ywords, yticks, y0, y1) in enumerate(panels):
            px0 = x + i * (panel_w + gap)
            lines = _label_lines(pdf, [ywords], bottom - top)
            label_w = _y_room(pdf, len(lines), yticks)
            ax = _Axes(pdf, px0 + label_w, top, panel_w - label_w - 1, bottom - top, x0, x1, y0, y1)
            _font(pdf, TITLE_PT, bold=True)
            for j, line in enumerate(titles[i]):
                pdf.text(px0 + 1, y + (j + 0.85) * TITLE_PT * PT * 1.2, line)
            ax.y_axis(yticks)
            _dots(pdf, ax.points(xs, vals), 1.0, PRACTICE_DOT)
            if run:
                pdf.set_draw_color(*INK)
                pdf.set_line_width(0.35)
                pdf.polyline(ax.points(xs, run))
            if gd:
                _diamonds(pdf, ax.points(*zip(*gd, strict=True)), 1.7, GRADED)
            ax.x_dates(_date_ticks(first, last, max_ticks=4 if cols <= 2 else 3))
            ax.y_label(lines, px0)
        _legend(pdf, legend, x, y + height_mm - legend_h - 0.5, width_mm, centre=True)

    return Chart(width_mm, height_mm, draw)


# ------------------------------------------------------------------------------ traces


def _split_traces(samples: Sequence[Any]) -> list[list[tuple[float, float]]]:
    """Polylines of the pen/finger while down: a new one at each down or pointer change."""
    traces: list[list[tuple[float, float]]] = []
    current: dict[int, list[tuple[float, float]]] = {}
    for s in samples:
        if s.phase == "down":
            current[s.pointer_id] = [(s.x_mm, s.y_mm)]
            traces.append(current[s.pointer_id])
        elif s.phase in ("move", "up") and s.pointer_id in current:
            current[s.pointer_id].append((s.x_mm, s.y_mm))
            if s.phase == "up":
                del current[s.pointer_id]
        elif s.phase == "cancel":
            current.pop(s.pointer_id, None)
    return [t for t in traces if len(t) >= 2]


def _strokes(geometry: dict[str, Any]) -> list[list[tuple[float, float]]]:
    out = []
    for s in geometry.get("strokes", []):
        try:
            pts = [(float(p[0]), float(p[1])) for p in s]
        except (TypeError, ValueError, IndexError):
            continue
        if len(pts) >= 2:
            out.append(pts)
    return out


def _pick_title(pick: TracePick) -> str:
    words = {
        "first": _("First: {day}"),
        "typical": _("Typical: {day}"),
        "last": _("Last: {day}"),
    }[pick.role]
    return words.format(day=short_date(pick.day))


def traces_figure(
    game: GameSummary,
    picks: Sequence[TracePick],
    trials: Sequence[Trial],
    width_mm: float = 180,
    panel_h_mm: float = 60,
) -> Chart:
    """The child's actual traces drawn over their templates, the band to scale: one scale
    for every panel (a third of the width each), so the pictures compare truthfully."""
    n = len(picks)
    gap = 0.02 * width_mm
    panel_w = (width_mm - gap * 4) / 3
    panel_h = panel_h_mm - 2
    kp = game.key_param
    drawn = []
    for trial in trials:
        strokes = _strokes(trial.geometry)
        traces = _split_traces(trial.samples or [])
        pts = [p for s in strokes for p in s] + [p for t in traces for p in t]
        band = float(trial.geometry.get("band_mm", 0) or 0)
        if pts:
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            box = (min(xs) - band, max(xs) + band, min(ys) - band, max(ys) + band)
        else:
            box = (0.0, 10.0, 0.0, 10.0)
        drawn.append((strokes, traces, band, box))
    # data mm per page mm, the same for all panels
    scale = max(max((b[1] - b[0]) / panel_w, (b[3] - b[2]) / panel_h) for *_, b in drawn) * 1.05
    captions = []
    for pick in picks:
        what = ", ".join(
            p
            for p in (
                item_words(pick.item) if pick.item else "",
                f"{fmt_value(pick.key_value, kp.unit)} {kp.label}" if kp and pick.key_value else "",
            )
            if p
        )
        kind = _("graded") if pick.graded else _("practice")
        score = _("score {score}").format(score=_localised(f"{pick.score:.2f}"))
        captions.append(
            textwrap.wrap(f"{what} ({kind})", 40)
            + textwrap.wrap(f"{pick.measures + '; ' if pick.measures else ''}{score}", 40)
        )
    title_h = 9.0
    caption_h = max((len(c) for c in captions), default=0) * 7.5 * PT * 1.25 + 2
    height = title_h + panel_h + caption_h

    def draw(pdf: Any, x: float, y: float) -> None:
        left0 = x + gap + (width_mm - n * panel_w - (n + 1) * gap) / 2
        for i, (pick, (strokes, traces, band, box)) in enumerate(zip(picks, drawn, strict=True)):
            left, top = left0 + i * (panel_w + gap), y + title_h

            # Task-plane mm to page mm; y grows downwards on both.
            ox = left + panel_w / 2 - (box[0] + box[1]) / 2 / scale
            oy = top + panel_h / 2 - (box[2] + box[3]) / 2 / scale

            def at(line: list[tuple[float, float]], ox: float = ox, oy: float = oy) -> list:
                return [(ox + px / scale, oy + py / scale) for px, py in line]

            _font(pdf, TITLE_PT, bold=True)
            pdf.text(left, top - 2.0, _pick_title(pick))
            pdf.set_draw_color(*GRID)
            pdf.set_line_width(0.25)
            pdf.rect(left, top, panel_w, panel_h)
            with pdf.local_context(stroke_cap_style="ROUND", stroke_join_style="ROUND"):
                if band > 0:
                    pdf.set_draw_color(*BAND)
                    pdf.set_line_width(band / scale)
                    for s in strokes:
                        pdf.polyline(at(s))
                pdf.set_draw_color(*TEMPLATE)
                pdf.set_line_width(0.25)
                pdf.set_dash_pattern(1.05, 0.7)
                for s in strokes:
                    pdf.polyline(at(s))
                pdf.set_dash_pattern()
                pdf.set_draw_color(*TRACE)
                pdf.set_line_width(0.39)
                for t in traces:
                    pdf.polyline(at(t))
            # A 10 mm scale bar, bottom left.
            bx, by = left + 0.06 * panel_w, top + panel_h * 0.93
            pdf.set_draw_color(*INK)
            pdf.set_line_width(0.42)
            pdf.line(bx, by, bx + 10 / scale, by)
            _font(pdf, 7.5)
            _text(pdf, bx + 5 / scale, by - 1.0, _("10 mm"), "C")
            _font(pdf, 7.5, colour=MUTED)
            for j, line in enumerate(captions[i]):
                pdf.text(left, top + panel_h + 3.2 + j * 7.5 * PT * 1.25, line)

    return Chart(width_mm, height, draw)
