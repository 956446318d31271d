"""The finished necklace's card covers the string and its needle: nothing shows through
(issue 17: "the needle shows through the necklace card")."""

from __future__ import annotations

import random

import pygame
import pytest

import games
from engine.harness import Harness
from games.beads.bots import play_stream
from games.beads.view import CARD
from progress.safe import SafeStore
from tinyhands.screens.home import ProfileScene
from tinyhands.services import Services

games.load_all()


@pytest.mark.parametrize("seed", [11, 5])
def test_the_necklace_card_covers_the_needle(tmp_path, seed):
    store = SafeStore.open_dir(tmp_path / "data")
    child = store.add_child("Ola", avatar="owl")
    h = Harness(ProfileScene(), services=Services(store=store, rng=random.Random(seed)))
    h.tap_rect(h.top.buttons.find(f"child:{child.id}").rect)
    h.tap_rect(h.top.buttons.find("game:beads").rect)
    scene = h.top
    stream = play_stream(scene.round, random.Random(2), 1.0, px_per_mm=h.app.units.px_per_mm)
    h.replay(stream, device="touch", settle_frames=60)  # the beads have gathered on the card
    r = scene.round
    assert r.celebrating
    ppm = h.app.units.px_per_mm
    surf = pygame.Surface((1280, 800))
    scene.view.draw(surf, 0.0)
    card = scene.view.necklace_card.inflate(-40, -40)  # inside its rounded corners
    (ax, ay), (bx, by) = r.string_points[-2], r.string_points[-1]
    under = []
    for k in range(41):  # along the needle and a little past its tip
        u = k / 40 * 1.3
        p = (round((ax + (bx - ax) * u) * ppm), round((ay + (by - ay) * u) * ppm))
        if card.collidepoint(p):
            under.append(p)
    assert len(under) >= 10, "the needle should stand behind the card in this layout"
    showing = [p for p in under if surf.get_at(p)[:3] != CARD]
    assert not showing, f"the needle shows through the card at {showing[:5]}"
    h.close()
    store.close()
