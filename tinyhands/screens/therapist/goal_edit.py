"""Add or edit one goal: game, measure, criterion, N of M trials, cue level, GAS words."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from engine import text
from engine.trial import Better
from engine.ui import Button
from progress.messages import reason_of
from progress.models import CUE_LEVELS, GasLevels, GoalIn, check_text
from tinyhands.game_words import game_name, metric_label
from tinyhands.i18n import N_, _, tr
from tinyhands.screens.common import INK
from tinyhands.screens.grownup_ui import MARGIN, WHITE, GrownUpPage, W, choice_button, draw_message
from tinyhands.screens.therapist.gas import GasScene
from tinyhands.screens.therapist.words import (
    GAS_ROWS,
    MAX_TRIALS,
    UNIT_STEP,
    cue_words,
    english,
    games_with_metrics,
    goal_sentence,
    with_unit,
)


class GoalEditScene(GrownUpPage):
    """Game, metric (with its unit), threshold, N of M trials, cue level, GAS words."""

    def __init__(self, child, goal=None) -> None:
        self.child = child
        self.goal = goal
        self.title = N_("Edit goal") if goal else N_("Add a goal")
        self.message = ""
        self.games = games_with_metrics()
        self.game_i = 0
        self.metric_i = 0
        self.comparison = "at_least"
        self.threshold = 80.0
        self.n, self.m = 4, 5
        self.cue = "independent"
        self.gas: dict[str, str] = {key: "" for key, *_rest in GAS_ROWS}
        #: who set the goal and when (tinyhands.screens.therapist.goal_record)
        self.record: dict[str, object] = {"set_by": "", "start_date": None, "target_date": None}
        if goal is not None:
            self.record = {
                "set_by": goal.set_by,
                "start_date": goal.start_date,
                "target_date": goal.target_date,
            }
            ids = [g.id for g in self.games]
            if goal.game_id in ids:
                self.game_i = ids.index(goal.game_id)
                names = [m.name for m in self.games[self.game_i].metrics]
                self.metric_i = names.index(goal.metric) if goal.metric in names else 0
            self.comparison = goal.comparison
            self.threshold = goal.threshold
            self.n, self.m = goal.n_required, goal.m_window
            self.cue = goal.cue_level
            if goal.gas:
                self.gas = {key: str(getattr(goal.gas, key)) for key, *_rest in GAS_ROWS}
        elif self.games:
            self._metric_defaults()

    def subtitle(self) -> str:
        if not self.games:
            return self.child.display_name
        # TRANSLATORS: the child, then the goal in OT form
        return _("{name}: {goal}").format(
            name=self.child.display_name, goal=goal_sentence(self._goal_in())
        )

    def _goal_in(self, gas: GasLevels | None = None) -> GoalIn:
        return GoalIn(
            game_id=self.game.id,
            metric=self.spec.name,
            comparison=self.comparison,
            threshold=self.threshold,
            unit=self.spec.unit,
            n_required=self.n,
            m_window=self.m,
            cue_level=self.cue,
            gas=gas,
            set_by=str(self.record.get("set_by") or ""),
            start_date=self.record.get("start_date"),  # type: ignore[arg-type]
            target_date=self.record.get("target_date"),  # type: ignore[arg-type]
        )

    @property
    def game(self):
        return self.games[self.game_i] if self.games else None

    @property
    def spec(self):
        return self.game.metrics[self.metric_i] if self.game else None

    def _metric_defaults(self) -> None:
        spec = self.spec
        self.comparison = "at_least" if spec.better is Better.HIGHER else "at_most"
        self.threshold = {"%": 80.0, "mm": 3.0, "s": 10.0}.get(spec.unit, 1.0)

    def on_enter(self) -> None:
        self._layout()

    def _layout(self) -> None:
        pal = self.pal()
        self.start_page()
        row = self.row_h
        if not self.games:
            return
        # room under the last row for a message
        ys = self.rows_y(6, top=self.header_h + 20, bottom=800 - 50)
        row = self.row_h  # as fitted by rows_y
        self.stepper(
            ys[0],
            _("Game"),
            lambda: game_name(self.game),
            self._game(-1),
            self._game(1),
            "game",
            x=420,
            value_w=520,
            signs=("<", ">"),
        )
        self.stepper(
            ys[1],
            _("Measure"),
            lambda: metric_label(self.spec) + (f" ({self.spec.unit})" if self.spec.unit else ""),
            self._metric(-1),
            self._metric(1),
            "metric",
            x=420,
            value_w=520,
            signs=("<", ">"),
        )
        self.label(_("Criterion"), (MARGIN + 20, ys[2] + row // 2))
        self.buttons.add(
            Button(
                pygame.Rect(420, ys[2], 200, row),
                self._flip,
                choice_button_text(
                    lambda: _("at least") if self.comparison == "at_least" else _("at most")
                ),
                "comparison",
            )
        )
        self.stepper(
            ys[2],
            "",
            lambda: with_unit(self.threshold, self.spec.unit),
            self._threshold(-1),
            self._threshold(1),
            "threshold",
            x=640,
            value_w=200,
        )
        self.stepper(
            ys[3], _("Met in"), lambda: f"{self.n}", self._n(-1), self._n(1), "n", x=420, value_w=90
        )
        self.stepper(
            ys[3],
            "",
            lambda: f"{self.m}",
            self._m(-1),
            self._m(1),
            "m",
            x=420 + 2 * row + 170,
            value_w=90,
        )
        self.of_x = 420 + 2 * row + 110 + 30
        self.trials_y = ys[3] + row // 2
        self.label(_("Cue level"), (MARGIN + 20, ys[4] + row // 2))
        cw = (W - MARGIN - 420 - 3 * 12) // 4
        for i, cue in enumerate(CUE_LEVELS):
            self.buttons.add(
                Button(
                    pygame.Rect(420 + i * (cw + 12), ys[4], cw, row),
                    lambda c=cue: self._cue(c),
                    choice_button(cue_words(cue), lambda c=cue: self.cue == c, pal["primary"]),
                    f"cue:{cue}",
                )
            )
        half = (W - MARGIN - 300 - 12 - 420 - 12) // 2
        self.buttons.add(
            Button(
                pygame.Rect(420, ys[5], half, row),
                lambda: self.app.scenes.push(GasScene(self)),
                choice_button_text(self._gas_words),
                "gas",
            )
        )
        self.buttons.add(
            Button(
                pygame.Rect(420 + half + 12, ys[5], half, row),
                self._open_record,
                choice_button_text(self._record_words),
                "who",
            )
        )
        self.button(
            pygame.Rect(W - MARGIN - 300, ys[5], 300, row),
            _("Save goal"),
            self._save,
            "save",
            colour=pal["primary"],
            ink=WHITE,
        )
        self.gas_y = ys[5] + row // 2
        self.request_redraw()

    # -- changes -------------------------------------------------------------------
    def _game(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.game_i = (self.game_i + d) % len(self.games)
            self.metric_i = 0
            self._metric_defaults()

        return f

    def _metric(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.metric_i = (self.metric_i + d) % len(self.game.metrics)
            self._metric_defaults()

        return f

    def _flip(self) -> None:
        self.comparison = "at_most" if self.comparison == "at_least" else "at_least"
        self.request_redraw()

    def _threshold(self, d: int) -> Callable[[], None]:
        def f() -> None:
            step = UNIT_STEP.get(self.spec.unit, 0.1)
            value = round(self.threshold + d * step, 4)
            if self.spec.unit in ("%", "mm", "s", "count", "deg", "mm/s", "1/min"):
                value = max(0.0, value)
            if self.spec.unit == "%":
                value = min(100.0, value)
            self.threshold = value

        return f

    def _n(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.n = max(1, min(self.m, self.n + d))

        return f

    def _m(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.m = max(1, min(MAX_TRIALS, self.m + d))
            self.n = min(self.n, self.m)

        return f

    def _cue(self, cue: str) -> None:
        self.cue = cue
        self.request_redraw()

    def gas_levels(self) -> GasLevels | None:
        """None when no level is written; all five, or the reason why not (ValueError)."""
        words = {k: v.strip() for k, v in self.gas.items()}
        if not any(words.values()):
            return None
        missing = [label for key, label, _hint in GAS_ROWS if not words[key]]
        if missing:
            raise ValueError(
                _("Write all five GAS levels, or none (missing: {levels}).").format(
                    levels=", ".join(missing)
                )
            )
        for v in words.values():
            check_text(v, _("a GAS level"))
        return GasLevels(**words)

    def _save(self) -> None:
        try:
            gas = self.gas_levels()
        except ValueError as exc:
            self.message = tr(reason_of(exc))
            self.request_redraw()
            return
        new = self._goal_in(gas)
        # the stored description is data: English, whatever language the screen speaks
        new = new.model_copy(update={"description": goal_sentence(new, english)})
        store = self.app.services.store
        if self.goal is None:
            saved = store.call(lambda s: s.add_goal(self.child.id, new), None)
        else:
            # the dump leaves out fields at their defaults: a cleared "set by" or date must
            # still replace what the goal had
            when = {k: getattr(new, k) for k in ("set_by", "start_date", "target_date")}
            changed = self.goal.model_copy(update={**new.model_dump(), **when})
            saved = store.call(lambda s: s.update_goal(changed), None)
        if saved is None:
            self.message = tr(store.problem) or _("The goal could not be saved.")
            self.request_redraw()
            return
        self.app.scenes.pop()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        if not self.games:
            draw_message(surface, _("No installed game reports measures yet."), 300)
            return
        # TRANSLATORS: the goal's "Met in [4] of [5] trials": the words between the steppers
        t = text.render(_("of"), 30, INK, True)
        surface.blit(t, t.get_rect(center=(self.of_x, self.trials_y)))
        t = text.render(_("trials"), 30, INK)
        surface.blit(t, t.get_rect(midleft=(self.of_x + 2 * self.row_h + 170, self.trials_y)))
        if self.message:
            draw_message(surface, self.message, self.gas_y + self.row_h // 2 + 6, (150, 70, 40))

    def _open_record(self) -> None:
        from tinyhands.screens.therapist.goal_record import GoalRecordScene

        self.app.scenes.push(GoalRecordScene(self))

    def _record_words(self) -> str:
        return _("Who and when ✓") if self.record.get("set_by") else _("Who and when…")

    def _gas_words(self) -> str:
        written = sum(1 for v in self.gas.values() if v.strip())
        if not written:
            return _("GAS levels (optional)…")
        return _("GAS levels: {n} of 5 written…").format(n=written)


def choice_button_text(words: Callable[[], str]):
    """A white word button whose word changes (at least / at most)."""
    from engine import art

    def draw(surface: pygame.Surface, rect: pygame.Rect, pressed: bool) -> None:
        r = rect.inflate(-4, -4) if pressed else rect
        surface.blit(art.card(r.size, WHITE, min(18, r.h // 4), shadow=not pressed), r.topleft)
        t = text.fit(words(), 32, r.w - 20, INK, True)
        surface.blit(t, t.get_rect(center=r.center))

    return draw
