"""Today's plan as picture cards (first this, then that), and the picker of every game."""

from __future__ import annotations

import pygame

from engine import art, registry, text
from engine.ui import Button, ButtonGroup, target_px
from tinyhands.i18n import _
from tinyhands.play import Practice
from tinyhands.screens.common import (
    INK,
    MenuScene,
    avatar_button,
    compact,
    fit_grid,
    grid_cells,
    picture_button,
    star_counter,
)

PLAN_CARD_MM = 45.0


def game_card(game: registry.GameDescription, done: bool, next_up: bool, params=None):
    """A game's picture on its colour; a check when played today, a play badge when next.
    ``params``: the child's next round there, so the picture shows what will open."""

    def draw(surface: pygame.Surface, rect: pygame.Rect, pressed: bool) -> None:
        r = rect.inflate(-8, -8) if pressed else rect
        surface.blit(
            art.card(r.size, game.colour, max(12, r.w // 7), shadow=not pressed), r.topleft
        )
        inner = r.inflate(-r.w // 5, -r.h // 5)
        game.draw_card_for(surface, inner, params)
        badge = max(28, r.w // 4)
        if done:
            ic = art.icon("check", badge, (255, 255, 255))
            pygame.draw.circle(
                surface,
                (88, 170, 110),
                (r.right - badge // 2 - 6, r.top + badge // 2 + 6),
                badge // 2 + 4,
            )
            surface.blit(ic, ic.get_rect(center=(r.right - badge // 2 - 6, r.top + badge // 2 + 6)))
        elif next_up:
            ic = art.icon("play", badge, (255, 255, 255))
            c = (r.right - badge // 2 - 6, r.bottom - badge // 2 - 6)
            pygame.draw.circle(surface, (240, 150, 60), c, badge // 2 + 6)
            surface.blit(ic, ic.get_rect(center=(c[0] + 3, c[1])))

    return draw


class PlanScene(MenuScene):
    """The child's own screen: their avatar, their stars, today's games in order."""

    def __init__(self, child, practice: Practice | None = None) -> None:
        self.child = child
        self.practice = practice
        self.buttons: ButtonGroup | None = None
        self.games: list[registry.GameDescription] = []

    def on_enter(self) -> None:
        if self.practice is None:
            self.practice = Practice(self.app.services, self.child)
            self.app.on_quit(self.practice.end)
        self.app.services.store.idle()  # between rounds: save anything still pending
        if getattr(self.app.services.store, "needs_grown_up", False):
            from tinyhands.screens.ask_grownup import AskGrownUpScene

            self.app.scenes.push(AskGrownUpScene())  # play waits until it can be kept
            return
        self.app.services.menu_music(True)
        self.layout()
        self.say_once("plan.start")

    def layout(self) -> None:
        if not hasattr(self, "app") or self.practice is None:
            return
        app = self.app
        u = app.units
        services = app.services
        pal = art.palette(services.colourblind)
        self.new_buttons()
        margin = round(u.px(5))
        corner_mm = 16.0 if compact(u) else 22.0
        corner = target_px(u, corner_mm)
        me = self.corner_button(corner_mm, self._leave, avatar_button(self.child.avatar), "me")
        self.stars = services.store.rewards_summary(self.child.id).total_stars
        self.games = self.practice.plan()
        done = self.practice.played_today()
        self.done = done
        more = self.corner_button(
            corner_mm,
            lambda: app.scenes.push(GamePickerScene(self.practice)),
            picture_button("grid", pal["primary"]),
            "all-games",
            corner="bottomright",
        )
        top = corner + 2 * margin
        area = pygame.Rect(margin, top, 1280 - 2 * margin, 800 - top - margin)
        gap = round(u.px(12 if not compact(u) else 5))
        preferred = target_px(u, PLAN_CARD_MM) * 2
        floor = target_px(u, 20)
        cells = fit_grid(area, len(self.games), preferred, floor, gap, (more.rect, me.rect))
        next_i = next((i for i, g in enumerate(self.games) if g.id not in done), 0)
        # a small window shows fewer cards: what comes next, and what follows it
        first = max(0, min(next_i, len(self.games) - len(cells)))
        shown = self.games[first : first + len(cells)]
        next_id = next((g.id for g in self.games if g.id not in done), None)
        self.cards = cells[: len(shown)] if len(shown) == len(cells) else []
        if len(shown) != len(cells):
            self.cards = fit_grid(area, len(shown), preferred, floor, gap, (more.rect, me.rect))
        for game, r in zip(shown, self.cards, strict=True):
            self.buttons.add(
                Button(
                    r,
                    lambda g=game: self.start(g),
                    game_card(
                        game,
                        game.id in done,
                        game.id == next_id,
                        self.practice.next_params(game),
                    ),
                    f"game:{game.id}",
                )
            )
        self.request_redraw()

    def start(self, game: registry.GameDescription) -> None:
        start_game(self.app, self.practice, game)

    def _leave(self) -> None:
        self.practice.end()
        self.app.scenes.pop()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        pal = art.palette(self.app.services.colourblind)
        surface.fill(pal["background"])
        u = self.app.units
        star_counter(surface, (1280 - round(u.px(5)), round(u.px(7))), self.stars, target_px(u, 12))
        name = text.render(self.child.display_name, 40, INK, True)
        me = self.buttons.find("me").rect
        surface.blit(name, name.get_rect(midleft=(me.right + 20, me.centery)))
        # arrows between the cards say "first this, then that"
        for a, b in zip(self.cards, self.cards[1:], strict=False):
            if a.centery == b.centery:
                mid = ((a.right + b.left) // 2, a.centery)
                arrow = art.icon("play", max(20, (b.left - a.right) // 2), pal["ink_soft"])
                surface.blit(arrow, arrow.get_rect(center=mid))
        if not self.games:
            msg = text.render(_("No games are installed."), 36, INK)
            surface.blit(msg, msg.get_rect(center=(640, 400)))
        self.buttons.draw(surface)


class GamePickerScene(MenuScene):
    """Every registered game as a big picture; for children who want to choose."""

    def __init__(self, practice: Practice) -> None:
        self.practice = practice

    def on_enter(self) -> None:
        self.app.services.menu_music(True)
        self.layout()

    def layout(self) -> None:
        if not hasattr(self, "app"):
            return
        app = self.app
        u = app.units
        pal = art.palette(app.services.colourblind)
        self.new_buttons()
        margin = round(u.px(5))
        corner_mm = 16.0 if compact(u) else 18.0
        corner = target_px(u, corner_mm)
        back = self.corner_button(
            corner_mm, app.scenes.pop, picture_button("back", pal["secondary"]), "back"
        )
        games = registry.all_games()
        area = pygame.Rect(margin, corner + 2 * margin, 1280 - 2 * margin, 0)
        area.h = 800 - area.y - margin
        gap = round(u.px(8 if not compact(u) else 4))
        preferred = max(target_px(u, 40), 260)
        floor = target_px(u, 20)
        cells = fit_grid(area, len(games), preferred, floor, gap, (back.rect,))
        if len(cells) < len(games):  # page arrows at both sides, then as many as fit
            area = area.inflate(-2 * (corner + gap), 0)
            cells = fit_grid(area, len(games), preferred, floor, gap, (back.rect,))
        n_per = max(1, len(cells))
        pages = max(1, -(-len(games) // n_per))
        self.page = min(getattr(self, "page", 0), pages - 1)
        shown = games[self.page * n_per : (self.page + 1) * n_per]
        cells = grid_cells(area, len(shown), cells[0].w, gap) if shown else []
        for game, r in zip(shown, cells, strict=True):
            self.buttons.add(
                Button(
                    r,
                    lambda g=game: start_game(app, self.practice, g),
                    game_card(game, False, False, self.practice.next_params(game)),
                    f"game:{game.id}",
                )
            )
        self.page_arrows(area.centery - corner // 2, margin, corner, 1280, pages, pal)
        self.request_redraw()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        surface.fill(art.palette(self.app.services.colourblind)["background"])
        self.buttons.draw(surface)


def start_game(app, practice: Practice, game: registry.GameDescription) -> None:
    """Run one round of ``game``; when it ends, the reward; the home button goes back."""
    from tinyhands.screens.reward import RewardScene

    def leave() -> None:
        app.scenes.pop()

    app.services.menu_music(False)  # the game has its own sounds; music is for menus
    scene = practice.new_game_scene(game, on_leave=leave)
    inner = scene.on_finished

    def on_finished(result) -> None:
        inner(result)
        app.scenes.replace(RewardScene(practice, game, result, practice.last_sticker))

    scene.on_finished = on_finished
    app.scenes.push(scene)
