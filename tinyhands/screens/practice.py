"""Today's practice: the child's home program as a visual schedule and a gentle timer.

A grown-up starts it from the grown-ups' area; from then on the child needs no words.
The schedule shows the program's games as picture cards in order ("first this, then
that") with the card for now marked; a sun travels an arc across the top as the
prescribed minutes pass (no numbers). Rounds run one after another through the normal
game and reward screens. The minutes are split across the games: each game gets an even
share of what is left when it starts. A round is never cut off: when the time is up the
round in play finishes, then a calm ending shows the day's sticker.

The timer counts active play inside rounds (the same minutes the store records), so
when the sun has set the day really counts for the streak.
"""

from __future__ import annotations

import math

import pygame

from engine import art
from engine.game_scene import TOP_BAR_MM
from engine.ui import Button, target_px
from tinyhands.play import Practice
from tinyhands.screens.common import (
    MenuScene,
    avatar_button,
    compact,
    fit_grid,
    picture_button,
)
from tinyhands.screens.plan import game_card

SCHEDULE_CARD_MM = 40.0
SKY = (226, 238, 248)
ARC_DONE = (246, 196, 96)
ARC_TODO = (212, 214, 226)


def start_daily_practice(app, child) -> None:
    """Leave the grown-ups' area (the gate guards it again) and start today's practice."""
    from tinyhands.screens.home import ProfileScene

    app.scenes.clear_to(ProfileScene())
    app.scenes.push(DailyPracticeScene(child))


