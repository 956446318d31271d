"""Backups of the data file: a daily automatic copy (last 7 kept) and one on demand.

What a backup holds (children, trials, the last day practised) is read from the copy
itself, so the list a grown-up chooses from is always true. Pruning never removes the
newest backup that holds any children or trials, nor the fullest one: a week of empty
copies (after a grown-up started empty, say) can never push the real data out.

Copies are made with ``VACUUM INTO``, a consistent snapshot even while the app writes.
Names carry a sequence number, not just a date, so "the newest" and "the oldest" stay
right when the clock jumps backwards; the local date in the name is what "once a day"
is checked against. Damaged or replaced data files are moved aside, never deleted.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from progress.errors import BackupError, DataDirError
from progress.messages import N_, Message, ngettext
from progress.paths import (
    BACKUP_DIR_NAME,
    DB_NAME,
    PRIVATE_DIR_MODE,
    PRIVATE_FILE_MODE,
    make_private,
)

log = logging.getLogger(__name__)

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


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """What one backup holds, read from the file; ``problem`` is set when it is unusable."""

    path: Path
    day: date | None
    children: int
    trials: int
    last_practice: date | None
    problem: str | None = None

    @property
    def has_data(self) -> bool:
        return self.problem is None and (self.children > 0 or self.trials > 0)

    def fuller_than(self, other: BackupInfo) -> bool:
        return (self.trials, self.children) > (other.trials, other.children)

    def describe(self) -> str:
        """One line for a grown-up: "2024-05-01: 2 children, 59 trials (last practice ...)"."""
        when = self.day.isoformat() if self.day else Message(N_("undated"))
        if self.problem:
            return Message(
                N_("{when}: cannot be used ({problem})"), when=when, problem=self.problem
            )
        kids = ngettext("{n} child", "{n} children", self.children)
        trials = ngettext("{n} trial", "{n} trials", self.trials)
        if self.last_practice:
            return Message(
                N_("{when}: {children}, {trials}, last practice {last}"),
                when=when,
                children=kids,
                trials=trials,
                last=self.last_practice.isoformat(),
            )
        return Message(N_("{when}: {children}, {trials}"), when=when, children=kids, trials=trials)


def _open_ro(path: Path) -> sqlite3.Connection:
    # immutable: a backup is never written after it is made, and a read-only look must
    # not create -wal/-shm files beside it.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def tinyhands_file_problem(conn: sqlite3.Connection) -> str | None:
    """Why an open SQLite file is not Tiny Hands data we can use, or None."""
    from progress.schema import APPLICATION_ID, SCHEMA_VERSION

    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id != APPLICATION_ID:
        return Message(N_("it is not a Tiny Hands data file (it was made by another program)"))
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version < 1:
        return Message(N_("it is not a Tiny Hands data file"))
    if version > SCHEMA_VERSION:
        return Message(N_("it was written by a newer version of Tiny Hands"))
    return None


def backup_info(path: Path) -> BackupInfo:
    day = backup_local_date(path)
    try:
        conn = _open_ro(path)
        try:
            problem = tinyhands_file_problem(conn)
            if problem:
                return BackupInfo(path, day, 0, 0, None, problem)
            children = conn.execute("SELECT count(*) FROM child").fetchone()[0]
            trials, last = conn.execute("SELECT count(*), max(local_date) FROM trial").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return BackupInfo(
            path, day, 0, 0, None, Message(N_("it cannot be read: {error}"), error=exc)
        )
    return BackupInfo(path, day, children, trials, date.fromisoformat(last) if last else None)


def list_backup_infos(data_dir: Path) -> list[BackupInfo]:
    """Every finished backup with what it holds, newest first."""
    return [backup_info(p) for p in list_backups(data_dir)]


def best_backup(data_dir: Path) -> Path | None:
    """The backup to offer after damage: the newest that holds children or trials."""
    infos = list_backup_infos(data_dir)
    for info in infos:
        if info.has_data:
            return info.path
    usable = [i for i in infos if i.problem is None]
    return usable[0].path if usable else None


def backup_due(data_dir: Path, today: date) -> bool:
    """The day's first backup is due (later ones follow practice: ``Store.backup_if_due``)."""
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
            Message(
                N_(
                    "Tiny Hands could not make a backup in {folder}: {error}. "
                    "Check that the folder is writable and the disk is not full."
                ),
                folder=folder,
                error=exc.strerror or exc,
            ),
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
            Message(
                N_(
                    "Tiny Hands could not make a backup in {folder} ({error}). "
                    "Check that the disk is not full; your practice data itself is unchanged."
                ),
                folder=folder,
                error=exc,
            ),
            path=folder,
            detail=repr(exc),
        ) from exc
    prune(data_dir)
    return final


