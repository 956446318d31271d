"""The data file's schema and its migrations, numbered by ``PRAGMA user_version``.

Each migration runs in its own transaction together with the version bump, so a crash
or a power cut mid-upgrade leaves the file at the old version, never half-migrated.
Migrations are append-only: a released step is never edited, a fix is a new step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

APPLICATION_ID = 0x54486E64  # "THnd": marks a SQLite file as a Tiny Hands data file

_V1: tuple[str, ...] = (
    """CREATE TABLE child (
        id INTEGER PRIMARY KEY,
        display_name TEXT NOT NULL,
        avatar TEXT NOT NULL DEFAULT '',
        handedness TEXT NOT NULL,
        birth_year INTEGER,
        created_utc TEXT NOT NULL
    ) STRICT""",
    """CREATE TABLE practice_session (
        id INTEGER PRIMARY KEY,
        child_id INTEGER NOT NULL REFERENCES child(id) ON DELETE CASCADE,
        device TEXT NOT NULL,
        input_kind TEXT NOT NULL,
        started_utc TEXT NOT NULL,
        local_date TEXT NOT NULL,
        utc_offset_min INTEGER NOT NULL,
        ended_utc TEXT,
        minutes REAL NOT NULL DEFAULT 0 CHECK (minutes >= 0)
    ) STRICT""",
    "CREATE INDEX practice_session_by_day ON practice_session(child_id, local_date)",
    """CREATE TABLE trial (
        id INTEGER PRIMARY KEY,
        child_id INTEGER NOT NULL REFERENCES child(id) ON DELETE CASCADE,
        session_id INTEGER REFERENCES practice_session(id) ON DELETE SET NULL,
        game_id TEXT NOT NULL,
        difficulty REAL NOT NULL,
        params_json TEXT NOT NULL,
        started_utc TEXT NOT NULL,
        local_date TEXT NOT NULL,
        utc_offset_min INTEGER NOT NULL,
        duration_s REAL NOT NULL,
        success INTEGER NOT NULL CHECK (success IN (0, 1)),
        score REAL NOT NULL CHECK (score BETWEEN 0 AND 1),
        metrics_json TEXT NOT NULL,
        metrics_version INTEGER NOT NULL,
        geometry_json TEXT NOT NULL,
        graded INTEGER NOT NULL CHECK (graded IN (0, 1)),
        cue_level TEXT,
        app_version TEXT NOT NULL,
        sample_count INTEGER NOT NULL
    ) STRICT""",
    "CREATE INDEX trial_by_child_time ON trial(child_id, started_utc)",
    "CREATE INDEX trial_by_child_game_time ON trial(child_id, game_id, started_utc)",
    "CREATE INDEX trial_by_session ON trial(session_id)",
    # Samples live apart from the trial row so listing trials never reads the bulk.
    """CREATE TABLE trial_samples (
        trial_id INTEGER PRIMARY KEY REFERENCES trial(id) ON DELETE CASCADE,
        codec INTEGER NOT NULL,
        data BLOB NOT NULL
    ) STRICT""",
    """CREATE TABLE difficulty_state (
        child_id INTEGER NOT NULL REFERENCES child(id) ON DELETE CASCADE,
        game_id TEXT NOT NULL,
        state_json TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        PRIMARY KEY (child_id, game_id)
    ) STRICT""",
    """CREATE TABLE home_program (
        child_id INTEGER PRIMARY KEY REFERENCES child(id) ON DELETE CASCADE,
        program_json TEXT NOT NULL,
        updated_utc TEXT NOT NULL
    ) STRICT""",
    """CREATE TABLE goal (
        id INTEGER PRIMARY KEY,
        child_id INTEGER NOT NULL REFERENCES child(id) ON DELETE CASCADE,
        goal_json TEXT NOT NULL,
        status TEXT NOT NULL,
        created_utc TEXT NOT NULL
    ) STRICT""",
    "CREATE INDEX goal_by_child ON goal(child_id)",
    """CREATE TABLE reward (
        id INTEGER PRIMARY KEY,
        child_id INTEGER NOT NULL REFERENCES child(id) ON DELETE CASCADE,
        stars INTEGER NOT NULL CHECK (stars >= 0),
        sticker TEXT,
        trial_id INTEGER REFERENCES trial(id) ON DELETE SET NULL,
        earned_utc TEXT NOT NULL,
        local_date TEXT NOT NULL
    ) STRICT""",
    "CREATE INDEX reward_by_child ON reward(child_id)",
    "CREATE INDEX reward_by_trial ON reward(trial_id)",
    f"PRAGMA application_id = {APPLICATION_ID}",
)

# A random (version 4) UUID in SQL, for rows that existed before their table had one.
_UUID4_SQL = (
    "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||"
    " substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) ||"
    " substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
)

# V2: what the controller did and what the child saw, per trial; stable UUIDs for merging one
# child's records from two devices; the optional clinical-record fields of a child.
_V2: tuple[str, ...] = (
    "ALTER TABLE child ADD COLUMN uuid TEXT",
    f"UPDATE child SET uuid = {_UUID4_SQL} WHERE uuid IS NULL",
    "CREATE UNIQUE INDEX child_by_uuid ON child(uuid)",
    "ALTER TABLE child ADD COLUMN record_json TEXT NOT NULL DEFAULT '{}'",
    "ALTER TABLE practice_session ADD COLUMN uuid TEXT",
    f"UPDATE practice_session SET uuid = {_UUID4_SQL} WHERE uuid IS NULL",
    "CREATE UNIQUE INDEX practice_session_by_uuid ON practice_session(uuid)",
    "ALTER TABLE trial ADD COLUMN uuid TEXT",
    f"UPDATE trial SET uuid = {_UUID4_SQL} WHERE uuid IS NULL",
    "CREATE UNIQUE INDEX trial_by_uuid ON trial(uuid)",
    # How the controller chose the trial. Trials from before V2 were not marked (their warm-ups
    # cannot be told apart afterwards): 'unrecorded', or 'graded' where the graded flag says so.
    "ALTER TABLE trial ADD COLUMN kind TEXT NOT NULL DEFAULT 'unrecorded'"
    " CHECK (kind IN ('warmup', 'staircase', 'graded', 'unrecorded'))",
    "UPDATE trial SET kind = 'graded' WHERE graded = 1",
    # The staircase's own value when the trial was chosen (a warm-up is presented below it).
    "ALTER TABLE trial ADD COLUMN tracked_difficulty REAL",
    # What the child saw, in the game's own units: [{"name", "value", "unit", "label"}, ...]
    "ALTER TABLE trial ADD COLUMN presented_json TEXT NOT NULL DEFAULT '[]'",
    # The home program's bounds in force, and whether the presented value sat at one of them.
    "ALTER TABLE trial ADD COLUMN bound_low REAL",
    "ALTER TABLE trial ADD COLUMN bound_high REAL",
    "ALTER TABLE trial ADD COLUMN at_bound TEXT CHECK (at_bound IN ('low', 'high'))",
    # The success rule the game used ("tracing/1"); '' before V2.
    "ALTER TABLE trial ADD COLUMN success_rule TEXT NOT NULL DEFAULT ''",
    # A round left before its end (home button, window closed): kept with its time, not a miss.
    "ALTER TABLE trial ADD COLUMN interrupted INTEGER NOT NULL DEFAULT 0"
    " CHECK (interrupted IN (0, 1))",
)

# MIGRATIONS[i] takes the file from user_version i to i + 1.
MIGRATIONS: list[Sequence[str]] = [_V1, _V2]
SCHEMA_VERSION = len(MIGRATIONS)


class NewerSchemaError(Exception):
    """The file was written by a newer Tiny Hands; it must not be touched."""


def migrate(conn: sqlite3.Connection, migrations: Sequence[Sequence[str]] = MIGRATIONS) -> int:
    """Bring the file up to date, one transaction per step; return the final version.

    ``conn`` must be in autocommit mode (``isolation_level=None``) so that the explicit
    BEGIN/COMMIT here are the only transactions.
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(migrations):
        raise NewerSchemaError(version)
    while version < len(migrations):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read inside the write lock: another process may have migrated meanwhile.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version < len(migrations):
                for statement in migrations[version]:
                    conn.execute(statement)
                version += 1
                conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return version
