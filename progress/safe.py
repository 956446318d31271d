"""The store as the app uses it: the child never sees an error and never loses a trial.

When the data file cannot be written (another instance, a read-only folder, a full
disk, a damaged file) the child keeps playing. Finished trials wait in memory, in
their compact encoded form, and are written as soon as the store works again;
``problem`` holds the latest message for the grown-up screens.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from progress import streaks
from progress.errors import CorruptDataError, NotFoundError, StoreError
from progress.models import Child, HomeProgram, PracticeSession, TrialIn
from progress.paths import resolve_data_dir
from progress.samples import SampleCodecError, decode_samples, encode_samples
from progress.store import Clock, RewardsSummary, Store, local_now, restore_backup

log = logging.getLogger(__name__)
T = TypeVar("T")

AUTO_RETRY_INTERVAL_S = 10.0  # automatic retries are throttled so a broken disk costs no frames
APP_BUSY_TIMEOUT_MS = 200  # wait at most this long for another writer inside a frame


@dataclass(slots=True)
class PendingTrial:
    """A trial not yet on disk: the trial without samples, plus the samples encoded
    (about 10 KB instead of ~400 KB of Python objects per trial)."""

    trial: TrialIn
    samples_blob: bytes

    def restore(self) -> TrialIn:
        return self.trial.model_copy(update={"samples": decode_samples(self.samples_blob)})


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
        self.store = store
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
        try:
            safe.data_dir = resolve_data_dir(None if data_dir is None else str(data_dir))
        except StoreError as exc:
            safe._note(exc)
            return safe
        safe._try_open()
        return safe

    # ------------------------------------------------------------- state

    @property
    def pending_count(self) -> int:
        """Trials kept in memory, not yet on disk."""
        return sum(1 for p in self._pending if isinstance(p, PendingTrial))

    @property
    def pending_writes(self) -> int:
        """Everything kept in memory: trials plus stars, minutes and difficulty updates."""
        return len(self._pending)

    @property
    def available(self) -> bool:
        return self.store is not None and not self.store.closed

    def _note(self, exc: BaseException) -> None:
        self.problem = str(exc)
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
        except StoreError as exc:
            self._note(exc)
            return False
        except Exception as exc:  # never let an unexpected failure reach the child
            log.exception("opening the store failed")
            self.problem = f"Tiny Hands could not open its data in {self.data_dir}: {exc}"
            return False
        return True

    # ------------------------------------------------------------- saving

    def save_trial(self, trial: TrialIn) -> int | None:
        """Save now if possible (returning the id), else keep it in memory (returning None)."""
        try:
            if trial.started_at is None:
                # Fix the moment now, so a late save still lands on the day it happened.
                trial = trial.model_copy(update={"started_at": self._clock()})
            pending = PendingTrial(trial.model_copy(update={"samples": []}), b"")
            pending.samples_blob = encode_samples(trial.samples)
        except (SampleCodecError, ValueError) as exc:
            self.problem = f"A trial could not be saved because its data was invalid ({exc})."
            log.error("dropping an invalid trial: %s", exc)
            return None
        if self._pending and not self._retry(force=False):
            self._pending.append(pending)
            return None
        done, trial_id = self._save_one(trial)
        if not done:
            self._pending.append(pending)
        return trial_id

    def retry_pending(self) -> int:
        """Try now to write every trial kept in memory; return how many were written."""
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
                self.problem = f"A trial kept in memory was damaged and dropped ({exc})."
                continue
            done, _ = self._save_one(trial)
            if not done:
                return False
            self._pending.popleft()
        if self.problem is not None and not self.awaiting_decision:
            self.problem = None
        return True

    def _save_one(self, trial: TrialIn) -> tuple[bool, int | None]:
        """(done, id): done is False when the trial must stay pending."""
        if not self._try_open():
            return False, None
        store = self.store
        assert store is not None
        try:
            trial_id = store.save_trial(trial)
        except NotFoundError:
            return self._save_orphan(store, trial)
        except StoreError as exc:
            self._note(exc)
            return False, None
        except Exception as exc:
            log.exception("saving a trial failed")
            self.problem = f"Tiny Hands could not save a trial to {store.db_path}: {exc}"
            return False, None
        if not self._pending and not self.awaiting_decision:
            self.problem = None
        return True, trial_id

    def _save_orphan(self, store: Store, trial: TrialIn) -> tuple[bool, int | None]:
        """The session (e.g. after restoring a backup) or the child no longer exists."""
        try:
            store.get_child(trial.child_id)
        except NotFoundError:
            self.problem = (
                f"A trial for child number {trial.child_id} was not saved: that child is no "
                f"longer in {store.db_path} (removed, or a backup was restored)."
            )
            return True, None  # dropped on purpose: there is nobody to save it for
        except StoreError as exc:
            self._note(exc)
            return False, None
        try:
            return True, store.save_trial(trial.model_copy(update={"session_id": None}))
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
                self.problem = f"Tiny Hands could not save to its data file: {exc}"
                return None
        self._pending.append(PendingWrite(method, args))
        return None

    # ------------------------------------------------------------- grown-up decisions

    def restore_offered_backup(self, backup: Path | None = None) -> bool:
        """After a damaged file: restore ``backup`` (default: the offered one), then save
        what is pending."""
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
        """After a damaged file: carry on with a new, empty data file."""
        self.awaiting_decision = False
        self.offered_backup = None
        self.problem = None
        return self._retry(force=True)

    # ------------------------------------------------------------- everything else

    def call(self, action: Callable[[Store], T], default: T) -> T:
        """Run a non-critical store action (reading children, adding minutes ...); on any
        failure note the problem and return ``default`` instead of raising."""
        if not self._try_open():
            return default
        assert self.store is not None
        try:
            return action(self.store)
        except StoreError as exc:
            self._note(exc)
        except Exception as exc:
            log.exception("a store action failed")
            self.problem = f"Tiny Hands had a problem with its data: {exc}"
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
                self.problem = f"That name cannot be used: {_first_error(exc)}"
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

    def start_session(self, child_id: int, device: str, input_kind: str) -> PracticeSession | None:
        """None while the store is unavailable: trials are then kept without a session."""
        return self.call(lambda s: s.start_session(child_id, device, input_kind), None)

    # Writes the child's progress depends on are kept in memory when they fail.

    def add_session_minutes(self, session_id: int, minutes: float) -> None:
        self._write("add_session_minutes", session_id, minutes)

    def end_session(self, session_id: int, minutes: float) -> None:
        self._write("end_session", session_id, minutes)

    def set_difficulty_state(self, child_id: int, game_id: str, state: dict[str, Any]) -> None:
        self._write("set_difficulty_state", child_id, game_id, dict(state))

    def add_reward(
        self, child_id: int, stars: int, sticker: str | None = None, trial_id: int | None = None
    ) -> None:
        self._write("add_reward", child_id, stars, sticker, trial_id)

    def idle(self) -> None:
        """Call at quiet moments (menus): retry pending trials, fold the WAL, and take the
        daily backup if it is due."""
        self._retry(force=False)
        self.call(lambda s: s.checkpoint(), None)
        self.call(lambda s: s.backup_if_due(), None)

    def close(self) -> None:
        self._retry(force=True)
        if self.store is not None and not self._pending:
            self.call(lambda s: s.backup_if_due(), None)
        if self._pending:
            log.error("%d trial(s) could not be saved before closing", len(self._pending))
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


def _first_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        found = errors()
        if found:
            return str(found[0].get("msg", exc))
    return str(exc)
