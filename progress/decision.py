"""A data problem that waits for a grown-up, remembered on disk so it survives restarts.

When the data file is damaged, empty where data was expected, missing while backups hold
data, or not a Tiny Hands file at all, it is moved aside and this note is written beside
it. Until a grown-up restores a backup or chooses to start empty, every start (the app's
and every command's) sees the note and refuses to make a new, empty file: a new file
would be backed up daily and could push the good backups out.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from progress.messages import N_, Message
from progress.paths import PRIVATE_FILE_MODE

log = logging.getLogger(__name__)

DECISION_NAME = "tinyhands.needs-grown-up.json"


@dataclass(frozen=True, slots=True)
class PendingDecision:
    reason: str  # damaged | empty | foreign | missing
    message: str  # for the grown-up: what happened and where the file went (a Message)
    found_at: str  # ISO time, local
    moved_to: str | None = None
    wal_kept: str | None = None


def decision_path(data_dir: Path) -> Path:
    return Path(data_dir) / DECISION_NAME


def read_decision(data_dir: Path) -> PendingDecision | None:
    """The pending decision, or None. A note that cannot be read still counts: its
    presence is what protects the way back."""
    path = decision_path(data_dir)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        return PendingDecision(
            "unknown",
            Message(N_("The note {path} could not be read ({error})."), path=path, error=exc),
            "",
        )
    try:
        data = json.loads(raw)
        fields = {k: data.get(k) for k in PendingDecision.__dataclass_fields__}
        # the English text stays in the note for a person reading the file; the parts
        # let the app show it in the reader's language after a restart
        fields["message"] = Message.from_json(data.get("message_parts"), fields["message"])
        return PendingDecision(**fields)
    except (ValueError, TypeError, AttributeError) as exc:
        log.warning("decision note %s is unreadable: %s", path, exc)
        return PendingDecision(
            "unknown", Message(N_("Tiny Hands found a problem with its data file earlier.")), ""
        )


def write_decision(
    data_dir: Path,
    reason: str,
    message: str,
    now: datetime,
    *,
    moved_to: Path | None = None,
    wal_kept: Path | None = None,
) -> PendingDecision:
    """Write the note atomically (temp file, fsync, rename), owner-only."""
    note = PendingDecision(
        reason,
        message,
        now.isoformat(timespec="seconds"),
        str(moved_to) if moved_to else None,
        str(wal_kept) if wal_kept else None,
    )
    path = decision_path(data_dir)
    fd, tmp = tempfile.mkstemp(prefix=".decision-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            kept = asdict(note)
            if isinstance(message, Message):
                kept["message_parts"] = message.to_json()
            json.dump(kept, f, indent=2)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, PRIVATE_FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return note


def clear_decision(data_dir: Path) -> None:
    """The grown-up has decided (restored, or started empty)."""
    decision_path(data_dir).unlink(missing_ok=True)
