"""Spoken prompts: one at a time, said when they should be, in every shipped language.

The rounds are real (each game's scripted player through posted FINGER events), the mixer
is SDL's dummy driver, and what was said is read from the voice's own log on the
harness's clock."""

from __future__ import annotations

import ast
import json
import random
from pathlib import Path

import pygame
import pytest

import games
from assets import VOICE_DIR
from engine import registry
from engine.game_scene import HINT_IDLE_S, MAX_HINTS, GameScene
from engine.harness import FakeClock, Harness
from engine.voice import WAIT_S, PromptSpec, Voice
from progress.safe import SafeStore
from progress.settings import load_settings
from tinyhands.cli import build_parser, new_voice
from tinyhands.language import choose_language, system_languages
from tinyhands.screens.home import ProfileScene
from tinyhands.screens.plan import PlanScene
from tinyhands.screens.reward import RewardScene
from tinyhands.screens.settings import SettingsScene
from tinyhands.services import Services
from tinyhands.voice_prompts import LANGUAGES, PROMPTS

games.load_all()
ROOT = Path(__file__).resolve().parent.parent


def assert_no_overlap(log) -> None:
    spoken = list(log)
    for before, after in zip(spoken, spoken[1:], strict=False):
        assert after.start_s >= before.end_s, f"{after.prompt_id} began over {before.prompt_id}"


# -- the voice itself ---------------------------------------------------------------------
def small_voice(tmp_path, clock, calm=False) -> Voice:
    """Two real prompt files from the shipped set under a made-up catalogue."""
    specs = {
        "a.start": PromptSpec("start"),
        "b.hint": PromptSpec("hint"),
        "c.moment": PromptSpec("moment", calm=False),
    }
    src = {"a.start": "tracing.start", "b.hint": "puzzle.hint", "c.moment": "plan.start"}
    for pid, real in src.items():
        (tmp_path / "en").mkdir(exist_ok=True)
        (tmp_path / "en" / f"{pid}.ogg").write_bytes(
            (VOICE_DIR / "en" / f"{real}.ogg").read_bytes()
        )
    return Voice(specs, [tmp_path], clock=clock, calm=calm)


def test_a_prompt_waits_for_the_one_speaking_and_a_new_screen_replaces_it(tmp_path):
    clock = FakeClock()
    v = small_voice(tmp_path, clock)
    v.say("a.start")
    assert v.speaking
    length = v.log[0].end_s - v.log[0].start_s
    assert 1.0 < length < 5.0  # a real sentence was read from the file
    v.say("b.hint")  # while a.start speaks: it waits
    assert [s.prompt_id for s in v.log] == ["a.start"]
    clock.advance(length / 2)
    v.poll()
    assert [s.prompt_id for s in v.log] == ["a.start"]
    clock.advance(length)
    v.poll()
    assert [s.prompt_id for s in v.log] == ["a.start", "b.hint"]
    assert_no_overlap(v.log)
    # a new screen's prompt cuts the one speaking: its end in the log is the cut
    clock.advance(0.2)
    v.say("c.moment", replace=True)
    assert [s.prompt_id for s in v.log] == ["a.start", "b.hint", "c.moment"]
    assert v.log[1].end_s == pytest.approx(v.log[2].start_s)
    assert_no_overlap(v.log)


def test_only_the_newest_waiting_prompt_is_said_and_never_late(tmp_path):
    clock = FakeClock()
    v = small_voice(tmp_path, clock)
    v.say("a.start")
    v.say("b.hint")
    v.say("c.moment")  # replaces b.hint in the wait
    clock.advance(v.wait_s())
    v.poll()
    assert [s.prompt_id for s in v.log] == ["a.start", "c.moment"]
    # a prompt that would wait longer than WAIT_S is dropped, not said about the past
    v.stop()
    v.say("a.start")
    end = v.wait_s()
    v.say("b.hint")
    clock.advance(max(end, WAIT_S) + 0.1)
    v.poll()
    assert [s.prompt_id for s in v.log][-1] == "a.start"


def test_calm_mode_and_the_switch_say_less_and_unknown_ids_are_errors(tmp_path):
    clock = FakeClock()
    v = small_voice(tmp_path, clock, calm=True)
    v.say("c.moment")  # a menu's chatter: not in calm mode
    assert list(v.log) == []
    v.say("a.start")
    assert [s.prompt_id for s in v.log] == ["a.start"]
    v.set_enabled(False)
    assert not v.speaking  # off silences what was speaking
    clock.advance(10)
    v.say("b.hint")
    assert len(v.log) == 1
    with pytest.raises(KeyError):
        v.say("a.strat")


