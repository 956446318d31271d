"""The per-child store: one SQLite file in the data folder, written one transaction per event.

Why it is built this way:
* WAL + ``synchronous=FULL``: a trial is durable the moment ``save_trial`` returns, and
  a crash (or SIGKILL, or a power cut) loses at most the trial still being played.
* Foreign keys on every connection: removing a child removes all their data, nothing
  is left dangling.
* Every time is stored as a UTC instant *and* the local date + UTC offset it had when it
  happened, so days and streaks survive DST, travel and clocks set backwards.
* sqlite3 errors never leak: each is turned into a StoreError a grown-up can act on.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple, Self

from pydantic import TypeAdapter

from progress import backups as _backups
from progress import streaks
from progress.decision import (
    PendingDecision,
    clear_decision,
    read_decision,
    write_decision,
)
from progress.errors import (
    CorruptDataError,
    DecisionPendingError,
    NotFoundError,
    StoreClosedError,
    StoreError,
    translate_sqlite_error,
)
from progress.lock import InstanceLock
from progress.messages import N_, Message
from progress.models import (
    Child,
    ChildIn,
    ClinicalRecord,
    Goal,
    GoalIn,
    HomeProgram,
    PracticeSession,
    Reward,
    Trial,
    TrialIn,
)
from progress.paths import DB_NAME, ensure_private_dir, make_private
from progress.samples import FORMAT_VERSION, decode_samples, encode_samples
from progress.schema import APPLICATION_ID, SCHEMA_VERSION, NewerSchemaError, migrate
from progress.wal import WalCopy, keep_copy, lost_commits

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
"""Returns the current *aware local* time; injectable so tests can move zones and clocks."""

SQLITE_HEADER = b"SQLite format 3\x00"
SUSPECT_MARKER = ".check-integrity"
GARBLED_WAL_NOTE = "tinyhands.garbled-journal.txt"  # names a kept WAL for the grown-up
WAL_AUTOCHECKPOINT_PAGES = 8000  # ~32 MB of WAL at most between idle checkpoints


def local_now() -> datetime:
    return datetime.now().astimezone()


def _checked_keys(keys: Sequence[str]) -> list[str]:
    """Geometry keys go into SQL text: only plain identifiers are accepted."""
    out = []
    for k in keys:
        if not (isinstance(k, str) and k.isidentifier() and k.isascii()):
            raise ValueError(f"not a geometry key: {k!r}")
        out.append(k)
    return out


@functools.cache
def _trial_list() -> TypeAdapter[list[Trial]]:
    """Built on first use: schema building at import would slow the app's start."""
    return TypeAdapter(list[Trial])


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _num(value: float | None) -> str:
    return "null" if value is None else repr(float(value))


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _offset_min(moment: datetime) -> int:
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError("times must carry their time zone (an aware datetime)")
    return round(offset.total_seconds() / 60)


class RewardsSummary(NamedTuple):
    total_stars: int
    stickers: list[str]


