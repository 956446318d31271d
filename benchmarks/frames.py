"""The frame-cost measurement every game benchmark shares.

A scripted stream feeds a Round at its own rate while the View draws 1280x800 frames at
60 Hz with two 1/120 s logic steps each, as the app does. Wall-clock and thread CPU time
are both kept: on a shared machine the wall-clock p99 includes other processes' turns.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from benchmarks import Figure

FRAME_BUDGET_MS = 4.0  # DESIGN.md: one frame, update + draw, p99
ROUND_END_BUDGET_MS = 8.0  # DESIGN.md: no frame over 8 ms at a round's end
FRAME_HZ = 60.0


def percentile(xs: Sequence[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


@dataclass
class FrameTimes:
    draw_ms: list[float] = field(default_factory=list)
    frame_ms: list[float] = field(default_factory=list)  # update + draw
    cpu_ms: list[float] = field(default_factory=list)  # update + draw, this thread's CPU
    #: per round, the longest frame from its finish until its save is on disk (update +
    #: draw, the scoring and then the save running off the frame meanwhile); the scoring's
    #: wall time from the finish to the result ready (off the frame), the hand-over on the
    #: frame (Practice.finish), and the save's wall time on the writer thread
    end_frame_ms: list[float] = field(default_factory=list)
    end_frame_cpu_ms: list[float] = field(default_factory=list)  # the same, thread CPU
    metrics_ms: list[float] = field(default_factory=list)
    save_ms: list[float] = field(default_factory=list)
    writer_ms: list[float] = field(default_factory=list)

    def __iadd__(self, other: FrameTimes) -> FrameTimes:
        self.draw_ms += other.draw_ms
        self.frame_ms += other.frame_ms
        self.cpu_ms += other.cpu_ms
        self.end_frame_ms += other.end_frame_ms
        self.end_frame_cpu_ms += other.end_frame_cpu_ms
        self.metrics_ms += other.metrics_ms
        self.save_ms += other.save_ms
        self.writer_ms += other.writer_ms
        return self


class RoundEnd:
    """What the app does on the frame a round finishes, after scoring it: the real
    ``tinyhands.play.Practice.finish`` (the staircase, the sticker, the hand-over of the
    save to the writer thread) on a SafeStore in a temporary folder."""

    def __init__(self) -> None:
        import tempfile

        import games
        from progress.safe import SafeStore
        from tinyhands.play import Practice
        from tinyhands.services import Services

        games.load_all()
        from tinyhands.play import prebuild_models

        prebuild_models()  # as the app does right after its first frame
        self._tmp = tempfile.TemporaryDirectory()
        self.store = SafeStore.open_dir(self._tmp.name)
        child = self.store.add_child("Mia", avatar="cat")
        self.practice = Practice(Services(store=self.store), child)
        from engine import registry

        for game in registry.all_games():  # as the app does when a round starts, not ends
            self.practice.controller(game.id)
        import gc

        gc.collect()
        gc.freeze()  # as the app does after its first frame (tinyhands.cli.run_app)

    def prepare(self, result):
        """On the scoring thread, as ``GameScene.prepare`` (tinyhands.play)."""
        from tinyhands.play import prepare_samples

        return prepare_samples(result)

    def __call__(self, result, prepared=None) -> None:
        from engine import registry

        game = registry.get(result.game_id)
        plan = self.practice.controller(game.id).next_trial()
        params = self.practice.params_for(game, plan.difficulty)
        self.practice.finish(game, result, plan, params, 0, result.duration_s, None, prepared)

    @property
    def saving(self) -> bool:
        """The handed-over save is still running on the writer thread."""
        return self.store.saving

    def close(self) -> None:
        self.store.close()
        self._tmp.cleanup()


def play_frames(
    round_, view, events, background=None, tail_frames: int = 300, on_end: RoundEnd | None = None
) -> FrameTimes:
    """Play ``events`` into ``round_`` frame by frame, drawing ``view`` each frame, until
    the round is finished (at most ``tail_frames`` after the last event: celebrations).

    As ``engine.game_scene.GameScene.update`` does, the frame the round finishes on
    starts scoring it off the frame (``engine.scoring.Scoring``); the view keeps drawing,
    paced at 60 Hz as the app's loop sleeps between frames, and the frame that finds the
    result ready hands it over with ``on_end``; frames go on until the writer thread has
    saved it. Every frame from the finish until the save is done counts as a frame at
    the round's end (the writer competes with them for the interpreter)."""
    import pygame

    from engine.registry import LOGIC_DT
    from engine.scoring import Scoring

    surface = pygame.Surface((1280, 800))
    out = FrameTimes()
    end_frames: list[float] = []  # from the finish until the result is saved
    end_cpu: list[float] = []  # their thread CPU time
    i = 0
    t_ms = events[0].t_ms
    tail = 0
    ended = False
    scoring: Scoring | None = None
    m0 = 0.0
    deadline = 0.0
    handed = 0.0  # when on_end returned
    while (not ended and tail < tail_frames) or (ended and on_end is not None and on_end.saving):
        if i >= len(events):
            tail += 1
        if scoring is not None:  # the app's loop sleeps until the next 60 Hz frame
            time.sleep(max(0.0, deadline - time.perf_counter()))
        c0 = time.thread_time()
        t0 = time.perf_counter()
        deadline = t0 + 1.0 / FRAME_HZ
        for _ in range(2):  # 120 Hz logic under 60 Hz frames, events fed per step
            if ended:
                break  # the round is over; the reward's frames would be drawn now
            if scoring is None:
                while i < len(events) and events[i].t_ms <= t_ms:
                    round_.handle(events[i])
                    i += 1
                round_.step(LOGIC_DT)
                t_ms += LOGIC_DT * 1000.0
                if not round_.finished:
                    continue
                m0 = time.perf_counter()
                scoring = Scoring(round_, then=None if on_end is None else on_end.prepare)
            result = scoring.poll()
            if result is not None:
                ended = True
                m1 = time.perf_counter()
                if on_end is not None:
                    on_end(result, scoring.prepared)
                    handed = time.perf_counter()
                    out.save_ms.append((handed - m1) * 1000.0)
                out.metrics_ms.append((m1 - m0) * 1000.0)
                break
        t1 = time.perf_counter()
        if background is not None:
            surface.fill(background)  # what the scene does before a view draws
        view.draw(surface, 0.5)
        t2 = time.perf_counter()
        out.cpu_ms.append((time.thread_time() - c0) * 1000.0)
        out.draw_ms.append((t2 - t1) * 1000.0)
        out.frame_ms.append((t2 - t0) * 1000.0)
        if scoring is not None:
            end_frames.append((t2 - t0) * 1000.0)
            end_cpu.append(out.cpu_ms[-1])
    if on_end is not None and ended:
        out.writer_ms.append((time.perf_counter() - handed) * 1000.0)
    if end_frames:
        out.end_frame_ms.append(max(end_frames))
        out.end_frame_cpu_ms.append(max(end_cpu))
    return out


