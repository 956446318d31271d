"""Finding a garbled write-ahead log before SQLite quietly discards part of it.

SQLite ignores every WAL frame from the first one whose checksum fails. After a crash
that is only the trial being written; but when a frame in the middle was damaged later,
committed trials follow it and would be dropped without a word. So a leftover WAL is
copied aside before opening, and after opening the frames SQLite dropped are examined:
a dropped *commit* frame of the current WAL generation means committed data was lost,
and the copy is kept beside the data file for recovery.
"""

from __future__ import annotations

import os
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path

from progress.paths import PRIVATE_FILE_MODE

HEADER = 32
FRAME_HEADER = 24
MAGICS = (0x377F0682, 0x377F0683)


@dataclass(frozen=True, slots=True)
class WalCopy:
    path: Path
    page_size: int
    salts: tuple[int, int] | None  # None: the header itself is not valid
    frames: int  # whole frames physically in the file


def keep_copy(wal: Path, target: Path) -> WalCopy | None:
    """Copy a leftover, non-empty WAL to ``target`` (owner-only) and read its header."""
    try:
        size = wal.stat().st_size
    except FileNotFoundError:
        return None
    if size <= HEADER:
        return None
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    with open(wal, "rb") as src, os.fdopen(fd, "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
        dst.flush()
        os.fsync(dst.fileno())
    with open(target, "rb") as f:
        head = f.read(HEADER)
    magic, version, page_size, _seq, salt1, salt2 = struct.unpack(">6I", head[:24])
    valid = magic in MAGICS and version == 3007000 and page_size >= 512
    frames = (size - HEADER) // (FRAME_HEADER + page_size) if valid else 0
    return WalCopy(target, page_size, (salt1, salt2) if valid else None, frames)


def lost_commits(copy: WalCopy, valid_frames: int) -> int:
    """How many commit frames of this WAL generation lie beyond the frames SQLite kept."""
    if copy.salts is None:
        # An unreadable header over a WAL with content: everything in it was dropped.
        return 1 if copy.path.stat().st_size > HEADER + FRAME_HEADER else 0
    lost = 0
    step = FRAME_HEADER + copy.page_size
    with open(copy.path, "rb") as f:
        for n in range(valid_frames, copy.frames):
            f.seek(HEADER + n * step)
            raw = f.read(FRAME_HEADER)
            if len(raw) < FRAME_HEADER:
                break
            _pgno, commit, s1, s2 = struct.unpack(">4I", raw[:16])
            if commit and (s1, s2) == copy.salts:
                lost += 1
    return lost
