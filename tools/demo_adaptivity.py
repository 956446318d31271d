"""How the difficulty controller did in a `tinyhands demo` (issue 13's "done when" figures).

    tinyhands demo --days 56 --out /tmp/demo
    python tools/demo_adaptivity.py /tmp/demo/demo-data

Prints the share of warm-up trials among practice trials, and the success rate of the
staircase trials (not warm-up, not graded) after each game's first 15 trials, per game and
pooled, with how often a trial sat at a home-program bound.
"""

from __future__ import annotations

import sys
from pathlib import Path

from progress.store import Store


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    with Store.open_readonly(Path(argv[0])) as store:
        child = store.list_children()[0]
        trials = [t for t in store.trials(child.id) if not t.interrupted]
    practice = [t for t in trials if t.kind != "graded"]
    warm = sum(t.kind == "warmup" for t in practice)
    print(f"{len(trials)} trials, {len(practice)} practice, {len(trials) - len(practice)} graded")
    print(f"warm-up trials: {warm} of {len(practice)} practice trials ({warm / len(practice):.0%})")
    pooled_ok = pooled_n = 0
    for game in sorted({t.game_id for t in trials}):
        home = [t for t in practice if t.game_id == game]
        judged = [t for t in home[15:] if t.kind == "staircase"]
        ok = sum(t.success for t in judged)
        bound = sum(t.at_bound is not None for t in judged)
        pooled_ok += ok
        pooled_n += len(judged)
        rate = ok / len(judged) if judged else float("nan")
        print(
            f"{game:>9}: {len(home)} practice trials, staircase after the first 15: "
            f"{ok}/{len(judged)} = {rate:.2f} success; at a bound {bound}"
        )
    print(f"   pooled: {pooled_ok}/{pooled_n} = {pooled_ok / max(1, pooled_n):.2f} success")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
