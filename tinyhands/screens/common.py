"""Drawing helpers the screens share: picture buttons, the top bar, the star counter."""

from __future__ import annotations

import pygame

from engine import art, text
from engine.input import PointerEvent
from engine.scene import Scene
from engine.ui import Button, ButtonGroup, target_px

INK = (60, 56, 70)
CREAM = (246, 241, 232)


def pal(app) -> dict:
    return art.palette(bool(getattr(app.services, "colourblind", False)))


def picture_button(icon_name: str, colour: tuple[int, int, int], icon_colour=(255, 255, 255)):
    """A draw function for a rounded card with an icon; it sinks a little while pressed."""

    def draw(surface: pygame.Surface, rect: pygame.Rect, pressed: bool) -> None:
        r = rect.inflate(-6, -6) if pressed else rect
        surface.blit(art.card(r.size, colour, max(8, r.h // 5), shadow=not pressed), r.topleft)
        size = int(min(r.w, r.h) * 0.6)
        ic = art.icon(icon_name, size, icon_colour)
        surface.blit(ic, ic.get_rect(center=r.center))

    return draw


def avatar_button(avatar: str, label: str = ""):
    """An avatar on its card colour; the name underneath is for grown-ups."""

    def draw(surface: pygame.Surface, rect: pygame.Rect, pressed: bool) -> None:
        r = rect.inflate(-8, -8) if pressed else rect
        colour = art.AVATAR_COLOURS.get(avatar, (200, 200, 210))
        surface.blit(art.card(r.size, colour, max(10, r.w // 6), shadow=not pressed), r.topleft)
        label_h = int(r.h * 0.18) if label else 0
        size = int(min(r.w, r.h - label_h) * 0.82)
        img = art.avatar(avatar, size)
        surface.blit(img, img.get_rect(center=(r.centerx, r.top + (r.h - label_h) // 2 + 4)))
        if label:
            t = text.fit(label, max(16, label_h - 4), r.w - 16, INK, bold=True)
            surface.blit(t, t.get_rect(center=(r.centerx, r.bottom - label_h // 2 - 6)))

    return draw


def star_counter(surface: pygame.Surface, topright: tuple[int, int], stars: int, size: int) -> None:
    """A star and a number: enough for a child to see their stars grow."""
    st = art.star(size)
    num = text.render(str(stars), int(size * 0.8), INK, True)
    w = st.get_width() + 8 + num.get_width()
    x = topright[0] - w
    surface.blit(st, (x, topright[1]))
    surface.blit(num, num.get_rect(midleft=(x + st.get_width() + 8, topright[1] + size // 2)))


def grid_cells(area: pygame.Rect, n: int, cell: int, gap: int) -> list[pygame.Rect]:
    """Centre ``n`` square cells of ``cell`` px in rows inside ``area``."""
    if n <= 0:
        return []
    cols = max(1, (area.w + gap) // (cell + gap))
    cols = min(cols, n)
    rows = -(-n // cols)
    total_w = cols * cell + (cols - 1) * gap
    total_h = rows * cell + (rows - 1) * gap
    x0 = area.x + (area.w - total_w) // 2
    y0 = area.y + max(0, (area.h - total_h) // 2)
    out = []
    for i in range(n):
        r, c = divmod(i, cols)
        if r == rows - 1:  # centre a short last row
            in_row = n - r * cols
            xr = area.x + (area.w - (in_row * cell + (in_row - 1) * gap)) // 2
        else:
            xr = x0
        out.append(pygame.Rect(xr + c * (cell + gap), y0 + r * (cell + gap), cell, cell))
    return out


def per_page(area: pygame.Rect, cell: int, gap: int) -> int:
    cols = max(1, (area.w + gap) // (cell + gap))
    rows = max(1, (area.h + gap) // (cell + gap))
    return cols * rows


class MenuScene(Scene):
    """A still screen of big buttons: it redraws only when touched, so the app can sleep."""

    animating = False
    buttons: ButtonGroup | None = None

    def new_buttons(self, tap_sound: bool = True) -> ButtonGroup:
        services = self.app.services
        on_press = (lambda b: services.play("tap")) if tap_sound else None
        self.buttons = ButtonGroup(self.app.units, on_press=on_press)
        return self.buttons

    def corner_button(self, size_mm: float, on_tap, draw, name: str, corner: str = "topleft"):
        """A button of ``size_mm`` in a corner of the canvas, 5 mm from the edges."""
        u = self.app.units
        margin = round(u.px(5))
        size = target_px(u, size_mm)
        x = margin if corner.endswith("left") else 1280 - margin - size
        y = margin if corner.startswith("top") else 800 - margin - size
        return self.buttons.add(Button(pygame.Rect(x, y, size, size), on_tap, draw, name))

    def on_pointer(self, event: PointerEvent) -> None:
        if self.buttons is not None and self.buttons.handle(event):
            self.request_redraw()

    def update(self, dt: float) -> None:
        sounds = getattr(self.app.services, "sounds", None)
        if sounds is not None:
            sounds.poll()  # starts the menu music once it is synthesized
