"""The parent gate, tested the way a child meets it: random taps all over the screen,
without stopping at the back arrow (the padlock re-opens the gate), checked against a
model of the rules (three wrong answers lock the keypad for LOCKOUT_S, whatever the
child does meanwhile). Deliberately broken gates (mutants) must be caught by the same
checker; the lockout must also survive a restart and a clock moved back; and no path
from a child's screen, a graded round or a finished practice reaches a grown-up screen
or a destructive action without the gate."""

from __future__ import annotations

import random
import re

import pygame
import pytest

import games
from engine.game_scene import GameScene
from engine.harness import Harness
from engine.ui import SLOP_MM
from progress.models import HomeProgram
from progress.safe import SafeStore
from progress.settings import load_settings
from tinyhands.gate_lock import LOCKOUT_S, WRONG_LIMIT, GateLock
from tinyhands.play import Practice
from tinyhands.screens.gate import WORDS, ParentGate
from tinyhands.screens.grownup import GrownUpScene
from tinyhands.screens.grownup_ui import GrownUpPage
from tinyhands.screens.home import ProfileScene
from tinyhands.screens.practice import PracticeEndScene
from tinyhands.screens.problem import DataProblemScene
from tinyhands.screens.therapist import GradedTaskScene
from tinyhands.services import Services

games.load_all()


class WallClock:
    def __init__(self) -> None:
        self.t = 1_750_000_000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def store(tmp_path):
    s = SafeStore.open_dir(tmp_path / "data")
    s.add_child("Mia", avatar="cat")
    yield s
    s.close()


def make(store, scene=None, seed=7, wall=None, settings=None):
    services = Services(store=store, rng=random.Random(seed), settings=settings)
    if wall is not None:
        services.wall_clock = wall
    return Harness(scene or ProfileScene(), services=services)


def tap(h, name):
    h.tap_rect(h.top.buttons.find(name).rect)


def true_answer(gate: ParentGate) -> int:
    """Read from the words on screen, not from the gate's own idea of the answer."""
    a, b = re.fullmatch(r"What is (\w+) plus (\w+)\?", gate.question).groups()
    return WORDS.index(a) + WORDS.index(b)


def button_under(gate: ParentGate, x: float, y: float) -> str | None:
    slop = gate.app.units.px(SLOP_MM)
    for b in reversed(gate.buttons.buttons):
        if b.enabled and b.rect.inflate(2 * slop, 2 * slop).collidepoint(x, y):
            return b.name
    return None


def pass_gate(h):
    gate = h.top
    for digit in str(true_answer(gate)):
        tap(h, f"key:{digit}")
    tap(h, "ok")


def random_tap_breaches(store, taps: int = 1000, seed: int = 3) -> list[str]:
    """Tap ``taps`` times at random over the whole screen; return every breach of the rules.

    A breach: the gate passed on a wrong answer; the keypad took a digit or an answer
    during a lockout; or it was open when the model says three wrong answers locked it.
    Leaving the gate (back arrow) is not the end: the padlock opens it again, as a child
    would, and the model's count and lockout carry on.
    """
    rng = random.Random(seed)
    h = make(store)
    tap(h, "grown-ups")
    wrong, until = 0, 0.0
    breaches: list[str] = []
    done = 0
    reentries = 0
    while done < taps and len(breaches) < 5:
        top = h.top
        if isinstance(top, ProfileScene):  # the child left the gate: back in through the padlock
            tap(h, "grown-ups")
            reentries += 1
            continue
        if isinstance(top, GrownUpScene):  # a right answer, fairly earned: close, go on
            tap(h, "close")
            continue
        assert isinstance(top, ParentGate), type(top).__name__
        gate = top
        x, y = rng.uniform(0, 1280), rng.uniform(0, 800)
        hit = button_under(gate, x, y)
        typed, answer = gate.answer_typed, true_answer(gate)
        locked = h.app.clock() < until
        h.tap(x, y)
        done += 1
        now = h.app.clock()
        where = f"tap {done}"
        if hit == "ok" and typed and not locked:
            if int(typed) == answer:
                if not isinstance(h.top, GrownUpScene):
                    breaches.append(f"{where}: the right answer {typed} did not open the gate")
                continue
            if not isinstance(h.top, ParentGate):
                breaches.append(f"{where}: wrong answer {typed} (not {answer}) opened the gate")
                continue
            wrong += 1
            if wrong >= WRONG_LIMIT:
                wrong, until = 0, now + LOCKOUT_S - 0.2
        elif locked:
            if not isinstance(h.top, ParentGate | ProfileScene):
                breaches.append(f"{where}: the gate opened during a lockout")
            elif hit and hit.startswith("key:") and h.top.answer_typed != typed:
                breaches.append(f"{where}: a digit was taken during a lockout")
        if isinstance(h.top, ParentGate) and h.app.clock() < until and h.top.locked_for <= 0:
            breaches.append(
                f"{where}: the keypad is open {until - h.app.clock():.1f} s before the "
                f"lockout ends (re-entries so far: {reentries})"
            )
    h.close()
    assert done == taps or breaches  # the walk never stops early at the back arrow
    return breaches


