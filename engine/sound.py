"""Synthesized sound effects and a calm music loop: no files, and never an error in front
of a child.

Every sound is a few soft sine "notes" (a fundamental plus quiet harmonics) with a short
fade-in and a decaying fade-out, so nothing clicks and nothing is harsh. The feedback for
going off the road ("oops") is a gentle low boop, never a buzzer: the children this is for
should not be told off by the machine.

:func:`synth` is a pure function from a name to 16-bit mono samples, so the waveforms are
tested without any audio device. :class:`Sounds` turns them into ``pygame.mixer.Sound``
objects lazily (on first play) and quietly becomes a no-op when there is no mixer: a
laptop without speakers, a CI box, a broken driver.
"""

from __future__ import annotations

import logging
import threading
from array import array
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import pygame

log = logging.getLogger(__name__)

SAMPLE_RATE = 44100
#: peak of a generated waveform, as a fraction of full scale: headroom so two overlapping
#: sounds in the mixer do not clip
PEAK = 0.7
DEFAULT_VOLUME = 0.5
#: every sound ends with at least this long a fade to silence, so it never clicks
FADE_OUT_S = 0.012

#: the background loop is much quieter than the effects: it must never compete with them
MUSIC_VOLUME = 0.16
MUSIC_FADE_MS = 600
MUSIC_CHANNEL = 0  # reserved for the loop, so effects never cut it off
VOICE_CHANNEL = 1  # reserved for spoken prompts (engine.voice): one sentence at a time
RESERVED_CHANNELS = 2  # effects take any channel from here on
#: the loop: a slow pentatonic tune (C major pentatonic, 72 bpm), one note a beat or two,
#: over soft low fifths; (beat, MIDI note, beats long)
_MUSIC_BPM = 72.0
_MUSIC_BEATS = 16
_MUSIC_TUNE: tuple[tuple[float, int, float], ...] = (
    (0, 72, 1.5),
    (2, 76, 1),
    (3, 79, 1),
    (4, 81, 2),
    (6, 79, 1),
    (7, 76, 1),
    (8, 74, 1.5),
    (10, 76, 1),
    (11, 72, 1),
    (12, 74, 2),
    (14, 67, 1),
    (15, 69, 1),
)
_MUSIC_BASS: tuple[tuple[float, int], ...] = ((0, 48), (4, 45), (8, 41), (12, 43))

#: names :func:`synth` and :meth:`Sounds.play` accept
SOUND_NAMES: tuple[str, ...] = ("tap", "chime", "star", "cheer", "oops", "pickup", "drop")

# a major pentatonic run from C6: every step sounds good, so any number of stars in a row
# climbs pleasantly
_STAR_NOTES = (1046.5, 1174.7, 1318.5, 1568.0, 1760.0, 2093.0, 2349.3, 2637.0)
STAR_STEPS = len(_STAR_NOTES)

Partials = Sequence[tuple[int, float]]  # (harmonic number, amplitude)
#: the round tone of the short effects (tap, oops, pickup, drop): one shared wavetable
_SOFT: Partials = ((1, 1.0), (2, 0.12))


_TABLE_BITS = 12
_TABLE_SIZE = 1 << _TABLE_BITS  # 4096 entries: table noise ~60 dB below the sound
_FIX = 16  # phase is fixed point with 16 fractional bits
_GLIDE_BLOCK = 64


def _np():
    """numpy, imported on the first synthesis (never at start-up: the first frame does
    not wait for it; the app imports it right after that frame anyway)."""
    import numpy

    return numpy


@lru_cache(maxsize=16)
def _table(partials: tuple[tuple[int, float], ...]):
    """One period of a sum of harmonic partials (harmonic m of the table is every m-th
    entry), looked up instead of calling ``sin`` per sample."""
    np = _np()
    i = np.arange(_TABLE_SIZE)
    base = np.sin(2 * np.pi * i / _TABLE_SIZE)
    if partials == ((1, 1.0),):
        return base
    out = np.zeros(_TABLE_SIZE)
    for mult, amp in partials:
        out += amp * base[(i * mult) & (_TABLE_SIZE - 1)]
    return out


