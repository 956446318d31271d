"""A therapist's per-game options: declared by the games, stored in the home program, and
really played - home practice, the graded task and the demo build their rounds with them."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pygame
import pytest

import games
from engine import registry
from engine.game_scene import GameScene
from engine.harness import Harness
from engine.input import Device
from engine.registry import GameOption, RoundContext
from engine.simulate import play_round
from engine.ui import MIN_TARGET_MM
from exporter.build import build_summary
from exporter.wording import item_words
from games.tracing.content import DIGIT_ORDER, LOWER_ORDER, SHAPE_ORDER, UPPER_ORDER
from games.tracing.params import Mode
from games.tweezers.params import GripMode
from progress.models import HomeProgram
from progress.safe import SafeStore
from tinyhands.catalog import build_catalog
from tinyhands.demo import SimClock, _play_one
from tinyhands.play import Practice
from tinyhands.screens.practice import DailyPracticeScene
from tinyhands.screens.therapist import (
    GameOptionsScene,
    GradedTaskScene,
    HomeProgramScene,
)
from tinyhands.services import Services

games.load_all()
TRACING = registry.get("tracing")
TWEEZERS = registry.get("tweezers")
LEVELS = [i / 10 for i in range(11)]
PLANE = RoundContext(250.0, 156.0)


class FakeClock:
    def __init__(self) -> None:
        self.t = datetime(2025, 3, 10, 17, 0).astimezone()

    def __call__(self) -> datetime:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += timedelta(seconds=seconds)


@pytest.fixture
def store(tmp_path):
    s = SafeStore.open_dir(tmp_path / "data", clock=FakeClock())
    yield s
    s.close()


def services(store, seed=7) -> Services:
    return Services(store=store, rng=random.Random(seed))


def set_options(store, child, options, games_=None) -> None:
    program = HomeProgram(games=games_, game_options=options)
    store.call(lambda s: s.set_home_program(child.id, program), None)


def tap(h, name):
    h.tap_rect(h.top.buttons.find(name).rect)


# ------------------------------------------------------------------ the registry


def test_a_game_option_must_offer_its_default():
    with pytest.raises(ValueError):
        GameOption("grip", "Grip", (("pinch", "pinch"),), "one_finger")
    with pytest.raises(ValueError):
        GameOption("grip", "Grip", (), "pinch")
    with pytest.raises(ValueError):
        GameOption("grip", "Grip", (("a", "x"), ("a", "y")), "a")


def test_tracing_and_tweezers_declare_their_options():
    assert [o.name for o in TRACING.options] == ["content", "mode"]
    assert TRACING.option("content").values == ("shapes", "digits", "uppercase", "lowercase")
    assert TRACING.option("content").words("uppercase") == "capital letters"
    assert TRACING.option("mode").values == ("automatic", "imitate", "copy")
    assert [o.name for o in TWEEZERS.options] == ["grip_mode"]
    assert TWEEZERS.option("grip_mode").values == ("pinch", "one_finger")
    # no options: the ladder as before
    beads = registry.get("beads")
    assert beads.options == () and beads.params_for(0.4, {"x": "y"}) == beads.ladder(0.4)


@pytest.mark.parametrize(
    ("content", "order"),
    [
        ("shapes", SHAPE_ORDER),
        ("digits", DIGIT_ORDER),
        ("uppercase", UPPER_ORDER),
        ("lowercase", LOWER_ORDER),
    ],
)
def test_the_content_set_is_what_the_ladder_climbs(content, order):
    shapes = [TRACING.params_for(d, {"content": content}).shape for d in LEVELS]
    assert set(shapes) <= set(order)
    assert shapes[0] == order[0] and shapes[-1] == order[-1]  # in teaching order
    # only the items change: road, size and guides are the same ladder for every set
    for d in LEVELS:
        a, b = TRACING.params_for(d, {"content": content}), TRACING.ladder(d)
        assert (a.band_mm, a.size_mm, a.guide, a.mode) == (b.band_mm, b.size_mm, b.guide, b.mode)


def test_copy_mode_gives_copy_rounds_at_every_difficulty():
    for d in LEVELS:
        params = TRACING.params_for(d, {"mode": "copy"})
        assert params.mode is Mode.COPY
        rnd = TRACING.new_round(params, random.Random(1), PLANE)
        assert rnd.demo_s is None  # nothing is drawn first: the child sees the model only
    for d in LEVELS:
        params = TRACING.params_for(d, {"mode": "imitate", "content": "lowercase"})
        assert params.mode is Mode.IMITATE
        assert TRACING.new_round(params, random.Random(1), PLANE).demo_s == 0.0
    # automatic: the ladder switches by itself, as it always did
    modes = {TRACING.params_for(d, {}).mode for d in LEVELS}
    assert modes == {Mode.IMITATE, Mode.COPY}


@pytest.mark.parametrize(
    "chosen",
    [
        {"content": "klingon", "mode": "mirror"},
        {"colour": "red", "content": 3, "mode": None},
        {},
    ],
)
def test_unknown_choices_are_ignored_and_the_defaults_play(chosen):
    assert TRACING.resolve_options(chosen) == {"content": "shapes", "mode": "automatic"}
    for d in LEVELS:
        assert TRACING.params_for(d, chosen) == TRACING.ladder(d)
    assert TWEEZERS.params_for(0.5, {"grip_mode": "three_fingers", "x": "1"}) == TWEEZERS.ladder(
        0.5
    )


def test_one_finger_grip_lets_a_one_finger_touch_stream_pick_up_and_place():
    for d in (0.0, 0.5, 0.9):
        params = TWEEZERS.params_for(d, {"grip_mode": "one_finger"})
        assert params.grip_mode is GripMode.ONE_FINGER
        rnd = TWEEZERS.new_round(params, random.Random(3), PLANE)
        events = TWEEZERS.bot(rnd, random.Random(4), 1.0)
        assert events and all(e.device is Device.TOUCH for e in events)
        assert len({e.pointer_id for e in events if e.phase.value == "down"}) >= 1
        result = play_round(rnd, events)
        assert result is not None and result.success
        assert result.geometry["grip_mode"] == "one_finger"
        # the same touches on a pinch round close nothing: the choice changes the play
        pinch = TWEEZERS.new_round(TWEEZERS.params_for(d, {}), random.Random(3), PLANE)
        assert pinch.params.grip_mode is GripMode.PINCH
        again = play_round(pinch, events)
        assert again is None or not again.success


# ------------------------------------------------------------------ the program and the app


def test_practice_builds_rounds_with_the_stored_options(store):
    mia = store.add_child("Mia", avatar="cat")
    set_options(store, mia, {"tracing": {"content": "uppercase", "mode": "copy"}})
    practice = Practice(services(store), mia)
    for _ in range(3):
        scene = practice.new_game_scene(TRACING, on_leave=lambda: None)
        assert scene.params.shape.startswith("upper_")
        assert scene.params.mode is Mode.COPY
    # read once per Practice: a later change is for the next visit, not mid-play
    set_options(store, mia, {})
    assert practice.new_game_scene(TRACING, lambda: None).params.shape.startswith("upper_")
    assert Practice(services(store), mia).params_for(TRACING, 0.0).shape == SHAPE_ORDER[0]


def test_unknown_stored_options_never_stop_a_child_playing(store):
    mia = store.add_child("Mia", avatar="cat")
    set_options(
        store,
        mia,
        {
            "tracing": {"content": "cursive", "speed": "fast"},
            "tweezers": {"grip_mode": "chopsticks"},
            "no-such-game": {"a": "b"},
        },
    )
    practice = Practice(services(store), mia)
    tracing = practice.new_game_scene(TRACING, on_leave=lambda: None)
    assert tracing.params.shape in SHAPE_ORDER
    tweezers = practice.new_game_scene(TWEEZERS, on_leave=lambda: None)
    assert tweezers.params.grip_mode is GripMode.PINCH


def test_the_options_screen_saves_and_the_program_shows_the_choice(store, tmp_path):
    mia = store.add_child("Mia", avatar="cat")
    h = Harness(HomeProgramScene(mia), services=services(store))
    program_scene = h.top
    tap(h, "minutes:plus")  # an unsaved edit on the program screen survives the options
    assert program_scene.options_summary(TRACING).startswith("shapes · automatic")
    tap(h, "options:tracing")
    assert isinstance(h.top, GameOptionsScene)
    h.screenshot(str(tmp_path / "options.png"))
    assert (tmp_path / "options.png").stat().st_size > 0
    tap(h, "option:content:uppercase")
    tap(h, "option:mode:copy")
    tap(h, "done")
    assert h.top is program_scene
    assert store.get_home_program(mia.id).game_options == {}  # not until the program is saved
    assert program_scene.options_summary(TRACING).startswith("capital letters · copy: model only")
    assert program_scene.minutes == 6
    # one save keeps the program and its games' options together
    tap(h, "save")
    stored = store.get_home_program(mia.id)
    assert stored.game_options == {"tracing": {"content": "uppercase", "mode": "copy"}}
    assert stored.minutes_per_day == 6.0
    # a game taken out of the program has no options button; one without options never has
    tap(h, "game:tweezers")
    names = {b.name for b in h.top.buttons.buttons}
    assert "options:tracing" in names and "options:tweezers" not in names
    assert "options:beads" in names  # every game in the program has its level bounds
    h.close()


@pytest.mark.parametrize("dpi", [96.0, 150.0])
def test_option_targets_are_at_least_15_mm_and_on_screen(store, dpi):
    mia = store.add_child("Mia", avatar="cat")
    h = Harness(HomeProgramScene(mia), services=services(store), dpi=dpi)
    canvas = pygame.Rect(0, 0, 1280, 800)
    scenes = [h.top]
    for game in (TRACING, TWEEZERS):
        h.app.scenes.push(GameOptionsScene(h.top if not scenes[1:] else scenes[0], game))
        h.run_frames(1)
        scenes.append(h.top)
    for scene in scenes:
        rects = [b.rect for b in scene.buttons.buttons]
        for b in scene.buttons.buttons:
            assert min(h.app.units.mm(b.rect.w), h.app.units.mm(b.rect.h)) >= MIN_TARGET_MM - 0.5
            assert canvas.contains(b.rect), (type(scene).__name__, b.name, b.rect)
        for i, a in enumerate(rects):  # the new options row must not overlap the others
            assert not any(a.colliderect(b) for b in rects[i + 1 :]), type(scene).__name__
    h.close()


def test_choosing_capital_letters_makes_the_next_tracing_round_a_capital_letter(store):
    mia = store.add_child("Mia", avatar="cat")
    set_options(store, mia, {}, games_=["tracing"])
    h = Harness(HomeProgramScene(mia), services=services(store))
    tap(h, "options:tracing")
    tap(h, "option:content:uppercase")
    tap(h, "done")
    tap(h, "save")
    h.app.scenes.push(DailyPracticeScene(mia))
    h.run_frames(2)
    tap(h, "play")
    assert isinstance(h.top, GameScene)
    assert h.top.round.params.shape in UPPER_ORDER
    h.close()


def test_one_finger_grip_chosen_on_screen_reaches_the_tweezers_round(store):
    mia = store.add_child("Mia", avatar="cat")
    set_options(store, mia, {}, games_=["tweezers"])
    h = Harness(HomeProgramScene(mia), services=services(store))
    tap(h, "options:tweezers")
    assert {b.name for b in h.top.buttons.buttons} >= {
        "option:grip_mode:pinch",
        "option:grip_mode:one_finger",
    }
    tap(h, "option:grip_mode:one_finger")
    tap(h, "done")
    tap(h, "save")
    h.app.scenes.push(DailyPracticeScene(mia))
    h.run_frames(2)
    tap(h, "play")
    scene = h.top
    assert isinstance(scene, GameScene) and scene.round.params.grip_mode is GripMode.ONE_FINGER
    h.close()


def test_the_graded_task_plays_the_programs_options(store):
    mia = store.add_child("Mia", avatar="cat")
    set_options(store, mia, {"tracing": {"content": "digits", "mode": "copy"}})
    h = Harness(GradedTaskScene(mia), services=services(store))
    assert h.top.game.id == "tracing"
    tap(h, "start")
    scene = h.top
    assert isinstance(scene, GameScene)
    assert scene.round.params.shape in DIGIT_ORDER and scene.round.params.mode is Mode.COPY
    h.close()


def test_the_demo_plays_the_programs_options(store):
    mia = store.add_child("Mia", avatar="cat")
    set_options(store, mia, {"tracing": {"content": "lowercase", "mode": "imitate"}})
    practice = Practice(services(store), mia)
    clock = SimClock(datetime(2025, 3, 10, 17, 0).astimezone())
    rng = random.Random(5)
    for _ in range(3):
        _play_one(practice, TRACING, clock, rng, 1.0, None)
    practice.end()
    trials = store.store.trials(mia.id)
    assert trials and all(t.params["shape"] in LOWER_ORDER for t in trials)
    assert all(t.params["mode"] == "imitate" for t in trials)


# ------------------------------------------------------------------ the report


def test_the_report_names_capital_and_small_letters_as_a_therapist_does():
    assert item_words("upper_A") == "capital A"
    assert item_words("lower_g") == "small g"
    assert item_words("digit_3") == "digit 3"
    assert item_words("circle") == "circle"


def test_a_letters_program_in_copy_mode_reads_correctly_in_the_report(store):
    mia = store.add_child("Mia", avatar="cat")
    set_options(store, mia, {"tracing": {"content": "uppercase", "mode": "copy"}})
    practice = Practice(services(store), mia)
    clock = SimClock(datetime(2025, 3, 10, 17, 0).astimezone())
    rng = random.Random(2)
    for _ in range(4):
        _play_one(practice, TRACING, clock, rng, 1.0, None)
    practice.end()
    day = store.store.trials(mia.id)[0].local_date
    summary = build_summary(store.store, mia.id, day, day, build_catalog())
    [tracing] = [g for g in summary.games if g.game_id == "tracing"]
    assert tracing.items and all(i.startswith("upper_") for i in tracing.items)
    practised = next(s for s in tracing.sentences if s.startswith("Practised"))
    assert "capital " in practised and "upper" not in practised