def draw_sun_timer(surface: pygame.Surface, rect: pygame.Rect, fraction: float) -> None:
    """A sun travelling a low arc from left to right as the practice time passes.

    Children see how much is left without numbers; the path behind the sun turns warm.
    """
    fraction = min(1.0, max(0.0, fraction))
    size = max(8, min(int(rect.h * 0.45), rect.w // 3))
    cx, base = rect.centerx, rect.bottom - 6 - size / 2
    # the sun's centre stays half a sun inside the panel at both ends of its day
    rx, ry = max(0.0, rect.w / 2 - size / 2), max(0.0, rect.h - 6 - size)

    def at(f: float) -> tuple[float, float]:
        a = math.pi * (1.0 - f)
        return cx + rx * math.cos(a), base - ry * math.sin(a)

    steps = 60
    for i in range(steps):
        f0, f1 = i / steps, (i + 1) / steps
        colour = ARC_DONE if f1 <= fraction + 1e-9 else ARC_TODO
        if i % 2 == 0 or f1 <= fraction:
            pygame.draw.line(surface, colour, at(f0), at(f1), 8)
    pygame.draw.line(surface, (200, 220, 190), (rect.left, base), (rect.right, base), 4)
    sun = art.sticker("sun", size)
    x, y = at(fraction)
    surface.blit(sun, sun.get_rect(center=(round(x), round(y))))


class DailyPracticeScene(MenuScene):
    """The schedule between rounds; starts each round and decides when the day is done."""

    def __init__(self, child, practice: Practice | None = None) -> None:
        self.child = child
        self.practice = practice
        self.games: list = []
        self.index = 0  # the game on now
        self.elapsed_s = 0.0  # active play in rounds today, this sitting
        self.game_started_s = 0.0  # elapsed_s when the current game began
        self.total_s = 300.0
        self.rounds = 0
        self.time_up = False

    # -- the plan ------------------------------------------------------------------
    def on_enter(self) -> None:
        services = self.app.services
        if self.practice is None:
            self.practice = Practice(services, self.child)
            self.app.on_quit(self.practice.end)
            program = services.store.get_home_program(self.child.id)
            self.total_s = program.minutes_per_day * 60.0
            self.games = self.practice.plan()
        if self.time_up:
            self.app.scenes.replace(PracticeEndScene(self.child, self.practice))
            return
        services.store.idle()
        services.menu_music(True)
        self.layout()
        self.say_once("practice.start")

    def budget_s(self) -> float:
        """This game's share: an even split of the time left when it started."""
        left = max(0.0, self.total_s - self.game_started_s)
        return left / max(1, len(self.games) - self.index)

    @property
    def fraction(self) -> float:
        return self.elapsed_s / self.total_s if self.total_s > 0 else 1.0

    def round_played(self, active_s: float) -> None:
        """After each round (finished or left): count the time, move along the schedule."""
        self.elapsed_s += active_s
        if self.elapsed_s >= self.total_s:
            self.time_up = True
        elif (
            self.elapsed_s - self.game_started_s >= self.budget_s()
            and self.index < len(self.games) - 1
        ):
            self.index += 1
            self.game_started_s = self.elapsed_s

    # -- screen --------------------------------------------------------------------
    def layout(self) -> None:
        if not hasattr(self, "app") or self.practice is None or self.time_up:
            return
        u = self.app.units
        pal = art.palette(self.app.services.colourblind)
        self.new_buttons()
        small = compact(u)
        margin = round(u.px(5))
        corner_mm = 16.0 if small else 20.0
        corner = target_px(u, corner_mm)
        me = self.corner_button(corner_mm, self._leave, avatar_button(self.child.avatar), "me")
        sky_h = min(190, max(corner, 120))
        self.sky = pygame.Rect(corner + 2 * margin, margin, 1280 - 2 * (corner + 2 * margin), sky_h)
        play = max(target_px(u, 18 if small else 30), 150)
        self.play_rect = pygame.Rect(640 - play // 2, 800 - margin - play, play, play)
        area = pygame.Rect(margin, self.sky.bottom + 10, 1280 - 2 * margin, 0)
        area.h = self.play_rect.top - 20 - area.y
        if area.h < target_px(u, 15):  # too low beside the sky: the cards go beside "me"
            area.h = self.play_rect.top - 10 - area.y
        n = max(1, len(self.games))
        gap = round(u.px(8 if not small else 4))
        avoid = (me.rect, self.play_rect)
        cells = fit_grid(area, n, 260, target_px(u, 15), gap, avoid)
        # a small window shows fewer cards: the one for now and what follows it
        first = max(0, min(self.index, len(self.games) - len(cells)))
        self.first_card = first
        shown = self.games[first : first + len(cells)]
        self.cards = fit_grid(area, len(shown), 260, target_px(u, 15), gap, avoid) if shown else []
        for i, (game, r) in enumerate(zip(shown, self.cards, strict=True), start=first):
            now = i == self.index
            self.buttons.add(
                Button(
                    r,
                    (lambda: self.start_round()) if now else (lambda: None),
                    game_card(game, i < self.index, now, self.practice.next_params(game)),
                    f"card:{game.id}",
                    enabled=now,
                )
            )
        if self.games:
            self.buttons.add(
                Button(
                    self.play_rect,
                    self.start_round,
                    picture_button("play", pal["primary"]),
                    "play",
                )
            )
        self.request_redraw()

    def start_round(self) -> None:
        from tinyhands.screens.reward import RewardScene

        if not self.games or self.time_up:
            return
        app = self.app
        game = self.games[self.index]
        practice = self.practice
        app.services.menu_music(False)

        def left() -> None:
            self.round_played(scene.active_s)
            app.scenes.pop()

        scene = practice.new_game_scene(game, on_leave=left)
        inner = scene.on_finished

        def sun(surface: pygame.Surface, alpha: float) -> None:
            """The day's sun keeps travelling during the round, small, in the top bar,
            between the home button and the right edge whatever the window's size."""
            u = app.units
            home = scene.buttons.find("home").rect if scene.buttons is not None else None
            room = 1280 - 2 * ((home.right if home else 0) + round(u.px(4)))
            bar = pygame.Rect(0, 0, min(round(u.px(70)), room), round(u.px(TOP_BAR_MM - 6)))
            bar.h = min(bar.h, home.h if home else bar.h)
            bar.midtop = (640, round(u.px(2)))
            done = (self.elapsed_s + scene.active_s) / self.total_s if self.total_s else 1.0
            pygame.draw.rect(surface, SKY, bar, border_radius=bar.h // 3)
            draw_sun_timer(surface, bar.inflate(-bar.h // 3, -6), done)

        scene.overlay = sun

        def finished(result) -> None:
            inner(result)
            self.rounds += 1
            self.round_played(scene.active_s)
            app.scenes.replace(
                RewardScene(practice, game, result, practice.last_sticker, on_next=app.scenes.pop)
            )

        scene.on_finished = finished
        app.scenes.push(scene)

    def _leave(self) -> None:
        self.practice.end()
        self.app.scenes.pop()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        pal = art.palette(self.app.services.colourblind)
        surface.fill(pal["background"])
        pygame.draw.rect(surface, SKY, self.sky, border_radius=30)
        draw_sun_timer(surface, self.sky.inflate(-40, -20), self.fraction)
        k = self.index - getattr(self, "first_card", 0)
        if self.cards and 0 <= k < len(self.cards):
            now = self.cards[k]
            pygame.draw.rect(surface, (240, 150, 60), now.inflate(18, 18), 7, border_radius=30)
        for a, b in zip(self.cards, self.cards[1:], strict=False):
            if a.centery == b.centery and b.left - a.right > 16:
                arrow = art.icon("play", max(16, (b.left - a.right) // 2), pal["ink_soft"])
                surface.blit(arrow, arrow.get_rect(center=((a.right + b.left) // 2, a.centery)))
        self.buttons.draw(surface)


class PracticeEndScene(MenuScene):
    """The calm ending: the sun has set, the day's sticker, and the way home."""

    def __init__(self, child, practice: Practice) -> None:
        self.child = child
        self.practice = practice
        self.sticker: str | None = None
        self.t = 0.0

    def on_enter(self) -> None:
        if self.buttons is not None:
            return
        services = self.app.services
        store = services.store
        today = self.practice.today()
        earned = store.stickers_on(self.child.id, today)
        if earned:
            self.sticker = earned[-1]
            # no second sticker, but the day's practice is finished: that counts for the
            # streak (a reward of no stars, no sticker, no trial marks it)
            store.add_reward(self.child.id, 0, None)
        else:  # the whole practice is done: that earns the day's sticker
            self.sticker = art.STICKERS[services.rng.randrange(len(art.STICKERS))]
            store.add_reward(self.child.id, 0, self.sticker)
            self.practice.note_sticker(today)  # a later round today earns no second one
        self.practice.end()  # the sitting is over: close the session with its minutes
        services.play("cheer")
        self.animating = not services.calm
        self.layout()
        self.say_once("practice.done")

    def layout(self) -> None:
        if not hasattr(self, "app"):
            return
        u = self.app.units
        pal = art.palette(self.app.services.colourblind)
        self.new_buttons()
        size = max(target_px(u, 18 if compact(u) else 25), 130)
        self.home_rect = pygame.Rect(640 - size // 2, 800 - size - round(u.px(5)), size, size)
        self.buttons.add(
            Button(
                self.home_rect, self.app.scenes.pop, picture_button("home", pal["primary"]), "home"
            )
        )
        self.request_redraw()

    def update(self, dt: float) -> None:
        self.t += dt
        if self.t > 1.2:
            self.animating = False
            self.request_redraw()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        pal = art.palette(self.app.services.colourblind)
        surface.fill(pal["background"])
        sky = pygame.Rect(200, 24, 880, 170)
        pygame.draw.rect(surface, SKY, sky, border_radius=30)
        draw_sun_timer(surface, sky.inflate(-40, -20), 1.0)
        grow = 1.0 if self.app.services.calm else min(1.0, 0.4 + self.t / 1.2 * 0.6)
        if self.sticker:
            top, bottom = sky.bottom + 10, self.home_rect.top - 10
            room = max(8, int((bottom - top - 20) / 1.24))
            size = int(min(target_px(self.app.units, 60), 330, room) * grow) or 1
            centre = (640, (top + bottom) // 2)
            pygame.draw.circle(surface, (255, 252, 246), centre, int(size * 0.62) + 10)
            st = art.sticker(self.sticker, size)
            surface.blit(st, st.get_rect(center=centre))
        self.buttons.draw(surface)