def _note(
    sr: int,
    dur: float,
    f0: float,
    f1: float | None = None,
    partials: Partials = ((1, 1.0),),
    attack: float = 0.004,
    decay: float = 0.2,
    amp: float = 1.0,
):
    """One note (a float array): harmonic partials gliding from f0 to f1 Hz under an
    attack/decay envelope. Vectorised (a wavetable indexed by a fixed-point phase): the
    longest sound, the cheer, takes about a millisecond where pure Python took 15."""
    np = _np()
    n = max(2, int(dur * sr))
    f1 = f0 if f1 is None else f1
    tab = _table(tuple((int(m), float(a)) for m, a in partials))
    scale = _TABLE_SIZE * (1 << _FIX) / sr  # Hz -> fixed-point table steps per sample
    if f1 == f0:
        phases = np.arange(n, dtype=np.int64) * int(f0 * scale)
    else:
        # a glide is a run of short constant-pitch blocks (1.5 ms: far too short to hear
        # as steps), the phase carried over between blocks
        starts = np.arange(0, n, _GLIDE_BLOCK)
        lengths = np.minimum(_GLIDE_BLOCK, n - starts)
        steps = ((f0 + (f1 - f0) * (starts + lengths / 2) / n) * scale).astype(np.int64)
        phases = np.zeros(n, dtype=np.int64)
        np.cumsum(np.repeat(steps, lengths)[:-1], out=phases[1:])
    env = amp * np.exp(-1.0 / (decay * sr)) ** np.arange(n)  # exponential decay
    a = min(n, max(1, int(attack * sr)))
    env[:a] *= 0.5 - 0.5 * np.cos(np.pi * np.arange(a) / a)  # a raised-cosine fade-in
    r = min(n, max(1, int(FADE_OUT_S * sr)))
    env[n - r :] *= 0.5 + 0.5 * np.cos(np.pi * (np.arange(r) + 1) / r)  # to exactly zero
    return tab[(phases >> _FIX) & (_TABLE_SIZE - 1)] * env


def _mix(total_s: float, sr: int, notes: Sequence[tuple[float, Any]]):
    """Lay notes (start seconds, samples) on one track."""
    out = _np().zeros(max(1, int(total_s * sr)))
    for start, samples in notes:
        s = int(start * sr)
        e = min(len(out), s + len(samples))
        out[s:e] += samples[: e - s]
    return out


def _bell(sr: int, f: float, dur: float, decay: float, amp: float = 1.0):
    """A soft bell-like tone: the chime, star and cheer notes."""
    return _note(sr, dur, f, partials=((1, 1.0), (2, 0.22), (3, 0.06)), decay=decay, amp=amp)


def _pcm16(wave, peak: float) -> array:
    """Float samples scaled to ``peak`` of full scale, as signed 16-bit (toward zero)."""
    np = _np()
    top = float(np.abs(wave).max()) or 1.0
    return array("h", (wave * (peak * 32767 / top)).astype(np.int16).tobytes())


