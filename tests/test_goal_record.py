"""Who set a goal and when, on screen (issue 15): typed on the goal form's "Who and when"
page, stored with the goal, shown in the filed report's goal line; a bad date is refused in
words and a target before the start is refused."""

from __future__ import annotations

import random
from datetime import date, datetime

import games
from engine.harness import Harness
from progress.safe import SafeStore
from tinyhands.screens.therapist.goal_edit import GoalEditScene
from tinyhands.screens.therapist.goal_record import GoalRecordScene
from tinyhands.services import Services


class Clock:
    def __call__(self) -> datetime:
        return datetime(2026, 3, 2, 17, 0).astimezone()


def _form(tmp_path):
    games.load_all()
    store = SafeStore.open_dir(tmp_path / "data", clock=Clock())
    mia = store.add_child("Mia", avatar="cat")
    h = Harness(GoalEditScene(mia), services=Services(store=store, rng=random.Random(1)))
    h.run_frames(2)
    return store, mia, h


def _type(h, field: str, words: str) -> None:
    h.tap_rect(h.top.buttons.find(f"field:{field}").rect)
    h.type_text(words)
    h.run_frames(2)


def test_who_and_when_are_stored_with_the_goal(tmp_path):
    store, mia, h = _form(tmp_path)
    h.tap_rect(h.top.buttons.find("who").rect)
    assert isinstance(h.top, GoalRecordScene)
    _type(h, "set_by", "J. Ortiz, OT")
    _type(h, "start_date", "2026-03-02")
    _type(h, "target_date", "2026-05-29")
    h.tap_rect(h.top.buttons.find("done").rect)
    assert isinstance(h.top, GoalEditScene)
    h.tap_rect(h.top.buttons.find("save").rect)
    (goal,) = store.store.list_goals(mia.id)
    assert goal.set_by == "J. Ortiz, OT"
    assert (goal.start_date, goal.target_date) == (date(2026, 3, 2), date(2026, 5, 29))
    # editing the goal and clearing "set by" really clears it
    h.app.scenes.push(GoalEditScene(mia, goal))
    h.run_frames(2)
    h.tap_rect(h.top.buttons.find("who").rect)
    field = h.top.fields[0]
    field.value = ""
    h.tap_rect(h.top.buttons.find("done").rect)
    h.tap_rect(h.top.buttons.find("save").rect)
    assert store.store.list_goals(mia.id)[0].set_by == ""
    h.close()
    store.close()


def test_bad_dates_are_refused_in_words(tmp_path):
    store, mia, h = _form(tmp_path)
    h.tap_rect(h.top.buttons.find("who").rect)
    _type(h, "target_date", "29/05/2026")
    h.tap_rect(h.top.buttons.find("done").rect)
    assert isinstance(h.top, GoalRecordScene) and "year-month-day" in h.top.message
    h.top.fields[2].value = "2026-01-01"
    _type(h, "start_date", "2026-03-02")
    h.tap_rect(h.top.buttons.find("done").rect)
    assert isinstance(h.top, GoalRecordScene) and "before" in h.top.message
    h.close()
    store.close()
