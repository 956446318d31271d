"""A child's home program, edited as one form and saved once: minutes a day, days a
week, and for each game whether it is in, its place in the order, its options and its
easiest and hardest level (shown in the game's own units: band width, pom-pom size,
pieces). Going back with changes not saved asks first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pygame

from engine import registry, text
from engine.ui import Button
from progress.models import DifficultyBounds
from tinyhands.game_words import describe_options, game_name
from tinyhands.i18n import _, ngettext, tr
from tinyhands.screens.common import INK
from tinyhands.screens.grownup_ui import (
    MARGIN,
    SOFT_INK,
    WHITE,
    GrownUpPage,
    W,
    choice_button,
    summary_button,
)
from tinyhands.screens.therapist.game_options import GameOptionsScene
from tinyhands.screens.therapist.unsaved import UnsavedChangesScene
from tinyhands.screens.therapist.words import MAX_MINUTES, headline


class HomeProgramScene(GrownUpPage):
    """The draft lives here until Save; the options screen edits this draft too."""

    def __init__(self, child) -> None:
        self.child = child
        self.title = _("{name}'s home program").format(name=child.display_name)
        self.message = ""
        self.program = None
        self.notices: list[str] = []

    def subtitle(self) -> str:
        return _("What the child practises at home, in this order. Saved for this child only.")

    def on_enter(self) -> None:
        if self.program is None:
            self._load(self.app.services.store.get_home_program(self.child.id))
            self.notices = self._bound_notices()
        self._layout()

    def _bound_notices(self) -> list[str]:
        """What the report says when practice has sat at a limit of this program for about
        a week ("Tracing reached the narrowest band the home program allows ..."): the same
        rule, from exporter.bounds, shown where the limits are changed, in the screens'
        language (the report's catalogue holds these sentences)."""
        from exporter.bounds import bound_notices
        from exporter.i18n import report_language
        from tinyhands.catalog import build_catalog
        from tinyhands.i18n import language

        store = self.app.services.store
        since = store.now().date() - timedelta(days=60)
        catalog = build_catalog()
        out: list[str] = []
        for game in self.all:
            info = catalog.get(game.id)
            if info is None:
                continue
            trials = store.call(lambda s, g=game.id: s.trials(self.child.id, g, since), [])
            with report_language(language()):
                out += bound_notices(trials, info)
        return out

    def _load(self, program) -> None:
        self.program = program
        self.all = registry.all_games()
        ids = [g.id for g in self.all]
        chosen = [g for g in (program.games or ids) if g in ids] or ids
        self.order = chosen + [g for g in ids if g not in chosen]  # chosen first, in order
        self.chosen = list(chosen)
        self.minutes = max(1, min(MAX_MINUTES, round(program.minutes_per_day)))
        self.days = program.days_per_week
        self.bounds = {g: program.bounds_for(g) for g in ids}
        self.options = {g: program.options_for(g) for g in ids if program.options_for(g)}

    # -- the draft -----------------------------------------------------------------
    def draft(self):
        """The program as it would be saved now."""
        return self.program.model_copy(
            update={
                "games": [g for g in self.order if g in self.chosen],
                "minutes_per_day": float(self.minutes),
                "days_per_week": self.days,
                "per_game_bounds": {
                    g: DifficultyBounds(low=lo, high=hi) for g, (lo, hi) in self.bounds.items()
                },
                "game_options": {g: dict(o) for g, o in self.options.items() if o},
            }
        )

    @property
    def changed(self) -> bool:
        stored = self.program
        now = self.draft()
        same_bounds = all(
            stored.bounds_for(g) == now.bounds_for(g) for g in [x.id for x in self.all]
        )
        return not (
            now.games == [g for g in (stored.games or [x.id for x in self.all]) if g in self.order]
            and now.minutes_per_day == float(round(stored.minutes_per_day))
            and now.days_per_week == stored.days_per_week
            and same_bounds
            and now.game_options == {g: o for g, o in stored.game_options.items() if o}
        )

    def edited(self) -> None:
        """After any change: a "Saved." from before no longer holds."""
        self.message = ""
        self.request_redraw()

    def options_summary(self, game: registry.GameDescription) -> str:
        parts = []
        if game.options:
            parts.append(describe_options(game, self.options.get(game.id, {})))
        lo, hi = self.bounds[game.id]
        opts = self.options.get(game.id, {})
        # TRANSLATORS: the easiest and the hardest level a home program allows
        parts.append(
            _("{easiest} to {hardest}").format(
                easiest=headline(game.params_for(lo, opts)),
                hardest=headline(game.params_for(hi, opts)),
            )
        )
        return " · ".join(parts)

    # -- screen --------------------------------------------------------------------
    def _layout(self) -> None:
        pal = self.pal()
        self.start_page(back=self._back)
        row = self.row_h
        games_by_id = {g.id: g for g in self.all}
        ys = self.rows_y(len(self.order) + 2, top=self.header_h + 24, bottom=800 - 20)
        row = self.row_h  # as fitted by rows_y
        value_w = 170
        days_x = W - MARGIN - (2 * row + value_w + 20)
        self.stepper(
            ys[0],
            _("Minutes a day"),
            lambda: _("{minutes} min").format(minutes=self.minutes),
            self._minutes(-1),
            self._minutes(1),
            "minutes",
            x=MARGIN + 20 + text.font(32).size(_("Minutes a day"))[0] + 24,
            value_w=value_w,
        )
        self.stepper(
            ys[0],
            _("Days a week"),
            lambda: (
                _("every day")
                if self.days == 7
                else ngettext("{n} day", "{n} days", self.days).format(n=self.days)
            ),
            self._days(-1),
            self._days(1),
            "days",
            x=days_x,
            value_w=value_w,
            label_x=days_x - text.font(32).size(_("Days a week"))[0] - 24,
        )
        name_w = 250
        for i, gid in enumerate(self.order):
            game = games_by_id[gid]
            y = ys[i + 1]
            x = MARGIN
            self.buttons.add(
                Button(
                    pygame.Rect(x, y, name_w, row),
                    lambda g=gid: self._toggle(g),
                    choice_button(game_name(game), lambda g=gid: g in self.chosen, pal["primary"]),
                    f"game:{gid}",
                )
            )
            x += name_w + 12
            if gid in self.chosen:
                self.button(pygame.Rect(x, y, row, row), "▲", self._move(gid, -1), f"up:{gid}")
                self.button(
                    pygame.Rect(x + row + 8, y, row, row), "▼", self._move(gid, 1), f"down:{gid}"
                )
                x += 2 * row + 20
                self.buttons.add(
                    Button(
                        pygame.Rect(x, y, W - MARGIN - x, row),
                        lambda g=game: self.app.scenes.push(GameOptionsScene(self, g)),
                        summary_button(
                            _("{game}: options and level…").format(game=game_name(game)),
                            lambda g=game: self.options_summary(g),
                        ),
                        f"options:{gid}",
                    )
                )
            else:
                self.label(_("not in the program"), (x + 10, y + row // 2), 26, SOFT_INK)
        self.button(
            pygame.Rect(W - MARGIN - 360, ys[-1], 360, row),
            _("Save program"),
            self._save,
            "save",
            colour=pal["primary"],
            ink=WHITE,
        )
        self.msg_y = ys[-1] + row // 2
        self.request_redraw()

    def _toggle(self, game_id: str) -> None:
        if game_id in self.chosen:
            if len(self.chosen) > 1:
                self.chosen.remove(game_id)
                self.order.remove(game_id)
                self.order.append(game_id)  # out of the program: to the end of the list
            else:
                self.message = _("A program needs at least one game.")
                self._layout()
                return
        else:
            self.chosen.append(game_id)
            self.order.remove(game_id)
            self.order.insert(len(self.chosen) - 1, game_id)
        self.edited()
        self._layout()

    def _move(self, game_id: str, d: int) -> Callable[[], None]:
        def f() -> None:
            i = self.order.index(game_id)
            j = i + d
            if 0 <= j < len(self.chosen):
                self.order[i], self.order[j] = self.order[j], self.order[i]
                self.edited()
                self._layout()

        return f

    def _minutes(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.minutes = max(1, min(MAX_MINUTES, self.minutes + d))
            self.edited()

        return f

    def _days(self, d: int) -> Callable[[], None]:
        def f() -> None:
            self.days = max(1, min(7, self.days + d))
            self.edited()

        return f

    def _save(self) -> bool:
        store = self.app.services.store
        draft = self.draft()
        today = store.now().date()
        # minutes change from today on: earlier days keep the minutes they were asked for
        program = self.program.with_minutes(draft.minutes_per_day, today)
        program = draft.model_copy(update={"minutes_since": program.minutes_since})
        ok = store.call(lambda s: (s.set_home_program(self.child.id, program), True)[1], False)
        if ok:
            self._load(program)
            self.message = _("Saved.")
        else:
            self.message = tr(store.problem) or _("The program could not be saved.")
        self._layout()
        return ok

    def _back(self) -> None:
        if self.changed:
            self.app.scenes.push(UnsavedChangesScene(self._save, _("the home program")))
        else:
            self.app.scenes.pop()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        words = self.message or (_("Changes not saved yet.") if self.changed else "")
        if words:
            t = text.fit(words, 30, W - 2 * MARGIN - 400, INK, True)
            surface.blit(t, t.get_rect(midleft=(MARGIN + 20, self.msg_y)))
        elif self.notices:
            others = len(self.notices) - 1
            more = (
                " "
                + ngettext(
                    "(and {n} more in the report)", "(and {n} more in the report)", others
                ).format(n=others)
                if others
                else ""
            )
            lines = text.wrap(self.notices[0] + more, 24, W - 2 * MARGIN - 400)[:3]
            y = self.msg_y - len(lines) * 13
            for line in lines:
                t = text.render(line, 24, (150, 80, 20))
                surface.blit(t, (MARGIN + 20, y))
                y += 26