def _build(name: str, sr: int, index: int) -> tuple[Any, float]:
    """The float waveform for ``name`` and the peak it should be normalised to."""
    if name == "tap":
        # a soft pop: a quick downward glide, mostly fundamental
        return _note(sr, 0.06, 900, 480, _SOFT, 0.0015, 0.018), PEAK
    if name == "chime":
        # two notes a fourth apart, G5 then C6: "ding-dong", pleasant and settled
        return (
            _mix(
                0.62,
                sr,
                [(0.0, _bell(sr, 784.0, 0.44, 0.15)), (0.14, _bell(sr, 1046.5, 0.48, 0.16))],
            ),
            PEAK,
        )
    if name == "star":
        f = _STAR_NOTES[min(max(0, index), STAR_STEPS - 1)]
        sparkle = _note(sr, 0.25, f * 2, attack=0.003, decay=0.05, amp=0.35)
        return _mix(0.36, sr, [(0.0, _bell(sr, f, 0.36, 0.11)), (0.05, sparkle)]), PEAK
    if name == "cheer":
        # a rising C-major arpeggio, ending on a ringing C6 with a soft E6 above it. The
        # final chord is one note on C4 harmonics (C6 = 4th, E6 = 5th: a sweet just third)
        # so it costs one pass, not two.
        arp = (523.25, 659.25, 783.99)
        notes = [(i * 0.09, _bell(sr, f, 0.22, 0.08)) for i, f in enumerate(arp)]
        chord = ((4, 1.0), (8, 0.22), (12, 0.06), (5, 0.4), (10, 0.09))
        notes.append((0.27, _note(sr, 0.53, 261.63, partials=chord, decay=0.2)))
        return _mix(0.8, sr, notes), PEAK
    if name == "oops":
        # a gentle low "boo-op" sliding down, slow attack, round tone: not a failure buzzer
        return _note(sr, 0.34, 330, 240, _SOFT, 0.02, 0.25), PEAK * 0.75
    if name == "pickup":
        return _note(sr, 0.12, 520, 880, _SOFT, 0.003, 0.07), PEAK * 0.85
    if name == "drop":
        return _note(sr, 0.16, 420, 250, _SOFT, 0.002, 0.05), PEAK * 0.85
    raise KeyError(f"unknown sound {name!r}; sounds are: {', '.join(SOUND_NAMES)}")


def synth(name: str, sample_rate: int = SAMPLE_RATE, index: int = 0) -> array:
    """The samples of sound ``name``: mono, signed 16-bit, starting and ending at silence.

    ``index`` only matters for "star": each further star in a row sounds one step higher.
    Raises ``KeyError`` for an unknown name (a programmer error).
    """
    wave, peak = _build(name, sample_rate, index)
    return _pcm16(wave, peak)


def _midi_hz(note: int) -> float:
    return 440.0 * 2.0 ** ((note - 69) / 12.0)


