"""The parent gate's memory: wrong answers and the lockout, one for the whole app.

Every gate the app opens shares this state, so leaving the gate and coming back (back
arrow, padlock) does not give a fresh count, and it is saved in the settings file so a
restart does not either. The countdown runs on the app's monotonic clock; the saved
deadline is wall-clock time. A wall clock moved back cannot make the lockout longer
than LOCKOUT_S (the remaining time is capped), and a saved lockout is never forgotten
because the file looks odd: the worst case is one full lockout from now.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

WRONG_LIMIT = 3
LOCKOUT_S = 30.0


@dataclass
class GateLock:
    #: wrong answers since the last lockout or pass
    wrong: int = 0
    #: the app clock's time (s) when the keypad opens again; 0 = open
    until: float = 0.0
    #: called with (wrong, wall-clock deadline or None) after every change
    save: Callable[[int, float | None], None] | None = None

    @classmethod
    def restore(
        cls,
        wrong: int,
        locked_until_wall: float | None,
        wall_now: float,
        mono_now: float,
        save: Callable[[int, float | None], None] | None = None,
    ) -> GateLock:
        """Rebuild the lock from what was saved (settings: gate_wrong, gate_locked_until)."""
        lock = cls(wrong=max(0, min(int(wrong), WRONG_LIMIT - 1)), save=save)
        if locked_until_wall is not None:
            left = locked_until_wall - wall_now
            if left > LOCKOUT_S:
                log.warning(
                    "parent gate: the saved lockout ends %.0f s from now, more than %.0f s; "
                    "the clock was moved back, so the lockout runs %.0f s from now",
                    left,
                    LOCKOUT_S,
                    LOCKOUT_S,
                )
                left = LOCKOUT_S
            if left > 0:
                lock.until = mono_now + left
        return lock

    def remaining(self, mono_now: float) -> float:
        return max(0.0, self.until - mono_now)

    def locked(self, mono_now: float) -> bool:
        return self.remaining(mono_now) > 0

    def wrong_answer(self, mono_now: float, wall_now: float) -> bool:
        """Count one wrong answer; True when this one locks the keypad."""
        self.wrong += 1
        locks = self.wrong >= WRONG_LIMIT
        if locks:
            self.wrong = 0
            self.until = mono_now + LOCKOUT_S
            log.info(
                "parent gate: %d wrong answers, keypad locked for %.0f s", WRONG_LIMIT, LOCKOUT_S
            )
        self._save(wall_now + LOCKOUT_S if locks else None, mono_now, wall_now)
        return locks

    def passed(self, mono_now: float, wall_now: float) -> None:
        self.wrong = 0
        self._save(None, mono_now, wall_now)

    def _save(self, deadline: float | None, mono_now: float, wall_now: float) -> None:
        if deadline is None and self.locked(mono_now):
            deadline = wall_now + self.remaining(mono_now)
        if self.save is not None:
            self.save(self.wrong, deadline)
