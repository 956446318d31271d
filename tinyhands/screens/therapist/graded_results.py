"""The graded task's results, the moment it ends."""

from __future__ import annotations

import pygame

from engine import text
from engine.trial import TrialResult
from tinyhands.game_words import game_name, metric_label
from tinyhands.i18n import _, ngettext
from tinyhands.screens.common import INK
from tinyhands.screens.grownup_ui import LINE, MARGIN, SOFT_INK, WHITE, GrownUpPage, W, draw_message
from tinyhands.screens.therapist.words import (
    cue_words,
    decimal_mark,
    fmt_number,
    key_metric_names,
    pct,
)


class GradedResultsScene(GrownUpPage):
    """The graded task's results at once: one row per trial, key measures with units."""

    KEY_METRICS = 4

    def __init__(self, child, game, difficulty: float, cue: str, planned: int, results) -> None:
        self.child = child
        self.game = game
        self.difficulty = difficulty
        self.cue = cue
        self.planned = planned
        self.results: list[tuple[str | None, TrialResult]] = results  # (trial UUID, result)
        self.title = _("Graded task: {game}").format(game=game_name(game))

    def subtitle(self) -> str:
        n = len(self.results)
        ok = sum(1 for _id, r in self.results if r.success)
        words = ngettext(
            "{name}: {ok} of {n} trial successful at level {level}, {cue}",
            "{name}: {ok} of {n} trials successful at level {level}, {cue}",
            n,
        ).format(
            name=self.child.display_name,
            ok=ok,
            n=n,
            level=pct(self.difficulty),
            cue=cue_words(self.cue).lower(),
        )
        if n < self.planned:
            words += " " + _("(stopped after {n} of {m})").format(n=n, m=self.planned)
        return words

    def on_enter(self) -> None:
        pal = self.pal()
        self.start_page()
        row = self.row_h
        seen = {m.name for _id, r in self.results for m in r.metrics}
        self.columns = [m for m in self.game.metrics if m.name in seen]
        key = key_metric_names(self.game)
        self.columns.sort(key=lambda m: key.index(m.name) if m.name in key else len(key))
        self.columns = self.columns[: self.KEY_METRICS]
        self.button(
            pygame.Rect(W - MARGIN - 300, 800 - 20 - row, 300, row),
            _("Done"),
            self.app.scenes.pop,
            "done",
            colour=pal["primary"],
            ink=WHITE,
        )
        self.request_redraw()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        table = pygame.Rect(MARGIN, self.header_h + 30, W - 2 * MARGIN, 0)
        heads = [_("Trial"), _("Success"), _("Score")] + [
            metric_label(m) + (f" ({m.unit})" if m.unit and m.unit != "count" else "")
            for m in self.columns
        ]
        widths = [110, 150, 130]
        rest = (table.w - sum(widths)) // max(1, len(self.columns))
        widths += [rest] * len(self.columns)
        rh = 50
        y = table.y
        x = table.x
        # a heading takes the lines it needs (a longer language wraps a measure to three)
        wrapped = [
            text.wrap(head, 22, w - 16, bold=True)[:3]
            for head, w in zip(heads, widths, strict=True)
        ]
        most = max(2, *(len(lines) for lines in wrapped))
        head_h = 16 + 24 * most
        pygame.draw.rect(surface, (226, 222, 236), (table.x, y, table.w, head_h), border_radius=12)
        for lines, w in zip(wrapped, widths, strict=True):
            top = y + 8 + (most - len(lines)) * 12
            for i, line in enumerate(lines):
                t = text.render(line, 22, INK, True)
                surface.blit(t, (x + 8, top + i * 24))
            x += w
        y += head_h
        for i, (_id, r) in enumerate(self.results[:10]):
            if i % 2 == 0:
                pygame.draw.rect(surface, WHITE, (table.x, y, table.w, rh))
            # TRANSLATORS: a graded trial's success: never "no" (a child is never told they failed)
            cells = [
                str(i + 1),
                _("yes") if r.success else _("not yet"),
                f"{r.score:.2f}".replace(".", decimal_mark()),
            ]
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
            more = len(self.results) - 10
            t = text.render(
                ngettext(
                    "… and {n} more in the export.", "… and {n} more in the export.", more
                ).format(n=more),
                26,
                SOFT_INK,
            )
            surface.blit(t, (table.x, y + 8))
        if not self.results:
            draw_message(surface, _("No trial was finished, so nothing was saved."), y + 20)
        note = _("Every trial is saved as graded, with the help given; the export lists them.")
        t = text.fit(note, 26, W - 2 * MARGIN - 320, SOFT_INK)
        surface.blit(t, (MARGIN, 800 - 20 - self.row_h // 2 - t.get_height() // 2))
