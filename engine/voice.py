"""Spoken prompts: short recorded sentences that tell a child who cannot read what to do.

The sentences are audio files made ahead of time (``tools/make_voices.py``; nothing is
synthesized or downloaded at run time), found as ``<root>/<lang>/<prompt id>.ogg`` (or
``.wav``) in the first of ``roots`` that has one, so a family's own recording in the data
folder wins over the shipped one.

Never two at once. Prompts play on a mixer channel of their own (effects and music never
cut them, and they never cut each other), and :class:`Voice` keeps a clock of when the
current sentence ends:

- within a screen, a new prompt **waits** for the one speaking to finish. Only one waits:
  a newer request replaces an older waiting one (only the latest is still true), and a
  prompt that waited longer than ``WAIT_S`` is dropped, not said late;
- a new screen's first prompt **replaces** whatever is speaking (``replace=True``): the
  old screen is gone and its words no longer fit.

Calm mode says less: prompts whose :class:`PromptSpec` has ``calm=False`` are skipped.
Everything spoken is appended to ``log`` (prompt id, language, start and end on the
voice's clock), which is how the tests check that nothing overlapped. Like
:class:`engine.sound.Sounds`, a missing mixer or file means silence, never an error; an
unknown prompt id raises ``KeyError`` even with the voice off, so a typo shows in tests.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pygame

from engine.sound import RESERVED_CHANNELS, SAMPLE_RATE, VOICE_CHANNEL

log = logging.getLogger(__name__)

#: a waiting prompt older than this is no longer about what is on screen: it is dropped
WAIT_S = 4.0
#: a little air after a sentence before the next begins
GAP_S = 0.25
VOICE_VOLUME = 0.9
EXTENSIONS = (".ogg", ".wav")
KINDS = frozenset({"start", "hint", "praise", "moment", "grownup"})


@dataclass(frozen=True, slots=True)
class PromptSpec:
    """What the voice needs to know of a prompt: its kind and whether calm mode says it."""

    kind: str
    calm: bool = True

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"prompt kind {self.kind!r} is none of {sorted(KINDS)}")


@dataclass(frozen=True, slots=True)
class Spoken:
    """One prompt as it was played: on the voice's clock, in seconds."""

    prompt_id: str
    lang: str
    start_s: float
    end_s: float


