"""What the screens share: the store, the sounds, the settings, a seed source.

Built once in ``tinyhands.cli`` (or by a test), hung on ``App.services``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Services:
    store: Any  # progress.safe.SafeStore: never raises at a child
    sounds: Any = None  # engine.sound.Sounds, or None for silence
    rng: random.Random = field(
        default_factory=lambda: random.Random(random.SystemRandom().random())
    )
    calm: bool = False
    colourblind: bool = False

    def play(self, name: str, **kw: Any) -> None:
        if self.sounds is not None:
            self.sounds.play(name, **kw)
