"""The therapist's screens: a child's home program, their goals in OT form, and a graded
task whose results are shown the moment it ends.

Games, metrics and units come from the registry (``engine.registry.all_games()``), never
from a fixed list, so a new game shows up here by being installed. Numbers are set with
steppers; only the therapist's own words (GAS levels) are typed.
"""

from __future__ import annotations

from collections.abc import Callable

import pygame

from engine import registry, text
from engine.trial import Better, TrialResult
from engine.ui import Button
from progress.models import CUE_LEVELS, DifficultyBounds, GasLevels, GoalIn, check_text
from tinyhands.play import Practice
from tinyhands.screens.common import INK
from tinyhands.screens.grownup_ui import (
    LINE,
    MARGIN,
    REMOVE,
    SOFT_INK,
    WHITE,
    GrownUpPage,
    TextField,
    W,
    choice_button,
    draw_message,
    summary_button,
)

CUE_WORDS = {
    "independent": "Independent",
    "verbal_cue": "Verbal cue",
    "demonstration": "Demonstration",
    "physical_help": "Physical help",
}
MAX_MINUTES = 30
MAX_TRIALS = 20
DIFFICULTY_STEP = 0.05
# threshold steps by unit: fine enough to write a real goal, coarse enough to reach it
UNIT_STEP = {"mm": 0.5, "%": 5.0, "s": 0.5, "count": 1.0, "deg": 1.0, "mm/s": 5.0, "1/min": 1.0}
GAS_ROWS = (
    ("plus_2", "+2", "much more than expected"),
    ("plus_1", "+1", "somewhat more than expected"),
    ("expected", "0", "the expected outcome"),
    ("minus_1", "−1", "somewhat less than expected"),
    ("minus_2", "−2", "much less than expected (often the level now)"),
)


def pct(d: float) -> str:
    return f"{round(d * 100)} %"


