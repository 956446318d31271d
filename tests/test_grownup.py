"""The grown-ups' screens, headless, driven by posted FINGER and mouse events: the hub,
profiles, today's practice, streaks, home program, goals, graded tasks and export."""

from __future__ import annotations

import os
import random
import time
from datetime import datetime, timedelta

import pygame
import pytest

import games
from engine import registry
from engine.game_scene import GameScene
from engine.harness import Harness
from engine.ui import MIN_TARGET_MM
from progress.models import GoalIn, HomeProgram
from progress.safe import SafeStore
from progress.store import Store
from tinyhands.screens.gate import ParentGate
from tinyhands.screens.grownup import ChildFormScene, GrownUpScene, RemoveChildScene
from tinyhands.screens.home import ProfileScene
from tinyhands.screens.practice import DailyPracticeScene, PracticeEndScene
from tinyhands.screens.reward import RewardScene
from tinyhands.screens.streaks import StreaksScene
from tinyhands.screens.therapist import (
    GasScene,
    GoalEditScene,
    GoalsScene,
    GradedResultsScene,
    GradedTaskScene,
    HomeProgramScene,
)
from tinyhands.screens.therapist.hand_back import HandBackScene
from tinyhands.screens.therapist.unsaved import UnsavedChangesScene
from tinyhands.services import Services

games.load_all()


class FakeClock:
    """The store's clock: local time that moves only when the test says so."""

    def __init__(self) -> None:
        self.t = datetime(2025, 3, 10, 17, 0).astimezone()

    def __call__(self) -> datetime:
        return self.t

    def next_day(self) -> None:
        self.t += timedelta(days=1)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def store(tmp_path, clock):
    s = SafeStore.open_dir(tmp_path / "data", clock=clock)
    yield s
    s.close()


def harness(store, scene=None, dpi=96.0, seed=7):
    services = Services(store=store, rng=random.Random(seed))
    return Harness(scene or GrownUpScene(), services=services, dpi=dpi)


def tap(h, name):
    h.tap_rect(h.top.buttons.find(name).rect)


def pass_gate(h):
    gate = h.top
    assert isinstance(gate, ParentGate)
    for digit in str(gate.answer):
        tap(h, f"key:{digit}")
    tap(h, "ok")


def finish_round(h, seed=0, skill=1.0):
    """Play the round on screen with the game's own bot, until the reward shows."""
    scene = h.top
    assert isinstance(scene, GameScene)
    h.replay(scene.game.bot(scene.round, random.Random(seed), skill))
    for _ in range(1200):
        if h.top is not scene:
            break
        h.run_frames(1)
    assert isinstance(h.top, RewardScene)
    h.run_seconds(2)  # the stars land, then the "go on" picture is offered


def tracing_only(store, child, minutes=0.1):
    program = HomeProgram(games=["tracing"], minutes_per_day=minutes)
    store.call(lambda s: s.set_home_program(child.id, program), None)


# ------------------------------------------------------------------ the gate and the hub


def test_the_lock_leads_through_the_gate_to_the_hub(store):
    store.add_child("Mia", avatar="cat")
    h = harness(store, ProfileScene())
    tap(h, "grown-ups")
    assert isinstance(h.top, ParentGate)
    gate = h.top
    for digit in str(gate.answer):
        tap(h, f"key:{digit}")
    tap(h, "ok")
    assert isinstance(h.top, GrownUpScene)
    assert h.top.buttons.find("practice")
    tap(h, "close")
    assert isinstance(h.top, ProfileScene)
    h.close()


def test_the_hub_shows_the_chosen_childs_actions(store):
    store.add_child("Mia", avatar="cat")
    leo = store.add_child("Leo", avatar="lion")
    h = harness(store)
    tap(h, f"child:{leo.id}")
    assert h.top.child.id == leo.id
    for name in ("practice", "streaks", "program", "goals", "graded", "export", "settings"):
        assert h.top.buttons.find(name)
    tap(h, "streaks")
    assert isinstance(h.top, StreaksScene) and h.top.child.id == leo.id
    h.close()


