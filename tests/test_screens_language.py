"""The screens speak the chosen language: every child and grown-up screen, drawn headless in
Spanish and French, shows no English text that has a translation and cuts no text to fit;
changing the language in the settings changes what the next screen shows, without a
restart; and every word a registered game shows a grown-up is in the app's catalogue."""

from __future__ import annotations

import importlib.util
import random
import re
import sys
from pathlib import Path

import pytest

import games
from engine import registry
from engine.harness import Harness
from progress.safe import SafeStore
from progress.settings import AppSettings
from tinyhands.game_words import shown_words
from tinyhands.i18n import language, set_language
from tinyhands.screens.grownup import GrownUpScene
from tinyhands.services import Services

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("screens_lang", ROOT / "tools" / "screens_lang.py")
screens_lang = importlib.util.module_from_spec(spec)
sys.modules["screens_lang"] = screens_lang  # its dataclass looks its module up
spec.loader.exec_module(screens_lang)
spec = importlib.util.spec_from_file_location(
    "make_catalogues", ROOT / "tools" / "make_catalogues.py"
)
make_catalogues = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_catalogues)

games.load_all()


def english_patterns(lang: str) -> list[tuple[str, re.Pattern]]:
    """Each English message of the code, as a pattern that matches it with its placeholders
    filled in, unless the ``lang`` translator wrote the very same words ("Documents", "OK",
    "panda"). An untranslated message counts as English. A message of placeholders and
    punctuation only, such as "{month} {year}", says nothing English and is left out."""
    po = make_catalogues.read(make_catalogues.po_path("app", lang), lang)
    out = []
    for message in make_catalogues.extract("app"):
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else message.id
        written = po.get(message.id, context=message.context)
        strings = () if written is None else written.string
        strings = (strings,) if isinstance(strings, str) else tuple(strings)
        for msgid in ids:
            if not re.search(r"[A-Za-z]{2,}", re.sub(r"\{\w*\}", "", msgid)):
                continue
            if strings and all(strings) and msgid in strings:
                continue  # the translator kept the English words on purpose
            body = re.sub(r"\\\{\w*\\\}", ".+?", re.escape(msgid))
            out.append((msgid, re.compile(body)))
    return out


def run_tour(lang: str, tmp: Path) -> dict[str, screens_lang.Written]:
    """Every screen of the tour in ``lang``: {screen: what the text engine drew}."""
    seen: dict[str, screens_lang.Written] = {}

    def record(name: str, h) -> None:
        with screens_lang.recording() as written:
            h.app.dirty = True
            h.app.draw(0.0)
        seen[name] = written

    screens_lang.tour(lang, record, tmp)
    set_language("en")
    return seen


@pytest.fixture(scope="module", params=["es", "fr"])
def tour(request, tmp_path_factory):
    lang = request.param
    return lang, run_tour(lang, tmp_path_factory.mktemp(f"tour-{lang}"))


@pytest.fixture(scope="module")
def english_tour(tmp_path_factory):
    return run_tour("en", tmp_path_factory.mktemp("tour-en"))


#: drawn the same in every language: the children's names, the app's name, the tour's
#: folders, and the data layer's own message (progress/ speaks English: see the README)
SAME_EVERYWHERE = {"Tiny Hands", "Mia", "Mia|", "Leo", "data", "empty"}
DATA_LAYER = screens_lang.DATA_LAYER
#: file names and folders, which are the same whatever the language
FILES = re.compile(r"(/\S*|[\w.-]+\.(pdf|csv|json))(, [\w.-]+\.(pdf|csv|json))*")


def kept_patterns(lang: str) -> list[re.Pattern]:
    """Messages the ``lang`` translator kept in the English words ("OK", "Score")."""
    po = make_catalogues.read(make_catalogues.po_path("app", lang), lang)
    out = []
    for m in po:
        if not (m.id and isinstance(m.id, str) and m.string == m.id):
            continue
        if re.search(r"[A-Za-z]{2,}", re.sub(r"\{\w*\}", "", m.id)):  # not "{month} {year}"
            out.append(re.compile(re.sub(r"\\\{\w*\\\}", ".+?", re.escape(m.id))))
    return out


