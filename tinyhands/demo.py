"""``tinyhands demo``: a demo child practises N days headless, then the therapist's export.

A newcomer's first look at what the program produces, and a smoke test of the whole
chain: scripted players (each game's ``bot``) play the real rounds, ``Practice`` saves
them into a real store exactly as the app does, with a fake clock standing in for the
days, and the exporter writes the PDF, CSV and JSON. The data goes into a fresh folder
inside ``--out`` by default: never into a family's real data.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

DEMO_CHILD = "Sam (demo)"
DEMO_MARKER = ".tinyhands-demo"  # marks a data folder the demo made (and may replace)
DEMO_LOCK = ".tinyhands-demo.lock"  # held by a running demo: another must not replace it
PLANE_MM = (250.0, 156.0)  # the task plane of an 11.6" laptop screen
GRADED_EVERY_DAYS = 7
GRADED_TRIALS = 5
GRADED_LOCK = 0.75  # the therapist's fixed grade: a 6.2 mm band on the tracing ladder
GRADED_CUE = "verbal_cue"
MISS_CHANCE = 0.4  # families practise on about 60 % of days (Lillo-Navarro 2019: ~61 %)
# The demo child's skill per game, as the scripted players read it (0..1), at the start and
# after weeks of practice: children are better at some tasks than others, and each range
# puts the child's 80 % point inside that game's ladder (above it, every round would succeed
# at the hardest level; a real child of the demo's age is not there yet).
SKILL_RANGE = {
    "tracing": (0.0, 0.45),
    "tweezers": (0.3, 0.62),
    "beads": (0.35, 0.8),
    "puzzle": (0.3, 0.62),
}
BETWEEN_ROUNDS_S = (9.0, 17.0)  # reward, picture card and the next start: active play time


class DemoError(Exception):
    """Something a grown-up can act on (e.g. the data folder is not the demo's own)."""


class SimClock:
    """The store's clock in the demo: local time that moves only when the demo says so."""

    def __init__(self, start: datetime) -> None:
        self.t = start

    def __call__(self) -> datetime:
        return self.t

    def set(self, moment: datetime) -> None:
        self.t = moment

    def advance(self, seconds: float) -> None:
        self.t += timedelta(seconds=seconds)


def _demo_store_class():  # built lazily: progress is only imported when the demo runs
    from progress.safe import SafeStore

    class DemoStore(SafeStore):
        """The app's SafeStore without the daily backup at idle moments: in a throwaway
        folder a year of days would otherwise copy the whole file 365 times."""

        def idle(self, *, session_end: bool = False) -> None:
            self._retry(force=False)
            self.call(lambda s: s.checkpoint(), None)

    return DemoStore


@dataclass
class DemoResult:
    data_dir: Path
    child_id: int
    start: date
    end: date
    trials: int
    days_practised: int
    files: list[Path]


def skill_on(day: int, days: int, rng: random.Random) -> float:
    """How far along the child is on ``day``, 0..1: improving with practice (fast at first),
    with good and bad days (the same for every game that day)."""
    tau = max(7.0, days / 3.0)
    base = 1.0 - math.exp(-day / tau)
    return min(1.0, max(-0.3, base + rng.gauss(0.0, 0.12)))


def game_skill(game_id: str, progress: float) -> float:
    """The scripted player's skill in one game for a child ``progress`` along (see above)."""
    lo, hi = SKILL_RANGE.get(game_id, (0.3, 0.7))
    return min(1.0, max(0.0, lo + (hi - lo) * progress))


def _prepare_data_dir(out: Path, data_dir: Path | None):
    """Empty (or make) the demo's data folder and hold its demo lock: a second demo on
    the same folder is refused instead of deleting the running one's data."""
    from progress.errors import AlreadyRunningError
    from progress.lock import InstanceLock
    from progress.paths import DB_NAME

    if data_dir is None:
        data_dir = out / "demo-data"
    if data_dir.exists():
        if not (data_dir / DEMO_MARKER).exists() and (
            (data_dir / DB_NAME).exists() or any(data_dir.iterdir())
        ):
            raise DemoError(
                f"{data_dir} is not empty and was not made by the demo; the demo never writes "
                "into real data. Choose an empty folder with --data-dir."
            )
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = InstanceLock(data_dir, DEMO_LOCK)
    try:
        lock.acquire()
    except AlreadyRunningError:
        raise DemoError(
            f"another demo is running with the data folder {data_dir}; wait for it to "
            "finish, or choose another folder with --data-dir."
        ) from None
    for entry in data_dir.iterdir():
        if entry.name == DEMO_LOCK:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    (data_dir / DEMO_MARKER).write_text("made by `tinyhands demo`; safe to delete\n")
    return data_dir, lock


#: what the demo's therapist types for the goals, in the report's language: typed text is
#: the therapist's own words, so it is data here, not a message to translate
DEMO_GOAL_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "inside": "Traces pre-writing shapes staying inside the road",
        "gas-2": "Stays inside the road for less than half of the trace",
        "gas-1": "Stays inside for 60-79 % of the trace in 4 of 5 trials",
        "gas0": "Stays inside for at least 80 % in 4 of 5 trials, verbal cues",
        "gas+1": "As expected, with the road clearly narrower or fewer cues",
        "gas+2": "Stays inside almost all of the time, independently",
        "coverage": "Completes the whole shape",
        "niv": "Draws each stroke in one smooth movement",
    },
    "es": {
        "inside": "Traza formas de preescritura sin salirse del camino",
        "gas-2": "Se mantiene dentro del camino en menos de la mitad del trazo",
        "gas-1": "Se mantiene dentro en el 60-79 % del trazo en 4 de 5 intentos",
        "gas0": "Se mantiene dentro al menos el 80 % en 4 de 5 intentos, con indicaciones verbales",
        "gas+1": "Como se esperaba, con un camino claramente más estrecho o menos ayuda",
        "gas+2": "Se mantiene dentro casi todo el tiempo, de forma independiente",
        "coverage": "Completa la forma entera",
        "niv": "Dibuja cada trazo en un solo movimiento fluido",
    },
    "fr": {
        "inside": "Trace des formes de pré-écriture sans sortir de la route",
        "gas-2": "Reste dans la route sur moins de la moitié du tracé",
        "gas-1": "Reste dans la route sur 60-79 % du tracé dans 4 essais sur 5",
        "gas0": "Reste dans la route au moins 80 % dans 4 essais sur 5, indications verbales",
        "gas+1": "Comme attendu, avec une route nettement plus étroite ou moins d'aide",
        "gas+2": "Reste dans la route presque tout le temps, de façon autonome",
        "coverage": "Complète la forme entière",
        "niv": "Trace chaque trait en un seul mouvement fluide",
    },
}


