"""The report's charts: drawn into the PDF as vector graphics and text, with no picture
library on the PDF path, axes in the game's units and ticks that fit."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, timedelta
from pathlib import Path

import pytest

from exporter import charts

HERE = Path(__file__).parent


def test_a_report_with_charts_loads_no_matplotlib_and_embeds_no_bitmap(tmp_path):
    """A real export (CLI path: export_child) in a fresh process: every chart is drawn, yet
    matplotlib is never imported and the PDF holds no image; the charts' words (legend,
    axis labels with units, dates) are text a reader can search."""
    code = f"""
import sys
sys.path.insert(0, {str(HERE)!r})
from pathlib import Path
from datetime import timedelta
from test_export import make_store, CATALOG, START
from exporter.export import export_child
store, cid = make_store(Path({str(tmp_path)!r}) / "d")
files = export_child(store, cid, START, START + timedelta(days=9), CATALOG, ["pdf"],
                     Path({str(tmp_path)!r}))
print(files[0])
print("matplotlib" in sys.modules)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    pdf_path, loaded = out.stdout.split()[-2:]
    assert loaded == "False", "the PDF path imported matplotlib"

    from pypdf import PdfReader

    reader = PdfReader(pdf_path)
    for page in reader.pages:
        xobjects = page.get("/Resources", {}).get("/XObject") or {}
        assert not xobjects, "a chart was embedded as a picture"
    text = "\n".join(p.extract_text() for p in reader.pages)
    for words in (
        "Minutes per day (min)",  # the minutes chart's axis, with its unit
        "prescribed: 5 min",  # its legend (the calendar's legend names the colours too)
        "practice: successful",  # the task chart's legend: practice apart from warm-ups
        "(higher = harder)",
        "10 mm",  # the trace pictures' scale bar
    ):
        assert words in text, words


@pytest.mark.parametrize("span", [0, 1, 5, 13, 16, 30, 59, 90, 121, 200, 364, 400, 730])
@pytest.mark.parametrize("most", [3, 4, 8])
def test_date_ticks_fit_the_chart_and_stay_inside_the_period(span, most):
    first = date(2025, 12, 2)
    last = first + timedelta(days=span)
    ticks = charts._date_ticks(first, last, most)
    assert 1 <= len(ticks) <= most + 1 or span < 7
    assert all(first <= d <= last for d, _ in ticks)
    assert [d for d, _ in ticks] == sorted({d for d, _ in ticks})
    if span > 120:  # months: each label names its month, the year on wide charts
        assert all(d.day == 1 for d, _ in ticks)
        assert all(w.startswith(charts._months()[d.month - 1]) for d, w in ticks)


@pytest.mark.parametrize(
    "lo,hi", [(0, 10.8), (4.8, 19.4), (61.0, 102.0), (0.02, 0.31), (3.0, 3.0), (-2.5, 7.0)]
)
def test_value_ticks_are_round_and_cover_the_range(lo, hi):
    ticks = charts._nice_ticks(lo, hi, 6)
    assert 2 <= len(ticks) <= 7
    step = ticks[1] - ticks[0]
    mantissa = step / 10 ** __import__("math").floor(__import__("math").log10(step))
    assert round(mantissa, 6) in (1, 2, 2.5, 5, 10)
    assert ticks[0] >= lo - 1e-9 and ticks[0] - step < lo + 1e-9
    labels = [charts._tick_words(t, ticks) for t in ticks]
    assert len(set(labels)) == len(labels), labels  # no two ticks read the same


