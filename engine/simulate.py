"""Play a Round headless from a scripted pointer stream: no window, no scene, just logic.

Used by the demo, benchmarks and tests. Events are fed in time order and the round is
stepped at the fixed LOGIC_DT as the stream's clock advances, exactly as the app would.
"""

from __future__ import annotations

from collections.abc import Iterable

from engine.input import PointerEvent
from engine.registry import LOGIC_DT, Round
from engine.trial import TrialResult

MAX_TAIL_S = 30.0  # after the last event, let the round finish its own animations


def play_round(round_: Round, events: Iterable[PointerEvent]) -> TrialResult | None:
    """Feed ``events`` to ``round_``; return its result, or None if it never finished."""
    events = sorted(events, key=lambda e: e.t_ms)
    if not events:
        return None
    t = events[0].t_ms
    i = 0
    while i < len(events) and not round_.finished:
        while i < len(events) and events[i].t_ms <= t:
            round_.handle(events[i])
            i += 1
        round_.step(LOGIC_DT)
        t += LOGIC_DT * 1000.0
    tail = 0.0
    while not round_.finished and tail < MAX_TAIL_S:
        round_.step(LOGIC_DT)
        tail += LOGIC_DT
    return round_.result() if round_.finished else None
