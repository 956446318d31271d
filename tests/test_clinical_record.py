"""The clinical record on screen (issue 15): a therapist opens a child's profile, taps
"Clinical record…", types the fields and saves; the store and the filed report have them,
a date that is not a date is refused in words, and saving the profile afterwards keeps it."""

from __future__ import annotations

import random
from datetime import date, datetime

import pygame

from engine.harness import Harness
from progress.safe import SafeStore
from tinyhands.screens.clinical_record import ClinicalRecordScene
from tinyhands.screens.grownup import ChildFormScene, GrownUpScene
from tinyhands.services import Services


class Clock:
    def __init__(self) -> None:
        self.t = datetime(2025, 3, 10, 17, 0).astimezone()

    def __call__(self) -> datetime:
        return self.t


def _open_record(tmp_path):
    store = SafeStore.open_dir(tmp_path / "data", clock=Clock())
    mia = store.add_child("Mia", avatar="cat")
    h = Harness(GrownUpScene(), services=Services(store=store, rng=random.Random(1)), dpi=96.0)
    h.tap_rect(h.top.buttons.find("edit-child").rect)
    assert isinstance(h.top, ChildFormScene)
    h.tap_rect(h.top.buttons.find("record").rect)
    assert isinstance(h.top, ClinicalRecordScene)
    return store, mia, h


def _type_into(h, field: str, words: str) -> None:
    h.tap_rect(h.top.buttons.find(f"field:{field}").rect)
    h.type_text(words)
    h.run_frames(2)


def test_a_therapist_types_the_record_and_it_is_kept(tmp_path):
    store, mia, h = _open_record(tmp_path)
    _type_into(h, "record_number", "R-2041")
    _type_into(h, "date_of_birth", "2019-04-23")
    _type_into(h, "therapist", "J. Ortiz, OT")
    _type_into(h, "practice", "Riverside Paediatric OT")
    _type_into(h, "referral_reason", "Pencil grasp and pre-writing")
    h.tap_rect(h.top.buttons.find("save").rect)
    assert isinstance(h.top, ChildFormScene)
    rec = store.get_child(mia.id).record
    assert rec.record_number == "R-2041" and rec.date_of_birth == date(2019, 4, 23)
    assert rec.therapist == "J. Ortiz, OT" and rec.practice == "Riverside Paediatric OT"
    assert rec.referral_reason == "Pencil grasp and pre-writing"
    h.tap_rect(h.top.buttons.find("save").rect)  # the profile saved after: record kept
    assert store.get_child(mia.id).record == rec
    h.close()
    store.close()


def test_a_date_that_is_not_a_date_is_refused_in_words(tmp_path):
    store, mia, h = _open_record(tmp_path)
    _type_into(h, "date_of_birth", "23/04/2019")
    h.tap_rect(h.top.buttons.find("save").rect)
    assert isinstance(h.top, ClinicalRecordScene)
    assert "year-month-day" in h.top.message
    assert store.get_child(mia.id).record.date_of_birth is None
    h.key(pygame.K_ESCAPE)  # leaving with changes not saved asks first
    h.run_frames(2)
    from tinyhands.screens.therapist.unsaved import UnsavedChangesScene

    assert isinstance(h.top, UnsavedChangesScene)
    h.tap_rect(h.top.buttons.find("discard").rect)
    assert isinstance(h.top, ChildFormScene)
    h.close()
    store.close()
