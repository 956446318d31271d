"""Screenshots of the child's and the grown-ups' screens in each shipped language, and what
each screen wrote: to look at them (no English left, nothing cut) and for the tests.

    python tools/screens_lang.py OUT_DIR [LANG ...] [7in 13in 27in]   # default: es fr 13in

Headless (SDL dummy driver), at a 7" tablet's, a 13" laptop's (the default) or a 27"
monitor's size and density. Writes ``OUT_DIR/<lang>/<screen>.png`` (``<lang>-7in/`` and so
on for the other sizes) for every screen of the tour and prints, per screen,
any text the text engine had to cut ("…") to make it fit. The tour is shared with
``tests/test_screens_language.py``: ``tour(lang, on_screen)`` builds a data folder with
two children, a goal and graded results, sets the language as the settings do, and calls
``on_screen(name, harness)`` once each screen is drawn.
"""

from __future__ import annotations

import math
import os
import random
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import games  # noqa: E402
from engine import registry, text  # noqa: E402
from engine.harness import Harness  # noqa: E402
from engine.trial import Metric, TrialResult  # noqa: E402
from progress.models import GoalIn  # noqa: E402
from progress.safe import SafeStore  # noqa: E402
from progress.settings import AppSettings  # noqa: E402
from tinyhands.services import Services  # noqa: E402

#: the screens the pictures are made at: a 7" tablet, a 13" laptop, a 27" monitor (each
#: with its density, so the millimetre-sized targets and rows take their true room)
SCREENS = {"7in": ((1024, 640), 7.0), "13in": ((1280, 800), 13.3), "27in": ((2560, 1600), 27.0)}


@dataclass
class Written:
    """What the text engine drew on one screen: every string rendered or wrapped, and
    every string ``text.fit`` had to cut with an ellipsis."""

    strings: list[str] = field(default_factory=list)
    cut: list[str] = field(default_factory=list)


@contextmanager
def recording() -> Iterator[Written]:
    """Wrap the text engine's render, wrap and fit so a screen's words can be read back."""
    written = Written()
    render, wrap, fit = text.render, text.wrap, text.fit

    def rec_render(words, *a, **kw):
        written.strings.append(words)
        return render(words, *a, **kw)

    def rec_wrap(words, *a, **kw):
        written.strings.append(words)
        return wrap(words, *a, **kw)

    def rec_fit(words, size_px, max_width, *a, **kw):
        written.strings.append(words)
        bold = kw.get("bold", a[1] if len(a) > 1 else False)
        if text.font(14, bold).size(words)[0] > max_width:  # fit's floor: it would cut
            written.cut.append(words)
        return fit(words, size_px, max_width, *a, **kw)

    text.render, text.wrap, text.fit = rec_render, rec_wrap, rec_fit
    try:
        yield written
    finally:
        text.render, text.wrap, text.fit = render, wrap, fit


def _results(game) -> list[tuple[int | None, TrialResult]]:
    """Three finished graded trials with the game's first measures, for the results page."""
    out = []
    for i in range(3):
        metrics = [Metric(m.name, 1.5 + i, m.unit) for m in game.metrics[:4]]
        out.append(
            (None, TrialResult(game.id, {}, i != 1, 0.6 + 0.1 * i, 20.0, metrics, 1, [], {}, 2))
        )
    return out