def fmt_number(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def with_unit(value: float, unit: str) -> str:
    if not unit:
        return fmt_number(value)
    if unit == "count":
        return fmt_number(value)
    return f"{fmt_number(value)} {unit}"


def describe_params(params) -> str:
    """A game's parameters at one difficulty, in short words ("band 9.8 mm · pieces 9")."""
    parts = []
    for key, value in params.model_dump(mode="json").items():
        if value is None or isinstance(value, (dict, list)):
            continue
        name = key.removesuffix("_mm").replace("_", " ")
        if isinstance(value, bool):
            shown = "yes" if value else "no"
        elif isinstance(value, (int, float)):
            shown = fmt_number(round(float(value), 1)) + (" mm" if key.endswith("_mm") else "")
        else:
            shown = str(value).replace("_", " ")
        parts.append(f"{name} {shown}")
    return " · ".join(parts)


def metric_spec(game: registry.GameDescription, name: str):
    return next((m for m in game.metrics if m.name == name), None)


def goal_sentence(goal: GoalIn) -> str:
    """The goal in OT form: "Tracing: trace length inside the band at least 80 % in 4 of 5
    trials, independent"."""
    try:
        game = registry.get(goal.game_id)
        spec = metric_spec(game, goal.metric)
        game_name = game.name
    except KeyError:
        game_name, spec = goal.game_id, None
    what = (spec.label if spec and spec.label else goal.metric.replace("_", " ")).lower()
    comp = "at least" if goal.comparison == "at_least" else "at most"
    return (
        f"{game_name}: {what} {comp} {with_unit(goal.threshold, goal.unit)} in "
        f"{goal.n_required} of {goal.m_window} trials, {CUE_WORDS[goal.cue_level].lower()}"
    )


def key_metric_names(game: registry.GameDescription) -> list[str]:
    """The measures the report charts for this game (so screen and PDF agree)."""
    try:
        from tinyhands.catalog import game_info

        return list(game_info(game).key_metrics)
    except Exception:  # noqa: BLE001 - the catalog is optional here: fall back to the order
        return [m.name for m in game.metrics]


def games_with_metrics() -> list[registry.GameDescription]:
    return [g for g in registry.all_games() if g.metrics]


# --------------------------------------------------------------------------- home program


class HomeProgramScene(GrownUpPage):
    """Which games, how many minutes a day, how many days a week, and the difficulty range."""

    def __init__(self, child) -> None:
        self.child = child
        self.title = f"{child.display_name}'s home program"
        self.message = ""

    def subtitle(self) -> str:
        return "What the child practises at home. Saved for this child only."

    def on_enter(self) -> None:
        store = self.app.services.store
        stored = store.get_home_program(self.child.id)
        if getattr(self, "program", None) is not None:
            # back from a game's options, which saved them: take those, keep the edits here
            self.program = self.program.model_copy(update={"game_options": stored.game_options})
            self._layout()
            return
        self.program = stored
        p = self.program
        self.all = registry.all_games()
        ids = [g.id for g in self.all]
        self.chosen = [g for g in (p.games or ids) if g in ids] or ids
        self.minutes = max(1, min(MAX_MINUTES, round(p.minutes_per_day)))
        self.days = p.days_per_week
        self.low, self.high = p.bounds.low, p.bounds.high
        self._layout()

    def options_summary(self, game: registry.GameDescription) -> str:
        """The game's current choices, briefly, as the options button shows them."""
        return game.describe_options(self.program.options_for(game.id))

    def _layout(self) -> None:
        pal = self.pal()
        self.start_page()
        row = self.row_h
        ys = self.rows_y(6, top=self.header_h + 30, bottom=800 - 20)
        self.label("Games, in this order:", (MARGIN + 20, ys[0] + row // 2))
        n = max(1, len(self.all))
        gw = min(240, (W - MARGIN - 420 - (n - 1) * 14) // n)
        for i, game in enumerate(self.all):
            self.buttons.add(
                Button(
                    pygame.Rect(420 + i * (gw + 14), ys[0], gw, row),
                    lambda g=game.id: self._toggle(g),
                    choice_button(game.name, lambda g=game.id: g in self.chosen, pal["primary"]),
                    f"game:{game.id}",
                )
            )
        # the chosen games' options, under the games (a game without options shows none)
        self.label("Game options", (MARGIN + 20, ys[1] + row // 2))
        with_options = [g for g in self.all if g.options and g.id in self.chosen]
        if with_options:
            k = len(with_options)
            ow = min(400, (W - MARGIN - 420 - (k - 1) * 14) // k)
            for i, game in enumerate(with_options):
                self.buttons.add(
                    Button(
                        pygame.Rect(420 + i * (ow + 14), ys[1], ow, row),
                        lambda g=game: self.app.scenes.push(GameOptionsScene(self.child, g)),
                        summary_button(
                            f"{game.name} options", lambda g=game: self.options_summary(g)
                        ),
                        f"options:{game.id}",
                    )
                )
        else:
            self.label("None for these games.", (420, ys[1] + row // 2), 28, SOFT_INK)
        # minutes and days share a row, so the options fit on the page at any screen density
        value_w = 170
        days_x = W - MARGIN - (2 * row + value_w + 20)
        self.stepper(
            ys[2],
            "Minutes a day",
            lambda: f"{self.minutes} min",
            self._minutes(-1),
            self._minutes(1),
            "minutes",
            x=MARGIN + 20 + text.font(32).size("Minutes a day")[0] + 24,
            value_w=value_w,
        )
        self.stepper(
            ys[2],
            "Days a week",
            lambda: "every day" if self.days == 7 else f"{self.days} days",
            self._days(-1),
            self._days(1),
            "days",
            x=days_x,
            value_w=value_w,
            label_x=days_x - text.font(32).size("Days a week")[0] - 24,
        )
        self.stepper(
            ys[3], "Easiest level", lambda: pct(self.low), self._low(-1), self._low(1), "low"
        )
        self.stepper(
            ys[4], "Hardest level", lambda: pct(self.high), self._high(-1), self._high(1), "high"
        )
        self.note_y = ys[3] + row // 2
        self.button(
            pygame.Rect(W - MARGIN - 360, ys[5], 360, row),
            "Save program",
            self._save,
            "save",
            colour=pal["primary"],
            ink=WHITE,
        )
        self.msg_y = ys[5] + row // 2
        self.request_redraw()

    def _toggle(self, game_id: str) -> None:
        if game_id in self.chosen:
            if len(self.chosen) > 1:
                self.chosen.remove(game_id)
            else:
                self.message = "A program needs at least one game."
        else:
            order = [g.id for g in self.all]
            self.chosen = [g for g in order if g in self.chosen or g == game_id]
        self._layout()  # the options row follows the games chosen

    def _minutes(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.minutes = max(1, min(MAX_MINUTES, self.minutes + d))

        return f

    def _days(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.days = max(1, min(7, self.days + d))

        return f

    def _low(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.low = round(max(0.0, min(self.high, self.low + d * DIFFICULTY_STEP)), 2)

        return f

    def _high(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.high = round(max(self.low, min(1.0, self.high + d * DIFFICULTY_STEP)), 2)

        return f

    def _save(self) -> None:
        store = self.app.services.store
        program = self.program.model_copy(
            update={
                "games": list(self.chosen),
                "minutes_per_day": float(self.minutes),
                "days_per_week": self.days,
                "bounds": DifficultyBounds(low=self.low, high=self.high),
            }
        )
        ok = store.call(lambda s: (s.set_home_program(self.child.id, program), True)[1], False)
        self.message = "Saved." if ok else (store.problem or "The program could not be saved.")
        if ok:
            self.program = program
        self.request_redraw()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        note = "0 % is each game's easiest level, 100 % its hardest; practice stays between."
        x = 560 + 2 * self.row_h + 300
        for i, line in enumerate(text.wrap(note, 24, W - MARGIN - x)):
            t = text.render(line, 24, SOFT_INK)
            surface.blit(t, (x, self.note_y - 10 + i * 28))
        if self.message:
            t = text.render(self.message, 30, INK, True)
            surface.blit(t, t.get_rect(midleft=(MARGIN + 20, self.msg_y)))


class GameOptionsScene(GrownUpPage):
    """One game's options for one child (tracing: what to trace, imitate or copy; tweezers: the
    grip), as big choice buttons. Saved into the home program, so home practice, the graded
    task and the demo all build their rounds with them; the difficulty still adapts."""

    def __init__(self, child, game: registry.GameDescription) -> None:
        self.child = child
        self.game = game
        self.title = f"{game.name} options for {child.display_name}"
        self.message = ""
        self.values: dict[str, str] | None = None

    def subtitle(self) -> str:
        return "What the child plays in this game. The level still adapts as they play."

    def on_enter(self) -> None:
        if self.values is None:  # first visit; keep the choices made here otherwise
            program = self.app.services.store.get_home_program(self.child.id)
            self.values = self.game.resolve_options(program.options_for(self.game.id))
        self._layout()

    def _layout(self) -> None:
        pal = self.pal()
        self.start_page()
        row = self.row_h
        options = self.game.options
        ys = self.rows_y(len(options) + 1, top=self.header_h + 30, bottom=800 - 20)
        widest = max((text.font(32).size(o.label)[0] for o in options), default=0)
        x = max(420, MARGIN + 20 + widest + 30)
        for y, option in zip(ys, options, strict=False):
            self.label(option.label, (MARGIN + 20, y + row // 2))
            n = len(option.choices)
            cw = (W - MARGIN - x - (n - 1) * 12) // n
            for i, (value, words) in enumerate(option.choices):
                self.buttons.add(
                    Button(
                        pygame.Rect(x + i * (cw + 12), y, cw, row),
                        lambda o=option.name, v=value: self._choose(o, v),
                        choice_button(
                            words,
                            lambda o=option.name, v=value: self.values.get(o) == v,
                            pal["primary"],
                        ),
                        f"option:{option.name}:{value}",
                    )
                )
        self.button(
            pygame.Rect(W - MARGIN - 360, ys[-1], 360, row),
            "Save options",
            self._save,
            "save",
            colour=pal["primary"],
            ink=WHITE,
        )
        self.msg_y = ys[-1] + row // 2
        self.request_redraw()

    def _choose(self, name: str, value: str) -> None:
        self.values[name] = value
        self.message = ""
        self.request_redraw()

    def _save(self) -> None:
        """Write these choices into the stored program (re-read, so nothing else in it is
        overwritten), then go back to the program, which shows them."""
        store = self.app.services.store
        chosen = self.game.resolve_options(self.values)

        def write(s) -> bool:
            program = s.get_home_program(self.child.id)
            options = {**program.game_options, self.game.id: chosen}
            s.set_home_program(self.child.id, program.model_copy(update={"game_options": options}))
            return True

        if store.call(write, False):
            self.app.scenes.pop()
            return
        self.message = store.problem or "The options could not be saved."
        self.request_redraw()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        if self.message:
            t = text.render(self.message, 30, INK, True)
            surface.blit(t, t.get_rect(midleft=(MARGIN + 20, self.msg_y)))


# --------------------------------------------------------------------------- goals


class GoalsScene(GrownUpPage):
    """The child's goals in OT form, each with Edit and Remove; and "Add a goal"."""

    PER_PAGE = 4

    def __init__(self, child) -> None:
        self.child = child
        self.title = f"{child.display_name}'s goals"
        self.page = 0

    def on_enter(self) -> None:
        self.goals = self.app.services.store.call(lambda s: s.list_goals(self.child.id), [])
        self._layout()

    def _layout(self) -> None:
        pal = self.pal()
        self.start_page()
        row = self.row_h
        pages = max(1, -(-len(self.goals) // self.PER_PAGE))
        self.page = min(self.page, pages - 1)
        shown = self.goals[self.page * self.PER_PAGE : (self.page + 1) * self.PER_PAGE]
        self.rows: list[tuple[pygame.Rect, object]] = []
        y = self.header_h + 20
        h = max(row + 20, 112)
        for goal in shown:
            card = pygame.Rect(MARGIN, y, W - 2 * MARGIN, h)
            self.rows.append((card, goal))
            self.button(
                pygame.Rect(card.right - 2 * 170 - 24, card.centery - row // 2, 170, row),
                "Edit",
                lambda g=goal: self.app.scenes.push(GoalEditScene(self.child, g)),
                f"edit:{goal.id}",
            )
            self.button(
                pygame.Rect(card.right - 170 - 12, card.centery - row // 2, 170, row),
                "Remove",
                lambda g=goal: self._remove(g),
                f"remove:{goal.id}",
                ink=REMOVE,
            )
            y += h + 14
        bottom = 800 - 24 - row
        self.button(
            pygame.Rect(W // 2 - 200, bottom, 400, row),
            "Add a goal",
            lambda: self.app.scenes.push(GoalEditScene(self.child)),
            "add-goal",
            colour=pal["primary"],
            ink=WHITE,
            icon="plus",
        )
        if pages > 1:
            if self.page > 0:
                self.button(
                    pygame.Rect(MARGIN, bottom, 200, row), "< Earlier", self._turn(-1), "prev"
                )
            if self.page < pages - 1:
                self.button(
                    pygame.Rect(W - MARGIN - 200, bottom, 200, row), "More >", self._turn(1), "next"
                )
        self.request_redraw()

    def _turn(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.page += d
            self._layout()

        return f

    def _remove(self, goal) -> None:
        self.app.scenes.push(RemoveGoalScene(goal))

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        surface.fill((243, 241, 247))
        self.draw_header(surface)
        if not self.goals:
            draw_message(
                surface,
                'No goals yet. A goal reads like "traces a circle with at least 80 % inside '
                'the band in 4 of 5 trials, independent": tap Add a goal.',
                self.header_h + 60,
                SOFT_INK,
            )
        for card, goal in self.rows:
            pygame.draw.rect(surface, WHITE, card, border_radius=18)
            words = goal_sentence(goal)
            width = card.w - 2 * 170 - 70
            y = card.y + 14
            for line in text.wrap(words, 30, width, bold=True)[:2]:
                t = text.render(line, 30, INK, True)
                surface.blit(t, (card.x + 20, y))
                y += 34
            extra = "GAS levels written" if goal.gas else "no GAS levels"
            status = {"active": "active", "met": "met", "paused": "paused"}.get(
                goal.status, goal.status
            )
            t = text.render(f"{status} · {extra}", 24, SOFT_INK)
            surface.blit(t, (card.x + 20, card.bottom - 32))
        self.buttons.draw(surface)


class RemoveGoalScene(GrownUpPage):
    def __init__(self, goal) -> None:
        self.goal = goal
        self.title = "Remove this goal?"

    def on_enter(self) -> None:
        pal = self.pal()
        self.start_page()
        row = max(self.row_h, 80)
        self.button(
            pygame.Rect(640 - 20 - 380, 520, 380, row),
            "Keep the goal",
            self.app.scenes.pop,
            "keep",
            colour=pal["primary"],
            ink=WHITE,
        )
        self.button(
            pygame.Rect(660, 520, 380, row),
            "Remove the goal",
            self._remove,
            "confirm-remove",
            colour=REMOVE,
            ink=WHITE,
        )

    def _remove(self) -> None:
        self.app.services.store.call(lambda s: s.remove_goal(self.goal.id), None)
        self.app.scenes.pop()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        draw_message(surface, goal_sentence(self.goal), 220, width=1000)
        draw_message(
            surface,
            "The child's practice is kept; only the goal goes.",
            380,
            SOFT_INK,
            width=1000,
        )


class GoalEditScene(GrownUpPage):
    """Game, metric (with its unit), threshold, N of M trials, cue level, GAS words."""

    def __init__(self, child, goal=None) -> None:
        self.child = child
        self.goal = goal
        self.title = "Edit goal" if goal else "Add a goal"
        self.message = ""
        self.games = games_with_metrics()
        self.game_i = 0
        self.metric_i = 0
        self.comparison = "at_least"
        self.threshold = 80.0
        self.n, self.m = 4, 5
        self.cue = "independent"
        self.gas: dict[str, str] = {key: "" for key, _, _ in GAS_ROWS}
        if goal is not None:
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
                self.gas = {key: str(getattr(goal.gas, key)) for key, _, _ in GAS_ROWS}
        elif self.games:
            self._metric_defaults()

    def subtitle(self) -> str:
        if not self.games:
            return self.child.display_name
        return f"{self.child.display_name}: " + goal_sentence(self._goal_in())

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
        ys = self.rows_y(6, top=self.header_h + 20, bottom=800 - 16)
        self.stepper(
            ys[0],
            "Game",
            lambda: self.game.name,
            self._game(-1),
            self._game(1),
            "game",
            x=420,
            value_w=520,
            signs=("<", ">"),
        )
        self.stepper(
            ys[1],
            "Measure",
            lambda: (
                f"{self.spec.label or self.spec.name}"
                + (f" ({self.spec.unit})" if self.spec.unit else "")
            ),
            self._metric(-1),
            self._metric(1),
            "metric",
            x=420,
            value_w=520,
            signs=("<", ">"),
        )
        self.label("Criterion", (MARGIN + 20, ys[2] + row // 2))
        self.buttons.add(
            Button(
                pygame.Rect(420, ys[2], 200, row),
                self._flip,
                choice_button_text(
                    lambda: "at least" if self.comparison == "at_least" else "at most"
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
            ys[3], "Met in", lambda: f"{self.n}", self._n(-1), self._n(1), "n", x=420, value_w=90
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
        self.label("Cue level", (MARGIN + 20, ys[4] + row // 2))
        cw = (W - MARGIN - 420 - 3 * 12) // 4
        for i, cue in enumerate(CUE_LEVELS):
            self.buttons.add(
                Button(
                    pygame.Rect(420 + i * (cw + 12), ys[4], cw, row),
                    lambda c=cue: self._cue(c),
                    choice_button(CUE_WORDS[cue], lambda c=cue: self.cue == c, pal["primary"]),
                    f"cue:{cue}",
                )
            )
        self.buttons.add(
            Button(
                pygame.Rect(420, ys[5], 440, row),
                lambda: self.app.scenes.push(GasScene(self)),
                choice_button_text(self._gas_words),
                "gas",
            )
        )
        self.button(
            pygame.Rect(W - MARGIN - 300, ys[5], 300, row),
            "Save goal",
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
        missing = [label for key, label, _ in GAS_ROWS if not words[key]]
        if missing:
            raise ValueError(
                "Write all five GAS levels, or none (missing: " + ", ".join(missing) + ")."
            )
        for v in words.values():
            check_text(v, "a GAS level")
        return GasLevels(**words)

    def _save(self) -> None:
        try:
            gas = self.gas_levels()
        except ValueError as exc:
            self.message = str(exc)
            self.request_redraw()
            return
        new = self._goal_in(gas)
        new = new.model_copy(update={"description": goal_sentence(new)})
        store = self.app.services.store
        if self.goal is None:
            saved = store.call(lambda s: s.add_goal(self.child.id, new), None)
        else:
            changed = self.goal.model_copy(update=new.model_dump())
            saved = store.call(lambda s: s.update_goal(changed), None)
        if saved is None:
            self.message = store.problem or "The goal could not be saved."
            self.request_redraw()
            return
        self.app.scenes.pop()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        if not self.games:
            draw_message(surface, "No installed game reports measures yet.", 300)
            return
        t = text.render("of", 30, INK, True)
        surface.blit(t, t.get_rect(center=(self.of_x, self.trials_y)))
        t = text.render("trials", 30, INK)
        surface.blit(t, t.get_rect(midleft=(self.of_x + 2 * self.row_h + 170, self.trials_y)))
        if self.message:
            draw_message(surface, self.message, 800 - 130, (150, 70, 40))

    def _gas_words(self) -> str:
        written = sum(1 for v in self.gas.values() if v.strip())
        if not written:
            return "GAS levels (optional)…"
        return f"GAS levels: {written} of 5 written…"


def choice_button_text(words: Callable[[], str]):
    """A white word button whose word changes (at least / at most)."""
    from engine import art

    def draw(surface: pygame.Surface, rect: pygame.Rect, pressed: bool) -> None:
        r = rect.inflate(-4, -4) if pressed else rect
        surface.blit(art.card(r.size, WHITE, min(18, r.h // 4), shadow=not pressed), r.topleft)
        t = text.fit(words(), 32, r.w - 20, INK, True)
        surface.blit(t, t.get_rect(center=r.center))

    return draw


class GasScene(GrownUpPage):
    """Goal Attainment Scaling in the therapist's own words, -2..+2 (typed)."""

    title = "GAS levels, in your words"

    def __init__(self, editor: GoalEditScene) -> None:
        self.editor = editor
        self.focus = 0

    def subtitle(self) -> str:
        return "Tap a line and type. Write all five, or leave all empty."

    def on_enter(self) -> None:
        pygame.key.start_text_input()
        self.start_page()
        row = self.row_h
        self.fields: list[TextField] = []
        ys = self.rows_y(6, top=self.header_h + 20, bottom=800 - 16)
        for i, (key, label, hint) in enumerate(GAS_ROWS):
            f = TextField(
                key,
                pygame.Rect(440, ys[i], W - MARGIN - 440, row),
                self.editor.gas[key],
                "tap here, then type what this level looks like",
            )
            self.fields.append(f)
            self.buttons.add(Button(f.rect, lambda i=i: self._focus(i), None, f"field:{key}"))
            self.label(f"{label}", (MARGIN + 20, ys[i] + row // 2), 40, INK, True)
            self.label(hint.split(" (")[0], (MARGIN + 90, ys[i] + row // 2), 24, INK)
        self.button(pygame.Rect(440, ys[5], 260, row), "Clear all", self._clear, "clear")
        self.button(
            pygame.Rect(W - MARGIN - 300, ys[5], 300, row),
            "Done",
            self._done,
            "done",
            colour=self.pal()["primary"],
            ink=WHITE,
        )
        self.request_redraw()

    def on_exit(self) -> None:
        pygame.key.stop_text_input()

    def _focus(self, i: int) -> None:
        self.focus = i

    def _clear(self) -> None:
        for f in self.fields:
            f.value = ""

    def _done(self) -> None:
        for f in self.fields:
            self.editor.gas[f.name] = f.value
        self.app.scenes.pop()

    def on_key(self, event: pygame.event.Event) -> None:
        f = self.fields[self.focus]
        if event.type == pygame.TEXTINPUT:
            f.value = (f.value + event.text)[: f.max_len]
        elif event.type == pygame.KEYDOWN:
            if event.key == pygame.K_BACKSPACE:
                f.value = f.value[:-1]
            elif event.key in (pygame.K_TAB, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_DOWN):
                self.focus = (self.focus + 1) % len(self.fields)
            elif event.key == pygame.K_UP:
                self.focus = (self.focus - 1) % len(self.fields)
            elif event.key == pygame.K_ESCAPE:
                self.app.scenes.pop()
                return
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


# --------------------------------------------------------------------------- graded task


class GradedTaskScene(GrownUpPage):
    """Set up a graded task (game, fixed level, N trials, cue), run it, show the results.

    The difficulty is locked for exactly N trials (DifficultyController.lock), so practice
    afterwards goes on where it was; each trial is saved as graded with the cue level.
    """

    def __init__(self, child) -> None:
        self.child = child
        self.title = f"Graded task with {child.display_name}"
        self.games = registry.all_games()
        self.game_i = 0
        self.difficulty = 0.5
        self.trials = 5
        self.cue = "independent"
        self.practice: Practice | None = None
        self.running = False
        self.results: list[tuple[int | None, TrialResult]] = []
        self._go_on = False
        self.message = ""

    def subtitle(self) -> str:
        if self.running:
            return f"Trial {len(self.results) + 1} of {self.trials} is next."
        return "The child plays a fixed level; you note the help you give."

    @property
    def game(self):
        return self.games[self.game_i]

    def on_enter(self) -> None:
        self.app.services.menu_music(False)
        # what the set-up shows; the rounds get the same options through Practice
        program = self.app.services.store.get_home_program(self.child.id)
        self.game_options = program.game_options
        if self.running and self._go_on:
            self._go_on = False
            self._next_trial()
            return
        self._layout()

    def _layout(self) -> None:
        pal = self.pal()
        self.start_page(back=self._back)
        row = self.row_h
        if not self.games:
            return
        if self.running:  # the child left a trial: carry on, or stop here
            self.button(
                pygame.Rect(640 - 20 - 400, 420, 400, max(row, 90)),
                "Stop the task",
                self._stop,
                "stop",
            )
            self.button(
                pygame.Rect(660, 420, 400, max(row, 90)),
                f"Next trial ({len(self.results) + 1} of {self.trials})",
                self._next_trial,
                "continue",
                colour=pal["primary"],
                ink=WHITE,
            )
            self.request_redraw()
            return
        ys = self.rows_y(5, top=self.header_h + 30, bottom=800 - 16)
        self.stepper(
            ys[0],
            "Game",
            lambda: self.game.name,
            self._game(-1),
            self._game(1),
            "game",
            x=420,
            value_w=400,
            signs=("<", ">"),
        )
        self.stepper(
            ys[1],
            "Level",
            lambda: pct(self.difficulty),
            self._level(-1),
            self._level(1),
            "level",
            x=420,
            value_w=160,
        )
        self.params_y = ys[1] + row // 2
        self.stepper(
            ys[2],
            "Trials",
            lambda: str(self.trials),
            self._trials(-1),
            self._trials(1),
            "trials",
            x=420,
            value_w=160,
        )
        self.label("Help given", (MARGIN + 20, ys[3] + row // 2))
        cw = (W - MARGIN - 420 - 3 * 12) // 4
        for i, cue in enumerate(CUE_LEVELS):
            self.buttons.add(
                Button(
                    pygame.Rect(420 + i * (cw + 12), ys[3], cw, row),
                    lambda c=cue: self._cue(c),
                    choice_button(CUE_WORDS[cue], lambda c=cue: self.cue == c, pal["primary"]),
                    f"cue:{cue}",
                )
            )
        self.button(
            pygame.Rect(W - MARGIN - 420, ys[4], 420, row),
            "Start the graded task",
            self.start,
            "start",
            colour=pal["primary"],
            ink=WHITE,
            icon="play",
        )
        self.request_redraw()

    def _game(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.game_i = (self.game_i + d) % len(self.games)

        return f

    def _level(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.difficulty = round(max(0.0, min(1.0, self.difficulty + d * DIFFICULTY_STEP)), 2)

        return f

    def _trials(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.trials = max(1, min(MAX_TRIALS, self.trials + d))

        return f

    def _cue(self, cue: str) -> None:
        self.cue = cue
        self.request_redraw()

    # -- running -------------------------------------------------------------------
    def start(self) -> None:
        services = self.app.services
        self.practice = Practice(services, self.child)
        self.app.on_quit(self.practice.end)
        ctl = self.practice.controller(self.game.id)
        ctl.lock(self.difficulty, self.trials)
        self.results = []
        self.running = True
        self._next_trial()

    def _next_trial(self) -> None:
        from tinyhands.screens.reward import RewardScene

        app = self.app
        practice = self.practice
        game = self.game

        def left() -> None:
            app.scenes.pop()  # back here: the therapist continues or stops

        scene = practice.new_game_scene(game, on_leave=left, cue_level=self.cue)
        inner = scene.on_finished

        def finished(result: TrialResult) -> None:
            inner(result)
            self.results.append((practice.last_trial_id, result))
            if len(self.results) >= self.trials:
                on_next = self._show_results  # the lock has run out by itself
            else:
                self._go_on = True
                on_next = app.scenes.pop
            app.scenes.replace(
                RewardScene(practice, game, result, practice.last_sticker, on_next=on_next)
            )

        scene.on_finished = finished
        app.scenes.push(scene)

    def _show_results(self) -> None:
        """Over the reward (or this screen): the results; Done comes back to the set-up."""
        self.running = False
        self.practice.end()
        results = GradedResultsScene(
            self.child, self.game, self.difficulty, self.cue, self.trials, list(self.results)
        )
        if self.app.scenes.top is self:
            self._layout()
            self.app.scenes.push(results)
        else:
            self.app.scenes.replace(results)

    def _stop(self) -> None:
        """Stopped early: unlock so home practice is not held at the graded level."""
        ctl = self.practice.controller(self.game.id)
        ctl.unlock()
        self.app.services.store.set_difficulty_state(
            self.child.id, self.game.id, ctl.state.to_dict()
        )
        self._show_results()

    def _back(self) -> None:
        if self.running:
            self._stop()
        else:
            self.app.scenes.pop()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        if self.running or not self.games:
            return
        params = describe_params(
            self.game.params_for(self.difficulty, self.game_options.get(self.game.id, {}))
        )
        x = 420 + 2 * self.row_h + 200
        for i, line in enumerate(text.wrap(params, 24, W - MARGIN - x)[:3]):
            t = text.render(line, 24, SOFT_INK)
            surface.blit(t, (x, self.params_y - 26 + i * 26))


class GradedResultsScene(GrownUpPage):
    """The graded task's results at once: one row per trial, key measures with units."""

    KEY_METRICS = 4

    def __init__(self, child, game, difficulty: float, cue: str, planned: int, results) -> None:
        self.child = child
        self.game = game
        self.difficulty = difficulty
        self.cue = cue
        self.planned = planned
        self.results: list[tuple[int | None, TrialResult]] = results
        self.title = f"Graded task: {game.name}"

    def subtitle(self) -> str:
        n = len(self.results)
        ok = sum(1 for _, r in self.results if r.success)
        stopped = "" if n >= self.planned else f" (stopped after {n} of {self.planned})"
        return (
            f"{self.child.display_name}: {ok} of {n} trials successful at level "
            f"{pct(self.difficulty)}, {CUE_WORDS[self.cue].lower()}{stopped}"
        )

    def on_enter(self) -> None:
        pal = self.pal()
        self.start_page()
        row = self.row_h
        seen = {m.name for _, r in self.results for m in r.metrics}
        self.columns = [m for m in self.game.metrics if m.name in seen]
        key = key_metric_names(self.game)
        self.columns.sort(key=lambda m: key.index(m.name) if m.name in key else len(key))
        self.columns = self.columns[: self.KEY_METRICS]
        self.button(
            pygame.Rect(W - MARGIN - 300, 800 - 20 - row, 300, row),
            "Done",
            self.app.scenes.pop,
            "done",
            colour=pal["primary"],
            ink=WHITE,
        )
        self.request_redraw()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        table = pygame.Rect(MARGIN, self.header_h + 30, W - 2 * MARGIN, 0)
        heads = ["Trial", "Success", "Score"] + [
            (m.label or m.name) + (f" ({m.unit})" if m.unit and m.unit != "count" else "")
            for m in self.columns
        ]
        widths = [110, 150, 130]
        rest = (table.w - sum(widths)) // max(1, len(self.columns))
        widths += [rest] * len(self.columns)
        rh = 50
        y = table.y
        x = table.x
        head_h = 64
        pygame.draw.rect(surface, (226, 222, 236), (table.x, y, table.w, head_h), border_radius=12)
        for head, w in zip(heads, widths, strict=True):
            lines = text.wrap(head, 22, w - 16, bold=True)[:2]
            for i, line in enumerate(lines):
                t = text.render(line, 22, INK, True)
                surface.blit(t, (x + 8, y + 8 + i * 24 + (12 if len(lines) == 1 else 0)))
            x += w
        y += head_h
        for i, (_, r) in enumerate(self.results[:10]):
            if i % 2 == 0:
                pygame.draw.rect(surface, WHITE, (table.x, y, table.w, rh))
            cells = [str(i + 1), "yes" if r.success else "not yet", f"{r.score:.2f}"]
            for m in self.columns:
                v = r.metric(m.name)
                cells.append("–" if v is None else fmt_number(round(v, 2)))
            x = table.x
            for cell, w in zip(cells, widths, strict=True):
                t = text.fit(cell, 30, w - 16, INK, cell == cells[0])
                surface.blit(t, t.get_rect(midleft=(x + 8, y + rh // 2)))
                x += w
            y += rh
        pygame.draw.line(surface, LINE, (table.x, y), (table.right, y), 2)
        if len(self.results) > 10:
            t = text.render(f"… and {len(self.results) - 10} more in the export.", 26, SOFT_INK)
            surface.blit(t, (table.x, y + 8))
        if not self.results:
            draw_message(surface, "No trial was finished, so nothing was saved.", y + 20)
        note = "Every trial is saved as graded, with the help given; the export lists them."
        t = text.render(note, 26, SOFT_INK)
        surface.blit(t, (MARGIN, 800 - 20 - self.row_h // 2 - t.get_height() // 2))