def test_a_familys_own_recording_wins_over_the_shipped_one(tmp_path):
    own = tmp_path / "data" / "voice" / "es"
    own.mkdir(parents=True)
    (own / "tracing.start.wav").write_bytes(b"RIFF-not-really")  # any file of that name
    v = new_voice(tmp_path / "data")
    v.set_lang("es")
    assert v.path("tracing.start") == own / "tracing.start.wav"
    assert v.path("puzzle.start") == VOICE_DIR / "es" / "puzzle.start.ogg"
    v.say("tracing.start")  # unreadable: silence and a log line, never an error
    assert list(v.log) == []


# -- every prompt the code uses exists, in every language ----------------------------------
def _said_in_code() -> set[str]:
    """Prompt ids in the source: literal arguments of say/say_once/_speak (both arms of an
    ``x if c else y``), f"{game id}.suffix" for every registered game, and every prompt of
    a kind the code picks from (``pick("praise", ...)``)."""
    game_ids = [g.id for g in registry.all_games()]
    found: set[str] = set()

    def collect(node: ast.AST) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)
        elif isinstance(node, ast.IfExp):
            collect(node.body)
            collect(node.orelse)
        elif isinstance(node, ast.JoinedStr):
            tail = node.values[-1]
            assert isinstance(tail, ast.Constant), ast.unparse(node)
            found.update(f"{g}{tail.value}" for g in game_ids)

    for folder in ("engine", "games", "tinyhands"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and node.args):
                    continue
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                if name in ("say", "say_once", "_speak"):
                    collect(node.args[0])
                elif name == "pick" and isinstance(node.args[0], ast.Constant):
                    found.update(p for p, v in PROMPTS.items() if v.kind == node.args[0].value)
    return found


def test_every_prompt_the_code_says_is_in_the_catalogue_and_every_prompt_is_used():
    used = _said_in_code()
    assert {f"{g.id}.start" for g in registry.all_games()} <= used
    assert used - set(PROMPTS) == set(), "said in code, missing from tinyhands/voice_prompts.py"
    assert set(PROMPTS) - used == set(), "in the catalogue, said nowhere"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_prompt_has_a_readable_recording_of_its_words_in_every_language(lang):
    manifest = json.loads((VOICE_DIR / "manifest.json").read_text(encoding="utf-8"))["files"]
    pygame.mixer.init()
    try:
        for pid in sorted(_said_in_code() | set(PROMPTS)):
            path = VOICE_DIR / lang / f"{pid}.ogg"
            assert path.is_file(), f"no recording {path}"
            entry = manifest[f"{lang}/{pid}"]
            if entry.get("source") != "recorded":  # words changed: run tools/make_voices.py
                assert entry["words"] == PROMPTS[pid].words[lang], f"{lang}/{pid} says old words"
            length = pygame.mixer.Sound(str(path)).get_length()
            assert 0.3 < length < 8.0, f"{lang}/{pid} is {length:.1f} s"
    finally:
        pygame.mixer.quit()
    assert (VOICE_DIR / "LICENSE").is_file() and (VOICE_DIR / "README.md").is_file()


def test_the_recordings_are_package_data():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"assets*"' in text and '"voice/*/*.ogg"' in text


# -- rounds, headless -----------------------------------------------------------------------
@pytest.fixture
def store(tmp_path):
    s = SafeStore.open_dir(tmp_path / "data")
    yield s
    s.close()


def start(store, calm=False, lang=None):
    """The app as cli.run_app builds it, with the voice on the harness's clock."""
    child = store.add_child("Mia", avatar="cat")
    services = Services(
        store=store, rng=random.Random(3), voice=new_voice(store.data_dir), lang_override=lang
    )
    settings = load_settings(store.data_dir).model_copy(update={"calm": calm})
    services.apply_settings(settings)
    h = Harness(None, services=services)
    services.voice.clock = h.clock
    h.app.scenes.push(ProfileScene())
    h.run_frames(2)
    return h, child, services.voice


def open_game(h, child, game_id):
    h.tap_rect(h.top.buttons.find(f"child:{child.id}").rect)
    assert isinstance(h.top, PlanScene)
    h.tap_rect(h.top.buttons.find(f"game:{game_id}").rect)
    assert isinstance(h.top, GameScene)
    return h.top


