"""SIGKILL a real second process right after a reward appears: no round whose reward was
shown is lost, and none is counted twice.

The child process is the app's headless path (a Harness over the real screens, a real
SafeStore): it taps its avatar, plays tracing rounds with real posted events, and prints
one line the moment each reward is on screen (``Practice.finish`` has returned on that
frame). The test kills it at once. With the writer thread held (a disk that takes
seconds to sync) the kill is sure to land before the commit, so only the hand-over file
can carry the round to the next start; without it, the kill lands wherever it lands.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from progress import rescue
from progress.paths import DB_NAME
from progress.safe import SafeStore
from progress.store import Store

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import random, sys, threading, time
import games
from engine.harness import Harness
from games.tracing.bots import play_stream
from progress.safe import SafeStore
from tinyhands.screens.home import ProfileScene
from tinyhands.screens.plan import PlanScene
from tinyhands.screens.reward import RewardScene
from tinyhands.services import Services

data, mode, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
games.load_all()
store = SafeStore.open_dir(data)
assert store.available, store.problem
child = store.add_child("Mia", avatar="cat")
h = Harness(ProfileScene(), services=Services(store=store, rng=random.Random(seed)))
h.tap_rect(h.top.buttons.find(f"child:{child.id}").rect)
n = 0
while True:
    assert isinstance(h.top, PlanScene), h.top
    h.tap_rect(h.top.buttons.find("game:tracing").rect)
    if mode == "held":
        store._writer.submit(threading.Event().wait)  # the disk never answers
    stream = play_stream(h.top.round.geometry, "shaky", random.Random(seed + n), skill=0.7,
                         px_per_mm=h.app.units.px_per_mm)
    h.replay(stream)
    assert isinstance(h.top, RewardScene), h.top
    n += 1
    print(f"reward {n}", flush=True)
    if mode == "held":
        time.sleep(120)
    h.run_seconds(4)
    h.tap_rect(h.top.buttons.find("home").rect)
"""


def _lines(proc: subprocess.Popen) -> queue.Queue:
    q: queue.Queue = queue.Queue()

    def pump() -> None:
        for line in proc.stdout:
            q.put(line.strip())
        q.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return q


def _run_and_kill(data: Path, mode: str, seed: int, kill_after: int) -> int:
    """Start the child, SIGKILL it right after its ``kill_after``-th reward; return how
    many rewards it showed in all (read to the end of its output)."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data), mode, str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    q = _lines(proc)
    rewards = 0
    try:
        while rewards < kill_after:
            line = q.get(timeout=120)
            if line is None:
                pytest.fail(f"the practice process ended: {proc.stderr.read()[-3000:]}")
            if line.startswith("reward "):
                rewards += 1
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    while (line := q.get(timeout=30)) is not None:  # a reward printed as the kill landed
        rewards += line.startswith("reward ")
    return rewards


def _trials_in_file(data: Path) -> int:
    with Store.open_readonly(data) as reader:
        return len(reader.trials(reader.list_children()[0].id))


def _after_restart(data: Path) -> int:
    """Start again as the app does (the hand-over files are imported) and count."""
    safe = SafeStore.open_dir(data)
    try:
        assert safe.available, safe.problem
        child = safe.list_children()[0]
        trials = safe.call(lambda s: s.trials(child.id), [])
        assert len({t.uuid for t in trials}) == len(trials)
    finally:
        safe.close()
    conn = sqlite3.connect(data / DB_NAME)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert rescue.waiting(data) == []
    return len(trials)


def test_killed_before_the_disk_answered_the_round_is_saved_at_the_next_start(tmp_path):
    data = tmp_path / "data"
    rewards = _run_and_kill(data, "held", seed=5, kill_after=1)
    assert rewards == 1
    # the kill came before any commit: only the hand-over file holds the round
    assert _trials_in_file(data) == 0
    assert [p.name.split("-")[0] for p in rescue.waiting(data)] == ["handover"]
    assert _after_restart(data) == 1


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_killed_right_after_a_reward_no_shown_reward_is_lost(tmp_path, seed):
    data = tmp_path / "data"
    kill_after = random.Random(seed).randint(1, 3)
    rewards = _run_and_kill(data, "free", seed=seed, kill_after=kill_after)
    assert rewards >= kill_after
    assert _after_restart(data) == rewards
