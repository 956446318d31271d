"""The program-drawn art renders at every size, is cached, and never fails a child."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


import pygame  # noqa: E402
import pytest  # noqa: E402

from engine import art  # noqa: E402

SIZES = (48, 120, 300)


@pytest.fixture(scope="module", autouse=True)
def _display():
    pygame.display.init()
    pygame.display.set_mode((1, 1))
    yield


def _centre_opaque(surf: pygame.Surface, frac: float = 0.2) -> int:
    """How many pixels in the middle square (``frac`` of the side) are mostly opaque."""
    w, h = surf.get_size()
    x0, y0 = int(w * (0.5 - frac / 2)), int(h * (0.5 - frac / 2))
    x1, y1 = max(x0 + 1, int(w * (0.5 + frac / 2))), max(y0 + 1, int(h * (0.5 + frac / 2)))
    return sum(1 for x in range(x0, x1) for y in range(y0, y1) if surf.get_at((x, y)).a > 128)


def _check_picture(surf: pygame.Surface, size: int) -> None:
    assert surf.get_size() == (size, size)
    assert surf.get_flags() & pygame.SRCALPHA
    assert _centre_opaque(surf) > 0, "nothing drawn in the middle"
    # nothing drawn hard against the edge: pictures must not be clipped
    edge = [surf.get_at((x, 0)).a for x in range(size)] + [
        surf.get_at((0, y)).a for y in range(size)
    ]
    assert max(edge) < 200


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", art.AVATARS)
def test_avatar_renders(name: str, size: int) -> None:
    _check_picture(art.avatar(name, size), size)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", art.STICKERS)
def test_sticker_renders(name: str, size: int) -> None:
    surf = art.sticker(name, size)
    assert surf.get_size() == (size, size)
    assert _centre_opaque(surf, 0.4) > 0


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", art.ICONS)
def test_icon_renders(name: str, size: int) -> None:
    surf = art.icon(name, size, (40, 40, 40))
    assert surf.get_size() == (size, size)
    assert _centre_opaque(surf, 0.5) > 0
    # one-colour icons keep their colour (the rim is anti-aliased alpha, not darker RGB)
    opaque = [
        surf.get_at((x, y))
        for x in range(0, size, max(1, size // 24))
        for y in range(0, size, max(1, size // 24))
        if surf.get_at((x, y)).a == 255
    ]
    assert opaque and all(abs(c.r - 40) <= 2 for c in opaque)


def test_catalogue_sizes() -> None:
    assert len(art.AVATARS) >= 12
    assert len(set(art.AVATARS)) == len(art.AVATARS)
    assert set(art.AVATAR_COLOURS) == set(art.AVATARS)
    assert len(set(art.AVATAR_COLOURS.values())) == len(art.AVATARS), "card colours repeat"
    assert len(art.STICKERS) >= 8
    for name in ("sun", "rainbow", "heart", "flower", "rocket", "balloon", "fish", "tree"):
        assert name in art.STICKERS
    for name in (
        "play", "back", "home", "plus", "lock", "speaker", "speaker_off",
        "check", "star", "grid", "calendar", "gear",
    ):  # fmt: skip
        assert name in art.ICONS


def test_avatars_differ_pixelwise() -> None:
    size = 64
    pics = {n: pygame.image.tobytes(art.avatar(n, size), "RGBA") for n in art.AVATARS}
    names = list(pics)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            pa, pb = pics[a], pics[b]
            differing = sum(1 for k in range(0, len(pa), 4) if abs(pa[k] - pb[k]) > 40)
            assert differing > size * size // 10, f"{a} and {b} look too alike"


def test_cache_returns_same_object() -> None:
    assert art.avatar("cat", 120) is art.avatar("cat", 120)
    assert art.sticker("sun", 120) is art.sticker("sun", 120)
    assert art.icon("home", 64, (1, 2, 3)) is art.icon("home", 64, (1, 2, 3))
    assert art.star(50) is art.star(50)
    assert art.card((100, 80), (255, 255, 255), 12) is art.card((100, 80), (255, 255, 255), 12)
    assert art.avatar("cat", 120) is not art.avatar("cat", 121)


def test_unknown_avatar_falls_back_to_neutral_face() -> None:
    surf = art.avatar("dragon-from-the-future", 120)
    _check_picture(surf, 120)
    assert art.avatar_colour("dragon-from-the-future") == art.NEUTRAL_COLOUR
    # and unknown stickers show a star instead of failing
    assert art.sticker("retired", 60).get_size() == (60, 60)


def test_unknown_icon_is_a_programmer_error() -> None:
    with pytest.raises(KeyError, match="home"):
        art.icon("nope", 48)


def test_star_filled_and_empty_differ() -> None:
    full, empty = art.star(80), art.star(80, filled=False)
    assert full.get_at((40, 44)) != empty.get_at((40, 44))
    assert _centre_opaque(full) > 0 and _centre_opaque(empty) > 0


def test_card_has_body_and_soft_shadow() -> None:
    size = (200, 120)
    surf = art.card(size, (250, 250, 250), 20)
    assert surf.get_size() == size
    body = art.card_body_rect(size)
    assert surf.get_rect().contains(body)
    assert surf.get_at(body.center)[:3] == (250, 250, 250)
    below = surf.get_at((body.centerx, body.bottom + 1))
    assert 0 < below.a < 255, "a soft shadow under the card"
    flat = art.card(size, (250, 250, 250), 20, shadow=False)
    assert flat.get_at((100, 60)).a == 255
    assert art.card((10, 10), (0, 0, 0), 999).get_size() == (10, 10)  # radius clamped


def test_palettes_have_same_keys() -> None:
    assert set(art.PALETTE) == set(art.PALETTE_COLOURBLIND)
    assert art.palette(False) is art.PALETTE
    assert art.palette(True) is art.PALETTE_COLOURBLIND
    for colour in (*art.PALETTE.values(), *art.PALETTE_COLOURBLIND.values()):
        assert len(colour) == 3 and all(0 <= c <= 255 for c in colour)


def test_stars_burst_pops_in_one_by_one() -> None:
    surf = pygame.Surface((400, 200), pygame.SRCALPHA)
    assert art.draw_stars_burst(surf, (200, 100), -1.0, 3, 60) == 0
    assert art.draw_stars_burst(surf, (200, 100), 0.0, 3, 60) == 1
    assert art.draw_stars_burst(surf, (200, 100), art.STAR_BURST_INTERVAL_S * 1.5, 3, 60) == 2
    end = art.star_burst_duration(3)
    surf.fill((0, 0, 0, 0))
    assert art.draw_stars_burst(surf, (200, 100), end + 1, 3, 60) == 3
    # settled: the middle star is drawn at full size at the centre
    assert surf.get_at((200, 100)).a == 255
    assert art.draw_stars_burst(surf, (200, 100), 1.0, 0, 60) == 0


def test_sparkles_fly_out_and_fade() -> None:
    surf = pygame.Surface((200, 200), pygame.SRCALPHA)
    sp = art.Sparkles(life_s=0.8, big_life_s=1.6)
    sp.ring(100, 100, now=0.0, n=8)
    sp.add(100, 100, now=0.0, angle=0.0, big=True)
    assert len(sp) == 9
    sp.draw(surf, now=0.3, px_per_mm=4.0)
    drawn = pygame.mask.from_surface(surf).count()
    assert drawn > 0
    assert surf.get_at((100, 100)).a == 0  # they have flown away from the centre
    sp.draw(surf, now=1.0, px_per_mm=4.0)
    assert len(sp) == 1  # the small ones are gone, the finish burst lasts longer
    sp.draw(surf, now=2.0, px_per_mm=4.0)
    assert len(sp) == 0
