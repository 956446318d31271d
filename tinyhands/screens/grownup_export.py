"""Export a child's report from inside the app: the therapist's PDF plus the data as CSV
and JSON, written to a folder the grown-up can find, and the folder shown in words.

The exporter (``exporter.export.export_child``) reads the store and knows nothing of
pygame; this screen only picks the period and the folder and says where the files went.
Writing a year's PDF takes a moment, so the screen first says "Writing…", draws, and
only then writes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pygame

from engine import text
from engine.ui import Button
from tinyhands.screens.common import INK
from tinyhands.screens.grownup_ui import (
    MARGIN,
    SOFT_INK,
    WHITE,
    GrownUpPage,
    W,
    choice_button,
    draw_message,
    switch_button,
)

PERIODS = (("4w", "Last 4 weeks", 28), ("3m", "Last 3 months", 91), ("all", "Everything", None))
REPORTS_FOLDER = "Tiny Hands reports"


def default_out_dir(data_dir: Path | None) -> Path:
    """The user's Documents folder if there is one, else a folder in the data folder."""
    try:
        import platformdirs

        docs = Path(platformdirs.user_documents_dir())
        if docs.is_dir():
            return docs / REPORTS_FOLDER
    except Exception:  # noqa: BLE001 - no Documents: fall back below
        pass
    base = Path(data_dir) if data_dir is not None else Path.home()
    return base / "reports"


class ExportScene(GrownUpPage):
    def __init__(self, child, out_dir: Path | None = None) -> None:
        self.child = child
        self.title = f"Export {child.display_name}'s report"
        self.out_dir = out_dir
        self.period = "3m"
        self.pseudonymise = False
        self.state = "choose"  # choose -> writing -> done / failed
        self.files: list[Path] = []
        self.message = ""
        self.animating = False

    def subtitle(self) -> str:
        return "A PDF summary for the therapist, and the data as CSV and JSON."

    def on_enter(self) -> None:
        if self.out_dir is None:
            self.out_dir = default_out_dir(self.app.services.data_dir)
        self._layout()

    def _layout(self) -> None:
        pal = self.pal()
        self.start_page()
        row = self.row_h
        ys = self.rows_y(4, top=self.header_h + 40, bottom=520)
        self.label("Period", (MARGIN + 20, ys[0] + row // 2), 34, INK, True)
        cw = 250
        for i, (key, words, _) in enumerate(PERIODS):
            self.buttons.add(
                Button(
                    pygame.Rect(420 + i * (cw + 14), ys[0], cw, row),
                    lambda k=key: self._period(k),
                    choice_button(words, lambda k=key: self.period == k, pal["primary"]),
                    f"period:{key}",
                )
            )
        self.label("Use a code instead of the name", (MARGIN + 20, ys[1] + row // 2), 34, INK, True)
        self.buttons.add(
            Button(
                pygame.Rect(420 + 2 * (cw + 14), ys[1], 200, row),
                self._flip,
                switch_button(lambda: self.pseudonymise, pal["primary"]),
                "pseudonym",
            )
        )
        self.button(
            pygame.Rect(W // 2 - 230, ys[2] + 10, 460, max(row, 84)),
            "Write the report",
            self._ask_write,
            "write",
            colour=pal["primary"],
            ink=WHITE,
            icon="check",
        )
        self.request_redraw()

    def _period(self, key: str) -> None:
        self.period = key
        self.request_redraw()

    def _flip(self) -> None:
        self.pseudonymise = not self.pseudonymise
        self.request_redraw()

    def _ask_write(self) -> None:
        if self.state == "writing":
            return
        self.state = "writing"
        self.message = ""
        self.animating = True  # one frame shows "Writing…", then update() writes
        self._frames = 0
        self.request_redraw()

    def update(self, dt: float) -> None:
        if self.state != "writing":
            return
        self._frames += 1
        if self.app.frames_drawn and self._frames > 1:
            self.write()

    def period_dates(self, store) -> tuple[date, date]:
        """The same default period as ``tinyhands export`` (exporter.period)."""
        from exporter.period import default_period

        days = dict((k, d) for k, _, d in PERIODS)[self.period]
        return default_period(store, self.child, days)

    def write(self) -> None:
        """Run the exporter now (on this thread: the store's connection lives here)."""
        from exporter.export import FORMATS, export_child, new_pseudonym
        from tinyhands import __version__
        from tinyhands.catalog import build_catalog

        store = self.app.services.store
        self.animating = False
        self.code = new_pseudonym() if self.pseudonymise else None

        def run(s) -> list[Path]:
            start, end = self.period_dates(s)
            return export_child(
                s,
                self.child.id,
                start,
                end,
                build_catalog(),
                FORMATS,
                self.out_dir,
                pseudonym=self.code,
                app_version=__version__,
            )

        before = store.problem
        files = store.call(run, None)
        if files:
            self.files = list(files)
            self.state = "done"
        else:
            self.state = "failed"
            problem = store.problem if store.problem != before else None
            self.message = problem or "The report could not be written."
        self.request_redraw()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        y = 560
        if self.state == "writing":
            draw_message(surface, "Writing the report… this takes a few seconds.", y, INK)
        elif self.state == "done":
            folder = str(self.files[0].parent) if self.files else str(self.out_dir)
            t = text.render("Done. The files are in this folder:", 32, INK, True)
            surface.blit(t, t.get_rect(midtop=(W // 2, y)))
            t = text.fit(folder, 30, W - 2 * MARGIN, INK)
            surface.blit(t, t.get_rect(midtop=(W // 2, y + 42)))
            names = ", ".join(p.name for p in self.files)
            t = text.fit(names, 26, W - 2 * MARGIN, SOFT_INK)
            surface.blit(t, t.get_rect(midtop=(W // 2, y + 84)))
            if getattr(self, "code", None):
                t = text.render(
                    f'The report calls {self.child.display_name} "{self.code}".', 28, INK
                )
                surface.blit(t, t.get_rect(midtop=(W // 2, y + 122)))
        elif self.state == "failed":
            draw_message(surface, self.message, y, (150, 70, 40))
        else:
            draw_message(surface, f"The files will be written to {self.out_dir}", y, SOFT_INK)