@pytest.mark.parametrize("game_id", ["tracing", "tweezers", "beads", "puzzle"])
def test_a_scripted_round_says_its_start_once_then_praise_and_nothing_overlaps(store, game_id):
    h, child, voice = start(store)
    scene = open_game(h, child, game_id)
    # a grown-up's gate over the round and back: the round goes on, its start is not repeated
    from tinyhands.screens.gate import ParentGate

    h.app.scenes.push(ParentGate(then=lambda: None))
    h.run_frames(2)
    h.app.scenes.pop()
    h.run_frames(2)
    game = registry.get(game_id)
    stream = game.bot(scene.round, random.Random(5), 1.0)
    h.replay(stream)
    for _ in range(20):  # some rounds settle a moment after the last touch
        if isinstance(h.top, RewardScene):
            break
        h.run_seconds(0.5)
    assert isinstance(h.top, RewardScene)
    h.run_seconds(3.5)  # the praise, then the reward's words after it
    said = [s.prompt_id for s in voice.log]
    assert said.count(f"{game_id}.start") == 1, said
    assert said[:3] == ["profiles.start", "plan.start", f"{game_id}.start"]
    after = said[said.index(f"{game_id}.start") + 1 :]
    assert after and after[0].startswith("praise."), said
    assert "reward.stars" in after or "reward.sticker" in after, said
    assert_no_overlap(voice.log)
    h.close()


def test_a_stuck_child_hears_the_hint_after_the_idle_time_a_few_times_at_most(store):
    h, child, voice = start(store)
    open_game(h, child, "puzzle")
    h.run_seconds(HINT_IDLE_S - 1)
    assert "puzzle.hint" not in [s.prompt_id for s in voice.log]
    h.run_seconds(2)
    assert [s.prompt_id for s in voice.log].count("puzzle.hint") == 1
    h.run_seconds(HINT_IDLE_S * (MAX_HINTS + 3))
    assert [s.prompt_id for s in voice.log].count("puzzle.hint") == MAX_HINTS
    assert_no_overlap(voice.log)
    h.close()


def test_calm_mode_says_the_start_and_one_hint_and_no_menu_chatter(store):
    h, child, voice = start(store, calm=True)
    open_game(h, child, "tracing")
    h.run_seconds(HINT_IDLE_S * 4)
    said = [s.prompt_id for s in voice.log]
    assert said == ["tracing.start", "tracing.hint"]
    h.close()


def test_lang_es_speaks_spanish_files(store):
    h, child, voice = start(store, lang="es")
    open_game(h, child, "beads")
    assert {s.lang for s in voice.log} == {"es"}
    assert voice.path("beads.start") == VOICE_DIR / "es" / "beads.start.ogg"
    h.close()


# -- the grown-ups' settings and the language ---------------------------------------------
def test_the_voice_switch_and_the_language_are_kept_and_take_effect(store):
    services = Services(store=store, rng=random.Random(1), voice=new_voice(store.data_dir))
    services.apply_settings(load_settings(store.data_dir))
    h = Harness(SettingsScene(), services=services)
    voice = services.voice
    assert voice.enabled
    h.tap_rect(h.top.buttons.find("switch:voice").rect)
    assert not voice.enabled
    voice.say("plan.start")
    assert list(voice.log) == []  # off is silent
    h.tap_rect(h.top.buttons.find("language").rect)  # the system's -> English
    h.tap_rect(h.top.buttons.find("language").rect)  # -> Español
    assert voice.lang == "es"
    h.close()
    saved = load_settings(store.data_dir)
    assert saved.voice is False and saved.language == "es"
    assert saved.sound is True  # the voice is its own switch


def test_the_language_follows_lang_then_the_setting_then_the_system():
    env = {"LANG": "fr_FR.UTF-8"}
    assert choose_language(None, None, env) == "fr"
    assert choose_language(None, "es", env) == "es"
    assert choose_language("en", "es", env) == "en"
    assert choose_language(None, None, {"LANG": "de_DE.UTF-8"}) == "en"  # not shipped
    assert choose_language(None, None, {"LANG": "C"}) == "en"
    assert system_languages({"LANGUAGE": "de:es", "LANG": "en_GB.UTF-8"}) == ["de", "es", "en"]
    assert choose_language(None, None, {"LANGUAGE": "de:es", "LANG": "en_GB.UTF-8"}) == "es"
    args = build_parser(reports=False).parse_args(["--lang", "es"])
    assert args.lang == "es"
    with pytest.raises(SystemExit):
        build_parser(reports=False).parse_args(["--lang", "xx"])
