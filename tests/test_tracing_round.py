"""TracingRound: rules, bots end to end, determinism, layout, the ladder and the GAME entry."""

from __future__ import annotations

import math
import random

import pytest

from engine.input import Device, Phase, PointerEvent
from engine.registry import LOGIC_DT, RoundContext, get
from engine.trial import as_stored
from games.tracing import GAME, TracingParams, ladder, ladder_for
from games.tracing import metrics as M
from games.tracing.bots import play_stream
from games.tracing.content import CONTENT_SETS, ITEMS, SHAPE_ORDER
from games.tracing.params import Mode
from games.tracing.round import TOP_BAR_MM, TracingRound

PPM = 96 / 25.4
CTX = RoundContext(1280 / PPM, 800 / PPM)


def make(shape="circle", band=8.0, size=100.0, mode=Mode.COPY, ctx=CTX, **kw) -> TracingRound:
    p = TracingParams(shape=shape, band_mm=band, size_mm=size, mode=mode, **kw)
    return TracingRound(p, random.Random(7), ctx)


def play(r: TracingRound, evs, steps_per_event: int = 0) -> None:
    for e in evs:
        r.handle(e)
        for _ in range(steps_per_event):
            r.step(LOGIC_DT)


def ev(phase, x, y, t, pid=1):
    return PointerEvent(phase, pid, Device.TOUCH, x, y, x * PPM, y * PPM, t)


def drag(points, t0=0.0, dt=8.0, pid=1):
    out = []
    for i, (x, y) in enumerate(points):
        ph = Phase.DOWN if i == 0 else Phase.UP if i == len(points) - 1 else Phase.MOVE
        out.append(ev(ph, x, y, t0 + i * dt, pid))
    return out


# -- every item, played by a perfect bot, finishes ----------------------------------------
@pytest.mark.parametrize("shape", sorted(ITEMS))
def test_perfect_bot_finishes_every_item_at_the_hardest_band(shape):
    r = make(shape, band=4.0, size=40.0)
    play(r, play_stream(r.geometry, "perfect", random.Random(1), rate_hz=120.0))
    assert r.finished, (shape, r.stroke_index, r.chain_index)
    res = r.result()
    assert res.success and res.stars == 3 and res.score > 0.97
    assert res.metric("stroke_order_errors") == 0 and res.metric("direction_errors") == 0


@pytest.mark.parametrize("shape", SHAPE_ORDER + ("upper_A", "lower_g", "digit_5"))
@pytest.mark.parametrize("style", ["shaky", "slow"])
def test_shaky_and_slow_bots_finish(shape, style):
    r = make(shape, band=12.0, size=100.0, mode=Mode.IMITATE)
    play(r, play_stream(r.geometry, style, random.Random(2), skill=0.7), steps_per_event=1)
    assert r.finished
    res = r.result()
    assert 1 <= res.stars <= 3
    if style == "slow":  # one lift in the middle of every long stroke
        long = sum(1 for s in r.strokes if s.length >= 20.0)
        assert res.metric("pen_lifts") == len(r.strokes) - 1 + long


@pytest.mark.parametrize("seed", range(15))
def test_random_scribbler_never_crashes(seed):
    shape = sorted(ITEMS)[seed * 7 % len(ITEMS)]
    r = make(shape, band=random.Random(seed).choice([4.0, 12.0, 24.0]), mode=Mode.IMITATE)
    evs = play_stream(r.geometry, "random", random.Random(seed))
    for e in evs:
        r.handle(e)
        r.step(LOGIC_DT)
    res = r.result()
    assert 0.0 <= res.score <= 1.0
    assert len(res.metrics) == len(M.METRIC_SPECS)
    assert all(math.isfinite(m.value) for m in res.metrics)
    assert res.stars == (0 if not r.finished else res.stars)


def test_same_seed_and_input_give_an_identical_result():
    results = []
    for _ in range(2):
        r = make("upper_R", band=6.0, mode=Mode.IMITATE)
        evs = play_stream(r.geometry, "shaky", random.Random(11), skill=0.5)
        play(r, evs, steps_per_event=1)
        results.append(r.result())
    assert results[0] == results[1]
    assert results[0].samples == results[1].samples


def test_result_can_be_rescored_from_its_own_samples_and_geometry():
    r = make("lower_k", band=6.0)
    play(r, play_stream(r.geometry, "shaky", random.Random(3)))
    res = r.result()
    again = M.as_metrics(M.compute(as_stored(res.samples), res.geometry))
    assert again == res.metrics
    assert res.metrics_version == M.METRICS_VERSION
    assert res.geometry["band_mm"] == 6.0 and len(res.geometry["strokes"]) == 2
    assert res.params["shape"] == "lower_k"


