"""Tracing metrics: pure functions of the raw pointer samples and the template geometry.

Everything is in mm and s and independent of how the samples were taken:

* spatial metrics resample each pen-down trace by arc length (every 0.5 mm, along a
  centripetal Catmull-Rom curve through the samples) and weight by
  length, so a slow child (many samples per mm) and a fast one count the same path the same
  (field notes: "% inside band, length-weighted, not sample-weighted");
* kinematic metrics resample each trace uniformly in time at 100 Hz from the *event
  timestamps* and smooth it with a Gaussian (sigma 15 ms, about a 9 Hz low-pass; handwriting
  has little power above 10 Hz), then take speed by central differences.

Bump ``METRICS_VERSION`` whenever a definition changes so stored trials can be re-scored.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assets.i18n import N_
from engine.input import PointerEvent
from engine.trial import Better, Metric, MetricSpec, SuccessRule
from games.tracing import geometry as geo
from games.tracing.geometry import Point, PolylineIndex

METRICS_VERSION = 1

SPATIAL_STEP_MM = 0.5  # arc-length resampling step for trace and template
KINEMATIC_RATE_HZ = 100.0  # uniform resampling rate for speed, NIV and SPARC
SMOOTH_SIGMA_S = 0.015  # Gaussian low-pass before differentiating (about 9 Hz at -3 dB)
MIN_STROKE_S = 0.1  # traces shorter than this (taps, dots) carry no kinematics
MIN_STROKE_MM = 3.0
NIV_HYSTERESIS_FRACTION = 0.1  # a speed extremum counts when it differs by 10 % of the peak...
NIV_HYSTERESIS_MIN_MM_S = 4.0  # ... and by at least 4 mm/s (digitiser jitter stays below this)

# success for the difficulty controller (see ``score_and_success``)
SUCCESS_COVERAGE = 0.9
SUCCESS_INSIDE = 0.8


@dataclass(frozen=True, slots=True)
class TraceSample:
    x: float  # mm
    y: float  # mm
    t: float  # s


Trace = list[TraceSample]


# --------------------------------------------------------------------------------------------
# Which samples are the child's drawing
# --------------------------------------------------------------------------------------------
class TraceSplitter:
    """Follows the drawing pointer through a stream of events and cuts it into pen-down traces.

    The drawing pointer is the first one to go down while no other is drawing; a palm or a
    second finger that lands meanwhile is ignored (but still stored as a raw sample). An
    ``up`` ends the trace at its position; a ``cancel`` ends it without adding a point.
    """

    def __init__(self) -> None:
        self.active: int | None = None
        self.traces: list[Trace] = []

    def feed(self, ev: PointerEvent) -> bool:
        """Take one event; True if it belonged to the drawing pointer."""
        phase = ev.phase.value if hasattr(ev.phase, "value") else str(ev.phase)
        s = TraceSample(ev.x_mm, ev.y_mm, ev.t_ms / 1000.0)
        if phase == "down":
            if self.active is not None and self.active != ev.pointer_id:
                return False
            self.active = ev.pointer_id
            self.traces.append([s])
            return True
        if ev.pointer_id != self.active:
            return False
        if phase == "move":
            self.traces[-1].append(s)
        elif phase == "up":
            self.traces[-1].append(s)
            self.active = None
        else:  # cancel
            self.active = None
        return True


def split_traces(samples: Iterable[PointerEvent]) -> list[Trace]:
    sp = TraceSplitter()
    for ev in samples:
        sp.feed(ev)
    return sp.traces


# --------------------------------------------------------------------------------------------
# Spatial metrics
# --------------------------------------------------------------------------------------------
def _trace_points(trace: Trace) -> list[Point]:
    return [(s.x, s.y) for s in trace]


def _weighted_pieces(trace: Trace) -> list[tuple[Point, float]]:
    """Midpoints of arc-length pieces (<= SPATIAL_STEP_MM long) and their lengths."""
    pts = geo.spline_through(_trace_points(trace), SPATIAL_STEP_MM)
    out = []
    for i in range(len(pts) - 1):
        a, b = pts[i], pts[i + 1]
        w = math.dist(a, b)
        if w > 0.0:
            out.append((((a[0] + b[0]) / 2, (a[1] + b[1]) / 2), w))
    return out


@dataclass(frozen=True, slots=True)
class Spatial:
    mean_dev_mm: float
    rms_dev_mm: float
    inside_fraction: float
    coverage: float
    trace_length_mm: float


def spatial_metrics(traces: Sequence[Trace], strokes: Sequence[Sequence[Point]], tol_mm: float):
    """Deviation from the template (union of its strokes), inside-band share and coverage.

    * mean / RMS deviation: length-weighted mean and RMS of the distance from each piece of the
      trace to the nearest template segment;
    * inside fraction: share of trace length within ``tol_mm`` (half the band) of the path;
    * coverage: share of template length that has trace within ``tol_mm`` (order-agnostic,
      field notes "coverage"). A trace that never touched gives 0 deviation and 0 coverage.
    """
    pieces = [pw for trace in traces for pw in _weighted_pieces(trace)]
    w = np.array([pw[1] for pw in pieces], dtype=float)
    d = geo.distances_to(np.array([pw[0] for pw in pieces], dtype=float).reshape(-1, 2), strokes)
    total = float(w.sum())
    sum_d = float((w * d).sum())
    sum_d2 = float((w * d * d).sum())
    inside = float(w[d <= tol_mm].sum())
    mids: list[Point] = []
    lengths: list[float] = []
    for stroke in strokes:
        pts = geo.resample(stroke, SPATIAL_STEP_MM)
        for i in range(len(pts) - 1):
            a, b = pts[i], pts[i + 1]
            lengths.append(math.dist(a, b))
            mids.append(((a[0] + b[0]) / 2, (a[1] + b[1]) / 2))
    tmpl_w = np.array(lengths, dtype=float)
    tmpl_total = float(tmpl_w.sum())
    trace_polys = [_trace_points(t) for t in traces if t]
    near = geo.distances_to(np.array(mids, dtype=float).reshape(-1, 2), trace_polys) <= tol_mm
    covered = float(tmpl_w[near].sum())
    if total <= 0.0:
        return Spatial(0.0, 0.0, 0.0, 0.0, 0.0)
    return Spatial(
        mean_dev_mm=sum_d / total,
        rms_dev_mm=math.sqrt(sum_d2 / total),
        inside_fraction=inside / total,
        coverage=covered / tmpl_total if tmpl_total > 0 else 0.0,
        trace_length_mm=total,
    )


# --------------------------------------------------------------------------------------------
# Kinematics: uniform resampling, smoothing, speed, NIV, SPARC
# --------------------------------------------------------------------------------------------
def uniform_resample(trace: Trace, rate_hz: float = KINEMATIC_RATE_HZ) -> list[Point]:
    """Positions at a uniform rate from event timestamps (linear interpolation).

    Samples that share a timestamp (or go back in time) are merged, keeping the latest
    position, so coalesced events do not create infinite speeds.
    """
    clean: list[TraceSample] = []
    for s in trace:
        if clean and s.t <= clean[-1].t:
            clean[-1] = TraceSample(s.x, s.y, clean[-1].t)
        else:
            clean.append(s)
    if len(clean) < 2:
        return [(s.x, s.y) for s in clean]
    t0, t1 = clean[0].t, clean[-1].t
    n = int(math.floor((t1 - t0) * rate_hz + 1e-9)) + 1
    out: list[Point] = []
    j = 0
    for i in range(n):
        t = t0 + i / rate_hz
        while j < len(clean) - 2 and clean[j + 1].t < t:
            j += 1
        a, b = clean[j], clean[j + 1]
        u = (t - a.t) / (b.t - a.t)
        u = 0.0 if u < 0.0 else 1.0 if u > 1.0 else u
        out.append((a.x + (b.x - a.x) * u, a.y + (b.y - a.y) * u))
    return out


def gaussian_smooth(pts: Sequence[Point], sigma_samples: float) -> list[Point]:
    """Zero-phase Gaussian low-pass; the kernel is renormalised where it overhangs the ends."""
    if sigma_samples <= 0 or len(pts) < 3:
        return list(pts)
    r = max(1, math.ceil(3 * sigma_samples))
    kern = [math.exp(-0.5 * (k / sigma_samples) ** 2) for k in range(-r, r + 1)]
    n = len(pts)
    out = []
    for i in range(n):
        sx = sy = sw = 0.0
        for k in range(-r, r + 1):
            j = i + k
            if 0 <= j < n:
                w = kern[k + r]
                sx += w * pts[j][0]
                sy += w * pts[j][1]
                sw += w
        out.append((sx / sw, sy / sw))
    return out


def speed_profile(pts: Sequence[Point], rate_hz: float = KINEMATIC_RATE_HZ) -> list[float]:
    """|v| by central differences (one-sided at the ends), mm/s."""
    n = len(pts)
    if n < 2:
        return [0.0] * n
    out = []
    for i in range(n):
        a, b = pts[max(0, i - 1)], pts[min(n - 1, i + 1)]
        span = (min(n - 1, i + 1) - max(0, i - 1)) / rate_hz
        out.append(math.dist(a, b) / span)
    return out


def count_velocity_inversions(speed: Sequence[float], hysteresis: float) -> int:
    """Number of sign changes of d|v|/dt, ignoring wiggles smaller than ``hysteresis``.

    A fluent, bell-shaped stroke has one (its peak); each extra submovement adds two
    (Mai & Marquardt; Truxius et al. via Asselborn 2018). The hysteresis keeps digitiser and
    quantisation jitter from counting.
    """
    if len(speed) < 3:
        return 0
    direction = 0
    lo = hi = ext = speed[0]
    n = 0
    for v in speed[1:]:
        if direction == 0:
            lo, hi = min(lo, v), max(hi, v)
            if v - lo >= hysteresis:
                direction, ext = 1, v
            elif hi - v >= hysteresis:
                direction, ext = -1, v
        elif direction == 1:
            if v > ext:
                ext = v
            elif ext - v >= hysteresis:
                n += 1
                direction, ext = -1, v
        else:
            if v < ext:
                ext = v
            elif v - ext >= hysteresis:
                n += 1
                direction, ext = 1, v
    return n


def fft(x: Sequence[complex]) -> list[complex]:
    """Discrete Fourier transform (numpy's); ``len(x)`` must be a power of two, as SPARC pads."""
    n = len(x)
    if n & (n - 1):
        raise ValueError("fft length must be a power of two")
    return np.fft.fft(np.asarray(x, dtype=complex)).tolist()


def sparc(
    speed: Sequence[float],
    rate_hz: float = KINEMATIC_RATE_HZ,
    pad_level: int = 4,
    fc_hz: float = 10.0,
    amp_threshold: float = 0.05,
) -> float:
    """Spectral arc length of a speed profile (Balasubramanian et al. 2015, JNER 12:112).

    Zero-pad to 2^(ceil(log2 N) + pad_level), normalise the magnitude spectrum by its peak,
    keep 0..fc, shrink the band to the last bin above ``amp_threshold``, and return minus the
    arc length of the normalised spectrum with frequency scaled to 0..1. Smooth movements are
    near -1.4..-1.6; jerky ones are more negative.
    """
    n = len(speed)
    if n < 2:
        return 0.0
    nfft = 2 ** (math.ceil(math.log2(n)) + pad_level)
    spec = np.abs(np.fft.rfft(np.asarray(speed, dtype=float), nfft))  # real input: half suffices
    df = rate_hz / nfft
    n_sel = int(math.floor(fc_hz / df + 1e-9)) + 1
    peak = float(spec.max())
    if peak <= 0.0:
        return 0.0
    mags = spec[:n_sel] / peak
    above = np.flatnonzero(mags >= amp_threshold)
    lo, hi = int(above[0]), int(above[-1])
    if hi <= lo:
        return 0.0
    f_span = (hi - lo) * df
    steps = np.diff(mags[lo : hi + 1])
    return -float(np.sqrt((df / f_span) ** 2 + steps * steps).sum())


@dataclass(frozen=True, slots=True)
class Kinematics:
    mean_speed_mm_s: float
    niv_per_stroke: float
    sparc: float
    strokes_measured: int


def kinematic_metrics(traces: Sequence[Trace]) -> Kinematics:
    """Mean speed over pen-down time, NIV per stroke and SPARC (mean over strokes)."""
    sigma = SMOOTH_SIGMA_S * KINEMATIC_RATE_HZ
    path = time = 0.0
    nivs: list[float] = []
    sparcs: list[float] = []
    for trace in traces:
        pts = gaussian_smooth(uniform_resample(trace), sigma)
        if len(pts) < 2:
            continue
        dur = (len(pts) - 1) / KINEMATIC_RATE_HZ
        plen = geo.length(pts)
        path += plen
        time += dur
        if dur < MIN_STROKE_S or plen < MIN_STROKE_MM:
            continue
        v = speed_profile(pts)
        h = max(NIV_HYSTERESIS_MIN_MM_S, NIV_HYSTERESIS_FRACTION * max(v))
        nivs.append(count_velocity_inversions(v, h))
        sparcs.append(sparc(v))
    return Kinematics(
        mean_speed_mm_s=path / time if time > 0 else 0.0,
        niv_per_stroke=sum(nivs) / len(nivs) if nivs else 0.0,
        sparc=sum(sparcs) / len(sparcs) if sparcs else 0.0,
        strokes_measured=len(nivs),
    )


# --------------------------------------------------------------------------------------------
# Stroke order and direction
# --------------------------------------------------------------------------------------------
def _points_along(poly: Sequence[Point], upto: float, n: int) -> list[Point]:
    """``n`` points evenly spaced by arc length over the first ``upto`` mm of ``poly``."""
    cum = geo.cumulative(poly)
    out = []
    j = 0
    for i in range(n):
        s = upto * i / (n - 1)
        while j < len(cum) - 2 and cum[j + 1] < s:
            j += 1
        span = cum[j + 1] - cum[j]
        u = 0.0 if span <= 0 else min(1.0, max(0.0, (s - cum[j]) / span))
        a, b = poly[j], poly[j + 1]
        out.append((a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u))
    return out


def is_reversed(trace_pts: Sequence[Point], stroke: Sequence[Point], n: int = 32) -> bool:
    """Did the trace go the wrong way along ``stroke``?

    The trace is laid point by point (evenly by arc length) against the same length of the
    stroke walked forwards and walked backwards; it is reversed when the backward walk fits
    better. This works for open and closed strokes (a clockwise circle), self-crossing ones
    (8) and a trace that stopped part of the way.
    """
    if len(trace_pts) < 2 or len(stroke) < 2:
        return False
    upto = min(geo.length(trace_pts), geo.length(stroke))
    if upto <= 0:
        return False
    tr = _points_along(trace_pts, upto, n)
    fwd = _points_along(stroke, upto, n)
    rev = _points_along(list(reversed(stroke)), upto, n)
    d_fwd = sum(math.dist(a, b) for a, b in zip(tr, fwd, strict=True))
    d_rev = sum(math.dist(a, b) for a, b in zip(tr, rev, strict=True))
    return d_rev < d_fwd


def assign_traces(
    traces: Sequence[Trace], strokes: Sequence[Sequence[Point]], tol_mm: float
) -> list[int | None]:
    """Which template stroke each trace drew, or None (a tap, a scribble, an off-road line).

    A trace belongs to the stroke it stays nearest to on average, if that mean distance is
    within max(2 x tolerance, 5 mm) and the trace is at least a third as long as the stroke.
    """
    out: list[int | None] = []
    indexes = [PolylineIndex([s]) for s in strokes]
    lengths = [geo.length(s) for s in strokes]
    for trace in traces:
        pieces = _weighted_pieces(trace)
        tlen = sum(w for _, w in pieces)
        best, best_d = None, math.inf
        if tlen > 0:
            for si, idx in enumerate(indexes):
                d = sum(w * idx.distance(p) for p, w in pieces) / tlen
                if d < best_d:
                    best, best_d = si, d
        if best is None or best_d > max(2 * tol_mm, 5.0) or tlen < lengths[best] / 3:
            out.append(None)
        else:
            out.append(best)
    return out


def order_and_direction_errors(
    traces: Sequence[Trace], strokes: Sequence[Sequence[Point]], tol_mm: float
) -> tuple[int, int]:
    """(stroke order errors, direction errors).

    Order: a stroke counts as an error when it was first drawn while an earlier stroke of the
    template had not been drawn yet. Direction: see ``is_reversed``.
    """
    assigned = assign_traces(traces, strokes, tol_mm)
    first_seen: list[int] = []
    for a in assigned:
        if a is not None and a not in first_seen:
            first_seen.append(a)
    order_errors = 0
    remaining = sorted(first_seen)
    for a in first_seen:
        if a != remaining[0]:
            order_errors += 1
        remaining.remove(a)
    direction_errors = 0
    for trace, a in zip(traces, assigned, strict=True):
        if a is not None and is_reversed(_trace_points(trace), strokes[a]):
            direction_errors += 1
    return order_errors, direction_errors


# --------------------------------------------------------------------------------------------
# Everything together
# --------------------------------------------------------------------------------------------
METRIC_SPECS: list[MetricSpec] = [
    MetricSpec(
        "mean_deviation",
        "mm",
        Better.LOWER,
        N_("Mean deviation from the path"),
        definition=N_(
            "Mean distance from the trace to the nearest point of the path, weighted by"
            " trace length (the trace resampled every 0.5 mm along a Catmull-Rom curve)."
        ),
        formula="sum(w_i * d_i) / sum(w_i); d_i = distance of trace piece i to geometry.strokes,"
        " w_i = its length",
    ),
    MetricSpec(
        "rms_deviation",
        "mm",
        Better.LOWER,
        N_("RMS deviation from the path"),
        definition=N_(
            "Root mean square of the distance from the trace to the path, weighted by"
            " trace length; large errors weigh more than in the mean deviation."
        ),
        formula="sqrt(sum(w_i * d_i^2) / sum(w_i))",
    ),
    MetricSpec(
        "inside_band",
        "%",
        Better.HIGHER,
        N_("Trace length inside the band"),
        definition=N_(
            "Share of the trace's length that lies inside the road (within half the band"
            " width of the path)."
        ),
        formula="100 * sum(w_i for d_i <= geometry.band_mm / 2) / sum(w_i)",
    ),
    MetricSpec(
        "coverage",
        "%",
        Better.HIGHER,
        N_("Template covered by the trace"),
        definition=N_(
            "Share of the path's length that has some trace within half the band width,"
            " in any order or direction."
        ),
        formula="100 * length(path pieces within band_mm / 2 of the trace) / length(path)",
    ),
    MetricSpec(
        "completion_time",
        "s",
        Better.LOWER,
        N_("Time from first touch to the end"),
        definition=N_("Time from the first pen-down sample to the last sample of the last trace."),
        formula="(t_ms of the last trace's last sample - t_ms of the first down) / 1000",
    ),
    MetricSpec(
        "pen_lifts",
        "count",
        Better.LOWER,
        N_("Pen lifts"),
        definition=N_(
            "Times the drawing finger or pen left the screen before the end: pen-down"
            " traces minus one (a second finger or palm is not a trace)."
        ),
        formula="max(0, number of down..up traces of the drawing pointer - 1)",
    ),
    MetricSpec(
        "mean_speed",
        "mm/s",
        Better.HIGHER,
        N_("Mean drawing speed"),
        definition=N_(
            "Path length drawn over pen-down time, each trace resampled at 100 Hz and"
            " smoothed (Gaussian, sigma 15 ms)."
        ),
        formula="sum(length of smoothed traces) / sum(duration of traces)",
    ),
    MetricSpec(
        "niv",
        "count",
        Better.LOWER,
        N_("Velocity inversions per stroke (NIV)"),
        definition=N_(
            "Number of inversions in velocity: sign changes of the speed's slope per"
            " stroke (a fluent stroke has about one), with a hysteresis of 10 % of peak speed (at"
            " least 4 mm/s); strokes under 0.1 s or 3 mm are left out."
        ),
        formula="mean over strokes of count(speed extrema differing by >= max(4, 0.1*peak) mm/s)",
    ),
    MetricSpec(
        "sparc",
        "",
        Better.HIGHER,
        N_("Smoothness (SPARC)"),
        definition=N_(
            "Spectral arc length of the speed profile (Balasubramanian 2015: cut-off"
            " 10 Hz, threshold 0.05, zero-padding 4); nearer 0 is smoother, typical reaches -1.4 to"
            " -1.6. Dimensionless."
        ),
        formula="mean over strokes of -arc length of the normalised speed spectrum up to fc",
    ),
    MetricSpec(
        "stroke_order_errors",
        "count",
        Better.LOWER,
        N_("Strokes out of order"),
        definition=N_(
            "Strokes of the template first drawn while an earlier stroke had not yet"
            " been drawn (a trace belongs to the stroke it stays nearest to)."
        ),
        formula="count(strokes first drawn before a lower-numbered undrawn stroke)",
    ),
    MetricSpec(
        "direction_errors",
        "count",
        Better.LOWER,
        N_("Strokes drawn backwards"),
        definition=N_(
            "Traces that went the wrong way along their stroke (the reversed stroke fits"
            " the trace better than the stroke walked forwards)."
        ),
        formula="count(traces with sum|trace - reversed stroke| < sum|trace - stroke|)",
    ),
]
_UNITS = {s.name: s.unit for s in METRIC_SPECS}


def geometry_strokes(geometry: dict[str, Any]) -> list[list[Point]]:
    return [[(float(x), float(y)) for x, y in s] for s in geometry["strokes"]]


def compute(samples: Sequence[PointerEvent], geometry: dict[str, Any]) -> dict[str, float]:
    """All tracing metrics by name (units as in ``METRIC_SPECS``) from raw samples + geometry.

    ``geometry`` needs ``strokes`` (polylines in mm) and ``band_mm`` (full band width).
    """
    strokes = geometry_strokes(geometry)
    tol = float(geometry["band_mm"]) / 2.0
    traces = split_traces(samples)
    sp = spatial_metrics(traces, strokes, tol)
    kin = kinematic_metrics(traces)
    order_err, dir_err = order_and_direction_errors(traces, strokes, tol)
    drawn = [t for t in traces if t]
    if drawn:
        completion = drawn[-1][-1].t - drawn[0][0].t
    else:
        completion = 0.0
    return {
        "mean_deviation": sp.mean_dev_mm,
        "rms_deviation": sp.rms_dev_mm,
        "inside_band": 100.0 * sp.inside_fraction,
        "coverage": 100.0 * sp.coverage,
        "completion_time": completion,
        "pen_lifts": float(max(0, len(drawn) - 1)),
        "mean_speed": kin.mean_speed_mm_s,
        "niv": kin.niv_per_stroke,
        "sparc": kin.sparc,
        "stroke_order_errors": float(order_err),
        "direction_errors": float(dir_err),
    }


def as_metrics(values: dict[str, float]) -> list[Metric]:
    return [Metric(name, float(values[name]), _UNITS[name]) for name in _UNITS]


def score_and_success(values: dict[str, float]) -> tuple[float, bool]:
    """Graded score 0..1 and success for the difficulty controller.

    Score: the mean of the inside-band share and the coverage, so staying on the road and
    getting all the way round both count. Success: coverage >= 90 % and inside >= 80 % — the
    "80 % accuracy" form of an OT goal, on a trace that actually went the whole way.
    """
    inside = min(1.0, max(0.0, values["inside_band"] / 100.0))
    cov = min(1.0, max(0.0, values["coverage"] / 100.0))
    score = 0.5 * inside + 0.5 * cov
    return score, cov >= SUCCESS_COVERAGE and inside >= SUCCESS_INSIDE


def stars_for(values: dict[str, float], finished: bool) -> int:
    """1..3 stars for a finished round (never 0: the child is never told they failed)."""
    if not finished:
        return 0
    inside = values["inside_band"]
    if inside >= 90.0:
        return 3
    if inside >= 70.0:
        return 2
    return 1


#: stated in reports beside every success rate; a changed rule is a new version
#: the rule in words, its numbers apart, so a report can say it in its own language
SUCCESS_WORDS = N_(
    "the trace covers at least %(coverage)s of the path and at least %(inside)s of it"
    " lies inside the road"
)
SUCCESS_VALUES = {"coverage": f"{SUCCESS_COVERAGE:.0%}", "inside": f"{SUCCESS_INSIDE:.0%}"}
SUCCESS_RULE = SuccessRule("tracing", 1, SUCCESS_WORDS % SUCCESS_VALUES)