SEEDS = (3, 4, 5)  # three walks of 1,000 taps each


def fresh_store(tmp_path, seed):
    s = SafeStore.open_dir(tmp_path / f"data-{seed}")
    s.add_child("Mia", avatar="cat")
    return s


def breaches_over_seeds(tmp_path) -> list[str]:
    found = []
    for seed in SEEDS:
        s = fresh_store(tmp_path, seed)
        found += random_tap_breaches(s, seed=seed)
        s.close()
    return found


def test_a_thousand_random_taps_never_get_past_the_gate(tmp_path):
    assert breaches_over_seeds(tmp_path) == []


def _no_lockout(monkeypatch):
    monkeypatch.setattr(GateLock, "wrong_answer", lambda self, mono, wall: False)


def _any_answer(monkeypatch):
    monkeypatch.setattr(ParentGate, "is_right", lambda self, typed: True)


def _reset_lockout_on_entry(monkeypatch):
    enter = ParentGate.on_enter

    def on_enter(self):
        self.lock.until = 0.0
        enter(self)

    monkeypatch.setattr(ParentGate, "on_enter", on_enter)


def _reset_count_on_entry(monkeypatch):
    enter = ParentGate.on_enter

    def on_enter(self):
        self.lock.wrong = 0
        enter(self)

    monkeypatch.setattr(ParentGate, "on_enter", on_enter)


def _fresh_lock_per_gate(monkeypatch):
    """The old defect: each gate its own count and lockout."""
    enter = ParentGate.on_enter

    def on_enter(self):
        self.app.services._gate = GateLock()
        enter(self)

    monkeypatch.setattr(ParentGate, "on_enter", on_enter)


@pytest.mark.parametrize(
    "mutant",
    [
        _no_lockout,
        _any_answer,
        _reset_lockout_on_entry,
        _reset_count_on_entry,
        _fresh_lock_per_gate,
    ],
)
def test_the_random_taps_catch_a_broken_gate(tmp_path, monkeypatch, mutant):
    mutant(monkeypatch)
    assert breaches_over_seeds(tmp_path) != []


# ------------------------------------------------------------------ the lockout


def wrong_answers(h, n):
    for _ in range(n):
        gate = h.top
        wrong = (true_answer(gate) + 1) % 100
        for digit in f"{wrong:02d}":
            tap(h, f"key:{digit}")
        tap(h, "ok")


def test_the_lockout_survives_back_and_the_padlock(store):
    h = make(store)
    tap(h, "grown-ups")
    wrong_answers(h, 2)
    tap(h, "back")
    tap(h, "grown-ups")
    wrong_answers(h, 1)  # the third wrong answer, counted across the two visits
    assert h.top.locked_for > LOCKOUT_S - 1
    tap(h, "back")
    tap(h, "grown-ups")
    gate = h.top
    assert gate.locked_for > LOCKOUT_S - 2
    for digit in str(true_answer(gate)):
        tap(h, f"key:{digit}")
    tap(h, "ok")
    assert h.top is gate and gate.answer_typed == ""  # even the right answer waits
    h.run_seconds(LOCKOUT_S)
    pass_gate(h)
    assert isinstance(h.top, GrownUpScene)
    h.close()


def test_the_lockout_and_the_count_survive_a_restart(store):
    wall = WallClock()
    h = make(store, wall=wall)
    tap(h, "grown-ups")
    wrong_answers(h, 2)
    h.close()
    saved = load_settings(store.data_dir)
    assert saved.gate_wrong == 2

    h = make(store, wall=wall, settings=load_settings(store.data_dir))  # a restart
    tap(h, "grown-ups")
    wrong_answers(h, 1)
    assert h.top.locked_for > LOCKOUT_S - 1
    h.close()

    wall.t += 10
    h = make(store, wall=wall, settings=load_settings(store.data_dir))
    tap(h, "grown-ups")
    assert LOCKOUT_S - 12 < h.top.locked_for <= LOCKOUT_S - 9
    h.close()


