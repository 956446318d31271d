"""Where the program's own account goes: tinyhands.log beside the data (owner-only,
rotated, every file 0600 also after rotation: the standard handler would open new files
with the umask, usually 0644, and a log may name a child), for a grown-up or a developer to
read; a child never sees a traceback.

Set up before the store opens, so a damaged file found at start, and every decision
about it, are in the log and not only on a terminal nobody watches. Libraries that talk
a lot at INFO (fontTools subsetting a font for every PDF, matplotlib, PIL) are held to
WARNING, so the log stays a list of what happened to the data.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

LOG_NAME = "tinyhands.log"
CHATTY = ("fontTools", "matplotlib", "PIL", "fpdf", "urllib3")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    def _open(self):  # type: ignore[no-untyped-def]
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.chmod(self.baseFilename, 0o600)
        except OSError:
            pass
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)

    def doRollover(self) -> None:
        super().doRollover()
        for n in range(1, self.backupCount + 1):
            try:
                os.chmod(f"{self.baseFilename}.{n}", 0o600)
            except OSError:
                pass


def quiet_libraries() -> None:
    for name in CHATTY:
        logging.getLogger(name).setLevel(logging.WARNING)


def log_to_data_dir(data_dir: str | Path | None) -> Path | None:
    """Send INFO and above to tinyhands.log in the data folder; returns its path.

    With no usable folder the log goes nowhere rather than onto the terminal (the
    commands print their own plain messages)."""
    from progress.errors import StoreError
    from progress.paths import resolve_data_dir

    root = logging.getLogger()
    root.setLevel(logging.INFO)
    quiet_libraries()
    for old in [h for h in root.handlers if getattr(h, "tinyhands", False)]:
        root.removeHandler(old)  # one log at a time: the folder of this run
        old.close()
    try:
        folder = resolve_data_dir(None if data_dir is None else str(data_dir))
        folder.mkdir(parents=True, exist_ok=True)
        path = Path(folder) / LOG_NAME
        handler: logging.Handler = PrivateRotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=2, encoding="utf-8"
        )
    except (OSError, ValueError, StoreError):
        handler, path = logging.NullHandler(), None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.tinyhands = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return path
