"""The graded task's results, the moment it ends."""

from __future__ import annotations

import pygame

from engine import text
from engine.trial import TrialResult
from tinyhands.screens.common import INK
from tinyhands.screens.grownup_ui import LINE, MARGIN, SOFT_INK, WHITE, GrownUpPage, W, draw_message
from tinyhands.screens.therapist.words import CUE_WORDS, fmt_number, key_metric_names, pct


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
