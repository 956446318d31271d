"""A round that can be copied exactly as it is now, by replaying its inputs from its seed.

The physics games' rounds are deterministic for a seed (fixed logic steps, pymunk run the
same way), so a copy of a round part-way through -- which a scripted player needs to think
ahead -- is the same seed set up again, then the same logic steps and inputs in the same
order. A round mixes in :class:`Replayable`, builds itself in ``_setup(params, seed, ctx)``,
calls ``_replay_reset()`` there, ``_replay_input(event)`` as each input is taken and
``_replay_step()`` as each logic step is taken.
"""

from __future__ import annotations

from typing import Any, Self

from engine.input import PointerEvent
from engine.registry import LOGIC_DT


class Replayable:
    params: Any
    seed: int
    ctx: Any

    def _setup(self, params: Any, seed: int, ctx: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def step(self, dt: float) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def handle(self, event: PointerEvent) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    @classmethod
    def from_seed(cls, params: Any, seed: int, ctx: Any) -> Self:
        """The same round again, from its start (a twin for a scripted player)."""
        r = cls.__new__(cls)
        r._setup(params, seed, ctx)
        return r

    def twin(self) -> Self:
        """This round as it is now: the same seed, then the same steps and inputs in the
        same order (a round that random hands have played into is copied exactly)."""
        r = type(self).from_seed(self.params, self.seed, self.ctx)
        for steps, event in self._inputs:
            for _ in range(steps):
                r.step(LOGIC_DT)
            r.handle(event)
        for _ in range(self._steps_since):
            r.step(LOGIC_DT)
        return r

    def _replay_reset(self) -> None:
        #: every input with the logic steps before it
        self._inputs: list[tuple[int, PointerEvent]] = []
        self._steps_since = 0

    def _replay_input(self, event: PointerEvent) -> None:
        self._inputs.append((self._steps_since, event))
        self._steps_since = 0

    def _replay_step(self) -> None:
        self._steps_since += 1
