"""A safe place for a finished trial the data file cannot take right now.

A full disk, a read-only folder or a second copy of the app holding the file: the trial
is written at once, one small file per trial, to the first of these places that works:
the data folder's ``rescue`` folder, then a private folder in the system's temporary
space (often another disk, or memory). It is imported into the data file as soon as the
file can be written again, at the latest at the next start; an import interrupted by a
crash is repeated without counting a trial twice (``Store.has_trial_like``).

A round's end also leaves a *hand-over* file here (``hand_over``): the trial as the frame
handed it to the saving thread, written without an fsync (a fraction of a millisecond), so
a crash of the program between the hand-over and the commit (a few ms) still finds it at
the next start. It is removed once the trial is in the data file or in a rescue file.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import marshal
import os
import stat
import struct
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from progress.models import TrialIn
from progress.paths import PRIVATE_DIR_MODE, PRIVATE_FILE_MODE
from progress.samples import decode_samples

log = logging.getLogger(__name__)

RESCUE_DIR_NAME = "rescue"
PREFIX = "trial-"
SUFFIX = ".json"
HANDOVER_PREFIX = "handover-"
HANDOVER_SUFFIX = ".bin"
#: a hand-over file: magic, the trial's JSON length, the JSON (without samples), then the
#: samples as tuples (t_ms, pointer_id, x_mm, y_mm, phase, device, pressure), marshalled in
#: length-prefixed chunks
_HANDOVER_MAGIC = b"THH1"
_HANDOVER_HEAD = struct.Struct("<4sI")
_CHUNK_HEAD = struct.Struct("<I")
#: rows per marshalled chunk: one ``marshal.dumps`` holds the interpreter lock, so a frame
#: waits at most one chunk's worth (~0.3 ms) for the thread making it
_CHUNK_ROWS = 1024


def rescue_dirs(data_dir: Path) -> list[Path]:
    """Where rescued trials of ``data_dir`` may be, in the order they are tried."""
    return list(_rescue_dirs(Path(data_dir)))


@lru_cache(maxsize=8)
def _rescue_dirs(data_dir: Path) -> tuple[Path, ...]:
    """Worked out once per folder (resolving the path costs a syscall per part)."""
    key = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    return (
        data_dir / RESCUE_DIR_NAME,
        Path(tempfile.gettempdir()) / f"tinyhands-rescue-{uid}" / key,
    )


def _private_dir(path: Path) -> None:
    """Create ``path`` (and its parent) owner-only, refusing a folder someone else owns
    or a symlink planted in a shared temporary folder."""
    for folder in (path.parent, path):
        try:
            folder.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:
            pass
        st = os.lstat(folder)
        if not stat.S_ISDIR(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
            raise PermissionError(f"{folder} is not a private folder of this user")
        if st.st_mode & 0o077:
            os.chmod(folder, PRIVATE_DIR_MODE)


def save(data_dir: Path, trial: TrialIn, samples_blob: bytes) -> Path | None:
    """Write one trial (samples already encoded) to the first place that takes it."""
    record = {
        "trial": trial.model_dump(mode="json", exclude={"samples"}),
        "samples": base64.b64encode(samples_blob).decode("ascii"),
    }
    data = json.dumps(record, separators=(",", ":")).encode()
    name = f"{PREFIX}{time.time_ns()}-{os.getpid()}{SUFFIX}"
    return _write_first(data_dir, name, data, fsync=True, what="a trial could not be kept")


#: rescue folders this process has made or checked private (``_private_dir``)
_checked_dirs: set[Path] = set()


def _write_first(data_dir: Path, name: str, data: bytes, *, fsync: bool, what: str) -> Path | None:
    """Write ``data`` as ``name`` in the first rescue folder that takes it, whole or not at
    all (a temporary name, then a rename); with ``fsync`` on the disk before the rename."""
    for folder in rescue_dirs(data_dir):
        tmp = folder / f".{name}.tmp"
        try:
            # checked each time on the slow path; once per process on the frame's path
            if fsync or folder not in _checked_dirs:
                _private_dir(folder)
                _checked_dirs.add(folder)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                    if fsync:
                        f.flush()
                        os.fsync(f.fileno())
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
            final = folder / name
            os.replace(tmp, final)
            return final
        except OSError as exc:
            _checked_dirs.discard(folder)  # checked again next time (it may be gone)
            tmp.unlink(missing_ok=True)
            log.warning("%s in %s: %s", what, folder, exc)
    return None


def marshal_rows(rows: list[tuple]) -> bytes:
    """The samples part of a hand-over file (can be made ahead, off the frame)."""
    parts = []
    for i in range(0, len(rows), _CHUNK_ROWS):
        chunk = marshal.dumps(rows[i : i + _CHUNK_ROWS])
        parts += (_CHUNK_HEAD.pack(len(chunk)), chunk)
    return b"".join(parts)


def _unmarshal_rows(data: bytes) -> list[tuple]:
    rows: list[tuple] = []
    at = 0
    while at < len(data):
        (n,) = _CHUNK_HEAD.unpack_from(data, at)
        at += _CHUNK_HEAD.size
        if at + n > len(data):
            raise ValueError("a hand-over file ends inside its samples")
        chunk = marshal.loads(data[at : at + n])
        if not isinstance(chunk, list):
            raise ValueError("a hand-over file's samples are not a list of samples")
        rows += chunk
        at += n
    return rows


def hand_over(
    data_dir: Path, trial: TrialIn, rows: list[tuple], rows_blob: bytes | None = None
) -> Path | None:
    """Write a trial being handed to the saving thread, quickly and without an fsync: it
    survives the program being killed (the kernel holds the data), not a power cut. The
    rename makes it whole or absent. None when no place takes it (the save goes on).
    ``rows_blob``: ``marshal_rows(rows)`` if already made."""
    head = trial.model_dump_json(exclude={"samples"}).encode()
    blob = marshal_rows(rows) if rows_blob is None else rows_blob
    data = b"".join((_HANDOVER_HEAD.pack(_HANDOVER_MAGIC, len(head)), head, blob))
    name = f"{HANDOVER_PREFIX}{time.time_ns()}-{os.getpid()}{HANDOVER_SUFFIX}"
    return _write_first(
        data_dir, name, data, fsync=False, what="a trial's hand-over could not be written"
    )


def load(path: Path) -> tuple[TrialIn, bytes]:
    record = json.loads(path.read_bytes())
    return TrialIn.model_validate(record["trial"]), base64.b64decode(record["samples"])


def load_trial(path: Path) -> TrialIn:
    """A rescued or handed-over trial with its samples; ValueError when it is not one."""
    if not path.name.startswith(HANDOVER_PREFIX):
        trial, blob = load(path)
        return trial.model_copy(update={"samples": decode_samples(blob)})
    data = path.read_bytes()
    try:
        magic, n = _HANDOVER_HEAD.unpack_from(data)
        if magic != _HANDOVER_MAGIC:
            raise ValueError("not a hand-over file")
        head = data[_HANDOVER_HEAD.size : _HANDOVER_HEAD.size + n]
        rows = _unmarshal_rows(data[_HANDOVER_HEAD.size + n :])
    except (struct.error, EOFError, TypeError) as exc:
        raise ValueError(f"{path.name} is not a whole hand-over file ({exc})") from exc
    trial = TrialIn.model_validate_json(head)
    try:
        return TrialIn.model_validate(trial.model_dump() | {"samples": rows})
    except TypeError as exc:
        raise ValueError(f"{path.name} holds samples that are not samples ({exc})") from exc


def _made_ns(path: Path) -> int:
    """The moment a rescue or hand-over file was made (in its name): the import order."""
    stem = path.name.split("-")[1] if "-" in path.name else ""
    return int(stem) if stem.isdigit() else 0


def waiting(data_dir: Path) -> list[Path]:
    """Rescued and handed-over trials not yet known saved, oldest first; stale partial
    files of a killed write are removed on the way (they never held a whole trial)."""
    found: list[Path] = []
    for folder in rescue_dirs(data_dir):
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for p in entries:
            kinds = ((PREFIX, SUFFIX), (HANDOVER_PREFIX, HANDOVER_SUFFIX))
            if any(p.name.startswith(a) and p.name.endswith(b) for a, b in kinds):
                found.append(p)
            elif any(p.name.startswith(f".{a}") for a, _ in kinds) and p.name.endswith(".tmp"):
                pid = p.name.split("-")[-1].split(".")[0]
                if not (pid.isdigit() and _alive(int(pid))):
                    p.unlink(missing_ok=True)
    return sorted(found, key=lambda p: (_made_ns(p), p.name))


def _alive(pid: int) -> bool:
    from progress.lock import pid_alive

    return pid_alive(pid)
