"""Every game stays solvable whatever a child's hands do first (issue 17).

Random one-, two- and three-finger streams (and a mouse) go into each game's Round: downs
on the things the game's own scripted player would touch, wandering moves, twists about
the first finger, lifts in any order, cancels. Afterwards the game's scripted player,
closed-loop on the round's real state, must still finish the round: nothing may be left
in a state the child cannot get out of (a puzzle piece turned on a board without turning
was one). A round that finished early counts too (the random hands solved it).
"""

from __future__ import annotations

import itertools
import math
import random

import pytest

from engine.input import Device, Phase, PointerEvent
from engine.registry import LOGIC_DT, RoundContext
from engine.simulate import play_round

PLANE = RoundContext(338.7, 211.7)
PPM = 96 / 25.4
SEEDS = range(16)


def _levels(game_id: str) -> list[float]:
    """A few difficulties of each game: the first levels (no turning), the middle, the top."""
    return [0.0, 0.35, 0.6, 0.95] if game_id != "tracing" else [0.0, 0.5, 1.0]


def _round(game_id: str, d: float, seed: int):
    import games
    from engine import registry

    games.load_all()
    game = registry.get(game_id)
    return game, game.new_round(game.ladder(d), random.Random(seed), PLANE)


def _finisher(game_id: str, round_, rng: random.Random, t0_ms: float) -> list[PointerEvent]:
    """The game's scripted player, skilled, starting from the round as it is now."""
    if game_id == "tracing":
        from games.tracing.bots import play_stream

        return play_stream(round_.geometry, "perfect", rng, t0_ms=t0_ms)
    if game_id == "puzzle":
        from games.puzzle.bots import play

        return play(round_, rng, 1.0, Device.TOUCH, t0_ms=t0_ms)
    if game_id == "beads":
        from games.beads.bots import play_stream

        return play_stream(round_, rng, 1.0, t0_ms=t0_ms)
    from games.tweezers.bots import play_stream

    style = "press" if getattr(round_.params, "grip_mode", "") == "one_finger" else "pinch"
    return play_stream(round_, rng, 1.0, style=style, device=Device.TOUCH, t0_ms=t0_ms)


def _ev(phase: Phase, pid: int, device: Device, x: float, y: float, t: float) -> PointerEvent:
    x = min(max(x, 0.0), PLANE.plane_w_mm)
    y = min(max(y, 0.0), PLANE.plane_h_mm)
    return PointerEvent(phase, pid, device, x, y, x * PPM, y * PPM, t)


def random_hands(hot: list[tuple[float, float]], rng: random.Random, t0: float, gestures: int):
    """Gestures of 1-3 fingers (or the mouse) that overlap in time, twist and wander."""
    out: list[PointerEvent] = []
    t = t0
    next_pid = 100
    for _ in range(gestures):
        mouse = rng.random() < 0.2
        n = 1 if mouse else rng.choice((1, 2, 2, 3))
        device = Device.MOUSE if mouse else Device.TOUCH
        fingers = {}
        for _ in range(n):
            if hot and rng.random() < 0.75:
                hx, hy = hot[rng.randrange(len(hot))]
                pos = (hx + rng.gauss(0, 4), hy + rng.gauss(0, 4))
            else:
                pos = (rng.uniform(0, PLANE.plane_w_mm), rng.uniform(0, PLANE.plane_h_mm))
            pid = 0 if mouse else next_pid
            next_pid += 1
            fingers[pid] = pos
            t += rng.uniform(1, 120)
            out.append(_ev(Phase.DOWN, pid, device, *pos, t))
        spin = rng.uniform(-4, 4)  # degrees a sample: the twist small hands make
        drift = (rng.gauss(0, 1.5), rng.gauss(0, 1.5))
        for _ in range(rng.randrange(2, 60)):
            t += rng.uniform(4, 20)
            pids = list(fingers)
            first = fingers[pids[0]]
            for pid in pids:
                x, y = fingers[pid]
                if pid != pids[0]:  # turn about the first finger
                    a = math.radians(spin)
                    dx, dy = x - first[0], y - first[1]
                    x = first[0] + dx * math.cos(a) - dy * math.sin(a)
                    y = first[1] + dx * math.sin(a) + dy * math.cos(a)
                x += drift[0] + rng.gauss(0, 0.8)
                y += drift[1] + rng.gauss(0, 0.8)
                if rng.random() < 0.02:  # a jump (a finger lifted and put down by the OS)
                    x, y = rng.uniform(0, PLANE.plane_w_mm), rng.uniform(0, PLANE.plane_h_mm)
                fingers[pid] = (x, y)
                out.append(_ev(Phase.MOVE, pid, device, x, y, t))
            if len(fingers) > 1 and rng.random() < 0.05:  # one finger lifts early
                pid = rng.choice(list(fingers)[1:])
                out.append(_ev(Phase.UP, pid, device, *fingers.pop(pid), t))
        order = list(fingers)
        rng.shuffle(order)
        for pid in order:
            t += rng.uniform(1, 60)
            phase = Phase.CANCEL if rng.random() < 0.1 else Phase.UP
            out.append(_ev(phase, pid, device, *fingers[pid], t))
        t += rng.uniform(0, 900)
    return out, t


