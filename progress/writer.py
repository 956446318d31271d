"""One thread that does the store's saving, in the order it was asked for.

A round's end hands its trial over and goes on drawing; the SQLite transaction (an fsync
with synchronous=FULL, 3-60 ms on a busy disk) then runs here, not on a frame. Whoever
reads or writes the store on another thread first waits for the queue to run dry
(``settle``), so a read always sees every write asked for before it, and only one
thread uses the connection at a time.
"""

from __future__ import annotations

import atexit
import logging
import threading
import weakref
from collections import deque
from collections.abc import Callable

log = logging.getLogger(__name__)

Job = Callable[[], object]

#: writers with a thread: drained when the interpreter exits without a clean close
_LIVE: weakref.WeakSet[Writer] = weakref.WeakSet()


@atexit.register
def _drain_all() -> None:
    for writer in list(_LIVE):
        writer.close()


class Writer:
    """A FIFO of jobs run one at a time on a thread of their own, started on first use."""

    def __init__(self, name: str = "tinyhands-save") -> None:
        self._name = name
        self._jobs: deque[Job] = deque()
        self._cond = threading.Condition()
        self._busy = False  # a job has been taken and is running
        self._thread: threading.Thread | None = None
        self._closed = False

    # ----------------------------------------------------------------- the caller's side

    def submit(self, job: Job) -> None:
        """Queue ``job``; it runs after every job queued before it. After ``close`` (the
        app is shutting down) a job runs at once, here, so nothing is dropped."""
        with self._cond:
            if not self._closed:
                self._jobs.append(job)
                if self._thread is None:
                    # a daemon, so a forgotten close cannot hang the exit; atexit drains it
                    self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                    _LIVE.add(self)
                    self._thread.start()
                self._cond.notify_all()
                return
        self._do(job)

    def on_writer_thread(self) -> bool:
        return self._thread is not None and threading.current_thread() is self._thread

    @property
    def idle(self) -> bool:
        with self._cond:
            return not self._jobs and not self._busy

    def settle(self, timeout: float | None = None) -> bool:
        """Wait until every job queued so far has run; True when none is left. From the
        writer's own thread (a job that reads the store) it returns at once."""
        if self.on_writer_thread():
            return True
        with self._cond:
            return self._cond.wait_for(lambda: not self._jobs and not self._busy, timeout)

    def close(self) -> None:
        """Run what is queued, then stop the thread (a clean shutdown loses nothing)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    # ----------------------------------------------------------------- the thread

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._jobs or self._closed)
                if not self._jobs:  # closed and drained
                    self._thread = None
                    self._cond.notify_all()
                    return
                job = self._jobs.popleft()
                self._busy = True
            try:
                self._do(job)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    @staticmethod
    def _do(job: Job) -> None:
        try:
            job()
        except Exception:  # the job's own code keeps what it saves; this is the last net
            log.exception("a saving job failed")