def test_a_clock_moved_back_never_locks_longer_than_one_lockout(store):
    wall = WallClock()
    h = make(store, wall=wall)
    tap(h, "grown-ups")
    wrong_answers(h, WRONG_LIMIT)
    h.close()
    wall.t -= 86_400  # the clock goes back a day before the next start
    h = make(store, wall=wall, settings=load_settings(store.data_dir))
    tap(h, "grown-ups")
    assert 0 < h.top.locked_for <= LOCKOUT_S  # still locked, but not for a day
    h.run_seconds(LOCKOUT_S + 1)
    pass_gate(h)
    assert isinstance(h.top, GrownUpScene)
    h.close()


def test_other_settings_saved_later_keep_the_lockout(store):
    from progress.settings import AppSettings

    wall = WallClock()
    h = make(store, wall=wall)
    tap(h, "grown-ups")
    wrong_answers(h, WRONG_LIMIT)
    h.app.services.save_settings(AppSettings(calm=True))  # e.g. a settings switch
    assert load_settings(store.data_dir).gate_locked_until is not None
    h.close()


# ------------------------------------------------------------------ feedback and keyboard


def test_a_wrong_answer_is_said_and_a_new_sum_is_asked(store):
    h = make(store)
    tap(h, "grown-ups")
    gate = h.top
    first = gate.question
    wrong_answers(h, 1)
    assert gate.wrong_shown_s > 0
    assert gate.question != first or gate.answer_typed == ""
    h.run_seconds(3)
    assert gate.wrong_shown_s == 0
    h.close()


def test_keyboard_digits_and_enter_answer_the_gate(store):
    h = make(store)
    tap(h, "grown-ups")
    answer = str(true_answer(h.top))
    h.key(pygame.K_9, "9")
    h.run_frames(1)
    h.key(pygame.K_BACKSPACE)
    for d in answer:
        h.key(getattr(pygame, f"K_KP{d}"), d)  # the number pad works too
    h.run_frames(1)
    assert h.top.answer_typed == answer
    h.key(pygame.K_RETURN)
    h.run_frames(1)
    assert isinstance(h.top, GrownUpScene)
    h.close()


# ------------------------------------------------------------------ no way round the gate


def _is_grown_up(scene) -> bool:
    return isinstance(scene, GrownUpPage | DataProblemScene)


def wander(h, store, steps, seed):
    """A child let loose: taps random buttons and random places, finishes some rounds with
    the game's bot, and never answers the gate (in the gate only the back arrow works for
    them). Returns every grown-up screen reached."""
    rng = random.Random(seed)
    reached = []
    children = len(store.list_children())
    for _ in range(steps):
        top = h.top
        if _is_grown_up(top):
            reached.append(type(top).__name__)
            break
        if isinstance(top, ParentGate):
            tap(h, "back")
            continue
        if isinstance(top, GameScene) and rng.random() < 0.5:
            h.replay(top.game.bot(top.round, random.Random(rng.random()), 1.0))
            for _ in range(600):
                if h.top is not top:
                    break
                h.run_frames(1)
            continue
        buttons = (
            [b for b in getattr(top, "buttons", None).buttons if b.enabled]
            if getattr(top, "buttons", None)
            else []
        )
        if buttons and rng.random() < 0.8:
            h.tap_rect(rng.choice(buttons).rect)
        else:
            h.tap(rng.uniform(0, 1280), rng.uniform(0, 800))
        h.run_frames(rng.randrange(1, 120))  # reward screens wait before their buttons
    assert len(store.list_children()) == children
    return reached


def test_a_child_in_a_graded_task_reaches_no_grown_up_screen(store):
    [mia] = store.list_children()
    for seed in range(3):
        services_scene = GradedTaskScene(mia)
        h = make(store, scene=services_scene, seed=seed)
        while h.top.game.id != "tracing":
            tap(h, "game:plus")
        tap(h, "trials:minus")
        tap(h, "trials:minus")
        tap(h, "trials:minus")  # two trials, so the walk reaches the end too
        tap(h, "start")
        assert isinstance(h.top, GameScene)
        assert wander(h, store, 300, seed) == []
        h.close()


def test_a_child_after_a_finished_practice_or_on_their_own_screens_reaches_nothing(store, tmp_path):
    [mia] = store.list_children()
    store.call(
        lambda s: s.set_home_program(mia.id, HomeProgram(games=["tracing"], minutes_per_day=0.05)),
        None,
    )
    h = make(store, scene=ProfileScene())
    h.app.scenes.push(PracticeEndScene(mia, Practice(h.app.services, mia)))
    assert wander(h, store, 120, seed=11) == []
    h.close()
