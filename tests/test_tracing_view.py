"""TracingView draws headless: cues where a child looks, trail and progress, sounds once."""

from __future__ import annotations

import os
import random

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from engine.registry import LOGIC_DT, RoundContext, ViewContext  # noqa: E402
from engine.units import Units  # noqa: E402
from games.tracing import GAME, TracingParams  # noqa: E402
from games.tracing import view as V  # noqa: E402
from games.tracing.bots import play_stream  # noqa: E402
from games.tracing.params import Mode  # noqa: E402
from games.tracing.round import TracingRound  # noqa: E402

UNITS = Units.from_dpi(96)


class FakeSounds:
    def __init__(self) -> None:
        self.played: list[str] = []

    def play(self, name: str) -> None:
        self.played.append(name)


def setup(shape="circle", band=12.0, left=False, sounds=None, mode=Mode.COPY):
    ppm = UNITS.px_per_mm
    ctx = RoundContext(1280 / ppm, 800 / ppm, left_handed=left)
    r = TracingRound(TracingParams(shape=shape, band_mm=band, mode=mode), random.Random(0), ctx)
    clock = [0.0]
    v = V.TracingView(
        r, ViewContext(units=UNITS, left_handed=left, sounds=sounds), lambda: clock[0]
    )
    surf = pygame.Surface((1280, 800))
    surf.fill(V.BACKGROUND)
    return r, v, surf, clock


def px(p):
    return round(p[0] * UNITS.px_per_mm), round(p[1] * UNITS.px_per_mm)


def near(c1, c2, tol=12):
    return all(abs(a - b) <= tol for a, b in zip(c1[:3], c2[:3], strict=True))


def test_start_dot_and_road_are_drawn_where_the_child_looks():
    r, v, surf, _ = setup("vertical")
    v.draw(surf, 0.0)
    start = r.strokes[0].points[0]
    assert near(surf.get_at(px(start)), V.START_RING) or near(surf.get_at(px(start)), V.START)
    mid = r.strokes[0].point_at(r.strokes[0].length * 0.6)
    c = surf.get_at((px(mid)[0] + 6, px(mid)[1]))  # beside the guide dots
    assert near(c, v.road_col)
    far = (5, 790)
    assert near(surf.get_at(far), V.BACKGROUND)


def test_trail_progress_and_finish_are_drawn_and_sounds_play_once():
    sounds = FakeSounds()
    r, v, surf, clock = setup("cross", sounds=sounds)
    evs = play_stream(r.geometry, "perfect", random.Random(0), rate_hz=240.0)
    for i, e in enumerate(evs):
        r.handle(e)
        if i % 4 == 0:
            r.step(LOGIC_DT)
            v.draw(surf, 0.5)
    assert r.finished
    v.draw(surf, 0.0)
    clock[0] = 2.5  # after the celebration
    v.draw(surf, 0.0)
    assert sounds.played == ["chime", "cheer"]
    on_path = r.strokes[0].point_at(r.strokes[0].length * 0.3)
    assert near(surf.get_at(px(on_path)), V.INK)  # the child's ink on top of the road
    beside = (px(on_path)[0] + round(r.band_mm * 0.45 * UNITS.px_per_mm), px(on_path)[1])
    assert near(surf.get_at(beside), V.DONE)  # the road has filled in


def test_off_road_trail_is_softer_not_red():
    r, v, surf, _ = setup("horizontal", band=8.0)
    x0, y0 = r.strokes[0].points[0]
    from engine.input import Device, Phase, PointerEvent

    pts = [(x0 + k, y0 + (0 if k < 20 else 25)) for k in range(40)]
    for i, (x, y) in enumerate(pts):
        ph = Phase.DOWN if i == 0 else Phase.MOVE
        r.handle(PointerEvent(ph, 1, Device.TOUCH, x, y, 0, 0, i * 8.0))
    v.draw(surf, 0.0)
    assert near(surf.get_at(px((x0 + 32, y0 + 25))), V.INK_OFF)
    assert near(surf.get_at(px((x0 + 8, y0))), V.INK)
    reds = sum(
        1
        for x in range(0, 1280, 8)
        for y in range(0, 800, 8)
        if (c := surf.get_at((x, y))).r > 200 and c.g < 90 and c.b < 90
    )
    assert reds == 0


@pytest.mark.parametrize("left", [False, True])
def test_model_picture_is_on_the_side_away_from_the_hand(left):
    r, v, surf, _ = setup("upper_A", left=left)
    v.draw(surf, 0.0)
    mx, my, mw, mh = r.layout.model_rect
    centre = px((mx + mw / 2, my + mh / 2))
    assert near(surf.get_at(centre), V.CARD, tol=4)
    assert (centre[0] > 640) == left


def test_imitate_demo_draws_the_stroke_before_the_child():
    r, v, surf, _ = setup("vertical", mode=Mode.IMITATE)
    for _ in range(int(r.demo_duration_s * 0.8 / LOGIC_DT)):
        r.step(LOGIC_DT)
    v.draw(surf, 0.0)
    st = r.strokes[0]
    # the demo crayon has passed 40 % of the way; no child has touched yet
    assert near(surf.get_at(px(st.point_at(st.length * 0.4))), V.DEMO_INK)
    assert not r.trail


def test_every_item_draws_start_to_end():
    for shape in ("digit_8", "lower_j", "upper_W", "diamond"):
        r, v, surf, clock = setup(shape, band=6.0, mode=Mode.IMITATE)
        for e in play_stream(r.geometry, "shaky", random.Random(1)):
            r.handle(e)
            r.step(LOGIC_DT)
            v.draw(surf, 0.0)
        assert r.finished
        for t in (0.1, 1.0, 3.0):
            clock[0] = t
            v.draw(surf, 0.0)


def test_icon_draws():
    surf = pygame.Surface((200, 200))
    GAME.draw_icon(surf, pygame.Rect(20, 20, 160, 160))
    assert near(surf.get_at((100, 30)), V.CARD)
