"""Errors of the progress store, each worded for the grown-up who has to act on it.

A child never sees these: the app shows them on grown-up screens and the CLI prints
them. So ``str(error)`` names the file or folder, says what happened in plain words
and what to do next; technical detail goes in ``detail`` for logs.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from progress.messages import N_, Message


class StoreError(Exception):
    """Base of every progress error; ``str()`` is the message for a grown-up."""

    def __init__(self, message: str, *, path: Path | None = None, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.detail = detail

    def __str__(self) -> str:
        return self.message


class DataDirError(StoreError):
    """The data folder cannot be created or written to."""


class CorruptDataError(StoreError):
    """The data file is damaged or is not a Tiny Hands data file.

    The damaged file has already been moved aside (``moved_to``); ``latest_backup`` is
    the backup the app should offer to restore, or None when there is none.
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path,
        moved_to: Path | None,
        latest_backup: Path | None,
        detail: str = "",
    ) -> None:
        super().__init__(message, path=path, detail=detail)
        self.moved_to = moved_to
        self.latest_backup = latest_backup


class DecisionPendingError(CorruptDataError):
    """A damaged or unexpected data file was found earlier and a grown-up has not yet
    chosen (restore a backup, or start empty): nothing may make a new file meanwhile."""


class AlreadyRunningError(StoreError):
    """Another Tiny Hands window already holds the data folder."""


class StoreBusyError(StoreError):
    """Another program holds a lock on the data file for too long."""


class ReadOnlyError(StoreError):
    """The data file or its folder cannot be written."""


class DiskFullError(StoreError):
    """The disk holding the data file is full."""


class StoreClosedError(StoreError):
    """The store was used after ``close()``: a programming error, worded anyway."""


class NotFoundError(StoreError):
    """A child, session, goal or backup that does not exist (any more)."""


class BackupError(StoreError):
    """A backup could not be made or restored."""


def translate_sqlite_error(exc: sqlite3.Error, db_path: Path) -> StoreError:
    """Map an sqlite3 error to the StoreError a grown-up can act on.

    Uses the SQLite result code (Python 3.11+), never the English message text, so it
    does not depend on the SQLite build.
    """
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    name = getattr(exc, "sqlite_errorname", type(exc).__name__)
    detail = f"{name}: {exc}"
    folder = db_path.parent
    if primary == 13:  # SQLITE_FULL
        return DiskFullError(
            Message(
                N_(
                    "The disk is full, so Tiny Hands cannot save practice to {path}. "
                    "Free some space on this device; practice is kept in memory until then "
                    "and saved as soon as there is room."
                ),
                path=db_path,
            ),
            path=db_path,
            detail=detail,
        )
    if primary in (5, 6):  # SQLITE_BUSY, SQLITE_LOCKED
        return StoreBusyError(
            Message(
                N_(
                    "Another program is using the data file {path} (perhaps a second Tiny "
                    "Hands window or a backup tool). Close it; practice is kept in memory and "
                    "saved when the file is free."
                ),
                path=db_path,
            ),
            path=db_path,
            detail=detail,
        )
    if primary in (8, 3):  # SQLITE_READONLY, SQLITE_PERM
        return ReadOnlyError(
            Message(
                N_(
                    "Tiny Hands is not allowed to write to {path}. Check that the folder "
                    "{folder} is writable by this user and not on a read-only drive; practice "
                    "is kept in memory until it can be saved."
                ),
                path=db_path,
                folder=folder,
            ),
            path=db_path,
            detail=detail,
        )
    if primary in (11, 26):  # SQLITE_CORRUPT, SQLITE_NOTADB
        return CorruptDataError(
            Message(
                N_("The data file {path} is damaged or is not a Tiny Hands data file."),
                path=db_path,
            ),
            path=db_path,
            moved_to=None,
            latest_backup=None,
            detail=detail,
        )
    if primary == 14:  # SQLITE_CANTOPEN
        return DataDirError(
            Message(
                N_(
                    "Tiny Hands cannot open its data file {path}. Check that the folder "
                    "{folder} exists and is writable by this user."
                ),
                path=db_path,
                folder=folder,
            ),
            path=db_path,
            detail=detail,
        )
    if primary == 10:  # SQLITE_IOERR
        return ReadOnlyError(
            Message(
                N_(
                    "The device reported a read/write error on {path}. The disk may be "
                    "full, removed or failing; practice is kept in memory until it can be saved."
                ),
                path=db_path,
            ),
            path=db_path,
            detail=detail,
        )
    return StoreError(
        Message(
            N_(
                "Tiny Hands could not use its data file {path} ({name}). Restart the app; "
                "if this keeps happening, make a backup with `tinyhands backup` and report it."
            ),
            path=db_path,
            name=name,
        ),
        path=db_path,
        detail=detail,
    )