def feed(round_, events: list[PointerEvent], t0: float) -> None:
    t = t0
    for e in events:
        while t < e.t_ms:
            round_.step(LOGIC_DT)
            t += LOGIC_DT * 1000.0
        round_.handle(e)
    for _ in range(round(2.0 / LOGIC_DT)):  # let slides and snaps come to rest
        round_.step(LOGIC_DT)


def hot_spots(game, round_, rng) -> list[tuple[float, float]]:
    """Where the game's own player would put its fingers: the things worth touching."""
    import copy

    plan = game.bot(copy.deepcopy(round_), rng, 1.0)
    return [(e.x_mm, e.y_mm) for e in plan if e.phase is Phase.DOWN] + [
        (e.x_mm, e.y_mm) for e in plan[:: max(1, len(plan) // 40)]
    ]


@pytest.mark.parametrize("game_id", ["tracing", "tweezers", "beads", "puzzle"])
@pytest.mark.parametrize("seed", SEEDS)
def test_random_hands_never_leave_a_round_unsolvable(game_id, seed):
    rng = random.Random(seed * 7919 + hash(game_id) % 1000)
    d = _levels(game_id)[seed % len(_levels(game_id))]
    game, round_ = _round(game_id, d, seed)
    hot = hot_spots(game, round_, random.Random(seed))
    t0 = 1000.0
    events, t_end = random_hands(hot, rng, t0, gestures=rng.randrange(4, 14))
    feed(round_, events, t0)
    if round_.finished:
        return
    rest = _finisher(game_id, round_, random.Random(seed + 1), t_end + 3000.0)
    result = play_round(round_, rest)
    assert result is not None, f"{game_id} at d={d} seed {seed}: the player could not finish"
    assert 0.0 <= result.score <= 1.0 and math.isfinite(result.duration_s)


# ---------------------------------------------------------------- the twist that jammed it
def test_a_two_finger_twist_on_a_board_without_turning_never_turns_a_piece():
    """Issue 17: no turn button on early boards, yet a second finger turned the held piece,
    and a piece left at 60 or 90 degrees could never be placed."""
    from games.puzzle import Kind, PuzzleParams, PuzzleRound
    from games.puzzle.bots import play

    r = PuzzleRound(PuzzleParams(kind=Kind.SHAPES, pieces=3), random.Random(1), PLANE)
    assert not r.board.rotation
    piece = next(p for p in r.board.real if p.turnable)
    x, y = piece.home
    t = 1000.0
    events = [_ev(Phase.DOWN, 1, Device.TOUCH, x, y, t)]
    events.append(_ev(Phase.DOWN, 2, Device.TOUCH, x + 30, y, t + 30))
    for k in range(1, 31):  # the second finger sweeps 90 degrees about the first
        a = math.radians(3 * k)
        t += 10
        events.append(
            _ev(Phase.MOVE, 2, Device.TOUCH, x + 30 * math.cos(a), y + 30 * math.sin(a), t)
        )
        events.append(_ev(Phase.MOVE, 1, Device.TOUCH, x + k, y, t))
    for e in events:
        r.handle(e)
    assert r.hold is not None and r.state[piece.id].angle == pytest.approx(piece.target_deg)
    events = [_ev(Phase.UP, 2, Device.TOUCH, x, y + 30, t + 20)]
    events.append(_ev(Phase.UP, 1, Device.TOUCH, x + 30, y, t + 40))
    feed(r, events, t + 20)
    assert r.state[piece.id].angle == pytest.approx(piece.target_deg)
    assert r.state[piece.id].shown_angle == pytest.approx(piece.target_deg)
    assert play_round(r, play(r, random.Random(2), 1.0, Device.TOUCH, t0_ms=t + 3000)) is not None


def test_a_twist_still_turns_a_piece_where_the_board_asks_for_turning():
    from games.puzzle import Kind, PuzzleParams, PuzzleRound

    r = PuzzleRound(
        PuzzleParams(kind=Kind.SHAPES, pieces=3, rotation=True), random.Random(1), PLANE
    )
    piece = next(p for p in r.board.real if p.turnable)
    before = r.state[piece.id].angle
    x, y = piece.home
    events = [
        _ev(Phase.DOWN, 1, Device.TOUCH, x, y, 1000),
        _ev(Phase.DOWN, 2, Device.TOUCH, x + 30, y, 1010),
    ]
    for k in range(1, 16):
        a = math.radians(3 * k)
        events.append(
            _ev(Phase.MOVE, 2, Device.TOUCH, x + 30 * math.cos(a), y + 30 * math.sin(a), 1010 + k)
        )
    r.handle(events[0])
    for e in events[1:]:
        r.handle(e)
    turned = (r.state[piece.id].angle - before + 180.0) % 360.0 - 180.0
    assert turned == pytest.approx(45.0)


def test_every_game_card_has_its_own_colour_even_for_colour_blind_eyes():
    """Puzzle and tweezers shared one orange (issue 17). Compared after a deuteranopia
    simulation (Machado et al. 2009, severity 1) by a plain RGB distance."""
    import games
    from engine import registry

    games.load_all()
    m = ((0.367, 0.861, -0.228), (0.280, 0.673, 0.047), (-0.012, 0.043, 0.969))

    def deut(c):
        return tuple(sum(m[i][j] * c[j] for j in range(3)) for i in range(3))

    cards = [g.colour for g in registry.all_games()]
    for a, b in itertools.combinations(cards, 2):
        assert math.dist(a, b) > 60 and math.dist(deut(a), deut(b)) > 30, (a, b)
