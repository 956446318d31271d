"""Who set a goal, the day it starts counting and the day it should be met by: the lines a
filed report shows beside each goal (optional; typed)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tinyhands.i18n import N_, _
from tinyhands.screens.grownup_ui import TypedFieldsPage

if TYPE_CHECKING:
    from tinyhands.screens.therapist.goal_edit import GoalEditScene

ROWS = (
    ("set_by", N_("Set by"), N_("the therapist who set the goal")),
    ("start_date", N_("Counts from"), N_("year-month-day; empty: the day it is saved")),
    ("target_date", N_("Met by"), N_("year-month-day, the target date (optional)")),
)


class GoalRecordScene(TypedFieldsPage):
    """Edits the goal form's draft; Done checks the dates and goes back to the form."""

    title = N_("Who set the goal, and when")
    rows = ROWS
    action = N_("Done")
    hint_line = ""

    def __init__(self, editor: GoalEditScene) -> None:
        self.editor = editor

    def subtitle(self) -> str:
        return _("Optional. The report shows them with the goal.")

    def values(self) -> dict[str, str]:
        return {key: str(self.editor.record.get(key) or "") for key, *_rest in ROWS}

    def max_len(self, name: str) -> int:
        return 200 if name == "set_by" else 10

    def parsed(self) -> dict[str, object]:
        """The typed values; raises ValueError with words a grown-up reads."""
        v = self.typed()
        out: dict[str, object] = {"set_by": v["set_by"]}
        errors = {
            "start_date": _("The start date needs year-month-day, e.g. 2026-03-01."),
            "target_date": _("The target date needs year-month-day, e.g. 2026-03-01."),
        }
        for key in ("start_date", "target_date"):
            if not v[key]:
                out[key] = None
                continue
            try:
                out[key] = date.fromisoformat(v[key])
            except ValueError:
                raise ValueError(errors[key]) from None
        start, target = out["start_date"], out["target_date"]
        if start is not None and target is not None and target < start:  # type: ignore[operator]
            raise ValueError(_("The target date is before the day the goal starts counting."))
        return out

    def submit(self) -> None:
        try:
            self.editor.record = self.parsed()
        except ValueError as exc:
            self.say(str(exc))
            return
        self.app.scenes.pop()
