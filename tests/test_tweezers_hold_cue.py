"""A press (mouse, or one-finger touch) must hold still before the tweezers close: the round
says how far the hold has got and the view shows it as a ring filling round the tips."""

from __future__ import annotations

import random

import pygame
import pytest

import games
from engine.game_scene import GameScene
from engine.harness import Harness
from engine.viewport import LOGICAL_SIZE
from games.tweezers.round import CLOSE_S, TipState
from games.tweezers.view import HOLD_FILL
from progress.safe import SafeStore
from tinyhands.screens.home import ProfileScene
from tinyhands.screens.plan import PlanScene
from tinyhands.services import Services

games.load_all()


@pytest.fixture
def harness(tmp_path):
    store = SafeStore.open_dir(tmp_path / "data")
    child = store.add_child("Noa", avatar="fox")
    h = Harness(ProfileScene(), services=Services(store=store, rng=random.Random(3)))
    h.tap_rect(h.top.buttons.find(f"child:{child.id}").rect)
    assert isinstance(h.top, PlanScene)
    h.tap_rect(h.top.buttons.find("game:tweezers").rect)
    assert isinstance(h.top, GameScene) and h.top.game.id == "tweezers"
    yield h
    h.close()
    store.close()


def _cue_pixels(scene: GameScene, centre: tuple[float, float], radius: float) -> int:
    """How many pixels of the ring's fill colour lie within ``radius`` px of ``centre``."""
    surf = pygame.Surface(LOGICAL_SIZE)
    scene.draw(surf, 0.0)
    cx, cy = round(centre[0]), round(centre[1])
    r = round(radius)
    n = 0
    for x in range(cx - r, cx + r + 1, 1):
        for y in range(cy - r, cy + r + 1, 1):
            if 0 <= x < surf.get_width() and 0 <= y < surf.get_height():
                if surf.get_at((x, y))[:3] == HOLD_FILL:
                    n += 1
    return n


def test_a_still_mouse_hold_shows_a_filling_ring_then_carries(harness):
    h = harness
    scene = h.top
    r = scene.round
    thing = r.things[0]
    x, y = h.px(thing.x, thing.y)
    reach = (r.params.object_mm / 2 + 12) * h.app.units.px_per_mm
    assert r.hold_progress is None
    before = _cue_pixels(scene, (x, y), reach)

    h.mouse("down", x, y)
    h.run_frames(1)
    seen = [r.hold_progress]
    fills = [_cue_pixels(scene, (x, y), reach)]
    for _ in range(round(CLOSE_S * h.rate_hz) - 4):
        h.run_frames(1)
        seen.append(r.hold_progress)
        fills.append(_cue_pixels(scene, (x, y), reach))
    assert all(p is not None for p in seen), seen
    assert seen == sorted(seen) and seen[0] < 0.2 and seen[-1] > 0.7  # rising, not yet done
    assert fills[-1] > before + 50  # the ring is drawn near the pointer
    assert fills[-1] > fills[len(fills) // 4] > before  # and it fills as the hold goes on

    h.run_frames(8)  # the hold completes: the tweezers close on the thing and carry it
    assert r.tips.state is TipState.HOLDING and r.held is thing
    assert r.hold_progress is None
    assert _cue_pixels(scene, (x, y), reach) <= before  # the cue is gone once it holds
    h.mouse("up", x, y)
    h.run_frames(1)


def test_moving_during_the_hold_ends_the_cue(harness):
    h = harness
    scene = h.top
    r = scene.round
    thing = r.things[0]
    x, y = h.px(thing.x, thing.y)
    h.mouse("down", x, y)
    h.run_frames(5)
    assert r.hold_progress is not None and r.hold_progress > 0
    jump = (r.params.jitter_mm + 5) * h.app.units.px_per_mm
    h.mouse("move", x + jump, y)
    h.run_frames(1)
    assert r.hold_progress is None and r.tips.state is TipState.CLOSED
    reach = (r.params.object_mm / 2 + 12) * h.app.units.px_per_mm
    assert _cue_pixels(scene, (x + jump, y), reach) == 0