def tour(
    lang: str, on_screen: Callable[[str, Harness], None], tmp: Path, screen: str = "13in"
) -> None:
    """Every screen a child or a grown-up meets, in ``lang``, one ``on_screen`` call each,
    on one of ``SCREENS``."""
    from tinyhands.screens.ask_grownup import AlreadyOpenScene, AskGrownUpScene
    from tinyhands.screens.clinical_record import ClinicalRecordScene
    from tinyhands.screens.folder_choice import FolderChoiceScene
    from tinyhands.screens.gate import ParentGate
    from tinyhands.screens.grownup import ChildFormScene, GrownUpScene, RemoveChildScene
    from tinyhands.screens.grownup_export import ExportScene
    from tinyhands.screens.home import ProfileScene
    from tinyhands.screens.plan import GamePickerScene, PlanScene
    from tinyhands.screens.practice import DailyPracticeScene, PracticeEndScene
    from tinyhands.screens.problem import DataProblemScene
    from tinyhands.screens.reward import RewardScene
    from tinyhands.screens.settings import CalibrationScene, SettingsScene
    from tinyhands.screens.streaks import StreaksScene
    from tinyhands.screens.therapist import (
        GameOptionsScene,
        GasScene,
        GoalEditScene,
        GoalsScene,
        GradedResultsScene,
        GradedTaskScene,
        HomeProgramScene,
        RemoveGoalScene,
    )
    from tinyhands.screens.therapist.goal_record import GoalRecordScene
    from tinyhands.screens.therapist.hand_back import HandBackScene
    from tinyhands.screens.therapist.unsaved import UnsavedChangesScene

    games.load_all()
    empty = SafeStore.open_dir(tmp / "empty")
    services = Services(store=empty, rng=random.Random(3))
    services.apply_settings(AppSettings(language=lang))  # as the app does at start-up
    size, inches = SCREENS[screen]
    h = Harness(ProfileScene(), services=services, window_size=size, dpi=math.hypot(*size) / inches)
    scenes = h.app.scenes

    def show(name: str, scene=None, settle: float = 0.0) -> None:
        if scene is not None:
            scenes.push(scene)
        h.run_frames(2)
        if settle:
            h.run_seconds(settle)
        on_screen(name, h)

    def back() -> None:
        scenes.pop()

    show("profile-empty")
    show("gate", ParentGate(on_pass=GrownUpScene))
    back()
    show("grownups-empty", GrownUpScene())
    back()
    show("already-open", AlreadyOpenScene())
    back()
    services.store = SimpleNamespace(needs_grown_up=True, problem=None)  # a decision waits
    show("ask-grownup", AskGrownUpScene())
    services.store = empty
    back()
    scenes.pop()
    empty.close()

    store = SafeStore.open_dir(tmp / "data")
    services.store = store
    mia = store.add_child("Mia", avatar="cat")
    store.add_child("Leo", avatar="lion")
    goal = store.call(
        lambda s: s.add_goal(
            mia.id,
            GoalIn(
                game_id="tracing",
                metric="inside_band",
                threshold=80,
                unit="%",
                n_required=4,
                m_window=5,
                cue_level="verbal_cue",
            ),
        ),
        None,
    )
    show("profile", ProfileScene())
    plan = PlanScene(mia)
    show("plan", plan)
    show("picker", GamePickerScene(plan.practice))
    back()
    game = plan.games[0]
    show("reward", RewardScene(plan.practice, game, SimpleNamespace(stars=3), "sun"), 3.0)
    back()
    back()
    daily = DailyPracticeScene(mia)
    show("practice", daily)
    show("practice-end", PracticeEndScene(mia, daily.practice), 2.0)
    back()
    back()
    show("hand-back", HandBackScene(mia, lambda: None, finished=True))
    back()
    show("gate-again", ParentGate(then=lambda: None, reason=_to_remove("Mia")))
    back()
    hub = GrownUpScene(mia.id)
    show("grownups", hub)
    show("child-add", ChildFormScene())
    back()
    mia = store.list_children()[0]
    show("child-edit", ChildFormScene(mia))
    show("clinical-record", ClinicalRecordScene(mia))
    back()
    show("child-remove", RemoveChildScene(mia))
    back()
    back()
    show("settings", SettingsScene())
    show("calibrate", CalibrationScene())
    back()
    back()
    show("streaks", StreaksScene(mia))
    back()
    program = HomeProgramScene(mia)
    show("home-program", program)
    for g in registry.all_games():
        if g.options:
            show(f"options-{g.id}", GameOptionsScene(program, g))
            back()
    show("unsaved", UnsavedChangesScene(lambda: True, _the_home_program()))
    back()
    back()
    show("goals", GoalsScene(mia))
    editor = GoalEditScene(mia, goal)
    show("goal-edit", editor)
    show("gas", GasScene(editor))
    back()
    show("goal-record", GoalRecordScene(editor))
    back()
    back()
    show("goal-remove", RemoveGoalScene(goal))
    back()
    back()
    show("graded-task", GradedTaskScene(mia))
    back()
    tracing = registry.get("tracing")
    show(
        "graded-results", GradedResultsScene(mia, tracing, 0.5, "independent", 5, _results(tracing))
    )
    back()
    export = ExportScene(mia, out_dir=tmp / "reports")
    show("export", export)
    show("folder", FolderChoiceScene(tmp, lambda folder: None))
    back()
    export.state = "writing"
    export.job = SimpleNamespace(fraction=0.4, done=2, total=5, poll=lambda: False)
    show("export-writing")
    files = [tmp / "reports" / f"tinyhands-c-7f3a.{ext}" for ext in ("pdf", "csv", "json")]
    export.state, export.files, export.code = "done", files, "C-7F3A"
    show("export-done")
    back()
    back()
    real = services.store
    services.store = SimpleNamespace(  # rounds waiting for a full disk: the data layer's words
        problem=DATA_LAYER, awaiting_decision=False, pending_count=3, in_memory_only=1
    )
    show("data-problem", DataProblemScene())
    services.store = real
    back()
    gate = ParentGate(on_pass=GrownUpScene)
    show("gate-wrong", gate)
    gate.answer_typed = "11"  # never the answer (22..38)
    gate._submit()
    show("gate-wrong")
    for _ in range(2):
        gate.answer_typed = "11"
        gate._submit()
    show("gate-locked")
    back()
    h.close()
    store.close()


#: what the tour's stand-in for the data layer says (progress/ has its own words)
DATA_LAYER = "(a message from the data layer)"


def _to_remove(name: str) -> str:
    from tinyhands.i18n import _

    return _("To remove {name}").format(name=name)


def _the_home_program() -> str:
    from tinyhands.i18n import _

    return _("the home program")


def main(out: Path, langs: list[str], screens: list[str]) -> int:
    cut_any = False
    for lang in langs:
        for screen in screens:
            folder = out / lang if screen == "13in" else out / f"{lang}-{screen}"
            folder.mkdir(parents=True, exist_ok=True)

            def shoot(name: str, h: Harness, folder: Path = folder, where: str = "") -> None:
                nonlocal cut_any
                with recording() as written:
                    h.screenshot(str(folder / f"{name}.png"))
                if written.cut:
                    cut_any = True
                    print(f"{where} {name}: cut to fit: {written.cut}")

            with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
                tour(
                    lang,
                    lambda n, h, f=folder, w=f"{lang} {screen}": shoot(n, h, f, w),
                    Path(tmp),
                    screen,
                )
            print(f"{lang} {screen}: screens in {folder}")
    from tinyhands.i18n import set_language

    set_language("en")
    return 1 if cut_any else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    langs = [a for a in args[1:] if a not in SCREENS] or ["es", "fr"]
    screens = [a for a in args[1:] if a in SCREENS] or ["13in"]
    raise SystemExit(main(Path(args[0] if args else "screens-lang"), langs, screens))
