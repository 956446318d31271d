"""tinyhands.log holds what happened to the data, not the libraries' chatter."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from progress.paths import DB_NAME


def tinyhands(data, *words, timeout=300):
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    return subprocess.run(
        [sys.executable, "-m", "tinyhands", "--data-dir", str(data), *words],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def test_a_pdf_export_leaves_no_font_chatter_in_the_log(tmp_path):
    pytest.importorskip("fpdf")
    data = tmp_path / "data"
    assert tinyhands(data, "children", "add", "Mia").returncode == 0
    done = tinyhands(data, "export", "--child", "Mia", "--format", "pdf", "--out", tmp_path / "o")
    assert done.returncode == 0, done.stderr
    log = (data / "tinyhands.log").read_text()
    for chatty in ("fontTools", "matplotlib", "PIL"):
        assert f" INFO {chatty}" not in log
    assert (data / "tinyhands.log").stat().st_mode & 0o077 == 0


def test_a_damaged_file_and_the_grown_ups_decision_are_logged(tmp_path):
    import random

    from engine.harness import Harness
    from progress.safe import SafeStore
    from tinyhands.logs import log_to_data_dir
    from tinyhands.screens.home import ProfileScene
    from tinyhands.services import Services

    data = tmp_path / "data"
    good = SafeStore.open_dir(data)
    good.add_child("Mia", avatar="cat")
    good.call(lambda s: s.backup_now(), None)
    good.close()
    (data / DB_NAME).write_bytes(b"not a database" * 100)
    log_to_data_dir(data)  # as tinyhands.cli does before the store opens
    store = SafeStore.open_dir(data)
    assert store.problem
    h = Harness(ProfileScene(), services=Services(store=store, rng=random.Random(1)))
    h.tap_rect(h.top.buttons.find("grown-ups").rect)
    gate = h.top
    for d in str(gate.answer):
        h.tap_rect(gate.buttons.find(f"key:{d}").rect)
    h.tap_rect(gate.buttons.find("ok").rect)
    h.tap_rect(h.top.buttons.find("restore").rect)
    gate = h.top
    for d in str(gate.answer):
        h.tap_rect(gate.buttons.find(f"key:{d}").rect)
    h.tap_rect(gate.buttons.find("ok").rect)
    assert not store.problem
    h.close()
    store.close()
    log = (data / "tinyhands.log").read_text()
    assert "damaged" in log.lower() or "corrupt" in log.lower()
    assert "confirmed at the parent gate: to restore the backup" in log
