"""Where the practice data lives: --data-dir, then $TINYHANDS_DATA_DIR, then the OS default.

The folder is created private (0700) because it holds health-related data about a
child; a folder we cannot write is reported now, in words, rather than as a failed
save in the middle of play.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import platformdirs

from progress.errors import DataDirError

ENV_VAR = "TINYHANDS_DATA_DIR"
DB_NAME = "tinyhands.sqlite3"
BACKUP_DIR_NAME = "backups"
LOCK_NAME = "tinyhands.lock"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("tinyhands", appauthor=False))


def resolve_data_dir(cli_value: str | None) -> Path:
    """Pick, create and check the data folder; raise DataDirError with advice if unusable."""
    if cli_value:
        raw, source = cli_value, "the --data-dir option"
    elif os.environ.get(ENV_VAR):
        raw, source = os.environ[ENV_VAR], f"the {ENV_VAR} setting"
    else:
        raw, source = str(default_data_dir()), "the default location"
    path = Path(raw).expanduser()
    ensure_private_dir(path, source=source)
    return path


def ensure_private_dir(path: Path, *, source: str = "the data folder setting") -> None:
    """Create ``path`` (0700) if needed and prove it is writable by creating a file in it."""
    if path.exists() and not path.is_dir():
        raise DataDirError(
            f"The data folder {path} (from {source}) is a file, not a folder. "
            "Choose another folder with --data-dir, or move that file away.",
            path=path,
        )
    try:
        path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise DataDirError(
            f"Tiny Hands cannot create its data folder {path} (from {source}): "
            f"{exc.strerror or exc}. Choose a folder you can write to with --data-dir.",
            path=path,
            detail=repr(exc),
        ) from exc
    try:
        fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise DataDirError(
            f"Tiny Hands cannot write to its data folder {path} (from {source}): "
            f"{exc.strerror or exc}. Make the folder writable for this user, or choose "
            "another one with --data-dir.",
            path=path,
            detail=repr(exc),
        ) from exc


def make_private(path: Path) -> None:
    """Owner-only permissions on POSIX; Windows keeps the per-user profile ACLs."""
    if sys.platform != "win32":
        os.chmod(path, PRIVATE_FILE_MODE)
