"""Cost of the program-drawn art and synthesized sound the first time each is needed."""

from __future__ import annotations

import time

from benchmarks import Figure


def figures() -> list[Figure]:
    import pygame

    from engine import art
    from engine.sound import SOUND_NAMES, synth

    pygame.display.init()
    worst = 0.0
    for name in art.AVATARS:
        art.avatar.cache_clear()
        t0 = time.perf_counter()
        art.avatar(name, 160)
        worst = max(worst, time.perf_counter() - t0)
    synth("tap")
    t0 = time.perf_counter()
    for name in SOUND_NAMES:
        synth(name)
    all_sounds = time.perf_counter() - t0
    return [
        Figure("first render of one avatar at 160 px (worst)", worst * 1000, "ms", 15.0),
        Figure(
            "synthesize every sound",
            all_sounds * 1000,
            "ms",
            50.0,
            note="each is made lazily on first play",
        ),
    ]
