"""A report export running in its own process (``python -m tinyhands export``), so the
app keeps drawing frames while a year's PDF is written and the memory the exporter uses
(fonts, fpdf, a year of samples) goes back to the system when it ends.

The child process reads the data file itself (the store allows a second reader) and
prints one line per step; two small threads only read its pipes, so a full pipe can
never stall it.
"""

from __future__ import annotations

import logging
import os
import queue
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass
class ExportJob:
    data_dir: Path
    child_id: int
    first_day: date
    last_day: date
    out_dir: Path
    pseudonymise: bool = False
    done: int = 0
    total: int = 1
    step: str = "starting"
    files: list[Path] = field(default_factory=list)
    pseudonym: str | None = None
    error: str = ""
    finished: bool = False
    _proc: subprocess.Popen | None = None
    _lines: queue.Queue = field(default_factory=queue.Queue)
    _errors: list[str] = field(default_factory=list)

    def command(self) -> list[str]:
        from tinyhands.i18n import language

        # The app's language goes along: the report is written in it unless the grown-ups
        # chose a report language in the settings (tinyhands.language.choose_report_language).
        cmd = [sys.executable, "-m", "tinyhands", "--data-dir", str(self.data_dir)]
        cmd += ["--lang", language(), "export"]
        cmd += [
            "--id",
            str(self.child_id),
            "--from",
            str(self.first_day),
            "--to",
            str(self.last_day),
        ]
        cmd += ["--out", str(self.out_dir), "--progress"]
        return cmd + (["--pseudonym"] if self.pseudonymise else [])

    def start(self) -> None:
        env = dict(os.environ, PYGAME_HIDE_SUPPORT_PROMPT="1")
        nice = (lambda: os.nice(10)) if hasattr(os, "nice") else None  # frames come first
        log.info("export started for child %d into %s", self.child_id, self.out_dir)
        self._proc = subprocess.Popen(
            self.command(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=env,
            preexec_fn=nice,  # noqa: PLW1509 - only os.nice, before exec
        )
        threading.Thread(target=self._read, args=(self._proc.stdout, True), daemon=True).start()
        threading.Thread(target=self._read, args=(self._proc.stderr, False), daemon=True).start()

    def _read(self, pipe, out: bool) -> None:
        for line in pipe:
            if out:
                self._lines.put(line.rstrip("\n"))
            else:
                self._errors.append(line.rstrip("\n"))
        pipe.close()

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total else 0.0

    def poll(self) -> bool:
        """Take in what the process said; True once it has ended (see files / error)."""
        while True:
            try:
                line = self._lines.get_nowait()
            except queue.Empty:
                break
            self._take(line)
        if self.finished or self._proc is None:
            return self.finished
        code = self._proc.poll()
        if code is None:
            return False
        self._proc.wait()
        # the reader threads may still hold the last lines: wait for them briefly
        for _ in range(50):
            try:
                self._take(self._lines.get(timeout=0.01))
            except queue.Empty:
                if self._proc.stdout.closed:
                    break
        self.finished = True
        if code != 0 or not self.files:
            said = [e for e in self._errors if e.strip()]
            self.error = (
                said[-1] if said else f"the export stopped (exit code {code})"
            ).removeprefix("tinyhands export: ")
            log.warning("export for child %d failed: %s", self.child_id, self.error)
        else:
            log.info("export for child %d wrote %s", self.child_id, ", ".join(map(str, self.files)))
        return True

    def _take(self, line: str) -> None:
        if line.startswith("progress "):
            count, _, what = line.removeprefix("progress ").partition(" ")
            done, _, total = count.partition("/")
            if done.isdigit() and total.isdigit():
                self.done, self.total, self.step = int(done), max(1, int(total)), what
        elif line.startswith("pseudonym "):
            self.pseudonym = line.removeprefix("pseudonym ")
        elif ": wrote " in line:
            self.files.append(Path(line.split(": wrote ", 1)[1]))

    def cancel(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            self._proc.wait(timeout=10)
