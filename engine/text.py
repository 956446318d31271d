"""Text for grown-ups (names, instructions). Children's screens work without it."""

from __future__ import annotations

import os
from functools import lru_cache

import pygame

# pygame's built-in font draws sizes at this share of the asked size; sizes here keep that
# meaning whatever font is used, so layouts look the same with either.
_DEFAULT_FONT_SCALE = 0.6875


@lru_cache(maxsize=1)
def unicode_font_paths() -> tuple[str, str] | None:
    """DejaVu Sans (regular, bold), shipped in ``assets/fonts``: it covers accents, Arabic,
    Hebrew and more, where pygame's built-in font shows empty boxes. None if the files are
    missing (a broken install): the built-in font is used instead."""
    from assets import FONT_FILES

    paths = (str(FONT_FILES[0]), str(FONT_FILES[1]))
    return paths if all(os.path.exists(p) for p in paths) else None


@lru_cache(maxsize=32)
def font(size_px: int, bold: bool = False) -> pygame.font.Font:
    if not pygame.font.get_init():
        pygame.font.init()
    paths = unicode_font_paths()
    if paths is not None:
        try:
            return pygame.font.Font(
                paths[1 if bold else 0], max(4, round(size_px * _DEFAULT_FONT_SCALE))
            )
        except (OSError, pygame.error):
            pass
    f = pygame.font.Font(None, max(6, int(size_px)))
    f.set_bold(bold)
    return f


@lru_cache(maxsize=256)
def render(text: str, size_px: int, colour: tuple[int, int, int], bold: bool = False):
    """A cached text surface; callers must not mutate it."""
    return font(size_px, bold).render(text, True, colour)


def fit(text: str, size_px: int, max_width: int, colour, bold: bool = False):
    """Render ``text``, shrinking, then ellipsising, so it fits ``max_width`` px."""
    size = size_px
    surf = render(text, size, colour, bold)
    while surf.get_width() > max_width and size > 14:
        size -= 2
        surf = render(text, size, colour, bold)
    if surf.get_width() > max_width:
        while text and font(size, bold).size(text + "…")[0] > max_width:
            text = text[:-1]
        surf = render(text + "…", size, colour, bold)
    return surf


def clear_cache() -> None:
    """Fonts die with pygame.font.quit(); forget them so the next window makes new ones."""
    render.cache_clear()
    font.cache_clear()


def wrap(text: str, size_px: int, max_width: int, bold: bool = False) -> list[str]:
    """Split ``text`` into lines that fit ``max_width`` px (long words are cut)."""
    f = font(size_px, bold)
    lines: list[str] = []
    for para in text.splitlines() or [""]:
        line = ""
        for word in para.split(" "):
            trial = f"{line} {word}" if line else word
            if f.size(trial)[0] <= max_width:
                line = trial
                continue
            if line:
                lines.append(line)
            while f.size(word)[0] > max_width and len(word) > 1:
                cut = len(word)
                while cut > 1 and f.size(word[:cut])[0] > max_width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def fit_lines(
    text: str, size_px: int, max_width: int, max_lines: int, colour, bold: bool = False
) -> list:
    """Render ``text`` on up to ``max_lines`` lines of ``max_width`` px, shrinking down to
    18 px before anything is cut: a longer language wraps where English fitted on one line.
    Only what still does not fit at 18 px is ellipsised (on the last line)."""
    size = size_px
    while True:
        lines = wrap(text, size, max_width, bold)
        words_whole = all(font(size, bold).size(line)[0] <= max_width for line in lines)
        if (len(lines) <= max_lines and words_whole) or size <= 18:
            break
        size -= 2
    shown = lines[:max_lines]
    if len(lines) > max_lines:
        shown[-1] = " ".join([shown[-1], *lines[max_lines:]])
    return [fit(line, size, max_width, colour, bold) for line in shown]
