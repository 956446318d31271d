"""What the screens share: the store, the sounds, the settings, a seed source.

Built once in ``tinyhands.cli`` (or by a test), hung on ``App.services``.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)


@dataclass
class Services:
    store: Any  # progress.safe.SafeStore: never raises at a child
    sounds: Any = None  # engine.sound.Sounds, or None for silence
    voice: Any = None  # engine.voice.Voice (spoken prompts), or None for no voice
    #: ``tinyhands --lang``: beats the saved setting and the system for this run
    lang_override: str | None = None
    rng: random.Random = field(
        default_factory=lambda: random.Random(random.SystemRandom().random())
    )
    calm: bool = False
    colourblind: bool = False
    #: progress.settings.AppSettings as last saved or loaded (None: defaults, not persisted)
    settings: Any = None
    #: wall-clock seconds (Unix time) for what outlives the process (the gate's lockout)
    wall_clock: Callable[[], float] = time.time
    _gate: Any = field(default=None, repr=False)

    def play(self, name: str, **kw: Any) -> None:
        if self.sounds is not None:
            self.sounds.play(name, **kw)

    def say(self, prompt_id: str, *, replace: bool = False) -> None:
        """Speak a prompt (engine.voice: one at a time; ``replace`` for a new screen)."""
        if self.voice is not None:
            self.voice.say(prompt_id, replace=replace)

    @property
    def language(self) -> str:
        """The app's language now: --lang, else the setting, else the system, else English."""
        from tinyhands.language import choose_language

        setting = getattr(self.settings, "language", None)
        return choose_language(self.lang_override, setting)

    # -- the child's menus play the music loop; games, the gate and grown-ups do not
    def menu_music(self, on: bool) -> None:
        if self.sounds is None:
            return
        if on:
            self.sounds.start_music()
        else:
            self.sounds.stop_music()

    # -- settings ----------------------------------------------------------------------
    @property
    def data_dir(self) -> Any:
        return getattr(self.store, "data_dir", None)

    def apply_settings(self, settings: Any, app: Any = None) -> None:
        """Make ``settings`` take effect now: sounds, music, calm, colours, calibration,
        and the language of the screens and the voice (a screen laid out from now on speaks
        it; the one changing it lays itself out again)."""
        from tinyhands.i18n import set_language

        self.settings = settings
        set_language(self.language)
        self.calm = bool(settings.calm)
        self.colourblind = bool(settings.colourblind)
        if self.sounds is not None:
            self.sounds.set_enabled(settings.sound)
            self.sounds.set_music(settings.music)
        if self.voice is not None:
            self.voice.set_enabled(getattr(settings, "voice", True))
            self.voice.calm = self.calm
            self.voice.set_lang(self.language)
        if app is not None and settings.dpi is not None:
            app.set_dpi(settings.dpi)

    def save_settings(self, settings: Any, app: Any = None) -> str | None:
        """Apply and persist ``settings``; returns a message for the grown-up if not saved."""
        from progress.settings import save_settings

        if self.settings is not None:  # the gate's lockout is not a screen's to change
            settings = settings.model_copy(
                update={
                    "gate_wrong": self.settings.gate_wrong,
                    "gate_locked_until": self.settings.gate_locked_until,
                }
            )
        self.apply_settings(settings, app)
        from tinyhands.i18n import _

        if self.data_dir is None:
            return _("Settings apply now, but cannot be kept: there is no data folder.")
        try:
            save_settings(self.data_dir, settings)
        except OSError as exc:
            log.warning("settings not saved: %s", exc)
            return _("Settings apply now, but could not be saved: {reason}").format(
                reason=exc.strerror or exc
            )
        return None

    # -- the parent gate ------------------------------------------------------------------
    def gate_lock(self, mono_now: float) -> Any:
        """The one GateLock of this app, restored from the settings file on first use."""
        if self._gate is None:
            from tinyhands.gate_lock import GateLock

            s = self._settings_or_saved()
            self._gate = GateLock.restore(
                s.gate_wrong, s.gate_locked_until, self.wall_clock(), mono_now, self._save_gate
            )
        return self._gate

    def _settings_or_saved(self) -> Any:
        from progress.settings import load_settings

        if self.settings is None:
            self.settings = load_settings(self.data_dir)
        return self.settings

    def _save_gate(self, wrong: int, locked_until: float | None) -> None:
        from progress.settings import save_settings

        self.settings = self._settings_or_saved().model_copy(
            update={"gate_wrong": wrong, "gate_locked_until": locked_until}
        )
        if self.data_dir is None:
            return
        try:
            save_settings(self.data_dir, self.settings)
        except OSError as exc:  # the lock still holds in this process
            log.warning("parent gate state not saved: %s", exc)