def test_a_child_profile_is_edited(store):
    mia = store.add_child("Mia", avatar="cat")
    h = harness(store)
    tap(h, "edit-child")
    assert isinstance(h.top, ChildFormScene)
    h.key(pygame.K_BACKSPACE)
    h.key(pygame.K_BACKSPACE)
    h.key(pygame.K_BACKSPACE)
    h.type_text("Mimi")
    h.run_frames(1)
    tap(h, "avatar:owl")
    tap(h, "hand:left")
    tap(h, "save")
    assert isinstance(h.top, GrownUpScene)
    child = store.get_child(mia.id)
    assert (child.display_name, child.avatar, child.handedness) == ("Mimi", "owl", "left")
    h.close()


def test_removing_a_child_asks_first_and_then_deletes_all_their_data(store):
    mia = store.add_child("Mia", avatar="cat")
    leo = store.add_child("Leo", avatar="lion")
    store.add_reward(mia.id, 3, "sun")
    h = harness(store)
    tap(h, f"child:{mia.id}")
    tap(h, "edit-child")
    tap(h, "remove")
    assert isinstance(h.top, RemoveChildScene)
    tap(h, "keep")  # the first choice keeps everything
    assert isinstance(h.top, ChildFormScene)
    assert store.get_child(mia.id) is not None
    tap(h, "remove")
    tap(h, "confirm-remove")
    assert isinstance(h.top, ParentGate)  # deleting a child asks the gate once more
    tap(h, "back")
    assert isinstance(h.top, RemoveChildScene) and store.get_child(mia.id) is not None
    tap(h, "confirm-remove")
    pass_gate(h)
    assert isinstance(h.top, GrownUpScene)
    assert [c.id for c in store.list_children()] == [leo.id]
    assert store.rewards_summary(mia.id).total_stars == 0
    assert h.top.child.id == leo.id
    h.close()


def test_adding_a_child_from_the_hub(store):
    h = harness(store)
    tap(h, "add-child")
    h.type_text("Ada")
    h.run_frames(1)
    tap(h, "avatar:penguin")
    tap(h, "save")
    assert isinstance(h.top, GrownUpScene)
    [ada] = store.list_children()
    assert h.top.child.id == ada.id and ada.avatar == "penguin"
    h.close()


# ------------------------------------------------------------------ today's practice


def run_todays_practice(h):
    """From the hub: start, play rounds until the sun has set, reach the calm ending."""
    tap(h, "practice")
    assert isinstance(h.top, DailyPracticeScene)
    stack = list(h.app.scenes)
    assert not any(isinstance(s, GrownUpScene | ParentGate) for s in stack)  # gate guards again
    rounds = 0
    while isinstance(h.top, DailyPracticeScene):
        tap(h, "play")
        finish_round(h, seed=rounds)
        tap(h, "next")
        rounds += 1
        assert rounds < 40
    assert isinstance(h.top, PracticeEndScene)
    return rounds


def test_a_parent_runs_todays_practice_to_the_end_and_the_streak_moves(store, clock):
    mia = store.add_child("Mia", avatar="cat")
    tracing_only(store, mia, minutes=0.1)
    assert store.streak(mia.id).current == 0

    h = harness(store)
    rounds = run_todays_practice(h)
    assert rounds >= 2
    end = h.top
    assert end.sticker is not None
    assert store.stickers_on(mia.id, clock.t.date()) == [end.sticker]
    assert store.streak(mia.id).current == 1
    assert store.minutes_by_day(mia.id)[clock.t.date()] >= 0.1
    [session] = store.call(lambda s: s.sessions(mia.id), None)
    assert session.ended_at is not None
    tap(h, "home")
    assert isinstance(h.top, ProfileScene)
    h.close()

    clock.next_day()
    h = harness(store)
    run_todays_practice(h)
    assert store.streak(mia.id).current == 2
    h.close()


