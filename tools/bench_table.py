"""Turn `python -m benchmarks --json` output into the README's Markdown table.

Usage: python -m benchmarks --json > /tmp/b.json && python tools/bench_table.py /tmp/b.json
"""

from __future__ import annotations

import json
import sys


def main(path: str) -> None:
    data = json.load(open(path))
    print("| figure | measured | budget |")
    print("|---|---|---|")
    for group, figs in data.items():
        if group == "errors":
            continue
        for name, f in figs.items():
            budget = ""
            if f["budget"] is not None:
                op = ">=" if f["higher_is_better"] else "<="
                mark = "ok" if f["within_budget"] else "**over**"
                budget = f"{op} {f['budget']:g} {f['unit']} ({mark})"
            note = f" ({f['note']})" if f.get("note") else ""
            print(f"| {name}{note} | {f['value']:.3g} {f['unit']} | {budget} |")


if __name__ == "__main__":
    main(sys.argv[1])
