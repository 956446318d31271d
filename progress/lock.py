"""One running Tiny Hands per data folder, enforced by an OS file lock.

An OS lock (flock / msvcrt) is released by the kernel when the process dies, even by
SIGKILL, so a crash never leaves a lock that blocks the next start. The lock file also
holds the holder's PID (best effort: a full disk must not stop the lock itself); the
descriptor is closed on every failure so a refused or failed attempt never keeps the lock.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from progress.errors import AlreadyRunningError, DataDirError
from progress.messages import N_, Message
from progress.paths import LOCK_NAME, PRIVATE_FILE_MODE


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - no os.kill(pid, 0) semantics there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def lock_holders(path: Path) -> list[int]:
    """PIDs the kernel says hold a lock on ``path`` (Linux /proc/locks; [] elsewhere).

    The PID written in the file can be stale (a process started by the holder inherits
    the lock and outlives it); the kernel's list cannot.
    """
    try:
        st = os.stat(path)
        text = Path("/proc/locks").read_text()
    except OSError:
        return []
    want = f":{st.st_ino}"
    dev = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}"
    found = []
    for line in text.splitlines():
        parts = line.split()
        # "1: FLOCK  ADVISORY  WRITE 1234 00:2a:5678 0 EOF" ("->" marks a waiter)
        if len(parts) < 6 or parts[1] != "FLOCK" or "->" in parts:
            continue
        pid, ident = parts[4], parts[5]
        if ident.endswith(want) and ident.startswith(dev) and pid.isdigit():
            found.append(int(pid))
    return found


class InstanceLock:
    def __init__(self, data_dir: Path, name: str = LOCK_NAME) -> None:
        self.path = data_dir / name
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def recorded_pid(self) -> int | None:
        """The PID the holder wrote into the file, if any."""
        try:
            text = self.path.read_text().strip()
        except (OSError, UnicodeDecodeError):
            return None
        return int(text) if text.isdigit() else None

    def holder_pid(self) -> int | None:
        """Who really holds the lock: the kernel's answer first, else the recorded PID."""
        holders = [p for p in lock_holders(self.path) if p != os.getpid()]
        if holders:
            return holders[0]
        pid = self.recorded_pid()
        return pid if pid is not None and pid_alive(pid) else None

    def acquire(self) -> None:
        """Take the lock or raise AlreadyRunningError naming the folder."""
        if self._fd is not None:
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
        except OSError as exc:
            raise DataDirError(
                Message(
                    N_(
                        "Tiny Hands cannot create its lock file {path}: {error}. "
                        "Check that the folder {folder} is writable by this user."
                    ),
                    path=self.path,
                    error=exc.strerror or exc,
                    folder=self.path.parent,
                ),
                path=self.path,
                detail=repr(exc),
            ) from exc
        try:
            try:
                _lock(fd)
            except OSError as exc:
                holder = self.holder_pid()
                raise AlreadyRunningError(
                    Message(
                        N_(
                            "Tiny Hands is already open on this computer, using the data "
                            "folder {folder} (process {process}). Use that window, or close "
                            "it and try again."
                        )
                        if holder
                        else N_(
                            "Tiny Hands is already open on this computer, using the data "
                            "folder {folder}. Use that window, or close it and try again."
                        ),
                        folder=self.path.parent,
                        process=holder,
                    ),
                    path=self.path,
                    detail=repr(exc),
                ) from exc
            _write_pid(fd)
        except BaseException:
            os.close(fd)  # closing drops the lock too: a failure never keeps it
            raise
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)


def _write_pid(fd: int) -> None:
    """Record our PID for messages; on a full or read-only disk the lock works without it."""
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n".encode())
    except OSError:
        pass


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
