"""A safe place for a finished trial the data file cannot take right now.

A full disk, a read-only folder or a second copy of the app holding the file: the trial
is written at once, one small file per trial, to the first of these places that works:
the data folder's ``rescue`` folder, then a private folder in the system's temporary
space (often another disk, or memory). It is imported into the data file as soon as the
file can be written again, at the latest at the next start; an import interrupted by a
crash is repeated without counting a trial twice (``Store.has_trial_like``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import stat
import tempfile
import time
from pathlib import Path

from progress.models import TrialIn
from progress.paths import PRIVATE_DIR_MODE, PRIVATE_FILE_MODE

log = logging.getLogger(__name__)

RESCUE_DIR_NAME = "rescue"
PREFIX = "trial-"
SUFFIX = ".json"


def rescue_dirs(data_dir: Path) -> list[Path]:
    """Where rescued trials of ``data_dir`` may be, in the order they are tried."""
    key = hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:16]
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    return [
        Path(data_dir) / RESCUE_DIR_NAME,
        Path(tempfile.gettempdir()) / f"tinyhands-rescue-{uid}" / key,
    ]


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
    for folder in rescue_dirs(data_dir):
        tmp = folder / f".{name}.tmp"
        try:
            _private_dir(folder)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
            final = folder / name
            os.replace(tmp, final)
            return final
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            log.warning("a trial could not be kept in %s: %s", folder, exc)
    return None


def load(path: Path) -> tuple[TrialIn, bytes]:
    record = json.loads(path.read_bytes())
    return TrialIn.model_validate(record["trial"]), base64.b64decode(record["samples"])


def waiting(data_dir: Path) -> list[Path]:
    """Rescued trials not yet in the data file, oldest first; stale partial files of a
    killed write are removed on the way (they never held a whole trial)."""
    found: list[Path] = []
    for folder in rescue_dirs(data_dir):
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for p in entries:
            if p.name.startswith(PREFIX) and p.name.endswith(SUFFIX):
                found.append(p)
            elif p.name.startswith(f".{PREFIX}") and p.name.endswith(".tmp"):
                pid = p.name.split("-")[-1].split(".")[0]
                if not (pid.isdigit() and _alive(int(pid))):
                    p.unlink(missing_ok=True)
    return sorted(found, key=lambda p: p.name)


def _alive(pid: int) -> bool:
    from progress.lock import pid_alive

    return pid_alive(pid)
