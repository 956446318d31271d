"""Synthesized sounds: right length, never clipping or clicking, and silent (not crashing)
when there is no audio device."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from array import array  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from engine import sound  # noqa: E402
from engine.sound import SOUND_NAMES, Sounds, synth  # noqa: E402

EXPECTED_S = {
    "tap": 0.06,
    "chime": 0.62,
    "star": 0.36,
    "cheer": 0.8,
    "oops": 0.34,
    "pickup": 0.12,
    "drop": 0.16,
}


@pytest.mark.parametrize("name", SOUND_NAMES)
def test_waveform_shape(name: str) -> None:
    sr = 44100
    wave = synth(name, sr)
    assert isinstance(wave, array) and wave.typecode == "h"
    assert len(wave) == pytest.approx(EXPECTED_S[name] * sr, abs=2)
    assert len(wave) <= 1.2 * sr
    peak = max(max(wave), -min(wave))
    assert 0.3 * 32767 < peak < 0.9 * 32767, "audible, with headroom below clipping"
    # starts and ends at (near) silence: no clicks
    edge = int(0.0001 * sr)
    assert max(abs(v) for v in wave[:edge]) < 0.02 * 32767
    assert max(abs(v) for v in wave[-edge:]) < 0.01 * 32767
    assert wave[0] == 0 and wave[-1] == 0


def test_sample_rate_scales_length() -> None:
    assert len(synth("chime", 22050)) == pytest.approx(len(synth("chime", 44100)) / 2, abs=2)


def test_star_rises_with_index() -> None:
    def zero_crossings(w: array) -> int:
        head = w[: int(0.04 * 44100)]  # before the sparkle an octave up comes in
        return sum(1 for a, b in zip(head, head[1:], strict=False) if (a < 0) != (b < 0))

    counts = [zero_crossings(synth("star", index=i)) for i in range(sound.STAR_STEPS)]
    assert counts == sorted(counts) and counts[0] < counts[-1]
    assert synth("star", index=99) == synth("star", index=sound.STAR_STEPS - 1)  # clamped


def test_oops_is_gentle() -> None:
    """Softer and lower than the happy sounds: feedback, not a failure buzzer."""
    oops, chime = synth("oops"), synth("chime")
    assert max(oops) < max(chime)
    w = oops[: len(oops) // 2]
    crossings = sum(1 for a, b in zip(w, w[1:], strict=False) if (a < 0) != (b < 0))
    freq = crossings / 2 / (len(w) / 44100)
    assert freq < 400


def test_unknown_sound_is_a_programmer_error() -> None:
    with pytest.raises(KeyError):
        synth("kaboom")
    with pytest.raises(KeyError):
        Sounds(enabled=False).play("kaboom")


def test_broken_mixer_is_a_silent_no_op(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_a, **_k):
        raise pygame.error("no audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", broken)
    s = Sounds()
    assert s.available is False
    for name in SOUND_NAMES:
        s.play(name)  # does nothing, raises nothing
    s.play("star", index=3)
    s.preload()
    s.set_enabled(False)
    s.set_enabled(True)


def test_mixer_that_will_not_report_a_format_is_a_no_op(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", lambda *a, **k: None)
    assert Sounds().available is False


def test_disabled_sounds_do_not_start_the_mixer(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_run(*_a, **_k):
        raise AssertionError("mixer started while sound is off")

    monkeypatch.setattr(pygame.mixer, "init", must_not_run)
    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    s = Sounds(enabled=False)
    s.play("tap")


def test_plays_on_dummy_driver() -> None:
    s = Sounds()
    try:
        if not s.available:
            pytest.skip("no mixer on this machine")
        s.preload()
        for name in SOUND_NAMES:
            s.play(name)
        s.play("star", index=5)
        assert ("star", 5) in s._cache
        s.set_volume(2.0)
        assert s.volume == 1.0
        s.set_enabled(False)
        assert not s.enabled
    finally:
        pygame.mixer.quit()
