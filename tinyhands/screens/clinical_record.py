"""A child's clinical record: the fields a filed report shows beside the name (record
number, date of birth, treating therapist, practice, reason for referral). All optional: a
family at home leaves them empty; a clinic fills them once. Same fields as
``tinyhands children edit NAME --record-number ...``."""

from __future__ import annotations

from datetime import date

import pygame
from pydantic import ValidationError

from engine.ui import Button
from progress.models import ClinicalRecord
from tinyhands.screens.common import INK
from tinyhands.screens.grownup_ui import (
    MARGIN,
    SOFT_INK,
    WHITE,
    GrownUpPage,
    TextField,
    W,
    edit_fields,
)

FIELDS = (
    ("record_number", "Record number", "the clinic's number for this child"),
    ("date_of_birth", "Date of birth", "year-month-day, e.g. 2019-04-23"),
    ("therapist", "Therapist", "the treating therapist"),
    ("practice", "Practice", "the practice or clinic"),
    ("referral_reason", "Referral", "the reason for referral, in a line"),
)


class ClinicalRecordScene(GrownUpPage):
    """Typed fields, saved together; a date that is not a date is said plainly."""

    def __init__(self, child, on_saved=None) -> None:
        self.child = child
        self.on_saved = on_saved  # the profile form keeps the saved child (not a stale copy)
        self.title = f"{child.display_name}'s clinical record"
        self.focus = 0
        self.message = ""

    def subtitle(self) -> str:
        return "Optional. Shown on the first page of the report a clinic files."

    def on_enter(self) -> None:
        pygame.key.start_text_input()
        self.start_page(back=self._back)
        row = self.row_h
        rec = self.child.record
        self.stored = values = {
            "record_number": rec.record_number,
            "date_of_birth": rec.date_of_birth.isoformat() if rec.date_of_birth else "",
            "therapist": rec.therapist,
            "practice": rec.practice,
            "referral_reason": rec.referral_reason,
        }
        ys = self.rows_y(len(FIELDS) + 1, top=self.header_h + 20, bottom=800 - 16)
        self.fields: list[TextField] = []
        for i, (key, label, hint) in enumerate(FIELDS):
            f = TextField(key, pygame.Rect(400, ys[i], W - MARGIN - 400, row), values[key], hint)
            f.max_len = 2000 if key == "referral_reason" else 100 if key != "therapist" else 200
            self.fields.append(f)
            self.buttons.add(Button(f.rect, lambda i=i: self._focus(i), None, f"field:{key}"))
            self.label(label, (MARGIN + 20, ys[i] + row // 2), 32, INK, True)
        self.button(
            pygame.Rect(W - MARGIN - 300, ys[-1], 300, row),
            "Save",
            self._save,
            "save",
            colour=self.pal()["primary"],
            ink=WHITE,
        )
        self.msg_y = ys[-1] + row // 2
        self.request_redraw()

    def on_exit(self) -> None:
        pygame.key.stop_text_input()

    def _focus(self, i: int) -> None:
        self.focus = i
        self.request_redraw()

    def record(self) -> ClinicalRecord:
        """The typed values as a record; raises ValueError with words a grown-up reads."""
        v = {f.name: f.value.strip() for f in self.fields}
        dob = None
        if v["date_of_birth"]:
            try:
                dob = date.fromisoformat(v["date_of_birth"])
            except ValueError:
                raise ValueError(
                    "The date of birth needs year-month-day, e.g. 2019-04-23."
                ) from None
            if dob > date.today():
                raise ValueError("The date of birth is in the future.")
        try:
            return ClinicalRecord(
                record_number=v["record_number"],
                date_of_birth=dob,
                therapist=v["therapist"],
                practice=v["practice"],
                referral_reason=v["referral_reason"],
            )
        except ValidationError as exc:
            raise ValueError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from None

    @property
    def changed(self) -> bool:
        return any(f.value.strip() != self.stored[f.name] for f in self.fields)

    def _store(self) -> bool:
        """Save what was typed; False (with the reason on screen) when it cannot be."""
        try:
            record = self.record()
        except ValueError as exc:
            self.message = str(exc)
            self.request_redraw()
            return False
        store = self.app.services.store
        changed = self.child.model_copy(update={"record": record})
        saved = store.call(lambda s: s.update_child(changed), None)
        if saved is None:
            self.message = store.problem or "The record could not be saved."
            self.request_redraw()
            return False
        if self.on_saved is not None:
            self.on_saved(saved)
        return True

    def _save(self) -> None:
        if self._store():
            self.app.scenes.pop()

    def _back(self) -> None:
        if self.changed:
            from tinyhands.screens.therapist.unsaved import UnsavedChangesScene

            self.app.scenes.push(UnsavedChangesScene(self._store, "the clinical record"))
        else:
            self.app.scenes.pop()

    def on_key(self, event: pygame.event.Event) -> None:
        focus = edit_fields(self.fields, self.focus, event)
        if focus is None:
            self._back() if event.key == pygame.K_ESCAPE else self._save()
            return
        self.focus = focus
        if event.type == pygame.TEXTINPUT:
            self.message = ""
        self.request_redraw()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        surface.fill((243, 241, 247))
        self.draw_header(surface)
        self.draw_labels(surface)
        for i, f in enumerate(self.fields):
            f.draw(surface, i == self.focus)
        for b in self.buttons.buttons:
            if not b.name.startswith("field:"):
                b.draw(surface)
        if self.message:
            from engine import text

            t = text.fit(self.message, 28, W - 2 * MARGIN - 340, (170, 60, 40), True)
            surface.blit(t, t.get_rect(midleft=(MARGIN + 20, self.msg_y)))
        else:
            from engine import text

            t = text.fit("Tap a line and type; Tab moves to the next.", 26, 700, SOFT_INK)
            surface.blit(t, t.get_rect(midleft=(MARGIN + 20, self.msg_y)))