def test_time_up_never_cuts_a_round_off(store):
    mia = store.add_child("Mia", avatar="cat")
    tracing_only(store, mia, minutes=0.01)  # less than a second: over during round one
    h = harness(store)
    tap(h, "practice")
    tap(h, "play")
    round_scene = h.top
    h.run_seconds(5)  # well past the minutes, the child is still thinking
    assert h.top is round_scene and not round_scene.round.finished
    finish_round(h)
    tap(h, "next")
    assert isinstance(h.top, PracticeEndScene)
    h.close()


def test_the_minutes_are_split_across_the_programs_games():
    scene = DailyPracticeScene(child=None)
    scene.games = ["tracing", "tweezers", "puzzle"]
    scene.total_s = 300.0
    assert scene.budget_s() == pytest.approx(100.0)
    scene.round_played(60.0)
    assert scene.index == 0
    scene.round_played(50.0)  # the round in play finished past the share: next game
    assert scene.index == 1 and scene.game_started_s == pytest.approx(110.0)
    assert scene.budget_s() == pytest.approx(95.0)  # what is left, split evenly
    scene.round_played(95.0)
    assert scene.index == 2
    scene.round_played(94.0)
    assert not scene.time_up
    scene.round_played(1.0)
    assert scene.time_up and scene.index == 2


def test_the_schedule_shows_the_programs_games_in_order(store):
    mia = store.add_child("Mia", avatar="cat")
    ids = [g.id for g in registry.all_games()][::-1]
    store.call(lambda s: s.set_home_program(mia.id, HomeProgram(games=ids)), None)
    h = harness(store)
    tap(h, "practice")
    cards = [b.name for b in h.top.buttons.buttons if b.name.startswith("card:")]
    assert cards == [f"card:{g}" for g in ids]
    enabled = [b.name for b in h.top.buttons.buttons if b.name.startswith("card:") and b.enabled]
    assert enabled == [f"card:{ids[0]}"]  # the card for now
    h.close()


# ------------------------------------------------------------------ therapist


def test_a_therapist_sets_a_home_program(store):
    mia = store.add_child("Mia", avatar="cat")
    h = harness(store)
    tap(h, "program")
    assert isinstance(h.top, HomeProgramScene)
    for game in registry.all_games():
        if game.id != "tracing":
            tap(h, f"game:{game.id}")
    tap(h, "game:tracing")  # the last game cannot be taken away
    for _ in range(3):
        tap(h, "minutes:plus")
    tap(h, "days:minus")
    tap(h, "days:minus")
    tap(h, "options:tracing")  # the game's own screen: its options and its bounds
    for _ in range(4):
        tap(h, "low:plus")
    tap(h, "high:minus")
    tap(h, "done")
    tap(h, "save")
    assert h.top.message == "Saved."
    program = store.get_home_program(mia.id)
    assert program.games == ["tracing"]
    assert program.minutes_per_day == 8.0
    assert program.days_per_week == 5
    assert program.bounds_for("tracing") == (0.2, 0.95)
    # and it is what today's practice runs
    tap(h, "back")
    tap(h, "practice")
    assert [g.id for g in h.top.games] == ["tracing"]
    assert h.top.total_s == 8 * 60
    h.close()


