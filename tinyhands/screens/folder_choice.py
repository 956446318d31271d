"""Choose the folder a report goes to: the folders inside the one shown, as big rows, a
way up, a few usual places, and "Use this folder".

Hand-made rather than pygame-gui's file dialog: that dialog's rows are about 5 mm tall
(our grown-up targets are 15 mm), it tracks the pointer through pygame.mouse (which our
touch layer and tests never move) and it lists files and hidden folders; a list of
folders is all a grown-up needs here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pygame

from engine import text
from tinyhands.i18n import N_, _
from tinyhands.screens.common import INK
from tinyhands.screens.grownup_ui import MARGIN, SOFT_INK, WHITE, GrownUpPage, W, draw_message


def subfolders(folder: Path) -> list[Path]:
    """Visible folders inside ``folder``, by name; unreadable folders give an empty list."""
    try:
        found = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.name.lower())


def usual_places() -> list[tuple[str, Path]]:
    # TRANSLATORS: shortcuts to usual folders in the folder picker
    places = [(N_("Home"), Path.home())]
    try:
        import platformdirs

        for label, where in (
            (N_("Documents"), platformdirs.user_documents_dir()),
            (N_("Desktop"), platformdirs.user_desktop_dir()),
        ):
            if Path(where).is_dir():
                places.append((label, Path(where)))
    except Exception:  # noqa: BLE001 - only shortcuts
        pass
    return places


class FolderChoiceScene(GrownUpPage):
    title = N_("Choose the folder for the report")
    PER_PAGE = 6

    def __init__(self, start: Path, on_choose: Callable[[Path], None]) -> None:
        self.folder = Path(start)
        while not self.folder.is_dir() and self.folder != self.folder.parent:
            self.folder = self.folder.parent  # the folder may not exist yet: start above it
        self.on_choose = on_choose
        self.page = 0
        self.message = ""

    def subtitle(self) -> str:
        return _("Tap a folder to open it, then Use this folder.")

    def on_enter(self) -> None:
        self._layout()

    def _layout(self) -> None:
        pal = self.pal()
        self.start_page()
        row = self.row_h
        top = self.header_h + 70
        inside = subfolders(self.folder)
        pages = max(1, -(-len(inside) // self.PER_PAGE))
        self.page = min(self.page, pages - 1)
        shown = inside[self.page * self.PER_PAGE : (self.page + 1) * self.PER_PAGE]
        list_w = 760
        ys = [top + i * (row + 8) for i in range(self.PER_PAGE)]
        for y, sub in zip(ys, shown, strict=False):
            self.button(
                pygame.Rect(MARGIN, y, list_w, row),
                sub.name,
                lambda s=sub: self._open(s),
                f"folder:{sub.name}",
                size_px=30,
            )
        self.empty = not inside
        right = MARGIN + list_w + 30
        rw = W - MARGIN - right
        y = top
        if self.folder.parent != self.folder:
            self.button(pygame.Rect(right, y, rw, row), _("Up one folder"), self._up, "up")
        y += row + 8
        for label, where in usual_places():
            self.button(
                pygame.Rect(right, y, rw, row),
                _(label),
                lambda w=where: self._open(w),
                f"place:{label}",
            )
            y += row + 8
        bottom = 800 - 20 - row
        if pages > 1:
            self.button(
                pygame.Rect(MARGIN, bottom, 180, row), _("< Earlier"), self._turn(-1), "prev"
            )
            self.button(
                pygame.Rect(MARGIN + 200, bottom, 180, row), _("More >"), self._turn(1), "next"
            )
        self.button(
            pygame.Rect(W - MARGIN - 380, bottom, 380, row),
            _("Use this folder"),
            self._use,
            "use",
            colour=pal["primary"],
            ink=WHITE,
        )
        self.request_redraw()

    def _turn(self, d: int):
        def f() -> None:
            self.page += d
            self._layout()

        return f

    def _open(self, folder: Path) -> None:
        self.folder, self.page = folder, 0
        self._layout()

    def _up(self) -> None:
        self._open(self.folder.parent)

    def _use(self) -> None:
        if not os.access(self.folder, os.W_OK):
            self.message = _(
                "Tiny Hands may not write into {folder}; choose another folder."
            ).format(folder=self.folder)
            self.request_redraw()
            return
        self.app.scenes.pop()
        self.on_choose(self.folder)

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        super().draw(surface, alpha)
        t = text.fit(str(self.folder), 30, W - 2 * MARGIN, INK, True)
        surface.blit(t, (MARGIN, self.header_h + 20))
        if self.empty:
            draw_message(
                surface, _("No folders inside this one."), self.header_h + 90, SOFT_INK, 700
            )
        if self.message:
            draw_message(surface, self.message, 800 - 40 - 2 * self.row_h, (150, 70, 40))