class Voice:
    """The app's spoken prompts, one at a time, or silence."""

    def __init__(
        self,
        prompts: Mapping[str, PromptSpec],
        roots: Sequence[Path],
        *,
        lang: str = "en",
        enabled: bool = True,
        calm: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.prompts = dict(prompts)
        self.roots = [Path(r) for r in roots]
        self.lang = lang
        self.enabled = enabled
        self.calm = calm
        self.clock = clock
        self.volume = VOICE_VOLUME
        self.log: deque[Spoken] = deque(maxlen=500)
        self._busy_until = float("-inf")
        self._waiting: tuple[str, float] | None = None  # (prompt id, asked at)
        self._state: bool | None = None  # None: mixer not tried yet
        self._cache: dict[tuple[str, str], pygame.mixer.Sound | None] = {}
        self._last_pick: dict[str, str] = {}

    # -- settings
    def set_enabled(self, enabled: bool) -> None:
        """The grown-ups' voice switch: off also silences what is speaking now."""
        self.enabled = bool(enabled)
        if not self.enabled:
            self.stop()

    def set_lang(self, lang: str) -> None:
        if lang != self.lang:
            self.stop()
            self.lang = lang
            self._cache.clear()

    def ids(self, kind: str) -> list[str]:
        """The prompt ids of ``kind`` that would be spoken now (calm mode says fewer)."""
        return [
            pid for pid, s in self.prompts.items() if s.kind == kind and (s.calm or not self.calm)
        ]

    def pick(self, kind: str, rng) -> str | None:
        """One prompt of ``kind`` chosen with ``rng``, never the one picked last time:
        praise that varies sounds meant, the same words every round sound like a machine."""
        ids = self.ids(kind)
        last = self._last_pick.get(kind)
        if len(ids) > 1 and last in ids:
            ids.remove(last)
        if not ids:
            return None
        choice = ids[rng.randrange(len(ids))]
        self._last_pick[kind] = choice
        return choice

    # -- files
    def path(self, prompt_id: str, lang: str | None = None) -> Path | None:
        """The file that speaks ``prompt_id``: the first root that has it (overrides first)."""
        lang = lang or self.lang
        for root in self.roots:
            for ext in EXTENSIONS:
                p = root / lang / f"{prompt_id}{ext}"
                if p.is_file():
                    return p
        return None

    def _ensure_mixer(self) -> bool:
        if self._state is not None:
            return self._state
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=SAMPLE_RATE, size=-16, channels=1, buffer=512)
            if not pygame.mixer.get_init():
                raise pygame.error("mixer did not start")
            pygame.mixer.set_reserved(RESERVED_CHANNELS)
            self._state = True
        except Exception as exc:  # noqa: BLE001 - no mixer means no voice, never a crash
            log.info("voice off: the audio mixer could not start (%s)", exc)
            self._state = False
        return self._state

    def _sound(self, prompt_id: str) -> pygame.mixer.Sound | None:
        key = (self.lang, prompt_id)
        if key in self._cache:
            return self._cache[key]
        path = self.path(prompt_id)
        snd: pygame.mixer.Sound | None = None
        if path is None:
            log.warning("no recording of prompt %r in %r", prompt_id, self.lang)
        else:
            try:
                snd = pygame.mixer.Sound(str(path))
            except Exception as exc:  # noqa: BLE001 - a damaged file is a silent prompt
                log.warning("prompt %r could not be read from %s (%s)", prompt_id, path, exc)
        self._cache[key] = snd
        return snd

    # -- speaking
    @property
    def speaking(self) -> bool:
        return self.clock() < self._busy_until

    def say(self, prompt_id: str, *, replace: bool = False) -> None:
        """Say ``prompt_id`` now, or as soon as the current prompt ends (see the module)."""
        spec = self.prompts.get(prompt_id)
        if spec is None:
            raise KeyError(f"unknown prompt {prompt_id!r}")
        if not self.enabled or (self.calm and not spec.calm):
            return
        if replace:
            self.stop()
        now = self.clock()
        if now < self._busy_until:
            self._waiting = (prompt_id, now)
            return
        self._play(prompt_id, now)

    def poll(self) -> None:
        """Called every frame (the app does): start the waiting prompt once it may."""
        if self._waiting is None:
            return
        now = self.clock()
        if now < self._busy_until:
            return
        prompt_id, asked = self._waiting
        self._waiting = None
        if now - asked <= WAIT_S:
            self._play(prompt_id, now)

    def stop(self) -> None:
        """Silence now and forget what was waiting (a new screen; the voice switched off)."""
        self._waiting = None
        if self._busy_until > self.clock() and self.log:
            last = self.log[-1]
            self.log[-1] = Spoken(last.prompt_id, last.lang, last.start_s, self.clock())
        self._busy_until = float("-inf")
        if self._state:
            try:
                pygame.mixer.Channel(VOICE_CHANNEL).stop()
            except Exception:  # noqa: BLE001
                pass

    def wait_s(self) -> float:
        """Seconds until the current prompt ends (0 when silent)."""
        return max(0.0, self._busy_until - self.clock())

    def _play(self, prompt_id: str, now: float) -> None:
        if not self._ensure_mixer():
            return
        snd = self._sound(prompt_id)
        if snd is None:
            return
        try:
            snd.set_volume(self.volume)
            pygame.mixer.Channel(VOICE_CHANNEL).play(snd)
            length = float(snd.get_length())
        except Exception as exc:  # noqa: BLE001
            log.info("could not say %r (%s)", prompt_id, exc)
            return
        self._busy_until = now + length + GAP_S
        self.log.append(Spoken(prompt_id, self.lang, now, now + length))

    def preload(self) -> None:
        """Read every prompt of the language now (an idle moment), not on first use."""
        if not self.enabled or not self._ensure_mixer():
            return
        for prompt_id in self.prompts:
            self._sound(prompt_id)