def test_a_program_is_one_form_back_asks_and_saved_clears_on_the_next_change(store, monkeypatch):
    mia = store.add_child("Mia", avatar="cat")
    h = harness(store)
    tap(h, "program")
    form = h.top
    ids = [g.id for g in registry.all_games()]
    # reorder: the last game moves to the top with its up arrow
    for _ in range(len(ids) - 1):
        tap(h, f"up:{ids[-1]}")
    assert form.order[0] == ids[-1]
    # the tracing band, in millimetres, bounded on the game's own screen
    tap(h, "options:tracing")
    options = h.top
    easiest = options._values[-2][1]()
    assert "band 24 mm wide" in easiest
    for _ in range(4):
        tap(h, "high:minus")  # the hardest level allowed: a wider band than 4 mm
    hardest = options._values[-1][1]()
    band = float(hardest.split("band ")[1].split(" mm")[0])
    assert 4.0 < band < 24.0
    tap(h, "option:mode:copy")
    tap(h, "done")
    tap(h, "minutes:plus")
    assert store.get_home_program(mia.id).games is None  # nothing saved yet
    # back with changes: asked; "keep editing" stays, "save and go back" saves once
    tap(h, "back")
    assert isinstance(h.top, UnsavedChangesScene)
    tap(h, "stay")
    assert h.top is form
    saves = []
    real = Store.set_home_program
    monkeypatch.setattr(
        Store, "set_home_program", lambda s, *a, **k: (saves.append(a), real(s, *a, **k))[1]
    )
    tap(h, "back")
    tap(h, "save")
    monkeypatch.undo()
    assert isinstance(h.top, GrownUpScene) and len(saves) == 1
    stored = store.get_home_program(mia.id)
    assert stored.games[0] == ids[-1] and stored.games[1:] == ids[:-1]
    assert stored.minutes_per_day == 6.0
    assert stored.options_for("tracing")["mode"] == "copy"
    assert stored.bounds_for("tracing")[1] == 0.8
    assert TRACING_BAND(stored.bounds_for("tracing")[1]) == band
    # the practice plays the new order
    tap(h, "program")
    tap(h, "minutes:plus")
    tap(h, "save")
    assert h.top.message == "Saved."
    tap(h, "minutes:minus")
    assert h.top.message == "" and h.top.changed  # "Saved." no longer claims anything
    tap(h, "back")
    tap(h, "discard")
    assert isinstance(h.top, GrownUpScene)
    assert store.get_home_program(mia.id).minutes_per_day == 7.0
    tap(h, "program")
    tap(h, "back")  # no change: no question
    assert isinstance(h.top, GrownUpScene)
    h.close()


def TRACING_BAND(difficulty):
    return round(registry.get("tracing").params_for(difficulty).band_mm, 1)


def test_a_therapist_sets_a_goal_with_gas_levels_in_their_own_words(store):
    mia = store.add_child("Mia", avatar="cat")
    h = harness(store)
    tap(h, "goals")
    assert isinstance(h.top, GoalsScene)
    tap(h, "add-goal")
    editor = h.top
    assert isinstance(editor, GoalEditScene)
    while editor.game.id != "tracing":
        tap(h, "game:plus")
    while editor.spec.name != "inside_band":
        tap(h, "metric:plus")
    assert editor.comparison == "at_least" and editor.spec.unit == "%"
    tap(h, "threshold:minus")  # 80 -> 75 %
    tap(h, "m:minus")  # 4 of 4
    tap(h, "cue:verbal_cue")
    tap(h, "gas")
    assert isinstance(h.top, GasScene)
    words = [
        "inside the band in 5 of 5",
        "inside in 4 of 5 with no cue",
        "inside in 4 of 4 with a verbal cue",
        "inside in 2 of 4",
        "leaves the band on every trace",
    ]
    for w in words:
        h.type_text(w)
        h.key(pygame.K_TAB)
    h.run_frames(1)
    tap(h, "done")
    assert h.top is editor
    tap(h, "save")
    assert isinstance(h.top, GoalsScene)
    [goal] = store.call(lambda s: s.list_goals(mia.id), None)
    assert (goal.game_id, goal.metric, goal.unit) == ("tracing", "inside_band", "%")
    assert (goal.comparison, goal.threshold) == ("at_least", 75.0)
    assert (goal.n_required, goal.m_window, goal.cue_level) == (4, 4, "verbal_cue")
    assert goal.gas.plus_2 == words[0] and goal.gas.minus_2 == words[4]
    assert "4 of 4 trials" in goal.description
    assert h.top.buttons.find(f"edit:{goal.id}")
    h.close()