def _setup_child(store, clock: SimClock, start: date, lang: str = "en"):
    from progress.models import DifficultyBounds, GasLevels, GoalIn, HomeProgram

    words = DEMO_GOAL_WORDS.get(lang, DEMO_GOAL_WORDS["en"])

    child = store.add_child(DEMO_CHILD, avatar="fox", birth_year=start.year - 5)
    store.set_home_program(
        child.id,
        HomeProgram(
            minutes_per_day=5.0, days_per_week=7, bounds=DifficultyBounds(low=0.0, high=1.0)
        ),
    )
    store.add_goal(
        child.id,
        GoalIn(
            game_id="tracing",
            metric="inside_band",
            comparison="at_least",
            threshold=80.0,
            unit="%",
            n_required=4,
            m_window=5,
            cue_level="verbal_cue",
            description=words["inside"],
            gas=GasLevels(
                minus_2=words["gas-2"],
                minus_1=words["gas-1"],
                expected=words["gas0"],
                plus_1=words["gas+1"],
                plus_2=words["gas+2"],
            ),
        ),
    )
    store.add_goal(
        child.id,
        GoalIn(
            game_id="tracing",
            metric="coverage",
            comparison="at_least",
            threshold=95.0,
            unit="%",
            n_required=4,
            m_window=5,
            cue_level="independent",
            description=words["coverage"],
        ),
    )
    store.add_goal(
        child.id,
        GoalIn(
            game_id="tracing",
            metric="niv",
            comparison="at_most",
            threshold=2.0,
            unit="",
            n_required=4,
            m_window=5,
            cue_level="independent",
            description=words["niv"],
        ),
    )
    return child