# -- the rules ---------------------------------------------------------------------------
def test_straight_shortcut_does_not_complete_a_circle():
    r = make("circle", band=24.0, size=120.0)  # the widest road
    play(r, play_stream(r.geometry, "shortcut", random.Random(0)))
    assert not r.finished
    assert r.progress_mm / r.strokes[0].length < 0.10


@pytest.mark.parametrize("shape", ["upper_C", "lower_s", "digit_2", "square", "upper_U"])
def test_shortcuts_do_not_complete_curved_or_bent_items(shape):
    r = make(shape, band=8.0)
    play(r, play_stream(r.geometry, "shortcut", random.Random(0)))
    assert not r.finished


def test_drawing_a_stroke_backwards_advances_nothing():
    r = make("vertical", band=10.0)
    pts = r.strokes[0].points
    up = [(pts[-1][0], pts[-1][1] - k) for k in range(int(r.strokes[0].length) + 1)]
    play(r, drag(up))
    # the chain can only reach out to a finger within the tolerance of the start: <= 2 x 5 mm
    assert r.progress_mm <= 10.0 and not r.finished


def test_strokes_must_come_in_order_and_lifts_are_allowed():
    r = make("cross", band=8.0)
    first, second = ([p for p in s.points] for s in r.strokes)
    second_dense = [r.strokes[1].point_at(s) for s in range(0, int(r.strokes[1].length) + 1)]
    first_dense = [r.strokes[0].point_at(s) for s in range(0, int(r.strokes[0].length) + 1)]
    play(r, drag(second_dense))
    assert r.stroke_index == 0 and not r.finished  # the second stroke first: nothing happens
    half = len(first_dense) // 2
    play(r, drag(first_dense[: half + 1], t0=2000.0))  # lift half way ...
    assert r.stroke_index == 0 and r.progress_mm > 0.4 * r.strokes[0].length
    play(r, drag(first_dense[half:], t0=4000.0))  # ... and carry on from there
    assert r.stroke_index == 1
    play(r, drag(second_dense, t0=6000.0))
    assert r.finished
    assert r.result().metric("stroke_order_errors") == 1.0  # the stray first try is recorded


def test_going_off_the_road_pauses_and_coming_back_continues():
    r = make("horizontal", band=8.0, size=100.0)
    st = r.strokes[0]
    x0, y0 = st.points[0]
    path = [(x0 + s, y0) for s in range(0, 40)]
    path += [(x0 + 40, y0 + 3 * k) for k in range(1, 10)]  # wander 27 mm off the road
    path += [(x0 + 40 + k, y0 + 27) for k in range(30)]  # ... and along, far from it
    path += [(x0 + 40, y0 + 27 - 3 * k) for k in range(1, 10)]
    path += [(x0 + s, y0) for s in range(40, 101)]
    evs = drag(path)
    play(r, evs[: 40 + 9 + 30])
    assert r.off_road and 38.0 <= r.progress_mm <= 45.0
    play(r, evs[40 + 9 + 30 :])
    assert r.finished
    trail_off = [tp for tp in r.trail if not tp.on_road]
    assert trail_off  # recorded as off the road (drawn softer), never as a failure
    assert r.result().stars >= 1


def test_a_second_finger_does_not_draw():
    r = make("horizontal", band=8.0)
    st = r.strokes[0]
    palm = drag([st.point_at(s) for s in range(0, 101)], pid=5)
    finger = [ev(Phase.DOWN, 10.0, 10.0, -1.0, pid=1)]  # lands first, far from the road
    play(r, finger + palm)
    assert r.progress_mm == 0.0


def test_events_after_the_end_are_not_kept():
    r = make("vertical", band=8.0)
    evs = play_stream(r.geometry, "perfect", random.Random(0))
    play(r, evs)
    n = len(r.samples)
    r.handle(ev(Phase.DOWN, 1.0, 1.0, evs[-1].t_ms + 100))
    assert len(r.samples) == n


def test_step_is_fixed_and_imitate_demonstrates_first():
    r = make("circle", mode=Mode.IMITATE)
    with pytest.raises(ValueError):
        r.step(1 / 60)
    assert r.demo_fraction == 0.0
    for _ in range(60):
        r.step(LOGIC_DT)
    assert 0.0 < r.demo_fraction < 1.0
    x, y = r.strokes[0].points[0]
    r.handle(ev(Phase.DOWN, x, y, 100.0))  # the child starts: the demonstration gives way
    assert r.demo_fraction is None
    copy = make("circle", mode=Mode.COPY)
    assert copy.demo_fraction is None


