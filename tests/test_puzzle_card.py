"""The puzzle's picture card shows what the child will play next: a shape board while the
ladder is on shape boards, a jigsaw once it reaches jigsaws (issue 17)."""

from __future__ import annotations

import random

import pygame
import pytest

import games
from engine import registry
from engine.difficulty import DifficultyState
from engine.harness import Harness
from games.puzzle.params import Kind, PuzzleParams
from games.puzzle.view import WOOD
from progress.safe import SafeStore
from tinyhands.screens.plan import GamePickerScene, PlanScene
from tinyhands.services import Services

games.load_all()


def wood_pixels(surface: pygame.Surface, rect: pygame.Rect) -> int:
    """The shape board's wood: a jigsaw card has none."""
    return sum(
        1
        for x in range(rect.x, rect.right, 2)
        for y in range(rect.y, rect.bottom, 2)
        if surface.get_at((x, y))[:3] == WOOD
    )


def test_the_engine_falls_back_to_the_icon_without_params_or_a_card():
    game = registry.get("puzzle")
    surf = pygame.Surface((200, 200))
    rect = pygame.Rect(0, 0, 200, 200)
    game.draw_card_for(surf, rect, None)
    assert wood_pixels(surf, rect) == 0  # the jigsaw icon
    game.draw_card_for(surf, rect, PuzzleParams(kind=Kind.SHAPES, pieces=3))
    assert wood_pixels(surf, rect) > 200
    game.draw_card_for(surf, rect, PuzzleParams(kind=Kind.JIGSAW, pieces=24))
    assert wood_pixels(surf, rect) == 0
    tracing = registry.get("tracing")
    assert tracing.draw_card is None  # its cards are its icon, whatever the level
    tracing.draw_card_for(surf, rect, tracing.ladder(0.5))


@pytest.mark.parametrize(("d", "kind"), [(0.0, Kind.SHAPES), (0.9, Kind.JIGSAW)])
@pytest.mark.parametrize("screen", ["plan", "picker"])
def test_the_card_matches_the_childs_next_round(tmp_path, d, kind, screen):
    store = SafeStore.open_dir(tmp_path / "data")
    child = store.add_child("Mia", avatar="cat")
    state = DifficultyState(value=d, trials=40, sessions=5, last_played=None)
    store.set_difficulty_state(child.id, "puzzle", state.to_dict())
    h = Harness(services=Services(store=store, rng=random.Random(1)))
    plan = h.app.scenes.push(PlanScene(child))
    h.run_frames(1)
    game = registry.get("puzzle")
    assert plan.practice.next_params(game).kind is kind
    if screen == "picker":
        h.tap_rect(plan.buttons.find("all-games").rect)
        assert isinstance(h.top, GamePickerScene)
    button = h.top.buttons.find("game:puzzle")
    surf = pygame.Surface((1280, 800))
    h.top.draw(surf, 0.0)
    wood = wood_pixels(surf, button.rect)
    if kind is Kind.SHAPES:
        assert wood > 100, "a shape-board round is next: the card shows a shape board"
    else:
        assert wood == 0, "a jigsaw is next: the card shows a jigsaw"
    # the round that opens from the card is that kind too
    h.tap_rect(button.rect)
    assert h.top.round.params.kind is kind
    h.close()
    store.close()
