"""Closing the window while the data waits for a grown-up must close the app: the profile
picker pushes "ask a grown-up" whenever it is entered, so a close that re-entered each
screen below as it popped the one above never ended (found by hand: the app hung)."""

from __future__ import annotations

import random
import threading

from engine.harness import Harness
from progress.safe import SafeStore
from tinyhands.screens.ask_grownup import AskGrownUpScene
from tinyhands.screens.home import ProfileScene
from tinyhands.services import Services


def test_closing_while_the_data_waits_for_a_grown_up_returns(tmp_path):
    data = tmp_path / "data"
    good = SafeStore.open_dir(data)
    good.add_child("Mia", avatar="cat")
    good.close()
    [db] = [p for p in data.iterdir() if p.suffix in (".db", ".sqlite", ".sqlite3")]
    db.write_bytes(b"not a database" * 200)
    store = SafeStore.open_dir(data)
    h = Harness(ProfileScene(), services=Services(store=store, rng=random.Random(1)))
    h.run_frames(2)
    assert isinstance(h.top, AskGrownUpScene)
    closer = threading.Thread(target=h.app.close, daemon=True)
    closer.start()
    closer.join(timeout=20)
    assert not closer.is_alive(), "closing the app never returned"
    assert len(h.app.scenes) == 0
    store.close()
