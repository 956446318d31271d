"""App settings: saved atomically, loaded at start, and really in effect — calibration
changes the millimetres, colour-blind changes the palette, sound off is silent, music
plays only on the child's menus."""

from __future__ import annotations

import random

import pytest

import games
from engine import art
from engine.game_scene import GameScene
from engine.harness import Harness
from engine.sound import MUSIC_CHANNEL, SAMPLE_RATE, Sounds, synth_music
from engine.units import BANK_CARD_WIDTH_MM, MM_PER_INCH
from progress.safe import SafeStore
from progress.settings import AppSettings, load_settings, save_settings, settings_path
from tinyhands.screens.home import ProfileScene
from tinyhands.screens.plan import PlanScene
from tinyhands.screens.settings import CalibrationScene, SettingsScene
from tinyhands.services import Services

games.load_all()


class RecordingSounds(Sounds):
    """Real Sounds whose output is recorded instead of (or as well as) heard."""

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.heard: list[str] = []

    def _sound(self, name, index):
        self.heard.append(name)
        return None  # nothing to play on a test machine


def start_app(data_dir, scene, sounds=None):
    """What ``tinyhands.cli.run_app`` does at start: load settings, apply, open."""
    store = SafeStore.open_dir(data_dir)
    settings = load_settings(store.data_dir)
    services = Services(store=store, sounds=sounds or RecordingSounds(), rng=random.Random(1))
    services.apply_settings(settings)
    h = Harness(scene, services=services, dpi=settings.dpi or 96.0)
    return h, store, services


def tap(h, name):
    h.tap_rect(h.top.buttons.find(name).rect)


def test_settings_persist_across_a_restart_and_take_effect(tmp_path):
    data = tmp_path / "data"
    h, store, services = start_app(data, SettingsScene())
    assert art.palette(services.colourblind) is art.PALETTE
    tap(h, "switch:colourblind")
    tap(h, "switch:calm")
    tap(h, "switch:sound")
    tap(h, "switch:music")
    assert services.colourblind and services.calm
    assert not services.sounds.enabled and services.sounds.music_enabled
    h.close()
    store.close()

    saved = load_settings(data)
    assert saved == AppSettings(sound=False, music=True, calm=True, colourblind=True)
    h, store, services = start_app(data, ProfileScene())
    assert services.colourblind and services.calm
    assert art.palette(services.colourblind) is art.PALETTE_COLOURBLIND
    assert not services.sounds.enabled
    h.close()
    store.close()


def test_sound_off_silences(tmp_path):
    h, store, services = start_app(tmp_path / "data", SettingsScene())
    services.play("tap")
    assert services.sounds.heard == ["tap"]
    tap(h, "switch:sound")
    services.sounds.heard.clear()
    store.add_child("Mia", avatar="cat")
    for name in ("tap", "star", "cheer", "chime"):
        services.play(name)
    h.app.scenes.push(ProfileScene())
    h.run_frames(1)
    h.tap_rect(h.top.buttons.buttons[0].rect)  # a menu tap would click
    assert services.sounds.heard == []
    h.close()
    store.close()


def test_calibration_changes_millimetres_and_is_kept(tmp_path):
    data = tmp_path / "data"
    h, store, services = start_app(data, CalibrationScene())
    before = h.app.units.px_per_mm
    assert h.top.width_px == pytest.approx(round(BANK_CARD_WIDTH_MM * before))
    for _ in range(3):
        tap(h, "much-bigger")
    tap(h, "smaller")
    tap(h, "save")
    width = h.top.width_px
    assert width == round(BANK_CARD_WIDTH_MM * before) + 29
    expected = width / BANK_CARD_WIDTH_MM
    assert h.app.units.px_per_mm == pytest.approx(expected, rel=1e-6)
    assert h.app.units.px(BANK_CARD_WIDTH_MM) == pytest.approx(width)
    h.close()
    store.close()

    saved = load_settings(data)
    assert saved.dpi == pytest.approx(expected * MM_PER_INCH)
    h, store, services = start_app(data, ProfileScene())
    assert h.app.units.px_per_mm == pytest.approx(expected, rel=1e-6)
    h.close()
    store.close()


def test_a_damaged_settings_file_falls_back_to_the_defaults(tmp_path):
    tmp_path.mkdir(exist_ok=True)
    settings_path(tmp_path).write_text("{not json")
    assert load_settings(tmp_path) == AppSettings()
    settings_path(tmp_path).write_text('{"dpi": 5}')  # impossible: ignored whole
    assert load_settings(tmp_path) == AppSettings()
    assert load_settings(None) == AppSettings()


def test_settings_are_written_atomically_and_privately(tmp_path):
    path = save_settings(tmp_path, AppSettings(music=True))
    assert path == settings_path(tmp_path)
    assert load_settings(tmp_path).music
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left


class FakeMusic:
    """Records what the screens ask of the music."""

    enabled = True
    music_enabled = True

    def __init__(self) -> None:
        self.playing = False
        self.starts = 0

    def start_music(self) -> None:
        if not self.playing:
            self.starts += 1
        self.playing = True

    def stop_music(self) -> None:
        self.playing = False

    def poll(self) -> None:
        pass

    def set_enabled(self, on: bool) -> None:
        self.enabled = on

    def set_music(self, on: bool) -> None:
        self.music_enabled = on

    def play(self, name: str, index: int = 0) -> None:
        pass


def test_music_plays_on_the_childs_menus_and_stops_for_games_and_grown_ups(tmp_path):
    music = FakeMusic()
    store = SafeStore.open_dir(tmp_path / "data")
    mia = store.add_child("Mia", avatar="cat")
    h = Harness(ProfileScene(), services=Services(store=store, sounds=music))
    assert music.playing
    tap(h, f"child:{mia.id}")
    assert isinstance(h.top, PlanScene) and music.playing
    assert music.starts == 1  # menu to menu: the tune goes on
    tap(h, "game:tracing")
    assert isinstance(h.top, GameScene) and not music.playing
    tap(h, "home")
    assert music.playing
    tap(h, "me")
    tap(h, "grown-ups")
    assert not music.playing  # the parent gate is quiet
    h.close()
    store.close()


def test_music_setting_switches_the_real_loop(tmp_path):
    sounds = Sounds(music=False)
    sounds.start_music()
    assert not sounds.music_playing
    sounds.set_music(True)
    sounds.start_music()
    sounds.wait_for_music(10)
    assert sounds.music_playing
    if sounds.available:
        import pygame

        assert pygame.mixer.Channel(MUSIC_CHANNEL).get_sound() is not None
    sounds.set_music(False)
    assert not sounds.music_playing


def test_the_music_loop_is_quiet_calm_and_seamless():
    wave = synth_music(SAMPLE_RATE)
    seconds = len(wave) / SAMPLE_RATE
    assert 8 < seconds < 20
    peak = max(max(wave), -min(wave))
    assert 0.3 * 32767 < peak < 0.9 * 32767
    # the end flows into the start: no click at the loop point
    jump = abs(wave[-1] - wave[0])
    typical = sum(abs(wave[i + 1] - wave[i]) for i in range(0, len(wave) - 1, 97)) / (
        len(wave) // 97
    )
    assert jump < 8 * typical + 200