class Store:
    """The open data file. Use ``Store.open``; one instance per process. Not thread-safe:
    one thread at a time (``progress.safe.SafeStore`` hands it between the app's frame
    thread and its writer thread, never to both at once)."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        data_dir: Path,
        lock: InstanceLock | None,
        clock: Clock,
        busy_timeout_ms: int,
    ) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.data_dir = data_dir
        self.db_path = data_dir / DB_NAME
        self._lock = lock
        self._clock = clock
        self._busy_timeout_ms = busy_timeout_ms
        self._snapshot: Path | None = None  # a private read-only copy, removed on close

    # ----------------------------------------------------------------- opening

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        clock: Clock = local_now,
        exclusive: bool = True,
        auto_backup: bool = True,
        busy_timeout_ms: int = 1000,
    ) -> Store:
        """Open (creating if needed) the data file, migrate it and take the daily backup.

        ``exclusive`` takes the one-app-per-folder lock (the game); the CLI passes False
        so a grown-up can add a child while the game is open. A damaged or foreign file
        is moved aside and CorruptDataError names it and the latest backup.
        """
        data_dir = Path(data_dir)
        ensure_private_dir(data_dir)
        lock = InstanceLock(data_dir) if exclusive else None
        if lock is not None:
            lock.acquire()
        try:
            conn = cls._connect_checked(data_dir, clock, busy_timeout_ms, lock_held=exclusive)
            store = cls(conn, data_dir, lock, clock, busy_timeout_ms)
            if auto_backup:
                store.backup_if_due()
            return store
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    @classmethod
    def open_readonly(cls, data_dir: Path, *, clock: Clock = local_now) -> Store:
        """Open for reading only (export, listing): works on a read-only folder or drive,
        never creates, moves or migrates anything.

        Where the folder is writable this is a normal shared open. Where it is not, the
        file is opened immutable, or, when a journal (-wal) holds committed data SQLite
        could not read in place, from a private copy that is removed on close.
        """
        data_dir = Path(data_dir)
        db_path = data_dir / DB_NAME
        pending = read_decision(data_dir)
        if pending is not None:
            raise decision_error(data_dir, pending)
        if not db_path.is_file() or db_path.stat().st_size == 0:
            raise NotFoundError(
                Message(
                    N_(
                        "There is no Tiny Hands data in {folder} yet (use --data-dir to name the "
                        "folder that holds it)."
                    ),
                    folder=data_dir,
                ),
                path=db_path,
            )
        if os.access(data_dir, os.W_OK) and os.access(db_path, os.W_OK):
            return cls.open(data_dir, clock=clock, exclusive=False, auto_backup=False)
        snapshot: Path | None = None
        try:
            wal = Path(f"{db_path}-wal")
            if wal.exists() and wal.stat().st_size > 0:
                snapshot = Path(tempfile.mkdtemp(prefix="tinyhands-read-"))
                for suffix in ("", "-wal"):
                    shutil.copyfile(f"{db_path}{suffix}", snapshot / f"{DB_NAME}{suffix}")
                conn = sqlite3.connect(snapshot / DB_NAME, isolation_level=None)
            else:
                conn = sqlite3.connect(
                    f"{db_path.resolve().as_uri()}?mode=ro&immutable=1",
                    uri=True,
                    isolation_level=None,
                )
            problem = _backups.tinyhands_file_problem(conn)
            if problem:
                conn.close()
                raise CorruptDataError(
                    Message(
                        N_("The data file {path} cannot be read because {problem}."),
                        path=db_path,
                        problem=problem,
                    ),
                    path=db_path,
                    moved_to=None,
                    latest_backup=None,
                )
            conn.execute("PRAGMA query_only = ON")
        except sqlite3.Error as exc:
            if snapshot is not None:
                shutil.rmtree(snapshot, ignore_errors=True)
            raise translate_sqlite_error(exc, db_path) from exc
        except BaseException:
            if snapshot is not None:
                shutil.rmtree(snapshot, ignore_errors=True)
            raise
        store = cls(conn, data_dir, None, clock, 0)
        store._snapshot = snapshot
        return store

    @classmethod
    def _connect_checked(
        cls, data_dir: Path, clock: Clock, busy_timeout_ms: int, *, lock_held: bool
    ) -> sqlite3.Connection:
        db_path = data_dir / DB_NAME
        marker = data_dir / SUSPECT_MARKER
        pending = read_decision(data_dir)
        if pending is not None:
            raise decision_error(data_dir, pending)
        if db_path.exists():
            try:
                size = db_path.stat().st_size
                with open(db_path, "rb") as f:
                    head = f.read(len(SQLITE_HEADER))
            except OSError as exc:
                raise StoreError(
                    Message(
                        N_(
                            "Tiny Hands cannot read its data file {path}: {error}. "
                            "Check that this user may read it."
                        ),
                        path=db_path,
                        error=exc.strerror or exc,
                    ),
                    path=db_path,
                    detail=repr(exc),
                ) from exc
            if head and head != SQLITE_HEADER:
                raise cls._quarantine(
                    data_dir,
                    clock,
                    lock_held,
                    Message(N_("it is not a Tiny Hands data file")),
                    "foreign",
                )
            if size == 0 and _data_expected(data_dir):
                # An empty file where backups hold data: emptied by a fault, not new.
                raise cls._quarantine(
                    data_dir, clock, lock_held, Message(N_("it is empty")), "empty"
                )
            try:
                make_private(db_path)
            except OSError:
                pass  # not our file to chmod (e.g. another owner); opening will say more
        else:
            if _data_expected(data_dir):
                raise cls._missing(data_dir, clock)
            _create_private(db_path)
        wal_copy = cls._keep_wal(data_dir, clock) if lock_held else None
        conn: sqlite3.Connection | None = None
        try:
            conn = _connect(db_path, busy_timeout_ms)
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables and version == 0):
                conn.close()
                raise cls._quarantine(
                    data_dir,
                    clock,
                    lock_held,
                    Message(N_("it was made by another program")),
                    "foreign",
                )
            if marker.exists():
                result = conn.execute("PRAGMA quick_check").fetchone()[0]
                if result != "ok":
                    conn.close()
                    raise cls._quarantine(
                        data_dir,
                        clock,
                        lock_held,
                        Message(N_("it is damaged")),
                        "damaged",
                        detail=result,
                    )
                marker.unlink(missing_ok=True)
            if wal_copy is not None:
                cls._judge_wal(conn, wal_copy)
            if 0 < version < SCHEMA_VERSION:
                # The step to a new schema is safe by itself (one transaction), but the
                # file a grown-up may want back is the one from before it.
                _backups.take_backup(conn, data_dir, clock().date())
            migrate(conn)
            return conn
        except NewerSchemaError as exc:
            assert conn is not None
            conn.close()
            raise StoreError(
                Message(
                    N_(
                        "The data file {path} was written by a newer version of Tiny Hands. "
                        "Update Tiny Hands on this device to open it; the file was left unchanged."
                    ),
                    path=db_path,
                ),
                path=db_path,
                detail=f"user_version {exc.args[0]}",
            ) from exc
        except BaseException as exc:
            if conn is not None:
                conn.close()
            if not isinstance(exc, sqlite3.Error):
                raise
            err = translate_sqlite_error(exc, db_path)
            if isinstance(err, CorruptDataError):
                raise cls._quarantine(
                    data_dir,
                    clock,
                    lock_held,
                    Message(N_("it is damaged")),
                    "damaged",
                    detail=err.detail,
                ) from exc
            raise err from exc

    @staticmethod
    def _keep_wal(data_dir: Path, clock: Clock) -> WalCopy | None:
        """A WAL left by a run that did not close cleanly: copy it before SQLite reads it."""
        wal = data_dir / f"{DB_NAME}-wal"
        target = data_dir / f"{DB_NAME}-wal.kept-{clock():%Y%m%d-%H%M%S-%f}"
        try:
            return keep_copy(wal, target)
        except OSError as exc:  # a full disk: no copy, and SQLite's recovery goes ahead
            target.unlink(missing_ok=True)
            log.warning("the leftover WAL %s could not be copied aside: %s", wal, exc)
            return None

    @staticmethod
    def _judge_wal(conn: sqlite3.Connection, copy: WalCopy) -> None:
        """Keep the copy only when SQLite dropped committed frames from the WAL."""
        _busy, valid, _done = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        lost = lost_commits(copy, max(0, valid))
        if lost:
            log.error(
                "the data file's journal was garbled: %d committed transaction(s) dropped by "
                "SQLite; the journal is kept at %s",
                lost,
                copy.path,
            )
            try:
                (copy.path.parent / GARBLED_WAL_NOTE).write_text(str(copy.path) + "\n")
            except OSError:
                pass
        else:
            copy.path.unlink(missing_ok=True)

    @staticmethod
    def _missing(data_dir: Path, clock: Clock) -> DecisionPendingError:
        db_path = data_dir / DB_NAME
        best = _backups.best_backup(data_dir)
        message = (
            Message(
                N_(
                    "The data file {path} is missing, but Tiny Hands has kept data before (the "
                    "backup {backup} holds it). Restore a backup, or start with an empty file."
                ),
                path=db_path,
                backup=best,
            )
            if best
            else Message(
                N_(
                    "The data file {path} is missing, but Tiny Hands has kept data before. "
                    "Restore a backup, or start with an empty file."
                ),
                path=db_path,
            )
        )
        try:
            note = write_decision(data_dir, "missing", message, clock())
        except OSError:
            note = None
        return DecisionPendingError(
            note.message if note else message,
            path=db_path,
            moved_to=None,
            latest_backup=best,
        )

    @staticmethod
    def _quarantine(
        data_dir: Path, clock: Clock, lock_held: bool, why: str, reason: str, detail: str = ""
    ) -> CorruptDataError:
        db_path = data_dir / DB_NAME
        temp_lock = None if lock_held else InstanceLock(data_dir)
        try:
            if temp_lock is not None:
                temp_lock.acquire()
        except StoreError:
            # The game has the file open: moving it under its feet would be worse.
            return CorruptDataError(
                Message(
                    N_(
                        "The data file {path} could not be used because {why}. Close Tiny Hands "
                        "and start it again: it will move the file aside and offer the latest "
                        "backup."
                    ),
                    path=db_path,
                    why=why,
                ),
                path=db_path,
                moved_to=None,
                latest_backup=_backups.best_backup(data_dir),
                detail=detail,
            )
        try:
            moved = _backups.move_aside(db_path, "damaged", clock())
            (data_dir / SUSPECT_MARKER).unlink(missing_ok=True)
            latest = _backups.best_backup(data_dir)
            offer = (
                Message(
                    N_(
                        "The backup to restore is {backup} ({holds}); restore it (grown-ups' "
                        "area, or `tinyhands backup --restore latest`), or start with an empty "
                        "file."
                    ),
                    backup=latest,
                    holds=_backups.backup_info(latest).describe(),
                )
                if latest
                else Message(
                    N_("There is no backup to restore; a grown-up can start with an empty file.")
                )
            )
            message = Message(
                N_(
                    "The data file {path} could not be used because {why}. It was moved to "
                    "{moved} (nothing was deleted). {offer}"
                ),
                path=db_path,
                why=why,
                moved=moved,
                offer=offer,
            )
            try:
                write_decision(data_dir, reason, message, clock(), moved_to=moved)
            except OSError as exc:  # a full disk: the missing file asks again next time
                log.warning("the decision note could not be written: %s", exc)
        finally:
            if temp_lock is not None:
                temp_lock.release()
        return DecisionPendingError(
            message, path=db_path, moved_to=moved, latest_backup=latest, detail=detail
        )

    # ----------------------------------------------------------------- plumbing

    def close(self) -> None:
        conn, self._conn = self._conn, None
        try:
            if conn is not None:
                try:
                    conn.execute("PRAGMA optimize")
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                except sqlite3.Error:
                    pass
                conn.close()
        finally:
            if self._lock is not None:
                self._lock.release()
            if self._snapshot is not None:
                shutil.rmtree(self._snapshot, ignore_errors=True)
                self._snapshot = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        return self._conn is None

    @property
    def connection(self) -> sqlite3.Connection:
        """The raw connection, for tests and tools; application code uses the methods."""
        return self._db()

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreClosedError(
                Message(
                    N_("The data file {path} is closed; restart Tiny Hands."), path=self.db_path
                ),
                path=self.db_path,
            )
        return self._conn

    def now(self) -> datetime:
        return self._clock()

    def checkpoint(self) -> None:
        """Fold the WAL into the main file; call at idle moments (menus, session end) so
        the fsync it needs never lands inside a trial save."""
        with self._errors():
            self._db().execute("PRAGMA wal_checkpoint(PASSIVE)")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            err = translate_sqlite_error(exc, self.db_path)
            if isinstance(err, CorruptDataError):
                # Checked at the next start, where the file can be moved aside safely.
                try:
                    (self.data_dir / SUSPECT_MARKER).touch()
                except OSError:
                    pass
                err = CorruptDataError(
                    Message(
                        N_(
                            "The data file {path} is damaged. Close and reopen Tiny Hands: it "
                            "will be checked and the latest backup offered. Practice is kept in "
                            "memory until then."
                        ),
                        path=self.db_path,
                    ),
                    path=self.db_path,
                    moved_to=None,
                    latest_backup=_backups.latest_backup(self.data_dir),
                    detail=err.detail,
                )
            raise err from exc

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; BEGIN IMMEDIATE so a lock conflict shows up at once."""
        conn = self._db()
        with self._errors():
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._errors():
            return self._db().execute(sql, params).fetchall()

    # ----------------------------------------------------------------- children

    def add_child(
        self,
        display_name: str,
        avatar: str = "",
        handedness: str = "right",
        birth_year: int | None = None,
        record: ClinicalRecord | None = None,
    ) -> Child:
        data = ChildIn(
            display_name=display_name,
            avatar=avatar,
            handedness=handedness,  # type: ignore[arg-type]
            birth_year=birth_year,
            record=record if record is not None else ClinicalRecord(),
        )
        created = self.now()
        with self._write() as db:
            cur = db.execute(
                "INSERT INTO child (display_name, avatar, handedness, birth_year, created_utc,"
                " uuid, record_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    data.display_name,
                    data.avatar,
                    data.handedness,
                    data.birth_year,
                    _utc_text(created),
                    str(uuid.uuid4()),
                    data.record.model_dump_json(),
                ),
            )
            child_id = cur.lastrowid
        assert child_id is not None
        return self.get_child(child_id)

    _CHILD_COLS = "id, display_name, avatar, handedness, birth_year, created_utc, uuid, record_json"

    @staticmethod
    def _child(row: tuple[Any, ...]) -> Child:
        return Child(
            id=row[0],
            display_name=row[1],
            avatar=row[2],
            handedness=row[3],
            birth_year=row[4],
            created=_parse_utc(row[5]),
            uuid=row[6] or "",
            record=ClinicalRecord.model_validate_json(row[7] or "{}"),
        )

    def list_children(self) -> list[Child]:
        rows = self._read(f"SELECT {self._CHILD_COLS} FROM child ORDER BY id")
        return [self._child(r) for r in rows]

    def get_child(self, child_id: int) -> Child:
        rows = self._read(f"SELECT {self._CHILD_COLS} FROM child WHERE id = ?", (child_id,))
        if not rows:
            raise NotFoundError(
                Message(
                    N_("There is no child number {number} in {path}."),
                    number=child_id,
                    path=self.db_path,
                )
            )
        return self._child(rows[0])

    def find_children(self, name: str) -> list[Child]:
        """Children whose display name is exactly ``name`` (names need not be unique)."""
        rows = self._read(
            f"SELECT {self._CHILD_COLS} FROM child WHERE display_name = ? ORDER BY id", (name,)
        )
        return [self._child(r) for r in rows]

    def update_child(self, child: Child) -> Child:
        data = ChildIn(
            display_name=child.display_name,
            avatar=child.avatar,
            handedness=child.handedness,
            birth_year=child.birth_year,
            record=child.record,
        )
        with self._write() as db:
            cur = db.execute(
                "UPDATE child SET display_name = ?, avatar = ?, handedness = ?, birth_year = ?,"
                " record_json = ? WHERE id = ?",
                (
                    data.display_name,
                    data.avatar,
                    data.handedness,
                    data.birth_year,
                    data.record.model_dump_json(),
                    child.id,
                ),
            )
            if cur.rowcount == 0:
                raise NotFoundError(
                    Message(
                        N_("There is no child number {number} in {path}."),
                        number=child.id,
                        path=self.db_path,
                    )
                )
        return self.get_child(child.id)

    def remove_child(self, child_id: int) -> None:
        """Delete the child and, through the foreign keys, all their data."""
        with self._write() as db:
            cur = db.execute("DELETE FROM child WHERE id = ?", (child_id,))
            if cur.rowcount == 0:
                raise NotFoundError(
                    Message(
                        N_("There is no child number {number} in {path}."),
                        number=child_id,
                        path=self.db_path,
                    )
                )
        with self._errors():
            # Push the deletion out of the WAL so the removed data is not kept there.
            self._db().execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # ----------------------------------------------------------------- sessions

    _SESSION_COLS = (
        "id, child_id, device, input_kind, started_utc, local_date, utc_offset_min,"
        " ended_utc, minutes, uuid"
    )

    @staticmethod
    def _session(row: tuple[Any, ...]) -> PracticeSession:
        return PracticeSession(
            id=row[0],
            child_id=row[1],
            device=row[2],
            input_kind=row[3],
            started_at=_parse_utc(row[4]),
            local_date=date.fromisoformat(row[5]),
            utc_offset_min=row[6],
            ended_at=_parse_utc(row[7]) if row[7] else None,
            minutes=row[8],
            uuid=row[9] or "",
        )

    def start_session(
        self, child_id: int, device: str, input_kind: str, at: datetime | None = None
    ) -> PracticeSession:
        """Open a practice session; its day is the local date right now (or at ``at``, the
        moment it was asked for when it is written a little later), recorded for good."""
        started = at or self.now()
        with self._write() as db:
            self._require_child(db, child_id)
            cur = db.execute(
                "INSERT INTO practice_session (child_id, device, input_kind, started_utc,"
                " local_date, utc_offset_min, uuid) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    child_id,
                    device,
                    input_kind,
                    _utc_text(started),
                    started.date().isoformat(),
                    _offset_min(started),
                    str(uuid.uuid4()),
                ),
            )
            session_id = cur.lastrowid
        assert session_id is not None
        return self.get_session(session_id)

    def get_session(self, session_id: int) -> PracticeSession:
        rows = self._read(
            f"SELECT {self._SESSION_COLS} FROM practice_session WHERE id = ?", (session_id,)
        )
        if not rows:
            raise NotFoundError(
                Message(
                    N_("There is no practice session {number} in {path}."),
                    number=session_id,
                    path=self.db_path,
                )
            )
        return self._session(rows[0])

    def sessions(
        self, child_id: int, since: date | None = None, until: date | None = None
    ) -> list[PracticeSession]:
        sql = f"SELECT {self._SESSION_COLS} FROM practice_session WHERE child_id = ?"
        params: list[Any] = [child_id]
        if since is not None:
            sql += " AND local_date >= ?"
            params.append(since.isoformat())
        if until is not None:
            sql += " AND local_date <= ?"
            params.append(until.isoformat())
        rows = self._read(sql + " ORDER BY started_utc, id", tuple(params))
        return [self._session(r) for r in rows]

    def add_session_minutes(self, session_id: int, minutes: float) -> PracticeSession:
        """Add active play minutes (measured on a monotonic clock) as play goes on, so a
        crash still counts what was played."""
        if not minutes >= 0:
            raise ValueError(f"minutes must be zero or more, not {minutes}")
        with self._write() as db:
            cur = db.execute(
                "UPDATE practice_session SET minutes = minutes + ? WHERE id = ?",
                (minutes, session_id),
            )
            if cur.rowcount == 0:
                raise NotFoundError(
                    Message(N_("There is no practice session {number}."), number=session_id)
                )
        return self.get_session(session_id)

    def end_session(
        self, session_id: int, minutes: float, at: datetime | None = None
    ) -> PracticeSession:
        """Close the session with its total active minutes (from a monotonic clock, never
        from wall-clock end minus start, which jumps with DST and clock changes); ``at``:
        when it ended, if that was before this call."""
        if not minutes >= 0:
            raise ValueError(f"minutes must be zero or more, not {minutes}")
        ended = at or self.now()
        with self._write() as db:
            cur = db.execute(
                "UPDATE practice_session SET minutes = ?, ended_utc = ? WHERE id = ?",
                (minutes, _utc_text(ended), session_id),
            )
            if cur.rowcount == 0:
                raise NotFoundError(
                    Message(N_("There is no practice session {number}."), number=session_id)
                )
        self.checkpoint()
        return self.get_session(session_id)

    def minutes_by_day(
        self, child_id: int, since: date | None = None, until: date | None = None
    ) -> dict[date, float]:
        """Active minutes per local day, each session counted on the day it started."""
        sql = "SELECT local_date, SUM(minutes) FROM practice_session WHERE child_id = ?"
        params: list[Any] = [child_id]
        if since is not None:
            sql += " AND local_date >= ?"
            params.append(since.isoformat())
        if until is not None:
            sql += " AND local_date <= ?"
            params.append(until.isoformat())
        rows = self._read(sql + " GROUP BY local_date ORDER BY local_date", tuple(params))
        return {date.fromisoformat(d): float(m) for d, m in rows}

    def _minutes_where(self, child_id: int, graded: bool) -> dict[date, float]:
        """Minutes per local day of home sessions (no graded trial) or of clinic sessions
        (graded tasks), each session on the day it started."""
        test = "EXISTS" if graded else "NOT EXISTS"
        rows = self._read(
            "SELECT s.local_date, SUM(s.minutes) FROM practice_session s WHERE s.child_id = ?"
            f" AND {test} (SELECT 1 FROM trial t WHERE t.session_id = s.id AND t.graded = 1)"
            " GROUP BY s.local_date ORDER BY s.local_date",
            (child_id,),
        )
        return {date.fromisoformat(d): float(m) for d, m in rows}

    def home_minutes_by_day(self, child_id: int) -> dict[date, float]:
        """What the streak counts: practice at home, not graded tasks in the clinic."""
        return self._minutes_where(child_id, graded=False)

    def clinic_minutes_by_day(self, child_id: int) -> dict[date, float]:
        return self._minutes_where(child_id, graded=True)

    def interrupted_by_day(self, child_id: int) -> dict[date, int]:
        """Rounds left before their end (home button, window closed) per local day: their
        minutes count, they are never scored, and grown-ups are told how many there were."""
        rows = self._read(
            "SELECT local_date, COUNT(*) FROM trial WHERE child_id = ? AND interrupted = 1"
            " GROUP BY local_date ORDER BY local_date",
            (child_id,),
        )
        return {date.fromisoformat(d): int(n) for d, n in rows}

    def finished_practice_days(self, child_id: int) -> frozenset[date]:
        """Days the whole daily practice was finished: when the sun set the practice gave
        its own reward, of no stars and no trial (its sticker, or none if one was already
        earned that day)."""
        rows = self._read(
            "SELECT DISTINCT local_date FROM reward WHERE child_id = ? AND stars = 0"
            " AND trial_id IS NULL",
            (child_id,),
        )
        return frozenset(date.fromisoformat(d) for (d,) in rows)

    def streak(self, child_id: int, today: date | None = None) -> streaks.StreakSummary:
        """Current and longest streak (streaks.RULE_WORDS): each day judged by the
        program in force that day, home minutes only, a finished practice always counts."""
        program = self.get_home_program(child_id)
        return streaks.summary(
            self.home_minutes_by_day(child_id),
            today or self.now().date(),
            program.minutes_on,
            self.finished_practice_days(child_id),
        )

    def month_calendar(
        self, child_id: int, year: int, month: int, today: date | None = None
    ) -> list[streaks.CalendarDay]:
        program = self.get_home_program(child_id)
        return streaks.month_calendar(
            self.home_minutes_by_day(child_id),
            year,
            month,
            today=today or self.now().date(),
            goal_minutes=program.minutes_on,
            done_days=self.finished_practice_days(child_id),
        )

    # ----------------------------------------------------------------- trials

    def save_trial(
        self,
        trial: TrialIn,
        *,
        difficulty_state: dict[str, Any] | None = None,
        session_minutes: float = 0.0,
    ) -> int:
        """Write one finished trial, its samples and its stars in one transaction, with
        (when given) the game's new difficulty state and the minutes the round added to
        its session: one fsync per round, and never a trial without its staircase step.

        Returns the trial id once the data is on disk (WAL, synchronous=FULL).
        """
        if not session_minutes >= 0:
            raise ValueError(f"minutes must be zero or more, not {session_minutes}")
        state_text = (
            None
            if difficulty_state is None
            else json.dumps(difficulty_state, separators=(",", ":"), allow_nan=False)
        )
        if not isinstance(trial, TrialIn):
            trial = TrialIn.model_validate(trial)
        blob = encode_samples(trial.samples)
        started = trial.started_at or self.now()
        row = (
            trial.child_id,
            trial.session_id,
            trial.game_id,
            trial.difficulty,
            json.dumps(trial.params, separators=(",", ":")),
            _utc_text(started),
            started.date().isoformat(),
            _offset_min(started),
            trial.duration_s,
            int(trial.success),
            trial.score,
            json.dumps([m.model_dump() for m in trial.metrics], separators=(",", ":")),
            trial.metrics_version,
            json.dumps(trial.geometry, separators=(",", ":")),
            int(trial.graded),
            trial.cue_level,
            trial.app_version,
            len(trial.samples),
            trial.uuid or str(uuid.uuid4()),
            trial.kind,
            trial.tracked_difficulty,
            json.dumps([p.model_dump() for p in trial.presented], separators=(",", ":")),
            trial.bound_low,
            trial.bound_high,
            trial.at_bound,
            trial.success_rule,
            int(trial.interrupted),
        )
        with self._write() as db:
            self._require_child(db, trial.child_id)
            if trial.session_id is not None:
                found = db.execute(
                    "SELECT child_id FROM practice_session WHERE id = ?", (trial.session_id,)
                ).fetchone()
                if found is None or found[0] != trial.child_id:
                    raise NotFoundError(
                        Message(
                            N_(
                                "There is no practice session {number} for child {child} in {path}."
                            ),
                            number=trial.session_id,
                            child=trial.child_id,
                            path=self.db_path,
                        )
                    )
            cur = db.execute(
                "INSERT INTO trial (child_id, session_id, game_id, difficulty, params_json,"
                " started_utc, local_date, utc_offset_min, duration_s, success, score,"
                " metrics_json, metrics_version, geometry_json, graded, cue_level, app_version,"
                " sample_count, uuid, kind, tracked_difficulty, presented_json, bound_low,"
                " bound_high, at_bound, success_rule, interrupted)"
                f" VALUES ({', '.join('?' * len(row))})",
                row,
            )
            trial_id = cur.lastrowid
            db.execute(
                "INSERT INTO trial_samples (trial_id, codec, data) VALUES (?, ?, ?)",
                (trial_id, FORMAT_VERSION, blob),
            )
            if trial.stars or trial.sticker:
                db.execute(
                    "INSERT INTO reward (child_id, stars, sticker, trial_id, earned_utc,"
                    " local_date) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        trial.child_id,
                        trial.stars,
                        trial.sticker,
                        trial_id,
                        _utc_text(started),
                        started.date().isoformat(),
                    ),
                )
            if state_text is not None:
                self._upsert_difficulty(db, trial.child_id, trial.game_id, state_text)
            if session_minutes > 0 and trial.session_id is not None:
                db.execute(
                    "UPDATE practice_session SET minutes = minutes + ? WHERE id = ?",
                    (session_minutes, trial.session_id),
                )
        assert trial_id is not None
        return trial_id

    _TRIAL_COLS = (
        "t.id, t.child_id, t.session_id, t.game_id, t.difficulty, t.params_json, t.started_utc,"
        " t.local_date, t.utc_offset_min, t.duration_s, t.success, t.score, t.metrics_json,"
        " t.metrics_version, t.geometry_json, t.graded, t.cue_level, t.app_version,"
        " t.sample_count, t.uuid, t.kind, t.tracked_difficulty, t.presented_json, t.bound_low,"
        " t.bound_high, t.at_bound, t.success_rule, t.interrupted"
    )

    @staticmethod
    def _trial_json(row: tuple[Any, ...]) -> str:
        """One row as the JSON of a Trial (without samples).

        A year is ~7,300 trials: handing pydantic one JSON document for all of them is
        about 3x faster than json.loads plus model_validate per row, with the same checks.
        Floats use repr (shortest exact form); the JSON columns are inserted as stored.
        """
        return (
            f'{{"id":{row[0]},"child_id":{row[1]},'
            f'"session_id":{"null" if row[2] is None else row[2]},'
            f'"game_id":{_dumps(row[3])},"difficulty":{row[4]!r},"params":{row[5]},'
            f'"started_at":"{row[6]}","local_date":"{row[7]}","utc_offset_min":{row[8]},'
            f'"duration_s":{row[9]!r},"success":{"true" if row[10] else "false"},'
            f'"score":{row[11]!r},"metrics":{row[12]},"metrics_version":{row[13]},'
            f'"geometry":{row[14]},"graded":{"true" if row[15] else "false"},'
            f'"cue_level":{_dumps(row[16])},"app_version":{_dumps(row[17])},'
            f'"sample_count":{row[18]},"uuid":{_dumps(row[19] or "")},"kind":"{row[20]}",'
            f'"tracked_difficulty":{_num(row[21])},"presented":{row[22]},'
            f'"bound_low":{_num(row[23])},"bound_high":{_num(row[24])},'
            f'"at_bound":{_dumps(row[25])},"success_rule":{_dumps(row[26])},'
            f'"interrupted":{"true" if row[27] else "false"}}}'
        )

    @classmethod
    def _trials_from_rows(
        cls, rows: list[tuple[Any, ...]], blobs: list[bytes | None] | None
    ) -> list[Trial]:
        trials = _trial_list().validate_json("[" + ",".join(map(cls._trial_json, rows)) + "]")
        if blobs is None:
            return trials
        return [
            t if b is None else t.model_copy(update={"samples": decode_samples(b)})
            for t, b in zip(trials, blobs, strict=True)
        ]

    def trials(
        self,
        child_id: int,
        game: str | None = None,
        since: date | datetime | None = None,
        until: date | datetime | None = None,
        with_samples: bool = False,
        geometry_keys: Sequence[str] | None = None,
    ) -> list[Trial]:
        """Trials in time order. A ``date`` bound is a local day (inclusive); a ``datetime``
        bound is an instant (since inclusive, until exclusive).

        ``geometry_keys`` keeps only those top-level keys of each trial's geometry (SQLite
        picks them out): a year's geometry is megabytes of JSON that a summary mostly
        does not need (it asks for "strokes", to know which trials can be drawn).
        """
        cols = self._TRIAL_COLS
        if geometry_keys is not None:
            picks = ", ".join(
                f"'{k}', json_extract(t.geometry_json, '$.{k}')"
                for k in _checked_keys(geometry_keys)
            )
            cols = cols.replace("t.geometry_json", f"json_object({picks})" if picks else "'{}'")
        cols += ", s.data" if with_samples else ""
        sql = f"SELECT {cols} FROM trial t"
        if with_samples:
            sql += " LEFT JOIN trial_samples s ON s.trial_id = t.id"
        sql += " WHERE t.child_id = ?"
        params: list[Any] = [child_id]
        if game is not None:
            sql += " AND t.game_id = ?"
            params.append(game)
        for bound, op_day, op_time in ((since, ">=", ">="), (until, "<=", "<")):
            if bound is None:
                continue
            if isinstance(bound, datetime):
                sql += f" AND t.started_utc {op_time} ?"
                params.append(_utc_text(bound))
            else:
                sql += f" AND t.local_date {op_day} ?"
                params.append(bound.isoformat())
        rows = self._read(sql + " ORDER BY t.started_utc, t.id", tuple(params))
        if with_samples:
            return self._trials_from_rows([r[:-1] for r in rows], [r[-1] for r in rows])
        return self._trials_from_rows(rows, None)

    def games_played_on(self, child_id: int, day: date) -> list[str]:
        """Games with at least one trial on that local day, in the order first played."""
        rows = self._read(
            "SELECT game_id FROM trial WHERE child_id = ? AND local_date = ?"
            " GROUP BY game_id ORDER BY MIN(started_utc)",
            (child_id, day.isoformat()),
        )
        return [g for (g,) in rows]

    def get_trial(self, trial_id: int, with_samples: bool = True) -> Trial:
        rows = self._read(
            f"SELECT {self._TRIAL_COLS}, s.data FROM trial t"
            " LEFT JOIN trial_samples s ON s.trial_id = t.id WHERE t.id = ?",
            (trial_id,),
        )
        if not rows:
            raise NotFoundError(
                Message(
                    N_("There is no trial {number} in {path}."), number=trial_id, path=self.db_path
                )
            )
        row = rows[0]
        return self._trials_from_rows([row[:-1]], [row[-1]] if with_samples else None)[0]

    def _require_child(self, db: sqlite3.Connection, child_id: int) -> None:
        if db.execute("SELECT 1 FROM child WHERE id = ?", (child_id,)).fetchone() is None:
            raise NotFoundError(
                Message(
                    N_("There is no child number {number} in {path}."),
                    number=child_id,
                    path=self.db_path,
                )
            )

    # ----------------------------------------------------------------- difficulty

    def get_difficulty_state(self, child_id: int, game_id: str) -> dict[str, Any] | None:
        rows = self._read(
            "SELECT state_json FROM difficulty_state WHERE child_id = ? AND game_id = ?",
            (child_id, game_id),
        )
        return json.loads(rows[0][0]) if rows else None

    def set_difficulty_state(self, child_id: int, game_id: str, state: dict[str, Any]) -> None:
        text = json.dumps(state, separators=(",", ":"), allow_nan=False)
        with self._write() as db:
            self._require_child(db, child_id)
            self._upsert_difficulty(db, child_id, game_id, text)

    def _upsert_difficulty(
        self, db: sqlite3.Connection, child_id: int, game_id: str, state_json: str
    ) -> None:
        db.execute(
            "INSERT INTO difficulty_state (child_id, game_id, state_json, updated_utc)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (child_id, game_id) DO UPDATE SET"
            " state_json = excluded.state_json, updated_utc = excluded.updated_utc",
            (child_id, game_id, state_json, _utc_text(self.now())),
        )

    # ----------------------------------------------------------------- home program

    def get_home_program(self, child_id: int) -> HomeProgram:
        """The child's program, or the default (every game, 5 min a day, 7 days, 0..1)."""
        rows = self._read("SELECT program_json FROM home_program WHERE child_id = ?", (child_id,))
        if rows:
            return HomeProgram.model_validate_json(rows[0][0])
        self.get_child(child_id)  # a missing child is an error, not a default program
        return HomeProgram()

    def set_home_program(self, child_id: int, program: HomeProgram) -> None:
        program = HomeProgram.model_validate(program.model_dump())
        with self._write() as db:
            self._require_child(db, child_id)
            db.execute(
                "INSERT INTO home_program (child_id, program_json, updated_utc) VALUES (?, ?, ?)"
                " ON CONFLICT (child_id) DO UPDATE SET program_json = excluded.program_json,"
                " updated_utc = excluded.updated_utc",
                (child_id, program.model_dump_json(), _utc_text(self.now())),
            )

    # ----------------------------------------------------------------- goals

    def add_goal(self, child_id: int, goal: GoalIn) -> Goal:
        goal = GoalIn.model_validate(goal.model_dump())
        with self._write() as db:
            self._require_child(db, child_id)
            cur = db.execute(
                "INSERT INTO goal (child_id, goal_json, status, created_utc) VALUES (?, ?, ?, ?)",
                (child_id, goal.model_dump_json(), goal.status, _utc_text(self.now())),
            )
            goal_id = cur.lastrowid
        assert goal_id is not None
        return self.get_goal(goal_id)

    @staticmethod
    def _goal(row: tuple[Any, ...]) -> Goal:
        data = json.loads(row[2])
        data.update(id=row[0], child_id=row[1], created=_parse_utc(row[3]))
        return Goal.model_validate(data)

    def get_goal(self, goal_id: int) -> Goal:
        rows = self._read(
            "SELECT id, child_id, goal_json, created_utc FROM goal WHERE id = ?", (goal_id,)
        )
        if not rows:
            raise NotFoundError(
                Message(
                    N_("There is no goal {number} in {path}."), number=goal_id, path=self.db_path
                )
            )
        return self._goal(rows[0])

    def list_goals(self, child_id: int, status: str | None = None) -> list[Goal]:
        sql = "SELECT id, child_id, goal_json, created_utc FROM goal WHERE child_id = ?"
        params: tuple[Any, ...] = (child_id,)
        if status is not None:
            sql += " AND status = ?"
            params = (child_id, status)
        return [self._goal(r) for r in self._read(sql + " ORDER BY id", params)]

    def update_goal(self, goal: Goal) -> Goal:
        """Replace a goal's terms (its id, child and creation time stay)."""
        fields = GoalIn.model_validate(goal.model_dump(exclude={"id", "child_id", "created"}))
        with self._write() as db:
            cur = db.execute(
                "UPDATE goal SET goal_json = ?, status = ? WHERE id = ? AND child_id = ?",
                (fields.model_dump_json(), fields.status, goal.id, goal.child_id),
            )
            if cur.rowcount == 0:
                raise NotFoundError(
                    Message(
                        N_("There is no goal {number} for child {child}."),
                        number=goal.id,
                        child=goal.child_id,
                    )
                )
        return self.get_goal(goal.id)

    def remove_goal(self, goal_id: int) -> None:
        with self._write() as db:
            if db.execute("DELETE FROM goal WHERE id = ?", (goal_id,)).rowcount == 0:
                raise NotFoundError(
                    Message(
                        N_("There is no goal {number} in {path}."),
                        number=goal_id,
                        path=self.db_path,
                    )
                )

    # ----------------------------------------------------------------- rewards

    def add_reward(
        self, child_id: int, stars: int, sticker: str | None = None, trial_id: int | None = None
    ) -> Reward:
        if stars < 0:
            raise ValueError(f"stars must be zero or more, not {stars}")
        earned = self.now()
        with self._write() as db:
            self._require_child(db, child_id)
            if trial_id is not None and (
                db.execute("SELECT 1 FROM trial WHERE id = ?", (trial_id,)).fetchone() is None
            ):
                trial_id = None  # the trial was never saved (or was removed): keep the stars
            cur = db.execute(
                "INSERT INTO reward (child_id, stars, sticker, trial_id, earned_utc, local_date)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    child_id,
                    stars,
                    sticker,
                    trial_id,
                    _utc_text(earned),
                    earned.date().isoformat(),
                ),
            )
            reward_id = cur.lastrowid
        rows = self._read(
            "SELECT id, child_id, stars, sticker, trial_id, earned_utc FROM reward WHERE id = ?",
            (reward_id,),
        )
        r = rows[0]
        return Reward(
            id=r[0], child_id=r[1], stars=r[2], sticker=r[3], trial_id=r[4], earned=_parse_utc(r[5])
        )

    def rewards_summary(self, child_id: int) -> RewardsSummary:
        """All stars ever earned and the stickers in the order they were earned."""
        total = self._read(
            "SELECT COALESCE(SUM(stars), 0) FROM reward WHERE child_id = ?", (child_id,)
        )[0][0]
        stickers = self._read(
            "SELECT sticker FROM reward WHERE child_id = ? AND sticker IS NOT NULL ORDER BY id",
            (child_id,),
        )
        return RewardsSummary(int(total), [s for (s,) in stickers])

    def stickers_on(self, child_id: int, day: date) -> list[str]:
        """Stickers earned on one local day (the day recorded when they were earned)."""
        rows = self._read(
            "SELECT sticker FROM reward WHERE child_id = ? AND local_date = ?"
            " AND sticker IS NOT NULL ORDER BY id",
            (child_id, day.isoformat()),
        )
        return [s for (s,) in rows]

    # ----------------------------------------------------------------- backups

    def backup_now(self) -> Path:
        with self._errors():
            return _backups.take_backup(self._db(), self.data_dir, self.now().date())

    def backup_if_due(self, *, after_practice: bool = False) -> Path | None:
        """The automatic backup: the first of each day, and after practice (a session's
        end, the app closing) whenever the file holds other data than the newest backup,
        so the latest backup always holds the latest practice; the last 7 kept, plus
        the protected ones (``backups.prune``).

        Checks the file first, so a damaged file is never copied over good backups.
        """
        today = self.now().date()
        if not _backups.backup_due(self.data_dir, today):
            if not after_practice:
                return None
            latest = _backups.latest_backup(self.data_dir)
            held = _backups.backup_info(latest) if latest else None
            children, trials = self._read(
                "SELECT (SELECT count(*) FROM child), (SELECT count(*) FROM trial)"
            )[0]
            if held is not None and (held.children, held.trials) == (children, trials):
                return None
        self.integrity_check()
        return self.backup_now()

    def integrity_check(self) -> None:
        """``PRAGMA quick_check``; on damage mark the file for the check at the next start
        and raise CorruptDataError (no backup is ever made of a damaged file)."""
        with self._errors():
            result = self._db().execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            try:
                (self.data_dir / SUSPECT_MARKER).touch()
            except OSError:
                pass
            raise CorruptDataError(
                Message(
                    N_(
                        "The data file {path} is damaged, so no backup was made over the good "
                        "ones. Close and reopen Tiny Hands to move it aside and restore a backup."
                    ),
                    path=self.db_path,
                ),
                path=self.db_path,
                moved_to=None,
                latest_backup=_backups.best_backup(self.data_dir),
                detail=result,
            )

    def quarantine(self, why: str = Message(N_("it is damaged"))) -> CorruptDataError:
        """Close the file and move it aside now (the lock is still held, so nobody opens it
        meanwhile); the grown-up's decision is written to disk. Returns the error to show."""
        if self._lock is None:
            raise StoreError("only the app (holding the lock) may move the data file aside")
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
        try:
            return self._quarantine(self.data_dir, self._clock, True, why, "damaged")
        finally:
            self._lock.release()

    def has_trial_like(self, trial: TrialIn) -> bool:
        """True when this trial (same child, game, moment and length) is already stored:
        a rescued trial is imported at most once even if the import was interrupted."""
        if trial.started_at is None:
            return False
        rows = self._read(
            "SELECT s.data FROM trial t JOIN trial_samples s ON s.trial_id = t.id"
            " WHERE t.child_id = ? AND t.game_id = ? AND t.started_utc = ? AND t.duration_s = ?",
            (trial.child_id, trial.game_id, _utc_text(trial.started_at), trial.duration_s),
        )
        if not rows:
            return False
        blob = encode_samples(trial.samples)  # the same samples: the same trial
        return any(bytes(data) == blob for (data,) in rows)

    def list_backups(self) -> list[Path]:
        return _backups.list_backups(self.data_dir)

    def restore_backup(self, path: Path) -> Path | None:
        """Replace the data file with ``path``; the current file is moved aside, not deleted.

        Returns where the replaced file went. The store stays open on the restored data.
        """
        path = Path(path)
        if self._lock is None:
            raise StoreError(
                Message(
                    N_(
                        "A backup can only be restored into {folder} while Tiny Hands is "
                        "closed; close it and run `tinyhands backup --restore` again."
                    ),
                    folder=self.data_dir,
                ),
                path=self.db_path,
            )
        _backups.check_backup(path)
        if self.list_children():
            self.backup_now()  # the data being replaced stays one choice in the list
        conn = self._db()
        with self._errors():
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        self._conn = None
        try:
            moved = _backups.install_backup(self.data_dir, path, self.now())
            clear_decision(self.data_dir)
        finally:
            self._conn = self._connect_checked(
                self.data_dir, self._clock, self._busy_timeout_ms, lock_held=True
            )
        return moved


