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
    synth("tap")  # the first synthesis imports numpy (the app has by then)
    each: dict[str, float] = {}
    for name in SOUND_NAMES:
        runs = []
        for _ in range(5):  # the median: one run alone is at the mercy of a shared core
            t0 = time.perf_counter()
            synth(name)
            runs.append(time.perf_counter() - t0)
        each[name] = sorted(runs)[2]
    all_sounds = sum(each.values())
    slowest = max(each, key=each.get)
    return [
        Figure("first render of one avatar at 160 px (worst)", worst * 1000, "ms", 15.0),
        Figure(
            "synthesize every sound",
            all_sounds * 1000,
            "ms",
            50.0,
            note="each is made lazily on first play; median of 5 runs each",
        ),
        Figure(
            "synthesize one sound on its first play (worst)",
            each[slowest] * 1000,
            "ms",
            8.0,
            note=f"{slowest!r}, median of 5; the app makes every sound right after its "
            "first frame (Sounds.preload); only the star's higher pitches wait for their "
            "first play",
        ),
    ]