def _spied_pdf():
    """A real fpdf page with the report's fonts, its marker primitives recorded."""
    from fpdf import FPDF

    from exporter.pdf import FONT, _font_paths

    pdf = FPDF(format="A4", unit="mm")
    regular, bold = _font_paths()
    pdf.add_font(FONT, "", regular)
    pdf.add_font(FONT, "B", bold)
    pdf.add_page()
    calls: dict[str, list[tuple]] = {"circle": [], "polygon": [], "line": []}
    for name in calls:
        real = getattr(pdf, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            calls[_name].append(args)
            return _real(*args, **kwargs)

        setattr(pdf, name, spy)
    return pdf, calls


def test_the_task_chart_marks_each_trial_by_its_kind_and_puts_harder_up():
    """One marker per trial, by kind: open rings for warm-ups, filled dots for successful
    practice, crosses for unsuccessful practice, diamonds for graded tasks (each kind a
    shape of its own, so a greyscale print tells them apart), plus one of each in the
    legend; a narrower band (harder) is drawn higher."""
    from datetime import datetime

    from exporter.summary import GameSummary, PresentedChange, TaskPoint

    at = datetime(2026, 3, 2, 17, tzinfo=UTC)
    pts = (
        [("warmup", True, 12.0)] * 3
        + [("staircase", True, 10.0), ("staircase", True, 5.0)] * 2
        + [("staircase", False, 6.0)] * 2
        + [("graded", True, 7.0)] * 2
    )
    game = GameSummary.model_construct(
        presented=[
            PresentedChange(
                name="band_mm", label="Road width", unit="mm", first=12, last=5,
                trials_each=2, key=True, harder="lower",
            )
        ],
        key_presented="band_mm",
        task=[
            TaskPoint(at=at + timedelta(days=i), value=v, role=r, success=ok)
            for i, (r, ok, v) in enumerate(pts)
        ],
    )  # fmt: skip
    chart = charts.task_chart(game)
    pdf, calls = _spied_pdf()
    chart.draw(pdf, 15, 20)
    dots = [c for c in calls["line"] if c[0] == c[2] and c[1] == c[3]]
    diagonals = [c for c in calls["line"] if c[0] != c[2] and c[1] != c[3]]
    assert len(calls["circle"]) == 3 + 1  # warm-ups, and the legend's
    assert len(dots) == 4 + 1  # successful practice
    assert len(diagonals) == 2 * (2 + 1)  # a cross is two strokes
    assert len(calls["polygon"]) == 2 + 1  # graded tasks
    legend_dot, *plot_dots = dots  # the legend is drawn first, above the plot
    assert all(legend_dot[1] < d[1] for d in plot_dots)
    ten, five = plot_dots[0][1], plot_dots[1][1]  # trials 4 and 5: 10 mm, then 5 mm
    assert five < ten  # the narrower band, harder, higher on the page
    assert 20 <= legend_dot[1] and ten <= 20 + chart.height


def test_traces_are_drawn_to_one_scale_with_the_band_and_the_10_mm_bar_true_to_it():
    """Three panels, three different shapes and bands: the 10 mm bar is the same length in
    each (one scale for all), a 40 mm stroke is four bars long, and the band is drawn as
    wide as its millimetres on that scale."""
    from exporter.summary import GameSummary, TracePick
    from progress.models import Trial
    from progress.samples import Sample

    def trial(length_mm: float, band_mm: float) -> Trial:
        samples = [Sample(0.0, 0, 0.0, 1.0, "down", "touch")]
        samples += [Sample(10.0 * i, 0, i, 1.0, "move", "touch") for i in range(1, 30)]
        samples.append(Sample(300.0, 0, 30.0, 1.0, "up", "touch"))
        geometry = {"strokes": [[[0, 0], [length_mm, 0]]], "band_mm": band_mm}
        return Trial.model_construct(geometry=geometry, samples=samples)

    trials = [trial(40, 9.5), trial(25, 6.0), trial(60, 4.8)]
    picks = [
        TracePick(role=r, trial_id=i, day=date(2026, 3, i + 1), item=None, key_value=None,
                  score=0.9, graded=False)
        for i, r in enumerate(("first", "typical", "last"))
    ]  # fmt: skip
    chart = charts.traces_figure(GameSummary.model_construct(key_param=None), picks, trials)
    pdf, calls = _spied_pdf()
    widths: list[float] = []
    real_width = pdf.set_line_width
    pdf.set_line_width = lambda w: (widths.append(w), real_width(w))[1]
    polylines: list[list[tuple[float, float]]] = []
    real_poly = pdf.polyline
    pdf.polyline = lambda pts, **k: (polylines.append(list(pts)), real_poly(pts, **k))[1]
    chart.draw(pdf, 15, 20)

    bars = [c for c in calls["line"] if c[1] == c[3] and c[2] > c[0]]  # horizontal lines
    lengths = [c[2] - c[0] for c in bars]
    assert len(lengths) == 3 and max(lengths) - min(lengths) < 1e-9
    bar = lengths[0]
    # per panel: the band (thick), the template (dashed), the trace
    bands, templates = polylines[0::3], polylines[1::3]
    for (length, band), template in zip(((40, 9.5), (25, 6.0), (60, 4.8)), templates, strict=True):
        drawn = template[-1][0] - template[0][0]
        assert abs(drawn / bar - length / 10) < 1e-6
        assert any(abs(w / bar - band / 10) < 1e-6 for w in widths), (band, widths)
    assert len(bands) == 3


def test_tick_labels_use_the_report_languages_decimal_sign():
    from exporter.i18n import report_language

    ticks = charts._nice_ticks(0, 10, 4)
    assert charts._tick_words(2.5, ticks) == "2.5"
    with report_language("es"):
        assert charts._tick_words(2.5, ticks) == "2,5"
