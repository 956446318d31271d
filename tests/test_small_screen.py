"""On a 7" tablet (1024 x 600-ish, 94 mm tall) every screen's buttons are on the screen and
apart: a grown-up page whose Save button ran off the bottom could not be saved (the goal
editor and the graded task's Start did, in every language), and the calibration card once
covered its own title and buttons. Walks the same tour as the language screenshots, in the
longest shipped language (French) and in English."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tinyhands.i18n import set_language

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("screens_lang", ROOT / "tools" / "screens_lang.py")
screens_lang = importlib.util.module_from_spec(spec)
sys.modules["screens_lang"] = screens_lang
spec.loader.exec_module(screens_lang)

CANVAS = (1280, 800)


def layout_problems(lang: str, tmp: Path, screen: str) -> list[str]:
    problems: list[str] = []

    def check(name: str, h) -> None:
        scene = h.app.scenes.top
        group = getattr(scene, "buttons", None)
        buttons = [b for b in getattr(group, "buttons", []) if b.enabled]
        for b in buttons:
            r = b.rect
            if r.left < 0 or r.top < 0 or r.right > CANVAS[0] or r.bottom > CANVAS[1]:
                problems.append(f"{screen} {lang} {name}: button {b.name!r} off the screen {r}")
        for i, a in enumerate(buttons):
            for b in buttons[i + 1 :]:
                if a.rect.colliderect(b.rect):
                    problems.append(f"{screen} {lang} {name}: {a.name!r} overlaps {b.name!r}")

    screens_lang.tour(lang, check, tmp, screen=screen)
    set_language("en")
    return problems


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_button_is_on_a_7_inch_screen_and_apart(lang, tmp_path):
    problems = layout_problems(lang, tmp_path, "7in")
    assert not problems, "\n".join(problems)


def test_calibration_card_leaves_its_title_and_buttons_free(tmp_path):
    """The card is drawn at its true size (85.6 x 54 mm); on a 7" screen the buttons go
    beside it instead of under it, and no button lies under the card."""
    seen = {}

    def check(name: str, h) -> None:
        if name == "calibrate":
            scene = h.app.scenes.top
            seen["beside"] = scene.beside
            seen["header"] = scene.header_h
            w = round(scene.width_px)
            card_h = round(scene.width_px * 53.98 / 85.60)
            card = (scene.buttons.buttons[0].rect.__class__)(48, scene.header_h, w, card_h)
            seen["under"] = [b.name for b in scene.buttons.buttons if b.rect.colliderect(card)]

    screens_lang.tour("en", check, tmp_path, screen="7in")
    assert seen["beside"] is True
    assert seen["under"] == []
