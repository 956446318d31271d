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
from progress.messages import N_, Message

ENV_VAR = "TINYHANDS_DATA_DIR"
DB_NAME = "tinyhands.sqlite3"
BACKUP_DIR_NAME = "backups"
LOCK_NAME = "tinyhands.lock"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("tinyhands", appauthor=False))


def data_dir_path(cli_value: str | None) -> tuple[Path, str]:
    """The data folder the user asked for (and where that came from), not yet checked."""
    if cli_value:
        raw, source = cli_value, Message(N_("the --data-dir option"))
    elif os.environ.get(ENV_VAR):
        raw, source = os.environ[ENV_VAR], Message(N_("the {name} setting"), name=ENV_VAR)
    else:
        raw, source = str(default_data_dir()), Message(N_("the default location"))
    return Path(raw).expanduser(), source


def resolve_data_dir(cli_value: str | None, *, writable: bool = True) -> Path:
    """Pick, create and check the data folder; raise DataDirError with advice if unusable.

    ``writable=False`` is for commands that only read (export, listing): a read-only
    folder is fine for them, and nothing is created.
    """
    path, source = data_dir_path(cli_value)
    if writable:
        ensure_private_dir(path, source=source)
    elif not path.is_dir():
        raise DataDirError(
            Message(
                N_(
                    "There is no Tiny Hands data folder at {path} (from {source}). "
                    "Use --data-dir to name the folder that holds the data."
                ),
                path=path,
                source=source,
            ),
            path=path,
        )
    return path


def ensure_private_dir(path: Path, *, source: str = Message(N_("the data folder setting"))) -> None:
    """Create ``path`` (0700) if needed and prove it is writable by creating a file in it."""
    if path.exists() and not path.is_dir():
        raise DataDirError(
            Message(
                N_(
                    "The data folder {path} (from {source}) is a file, not a folder. "
                    "Choose another folder with --data-dir, or move that file away."
                ),
                path=path,
                source=source,
            ),
            path=path,
        )
    try:
        path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise DataDirError(
            Message(
                N_(
                    "Tiny Hands cannot create its data folder {path} (from {source}): "
                    "{error}. Choose a folder you can write to with --data-dir."
                ),
                path=path,
                source=source,
                error=exc.strerror or exc,
            ),
            path=path,
            detail=repr(exc),
        ) from exc
    tighten_dir(path)
    try:
        fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise DataDirError(
            Message(
                N_(
                    "Tiny Hands cannot write to its data folder {path} (from {source}): "
                    "{error}. Make the folder writable for this user, or choose another one "
                    "with --data-dir."
                ),
                path=path,
                source=source,
                error=exc.strerror or exc,
            ),
            path=path,
            detail=repr(exc),
        ) from exc


def tighten_dir(path: Path) -> None:
    """A folder of ours found open to others (e.g. 0755 from an older version or a copy)
    is made owner-only; someone else's folder is left as it is."""
    if sys.platform == "win32":
        return
    try:
        st = path.stat()
        if st.st_uid == os.geteuid() and st.st_mode & 0o077:
            os.chmod(path, st.st_mode & 0o700 | 0o700)
    except OSError:
        pass


def make_private(path: Path) -> None:
    """Owner-only permissions on POSIX; Windows keeps the per-user profile ACLs."""
    if sys.platform != "win32":
        os.chmod(path, PRIVATE_FILE_MODE)
