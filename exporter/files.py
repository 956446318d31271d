"""Atomic file writing: a reader (or a crash) never sees half a report, and a killed
export leaves no partial file holding a child's data.

On Linux the file is written as an unnamed file in the target folder (``O_TMPFILE``):
if the process is killed the kernel drops it, nothing is left. It gets a name only when
complete (linked under a temporary name and renamed over the target, a gap of
microseconds). Elsewhere a named temporary sibling is used. Either way, temporary files
are named with the writer's PID, and every write first removes those of writers that
are no longer running. Everything is owner-only (0600 files, 0700 folders we create).
"""

from __future__ import annotations

import os
import re
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

PARTIAL_PREFIX = ".tinyhands-partial-"


def private_dir(path: Path) -> None:
    """Create ``path`` (and parents) owner-only; an existing folder is left as it is."""
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def clean_stale_partials(folder: Path) -> list[Path]:
    """Remove temporary files left by killed writers (their PID is in the name)."""
    removed = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for p in entries:
        if not p.name.startswith(PARTIAL_PREFIX):
            continue
        pid = p.name[len(PARTIAL_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            try:
                p.unlink()
                removed.append(p)
            except OSError:
                pass
    return removed


def _open_unnamed(folder: Path) -> int | None:
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY, 0o600)
    except OSError:  # a file system without O_TMPFILE support
        return None


def _name_unnamed(fd: int, target: Path) -> None:
    """linkat(AT_SYMLINK_FOLLOW) of /proc/self/fd/N: gives the unnamed file a name."""
    proc = os.open("/proc/self/fd", os.O_RDONLY)
    try:
        os.link(str(fd), target, src_dir_fd=proc, follow_symlinks=True)
    finally:
        os.close(proc)


@contextmanager
def atomic_writer(path: Path, mode: str = "w", **open_kwargs: object) -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success it replaces ``path``."""
    path = Path(path)
    private_dir(path.parent)
    clean_stale_partials(path.parent)
    tmp = path.parent / f"{PARTIAL_PREFIX}{os.getpid()}-{time.time_ns()}-{path.name}"
    fd = _open_unnamed(path.parent)
    unnamed = fd is not None
    if fd is None:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, mode, **open_kwargs) as f:  # type: ignore[call-overload]
            yield f
            f.flush()
            os.fsync(f.fileno())
            if unnamed:
                _name_unnamed(f.fileno(), tmp)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_atomic(path: Path, data: bytes) -> Path:
    with atomic_writer(path, "wb") as f:
        f.write(data)
    return path


def write_with(path: Path, fill: Callable[[IO], None], mode: str = "w", **kw: object) -> Path:
    with atomic_writer(path, mode, **kw) as f:
        fill(f)
    return path


def slug(text: str, fallback: str) -> str:
    """A file-name-safe form of a (user-typed) name: ASCII letters, digits and dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:40].strip("-")
    return s or fallback