def test_imitate_shows_again_after_a_long_wait():
    r = make("vertical", mode=Mode.IMITATE)
    for _ in range(int((r.demo_duration_s + 0.6) / LOGIC_DT) + 2):
        r.step(LOGIC_DT)
    assert r.demo_fraction is None
    for _ in range(int(6.0 / LOGIC_DT) + 2):
        r.step(LOGIC_DT)
    assert r.demo_fraction is not None


# -- layout ------------------------------------------------------------------------------
@pytest.mark.parametrize("plane", [(338.7, 211.7), (160.0, 110.0), (120.0, 90.0)])
@pytest.mark.parametrize("shape", ["circle", "horizontal", "lower_g", "upper_W"])
def test_item_is_centred_below_the_top_bar_and_fits_the_plane(plane, shape):
    ctx = RoundContext(*plane)
    r = make(shape, band=12.0, size=120.0, ctx=ctx)
    x0, y0, x1, y1 = r.layout.bbox
    assert (x0 + x1) / 2 == pytest.approx(plane[0] / 2)
    assert (y0 + y1) / 2 == pytest.approx(TOP_BAR_MM + (plane[1] - TOP_BAR_MM) / 2)
    assert y0 - r.tol_mm >= TOP_BAR_MM and y1 + r.tol_mm <= plane[1]
    assert x0 - r.tol_mm >= 0 and x1 + r.tol_mm <= plane[0]


def test_model_picture_sits_away_from_the_writing_hand():
    right = make("circle", ctx=RoundContext(338.7, 211.7, left_handed=False))
    left = make("circle", ctx=RoundContext(338.7, 211.7, left_handed=True))
    assert right.layout.model_rect[0] < 338.7 / 2 < left.layout.model_rect[0]
    mx, my, mw, mh = left.layout.model_rect
    assert my >= TOP_BAR_MM
    x0, y0, x1, y1 = left.layout.bbox
    assert mx > x1 + left.tol_mm  # the model never covers the road


def test_start_dot_is_at_least_15_mm():
    assert make("circle").start_dot_mm >= 15.0


# -- ladder and registration --------------------------------------------------------------
def test_ladder_narrows_shrinks_fades_and_climbs_the_developmental_order():
    steps = [ladder(i / 100) for i in range(101)]
    assert steps[0].band_mm == pytest.approx(24.0) and steps[-1].band_mm == pytest.approx(4.0)
    assert steps[0].size_mm == pytest.approx(120.0) and steps[-1].size_mm == pytest.approx(40.0)
    assert steps[0].guide == 1.0 and steps[-1].guide == 0.0
    assert steps[0].mode == Mode.IMITATE and steps[-1].mode == Mode.COPY
    for a, b in zip(steps, steps[1:], strict=False):
        assert b.band_mm <= a.band_mm and b.size_mm <= a.size_mm and b.guide <= a.guide
        assert SHAPE_ORDER.index(b.shape) >= SHAPE_ORDER.index(a.shape)
    assert [s.shape for s in steps][0] == "vertical" and steps[-1].shape == SHAPE_ORDER[-1]
    assert {s.shape for s in steps} == set(SHAPE_ORDER)
    # log scale: the middle is the geometric mean, not the arithmetic one
    assert ladder(0.5).band_mm == pytest.approx(math.sqrt(24.0 * 4.0), abs=0.01)
    assert ladder(-3).band_mm == 24.0 and ladder(7).band_mm == 4.0


@pytest.mark.parametrize("content", sorted(CONTENT_SETS))
def test_content_ladders_cover_their_set(content):
    lad = ladder_for(content)
    seen = {lad(i / 200).shape for i in range(201)}
    assert seen == set(CONTENT_SETS[content])


def test_params_validate():
    with pytest.raises(ValueError):
        TracingParams(shape="upper_Ä")
    with pytest.raises(ValueError):
        TracingParams(band_mm=0.5)
    p = TracingParams.model_validate({"shape": "digit_7", "mode": "copy"})
    assert p.mode == Mode.COPY


def test_game_is_registered_and_builds_rounds():
    assert get("tracing") is GAME
    assert GAME.order == 10 and GAME.params_model is TracingParams
    assert [s.name for s in GAME.metrics] == [s.name for s in M.METRIC_SPECS]
    r = GAME.new_round(GAME.ladder(0.3), random.Random(1), CTX)
    assert isinstance(r, TracingRound) and not r.finished