def test_the_tour_reaches_every_screen(tour):
    lang, seen = tour
    assert len(seen) >= 35, sorted(seen)
    wordless = {name for name, w in seen.items() if not any(x.strip() for x in w.strings)}
    assert wordless <= {"reward", "practice", "practice-end", "picker"}, wordless  # pictures only


def test_no_english_left_on_any_screen(tour):
    lang, seen = tour
    patterns = english_patterns(lang)
    assert len(patterns) > 300
    left = []
    for name, written in seen.items():
        for words in written.strings:
            for msgid, pattern in patterns:
                if pattern.fullmatch(words):
                    left.append(f"{name}: {words!r} (English {msgid!r})")
    # the data layer's own message (progress/) is not the app catalogue's: see the README
    left = [x for x in left if DATA_LAYER not in x]
    assert not left, "\n".join(left[:30])


def test_no_words_drawn_as_in_english(tour, english_tour):
    """A text the code never marked is in no catalogue, so the check above cannot see it;
    here any words a screen draws exactly as the English tour drew them are English left
    (unless they are names, or words the translator kept)."""
    lang, seen = tour
    kept = kept_patterns(lang)
    left = []
    for name, written in seen.items():
        english = set(english_tour[name].strings)
        for words in written.strings:
            if words not in english or not re.search(r"[A-Za-z]{2,}", words):
                continue
            if words in SAME_EVERYWHERE or words == DATA_LAYER or FILES.fullmatch(words):
                continue
            if any(p.fullmatch(words) for p in kept):
                continue
            left.append(f"{name}: {words!r}")
    assert not left, "\n".join(left[:30])


def test_screens_show_their_translated_words(tour):
    """The check above can only pass if the screens were drawn in the language at all."""
    lang, seen = tour
    expected = {
        "es": ("Ajustes", "Niños", "Para adultos"),
        "fr": ("Réglages", "Enfants", "Pour les grands"),
    }
    drawn = {w for written in seen.values() for w in written.strings}
    for words in expected[lang]:
        assert words in drawn, words


def test_nothing_is_cut_to_fit(tour):
    lang, seen = tour
    cut = [f"{name}: {w!r}" for name, written in seen.items() for w in written.cut]
    assert not cut, "\n".join(cut)


def test_changing_the_language_changes_the_next_screen(tmp_path):
    """Settings > Language: the hub shown next speaks the new language, no restart."""
    from tinyhands.screens.settings import SettingsScene

    store = SafeStore.open_dir(tmp_path / "data")
    store.add_child("Mia", avatar="cat")
    services = Services(store=store, rng=random.Random(1))
    services.apply_settings(AppSettings(language="en"))
    h = Harness(GrownUpScene(), services=services)
    try:
        with screens_lang.recording() as before:
            h.app.dirty = True
            h.app.draw(0.0)
        assert "Children" in before.strings and "Niños" not in before.strings
        h.app.scenes.push(SettingsScene())
        h.run_frames(2)
        h.tap_rect(h.top.buttons.find("language").rect)  # English -> Español
        h.run_frames(2)
        assert services.settings.language == "es"
        with screens_lang.recording() as settings_now:
            h.app.dirty = True
            h.app.draw(0.0)
        assert "Idioma" in settings_now.strings  # the settings page itself, laid out again
        h.tap_rect(h.top.buttons.find("back").rect)
        h.run_frames(2)
        assert isinstance(h.top, GrownUpScene)
        with screens_lang.recording() as after:
            h.app.dirty = True
            h.app.draw(0.0)
        assert "Niños" in after.strings and "Children" not in after.strings
        assert language() == "es"
    finally:
        h.close()
        store.close()
        set_language("en")


