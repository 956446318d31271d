"""The pointer layer: real pygame events in, PointerEvents in mm and ms out."""

import math

import pygame
import pytest

from engine.input import MOUSE_POINTER_ID, Device, Phase, PointerTranslator
from engine.units import Units
from engine.viewport import Viewport


@pytest.fixture(autouse=True)
def _pygame():
    pygame.display.init()
    yield


def tr(window=(1280, 800), dpi=96.0):
    vp = Viewport(*window)
    return PointerTranslator(vp, Units.from_dpi(dpi, vp.scale))


def finger(kind, x, y, fid=0, **kw):
    t = {"down": pygame.FINGERDOWN, "move": pygame.FINGERMOTION, "up": pygame.FINGERUP}[kind]
    return pygame.event.Event(t, touch_id=1, finger_id=fid, x=x, y=y, dx=0, dy=0, pressure=1, **kw)


def mouse(kind, pos, touch=False, **kw):
    t = {"down": pygame.MOUSEBUTTONDOWN, "up": pygame.MOUSEBUTTONUP, "move": pygame.MOUSEMOTION}
    extra = {"button": 1} if kind != "move" else {"rel": (0, 0), "buttons": (1, 0, 0)}
    return pygame.event.Event(t[kind], pos=pos, touch=touch, **extra, **kw)


def test_a_touch_is_one_pointer_sequence_and_its_mouse_twin_is_dropped():
    t = tr()
    evs = t.translate(
        [
            finger("down", 0.5, 0.5),
            mouse("down", (640, 400), touch=True),
            finger("move", 0.55, 0.5),
            mouse("move", (704, 400), touch=True),
            finger("up", 0.55, 0.5),
            mouse("up", (704, 400), touch=True),
        ],
        now_ms=100.0,
    )
    assert [e.phase for e in evs] == [Phase.DOWN, Phase.MOVE, Phase.UP]
    assert {e.device for e in evs} == {Device.TOUCH}
    assert len({e.pointer_id for e in evs}) == 1


def test_two_fingers_are_two_independent_pointers():
    t = tr()
    evs = t.translate(
        [
            finger("down", 0.25, 0.5, fid=0),
            finger("down", 0.75, 0.5, fid=1),
            finger("move", 0.30, 0.5, fid=0),
            finger("move", 0.70, 0.5, fid=1),
            finger("up", 0.30, 0.5, fid=0),
            finger("move", 0.65, 0.5, fid=1),
            finger("up", 0.65, 0.5, fid=1),
        ],
        now_ms=50.0,
    )
    ids = {e.pointer_id for e in evs}
    assert len(ids) == 2
    a, b = sorted(ids)
    assert [e.phase for e in evs if e.pointer_id == a] == [Phase.DOWN, Phase.MOVE, Phase.UP]
    assert [e.phase for e in evs if e.pointer_id == b] == [
        Phase.DOWN,
        Phase.MOVE,
        Phase.MOVE,
        Phase.UP,
    ]
    assert [e.x_px for e in evs if e.pointer_id == b] == pytest.approx([960, 896, 832, 832])


@pytest.mark.parametrize("dpi", [96.0, 132.0, 264.0])
def test_px_to_mm_follows_dpi(dpi):
    t = tr(dpi=dpi)
    # 1280 px across at this dpi is 1280 / dpi inches
    evs = t.translate([mouse("down", (0, 0)), mouse("move", (1280, 0))], now_ms=0.0)
    assert evs[1].x_mm - evs[0].x_mm == pytest.approx(1280 / dpi * 25.4)


def test_letterboxed_window_keeps_mm_true():
    # a 2560x1000 window: the 1280x800 canvas is scaled 1.25 and centred with bars
    t = tr(window=(2560, 1000), dpi=96.0)
    assert t.viewport.scale == pytest.approx(1.25)
    x0 = t.viewport.rect[0]
    evs = t.translate([mouse("down", (x0, 0)), mouse("move", (x0 + 960, 0))], now_ms=0.0)
    assert evs[0].x_px == pytest.approx(0.0)
    assert evs[1].x_px == pytest.approx(960 / 1.25)
    # 960 physical px at 96 dpi are 254 mm, whatever the scale
    assert evs[1].x_mm - evs[0].x_mm == pytest.approx(254.0)


