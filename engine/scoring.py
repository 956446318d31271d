"""Scoring a finished round off the frame: ``Round.result()`` (metrics over every sample,
30-80 ms for a long round) runs on a worker thread while the view keeps drawing.

A finished Round no longer changes (no more events or steps reach it), and its result is
a pure function of its samples and geometry, so the result is the same, bit for bit, as
the one computed on the frame. While the worker runs, the interpreter switches threads
more often, so a frame waits at most a fraction of a millisecond for the worker to let
go of the GIL instead of the default 5 ms.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

log = logging.getLogger(__name__)
#: the thread switch interval while a round is scored (the default is 5 ms)
SCORING_SWITCH_INTERVAL_S = 0.0005

_lock = threading.Lock()
_running = 0
_saved_interval: float | None = None


def _enter() -> None:
    global _running, _saved_interval
    with _lock:
        if _running == 0:
            _saved_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(_saved_interval, SCORING_SWITCH_INTERVAL_S))
        _running += 1


def _leave() -> None:
    global _running
    with _lock:
        _running -= 1
        if _running == 0 and _saved_interval is not None:
            sys.setswitchinterval(_saved_interval)


@contextmanager
def quick_switching() -> Iterator[None]:
    """Short thread switches while the block runs on a worker (the saving of a round,
    ``progress.writer``), so a frame waits a fraction of a millisecond for the GIL."""
    _enter()
    try:
        yield
    finally:
        _leave()


class Scoring:
    """``round_.result()`` on its own thread; ``poll`` on each frame, ``wait`` to block.

    ``then(result)``, when given, also runs on that thread before the result is ready:
    what the app wants done with a result that is too heavy for a frame (the samples put
    in the form the store saves). Its answer is ``prepared`` (None if it failed: the
    caller then does that work itself)."""

    def __init__(self, round_: Any, then: Callable[[Any], Any] | None = None) -> None:
        self._round = round_
        self._then = then
        self.prepared: Any = None
        self._result: Any = None
        self._error: BaseException | None = None
        self._done = threading.Event()
        _enter()
        self._thread = threading.Thread(target=self._run, name="tinyhands-score", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._result = self._round.result()
            if self._then is not None:
                try:
                    self.prepared = self._then(self._result)
                except Exception:  # only a head start: the caller can do it itself
                    log.exception("preparing a scored round failed")
        except BaseException as exc:  # handed to the frame that asks, never lost here
            self._error = exc
        finally:
            _leave()
            self._done.set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def poll(self) -> Any:
        """The result once it is ready (None before); a failure is raised here, on the
        caller's thread, as it would have been on the frame."""
        if not self._done.is_set():
            return None
        if self._error is not None:
            raise self._error
        return self._result

    def wait(self, timeout: float | None = None) -> Any:
        self._done.wait(timeout)
        return self.poll()
