"""What the screens share: the store, the sounds, the settings, a seed source.

Built once in ``tinyhands.cli`` (or by a test), hung on ``App.services``.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)


@dataclass
class Services:
    store: Any  # progress.safe.SafeStore: never raises at a child
    sounds: Any = None  # engine.sound.Sounds, or None for silence
    rng: random.Random = field(
        default_factory=lambda: random.Random(random.SystemRandom().random())
    )
    calm: bool = False
    colourblind: bool = False
    #: progress.settings.AppSettings as last saved or loaded (None: defaults, not persisted)
    settings: Any = None

    def play(self, name: str, **kw: Any) -> None:
        if self.sounds is not None:
            self.sounds.play(name, **kw)

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
        """Make ``settings`` take effect now: sounds, music, calm, colours, calibration."""
        self.settings = settings
        self.calm = bool(settings.calm)
        self.colourblind = bool(settings.colourblind)
        if self.sounds is not None:
            self.sounds.set_enabled(settings.sound)
            self.sounds.set_music(settings.music)
        if app is not None and settings.dpi is not None:
            app.set_dpi(settings.dpi)

    def save_settings(self, settings: Any, app: Any = None) -> str | None:
        """Apply and persist ``settings``; returns a message for the grown-up if not saved."""
        from progress.settings import save_settings

        self.apply_settings(settings, app)
        if self.data_dir is None:
            return "Settings apply now, but cannot be kept: there is no data folder."
        try:
            save_settings(self.data_dir, settings)
        except OSError as exc:
            log.warning("settings not saved: %s", exc)
            return f"Settings apply now, but could not be saved: {exc.strerror or exc}"
        return None