def restore_backup(data_dir: Path, path: Path, *, clock: Clock = local_now) -> Path | None:
    """Restore a backup when no Store is open (the command line, or after damage).

    A file that is not Tiny Hands data is refused before anything is touched. An intact
    current file is backed up first, then moved aside; the grown-up's pending decision
    (if any) is settled.
    """
    data_dir = Path(data_dir)
    _backups.check_backup(Path(path))
    lock = InstanceLock(data_dir)
    lock.acquire()
    try:
        _backup_current(data_dir, clock)
        moved = _backups.install_backup(data_dir, Path(path), clock())
        clear_decision(data_dir)
        return moved
    finally:
        lock.release()


def start_empty(data_dir: Path) -> None:
    """The grown-up's other choice after damage: carry on with a new, empty file. The
    moved-aside file and every backup stay where they are."""
    data_dir = Path(data_dir)
    lock = InstanceLock(data_dir)
    lock.acquire()
    try:
        db_path = data_dir / DB_NAME
        if not db_path.exists() or db_path.stat().st_size == 0:
            # A real, migrated file at once, so the next start does not ask again.
            _create_private(db_path)
            conn = _connect(db_path, 1000)
            try:
                migrate(conn)
            finally:
                conn.close()
        clear_decision(data_dir)
    except sqlite3.Error as exc:
        raise translate_sqlite_error(exc, data_dir / DB_NAME) from exc
    finally:
        lock.release()