def test_half_written_gas_levels_are_explained_not_saved(store):
    mia = store.add_child("Mia", avatar="cat")
    h = harness(store, GoalEditScene(mia))
    tap(h, "gas")
    h.type_text("only the top level")
    h.run_frames(1)
    tap(h, "done")
    tap(h, "save")
    assert isinstance(h.top, GoalEditScene)
    assert "all five" in h.top.message
    assert store.call(lambda s: s.list_goals(mia.id), None) == []
    h.close()


def test_a_goal_is_edited_and_removed(store):
    mia = store.add_child("Mia", avatar="cat")
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
            ),
        ),
        None,
    )
    h = harness(store, GoalsScene(mia))
    tap(h, f"edit:{goal.id}")
    tap(h, "n:minus")
    tap(h, "save")
    assert store.call(lambda s: s.get_goal(goal.id), None).n_required == 3
    tap(h, f"remove:{goal.id}")
    tap(h, "keep")
    assert store.call(lambda s: s.list_goals(mia.id), None)
    tap(h, f"remove:{goal.id}")
    tap(h, "confirm-remove")
    assert store.call(lambda s: s.list_goals(mia.id), None) == []
    h.close()


def test_a_graded_task_of_five_trials_is_saved_graded_and_shown_at_once(store):
    mia = store.add_child("Mia", avatar="cat")
    h = harness(store)
    tap(h, "graded")
    setup = h.top
    assert isinstance(setup, GradedTaskScene)
    while setup.game.id != "tracing":
        tap(h, "game:plus")
    tap(h, "level:plus")  # 55 %
    tap(h, "cue:demonstration")
    assert setup.trials == 5
    tap(h, "start")
    for i in range(5):
        finish_round(h, seed=i, skill=0.7)
        tap(h, "next")
    # the child is left on a calm screen with only the padlock; the results need the gate
    assert isinstance(h.top, HandBackScene)
    assert [b.name for b in h.top.buttons.buttons] == ["grown-ups"]
    tap(h, "grown-ups")
    pass_gate(h)
    results = h.top
    assert isinstance(results, GradedResultsScene)
    assert len(results.results) == 5
    assert results.columns and all(c.unit is not None for c in results.columns)
    trials = store.call(lambda s: s.trials(mia.id), None)
    assert len(trials) == 5
    assert all(t.graded and t.cue_level == "demonstration" for t in trials)
    assert {t.difficulty for t in trials} == {0.55}
    assert sorted(uid for uid, _ in results.results) == sorted(t.uuid for t in trials)
    # the lock ran out by itself: home practice moves again
    state = store.get_difficulty_state(mia.id, "tracing")
    assert not state.get("lock_remaining")
    tap(h, "done")
    assert h.top is setup and not setup.running
    h.close()


def test_a_graded_task_stopped_early_unlocks_the_difficulty(store):
    mia = store.add_child("Mia", avatar="cat")
    h = harness(store, GradedTaskScene(mia))
    while h.top.game.id != "tracing":
        tap(h, "game:plus")
    tap(h, "start")
    finish_round(h, seed=1)
    tap(h, "next")
    tap(h, "home")  # the child leaves trial 2
    assert isinstance(h.top, HandBackScene)
    tap(h, "grown-ups")
    pass_gate(h)
    assert isinstance(h.top, GradedTaskScene) and h.top.running
    tap(h, "stop")
    assert isinstance(h.top, GradedResultsScene)
    assert len(h.top.results) == 1
    state = store.get_difficulty_state(mia.id, "tracing")
    assert state.get("lock_value") is None and not state.get("lock_remaining")
    h.close()


# ------------------------------------------------------------------ export


