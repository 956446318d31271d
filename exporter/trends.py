"""When the report may say a measure changed: a stated test on enough trials.

The first third of the comparable trials is set against the last third (at least
``MIN_TRIALS`` each). A change is named only when a two-sided Mann-Whitney U test (normal
approximation with a tie correction) gives p < ``ALPHA`` *and* the medians differ by at
least ``MIN_RELATIVE_CHANGE`` of the larger one; otherwise "no clear change". Pure
Python: a year of trials is a few thousand values.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

ALPHA = 0.05
MIN_TRIALS = 8
MIN_RELATIVE_CHANGE = 0.10


@dataclass(frozen=True)
class Comparison:
    first_median: float
    last_median: float
    first_n: int
    last_n: int
    p_value: float | None
    changed: bool  # the test cleared and the change is large enough to name


def mann_whitney_p(a: Sequence[float], b: Sequence[float]) -> float:
    """Two-sided p of the Mann-Whitney U test, normal approximation with tie correction."""
    n1, n2 = len(a), len(b)
    pooled = sorted([(v, 0) for v in a] + [(v, 1) for v in b])
    ranks = [0.0] * len(pooled)
    ties = 0.0
    i = 0
    while i < len(pooled):
        j = i
        while j + 1 < len(pooled) and pooled[j + 1][0] == pooled[i][0]:
            j += 1
        r = (i + j) / 2.0 + 1.0
        for k in range(i, j + 1):
            ranks[k] = r
        t = j - i + 1
        ties += t**3 - t
        i = j + 1
    r1 = sum(r for r, (_, g) in zip(ranks, pooled, strict=True) if g == 0)
    u = r1 - n1 * (n1 + 1) / 2.0
    n = n1 + n2
    var = n1 * n2 / 12.0 * ((n + 1) - ties / (n * (n - 1)))
    if var <= 0:
        return 1.0
    z = (abs(u - n1 * n2 / 2.0) - 0.5) / math.sqrt(var)
    return max(0.0, min(1.0, math.erfc(max(0.0, z) / math.sqrt(2.0))))


def compare(first: Sequence[float], last: Sequence[float]) -> Comparison:
    """Compare two groups of values by the rule in the module docstring."""
    if not first or not last:
        return Comparison(math.nan, math.nan, len(first), len(last), None, False)
    fm, lm = float(statistics.median(first)), float(statistics.median(last))
    if len(first) < MIN_TRIALS or len(last) < MIN_TRIALS:
        return Comparison(fm, lm, len(first), len(last), None, False)
    p = mann_whitney_p(first, last)
    big = abs(lm - fm) >= MIN_RELATIVE_CHANGE * max(abs(fm), abs(lm), 1e-12)
    return Comparison(fm, lm, len(first), len(last), p, p < ALPHA and big)


def thirds(n: int) -> int:
    """How many trials form the first (and the last) third of ``n``."""
    return n // 3


def rule_words() -> str:
    """The rule above in the report's language (``exporter.i18n``)."""
    from babel.numbers import format_decimal

    from exporter.i18n import _, language

    return _(
        "the first third of comparable trials against the last third (at least %(n)d each), "
        "two-sided Mann-Whitney U test; a change is named only when p < %(alpha)s and the "
        "medians differ by at least %(pct)s"
    ) % {
        "n": MIN_TRIALS,
        "alpha": format_decimal(ALPHA, locale=language()),
        "pct": f"{MIN_RELATIVE_CHANGE * 100:.0f} %",
    }


RULE_WORDS = rule_words()  # in English, for a reader of the code