def decision_error(data_dir: Path, pending: PendingDecision) -> DecisionPendingError:
    best = _backups.best_backup(data_dir)
    return DecisionPendingError(
        Message(
            N_(
                "{found} A grown-up decides: `tinyhands backup --list` shows what each backup "
                "holds, `tinyhands backup --restore latest` restores, `tinyhands backup "
                "--start-empty` starts empty (or use the grown-ups' area)."
            ),
            found=pending.message,
        ),
        path=Path(data_dir) / DB_NAME,
        moved_to=Path(pending.moved_to) if pending.moved_to else None,
        latest_backup=best,
        detail=pending.reason,
    )


def _data_expected(data_dir: Path) -> bool:
    """Would an empty or missing data file mean data was lost? Yes when a backup holds
    data or a damaged file was moved aside here before."""
    if any(p.name.startswith(f"{DB_NAME}.damaged-") for p in data_dir.iterdir()):
        return True
    return any(i.has_data for i in _backups.list_backup_infos(data_dir))


def _backup_current(data_dir: Path, clock: Clock) -> Path | None:
    """Back up the current data file before it is replaced, if it is intact and ours."""
    db_path = data_dir / DB_NAME
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(db_path, isolation_level=None)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return None
            if _backups.tinyhands_file_problem(conn) is not None:
                return None
            if not conn.execute("SELECT count(*) FROM child").fetchone()[0]:
                return None
            return _backups.take_backup(conn, data_dir, clock().date())
        finally:
            conn.close()
    except sqlite3.Error:
        return None  # damaged: it is moved aside instead, never copied over good backups


def _create_private(db_path: Path) -> None:
    try:
        fd = os.open(db_path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        make_private(db_path)
    except FileExistsError:
        pass
    except OSError as exc:
        from progress.errors import DataDirError

        raise DataDirError(
            Message(
                N_(
                    "Tiny Hands cannot create its data file {path}: {error}. "
                    "Check that the folder {folder} is writable by this user."
                ),
                path=db_path,
                error=exc.strerror or exc,
                folder=db_path.parent,
            ),
            path=db_path,
            detail=repr(exc),
        ) from exc


def _connect(db_path: Path, busy_timeout_ms: int) -> sqlite3.Connection:
    conn = sqlite3.connect(
        db_path, isolation_level=None, timeout=busy_timeout_ms / 1000, check_same_thread=False
    )
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise sqlite3.OperationalError(f"could not switch {db_path} to WAL (got {mode})")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        conn.execute("PRAGMA secure_delete = ON")  # removed children leave no readable trace
        # Checkpoints (copying the WAL into the main file, with an fsync) are done at idle
        # moments by ``Store.checkpoint``; the automatic one is only a safety net, set
        # high so it rarely lands inside a trial save.
        conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
    except BaseException:
        conn.close()
        raise
    return conn