def synth_music(sample_rate: int = SAMPLE_RATE) -> array:
    """A calm background loop (about 13 s) that repeats without a seam.

    Soft bell notes over slow low fifths, all decaying gently; the tails that run past the
    end are folded back onto the start, so loop playback has no click and no gap. Built
    at a quarter of the rate and held (the tune has nothing above ~2.5 kHz worth keeping),
    which keeps its synthesis (on a helper thread) to some tens of milliseconds.
    """
    beat = 60.0 / _MUSIC_BPM
    total = _MUSIC_BEATS * beat
    sr = max(8000, sample_rate // 4)
    hold = max(1, round(sample_rate / sr))
    np = _np()
    n = int(total * sr)
    track = np.zeros(n)
    notes: list[tuple[float, list[float]]] = []
    for start, midi, beats in _MUSIC_TUNE:
        dur = beats * beat + 1.2
        notes.append(
            (
                start * beat,
                _note(
                    sr,
                    dur,
                    _midi_hz(midi),
                    partials=((1, 1.0), (2, 0.12)),
                    attack=0.03,
                    decay=0.55,
                    amp=0.55,
                ),
            )
        )
    for start, midi in _MUSIC_BASS:
        pad = ((1, 1.0), (3, 0.5))  # root and a fifth above the octave: open, not sad
        notes.append(
            (
                start * beat,
                _note(
                    sr,
                    4 * beat + 1.5,
                    _midi_hz(midi),
                    partials=pad,
                    attack=0.4,
                    decay=1.6,
                    amp=0.35,
                ),
            )
        )
    for start, samples in notes:
        s = int(start * sr)
        for i in range(0, len(samples), n):  # wrap tails around: a seamless loop
            chunk = samples[i : i + n]
            a = (s + i) % n
            first = min(len(chunk), n - a)
            track[a : a + first] += chunk[:first]
            if first < len(chunk):
                rest = chunk[first:]
                track[: len(rest)] += rest
    low = _pcm16(track, PEAK)
    if hold == 1:
        return low
    # linear interpolation up to the mixer's rate: quieter images than holding samples
    lo = np.frombuffer(low, dtype=np.int16).astype(np.float64)
    step = np.roll(lo, -1) - lo  # wraps, like the loop itself
    out = np.empty(len(lo) * hold, dtype=np.int16)
    for k in range(hold):
        out[k::hold] = (lo + step * (k / hold)).astype(np.int16)
    return array("h", out.tobytes())


class Sounds:
    """The game's sound effects, or silence when there is no working audio.

    The mixer is started on first use, not at import or construction, so a screen can own a
    ``Sounds`` without paying for audio start-up, and tests need no device. If it cannot
    start (no device, driver error, anything) ``available`` is False and ``play`` does
    nothing: a child must never see an error because of a sound.
    """

    def __init__(
        self, enabled: bool = True, volume: float = DEFAULT_VOLUME, music: bool = False
    ) -> None:
        self.enabled = enabled
        self.music_enabled = music
        self.volume = min(1.0, max(0.0, volume))
        self._music: pygame.mixer.Sound | None = None
        self._music_data: array | None = None  # samples from the helper thread
        self._music_thread: threading.Thread | None = None
        self._music_started = False
        #: the loop is wanted on the menus right now (it may still be being synthesized)
        self.music_playing = False
        self._state: bool | None = None  # None: mixer not tried yet
        self._format: tuple[int, int, int] = (SAMPLE_RATE, -16, 1)
        self._cache: dict[tuple[str, int], pygame.mixer.Sound | None] = {}

    # -- mixer
    def _ensure_mixer(self) -> bool:
        if self._state is not None:
            return self._state
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=SAMPLE_RATE, size=-16, channels=1, buffer=512)
            fmt = pygame.mixer.get_init()
            if not fmt:
                raise pygame.error("mixer did not start")
            self._format = (int(fmt[0]), int(fmt[1]), int(fmt[2]))
            pygame.mixer.set_reserved(RESERVED_CHANNELS)  # effects never take the loop's or voice's
            self._state = True
        except Exception as exc:  # noqa: BLE001 - any failure means "no sound", never a crash
            log.info("sound off: the audio mixer could not start (%s)", exc)
            self._state = False
        return self._state

    @property
    def available(self) -> bool:
        """True when sounds can really be heard (starts the mixer if it has not been)."""
        return self._ensure_mixer()

    def set_enabled(self, enabled: bool) -> None:
        """Turn sound on or off (the grown-ups' setting, the speaker button)."""
        self.enabled = bool(enabled)
        if not self.enabled and self._state:
            try:
                pygame.mixer.stop()
            except Exception:  # noqa: BLE001
                pass

    # -- music
    def set_music(self, enabled: bool) -> None:
        """Turn the background loop on or off (the grown-ups' setting); off stops it now."""
        self.music_enabled = bool(enabled)
        if not self.music_enabled:
            self.stop_music()

    def _music_sound(self) -> pygame.mixer.Sound | None:
        """The loop as a mixer Sound, once its samples are ready; main thread only."""
        if self._music is not None or self._music_data is None:
            return self._music
        freq, size, channels = self._format
        mono, self._music_data = self._music_data, None
        try:
            if channels > 1:
                data = array("h", bytes(len(mono) * 2 * channels))
                for ch in range(channels):
                    data[ch::channels] = mono
            else:
                data = mono
            if size == -16:
                self._music = pygame.mixer.Sound(buffer=data.tobytes())
            else:
                view = memoryview(data).cast("B").cast("h", [len(mono), channels])
                self._music = pygame.mixer.Sound(array=view)
        except Exception as exc:  # noqa: BLE001
            log.info("music unavailable (%s)", exc)
            self._music = None
        return self._music

    def start_music(self) -> None:
        """Loop the music on its own channel, if music is on; does nothing if it already plays.

        Called by the child's menus on every visit, so a menu leading to another menu
        never restarts the tune. The samples are synthesized once on a helper thread (pure
        Python, no SDL calls: SDL's mixer is only ever touched from the main thread, so a
        window closing mid-synthesis cannot race it); ``poll`` starts the loop when ready.
        """
        if not self.music_enabled or self.music_playing or not self._ensure_mixer():
            return
        self.music_playing = True  # wanted from now on; stop_music may cancel it
        if self._music_thread is None:
            freq = self._format[0]
            self._music_thread = threading.Thread(
                target=self._synthesize, args=(freq,), name="tinyhands-music", daemon=True
            )
            self._music_thread.start()
        self.poll()

    def _synthesize(self, freq: int) -> None:
        self._music_data = synth_music(freq)

    def poll(self) -> None:
        """Main thread, often (menus call it each step): start the loop once it is built."""
        if not self.music_playing or self._music_started:
            return
        t = self._music_thread
        if t is not None and t.is_alive():
            return
        snd = self._music_sound()
        self._music_started = True
        if snd is None or not self.music_enabled:
            return
        try:
            snd.set_volume(MUSIC_VOLUME)
            pygame.mixer.Channel(MUSIC_CHANNEL).play(snd, loops=-1, fade_ms=MUSIC_FADE_MS)
        except Exception as exc:  # noqa: BLE001
            log.info("could not play music (%s)", exc)
            self.music_playing = False

    def wait_for_music(self, timeout: float | None = None) -> None:
        """Block until the loop is built and started (tests; a clean shutdown)."""
        t = self._music_thread
        if t is not None:
            t.join(timeout)
        self.poll()

    def stop_music(self) -> None:
        """Fade the loop out (leaving the menus for a game, the gate or the grown-ups)."""
        if not self.music_playing:
            return
        self.music_playing = False
        if not self._music_started:
            return
        self._music_started = False
        try:
            pygame.mixer.Channel(MUSIC_CHANNEL).fadeout(MUSIC_FADE_MS)
        except Exception:  # noqa: BLE001
            pass

    def set_volume(self, volume: float) -> None:
        """Volume 0..1 for every later play."""
        self.volume = min(1.0, max(0.0, float(volume)))

    # -- sounds
    def _sound(self, name: str, index: int) -> pygame.mixer.Sound | None:
        key = (name, min(max(0, index), STAR_STEPS - 1) if name == "star" else 0)
        if key in self._cache:
            return self._cache[key]
        freq, size, channels = self._format
        snd: pygame.mixer.Sound | None
        try:
            mono = synth(name, freq, key[1])
            if channels > 1:  # the app may have started the mixer in stereo
                data = array("h", bytes(len(mono) * 2 * channels))
                for ch in range(channels):
                    data[ch::channels] = mono
            else:
                data = mono
            if size == -16:
                snd = pygame.mixer.Sound(buffer=data.tobytes())
            else:  # another sample format: let pygame convert from a (frames, channels) array
                view = memoryview(data).cast("B").cast("h", [len(mono), channels])
                snd = pygame.mixer.Sound(array=view)
        except KeyError:
            raise
        except Exception as exc:  # noqa: BLE001
            log.info("sound %r unavailable (%s)", name, exc)
            snd = None
        self._cache[key] = snd
        return snd

    def preload(self) -> None:
        """Synthesize every sound now (e.g. behind a loading moment) instead of on first play."""
        if not self._ensure_mixer():
            return
        for name in SOUND_NAMES:
            self._sound(name, 0)

    def play(self, name: str, index: int = 0) -> None:
        """Play ``name`` once; ``index`` raises the "star" pitch for each star in a row.

        Unknown names raise ``KeyError`` even when sound is off, so a typo shows up in
        tests rather than being silently inaudible.
        """
        if name not in SOUND_NAMES:
            raise KeyError(f"unknown sound {name!r}; sounds are: {', '.join(SOUND_NAMES)}")
        if not self.enabled or not self._ensure_mixer():
            return
        snd = self._sound(name, index)
        if snd is None:
            return
        try:
            snd.set_volume(self.volume)
            snd.play()
        except Exception as exc:  # noqa: BLE001
            log.info("could not play %r (%s)", name, exc)