def test_export_writes_the_report_and_says_where(store, tmp_path):
    pytest.importorskip("exporter.export")
    from tinyhands.screens.grownup_export import ExportScene

    mia = store.add_child("Mia", avatar="cat")
    tracing_only(store, mia)
    h = harness(store)
    run_todays_practice(h)
    h.close()
    (tmp_path / "elsewhere" / "for Dr Lee").mkdir(parents=True)
    h = harness(store, ExportScene(mia, out_dir=tmp_path / "reports"))
    # the grown-up chooses the folder: up, into "elsewhere", into "for Dr Lee"
    tap(h, "folder")
    from tinyhands.screens.folder_choice import FolderChoiceScene

    assert isinstance(h.top, FolderChoiceScene) and h.top.folder == tmp_path
    tap(h, "folder:elsewhere")
    tap(h, "folder:for Dr Lee")
    tap(h, "use")
    out = tmp_path / "elsewhere" / "for Dr Lee"
    scene = h.top
    assert isinstance(scene, ExportScene) and scene.out_dir == out
    tap(h, "write")
    assert scene.state == "writing"
    job = scene.job
    assert job._proc.pid != os.getpid()  # a separate process does the work
    frames_while_running = 0
    steps_seen = set()
    for _ in range(20_000):
        before = h.app.frames_drawn
        h.run_frames(1)
        if scene.state != "writing":
            break
        frames_while_running += h.app.frames_drawn - before
        steps_seen.add(job.step)
        time.sleep(0.005)
    assert scene.state == "done", scene.message
    # the screen kept drawing while the export ran, and showed its progress
    assert frames_while_running >= 20
    assert len(steps_seen) >= 2
    names = sorted(p.name.split(".", 1)[1] for p in scene.files)
    assert names == ["csv", "dictionary.csv", "json", "pdf", "schema.json"]
    assert all(p.parent == out and p.stat().st_size > 0 for p in scene.files)
    assert job._proc.returncode == 0
    h.close()


def test_an_export_that_fails_says_why(store, tmp_path):
    pytest.importorskip("exporter.export")
    from tinyhands.screens.grownup_export import ExportScene

    mia = store.add_child("Mia", avatar="cat")
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("x")
    h = harness(store, ExportScene(mia, out_dir=blocked / "reports"))
    tap(h, "write")
    for _ in range(20_000):
        h.run_frames(1)
        if h.top.state != "writing":
            break
        time.sleep(0.005)
    assert h.top.state == "failed" and h.top.message
    assert "Traceback" not in h.top.message
    h.close()


# ------------------------------------------------------------------ sizes and looks


def every_screen(h, child):
    from tinyhands.screens.grownup_export import ExportScene
    from tinyhands.screens.settings import CalibrationScene, SettingsScene

    yield h.top
    for scene in (
        ChildFormScene(),
        ChildFormScene(child),
        RemoveChildScene(child),
        StreaksScene(child),
        HomeProgramScene(child),
        GoalsScene(child),
        GoalEditScene(child),
        GradedTaskScene(child),
        SettingsScene(),
        CalibrationScene(),
        ExportScene(child, out_dir=None),
        HandBackScene(child, then=lambda: None, finished=True),
        ParentGate(on_pass=GrownUpScene),
    ):
        h.app.scenes.push(scene)
        h.run_frames(1)
        yield scene
        if isinstance(scene, GoalEditScene):
            tap(h, "gas")
            yield h.top
            h.app.scenes.pop()
        if isinstance(scene, HomeProgramScene):
            for game in registry.all_games():
                tap(h, f"options:{game.id}")
                yield h.top
                h.app.scenes.pop()
            tap(h, "minutes:plus")
            tap(h, "back")
            yield h.top  # the unsaved-changes question
            h.app.scenes.pop()
        if isinstance(scene, ExportScene):
            tap(h, "folder")
            yield h.top
            h.app.scenes.pop()
        h.app.scenes.pop()