def protected_backups(infos: list[BackupInfo]) -> set[Path]:
    """The newest backup holding any data, and the fullest one (newest of equals)."""
    keep: set[Path] = set()
    with_data = [i for i in infos if i.has_data]
    if with_data:
        keep.add(with_data[0].path)
        fullest = with_data[0]
        for info in with_data[1:]:
            if info.fuller_than(fullest):
                fullest = info
        keep.add(fullest.path)
    return keep


def prune(data_dir: Path) -> list[Path]:
    """Keep the newest backup of each of the last KEEP days that have one (a day with
    several sessions has several), the newest two, and the protected ones; return what
    was removed."""
    infos = list_backup_infos(data_dir)
    per_day: dict[date | None, Path] = {}
    for info in infos:  # newest first: the first seen of a day is its newest
        if info.day not in per_day and len(per_day) < KEEP:
            per_day[info.day] = info.path
    keep = set(per_day.values()) | {i.path for i in infos[:2]} | protected_backups(infos)
    removed = []
    for info in infos:
        if info.path not in keep:
            info.path.unlink(missing_ok=True)
            removed.append(info.path)
    return removed


def emptier_note(new: BackupInfo, infos: list[BackupInfo]) -> str | None:
    """Words for a grown-up when a new backup holds less than an older one still kept."""
    fuller = [i for i in infos if i.path != new.path and i.has_data and i.fuller_than(new)]
    if not fuller:
        return None
    best = fuller[0]
    return Message(
        N_(
            "The new backup holds less than an earlier one ({new}; earlier {earlier}). "
            "The earlier backup is kept and will not be removed: {path}"
        ),
        new=new.describe(),
        earlier=best.describe(),
        path=best.path,
    )


def check_backup(path: Path) -> None:
    """Raise BackupError unless ``path`` is an intact Tiny Hands data file (by its
    ``application_id`` and schema version), so nothing foreign is ever restored."""
    if not path.is_file():
        raise BackupError(Message(N_("The backup {path} does not exist."), path=path), path=path)
    try:
        conn = _open_ro(path)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
            problem = tinyhands_file_problem(conn) if result == "ok" else None
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError(
            Message(
                N_("The backup {path} cannot be read ({error}); choose an older backup."),
                path=path,
                error=exc,
            ),
            path=path,
            detail=repr(exc),
        ) from exc
    if result != "ok":
        raise BackupError(
            Message(N_("The backup {path} is damaged; choose an older backup."), path=path),
            path=path,
            detail=result,
        )
    if problem is not None:
        raise BackupError(
            Message(
                N_(
                    "{path} cannot be restored because {problem}. Nothing was changed; choose "
                    "one of the backups listed by `tinyhands backup --list`."
                ),
                path=path,
                problem=problem,
            ),
            path=path,
            detail=problem,
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
            Message(
                N_(
                    "Tiny Hands could not move the data file {path} aside: {error}. "
                    "Check that the folder {folder} is writable."
                ),
                path=db_path,
                error=exc.strerror or exc,
                folder=db_path.parent,
            ),
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
            Message(
                N_(
                    "Tiny Hands could not restore the backup {backup} into {folder}: {error}. "
                    "Nothing was deleted; the previous data file is at {moved}."
                )
                if moved
                else N_(
                    "Tiny Hands could not restore the backup {backup} into {folder}: {error}. "
                    "Nothing was deleted."
                ),
                backup=backup,
                folder=data_dir,
                error=exc.strerror or exc,
                moved=moved,
            ),
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