def test_the_report_language_is_chosen_apart_from_the_screens(tmp_path):
    """Settings > Report language: a tap saves the report's own language (read by every
    export: tests/test_report_language.py) while the screens stay in theirs."""
    from tinyhands.screens.settings import SettingsScene

    store = SafeStore.open_dir(tmp_path / "data")
    services = Services(store=store, rng=random.Random(1))
    services.apply_settings(AppSettings(language="es"))
    h = Harness(SettingsScene(), services=services)
    try:
        h.run_frames(2)
        assert h.top.buttons.find("report-language") is not None
        for _ in range(3):  # as the screens -> English -> Español -> Français
            h.tap_rect(h.top.buttons.find("report-language").rect)
            h.run_frames(2)
        assert services.settings.report_language == "fr"
        assert services.settings.language == "es" and language() == "es"
        with screens_lang.recording() as now:
            h.app.dirty = True
            h.app.draw(0.0)
        assert "Idioma del informe" in now.strings
        from progress.settings import load_settings

        assert load_settings(tmp_path / "data").report_language == "fr"
    finally:
        h.close()
        store.close()
        set_language("en")


def test_every_game_word_is_in_the_app_catalogue():
    """A game's name, options and measures reach a grown-up's screen through the app
    catalogue (tinyhands.game_words): a new game's words must be listed and translated."""
    from tinyhands.game_words import GAME_WORDS

    catalogues = {
        lang: make_catalogues.read(make_catalogues.po_path("app", lang), lang)
        for lang in make_catalogues.LANGUAGES
    }
    for game in registry.all_games():
        for words in shown_words(game):
            assert words in GAME_WORDS, f"{game.id}: {words!r} is not in tinyhands/game_words.py"
            for lang, catalogue in catalogues.items():
                message = catalogue.get(words)
                assert message is not None and message.string, f"{game.id}: {words!r} ({lang})"


def test_lang_option_beats_the_setting_for_the_screens(tmp_path):
    """``tinyhands --lang fr`` with Spanish saved: the screens speak French this run."""
    from tinyhands.i18n import _

    services = Services(store=None, lang_override="fr")
    services.apply_settings(AppSettings(language="es"))
    assert language() == "fr" and _("Settings") == "Réglages"
    services.lang_override = None
    services.apply_settings(AppSettings(language="es"))
    assert language() == "es" and _("Settings") == "Ajustes"


def test_a_long_text_wraps_before_it_is_cut():
    """text.fit_lines: two lines at a readable size rather than one line ending in "…"."""
    import pygame

    from engine import text

    pygame.font.init()
    words = "Moins d'animations, pour les enfants vite submergés par le bruit et les couleurs."
    lines = text.fit_lines(words, 26, 420, 2, (0, 0, 0))
    assert len(lines) == 2
    assert all(line.get_width() <= 420 for line in lines)
    shown = " ".join(text.wrap(words, 24, 420))
    assert "…" not in shown
    with screens_lang.recording() as written:
        text.fit_lines(words, 26, 420, 2, (0, 0, 0))
    assert not written.cut


def test_numbers_take_the_languages_decimal_mark_but_stored_words_do_not():
    """A French therapist reads "2,5 mm"; the goal's description saved with it stays data."""
    from progress.models import GoalIn
    from tinyhands.screens.therapist.words import english, goal_sentence

    goal = GoalIn(
        game_id="tracing",
        metric="mean_deviation",
        comparison="at_most",
        threshold=2.5,
        unit="mm",
        n_required=4,
        m_window=5,
    )
    set_language("fr")
    try:
        shown = goal_sentence(goal)
        stored = goal_sentence(goal, english)
    finally:
        set_language("en")
    assert "2,5 mm" in shown and "au plus" in shown and "Tracer" in shown
    assert (
        stored
        == "Tracing: mean deviation from the path at most 2.5 mm in 4 of 5 trials, independent"
    )
