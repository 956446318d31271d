"""One running Tiny Hands per data folder, enforced by an OS file lock.

An OS lock (flock / msvcrt) is released by the kernel when the process dies, even by
SIGKILL, so a crash never leaves a stale lock that blocks the next start.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from progress.errors import AlreadyRunningError, DataDirError
from progress.paths import LOCK_NAME, PRIVATE_FILE_MODE


class InstanceLock:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock or raise AlreadyRunningError naming the folder."""
        if self._fd is not None:
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
        except OSError as exc:
            raise DataDirError(
                f"Tiny Hands cannot create its lock file {self.path}: {exc.strerror or exc}. "
                f"Check that the folder {self.path.parent} is writable by this user.",
                path=self.path,
                detail=repr(exc),
            ) from exc
        try:
            _lock(fd)
        except OSError as exc:
            os.close(fd)
            raise AlreadyRunningError(
                "Tiny Hands is already open on this computer, using the data folder "
                f"{self.path.parent}. Close the other Tiny Hands window and try again; "
                "until then, practice here is kept in memory and saved later.",
                path=self.path,
                detail=repr(exc),
            ) from exc
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)


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