def frame_figures(game: str, times: FrameTimes, note: str) -> list[Figure]:
    """The same five figures for every game, against the 4 ms frame budget."""
    note = f"{len(times.frame_ms)} frames, {note}"
    return [
        Figure(f"{game} draw p50", percentile(times.draw_ms, 0.5), "ms", None, note=note),
        Figure(f"{game} draw p99", percentile(times.draw_ms, 0.99), "ms", FRAME_BUDGET_MS),
        Figure(f"{game} update+draw p99", percentile(times.frame_ms, 0.99), "ms", FRAME_BUDGET_MS),
        Figure(f"{game} update+draw max", max(times.frame_ms), "ms", None),
        Figure(
            f"{game} update+draw p99, CPU",
            percentile(times.cpu_ms, 0.99),
            "ms",
            FRAME_BUDGET_MS,
            note="thread CPU time: the same frames without other processes' share",
        ),
    ] + round_end_figures(game, times)


def round_end_figures(game: str, times: FrameTimes) -> list[Figure]:
    """The longest frame around a round's end, and what it is made of."""
    if not times.end_frame_ms:
        return []
    n = len(times.end_frame_ms)
    worst = max(range(n), key=times.end_frame_ms.__getitem__)
    parts = f"scored off the frame in {times.metrics_ms[worst]:.1f} ms"
    if times.save_ms:
        parts += (
            f", staircase + sticker + hand-over {times.save_ms[worst]:.1f} ms on the frame,"
            f" saved off it within {times.writer_ms[worst]:.0f} ms"
        )
    out = [
        Figure(
            f"{game} longest frame at a round's end",
            times.end_frame_ms[worst],
            "ms",
            ROUND_END_BUDGET_MS,
            note=f"worst of {n} rounds: {parts}, then the draw",
        ),
        Figure(
            f"{game} longest frame at a round's end, CPU",
            max(times.end_frame_cpu_ms),
            "ms",
            ROUND_END_BUDGET_MS,
            note="thread CPU time of those frames: without other processes' share",
        ),
        Figure(
            f"{game} scoring a round (max)",
            max(times.metrics_ms),
            "ms",
            None,
            note="off the frame (engine.scoring): wall time from the finish to the result",
        ),
    ]
    if times.save_ms:
        out.append(
            Figure(
                f"{game} round's end on the frame (max)",
                max(times.save_ms),
                "ms",
                None,
                note="Practice.finish: the staircase, the sticker, the hand-over file",
            )
        )
        out.append(
            Figure(
                f"{game} saving a round off the frame (max)",
                max(times.writer_ms),
                "ms",
                None,
                note="from the hand-over until the writer thread's transaction is done",
            )
        )
    return out
