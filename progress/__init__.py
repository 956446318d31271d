"""The per-child store (SQLite): children, sessions, trials, difficulty state, programs, goals."""
