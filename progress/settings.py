"""The app's grown-up settings, kept as a small JSON file beside the data file.

Why a file and not the SQLite store: settings must load before the store opens (screen
calibration decides the first frame's millimetres) and must survive a damaged data
file, so they live apart and are written atomically (temp file, fsync, rename).
Per-child choices (handedness) stay on the child in the store.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from progress.paths import PRIVATE_FILE_MODE

log = logging.getLogger(__name__)

SETTINGS_NAME = "settings.json"


class AppSettings(BaseModel):
    """What a grown-up can switch for the whole app (children never reach these)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    sound: bool = True  # sound effects (taps, stars, cheers)
    music: bool = False  # a quiet background loop on the child's menus; off by default
    voice: bool = True  # spoken prompts (what to do, hints, praise); apart from sound and music
    #: the app's language ("en", "es", "fr"); None follows the system (LANGUAGE, LC_ALL, LANG)
    language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")
    #: the therapist's report's language; None writes it in the app's language
    report_language: str | None = Field(default=None, pattern=r"^[a-z]{2,3}$")
    calm: bool = False  # fewer animations
    colourblind: bool = False  # Okabe-Ito palette
    #: physical pixels per inch from a bank-card calibration; None = what the system says
    dpi: float | None = Field(default=None, ge=40.0, le=1000.0)
    #: the parent gate's wrong answers since its last lockout, and when (Unix time) the
    #: lockout ends: kept here so a restart does not give a fresh set of guesses
    gate_wrong: int = Field(default=0, ge=0, le=100)
    gate_locked_until: float | None = None


def settings_path(data_dir: Path) -> Path:
    return Path(data_dir) / SETTINGS_NAME


def load_settings(data_dir: Path | None) -> AppSettings:
    """The saved settings, or the defaults when none were saved or the file is unreadable.

    A damaged settings file must never stop a child from playing: it is logged and the
    defaults are used (the next save replaces it).
    """
    if data_dir is None:
        return AppSettings()
    path = settings_path(data_dir)
    try:
        return AppSettings.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        return AppSettings()
    except (OSError, ValidationError, ValueError) as exc:
        log.warning("settings in %s could not be read (%s); using the defaults", path, exc)
        return AppSettings()


def save_settings(data_dir: Path, settings: AppSettings) -> Path:
    """Write ``settings`` atomically: a crash leaves the old file or the new, never half.

    Raises OSError when the folder cannot be written (the settings screen says so).
    """
    path = settings_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(settings.model_dump(mode="json"), indent=2, sort_keys=True) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, PRIVATE_FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path
