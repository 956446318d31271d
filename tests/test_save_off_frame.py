"""The frame a round ends on never waits for SQLite: the trial is handed over (a hand-over
file, then the transaction on the store's writer thread) and the reward shows at once.

The promise, precisely: once ``Practice.finish`` has returned on the frame (the frame that
replaces the game by its reward), the trial is in a hand-over file; a crash of the program
from then on (a kill, a failure) loses none of it: the next start saves it. A power cut
within the few milliseconds before the writer's commit can still lose that one round,
as a cut during the round itself would. A clean close saves everything handed over.
"""

from __future__ import annotations

import random
import threading
import time

import games
from engine import registry
from engine.game_scene import GameScene
from engine.harness import Harness
from engine.registry import RoundContext
from engine.simulate import play_round
from games.tracing.bots import play_stream
from progress import rescue
from progress.safe import SafeStore
from progress.store import Store
from tinyhands.play import Practice
from tinyhands.screens.home import ProfileScene
from tinyhands.screens.plan import PlanScene
from tinyhands.screens.reward import RewardScene
from tinyhands.services import Services

games.load_all()


def _to_a_round(store: SafeStore) -> tuple[Harness, object]:
    child = store.add_child("Mia", avatar="cat")
    h = Harness(ProfileScene(), services=Services(store=store, rng=random.Random(3)))
    h.tap_rect(h.top.buttons.find(f"child:{child.id}").rect)
    assert isinstance(h.top, PlanScene)
    h.tap_rect(h.top.buttons.find("game:tracing").rect)
    assert isinstance(h.top, GameScene)
    return h, child


def _stream(h: Harness):
    return play_stream(
        h.top.round.geometry, "perfect", random.Random(1), px_per_mm=h.app.units.px_per_mm
    )


def test_no_sqlite_statement_runs_on_the_frame_thread_at_a_rounds_end(store):
    h, child = _to_a_round(store)
    conn = store.store.connection
    ran_on: list[tuple[str, str]] = []  # (thread, statement)
    conn.set_trace_callback(lambda sql: ran_on.append((threading.current_thread().name, sql)))
    try:
        h.replay(_stream(h))  # the whole round: play, its end, and the reward's first frames
        assert isinstance(h.top, RewardScene)
        frame_thread = threading.current_thread().name
        on_frames = [sql for name, sql in ran_on if name == frame_thread]
        store.settle()
    finally:
        conn.set_trace_callback(None)
    assert on_frames == []
    # the save did happen, as one transaction on the writer thread
    writer = {name for name, _ in ran_on}
    assert writer == {"tinyhands-save"}
    assert [sql for _, sql in ran_on].count("COMMIT") >= 1
    [trial] = store.call(lambda s: s.trials(child.id), None)
    assert trial.game_id == "tracing" and trial.session_id is not None
    h.close()


def test_the_reward_shows_while_the_disk_is_still_busy_and_the_save_follows(store, tmp_path):
    """The writer is held (a disk taking seconds to sync): the round still ends, the
    reward is on screen, the trial waits in its hand-over file, and lands once the writer
    goes on."""
    h, child = _to_a_round(store)
    held = threading.Event()
    store._writer.submit(lambda: held.wait(10.0))  # the slow disk
    # if the frame ever waits for the writer, it waits only 3 s, and the test sees it
    threading.Timer(3.0, held.set).start()
    t0 = time.perf_counter()
    h.replay(_stream(h))
    frames_s = time.perf_counter() - t0
    try:
        assert isinstance(h.top, RewardScene)
        assert h.top.stars >= 1
        assert frames_s < 2.0, f"the round's end waited {frames_s:.1f} s for the store"
        assert store.saving
        handed = [p for p in rescue.waiting(tmp_path / "data") if "handover-" in p.name]
        assert len(handed) == 1
        assert rescue.load_trial(handed[0]).game_id == "tracing"
    finally:
        held.set()
    store.settle()
    [trial] = store.call(lambda s: s.trials(child.id), None)
    assert trial.sample_count > 0
    assert rescue.waiting(tmp_path / "data") == []  # the hand-over file is gone
    h.close()


def test_a_clean_close_saves_every_round_handed_over(tmp_path):
    store = SafeStore.open_dir(tmp_path / "data")
    h, child = _to_a_round(store)
    held = threading.Event()
    store._writer.submit(lambda: held.wait(10.0))
    h.replay(_stream(h))
    assert isinstance(h.top, RewardScene)
    threading.Timer(0.5, held.set).start()
    store.close()  # drains the queue first
    # saved by the close itself, not left for the next start's import of hand-over files
    assert rescue.waiting(tmp_path / "data") == []
    with Store.open_readonly(tmp_path / "data") as reader:
        assert len(reader.trials(child.id)) == 1
    h.close()


# -- a disk that fills while the app is open: a real tmpfs ---------------------------


def test_rounds_handed_over_on_a_full_disk_wait_in_the_rescue_place_then_all_land(small_disk):
    data = small_disk / "data"
    store = SafeStore.open_dir(data)
    mia = store.add_child("Mia", avatar="cat")
    practice = Practice(Services(store=store, rng=random.Random(1)), mia)
    filler = small_disk / "filler"
    with open(filler, "wb", buffering=0) as f:  # the disk fills up while the app is open
        try:
            while True:
                f.write(b"\1" * 4096)
        except OSError:
            pass
    played = []
    for seed in range(4):
        game = registry.get("tracing")
        plan = practice.controller("tracing").next_trial()
        params = practice.params_for(game, plan.difficulty)
        rnd = game.new_round(params, random.Random(seed), RoundContext(338.7, 211.7))
        result = play_round(rnd, game.bot(rnd, random.Random(seed + 1), 0.9))
        practice.finish(game, result, plan, params, seed, 20.0)  # returns without waiting
        played.append(result)
    store.settle()
    assert store.pending_count == 4 and store.in_memory_only == 0  # each kept on disk
    assert not store.needs_grown_up
    assert store.problem  # a grown-up is told why
    kept = rescue.waiting(data)
    assert len(kept) == 4 and all(p.name.startswith("trial-") for p in kept)  # fsynced copies
    filler.unlink()
    store.retry_pending()
    assert store.pending_count == 0
    trials = store.call(lambda s: s.trials(mia.id, with_samples=True), [])
    assert len(trials) == 4 and len({t.uuid for t in trials}) == 4
    assert [t.sample_count for t in trials] == [len(r.samples) for r in played]
    assert rescue.waiting(data) == []
    store.close()
