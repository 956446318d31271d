"""The report's charts and trace pictures, drawn with matplotlib.

This module is imported only when a report draws its first chart (``exporter.pdf``), so
the app never pays for matplotlib. It uses the Agg canvas and ``matplotlib.figure.Figure``
directly: pyplot (its backend machinery and figure manager, about half a second to
import) is never loaded. Every chart is labelled with its unit. Pictures come back as
RGB PIL images, so the PDF embeds them without an alpha mask. No text a user typed is
ever drawn here: titles are built from game data, dates and numbers only.
"""

from __future__ import annotations

import functools
import statistics
import textwrap
from collections.abc import Sequence
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from exporter.summary import Adherence, GameSummary, MetricTrend, TracePick
from exporter.wording import fmt_value, item_words, short_date
from progress.models import Trial

DPI = 170
INK = "#1f2a36"
GRID = "#d9dee4"
PRACTISED = "#3a9a5b"
SHORT = "#e0a030"
PRACTICE_DOT = "#4a7fc1"
GRADED = "#c0392b"
BAND = "#dfe6ee"
TEMPLATE = "#8a97a6"
TRACE = "#1d4f91"
MM_PER_INCH = 25.4


STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.titlesize": 9,
    "axes.labelsize": 8.5,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "axes.edgecolor": "#8a97a6",
    "axes.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titleweight": "bold",
    "legend.fontsize": 8,
    "legend.frameon": False,
}


@functools.cache
def load() -> SimpleNamespace:
    """matplotlib's parts the charts use, imported on the first chart (importing every
    exporter module must not load matplotlib), with the report's look set once for this
    process: artists read rcParams when they are made."""
    import matplotlib
    import matplotlib.dates as mdates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from PIL import Image

    matplotlib.rcParams.update(STYLE)
    return SimpleNamespace(
        mdates=mdates,
        FigureCanvasAgg=FigureCanvasAgg,
        PolyCollection=PolyCollection,
        Figure=Figure,
        Line2D=Line2D,
        Patch=Patch,
        Image=Image,
    )


def _figure(width_mm: float, height_mm: float) -> Any:
    mpl = load()
    fig = mpl.Figure(figsize=(width_mm / MM_PER_INCH, height_mm / MM_PER_INCH), dpi=DPI)
    mpl.FigureCanvasAgg(fig)
    return fig


