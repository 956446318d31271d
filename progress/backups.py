"""Backups of the data file: a daily automatic copy (last 7 kept) and one on demand.

Copies are made with ``VACUUM INTO``, a consistent snapshot even while the app writes.
Names carry a sequence number, not just a date, so "the newest" and "the oldest" stay
right when the clock jumps backwards; the local date in the name is what "once a day"
is checked against. Damaged or replaced data files are moved aside, never deleted.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from datetime import date, datetime
from pathlib import Path

from progress.errors import BackupError, DataDirError
from progress.paths import (
    BACKUP_DIR_NAME,
    DB_NAME,
    PRIVATE_DIR_MODE,
    PRIVATE_FILE_MODE,
    make_private,
)

KEEP = 7
_NAME = re.compile(r"^tinyhands-(\d{6})-(\d{4}-\d{2}-\d{2})\.sqlite3$")
SIDECARS = ("-wal", "-shm", "-journal")


def backup_dir(data_dir: Path) -> Path:
    return data_dir / BACKUP_DIR_NAME


def list_backups(data_dir: Path) -> list[Path]:
    """Finished backups, newest first (by sequence number)."""
    folder = backup_dir(data_dir)
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        m = _NAME.match(p.name)
        if m and p.is_file():
            found.append((int(m.group(1)), p))
    return [p for _, p in sorted(found, reverse=True)]


def latest_backup(data_dir: Path) -> Path | None:
    backups = list_backups(data_dir)
    return backups[0] if backups else None


def backup_local_date(path: Path) -> date | None:
    m = _NAME.match(path.name)
    return date.fromisoformat(m.group(2)) if m else None


def backup_due(data_dir: Path, today: date) -> bool:
    return all(backup_local_date(p) != today for p in list_backups(data_dir))


def take_backup(conn: sqlite3.Connection, data_dir: Path, today: date) -> Path:
    """Snapshot the open database into the backup folder; prune to the newest KEEP."""
    folder = backup_dir(data_dir)
    try:
        folder.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
        backups = list_backups(data_dir)
        seq = int(_NAME.match(backups[0].name).group(1)) + 1 if backups else 1  # type: ignore[union-attr]
        final = folder / f"tinyhands-{seq:06d}-{today.isoformat()}.sqlite3"
        partial = folder / f".partial-{final.name}"
        partial.unlink(missing_ok=True)
        # Created empty and private first, so the copy is never readable by others.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
        os.close(fd)
        make_private(partial)
    except OSError as exc:
        raise BackupError(
            f"Tiny Hands could not make a backup in {folder}: {exc.strerror or exc}. "
            "Check that the folder is writable and the disk is not full.",
            path=folder,
            detail=repr(exc),
        ) from exc
    try:
        conn.execute("VACUUM INTO ?", (str(partial),))
        _fsync(partial)
        os.replace(partial, final)
        _fsync_dir(folder)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(
            f"Tiny Hands could not make a backup in {folder} ({exc}). "
            "Check that the disk is not full; your practice data itself is unchanged.",
            path=folder,
            detail=repr(exc),
        ) from exc
    for old in list_backups(data_dir)[KEEP:]:
        old.unlink(missing_ok=True)
    return final


def check_backup(path: Path) -> None:
    """Raise BackupError unless ``path`` is a readable, intact SQLite file."""
    if not path.is_file():
        raise BackupError(f"The backup {path} does not exist.", path=path)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(
            f"The backup {path} cannot be read ({exc}); choose an older backup.",
            path=path,
            detail=repr(exc),
        ) from exc
    if result != "ok":
        raise BackupError(
            f"The backup {path} is damaged; choose an older backup.", path=path, detail=result
        )


def move_aside(db_path: Path, reason: str, now: datetime) -> Path:
    """Rename the data file (and its -wal/-shm) to a unique name next to it; never delete."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    base = db_path.with_name(f"{db_path.name}.{reason}-{stamp}")
    target = base
    n = 1
    while target.exists() or any(Path(f"{target}{s}").exists() for s in SIDECARS):
        n += 1
        target = base.with_name(f"{base.name}-{n}")
    try:
        for suffix in SIDECARS:
            side = Path(f"{db_path}{suffix}")
            if side.exists():
                os.replace(side, Path(f"{target}{suffix}"))
        if db_path.exists():
            os.replace(db_path, target)
    except OSError as exc:
        raise DataDirError(
            f"Tiny Hands could not move the data file {db_path} aside: {exc.strerror or exc}. "
            f"Check that the folder {db_path.parent} is writable.",
            path=db_path,
            detail=repr(exc),
        ) from exc
    return target


def install_backup(data_dir: Path, backup: Path, now: datetime) -> Path | None:
    """Make ``backup`` the data file; the current file (if any) is moved aside first.

    The caller must hold the instance lock and have closed its connection. Returns
    where the replaced file went.
    """
    check_backup(backup)
    db_path = data_dir / DB_NAME
    moved = move_aside(db_path, "replaced", now) if db_path.exists() else None
    partial = data_dir / f".restoring-{DB_NAME}"
    try:
        partial.unlink(missing_ok=True)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
        with open(backup, "rb") as src, os.fdopen(fd, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
        make_private(partial)
        os.replace(partial, db_path)
        _fsync_dir(data_dir)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(
            f"Tiny Hands could not restore the backup {backup} into {data_dir}: "
            f"{exc.strerror or exc}. Nothing was deleted"
            + (f"; the previous data file is at {moved}." if moved else "."),
            path=backup,
            detail=repr(exc),
        ) from exc
    return moved


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
