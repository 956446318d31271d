"""The avatars' names, in the order the picker shows them, without pygame.

Kept apart from ``engine.art`` (which draws them) so the command line can name the free
avatars without loading pygame; ``engine.art`` checks that it draws exactly these.
"""

from __future__ import annotations

AVATARS: tuple[str, ...] = (
    "cat",
    "dog",
    "bear",
    "bunny",
    "frog",
    "owl",
    "fox",
    "lion",
    "panda",
    "pig",
    "mouse",
    "penguin",
)
