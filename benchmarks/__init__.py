"""Benchmarks: figures measured against the budgets in DESIGN.md (not timed tests).

Each ``benchmarks/bench_*.py`` module defines ``figures() -> list[Figure]``;
``python -m benchmarks`` runs them all and prints a table (``--json``: one JSON object).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass

#: ``python -m benchmarks --quick``: fewer frames, seeds and runs, no year built (a fresh
#: machine's first look, at most two minutes); the figures are the same, only noisier.
QUICK = os.environ.get("TINYHANDS_BENCH_QUICK") == "1"


@dataclass(frozen=True)
class Figure:
    name: str  # e.g. "start to first frame"
    value: float
    unit: str  # "ms", "s", "MB", "%", ...
    budget: float | None = None  # the DESIGN.md budget in the same unit, if there is one
    higher_is_better: bool = False
    note: str = ""

    @property
    def within(self) -> bool | None:
        if self.budget is None:
            return None
        return self.value >= self.budget if self.higher_is_better else self.value <= self.budget

    def as_dict(self) -> dict:
        d = asdict(self)
        d["within_budget"] = self.within
        return d
