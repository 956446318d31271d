"""Export a child's report from inside the app: the therapist's PDF plus the data as CSV
and JSON, written to a folder the grown-up can find, and the folder shown in words.

The exporter (``exporter.export.export_child``) reads the store and knows nothing of
pygame; this screen only picks the period and the folder and says where the files went.
Writing a year's PDF takes seconds, so it runs in its own process (tinyhands.export_job)
with a progress bar, and the app keeps drawing.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pygame

from engine import text
from engine.ui import Button
from tinyhands.i18n import N_, _, tr
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

PERIODS = (
    ("4w", N_("Last 4 weeks"), 28),
    ("3m", N_("Last 3 months"), 91),
    ("all", N_("Everything"), None),
)
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
        self.title = _("Export {name}'s report").format(name=child.display_name)
        self.out_dir = out_dir
        self.period = "3m"
        self.pseudonymise = False
        self.state = "choose"  # choose -> writing -> done / failed
        self.files: list[Path] = []
        self.message = ""
        self.animating = False

    def subtitle(self) -> str:
        return _("A PDF summary for the therapist, and the data as CSV and JSON.")

    def on_enter(self) -> None:
        if self.out_dir is None:
            self.out_dir = default_out_dir(self.app.services.data_dir)
        self._layout()

    def _layout(self) -> None:
        pal = self.pal()
        self.start_page()
        row = self.row_h
        ys = self.rows_y(4, top=self.header_h + 30, bottom=560)
        row = self.row_h  # as fitted by rows_y
        self.label(_("Period"), (MARGIN + 20, ys[0] + row // 2), 34, INK, True)
        cw = 250
        for i, (key, words, _days) in enumerate(PERIODS):
            self.buttons.add(
                Button(
                    pygame.Rect(420 + i * (cw + 14), ys[0], cw, row),
                    lambda k=key: self._period(k),
                    choice_button(_(words), lambda k=key: self.period == k, pal["primary"]),
                    f"period:{key}",
                )
            )
        self.label(
            _("Use a code instead of the name"), (MARGIN + 20, ys[1] + row // 2), 34, INK, True
        )
        self.buttons.add(
            Button(
                pygame.Rect(420 + 2 * (cw + 14), ys[1], 200, row),
                self._flip,
                switch_button(lambda: self.pseudonymise, pal["primary"]),
                "pseudonym",
            )
        )
        self.label(_("Folder"), (MARGIN + 20, ys[2] + row // 2), 34, INK, True)
        self.button(
            pygame.Rect(W - MARGIN - 220, ys[2], 220, row), _("Choose…"), self._choose, "folder"
        )
        self.folder_rect = pygame.Rect(420, ys[2], W - MARGIN - 220 - 20 - 420, row)
        self.button(
            pygame.Rect(W // 2 - 230, ys[3] + 10, 460, max(row, 84)),
            _("Write the report"),
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

    def _choose(self) -> None:
        from tinyhands.screens.folder_choice import FolderChoiceScene

        def chosen(folder: Path) -> None:
            self.out_dir = folder
            self.state, self.message = "choose", ""

        self.app.scenes.push(FolderChoiceScene(self.out_dir, chosen))

    def _ask_write(self) -> None:
        """Start the export in its own process; update() follows it frame by frame."""
        from tinyhands.export_job import ExportJob

        if self.state == "writing":
            return
        services = self.app.services
        store = services.store
        dates = store.call(self.period_dates, None)
        if dates is None or services.data_dir is None:
            self.state, self.message = "failed", tr(store.problem) or _("The data cannot be read.")
            self.request_redraw()
            return
        store.idle()  # anything kept in memory is written first, so the report has it
        self.job = ExportJob(
            Path(services.data_dir), self.child.id, *dates, Path(self.out_dir), self.pseudonymise
        )
        try:
            self.job.start()
        except OSError as exc:
            self.state, self.message = (
                "failed",
                _("The export could not start: {error}").format(error=exc),
            )
            self.request_redraw()
            return
        self.app.on_quit(self.job.cancel)
        self.state, self.message = "writing", ""
        self.animating = True  # draw every frame: the progress bar moves
        self.request_redraw()

    def update(self, dt: float) -> None:
        if self.state != "writing":
            return
        if self.job.poll():
            self.animating = False
            if self.job.error:
                self.state, self.message = "failed", self.job.error
            else:
                self.state, self.files, self.code = "done", self.job.files, self.job.pseudonym
        self.request_redraw()

    def on_exit(self) -> None:
        """Leaving the screen does not stop an export; it finishes in its own process."""

    def period_dates(self, store) -> tuple[date, date]:
        """The same default period as ``tinyhands export`` (exporter.period)."""
        from exporter.period import default_period

        days = dict((k, d) for k, _words, d in PERIODS)[self.period]
        return default_period(store, self.child, days)

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        pygame.draw.rect(surface, WHITE, self.folder_rect, border_radius=12)
        t = text.fit(str(self.out_dir), 28, self.folder_rect.w - 24, INK)
        surface.blit(t, t.get_rect(midleft=(self.folder_rect.x + 12, self.folder_rect.centery)))
        y = 590
        if self.state == "writing":
            bar = pygame.Rect(W // 2 - 400, y, 800, 36)
            pygame.draw.rect(surface, WHITE, bar, border_radius=18)
            done = bar.copy()
            done.w = max(bar.h, round(bar.w * self.job.fraction))
            pygame.draw.rect(surface, self.pal()["primary"], done, border_radius=18)
            words = _("Writing the report: step {done} of {total}…").format(
                done=self.job.done, total=self.job.total
            )
            t = text.render(words, 30, INK)
            surface.blit(t, t.get_rect(midtop=(W // 2, bar.bottom + 12)))
        elif self.state == "done":
            folder = str(self.files[0].parent) if self.files else str(self.out_dir)
            t = text.render(_("Done. The files are in this folder:"), 32, INK, True)
            surface.blit(t, t.get_rect(midtop=(W // 2, y)))
            t = text.fit(folder, 30, W - 2 * MARGIN, INK)
            surface.blit(t, t.get_rect(midtop=(W // 2, y + 42)))
            names = ", ".join(p.name for p in self.files)
            t = text.fit(names, 26, W - 2 * MARGIN, SOFT_INK)
            surface.blit(t, t.get_rect(midtop=(W // 2, y + 84)))
            if getattr(self, "code", None):
                words = _('The report calls {name} "{code}".').format(
                    name=self.child.display_name, code=self.code
                )
                t = text.fit(words, 28, W - 2 * MARGIN, INK)
                surface.blit(t, t.get_rect(midtop=(W // 2, y + 122)))
        elif self.state == "failed":
            draw_message(surface, self.message, y, (150, 70, 40))
        else:
            draw_message(
                surface, _("A PDF, a CSV and a JSON file go into this folder."), y, SOFT_INK
            )
