"""The child's screens, headless, driven by posted FINGER and mouse events."""

import random

import pygame
import pytest

import games
from engine.harness import Harness
from engine.ui import MIN_TARGET_MM
from progress.safe import SafeStore
from tinyhands.screens.gate import ParentGate
from tinyhands.screens.grownup import ChildFormScene
from tinyhands.screens.home import ProfileScene
from tinyhands.screens.plan import GamePickerScene, PlanScene
from tinyhands.services import Services

games.load_all()


def make(store, dpi=96.0, window=(1280, 800), seed=7):
    services = Services(store=store, rng=random.Random(seed))
    return Harness(ProfileScene(), services=services, dpi=dpi, window_size=window)


def buttons_of(scene):
    return scene.buttons.buttons


@pytest.mark.parametrize("device", ["touch", "mouse"])
def test_tapping_an_avatar_selects_that_child(store, device):
    store.add_child("Mia", avatar="cat")
    leo = store.add_child("Leo", avatar="lion")
    h = make(store)
    home = h.top
    h.tap_rect(home.buttons.find(f"child:{leo.id}").rect, device=device)
    assert isinstance(h.top, PlanScene)
    assert h.top.child.id == leo.id
    h.close()


def test_tapping_beside_the_avatars_selects_nobody(store):
    store.add_child("Mia", avatar="cat")
    h = make(store)
    h.tap(5, 400)
    assert isinstance(h.top, ProfileScene)
    h.close()


@pytest.mark.parametrize("dpi", [96.0, 160.0, 264.0])
@pytest.mark.parametrize("window", [(1280, 800), (800, 600), (1920, 1080)])
def test_every_child_target_is_at_least_15_mm(store, dpi, window):
    for i, a in enumerate(["cat", "dog", "owl", "frog", "fox", "pig", "bear"]):
        store.add_child(f"Child {i}", avatar=a)
    h = make(store, dpi=dpi, window=window)
    scenes = [h.top]
    h.tap_rect(h.top.buttons.buttons[0].rect)
    scenes.append(h.top)
    h.app.scenes.push(GamePickerScene(h.top.practice))
    scenes.append(h.top)
    for scene in scenes:
        for b in buttons_of(scene):
            w_mm = h.app.units.mm(b.rect.w) * (1.0)
            h_mm = h.app.units.mm(b.rect.h)
            assert min(w_mm, h_mm) >= MIN_TARGET_MM - 0.5, (type(scene).__name__, b.name, w_mm)
    h.close()


# the gate against random taps, its lockout and its mutants: tests/test_gate.py


def _pass_gate(h):
    gate = h.top
    for digit in str(gate.answer):
        h.tap_rect(gate.buttons.find(f"key:{digit}").rect)
    h.tap_rect(gate.buttons.find("ok").rect)


def test_a_grown_up_adds_a_child_by_typing_a_name_and_picking_an_avatar(store):
    h = make(store)
    h.tap_rect(h.top.buttons.find("add").rect)  # the big + on an empty home screen
    assert isinstance(h.top, ParentGate)
    _pass_gate(h)
    assert isinstance(h.top, ChildFormScene)  # no children yet: straight to the form
    h.type_text("Zoë 🦊")
    h.run_frames(1)
    h.tap_rect(h.top.buttons.find("avatar:fox").rect, device="mouse")
    h.tap_rect(h.top.buttons.find("save").rect, device="mouse")
    assert isinstance(h.top, ProfileScene)
    [child] = store.list_children()
    assert (child.display_name, child.avatar) == ("Zoë 🦊", "fox")
    assert h.top.buttons.find(f"child:{child.id}")
    h.close()


def test_an_empty_name_is_explained_not_saved(store):
    h = make(store)
    h.app.scenes.push(ChildFormScene())
    h.run_frames(1)
    h.tap_rect(h.top.buttons.find("save").rect)
    assert isinstance(h.top, ChildFormScene)
    assert "name" in h.top.message
    assert store.list_children() == []
    h.close()


def test_many_children_are_paged_not_shrunk(store):
    for i in range(30):
        store.add_child(f"Kid {i}", avatar="cat")
    h = make(store)
    first = {b.name for b in buttons_of(h.top) if b.name.startswith("child:")}
    assert 0 < len(first) < 30
    h.tap_rect(h.top.buttons.find("next").rect)
    second = {b.name for b in buttons_of(h.top) if b.name.startswith("child:")}
    assert second and not (first & second)
    h.close()


def test_unwritable_data_dir_still_lets_a_child_play(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    store = SafeStore.open_dir(blocker / "data")
    assert store.problem  # a clear message for the grown-up
    h = make(store)
    assert isinstance(h.top, ProfileScene)
    h.tap(640, 400)
    h.close()
    store.close()


def test_screens_redraw_only_when_something_changed(store):
    store.add_child("Mia", avatar="cat")
    h = make(store)
    h.run_frames(3)
    drawn = h.app.frames_drawn
    h.run_frames(30)
    assert h.app.frames_drawn == drawn  # idle: nothing redrawn, the app can sleep
    h.finger("down", 3, 3)
    h.finger("up", 3, 3)
    h.run_frames(2)
    h.close()


def test_pygame_mouse_state_is_never_read(store, monkeypatch):
    def boom(*a, **k):
        raise AssertionError("screens must read pointers from events only")

    monkeypatch.setattr(pygame.mouse, "get_pos", boom)
    monkeypatch.setattr(pygame.mouse, "get_pressed", boom)
    child = store.add_child("Mia", avatar="cat")
    h = make(store)
    h.tap_rect(h.top.buttons.find(f"child:{child.id}").rect, device="mouse")
    assert isinstance(h.top, PlanScene)
    h.close()


def test_a_damaged_data_file_is_explained_to_the_grown_up_who_can_restore_the_backup(tmp_path):
    data = tmp_path / "data"
    good = SafeStore.open_dir(data)
    good.add_child("Mia", avatar="cat")
    good.close()
    backup = SafeStore.open_dir(data)
    backup.call(lambda s: s.backup_now(), None)
    backup.close()
    [db] = [p for p in data.iterdir() if p.suffix in (".db", ".sqlite", ".sqlite3")]
    db.write_bytes(b"this is not a database" * 100)

    store = SafeStore.open_dir(data)
    assert store.problem and store.awaiting_decision
    h = make(store)
    from tinyhands.screens.ask_grownup import AskGrownUpScene
    from tinyhands.screens.problem import DataProblemScene

    assert isinstance(h.top, AskGrownUpScene)  # the child: a calm picture, no empty picker
    h.tap_rect(h.top.buttons.find("grown-ups").rect)
    _pass_gate(h)
    assert isinstance(h.top, DataProblemScene)
    h.tap_rect(h.top.buttons.find("restore").rect)
    assert isinstance(h.top, ParentGate)  # replacing the data file asks the gate again
    assert store.problem
    _pass_gate(h)
    h.run_frames(3)
    assert not isinstance(h.top, DataProblemScene | AskGrownUpScene)  # solved
    assert not store.problem
    assert [c.display_name for c in store.list_children()] == ["Mia"]
    # the damaged file was moved aside, never deleted
    assert any("damaged" in p.name for p in data.iterdir())
    h.close()
    store.close()
