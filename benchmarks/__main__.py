"""python -m benchmarks [--json] [--quick] [--only NAME ...]: every figure against its budget."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import sys
import traceback

import benchmarks
from benchmarks import Figure

#: modules --quick leaves out, and why
QUICK_SKIP = {"bench_export": "it builds a year of practice first (minutes) on a fresh machine"}


def _modules(only: list[str]) -> list[str]:
    names = sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_")
    )
    if only:
        names = [n for n in names if any(o in n for o in only)]
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--only", nargs="*", default=[], help="run only modules matching these")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a first look on a fresh machine (at most 2 minutes): fewer frames, seeds and "
        "runs, and no year of practice built for the export figures",
    )
    args = parser.parse_args(argv)
    if args.quick:
        os.environ["TINYHANDS_BENCH_QUICK"] = "1"  # for processes the benchmarks start
        benchmarks.QUICK = True  # the modules read it when they are imported, below
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

    results: dict[str, list[Figure]] = {}
    failed: dict[str, str] = {}
    for name in _modules(args.only):
        if args.quick and name in QUICK_SKIP:
            if not args.json:
                print(f"skipping {name} (--quick): {QUICK_SKIP[name]}", file=sys.stderr)
            continue
        if not args.json:
            print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            mod = importlib.import_module(f"benchmarks.{name}")
            results[name] = list(mod.figures())
        except Exception:  # a broken benchmark must not hide the others
            failed[name] = traceback.format_exc()

    if args.json:
        out = {
            name[len("bench_") :]: {f.name: f.as_dict() for f in figs}
            for name, figs in results.items()
        }
        if failed:
            out["errors"] = failed
        print(json.dumps(out, indent=2))
    else:
        rows = [("figure", "value", "budget", "")]
        for figs in results.values():
            for f in figs:
                budget = (
                    ""
                    if f.budget is None
                    else f"{'>=' if f.higher_is_better else '<='} {f.budget:g} {f.unit}"
                )
                mark = {True: "ok", False: "OVER", None: ""}[f.within]
                rows.append((f.name, f"{f.value:.3g} {f.unit}", budget, mark))
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        for r in rows:
            print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
        for name, tb in failed.items():
            print(f"\n{name} failed:\n{tb}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