@pytest.mark.parametrize("dpi", [96.0, 150.0])
def test_every_grown_up_target_is_at_least_15_mm_and_on_screen(store, dpi):
    mia = store.add_child("Mia", avatar="cat")
    store.add_child("Leo", avatar="lion")
    h = harness(store, dpi=dpi)
    canvas = pygame.Rect(0, 0, 1280, 800)
    for scene in every_screen(h, mia):
        for b in scene.buttons.buttons:
            w_mm, h_mm = h.app.units.mm(b.rect.w), h.app.units.mm(b.rect.h)
            assert min(w_mm, h_mm) >= MIN_TARGET_MM - 0.5, (type(scene).__name__, b.name)
            assert canvas.contains(b.rect), (type(scene).__name__, b.name, b.rect)
        rects = [(b.name, b.rect) for b in scene.buttons.buttons]
        for i, (name, r) in enumerate(rects):  # no button lies over another
            for other, r2 in rects[i + 1 :]:
                assert not r.colliderect(r2), (type(scene).__name__, name, other)
    h.close()


def test_every_grown_up_screen_draws(store, tmp_path):
    mia = store.add_child("Mia", avatar="cat")
    h = harness(store)
    for i, scene in enumerate(every_screen(h, mia)):
        path = tmp_path / f"grownup_{i}_{type(scene).__name__}.png"
        h.screenshot(str(path))
        img = pygame.image.load(str(path))
        colours = {img.get_at((x, y))[:3] for x in range(0, 1280, 40) for y in range(0, 800, 40)}
        assert len(colours) > 3, type(scene).__name__  # not a blank page
    h.close()


def test_the_sun_keeps_travelling_during_a_practice_round(store):
    mia = store.add_child("Mia", avatar="cat")
    tracing_only(store, mia, minutes=5)
    h = harness(store, ProfileScene())
    h.app.scenes.push(DailyPracticeScene(mia))
    h.run_frames(1)
    schedule = h.top
    tap(h, "play")
    game = h.top
    assert isinstance(game, GameScene) and game.overlay is not None
    bar = pygame.Rect(440, 0, 400, 100)
    before = h.app.canvas.subsurface(bar).copy()
    h.run_seconds(60)  # a minute of the five: the sun has moved in the top bar
    h.app.dirty = True
    h.app.draw(0.0)
    after = h.app.canvas.subsurface(bar).copy()
    assert pygame.image.tobytes(before, "RGB") != pygame.image.tobytes(after, "RGB")
    assert schedule.elapsed_s == 0  # counted when the round ends, not twice
    h.close()


def test_finished_necklaces_are_kept_in_the_childs_collection(store):
    """Issue 7: a finished necklace is the child's to keep; the collection shows it."""
    from engine.registry import RoundContext
    from engine.simulate import play_round
    from tinyhands.play import Practice

    mia = store.add_child("Mia", avatar="cat")
    services = Services(store=store, rng=random.Random(1))
    practice = Practice(services, mia)
    game = registry.get("beads")
    plan = practice.controller("beads").next_trial()
    params = practice.params_for(game, plan.difficulty)
    rnd = game.new_round(params, random.Random(3), RoundContext(338.7, 211.7))
    result = play_round(rnd, game.bot(rnd, random.Random(4), 0.9))
    practice.finish(game, result, plan, params, 3, result.duration_s)
    made = result.geometry["necklace"]["colours"]

    h = harness(store, StreaksScene(mia))
    h.run_frames(1)
    assert h.top.necklaces == [made]
    h.app.dirty = True
    h.app.draw(0.0)
    first = pygame.Color(made[0])
    seen = {
        tuple(h.app.canvas.get_at((x, y))[:3])
        for x in range(640, 1280, 2)
        for y in range(600, 800, 2)
    }
    assert (first.r, first.g, first.b) in seen
    h.close()


# ------------------------------------------------------------------ the streak rule


def set_minutes(store, child, minutes):
    """As the home program screen saves it: from today on, earlier days keep theirs."""
    program = store.get_home_program(child.id)
    store.call(
        lambda s: s.set_home_program(child.id, program.with_minutes(minutes, s.now().date())),
        None,
    )


