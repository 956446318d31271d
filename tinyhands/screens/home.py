"""The first screen: "who is playing?" — one big avatar card per child, no reading needed."""

from __future__ import annotations

import pygame

from engine import art, text
from engine.ui import Button, ButtonGroup, target_px
from tinyhands.i18n import _
from tinyhands.screens.common import (
    INK,
    MenuScene,
    avatar_button,
    avatar_marks,
    best_cell,
    fit_grid,
    grid_cells,
    picture_button,
)

AVATAR_CARD_MM = 42.0


class ProfileScene(MenuScene):
    def __init__(self) -> None:
        self.page = 0
        self.children: list = []
        self.buttons: ButtonGroup | None = None

    def on_enter(self) -> None:
        store = self.app.services.store
        store.idle()  # a quiet moment: save anything pending, fold the journal
        if getattr(store, "needs_grown_up", False):  # never an empty-looking picker
            from tinyhands.screens.ask_grownup import AskGrownUpScene

            self.app.scenes.push(AskGrownUpScene())
            return
        self.app.services.menu_music(True)
        self.children = list(store.list_children())
        self.layout()
        self.say_once("profiles.start")

    def layout(self) -> None:
        if not hasattr(self, "app"):
            return
        app = self.app
        u = app.units
        services = app.services
        self.new_buttons()
        w, h = 1280, 800
        margin = round(u.px(5))
        corner = target_px(u, 16)
        header = min(max(110, corner + 2 * margin), 200)
        area = pygame.Rect(margin, header, w - 2 * margin, h - header - corner - 2 * margin)
        lock = pygame.Rect(w - margin - corner, h - margin - corner, corner, corner)
        preferred = max(target_px(u, AVATAR_CARD_MM), 200)
        # avatars keep their size and page; only a window too small for one shrinks them
        floor = max(target_px(u, 15), min(preferred, best_cell(area, 1, 0)))
        gap = round(u.px(6))
        n = len(self.children)
        cells = fit_grid(area, n, preferred, floor, gap, (lock,))
        paged = n > len(cells)
        if paged:  # room for the page arrows at both sides, then as many as fit
            side = corner + gap
            area = area.inflate(-2 * side, 0)
            floor = max(target_px(u, 15), min(preferred, best_cell(area, 1, 0)))
            cells = fit_grid(area, n, preferred, floor, gap, (lock,))
        n_per = max(1, len(cells))
        pages = max(1, -(-n // n_per))
        self.page = min(self.page, pages - 1)
        shown = self.children[self.page * n_per : (self.page + 1) * n_per]
        pal = art.palette(services.colourblind)

        if not self.children:
            r = pygame.Rect(0, 0, min(preferred, area.h), min(preferred, area.h))
            r.center = area.center
            self.buttons.add(
                Button(r, self._add_first_child, picture_button("plus", pal["primary"]), "add")
            )
        marks = avatar_marks(self.children)
        cells = grid_cells(area, len(shown), cells[0].w, gap) if shown else []
        for child, r in zip(shown, cells, strict=True):
            self.buttons.add(
                Button(
                    r,
                    lambda c=child: self._choose(c),
                    avatar_button(child.avatar, child.display_name, marks.get(child.id)),
                    f"child:{child.id}",
                )
            )
        self.page_arrows(area.centery - corner // 2, margin, corner, w, pages, pal)
        self.buttons.add(
            Button(lock, self._open_grown_ups, picture_button("lock", pal["ink_soft"]), "grown-ups")
        )
        self.header_h = header
        self.request_redraw()

    def _choose(self, child) -> None:
        from tinyhands.screens.plan import PlanScene

        self.app.scenes.push(PlanScene(child))

    def _open_grown_ups(self) -> None:
        from tinyhands.screens.gate import ParentGate
        from tinyhands.screens.grownup import GrownUpScene

        self.app.services.menu_music(False)
        self.app.scenes.push(ParentGate(on_pass=GrownUpScene))

    def _add_first_child(self) -> None:
        """No children yet: past the gate, straight to the form (there is nothing else)."""
        from tinyhands.screens.gate import ParentGate
        from tinyhands.screens.grownup import ChildFormScene

        self.app.services.menu_music(False)
        self.app.scenes.push(ParentGate(on_pass=ChildFormScene))

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        pal = art.palette(self.app.services.colourblind)
        surface.fill(pal["background"])
        # a calm header: a row of the avatars' colours, and the name for grown-ups
        title = text.render("Tiny Hands", 64, INK, True)
        surface.blit(title, title.get_rect(midtop=(640, 24)))
        hand = art.star(48)
        surface.blit(hand, hand.get_rect(midright=(640 - title.get_width() // 2 - 16, 56)))
        surface.blit(hand, hand.get_rect(midleft=(640 + title.get_width() // 2 + 16, 56)))
        if not self.children:
            hint = text.fit(_("Grown-ups: tap + to add a child"), 30, 1200, pal["ink_soft"])
            add = self.buttons.find("add").rect
            surface.blit(hint, hint.get_rect(midtop=(640, add.bottom + 24)))
        self.buttons.draw(surface)
