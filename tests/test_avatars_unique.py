"""Each child on a device gets their own avatar while free ones remain: the command line
refuses a taken one (naming who has it and the free ones) and picks a free one when none is
given; the grown-ups' form shows who has which and does not offer a taken one. Only a family
with more children than avatars shares one, told apart on the picker by a ring and a letter."""

from __future__ import annotations

import random

import pygame
import pytest

from engine import art
from engine.avatar_names import AVATARS
from engine.harness import Harness
from progress.safe import SafeStore
from progress.store import Store
from tinyhands.cli import main
from tinyhands.screens.common import avatar_button, avatar_marks
from tinyhands.screens.grownup import ChildFormScene, GrownUpScene
from tinyhands.services import Services


def children(d):
    with Store.open(d) as s:
        return {c.display_name: c.avatar for c in s.list_children()}


def test_the_names_module_and_the_art_agree():
    assert art.AVATARS == AVATARS and len(set(AVATARS)) == len(AVATARS)


def test_cli_refuses_a_taken_avatar_naming_its_owner_and_the_free_ones(tmp_path, capsys):
    d = str(tmp_path)
    assert main(["children", "add", "Mia", "--avatar", "cat", "--data-dir", d]) == 0
    capsys.readouterr()
    assert main(["children", "add", "Leo", "--avatar", "cat", "--data-dir", d]) == 1
    err = capsys.readouterr().err
    assert "Mia" in err and "cat" in err and "Traceback" not in err
    free = err.split("Free avatars:")[1]
    assert "dog" in free and "penguin" in free and "cat" not in free
    assert children(tmp_path) == {"Mia": "cat"}  # nothing added


def test_cli_without_avatar_picks_a_free_one_and_unknown_names_are_refused(tmp_path, capsys):
    d = str(tmp_path)
    assert main(["children", "add", "Mia", "--avatar", "dog", "--data-dir", d]) == 0
    assert main(["children", "add", "Leo", "--data-dir", d]) == 0
    assert main(["children", "add", "Noa", "--data-dir", d]) == 0
    out = capsys.readouterr().out
    got = children(tmp_path)
    assert got == {"Mia": "dog", "Leo": "cat", "Noa": "bear"}
    assert "with the cat avatar" in out
    assert main(["children", "add", "Zed", "--avatar", "dragon", "--data-dir", d]) == 1
    err = capsys.readouterr().err
    assert "dragon" in err and "penguin" in err
    assert "Zed" not in children(tmp_path)


def test_cli_shares_only_when_every_avatar_is_taken(tmp_path, capsys):
    d = str(tmp_path)
    for i in range(len(AVATARS)):
        assert main(["children", "add", f"Kid{i}", "--data-dir", d]) == 0
    assert sorted(children(tmp_path).values()) == sorted(AVATARS)  # nine cats no more
    capsys.readouterr()
    assert main(["children", "add", "Lou", "--avatar", "cat", "--data-dir", d]) == 0
    out = capsys.readouterr().out
    assert "shares the cat with Kid0" in out and "letter L" in out
    assert main(["children", "add", "Max", "--data-dir", d]) == 0  # least shared: the dog
    got = children(tmp_path)
    assert got["Lou"] == "cat" and got["Max"] == "dog"


# ------------------------------------------------------------------ the grown-ups' form


@pytest.fixture
def store(tmp_path):
    s = SafeStore.open_dir(tmp_path / "data")
    yield s
    s.close()


def tap(h, name):
    h.tap_rect(h.top.buttons.find(name).rect)


def open_form(store, child=None):
    h = Harness(GrownUpScene(), services=Services(store=store, rng=random.Random(1)))
    h.app.scenes.push(ChildFormScene(child))
    h.run_frames(1)
    return h


def test_the_form_offers_a_free_avatar_and_refuses_a_taken_one(store):
    store.add_child("Mia", avatar="cat")
    store.add_child("Leo", avatar="dog")
    h = open_form(store)
    form = h.top
    assert form.avatar == "bear"  # the first free one, not Mia's cat
    assert set(form.owners) == {"cat", "dog"}
    tap(h, "avatar:cat")
    assert form.avatar == "bear" and "Mia" in form.message  # says whose it is
    h.type_text("Ada")
    h.run_frames(1)
    tap(h, "save")
    ada = next(c for c in store.list_children() if c.display_name == "Ada")
    assert ada.avatar == "bear"
    h.close()


def _mean(surface, rect) -> float:
    px = [
        surface.get_at((x, y))[:3]
        for x in range(rect.x, rect.right, 3)
        for y in range(rect.y, rect.bottom, 3)
    ]
    return sum(sum(p) for p in px) / (3 * len(px))


def test_the_form_shows_taken_avatars_faded_under_their_owners_name(store):
    store.add_child("Mia", avatar="cat")
    h = open_form(store)
    form = h.top
    surf = pygame.Surface((1280, 800))
    form.draw(surf, 0.0)
    taken = form.buttons.find("avatar:cat").rect
    plain = pygame.Surface((1280, 800))
    plain.blit(surf, (0, 0))
    avatar_button("cat", "Mia")(plain, taken, False)  # the same card, not faded
    assert _mean(surf, taken) > _mean(plain, taken) + 15
    named = pygame.Surface((1280, 800))
    named.blit(surf, (0, 0))
    avatar_button("cat")(named, taken, False)  # without the owner's name underneath
    assert _mean(plain, taken) != _mean(named, taken)
    h.close()


def test_editing_keeps_the_childs_own_avatar(store):
    mia = store.add_child("Mia", avatar="cat")
    store.add_child("Leo", avatar="dog")
    h = open_form(store, mia)
    assert h.top.avatar == "cat" and "cat" not in h.top.owners
    tap(h, "avatar:dog")  # Leo's: not offered
    assert h.top.avatar == "cat"
    tap(h, "avatar:owl")
    tap(h, "save")
    assert store.get_child(mia.id).avatar == "owl"
    h.close()


def test_with_every_avatar_taken_the_form_shares_and_the_picker_marks_them(store):
    for i, a in enumerate(AVATARS):
        store.add_child(f"Kid{i}", avatar=a)
    h = open_form(store)
    assert h.top.free == []
    tap(h, "avatar:fox")
    assert h.top.avatar == "fox" and "shared" in h.top.message
    h.type_text("Fay")
    h.run_frames(1)
    tap(h, "save")
    kids = store.list_children()
    marks = avatar_marks(kids)
    foxes = [c for c in kids if c.avatar == "fox"]
    assert len(foxes) == 2 and all(c.id in marks for c in foxes)
    assert marks[foxes[0].id] != marks[foxes[1].id]
    h.close()
