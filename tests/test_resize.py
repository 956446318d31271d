"""Every child screen lays itself out again when the window changes size (issue 17).

Each screen is resized through tiny, small, normal, huge and back, each size with the
density its screen would have (a small phone, a 7", a 13" and a 27" screen). After each
resize every target is at least 15 mm in real millimetres, inside the canvas, and no two
overlap: a small window shows fewer things or pages, it never shrinks them.
"""

from __future__ import annotations

import itertools
import math
import random
from types import SimpleNamespace

import pygame
import pytest

import games
from engine.app import MIN_WINDOW_MM
from engine.game_scene import GameScene
from engine.harness import Harness
from engine.scene import Scene
from engine.ui import MIN_TARGET_MM
from progress.safe import SafeStore
from tinyhands.screens.home import ProfileScene
from tinyhands.screens.plan import GamePickerScene, PlanScene
from tinyhands.screens.practice import DailyPracticeScene, PracticeEndScene
from tinyhands.screens.reward import RewardScene
from tinyhands.services import Services

games.load_all()


def dpi_for(size: tuple[int, int], diagonal_in: float) -> float:
    return math.hypot(*size) / diagonal_in


TINY_DPI = 96.0
TINY = (
    math.ceil(MIN_WINDOW_MM[0] * TINY_DPI / 25.4),
    math.ceil(MIN_WINDOW_MM[1] * TINY_DPI / 25.4),
)
SIZES = {
    "tiny": (TINY, TINY_DPI),
    "small": ((480, 300), dpi_for((480, 300), 7.0)),
    "normal": ((1280, 800), dpi_for((1280, 800), 13.3)),
    "huge": ((2560, 1600), dpi_for((2560, 1600), 27.0)),
}
ROUTE = ["normal", "tiny", "small", "normal", "huge", "small", "tiny", "normal"]
AVATARS = ["cat", "dog", "owl", "frog", "fox", "pig", "bear", "lion", "panda", "bunny"]


@pytest.fixture
def store(tmp_path):
    s = SafeStore.open_dir(tmp_path / "data")
    yield s
    s.close()


def check(h: Harness, scene: Scene, where: str) -> None:
    u = h.app.units
    buttons = scene.buttons.buttons
    assert buttons, where
    canvas = pygame.Rect(0, 0, 1280, 800)
    for b in buttons:
        w_mm, h_mm = u.mm(b.rect.w), u.mm(b.rect.h)
        assert min(w_mm, h_mm) >= MIN_TARGET_MM - 0.01, (where, b.name, w_mm, h_mm)
        assert canvas.contains(b.rect), (where, b.name, b.rect)
    for a, b in itertools.combinations(buttons, 2):
        assert not a.rect.colliderect(b.rect), (where, a.name, a.rect, b.name, b.rect)


def walk(h: Harness, scene: Scene, name: str) -> None:
    size0, dpi0 = SIZES["normal"]
    for step in ROUTE:
        size, dpi = SIZES[step]
        h.resize(size, dpi)
        assert h.top is scene
        check(h, scene, f"{name} at {step} {size} {dpi:.0f} dpi")


def harness(store, n_children: int = 3) -> Harness:
    for i in range(n_children):
        store.add_child(f"Child {i}", avatar=AVATARS[i % len(AVATARS)])
    size, dpi = SIZES["normal"]
    services = Services(store=store, rng=random.Random(3))
    return Harness(ProfileScene(), services=services, dpi=dpi, window_size=size)


@pytest.mark.parametrize("n_children", [0, 1, 3, 10])
def test_the_profile_picker_pages_instead_of_shrinking(store, n_children):
    h = harness(store, n_children)
    walk(h, h.top, f"profile picker with {n_children}")
    if n_children == 10:  # at the tiny size some children are on the next page
        h.resize(*SIZES["tiny"])
        names = {b.name for b in h.top.buttons.buttons}
        assert "next" in names and sum(n.startswith("child:") for n in names) < 10
    h.close()


def test_the_plan_the_picker_and_the_reward_follow_the_window(store):
    h = harness(store, 1)
    child = store.list_children()[0]
    plan = h.app.scenes.push(PlanScene(child))
    walk(h, plan, "today's plan")
    picker = h.app.scenes.push(GamePickerScene(plan.practice))
    walk(h, picker, "game picker")
    h.app.scenes.pop()
    game = plan.games[0]
    reward = h.app.scenes.push(RewardScene(plan.practice, game, SimpleNamespace(stars=3), "sun"))
    h.run_seconds(2.0)
    walk(h, reward, "reward")
    h.close()


def test_today_s_practice_and_its_end_follow_the_window(store):
    h = harness(store, 1)
    child = store.list_children()[0]
    daily = h.app.scenes.push(DailyPracticeScene(child))
    walk(h, daily, "today's practice")
    end = h.app.scenes.push(PracticeEndScene(child, daily.practice))
    walk(h, end, "practice end")
    h.close()


@pytest.mark.parametrize("game_id", ["tracing", "tweezers", "beads", "puzzle"])
def test_a_game_s_chrome_follows_the_window_and_the_round_keeps_its_mm(store, game_id):
    from engine import registry

    h = harness(store, 1)
    child = store.list_children()[0]
    plan = h.app.scenes.push(PlanScene(child))
    scene = plan.practice.new_game_scene(registry.get(game_id), on_leave=h.app.scenes.pop)
    h.app.scenes.push(scene)
    assert isinstance(scene, GameScene)
    units0 = h.app.units
    walk(h, scene, f"{game_id} round")
    h.resize(*SIZES["small"])
    seen = []
    inner = scene.round.handle
    scene.round.handle = lambda ev: (seen.append(ev), inner(ev))
    h.finger("down", 640, 400)
    h.run_frames(1)
    assert seen and seen[0].x_mm == pytest.approx(units0.mm(640), abs=0.2)
    h.close()


def test_below_the_minimum_targets_stay_15_mm(store):
    """A window manager may ignore the minimum size: targets still never shrink."""
    h = harness(store, 3)
    h.resize((200, 130), 96.0)
    u = h.app.units
    for b in h.top.buttons.buttons:
        assert min(u.mm(b.rect.w), u.mm(b.rect.h)) >= MIN_TARGET_MM - 0.01
    h.close()