def _image(fig: Any) -> Any:
    """The figure drawn by Agg, as an RGB image (no alpha mask in the PDF)."""
    canvas = fig.canvas
    canvas.draw()
    w, h = canvas.get_width_height(physical=True)
    img = load().Image.frombuffer("RGBA", (w, h), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    return img.convert("RGB")


def _date_axis(ax: Any, first: date, last: date, max_ticks: int = 8) -> None:
    """Dates along x, never more labels than fit (``max_ticks``: fewer on narrow charts)."""
    mdates = load().mdates
    span = max(1, (last - first).days)
    if span <= 16 * max_ticks / 8:
        loc: Any = mdates.DayLocator(interval=max(1, -(-span // max_ticks)))
        fmt = "%d %b"
    elif span <= 120:
        weeks = max(1, -(-span // (7 * max_ticks)))
        loc = mdates.WeekdayLocator(byweekday=mdates.MO, interval=weeks)
        fmt = "%d %b"
    else:
        loc = mdates.MonthLocator(interval=max(1, -(-span // (31 * max_ticks))))
        fmt = "%b %Y" if span > 330 and max_ticks >= 6 else "%b"
    ax.xaxis.set_major_locator(loc)
    ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt))
    pad = timedelta(days=max(1.0, span * 0.02))
    ax.set_xlim(first - pad, last + pad)
    ax.grid(axis="y", color=GRID, linewidth=0.5)
    ax.set_axisbelow(True)


def minutes_chart(adherence: Adherence, width_mm: float = 180, height_mm: float = 52) -> Any:
    """Minutes practised per day against the prescribed minutes."""
    fig = _figure(width_mm, height_mm)
    ax = fig.add_subplot()
    days = [d.day for d in adherence.days]
    mins = [d.minutes for d in adherence.days]
    colours = [PRACTISED if d.status == "practised" else SHORT for d in adherence.days]
    wide = 0.8 if len(days) <= 62 else 1.0
    # The bars as one collection (a year is 365 of them): drawn as ax.bar would draw
    # them, centred on their day, without making an artist per bar.
    mpl = load()
    ax.xaxis_date()
    x = mpl.mdates.date2num(days)
    ax.add_collection(
        mpl.PolyCollection(
            [
                ((d - wide / 2, 0), (d - wide / 2, m), (d + wide / 2, m), (d + wide / 2, 0))
                for d, m in zip(x, mins, strict=True)
            ],
            facecolors=colours,
            linewidths=0,
        )
    )
    goal = adherence.prescribed_minutes_per_day
    ax.axhline(goal, color=INK, linestyle="--", linewidth=0.9)
    ax.legend(
        handles=[
            mpl.Patch(color=PRACTISED, label="prescribed time reached"),
            mpl.Patch(color=SHORT, label="shorter practice"),
            mpl.Line2D(
                [], [], color=INK, linestyle="--", label=f"prescribed: {fmt_value(goal, 'min')}"
            ),
        ],
        loc="upper left",
        bbox_to_anchor=(0.0, 1.22),
        ncol=3,
    )
    ax.set_ylabel("Minutes per day (min)")
    ax.set_ylim(0, max([goal * 1.6, *mins]) * 1.08)
    _date_axis(ax, days[0], days[-1])
    fig.subplots_adjust(left=0.07, right=0.965, bottom=0.16, top=0.84)
    return _image(fig)


ROLE_STYLE = {
    # role: (label, marker, face colour, edge colour, size)
    "staircase": ("practice", "o", PRACTICE_DOT, PRACTICE_DOT, 3.2),
    "unrecorded": ("practice (kind not recorded)", "o", PRACTICE_DOT, PRACTICE_DOT, 3.2),
    "warmup": ("warm-up (easier on purpose)", "o", "none", "#9aa5b1", 3.2),
    "graded": ("graded task (fixed grade)", "D", GRADED, GRADED, 4.2),
}


def task_chart(game: GameSummary, width_mm: float = 180, height_mm: float = 52) -> Any:
    """What the child was shown, trial by trial, in the game's units: practice, warm-ups
    and graded tasks marked apart; a failed practice trial is a cross."""
    fig = _figure(width_mm, height_mm)
    ax = fig.add_subplot()
    key = next((c for c in game.presented if c.key), None)
    label = key.label if key else (game.key_presented or "value").replace("_", " ")
    unit = key.unit if key else ""
    harder = key.harder if key else "unknown"
    for role in ("warmup", "unrecorded", "staircase", "graded"):
        pts = [p for p in game.task if p.role == role]
        if not pts:
            continue
        name, marker, face, edge, size = ROLE_STYLE[role]
        ok = [p for p in pts if p.success or role != "staircase"]
        ax.plot(
            [p.at for p in ok],
            [p.value for p in ok],
            linestyle="none",
            marker=marker,
            markersize=size,
            markerfacecolor=face,
            markeredgecolor=edge,
            markeredgewidth=0.7,
            label=name + (": successful" if role == "staircase" else ""),
        )
        bad = [p for p in pts if not p.success and role == "staircase"]
        if bad:
            ax.plot(
                [p.at for p in bad],
                [p.value for p in bad],
                linestyle="none",
                marker="x",
                markersize=3.6,
                color=SHORT,
                markeredgewidth=1.0,
                label="practice: not successful",
            )
    if harder == "lower":
        ax.invert_yaxis()
    suffix = ["(higher = harder)"] if harder in ("higher", "lower") else []
    name = f"{label}" + (f" ({unit})" if unit and unit != "count" else "")
    ax.set_ylabel("\n".join(textwrap.wrap(name, 22) + suffix), fontsize=8, linespacing=1.2)
    days = [p.at.date() for p in game.task]
    _date_axis(ax, min(days), max(days))
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 1.33), ncol=3, handletextpad=0.3)
    fig.subplots_adjust(left=0.11, right=0.965, bottom=0.16, top=0.76)
    return _image(fig)


def _rolling_median(values: Sequence[float], k: int) -> list[float]:
    out = []
    for i in range(len(values)):
        lo = max(0, i - k // 2)
        out.append(statistics.median(values[lo : lo + k]))
    return out


def metrics_chart(game: GameSummary, trends: Sequence[MetricTrend], width_mm: float = 180) -> Any:
    """The key measures that varied: daily medians of practice (normalised where the
    report normalises them), graded tasks apart, units on the axes."""
    trends = list(trends)[:4]
    cols = max(1, len(trends))  # one row: half the height of a 2 x 2 grid
    rows = 1
    height_mm = 64
    fig = _figure(width_mm, height_mm)
    axes = fig.subplots(rows, cols, squeeze=False)
    first = min(d.day for mt in trends for d in mt.days)
    last = max(d.day for mt in trends for d in mt.days)
    for t in game.graded_tasks:
        first, last = min(first, t.day), max(last, t.day)
    for ax, mt in zip(axes.flat, trends, strict=False):
        days = [d.day for d in mt.days]
        vals = [d.median for d in mt.days]
        ax.plot(
            days,
            vals,
            linestyle="none",
            marker="o",
            markersize=2.4,
            color=PRACTICE_DOT,
            alpha=0.8,
            label="practice: median of the day",
        )
        if len(vals) >= 10:
            k = 7 if len(vals) < 120 else 15
            ax.plot(
                days,
                _rolling_median(vals, k),
                color=INK,
                linewidth=1.0,
                label=f"{k}-day running median",
            )
        same_scale = mt.basis == "as measured" or mt.basis.startswith("at matched")
        gd = [
            (t.day, t.metrics[mt.name])
            for t in game.graded_tasks
            if mt.name in t.metrics and same_scale
        ]
        if gd:
            x, y = zip(*gd, strict=True)
            ax.plot(
                x, y, linestyle="none", marker="D", markersize=4, color=GRADED, label="graded task"
            )
        unit = {"": "", "count": "count"}.get(mt.unit, mt.unit)
        shown_unit = (
            unit and unit != "count" and unit not in mt.label and not unit.startswith("per ")
        )
        title = f"{mt.label}" + (f" ({unit})" if shown_unit else "")
        ax.set_title(
            "\n".join(textwrap.wrap(title, {1: 100, 2: 46, 3: 30}.get(cols, 21))[:3]),
            loc="left",
            fontsize=8.5,
        )
        ax.set_ylabel(f"{unit or 'value'}, {mt.better} is better", fontsize=8)
        _date_axis(ax, first, last, max_ticks=4 if cols <= 2 else 3)
        if mt.unit == "%":
            lo = min(vals + [v for _, v in gd])
            ax.set_ylim(max(0, min(lo - 5, 100 - 5)), 102)
    for ax in list(axes.flat)[len(trends) :]:
        ax.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    for ax in axes.flat[1 : len(trends)]:
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), bbox_to_anchor=(0.5, 0.0))
    fig.subplots_adjust(
        left=0.08,
        right=0.965,
        top=1 - 15 / height_mm,
        bottom=14 / height_mm,
        wspace=0.42,
    )
    return _image(fig)


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


def traces_figure(
    game: GameSummary,
    picks: Sequence[TracePick],
    trials: Sequence[Trial],
    width_mm: float = 180,
    panel_h_mm: float = 60,
) -> Any:
    """The child's actual traces drawn over their templates, the band to scale."""
    n = len(picks)
    fig_w_in, fig_h_in = width_mm / MM_PER_INCH, (panel_h_mm + 24) / MM_PER_INCH
    fig = _figure(width_mm, panel_h_mm + 24)
    gap = 0.02
    panel_w = (1 - gap * (n + 1)) / 3  # always a third of the width: panels match in scale
    kp = game.key_param
    boxes = []
    for trial in trials:
        pts = [p for s in _strokes(trial.geometry) for p in s]
        pts += [p for t in _split_traces(trial.samples or []) for p in t]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        band = float(trial.geometry.get("band_mm", 0) or 0)
        boxes.append((min(xs) - band, max(xs) + band, min(ys) - band, max(ys) + band))
    # One scale for all panels, so the pictures compare truthfully.
    ax_w_in = panel_w * fig_w_in
    ax_h_in = (panel_h_mm - 2) / MM_PER_INCH
    mm_per_in = max(max((b[1] - b[0]) / ax_w_in, (b[3] - b[2]) / ax_h_in) for b in boxes) * 1.05
    for i, (pick, trial, box) in enumerate(zip(picks, trials, boxes, strict=True)):
        left = gap + i * (panel_w + gap) + (1 - n * panel_w - (n + 1) * gap) / 2
        ax = fig.add_axes((left, 17 / (panel_h_mm + 24), panel_w, ax_h_in / fig_h_in))
        cx, cy = (box[0] + box[1]) / 2, (box[2] + box[3]) / 2
        hw, hh = ax_w_in * mm_per_in / 2, ax_h_in * mm_per_in / 2
        ax.set_xlim(cx - hw, cx + hw)
        ax.set_ylim(cy + hh, cy - hh)  # screen coordinates: y grows downwards
        ax.set_aspect("equal", adjustable="box")
        ax.set_xticks([])
        ax.set_yticks([])
        for sp in ax.spines.values():
            sp.set_visible(True)
            sp.set_color(GRID)
        pt_per_mm = 72.0 / mm_per_in
        band = float(trial.geometry.get("band_mm", 0) or 0)
        for s in _strokes(trial.geometry):
            xs, ys = zip(*s, strict=True)
            if band > 0:
                ax.plot(
                    xs,
                    ys,
                    color=BAND,
                    linewidth=band * pt_per_mm,
                    solid_capstyle="round",
                    solid_joinstyle="round",
                )
            ax.plot(xs, ys, color=TEMPLATE, linewidth=0.7, linestyle=(0, (3, 2)))
        for t in _split_traces(trial.samples or []):
            xs, ys = zip(*t, strict=True)
            ax.plot(xs, ys, color=TRACE, linewidth=1.1)
        # A 10 mm scale bar, bottom left.
        x0, y0 = cx - hw + 0.06 * 2 * hw, cy + hh - 0.07 * 2 * hh
        ax.plot([x0, x0 + 10], [y0, y0], color=INK, linewidth=1.2)
        ax.text(x0 + 5, y0 - 0.02 * 2 * hh, "10 mm", ha="center", va="bottom", fontsize=7.5)
        what = ", ".join(
            p
            for p in (
                item_words(pick.item) if pick.item else "",
                f"{fmt_value(pick.key_value, kp.unit)} {kp.label}" if kp and pick.key_value else "",
            )
            if p
        )
        kind = "graded" if pick.graded else "practice"
        ax.set_title(f"{pick.role.capitalize()}: {short_date(pick.day)}", loc="left", fontsize=8.5)
        ax.text(
            0.0,
            -0.03,
            "\n".join(
                textwrap.wrap(f"{what} ({kind})", 40)
                + textwrap.wrap(
                    f"{pick.measures + '; ' if pick.measures else ''}score {pick.score:.2f}", 40
                )
            ),
            transform=ax.transAxes,
            ha="left",
            va="top",
            fontsize=7.5,
            color="#3b4754",
        )
    return _image(fig)
