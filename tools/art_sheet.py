"""Render a contact sheet of every program-drawn picture, to look at the art as a child would.

Run: ``python tools/art_sheet.py [out.png]`` (default /tmp/art_sheet.png). Works headless.
Also prints first-render timings, since the art is drawn at run time.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame  # noqa: E402

from engine import art  # noqa: E402


def main(out: str = "/tmp/art_sheet.png") -> None:
    """Lay out avatars, stickers, icons, stars, a card and star-burst frames on one PNG."""
    pygame.display.init()
    pygame.display.set_mode((1, 1))
    pal = art.palette()
    cell = 180
    cols = 8
    width = cols * cell + 40
    sheet = pygame.Surface((width, 1040))
    sheet.fill(pal["background"])

    t0 = time.perf_counter()
    art.avatar("lion", 160)
    first_ms = (time.perf_counter() - t0) * 1000

    # avatars on their cards, at 160 px
    for i, name in enumerate((*art.AVATARS, "nobody")):
        x, y = 20 + (i % cols) * cell, 20 + (i // cols) * cell
        c = art.card((170, 170), art.avatar_colour(name), 28)
        sheet.blit(c, (x, y))
        body = art.card_body_rect((170, 170)).move(x, y)
        sheet.blit(art.avatar(name, 150), art.avatar(name, 150).get_rect(center=body.center))

    # stickers at 150 px, stars
    y = 20 + 2 * cell
    for i, name in enumerate(art.STICKERS):
        sheet.blit(art.sticker(name, 150), (20 + i * cell, y + 10))
    y += cell
    sheet.blit(art.star(120), (20, y))
    sheet.blit(art.star(120, filled=False), (150, y))
    sheet.blit(art.star(48), (280, y))
    sheet.blit(art.star(24), (340, y))
    sheet.blit(art.card((300, 150), pal["primary"], 36), (400, y - 10))
    sheet.blit(art.icon("play", 90, (255, 255, 255)), (505, y + 15))
    for k, t in enumerate((0.15, 0.45, 0.7, 2.0)):
        art.draw_stars_burst(sheet, (820 + k * 175, y + 70), t, 3, 46)

    # icons: big in ink, and small on buttons
    y += cell
    for i, name in enumerate(art.ICONS):
        sheet.blit(art.icon(name, 96, pal["ink"]), (20 + (i % 12) * 118, y))
    y += 120
    for i, name in enumerate(art.ICONS):
        x = 20 + i * 118
        sheet.blit(art.card((96, 96), pal["primary"], 48), (x, y))
        sheet.blit(art.icon(name, 48, (255, 255, 255)), (x + 22, y + 20))
    y += 110
    # the small sizes a list or a badge uses
    for i, name in enumerate((*art.AVATARS, *art.STICKERS)):
        sheet.blit(
            art.avatar(name, 48) if i < len(art.AVATARS) else art.sticker(name, 48),
            (20 + i * 60, y),
        )
    pygame.image.save(sheet, out)

    # timing: every picture at 160 px, from a cold cache
    for fn in (art.avatar, art.sticker, art.icon, art.card, art.star):
        fn.cache_clear()
    worst = ("", 0.0)
    t_all = time.perf_counter()
    for name in art.AVATARS:
        t0 = time.perf_counter()
        art.avatar(name, 160)
        ms = (time.perf_counter() - t0) * 1000
        worst = max(worst, (name, ms), key=lambda w: w[1])
    all_ms = (time.perf_counter() - t_all) * 1000
    t0 = time.perf_counter()
    art.avatar("lion", 160)
    hit_us = (time.perf_counter() - t0) * 1e6
    print(f"first avatar ever (incl. warm-up): {first_ms:.1f} ms")
    print(f"avatar 160 px cold: worst {worst[0]} {worst[1]:.1f} ms, all 12 {all_ms:.1f} ms")
    print(f"avatar cache hit: {hit_us:.1f} us")
    print(f"saved {out}")


if __name__ == "__main__":
    main(*sys.argv[1:2])