def home_minutes(store, child, minutes):
    session = store.start_session(child.id, "test", "touch")
    store.end_session(session.id, minutes)


def test_a_finished_practice_with_its_sticker_counts_even_if_the_minutes_fell_short(store, clock):
    mia = store.add_child("Mia", avatar="cat")
    tracing_only(store, mia, minutes=0.1)
    h = harness(store)
    run_todays_practice(h)
    h.close()
    # the program asks more than was recorded: the finished practice still counts
    program = store.get_home_program(mia.id)
    store.call(
        lambda s: s.set_home_program(mia.id, program.model_copy(update={"minutes_per_day": 30.0})),
        None,
    )
    assert store.minutes_by_day(mia.id)[clock.t.date()] < 30
    assert store.streak(mia.id).current == 1


def test_each_day_is_judged_by_the_program_of_that_day(store, clock):
    mia = store.add_child("Mia", avatar="cat")
    set_minutes(store, mia, 5.0)
    home_minutes(store, mia, 5.0)  # day 1: 5 of 5
    clock.next_day()
    set_minutes(store, mia, 10.0)  # from day 2 the program asks 10
    home_minutes(store, mia, 10.0)
    assert store.streak(mia.id).current == 2  # day 1 is not re-rated against 10
    clock.next_day()
    set_minutes(store, mia, 3.0)  # lowering the minutes does not lift a short past day
    home_minutes(store, mia, 3.0)
    assert store.streak(mia.id).current == 3
    program = store.get_home_program(mia.id)
    days = sorted(store.minutes_by_day(mia.id))
    assert [program.minutes_on(d) for d in days] == [5.0, 10.0, 3.0]


def test_lowering_the_minutes_does_not_rewrite_a_missed_day(store, clock):
    mia = store.add_child("Mia", avatar="cat")
    set_minutes(store, mia, 10.0)
    home_minutes(store, mia, 10.0)
    clock.next_day()
    home_minutes(store, mia, 4.0)  # short of 10: not a practised day
    clock.next_day()
    home_minutes(store, mia, 4.0)  # short again: two misses in a row end the streak
    clock.next_day()
    set_minutes(store, mia, 4.0)
    home_minutes(store, mia, 4.0)
    # under the new program only today counts; yesterday's 4 minutes fell short of 10
    assert store.streak(mia.id).current == 1
    assert store.streak(mia.id).longest == 1


def test_graded_task_minutes_are_the_clinics_and_do_not_make_a_streak(store, clock):
    mia = store.add_child("Mia", avatar="cat")
    tracing_only(store, mia, minutes=0.05)
    h = harness(store, GradedTaskScene(mia))
    while h.top.game.id != "tracing":
        tap(h, "game:plus")
    for _ in range(4):
        tap(h, "trials:minus")
    tap(h, "start")
    finish_round(h, seed=1)
    h.close()
    assert sum(store.call(lambda s: s.clinic_minutes_by_day(mia.id), {}).values()) > 0
    assert store.call(lambda s: s.home_minutes_by_day(mia.id), {}) in ({}, {clock.t.date(): 0.0})
    assert store.streak(mia.id).current == 0


def test_the_streak_screen_says_when_a_day_counts(store, tmp_path):
    mia = store.add_child("Mia", avatar="cat")
    h = harness(store, StreaksScene(mia))
    words = []
    real = text_render = __import__("engine.text", fromlist=["render"]).render

    def spy(s, *a, **k):
        words.append(s)
        return real(s, *a, **k)

    import engine.text

    engine.text.render = spy
    try:
        h.screenshot(str(tmp_path / "streaks.png"))
    finally:
        engine.text.render = text_render
    said = " ".join(words)
    assert "A day counts when" in said and "finishes the day's practice" in said
    assert "This month:" in said
    h.close()
