"""Rounds left early are shown to grown-ups as such on the Streak & stickers page: how many,
on which days, counted in minutes and not scored (issue 17)."""

from __future__ import annotations

import random
from datetime import date

import pygame
import pytest

import games
from engine import registry, text
from engine.harness import Harness
from progress.safe import SafeStore
from tinyhands.screens.home import ProfileScene
from tinyhands.screens.plan import PlanScene, start_game
from tinyhands.screens.streaks import StreaksScene, interrupted_words
from tinyhands.services import Services

games.load_all()


def spy_on_text(monkeypatch) -> list[str]:
    """Every string the page renders, in order."""
    drawn: list[str] = []
    real = text.render

    def render(s, *a, **k):
        drawn.append(s)
        return real(s, *a, **k)

    render.cache_clear = real.cache_clear  # type: ignore[attr-defined]
    monkeypatch.setattr(text, "render", render)
    return drawn


def leave_a_round_early(h: Harness, plan: PlanScene, game_id: str) -> None:
    start_game(h.app, plan.practice, registry.get(game_id))
    h.run_frames(2)
    h.finger("down", 500, 450)
    for i in range(120):
        h.finger("move", 500 + (i * 7) % 300, 450 + (i * 3) % 150)
        h.run_frames(1)
    h.finger("up", 600, 500)
    h.run_frames(2)
    h.tap_rect(h.top.buttons.find("home").rect)
    assert h.top is plan


def test_the_streaks_page_says_how_many_rounds_were_left_early(tmp_path, monkeypatch):
    store = SafeStore.open_dir(tmp_path / "data")
    child = store.add_child("Mia", avatar="cat")
    h = Harness(ProfileScene(), services=Services(store=store, rng=random.Random(2)))
    plan = h.app.scenes.push(PlanScene(child))
    leave_a_round_early(h, plan, "tracing")
    leave_a_round_early(h, plan, "tweezers")
    today = store.now().date()
    assert store.call(lambda s: s.interrupted_by_day(child.id), {}) == {today: 2}

    drawn = spy_on_text(monkeypatch)
    scene = h.app.scenes.push(StreaksScene(child))
    h.run_frames(1)
    h.screenshot(str(tmp_path / "streaks.png"))
    assert scene.month_interrupted == {today: 2}
    page = " ".join(drawn)
    assert "The minutes include 2 rounds left before the end" in page
    assert f"on the {today.day}" in page and "never scored" in page
    # and it is on the page, under the calendar: dark ink where the line is drawn
    surf = pygame.Surface((1280, 800))
    scene.draw(surf, 0.0)
    x, y = scene.left_early_at
    ink = sum(
        1
        for px in range(x, x + 600, 2)
        for py in range(y, y + 24, 2)
        if sum(surf.get_at((px, py))[:3]) < 300
    )
    assert ink > 40
    h.close()
    store.close()


def test_a_month_without_rounds_left_early_says_nothing(tmp_path, monkeypatch):
    store = SafeStore.open_dir(tmp_path / "data")
    child = store.add_child("Mia", avatar="cat")
    drawn = spy_on_text(monkeypatch)
    h = Harness(StreaksScene(child), services=Services(store=store, rng=random.Random(2)))
    h.run_frames(1)
    assert not any("left before the end" in s for s in drawn)
    h.close()
    store.close()


@pytest.mark.parametrize(
    ("by_day", "words"),
    [
        ({}, ""),
        ({date(2025, 3, 1): 1}, "The minutes include 1 round left before the end on the 1st"),
        (
            {date(2025, 3, 12): 1, date(2025, 3, 2): 2},
            "The minutes include 3 rounds left before the end (2 on the 2nd, 1 on the 12th)",
        ),
        ({date(2025, 3, 11): 2}, "The minutes include 2 rounds left before the end on the 11th"),
        (
            {date(2025, 3, d): 1 for d in range(1, 11)},
            "The minutes include 10 rounds left before the end on 10 days",
        ),
    ],
)
def test_the_words(by_day, words):
    assert interrupted_words(by_day).startswith(words)
