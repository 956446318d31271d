"""Atomic file writing: a reader (or a crash) never sees half a report.

Each file is written to a temporary file in the same folder, flushed to disk, then moved
over the target with ``os.replace`` (atomic on POSIX and Windows).
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_writer(path: Path, mode: str = "w", **open_kwargs: object) -> Iterator[IO]:
    """Open a temporary sibling of ``path``; on success it replaces ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **open_kwargs) as f:  # type: ignore[call-overload]
            yield f
            f.flush()
            os.fsync(f.fileno())
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