def test_mouse_moves_count_only_while_pressed_and_right_button_is_ignored():
    t = tr()
    evs = t.translate(
        [
            mouse("move", (10, 10)),
            pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(10, 10), button=3, touch=False),
            mouse("down", (20, 20)),
            mouse("move", (30, 20)),
            mouse("up", (30, 20)),
            mouse("move", (40, 20)),
        ],
        now_ms=0.0,
    )
    assert [e.phase for e in evs] == [Phase.DOWN, Phase.MOVE, Phase.UP]
    assert {e.pointer_id for e in evs} == {MOUSE_POINTER_ID}


def test_nonsense_from_a_touch_screen_is_ignored_not_raised():
    t = tr()
    evs = t.translate(
        [
            finger("move", 0.5, 0.5, fid=7),  # move without down
            finger("up", 0.5, 0.5, fid=8),  # up without down
            finger("down", float("nan"), 0.5, fid=9),
            finger("down", 5.0, -3.0, fid=10),  # out of range: clamped to the window
            pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=None, button=1, touch=False),
        ],
        now_ms=0.0,
    )
    assert len(evs) == 1 and evs[0].phase is Phase.DOWN
    assert (evs[0].x_px, evs[0].y_px) == pytest.approx((1280, 0))


def test_timestamps_use_event_time_when_given_and_never_run_backwards():
    t = tr()
    evs = t.translate(
        [finger("down", 0.1, 0.1, t_ms=5.0), finger("move", 0.2, 0.1, t_ms=9.5)], 20.0
    )
    assert [e.t_ms for e in evs] == [5.0, 9.5]
    # without event times, the samples of one poll are spread over the time since the last poll
    evs = t.translate([finger("move", 0.3, 0.1), finger("move", 0.4, 0.1)], now_ms=40.0)
    assert [e.t_ms for e in evs] == pytest.approx([30.0, 40.0])
    # a clock that jumps backwards does not make time run backwards
    evs = t.translate([finger("move", 0.5, 0.1)], now_ms=10.0)
    assert evs[0].t_ms == pytest.approx(40.0)


ABSURD_TIMES = [1e300, -1e300, float("nan"), float("inf"), -float("inf"), -5.0, 2**70, "x", True]


@pytest.mark.parametrize("bad", ABSURD_TIMES, ids=repr)
def test_absurd_event_times_are_never_trusted_and_never_raise(bad):
    """Huge, negative, NaN, non-numeric event times: estimated from the poll's clock, and
    the stream stays ordered and within the poll's time (an OverflowError was seen on save)."""
    t = tr()
    t.translate([finger("down", 0.1, 0.1, t_ms=100.0)], now_ms=100.0)
    evs = t.translate(
        [finger("move", 0.2, 0.1, t_ms=bad), finger("move", 0.3, 0.1, t_ms=bad)], now_ms=116.0
    )
    assert len(evs) == 2
    times = [e.t_ms for e in evs]
    assert all(math.isfinite(x) and 100.0 <= x <= 116.0 for x in times), times
    assert times == sorted(times)
    (end,) = t.cancel_all(float("nan"))
    assert math.isfinite(end.t_ms) and end.t_ms >= times[-1]


def test_event_times_that_go_backwards_are_held_at_the_last_sample():
    t = tr()
    evs = t.translate(
        [
            finger("down", 0.1, 0.1, t_ms=50.0),
            finger("move", 0.2, 0.1, t_ms=40.0),
            finger("move", 0.3, 0.1, t_ms=55.0),
        ],
        now_ms=60.0,
    )
    assert [e.t_ms for e in evs] == [50.0, 50.0, 55.0]


def test_cancel_all_ends_every_live_pointer():
    t = tr()
    t.translate([finger("down", 0.1, 0.1, fid=0), finger("down", 0.2, 0.2, fid=1)], 0.0)
    evs = t.cancel_all(5.0)
    assert [e.phase for e in evs] == [Phase.CANCEL, Phase.CANCEL]
    assert not t.live_pointers
