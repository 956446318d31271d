"""A child's clinical record: the fields a filed report shows beside the name (record
number, date of birth, treating therapist, practice, reason for referral). All optional: a
family at home leaves them empty; a clinic fills them once. Same fields as
``tinyhands children edit NAME --record-number ...``."""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError

from progress.messages import reason_of
from progress.models import ClinicalRecord
from tinyhands.i18n import N_, _, tr
from tinyhands.screens.grownup_ui import TypedFieldsPage

FIELDS = (
    ("record_number", N_("Record number"), N_("the clinic's number for this child")),
    ("date_of_birth", N_("Date of birth"), N_("year-month-day, e.g. 2019-04-23")),
    ("therapist", N_("Therapist"), N_("the treating therapist")),
    # TRANSLATORS: the clinic or office where the therapist works (not "exercise")
    ("practice", N_("Practice"), N_("the practice or clinic")),
    ("referral_reason", N_("Referral"), N_("the reason for referral, in a line")),
)
MAX_LEN = {"referral_reason": 2000, "therapist": 200}


class ClinicalRecordScene(TypedFieldsPage):
    """Typed fields, saved together; a date that is not a date is said plainly; leaving with
    changes not saved asks first."""

    rows = FIELDS

    def __init__(self, child, on_saved=None) -> None:
        self.child = child
        self.on_saved = on_saved  # the profile form keeps the saved child (not a stale copy)
        self.title = _("{name}'s clinical record").format(name=child.display_name)

    def subtitle(self) -> str:
        return _("Optional. Shown on the first page of the report a clinic files.")

    def values(self) -> dict[str, str]:
        rec = self.child.record
        self.stored = {
            "record_number": rec.record_number,
            "date_of_birth": rec.date_of_birth.isoformat() if rec.date_of_birth else "",
            "therapist": rec.therapist,
            "practice": rec.practice,
            "referral_reason": rec.referral_reason,
        }
        return dict(self.stored)

    def max_len(self, name: str) -> int:
        return MAX_LEN.get(name, 100)

    def record(self) -> ClinicalRecord:
        """The typed values as a record; raises ValueError with words a grown-up reads."""
        v = self.typed()
        dob = None
        if v["date_of_birth"]:
            try:
                dob = date.fromisoformat(v["date_of_birth"])
            except ValueError:
                raise ValueError(
                    _("The date of birth needs year-month-day, e.g. 2019-04-23.")
                ) from None
            if dob > date.today():
                raise ValueError(_("The date of birth is in the future."))
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
        return self.typed() != self.stored

    def _store(self) -> bool:
        """Save what was typed; False (with the reason on screen) when it cannot be."""
        try:
            record = self.record()
        except ValueError as exc:
            self.say(tr(reason_of(exc)))
            return False
        store = self.app.services.store
        changed = self.child.model_copy(update={"record": record})
        saved = store.call(lambda s: s.update_child(changed), None)
        if saved is None:
            self.say(tr(store.problem) or _("The record could not be saved."))
            return False
        if self.on_saved is not None:
            self.on_saved(saved)
        return True

    def submit(self) -> None:
        if self._store():
            self.app.scenes.pop()

    def leave(self) -> None:
        if self.changed:
            from tinyhands.screens.therapist.unsaved import UnsavedChangesScene

            self.app.scenes.push(UnsavedChangesScene(self._store, _("the clinical record")))
        else:
            self.app.scenes.pop()
