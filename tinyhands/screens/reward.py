"""The reward moment after every round: stars pop in with a sound, maybe a sticker, then
two big pictures — play again, or back to today's plan. Never a failure screen.

Inside a run of rounds (today's practice, a graded task) the run decides what comes
next: with ``on_next`` the reward offers one big "go on" picture instead of the two."""

from __future__ import annotations

from collections.abc import Callable

import pygame

from engine import art
from engine.ui import Button, ButtonGroup, target_px
from tinyhands.screens.common import MenuScene, compact, picture_button

STARS_START_S = 0.3
BUTTONS_AFTER_S = 1.6  # let the stars land before offering the next step
SETTLE_S = 3.5  # after this the screen is still and the app sleeps


class RewardScene(MenuScene):
    def __init__(
        self,
        practice,
        game,
        result,
        sticker: str | None,
        on_next: Callable[[], None] | None = None,
    ) -> None:
        self.practice = practice
        self.on_next = on_next
        self.game = game
        self.stars = max(1, min(3, int(result.stars or 1)))
        self.sticker = sticker
        self.t = 0.0
        self._played = 0
        self.buttons: ButtonGroup | None = None
        self.animating = True

    def on_enter(self) -> None:
        if self.buttons is not None:
            return
        self.layout()
        services = self.app.services
        services.play("cheer")
        if services.calm:
            self.t = BUTTONS_AFTER_S
        # after the round's praise, not over it: the reward belongs to the round
        self.say_once("reward.sticker" if self.sticker else "reward.stars", replace=False)

    def layout(self) -> None:
        """The buttons at the bottom, the stars (and sticker) in the room above them."""
        if not hasattr(self, "app"):
            return
        u = self.app.units
        pal = art.palette(self.app.services.colourblind)
        self.new_buttons()
        size = target_px(u, 20 if compact(u) else 30)
        y = 800 - size - round(u.px(5 if compact(u) else 10))
        gap = round(u.px(10 if compact(u) else 20))
        if self.on_next is not None:
            nxt = pygame.Rect(640 - size // 2, y, size, size)
            self.buttons.add(
                Button(nxt, self.on_next, picture_button("play", pal["primary"]), "next")
            )
        else:
            again = pygame.Rect(640 - gap // 2 - size, y, size, size)
            home = pygame.Rect(640 + gap // 2, y, size, size)
            self.buttons.add(
                Button(again, self._again, picture_button("play", self.game.colour), "again")
            )
            self.buttons.add(
                Button(home, self._home, picture_button("home", pal["primary"]), "home")
            )
        enabled = self.t >= BUTTONS_AFTER_S
        for b in self.buttons.buttons:
            b.enabled = enabled
        self.room = pygame.Rect(0, 0, 1280, y - round(u.px(3)))
        self.request_redraw()

    def _again(self) -> None:
        from tinyhands.screens.plan import start_game

        self.app.scenes.pop()
        start_game(self.app, self.practice, self.game)

    def _home(self) -> None:
        self.app.scenes.pop()

    def update(self, dt: float) -> None:
        self.t += dt
        while (
            self._played < self.stars
            and self.t >= STARS_START_S + self._played * art.STAR_BURST_INTERVAL_S
        ):
            self.app.services.play("star", index=self._played)
            self._played += 1
        if self.t >= BUTTONS_AFTER_S and self.buttons is not None:
            for b in self.buttons.buttons:
                b.enabled = True
        if self.t >= SETTLE_S:
            self.animating = False
            self.request_redraw()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        pal = art.palette(self.app.services.colourblind)
        surface.fill(pal["background"])
        u = self.app.units
        room = self.room
        share = room.h if self.sticker is None else room.h * 0.55
        star_size = min(target_px(u, 28), int(share * 0.55))
        centre = (640, round(room.top + share / 2))
        art.draw_stars_burst(surface, centre, self.t - STARS_START_S, self.stars, star_size)
        if self.sticker is not None and self.t > STARS_START_S + art.star_burst_duration(
            self.stars
        ):
            st = art.sticker(self.sticker, min(target_px(u, 30), int(room.h * 0.4)))
            surface.blit(st, st.get_rect(center=(640, round(room.top + room.h * 0.77))))
        if self.t >= BUTTONS_AFTER_S and self.buttons is not None:
            self.buttons.draw(surface)
