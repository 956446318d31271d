"""The log beside the data (``tinyhands.log``, rotated): owner-only, also after rotation.

The standard RotatingFileHandler opens each new file with the process umask (usually
0644), so a rotated log would be readable by every user of the computer; it may name a
child. This handler creates every file 0600 itself.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

LOG_NAME = "tinyhands.log"


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


def log_to_data_dir(data_dir: Path | str | None) -> logging.Handler | None:
    """Problems go to tinyhands.log beside the data, for a grown-up or a developer to
    read; a child never sees a traceback."""
    logging.getLogger().setLevel(logging.INFO)
    if data_dir is None:
        return None
    try:
        handler = PrivateRotatingFileHandler(
            os.path.join(str(data_dir), LOG_NAME),
            maxBytes=1_000_000,
            backupCount=2,
            encoding="utf-8",
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    return handler
