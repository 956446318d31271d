"""PuzzleView draws headless: holes on the board, pieces in the tray, turn button, sounds once."""

from __future__ import annotations

import os
import random

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from engine.input import Device, Phase, PointerEvent  # noqa: E402
from engine.registry import LOGIC_DT, RoundContext, ViewContext  # noqa: E402
from engine.units import Units  # noqa: E402
from games.puzzle import Kind, PuzzleParams, PuzzleRound, ladder  # noqa: E402
from games.puzzle import view as V  # noqa: E402

UNITS = Units.from_dpi(96)
PPM = UNITS.px_per_mm


class FakeSounds:
    def __init__(self) -> None:
        self.played: list[str] = []

    def play(self, name: str) -> None:
        self.played.append(name)


def setup(params: PuzzleParams, left: bool = False, sounds=None):
    ctx = RoundContext(1280 / PPM, 800 / PPM, left_handed=left)
    r = PuzzleRound(params, random.Random(0), ctx)
    v = V.PuzzleView(r, ViewContext(units=UNITS, left_handed=left, sounds=sounds), lambda: 0.0)
    surf = pygame.Surface((1280, 800))
    surf.fill(V.BACKGROUND)
    return r, v, surf


def px(p):
    return round(p[0] * PPM), round(p[1] * PPM)


def near(c1, c2, tol=14):
    return all(abs(a - b) <= tol for a, b in zip(c1[:3], c2[:3], strict=True))


def ev(phase, pid, p, t, device=Device.TOUCH):
    return PointerEvent(phase, pid, device, p[0], p[1], p[0] * PPM, p[1] * PPM, t)


@pytest.mark.parametrize("left", [False, True])
def test_holes_are_on_the_board_and_pieces_in_the_tray(left):
    r, v, surf = setup(PuzzleParams(kind=Kind.SHAPES, pieces=3, ghost=0.0), left=left)
    v.draw(surf, 0.0)
    for p in r.board.real:
        # the hole: below the centre (the circle's knob is drawn on the piece, not the hole)
        assert near(surf.get_at(px((p.target[0], p.target[1] + 8))), V.HOLE, 20)
        assert near(surf.get_at(px((p.home[0] + 8, p.home[1] + 8))), p.colour, 40)
    assert near(surf.get_at((3, 797)), V.BACKGROUND, 2)
    # the board is away from the hand: left of the tray for a right hand
    assert (r.board.board_rect[0] > r.board.tray_rect[0]) == left


def test_a_jigsaw_shows_its_picture_above_the_board_and_pieces_carry_the_picture():
    r, v, surf = setup(PuzzleParams(kind=Kind.JIGSAW, pieces=9, picture="boat"))
    v.draw(surf, 0.0)
    mx, my, mw, mh = r.board.model_rect
    colours = {
        tuple(surf.get_at(px((mx + mw * u / 8, my + mh * w / 8))))[:3]
        for u in range(1, 8)
        for w in range(1, 8)
    }
    assert len(colours) > 5  # a picture, not an empty card
    assert mx + mw <= r.board.tray_rect[0]
    p = r.board.real[0]
    img = v.images[p.id]
    assert img.get_at((img.get_width() // 2, img.get_height() // 2)).a == 255
    assert img.get_at((1, 1)).a == 0  # cut out: the corner outside the knobs is clear


def test_sounds_play_once_and_never_a_failure_sound():
    sounds = FakeSounds()
    r, v, surf = setup(PuzzleParams(kind=Kind.SHAPES, pieces=3), sounds=sounds)
    a, b = r.board.real[0], r.board.real[1]
    t = 1000.0
    events = [ev(Phase.DOWN, 1, a.home, t)]
    events += [ev(Phase.MOVE, 1, b.target, t + 100)]
    events += [ev(Phase.UP, 1, b.target, t + 110)]  # the wrong hole: back it goes
    events += [ev(Phase.DOWN, 2, a.home, t + 1500), ev(Phase.MOVE, 2, a.target, t + 1600)]
    events += [ev(Phase.UP, 2, a.target, t + 1610)]
    clock = t
    for e in events:
        while clock < e.t_ms:
            r.step(LOGIC_DT)
            clock += LOGIC_DT * 1000
            if round(clock) % 16 == 0:
                v.draw(surf, 0.0)
        r.handle(e)
    v.draw(surf, 0.0)
    v.draw(surf, 0.0)
    assert sounds.played == ["pickup", "drop", "pickup", "chime"]
    assert "oops" not in sounds.played


def test_the_turn_button_is_drawn_beside_the_selected_piece():
    r, v, surf = setup(PuzzleParams(kind=Kind.JIGSAW, pieces=4, rotation=True))
    p = r.board.real[0]
    r.handle(ev(Phase.DOWN, 0, p.home, 1000.0, Device.MOUSE))
    r.handle(ev(Phase.UP, 0, p.home, 1080.0, Device.MOUSE))
    c = r.turn_button()
    assert c is not None
    v.draw(surf, 0.0)
    edge = (c[0] - V.TURN_BUTTON_MM / 2 + 0.6, c[1])
    assert near(surf.get_at(px(edge)), V.BUTTON_RING, 30)


def test_rotated_images_are_cached_and_the_cache_is_bounded():
    r, v, surf = setup(ladder(1.0))
    p = r.board.real[0]
    first = v._rotated(p.id, 37.0)
    assert v._rotated(p.id, 37.2) is first
    for a in range(0, 720):
        v._rotated(r.board.pieces[a % len(r.board.pieces)].id, a * 0.9)
    assert len(v._rot) <= V.ROT_CACHE


def test_the_icon_is_a_picture():
    surf = pygame.Surface((120, 120))
    surf.fill((0, 0, 0))
    V.draw_icon(surf, surf.get_rect())
    colours = {tuple(surf.get_at((x, y)))[:3] for x in range(0, 120, 6) for y in range(0, 120, 6)}
    assert len(colours) >= 5


def test_a_stuck_child_is_shown_which_piece_goes_where():
    """Nothing moved for a while: the next piece and its place glow (a soft ring)."""
    from engine import art
    from engine.registry import LOGIC_DT

    r, view, surf = setup(ladder(0.0))
    star = tuple(art.PALETTE["star"])

    def glowing() -> int:
        surf.fill(V.BACKGROUND)
        view.draw(surf, 0.0)
        return sum(
            1
            for x in range(0, 1280, 3)
            for y in range(0, 800, 3)
            if tuple(surf.get_at((x, y))[:3]) == star
        )

    quiet = glowing()
    for _ in range(round((V.IDLE_HINT_S + 1.0) / LOGIC_DT)):
        r.step(LOGIC_DT)
    assert glowing() > quiet + 20  # the piece and its place are ringed