def _play_one(practice, game, clock: SimClock, rng: random.Random, skill: float, cue: str | None):
    """One round through the real game logic, saved by ``Practice.finish``; active seconds."""
    from engine.registry import RoundContext
    from engine.simulate import play_round

    plan = practice.controller(game.id).next_trial()
    params = practice.params_for(game, plan.difficulty)  # with the program's options
    seed = rng.randrange(2**31)
    round_ = game.new_round(params, random.Random(seed), RoundContext(*PLANE_MM))
    events = game.bot(round_, random.Random(seed ^ 0x5EED), skill)
    result = play_round(round_, events)
    pause = rng.uniform(*BETWEEN_ROUNDS_S)
    if result is None:  # never finished: the child left it; the time still counts
        clock.advance(pause)
        return pause
    clock.advance(result.duration_s)
    active = result.duration_s + pause
    practice.finish(game, result, plan, params, seed, active, cue_level=cue)
    clock.advance(pause)
    return active


def run_demo(
    days: int,
    out: Path,
    data_dir: Path | None = None,
    *,
    seed: int = 7,
    formats: tuple[str, ...] = ("pdf", "csv", "json"),
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    lang: str = "en",
) -> DemoResult:
    """Simulate ``days`` days of practice ending ``today`` and export them into ``out``,
    the report written in ``lang``."""
    if days < 1:
        raise DemoError(f"the demo needs at least 1 day, not {days}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    data_dir, demo_lock = _prepare_data_dir(out, data_dir)
    try:
        return _run_demo(days, out, data_dir, seed, progress, today, formats, lang)
    finally:
        demo_lock.release()


def _run_demo(days, out, data_dir, seed, progress, today, formats, lang="en") -> DemoResult:  # type: ignore[no-untyped-def]
    import games
    from engine import registry
    from exporter.export import export_child
    from tinyhands import __version__
    from tinyhands.catalog import build_catalog
    from tinyhands.play import Practice
    from tinyhands.services import Services

    games.load_all()
    playable = [g for g in registry.all_games() if g.bot is not None]
    if not playable:
        raise DemoError("no registered game has a scripted player (bot) to drive the demo")

    tz = datetime.now().astimezone().tzinfo
    end = today or datetime.now().astimezone().date()
    start = end - timedelta(days=days - 1)
    clock = SimClock(datetime.combine(start, datetime.min.time(), tz).replace(hour=8))
    rng = random.Random(seed)
    safe = _demo_store_class().open_dir(data_dir, clock=clock)
    if not safe.available:
        raise DemoError(f"the demo could not open its data folder: {safe.problem}")
    trials = 0
    practised = 0
    try:
        child = _setup_child(safe.store, clock, start, lang)
        services = Services(store=safe, rng=random.Random(seed + 1))
        for d in range(days):
            day = start + timedelta(days=d)
            if progress is not None:
                progress(d, days)
            skill = skill_on(d, days, rng)
            if d % GRADED_EVERY_DAYS == GRADED_EVERY_DAYS - 1:
                # The weekly clinic visit (kept whether or not the family practises at home
                # that day): the therapist runs a graded task at a fixed grade.
                clock.set(datetime.combine(day, datetime.min.time(), tz).replace(hour=10))
                clinic = Practice(services, child)
                game = playable[0]
                clinic.controller(game.id).lock(GRADED_LOCK, GRADED_TRIALS)
                for _ in range(GRADED_TRIALS):
                    _play_one(
                        clinic, game, clock, rng, game_skill(game.id, skill + 0.1), GRADED_CUE
                    )
                    trials += 1
                clinic.end()
            if d > 0 and rng.random() < MISS_CHANCE:
                continue  # no home practice today
            practised += 1
            minutes = rng.choices(
                [rng.uniform(5.0, 6.5), rng.uniform(2.0, 4.0), rng.uniform(7.0, 9.0)],
                weights=[75, 15, 10],
            )[0]
            start_at = datetime.combine(day, datetime.min.time(), tz).replace(hour=17)
            clock.set(start_at + timedelta(minutes=rng.uniform(0, 120)))
            practice = Practice(services, child)
            active = 0.0
            i = 0
            while active < minutes * 60.0:
                game = playable[i % len(playable)]
                active += _play_one(practice, game, clock, rng, game_skill(game.id, skill), None)
                trials += 1
                i += 1
            practice.end()
        if progress is not None:
            progress(days, days)
        if safe.pending_count:
            raise DemoError(f"{safe.pending_count} demo trials could not be saved: {safe.problem}")
        catalog = build_catalog()
        files = export_child(
            safe.store,
            child.id,
            start,
            end,
            catalog,
            formats,
            out,
            app_version=__version__,
            lang=lang,
        )
    finally:
        safe.close()
    return DemoResult(data_dir, child.id, start, end, trials, practised, files)


def add_command(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    demo = subparsers.add_parser(
        "demo",
        help="simulate a demo child's practice headless and export the reports",
        description=(
            "A demo child practises N days through the real game logic (no window), then the "
            "therapist's PDF, CSV and JSON are written. The demo's data goes into a fresh "
            "folder inside --out, never into a family's data."
        ),
    )
    demo.add_argument("--days", type=int, default=28, help="days of practice (default 28)")
    demo.add_argument(
        "--out", type=Path, default=Path("tinyhands-demo"), help="folder for the reports"
    )
    demo.add_argument(
        "--data-dir",
        dest="demo_data_dir",
        type=Path,
        default=None,
        help="an empty folder for the demo's data (default: OUT/demo-data)",
    )
    demo.add_argument(
        "--report-lang",
        metavar="LANG",
        default=None,
        help="the report's language: en, es or fr (default: --lang, else the system's)",
    )
    demo.add_argument("--seed", type=int, default=7, help=argparse.SUPPRESS)
    demo.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    tty = sys.stderr.isatty()

    def show(done: int, total: int) -> None:
        if tty or done in (0, total) or done % max(1, total // 10) == 0:
            filled = round(20 * done / total)
            end = "\r" if tty and done < total else "\n"
            print(
                f"practising: [{'#' * filled}{'.' * (20 - filled)}] day {done}/{total}",
                end=end,
                file=sys.stderr,
                flush=True,
            )

    try:
        from tinyhands.language import choose_report_language

        # the demo's data folder is new: no settings, so --report-lang, --lang, the system
        lang = choose_report_language(args.report_lang, None, getattr(args, "lang", None), None)
        res = run_demo(
            args.days, args.out, args.demo_data_dir, seed=args.seed, progress=show, lang=lang
        )
    except (DemoError, OSError) as exc:
        print(f"tinyhands: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ntinyhands: demo stopped.", file=sys.stderr)
        return 1
    print(
        f"Demo child {DEMO_CHILD!r}: {res.trials} trials on {res.days_practised} of "
        f"{(res.end - res.start).days + 1} days ({res.start} to {res.end}), "
        f"in {time.perf_counter() - t0:.1f} s."
    )
    print(f"Demo data: {res.data_dir}")
    for f in res.files:
        print(f"Wrote {f}")
    return 0
