"""The grown-ups' area (behind the parent gate): add a child's profile.

Issue 10 grows this into home programs, goals, graded tasks and settings.
"""

from __future__ import annotations

import pygame

from engine import art, text
from engine.ui import Button, ButtonGroup, target_px
from tinyhands.screens.common import INK, MenuScene, avatar_button, picture_button
from tinyhands.screens.gate import key_drawer

MAX_NAME = 40


class GrownUpScene(MenuScene):
    def __init__(self) -> None:
        self.name = ""
        self.avatar = art.AVATARS[0]
        self.handedness = "right"
        self.message = ""
        self.buttons: ButtonGroup | None = None
        self._problem_shown = False

    def on_enter(self) -> None:
        if self.app.services.store.problem and not self._problem_shown:
            from tinyhands.screens.problem import DataProblemScene

            self._problem_shown = True  # first thing a grown-up sees; once per visit
            self.app.scenes.push(DataProblemScene())
            return
        pygame.key.start_text_input()
        self._layout()

    def on_exit(self) -> None:
        pygame.key.stop_text_input()

    def _layout(self) -> None:
        u = self.app.units
        pal = art.palette(self.app.services.colourblind)
        self.new_buttons(tap_sound=False)
        m = round(u.px(5))
        corner = target_px(u, 18)
        self.buttons.add(
            Button(
                pygame.Rect(m, m, corner, corner),
                self.app.scenes.pop,
                picture_button("home", pal["secondary"]),
                "back",
            )
        )
        cell = max(target_px(u, 15), 96)
        gap = 12
        cols = 6
        x0 = 640 - (cols * cell + (cols - 1) * gap) // 2
        for i, name in enumerate(art.AVATARS):
            r, c = divmod(i, cols)
            rect = pygame.Rect(x0 + c * (cell + gap), 300 + r * (cell + gap), cell, cell)
            self.buttons.add(
                Button(rect, lambda n=name: self._pick(n), avatar_button(name), f"avatar:{name}")
            )
        y = 300 + 2 * (cell + gap) + 20
        w = max(target_px(u, 15), 200)
        h = max(target_px(u, 15), 70)
        self.buttons.add(
            Button(
                pygame.Rect(640 - w - 10, y, w, h),
                self._toggle_hand,
                key_drawer(f"Hand: {self.handedness}"),
                "hand",
            )
        )
        self.buttons.add(
            Button(pygame.Rect(650, y, w, h), self._save, key_drawer("Add child"), "save")
        )
        self.request_redraw()

    def _pick(self, avatar: str) -> None:
        self.avatar = avatar

    def _toggle_hand(self) -> None:
        self.handedness = "left" if self.handedness == "right" else "right"
        self._layout()

    def _save(self) -> None:
        name = self.name.strip()
        if not name:
            self.message = "Type the child's first name or a nickname first."
            return
        store = self.app.services.store
        child = store.add_child(name, avatar=self.avatar, handedness=self.handedness)
        if child is None:
            self.message = store.problem or "The profile could not be saved."
            return
        self.app.scenes.pop()

    def on_key(self, event: pygame.event.Event) -> None:
        if event.type == pygame.TEXTINPUT:
            self.name = (self.name + event.text)[:MAX_NAME]
            self.message = ""
        elif event.type == pygame.KEYDOWN:
            if event.key == pygame.K_BACKSPACE:
                self.name = self.name[:-1]
            elif event.key == pygame.K_RETURN:
                self._save()
            elif event.key == pygame.K_ESCAPE:
                self.app.scenes.pop()
                return
        self.request_redraw()

    def draw(self, surface: pygame.Surface, alpha: float) -> None:
        surface.fill((240, 238, 246))
        title = text.render("Add a child", 56, INK, True)
        surface.blit(title, title.get_rect(midtop=(640, 40)))
        label = text.render("First name or nickname (type it):", 32, INK)
        surface.blit(label, label.get_rect(midtop=(640, 120)))
        box = pygame.Rect(0, 0, 560, 80)
        box.midtop = (640, 160)
        pygame.draw.rect(surface, (255, 255, 255), box, border_radius=14)
        pygame.draw.rect(surface, (140, 140, 170), box, 3, border_radius=14)
        shown = text.fit(self.name + "|", 48, box.w - 24, INK)
        surface.blit(shown, shown.get_rect(midleft=(box.x + 16, box.centery)))
        hint = text.render("Choose a picture the child will know as theirs:", 28, INK)
        surface.blit(hint, hint.get_rect(midtop=(640, 262)))
        self.buttons.draw(surface)
        chosen = self.buttons.find(f"avatar:{self.avatar}").rect
        pygame.draw.rect(surface, (240, 150, 60), chosen.inflate(10, 10), 6, border_radius=22)
        if self.message:
            msg = text.render(self.message, 30, (150, 60, 40))
            surface.blit(msg, msg.get_rect(midtop=(640, 740)))
