"""The store as the app uses it: the child never sees an error and never loses a trial.

When the data file cannot be written (a read-only folder, a full disk, a damaged file)
a finished trial is kept in a safe place on disk at once (``progress.rescue``) as well
as in memory, and written to the data file as soon as it works again, at the latest at
the next start. Only when no safe place takes it either does a trial live in memory
alone; ``needs_grown_up`` then tells the child's screens to stop and show the calm
"ask a grown-up" picture. ``problem`` holds the latest message for the grown-up screens.

A damaged or unexpected data file is a decision for a grown-up (``awaiting_decision``),
remembered on disk by the store, so every start shows it until it is made. A cheap
integrity check runs once, in the background, at the first quiet moment after start.

A round's end never waits for SQLite: ``hand_over`` writes the trial to a hand-over file
(no fsync: it survives the program being killed) and queues the save on one writer thread
(``progress.writer``), which then does exactly what ``save_trial`` does (one transaction,
or the rescue folder). Every other method first waits for that queue to run dry, so reads
see every save handed over before them and one thread at a time uses the connection.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from progress import backups as _backups
from progress import rescue, streaks
from progress.errors import (
    AlreadyRunningError,
    CorruptDataError,
    NotFoundError,
    StoreError,
)
from progress.messages import N_, Message, message_of, reason_of
from progress.models import Child, HomeProgram, PracticeSession, TrialIn
from progress.paths import DB_NAME, data_dir_path, ensure_private_dir
from progress.samples import SampleCodecError, as_samples, decode_samples, encode_samples
from progress.store import (
    GARBLED_WAL_NOTE,
    Clock,
    RewardsSummary,
    Store,
    local_now,
    restore_backup,
    start_empty,
)
from progress.writer import Writer

log = logging.getLogger(__name__)
T = TypeVar("T")

AUTO_RETRY_INTERVAL_S = 10.0  # automatic retries are throttled so a broken disk costs no frames
APP_BUSY_TIMEOUT_MS = 200  # wait at most this long for another writer inside a frame
IDLE_CHECK_DELAY_S = 2.0  # the background integrity check waits past the first frames


@dataclass(slots=True)
class PendingTrial:
    """A trial not yet on disk: the trial without samples, plus the samples encoded
    (about 10 KB instead of ~400 KB of Python objects per trial)."""

    trial: TrialIn
    samples_blob: bytes
    rescued: Path | None = None  # its copy in a safe place on disk, if one took it

    def restore(self) -> TrialIn:
        return self.trial.model_copy(update={"samples": decode_samples(self.samples_blob)})


@dataclass(slots=True, frozen=True)
class _RoundExtras:
    """What a finished round writes with its trial, in the same transaction."""

    child_id: int
    game_id: str
    difficulty_state: dict[str, Any] | None
    session_minutes: float


@dataclass(slots=True)
class SessionSlot:
    """A practice session asked for on a frame (``start_session_later``): its id is known
    once the writer has created it (None while the store cannot; trials then go without)."""

    id: int | None = None


@dataclass(slots=True)
class PendingWrite:
    """Another write that must not be lost (stars, minutes, difficulty): replayed in order."""

    method: str
    args: tuple[Any, ...]


class SafeStore:
    """Wraps a Store (or none, when it could not be opened); never raises from saving."""

    def __init__(
        self,
        store: Store | None,
        data_dir: Path | None,
        *,
        problem: str | None = None,
        offered_backup: Path | None = None,
        awaiting_decision: bool = False,
        clock: Clock = local_now,
        open_store: Callable[[Path], Store] | None = None,
    ) -> None:
        self._store = store
        self.data_dir = data_dir
        self.problem = problem
        self.offered_backup = offered_backup
        # After a damaged file was moved aside, a grown-up chooses: restore or start empty.
        self.awaiting_decision = awaiting_decision
        self._clock = clock
        # The daily backup (an integrity check plus a full copy, ~1 s on a big file) is
        # taken in ``idle``/``close``, not at start-up, to keep the first frame quick.
        self._open_store = open_store or (
            lambda d: Store.open(
                d, clock=clock, busy_timeout_ms=APP_BUSY_TIMEOUT_MS, auto_backup=False
            )
        )
        self._pending: deque[PendingTrial | PendingWrite] = deque()
        self._last_attempt = float("-inf")
        self._last_open_attempt = float("-inf")
        # Another copy of the app holds the data folder: this one must not pretend to work.
        self.already_running = False
        self._check: _IntegrityCheck | None = None
        #: the one thread that saves what a round's end hands over (see ``hand_over``)
        self._writer = Writer()
        self._handed: set[Path] = set()  # hand-over files whose save has not finished
        # held while a hand-over file is written and claimed, and while the import lists
        # what waits: a file of this run is never imported besides being saved by its job
        self._handed_lock = threading.Lock()

    @property
    def store(self) -> Store | None:
        """The open Store (None while unavailable). Reached from any thread but the
        writer's, it first waits for the saves handed over so far."""
        self._writer.settle()
        return self._store

    @store.setter
    def store(self, value: Store | None) -> None:
        self._store = value

    def settle(self, timeout: float | None = None) -> bool:
        """Wait until every save handed over so far is done (written, or kept safe)."""
        return self._writer.settle(timeout)

    @property
    def saving(self) -> bool:
        """A handed-over save is still queued or running (the frame never waits for it)."""
        return not self._writer.idle

    @classmethod
    def open_dir(cls, data_dir: str | Path | None = None, **kwargs: Any) -> SafeStore:
        """The same as ``open`` (the name the app's entry point uses)."""
        return cls.open(data_dir, **kwargs)

    @classmethod
    def open(
        cls,
        data_dir: str | Path | None = None,
        *,
        clock: Clock = local_now,
        open_store: Callable[[Path], Store] | None = None,
    ) -> SafeStore:
        """Resolve the data folder and open the store; any failure becomes ``problem``."""
        safe = cls(None, None, clock=clock, open_store=open_store)
        path, source = data_dir_path(None if data_dir is None else str(data_dir))
        try:
            ensure_private_dir(path, source=source)
        except StoreError as exc:
            safe._note(exc)
            if path.exists() and not path.is_dir():
                return safe  # a file in the way: nothing to retry against
            # A read-only or full folder may become usable: keep it for the retries.
            safe.data_dir = path
            safe._last_open_attempt = time.monotonic()
            return safe
        safe.data_dir = path
        safe._try_open()
        return safe

    # ------------------------------------------------------------- state

    @property
    def pending_count(self) -> int:
        """Trials kept in memory, not yet on disk."""
        self.settle()
        return sum(1 for p in self._pending if isinstance(p, PendingTrial))

    @property
    def pending_writes(self) -> int:
        """Everything kept in memory: trials plus stars, minutes and difficulty updates."""
        self.settle()
        return len(self._pending)

    @property
    def available(self) -> bool:
        return self.store is not None and not self.store.closed

    @property
    def in_memory_only(self) -> int:
        """Trials that no safe place on disk took: lost if the app closed now."""
        self.settle()
        return sum(1 for p in self._pending if isinstance(p, PendingTrial) and p.rescued is None)

    @property
    def needs_grown_up(self) -> bool:
        """The child's screens stop and show "ask a grown-up": a decision waits, or
        practice could not be kept anywhere safe."""
        return self.awaiting_decision or self.in_memory_only > 0

    def backups(self) -> list[_backups.BackupInfo]:
        """Every backup with what it holds (date, children, trials), newest first."""
        if self.data_dir is None:
            return []
        try:
            return _backups.list_backup_infos(self.data_dir)
        except OSError:
            return []

    def _note(self, exc: BaseException) -> None:
        self.problem = message_of(exc)
        log.warning("progress store problem: %s (%s)", exc, getattr(exc, "detail", ""))

    def _try_open(self, *, force: bool = False) -> bool:
        if self.store is not None or self.data_dir is None or self.awaiting_decision:
            return self.store is not None
        now = time.monotonic()
        if not force and now - self._last_open_attempt < AUTO_RETRY_INTERVAL_S:
            return False
        self._last_open_attempt = now
        try:
            self.store = self._open_store(self.data_dir)
        except CorruptDataError as exc:
            self._note(exc)
            self.offered_backup = exc.latest_backup
            self.awaiting_decision = True
            return False
        except AlreadyRunningError as exc:
            self._note(exc)
            self.already_running = True
            return False
        except StoreError as exc:
            self._note(exc)
            return False
        except Exception as exc:  # never let an unexpected failure reach the child
            log.exception("opening the store failed")
            self.problem = Message(
                N_("Tiny Hands could not open its data in {folder}: {error}"),
                folder=self.data_dir,
                error=exc,
            )
            return False
        self.already_running = False
        self._import_rescued()
        self._garbled_journal_notice()
        return True

    def _import_rescued(self) -> None:
        """Trials kept in a safe place by this or an earlier run go into the data file."""
        assert self.store is not None and self.data_dir is not None
        kept_here = {p.rescued for p in self._pending if isinstance(p, PendingTrial)}
        with self._handed_lock:
            waiting = rescue.waiting(self.data_dir)
            kept_here |= self._handed  # handed over in this run: their own jobs save them
        for path in waiting:
            if path in kept_here:
                continue  # this run's own: saved in order by _retry
            try:
                trial = rescue.load_trial(path)
            except (OSError, ValueError, SampleCodecError) as exc:
                log.error("a rescued trial %s cannot be read (%s); it is left there", path, exc)
                continue
            try:
                if not self.store.has_trial_like(trial):
                    done, _ = self._save_one(trial)
                    if not done:
                        return
            except StoreError as exc:
                self._note(exc)
                return
            path.unlink(missing_ok=True)
            log.info("imported the rescued trial %s", path.name)

    def _garbled_journal_notice(self) -> None:
        assert self.data_dir is not None
        note = self.data_dir / GARBLED_WAL_NOTE
        if note.exists():
            kept = note.read_text(errors="replace").strip()
            self.problem = Message(
                N_(
                    "The data file's journal was damaged, so some practice saved since the "
                    "last clean close may be missing from {path}. The journal was kept at "
                    "{kept} for recovery; the file itself is intact and in use."
                ),
                path=self.data_dir / DB_NAME,
                kept=kept,
            )

    # ------------------------------------------------------------- saving

    def hand_over(
        self,
        trial: TrialIn,
        rows: list[tuple],
        *,
        rows_blob: bytes | None = None,
        difficulty_state: dict[str, Any] | None = None,
        session_minutes: float = 0.0,
        session: SessionSlot | None = None,
        around: Callable[[], AbstractContextManager[Any]] | None = None,
    ) -> Path | None:
        """Save a finished trial without waiting for it: the call a frame makes.

        ``trial`` comes without samples; ``rows`` are its samples as plain tuples
        (t_ms, pointer_id, x_mm, y_mm, phase, device, pressure); ``rows_blob`` the same
        already marshalled (``rescue.marshal_rows``, made off the frame). Before returning, the
        trial is written to a hand-over file (no fsync, well under a millisecond), so from
        here on a crash of the program loses nothing: the next start imports the file. The
        writer thread then validates it, saves it as ``save_trial`` does (one transaction
        with ``difficulty_state`` and ``session_minutes``; or kept in the rescue folder)
        and removes the hand-over file. ``session``: the trial's session, when it is being
        started on the writer. ``around``: a context the job runs in (the app makes
        thread switches quick there, so the frames keep their budget).
        Returns the hand-over file (None when no place took it)."""
        update: dict[str, Any] = {}
        if trial.started_at is None:
            update["started_at"] = self._clock()  # the moment it ended, not when saved
        if not trial.uuid:
            update["uuid"] = str(uuid.uuid4())  # a recovered copy is the same trial
        if update:
            trial = trial.model_copy(update=update)
        path: Path | None = None
        if self.data_dir is not None:
            with self._handed_lock:
                path = rescue.hand_over(self.data_dir, trial, rows, rows_blob)
                if path is not None:
                    self._handed.add(path)

        def job() -> None:
            with around() if around is not None else nullcontext():
                self._save_handed(trial, rows, difficulty_state, session_minutes, session, path)

        self._writer.submit(job)
        return path

    def _save_handed(
        self,
        trial: TrialIn,
        rows: list[tuple],
        difficulty_state: dict[str, Any] | None,
        session_minutes: float,
        session: SessionSlot | None,
        path: Path | None,
    ) -> None:
        """On the writer: the handed-over trial with its samples, then saved. The trial was
        validated when it was made; its samples are checked value by value as they are
        encoded (an invalid one drops the trial with a problem noted, as ``save_trial``).
        No pydantic pass over the whole trial here: one long call would hold the
        interpreter lock and a frame would wait for it."""
        kept: PendingTrial | None = None
        try:
            try:
                update: dict[str, Any] = {"samples": as_samples(rows)}
            except (TypeError, ValueError) as exc:
                self.problem = Message(
                    N_("A trial could not be saved because its data was invalid ({error})."),
                    error=exc,
                )
                log.error("dropping an invalid trial: %s", exc)
                return
            if session is not None:
                update["session_id"] = session.id
            full = trial.model_copy(update=update)
            _, kept = self._save_or_keep(full, difficulty_state, session_minutes)
        finally:
            if path is not None:
                self._handed.discard(path)
                if kept is None or kept.rescued is not None:
                    # in the data file, in a rescue file, or dropped as invalid; a trial
                    # held in memory alone keeps this copy for the next start
                    path.unlink(missing_ok=True)

    def start_session_later(
        self, slot: SessionSlot, child_id: int, device: str, input_kind: str
    ) -> None:
        """``start_session`` on the writer, dated now; its id lands in ``slot``."""
        at = self._clock()

        def job() -> None:
            session = self.start_session(child_id, device, input_kind, at=at)
            slot.id = getattr(session, "id", None)

        self._writer.submit(job)

    def end_session_later(self, slot: SessionSlot, minutes: float) -> None:
        """``end_session`` on the writer, dated now (nothing when the session never began)."""
        at = self._clock()

        def job() -> None:
            if slot.id is not None:
                self.end_session(slot.id, minutes, at=at)

        self._writer.submit(job)

    def add_session_minutes_later(self, slot: SessionSlot, minutes: float) -> None:
        def job() -> None:
            if slot.id is not None:
                self.add_session_minutes(slot.id, minutes)

        self._writer.submit(job)

    def save_trial(
        self,
        trial: TrialIn,
        *,
        difficulty_state: dict[str, Any] | None = None,
        session_minutes: float = 0.0,
    ) -> int | None:
        """Save now if possible (returning the id), else keep it in memory (returning None).

        ``difficulty_state`` (the trial's game) and ``session_minutes`` (added to the
        trial's session) go into the same transaction; when the trial has to wait they
        wait behind it, in order, like any other kept write. It waits for the saves handed
        over before it (``hand_over``): the program's frames never call this."""
        self.settle()
        return self._save_or_keep(trial, difficulty_state, session_minutes)[0]

    def _save_or_keep(
        self,
        trial: TrialIn,
        difficulty_state: dict[str, Any] | None,
        session_minutes: float,
    ) -> tuple[int | None, PendingTrial | None]:
        """(id, None) when written; (None, kept) when kept for later; (None, None) when
        dropped as invalid."""
        extra = _RoundExtras(trial.child_id, trial.game_id, difficulty_state, session_minutes)
        try:
            if trial.started_at is None:
                # Fix the moment now, so a late save still lands on the day it happened.
                trial = trial.model_copy(update={"started_at": self._clock()})
            pending = PendingTrial(trial.model_copy(update={"samples": []}), b"")
            pending.samples_blob = encode_samples(trial.samples)
        except (SampleCodecError, ValueError) as exc:
            self.problem = Message(
                N_("A trial could not be saved because its data was invalid ({error})."),
                error=exc,
            )
            log.error("dropping an invalid trial: %s", exc)
            return None, None
        if self._pending and not self._retry(force=False):
            self._keep(pending, extra)
            return None, pending
        done, trial_id = self._save_one(trial, extra)
        if not done:
            self._keep(pending, extra)
            return None, pending
        return trial_id, None

    def _keep(self, pending: PendingTrial, extra: _RoundExtras | None = None) -> None:
        """In memory, and at once in a safe place on disk (never in memory only if any
        place takes it)."""
        if self.data_dir is not None:
            pending.rescued = rescue.save(self.data_dir, pending.trial, pending.samples_blob)
        if pending.rescued is None:
            log.error("a trial is kept in memory only: no safe place on disk took it")
        self._pending.append(pending)
        if extra is not None:
            if extra.difficulty_state is not None:
                self._pending.append(
                    PendingWrite(
                        "set_difficulty_state",
                        (extra.child_id, extra.game_id, dict(extra.difficulty_state)),
                    )
                )
            if extra.session_minutes > 0 and pending.trial.session_id is not None:
                self._pending.append(
                    PendingWrite(
                        "add_session_minutes", (pending.trial.session_id, extra.session_minutes)
                    )
                )

    def retry_pending(self) -> int:
        """Try now to write every trial kept in memory; return how many were written."""
        self.settle()
        before = len(self._pending)
        self._retry(force=True)
        return before - len(self._pending)

    def _retry(self, *, force: bool) -> bool:
        """Write pending trials in order; True when none are left."""
        now = time.monotonic()
        if not force and now - self._last_attempt < AUTO_RETRY_INTERVAL_S:
            return not self._pending
        self._last_attempt = now
        if not self._try_open(force=force):
            return not self._pending
        while self._pending:
            head = self._pending[0]
            if isinstance(head, PendingWrite):
                if not self._replay(head):
                    return False
                self._pending.popleft()
                continue
            try:
                trial = head.restore()
            except SampleCodecError as exc:  # cannot happen unless memory is corrupted
                self._pending.popleft()
                self.problem = Message(
                    N_("A trial kept in memory was damaged and dropped ({error})."), error=exc
                )
                continue
            done, _ = self._save_one(trial)
            if not done:
                return False
            self._pending.popleft()
            if head.rescued is not None:
                head.rescued.unlink(missing_ok=True)
        if self.problem is not None and not self.awaiting_decision:
            self.problem = None
        return True

    def _save_one(
        self, trial: TrialIn, extra: _RoundExtras | None = None
    ) -> tuple[bool, int | None]:
        """(done, id): done is False when the trial (and ``extra``) must stay pending."""
        self._collect_check()
        if not self._try_open():
            return False, None
        store = self.store
        assert store is not None
        try:
            if extra is None:
                trial_id = store.save_trial(trial)
            else:
                trial_id = store.save_trial(
                    trial,
                    difficulty_state=extra.difficulty_state,
                    session_minutes=extra.session_minutes,
                )
        except NotFoundError:
            return self._save_orphan(store, trial, extra)
        except StoreError as exc:
            self._note(exc)
            return False, None
        except Exception as exc:
            log.exception("saving a trial failed")
            self.problem = Message(
                N_("Tiny Hands could not save a trial to {path}: {error}"),
                path=store.db_path,
                error=exc,
            )
            return False, None
        if not self._pending and not self.awaiting_decision:
            self.problem = None
        return True, trial_id

    def _save_orphan(
        self, store: Store, trial: TrialIn, extra: _RoundExtras | None = None
    ) -> tuple[bool, int | None]:
        """The session (e.g. after restoring a backup) or the child no longer exists."""
        try:
            store.get_child(trial.child_id)
        except NotFoundError:
            self.problem = Message(
                N_(
                    "A trial for child number {number} was not saved: that child is no "
                    "longer in {path} (removed, or a backup was restored)."
                ),
                number=trial.child_id,
                path=store.db_path,
            )
            return True, None  # dropped on purpose: there is nobody to save it for
        except StoreError as exc:
            self._note(exc)
            return False, None
        state = None if extra is None else extra.difficulty_state
        try:
            # the session is gone, so its minutes have nowhere to go; the staircase has
            return True, store.save_trial(
                trial.model_copy(update={"session_id": None}), difficulty_state=state
            )
        except StoreError as exc:
            self._note(exc)
            return False, None

    def _replay(self, write: PendingWrite) -> bool:
        """Apply one kept write; True when done (written, or pointless now)."""
        store = self.store
        assert store is not None
        try:
            getattr(store, write.method)(*write.args)
        except NotFoundError:
            return True  # its child or session is gone: nothing left to update
        except StoreError as exc:
            self._note(exc)
            return False
        except Exception:
            log.exception("replaying %s failed; dropped", write.method)
        return True

    def _write(self, method: str, *args: Any) -> Any:
        """A write that must survive an outage: done now, or kept in order for later."""
        self.settle()
        if self._pending:
            self._retry(force=False)
        if not self._pending and self._try_open():
            assert self.store is not None
            try:
                return getattr(self.store, method)(*args)
            except NotFoundError as exc:
                self._note(exc)
                return None
            except StoreError as exc:
                self._note(exc)
            except Exception as exc:
                log.exception("%s failed", method)
                self.problem = Message(
                    N_("Tiny Hands could not save to its data file: {error}"), error=exc
                )
                return None
        self._pending.append(PendingWrite(method, args))
        return None

    # ------------------------------------------------------------- grown-up decisions

    def restore_offered_backup(self, backup: Path | None = None) -> bool:
        """After a damaged file: restore ``backup`` (default: the offered one), then save
        what is pending. A file that is not Tiny Hands data is refused, changing nothing."""
        self.settle()
        target = backup or self.offered_backup
        if self.data_dir is None or target is None:
            return False
        try:
            if self.store is not None:
                self.store.restore_backup(target)
            else:
                restore_backup(self.data_dir, target, clock=self._clock)
        except StoreError as exc:
            self._note(exc)
            return False
        self.awaiting_decision = False
        self.offered_backup = None
        self.problem = None
        return self._retry(force=True)

    def start_fresh(self) -> bool:
        """After a damaged file: carry on with a new, empty data file (the damaged file
        and every backup stay where they are)."""
        self.settle()
        if self.data_dir is not None and self.store is None:
            try:
                start_empty(self.data_dir)
            except StoreError as exc:
                self._note(exc)
                return False
        self.awaiting_decision = False
        self.offered_backup = None
        self.problem = None
        return self._retry(force=True)

    # ------------------------------------------------------------- the idle check

    def _start_check(self) -> None:
        if self._check is None and self.store is not None and self.data_dir is not None:
            self._check = _IntegrityCheck(self.data_dir / DB_NAME)

    def _collect_check(self) -> None:
        """Act on the background check's answer: a damaged file is moved aside now and
        becomes the grown-up's decision; practice goes on into the safe place."""
        check = self._check
        if check is None or check.result is None or check.handled:
            return
        check.handled = True
        if check.result == "ok" or self.store is None:
            return
        log.error("the integrity check found damage: %s", check.result)
        store, self.store = self.store, None
        try:
            exc = store.quarantine(Message(N_("the check after start found it damaged")))
        except StoreError as err:
            self._note(err)
            if not store.closed:
                self.store = store
            return
        self._note(exc)
        self.offered_backup = exc.latest_backup
        self.awaiting_decision = True

    # ------------------------------------------------------------- everything else

    def call(self, action: Callable[[Store], T], default: T) -> T:
        """Run a non-critical store action (reading children, adding minutes ...); on any
        failure note the problem and return ``default`` instead of raising."""
        self.settle()
        if not self._try_open():
            return default
        assert self.store is not None
        try:
            return action(self.store)
        except StoreError as exc:
            self._note(exc)
        except Exception as exc:
            log.exception("a store action failed")
            self.problem = Message(
                N_("Tiny Hands had a problem with its data: {error}"), error=message_of(exc)
            )
        return default

    # Reads answer from the store, or a harmless default while it is unavailable.

    def list_children(self) -> list[Child]:
        return self.call(lambda s: s.list_children(), [])

    def get_child(self, child_id: int) -> Child | None:
        return self.call(lambda s: s.get_child(child_id), None)

    def find_children(self, name: str) -> list[Child]:
        return self.call(lambda s: s.find_children(name), [])

    def add_child(
        self,
        display_name: str,
        avatar: str = "",
        handedness: str = "right",
        birth_year: int | None = None,
    ) -> Child | None:
        """None when it could not be saved (``problem`` says why, incl. an invalid name)."""

        def add(s: Store) -> Child | None:
            try:
                return s.add_child(display_name, avatar, handedness, birth_year)
            except ValueError as exc:
                self.problem = Message(
                    N_("That name cannot be used: {reason}"), reason=reason_of(exc)
                )
                return None

        return self.call(add, None)

    def get_home_program(self, child_id: int) -> HomeProgram:
        return self.call(lambda s: s.get_home_program(child_id), HomeProgram())

    def get_difficulty_state(self, child_id: int, game_id: str) -> dict[str, Any] | None:
        return self.call(lambda s: s.get_difficulty_state(child_id, game_id), None)

    def rewards_summary(self, child_id: int) -> RewardsSummary:
        return self.call(lambda s: s.rewards_summary(child_id), RewardsSummary(0, []))

    def games_played_on(self, child_id: int, day: date) -> list[str]:
        return self.call(lambda s: s.games_played_on(child_id, day), [])

    def stickers_on(self, child_id: int, day: date) -> list[str]:
        return self.call(lambda s: s.stickers_on(child_id, day), [])

    def minutes_by_day(self, child_id: int) -> dict[date, float]:
        return self.call(lambda s: s.minutes_by_day(child_id), {})

    def streak(self, child_id: int) -> streaks.StreakSummary:
        return self.call(lambda s: s.streak(child_id), streaks.StreakSummary(0, 0, frozenset()))

    def start_session(
        self, child_id: int, device: str, input_kind: str, *, at: datetime | None = None
    ) -> PracticeSession | None:
        """None while the store is unavailable: trials are then kept without a session."""
        return self.call(lambda s: s.start_session(child_id, device, input_kind, at=at), None)

    # Writes the child's progress depends on are kept in memory when they fail.

    def add_session_minutes(self, session_id: int, minutes: float) -> None:
        self._write("add_session_minutes", session_id, minutes)

    def end_session(self, session_id: int, minutes: float, *, at: datetime | None = None) -> None:
        self._write("end_session", session_id, minutes, at)

    def set_difficulty_state(self, child_id: int, game_id: str, state: dict[str, Any]) -> None:
        self._write("set_difficulty_state", child_id, game_id, dict(state))

    def add_reward(
        self, child_id: int, stars: int, sticker: str | None = None, trial_id: int | None = None
    ) -> None:
        self._write("add_reward", child_id, stars, sticker, trial_id)

    def idle(self, *, session_end: bool = False) -> None:
        """Call at quiet moments (menus): retry pending trials, fold the WAL, and take the
        daily backup if it is due; at a session's end (``session_end``) also a backup
        when the practice is in none yet."""
        self.settle()
        self._collect_check()
        self._retry(force=False)
        self._start_check()
        self.call(lambda s: s.checkpoint(), None)
        self.call(lambda s: s.backup_if_due(after_practice=session_end), None)

    def close(self) -> None:
        """Finish every save handed over (a clean shutdown loses nothing), then close."""
        self._writer.close()
        self._retry(force=True)
        if self.store is not None and not self._pending:
            self.call(lambda s: s.backup_if_due(after_practice=True), None)
        if self._pending:
            log.error(
                "%d trial(s) could not be saved to the data file before closing; %d of them "
                "wait in a safe place and are saved at the next start",
                self.pending_count,
                self.pending_count - self.in_memory_only,
            )
        if self.store is not None:
            try:
                self.store.close()
            except Exception:
                log.exception("closing the store failed")
            self.store = None

    def now(self) -> datetime:
        return self._clock()

    def __repr__(self) -> str:
        where: Any = self.data_dir
        return f"SafeStore({where!s}, pending={self.pending_count}, problem={self.problem!r})"


class _IntegrityCheck:
    """``PRAGMA quick_check`` on its own read-only connection in a background thread:
    SQLite releases the GIL, so frames keep their budget while it reads the file."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.result: str | None = None
        self.handled = False
        self.thread = threading.Thread(target=self._run, name="tinyhands-check", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        time.sleep(IDLE_CHECK_DELAY_S)
        try:
            conn = sqlite3.connect(f"{self.db_path.resolve().as_uri()}?mode=ro", uri=True)
            try:
                self.result = str(conn.execute("PRAGMA quick_check").fetchone()[0])
            finally:
                conn.close()
        except sqlite3.Error as exc:
            code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
            # Damage (CORRUPT, NOTADB) counts; a busy or vanished file is no verdict.
            self.result = f"error: {exc}" if code in (11, 26) else "ok"

    def wait(self, timeout: float | None = None) -> str | None:
        self.thread.join(timeout)
        return self.result
