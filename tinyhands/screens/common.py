"""Drawing helpers the screens share: picture buttons, the top bar, the star counter."""

from __future__ import annotations

import pygame

from engine import art, text
from engine.input import PointerEvent
from engine.scene import Scene
from engine.ui import Button, ButtonGroup, target_px
from tinyhands.i18n import N_, _

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


#: the avatars' animals in words, for the grown-ups' messages ("The cat is Mia's picture")
AVATAR_WORDS: dict[str, str] = {
    # TRANSLATORS: an avatar's animal, used as "The {avatar} is Mia's picture."
    "cat": N_("cat"),
    "dog": N_("dog"),
    "bear": N_("bear"),
    "bunny": N_("bunny"),
    "frog": N_("frog"),
    "owl": N_("owl"),
    "fox": N_("fox"),
    "lion": N_("lion"),
    "panda": N_("panda"),
    "pig": N_("pig"),
    "mouse": N_("mouse"),
    "penguin": N_("penguin"),
}


def avatar_word(avatar: str) -> str:
    """The animal of ``avatar`` in the app's language (its id if it has no words)."""
    return _(AVATAR_WORDS[avatar]) if avatar in AVATAR_WORDS else avatar


#: rings that tell apart children who share an avatar (Okabe-Ito: colour-blind safe)
MARK_COLOURS = ((0, 114, 178), (213, 94, 0), (0, 158, 115), (204, 121, 167), (86, 60, 140))


def avatar_marks(children) -> dict[int, tuple[str, tuple[int, int, int]]]:
    """Children who share an avatar (more children than avatars): each gets a coloured
    ring and the first letter of their name, so a child who cannot read finds their own."""
    by_avatar: dict[str, list] = {}
    for c in children:
        by_avatar.setdefault(c.avatar or "", []).append(c)
    marks = {}
    for group in by_avatar.values():
        if len(group) > 1:
            for i, c in enumerate(sorted(group, key=lambda c: c.id)):
                letter = (c.display_name.strip()[:1] or "?").upper()
                marks[c.id] = (letter, MARK_COLOURS[i % len(MARK_COLOURS)])
    return marks


def avatar_button(
    avatar: str, label: str = "", mark: tuple[str, tuple[int, int, int]] | None = None
):
    """An avatar on its card colour; the name underneath is for grown-ups. ``mark`` (a
    letter on a coloured badge, and a ring of that colour) tells apart a shared avatar."""

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
        if mark is not None:
            letter, ring = mark
            width = max(4, r.w // 28)
            pygame.draw.rect(surface, ring, r, width, border_radius=max(10, r.w // 6))
            badge = max(14, r.w // 4)
            centre = (r.right - badge // 2 - width - 2, r.top + badge // 2 + width + 2)
            pygame.draw.circle(surface, ring, centre, badge // 2)
            t = text.render(letter, int(badge * 0.7), (255, 255, 255), True)
            surface.blit(t, t.get_rect(center=centre))

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


def best_cell(area: pygame.Rect, n: int, gap: int) -> int:
    """The largest square cell that puts ``n`` cells in ``area`` (any number of columns)."""
    best = 0
    for cols in range(1, max(1, n) + 1):
        rows = -(-n // cols)
        cell = min((area.w - (cols - 1) * gap) // cols, (area.h - (rows - 1) * gap) // rows)
        best = max(best, cell)
    return best


def fit_grid(
    area: pygame.Rect,
    n: int,
    preferred: int,
    floor: int,
    gap: int,
    avoid: tuple[pygame.Rect, ...] = (),
) -> list[pygame.Rect]:
    """As many of ``n`` cells as fit in ``area`` at ``floor`` px or more (as large as
    ``preferred``), clear of ``avoid``: a small window shows fewer things, never smaller
    ones. Returns the cells (maybe fewer than ``n``; at least one, even if it is cramped)."""
    for k in range(max(1, n), 0, -1):
        cell = min(preferred, best_cell(area, k, gap))
        while cell >= floor:
            cells = grid_cells(area, k, cell, gap)
            if not any(c.colliderect(a) for c in cells for a in avoid):
                return cells if n > 0 else []
            cell = int(cell * 0.92)
    if n <= 0:
        return []
    r = pygame.Rect(0, 0, floor, floor)
    r.center = area.center
    return [r]


def canvas_mm(units) -> tuple[float, float]:
    """The logical canvas (1280 x 800) in real millimetres on this screen, now."""
    return units.mm(1280), units.mm(800)


def compact(units) -> bool:
    """True on a small screen (under about 11 cm tall): corner buttons and the big
    buttons take their smaller sizes, still at least 15 mm."""
    return canvas_mm(units)[1] < 110.0


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

    def say_once(self, prompt_id: str, replace: bool = True) -> None:
        """Speak ``prompt_id`` the first time this screen shows (not each time it is
        uncovered again): a new screen's words replace the old screen's (engine.voice)."""
        said = self.__dict__.setdefault("_said", set())
        if prompt_id in said:
            return
        said.add(prompt_id)
        say = getattr(self.app.services, "say", None)
        if say is not None:
            say(prompt_id, replace=replace)

    def page_arrows(self, y: int, margin: int, size: int, right: int, pages: int, pal) -> None:
        """The picture arrows that turn a child's pages of cards (none on a single page):
        back on the left unless on the first, on on the right unless on the last. The
        scene keeps ``self.page`` and lays itself out again in ``layout()``."""
        if self.page > 0:
            self.buttons.add(
                Button(
                    pygame.Rect(margin, y, size, size),
                    lambda: self._turn_page(-1),
                    picture_button("back", pal["secondary"]),
                    "prev",
                )
            )
        if self.page < pages - 1:
            self.buttons.add(
                Button(
                    pygame.Rect(right - margin - size, y, size, size),
                    lambda: self._turn_page(1),
                    picture_button("play", pal["secondary"]),
                    "next",
                )
            )

    def _turn_page(self, d: int) -> None:
        self.page += d
        self.layout()

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
