"""PuzzleRound logic without a display: drags, snaps, slides back, twists, turn taps, metrics."""

from __future__ import annotations

import math
import random

import pytest

from engine.input import Device, Phase, PointerEvent
from engine.registry import LOGIC_DT, RoundContext
from engine.simulate import play_round
from engine.trial import as_stored
from games.puzzle import GAME, Kind, PuzzleParams, PuzzleRound, ladder, mouse_bot
from games.puzzle import metrics as M
from games.puzzle.board import TOP_BAR_MM, TURN_BUTTON_MM, angle_error, rotate
from games.puzzle.params import LEVELS
from games.puzzle.round import SLIDE_BACK_S, Outcome

PLANE = RoundContext(338.7, 211.7)
PPM = 96 / 25.4


class Stream:
    """Hand-written pointer events in mm (no pixel rounding), strictly increasing times."""

    def __init__(self, device: Device = Device.TOUCH) -> None:
        self.device = device
        self.t = 1000.0
        self.events: list[PointerEvent] = []

    def ev(self, phase: Phase, pid: int, x: float, y: float, dt: float = 8.0) -> None:
        self.t += dt
        self.events.append(PointerEvent(phase, pid, self.device, x, y, x * PPM, y * PPM, self.t))

    def drag(self, pid: int, a, b, n: int = 30, up: bool = True) -> None:
        self.ev(Phase.DOWN, pid, *a)
        for k in range(1, n + 1):
            u = k / n
            self.ev(Phase.MOVE, pid, a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u)
        if up:
            self.ev(Phase.UP, pid, *b)

    def tap(self, pid: int, p) -> None:
        self.ev(Phase.DOWN, pid, *p)
        self.ev(Phase.UP, pid, *p, dt=80.0)

    def wait(self, s: float) -> None:
        self.t += s * 1000.0


def feed(r: PuzzleRound, events: list[PointerEvent], settle_s: float = 0.0) -> None:
    """Feed events in time order with fixed logic steps, as the app and play_round do."""
    t = events[0].t_ms if events else 0.0
    for e in events:
        while t < e.t_ms:
            r.step(LOGIC_DT)
            t += LOGIC_DT * 1000.0
        r.handle(e)
    for _ in range(round(settle_s / LOGIC_DT)):
        r.step(LOGIC_DT)


def shapes(n: int = 3, **kw) -> PuzzleRound:
    return PuzzleRound(PuzzleParams(kind=Kind.SHAPES, pieces=n, **kw), random.Random(4), PLANE)


def solve_all(r: PuzzleRound, s: Stream, offset=(0.0, 0.0)) -> None:
    for p in r.board.real:
        goal = (p.target[0] + offset[0], p.target[1] + offset[1])
        s.drag(1, p.home, goal)
        s.wait(0.1)


# ------------------------------------------------------------------------ ladder and layout
def test_the_ladder_climbs_from_three_shapes_to_a_turned_24_piece_jigsaw():
    ds = [i / 20 for i in range(21)]
    ps = [ladder(d) for d in ds]
    assert (ps[0].kind, ps[0].pieces, ps[0].rotation, ps[0].distractors) == (
        Kind.SHAPES,
        3,
        False,
        0,
    )
    top = ps[-1]
    assert (top.kind, top.pieces, top.rotation) == (Kind.JIGSAW, 24, True)
    assert top.distractors >= 2
    order = [(0 if p.kind is Kind.SHAPES else 1, p.pieces) for p in ps]
    assert order == sorted(order)
    for a, b in zip(ps, ps[1:], strict=False):
        assert b.piece_mm <= a.piece_mm and b.snap_mm <= a.snap_mm and b.snap_deg <= a.snap_deg
        assert b.rotation >= a.rotation and b.distractors >= a.distractors
    assert min(p.piece_mm for p in ps) >= 15.0  # never below a child's target size
    # log scale: the middle is the geometric mean of the ends
    assert ladder(0.5).piece_mm == pytest.approx(math.sqrt(45.0 * 22.0), abs=0.1)


def test_params_refuse_a_jigsaw_that_is_no_grid():
    with pytest.raises(ValueError):
        PuzzleParams(kind=Kind.JIGSAW, pieces=5)
    with pytest.raises(ValueError):
        PuzzleParams(kind=Kind.SHAPES, pieces=9)


@pytest.mark.parametrize("d", [0.0, 0.2, 0.35, 0.65, 1.0])
@pytest.mark.parametrize("plane", [(338.7, 211.7), (217.0, 135.6)])
@pytest.mark.parametrize("left", [False, True])
def test_layout_keeps_board_and_tray_apart_on_the_plane_and_off_the_top_bar(d, plane, left):
    ctx = RoundContext(*plane, left_handed=left)
    r = PuzzleRound(ladder(d), random.Random(1), ctx)
    b = r.board
    bx, by, bw, bh = b.board_rect
    tx, ty, tw, th = b.tray_rect
    assert by >= TOP_BAR_MM and ty >= TOP_BAR_MM
    assert bx >= 0 and tx >= 0 and bx + bw <= plane[0] and tx + tw <= plane[0]
    assert by + bh <= plane[1] and ty + th <= plane[1] + 1e-6
    # the board is on the side away from the hand, the tray under it
    assert (bx > tx) == left
    for p in b.pieces:
        assert tx <= p.home[0] <= tx + tw and ty <= p.home[1] <= ty + th
        if p.target is not None:
            assert bx < p.target[0] < bx + bw and by < p.target[1] < by + bh
    homes = [p.home for p in b.pieces]
    gaps = [math.dist(a, c) for i, a in enumerate(homes) for c in homes[i + 1 :]]
    assert not gaps or min(gaps) >= b.piece_mm  # tray pieces do not lie on each other


def test_jigsaw_neighbours_interlock():
    params = PuzzleParams(kind=Kind.JIGSAW, pieces=12, piece_mm=30.0)  # fits PLANE
    r = PuzzleRound(params, random.Random(2), PLANE)
    cols, rows = r.board.grid
    assert cols * rows == 12
    assert {p.picture for p in r.board.real} == {r.board.picture}
    # the knob of one piece is the hole of its neighbour: the right edge's far point of a
    # piece matches (mirrored) the left edge of the next
    by_cell = {p.cell: p for p in r.board.real}
    for (c, row), p in by_cell.items():
        if c + 1 < cols:
            q = by_cell[(c + 1, row)]
            right = max(x for x, _ in p.outline)
            left = min(x for x, _ in q.outline)
            half = r.board.piece_mm / 2
            # either p pokes into q (p's knob out, q's hole in) or the other way round
            assert (right > half + 1) != (left < -half - 1)


# ------------------------------------------------------------------------ drags and snaps
def test_placement_error_is_over_fitted_pieces_and_a_miss_is_measured_apart():
    """Version 1 averaged a 25 mm miss into the error of the pieces that fitted."""
    r = shapes(3)
    s = Stream()
    first = r.board.real[0]
    miss = (first.target[0] + r.params.snap_mm + 11.0, first.target[1])
    s.drag(1, first.home, miss)  # let go beyond the snap tolerance: a miss
    s.wait(0.5)
    solve_all(r, s, offset=(2.0, 0.0))
    feed(r, s.events, settle_s=2.0)
    res = r.result()
    outcomes = [d["outcome"] for d in res.geometry["drops"]]
    assert outcomes.count("missed") == 1 and outcomes.count("placed") == 3
    assert res.metric("placement_error") == pytest.approx(2.0, abs=1e-3)
    assert res.metric("miss_distance") == pytest.approx(r.params.snap_mm + 11.0, abs=1e-3)
    assert res.metric("attempts_per_piece") == pytest.approx(4 / 3)


def test_no_fitted_piece_reports_no_placement_error_rather_than_0_mm():
    r = shapes(3)
    s = Stream()
    first = r.board.real[0]
    s.drag(1, first.home, (first.target[0] + r.params.snap_mm + 8.0, first.target[1]))
    feed(r, s.events, settle_s=1.0)
    res = r.result()
    assert res.metric("placement_error") is None and res.metric("miss_distance") is not None


def test_a_drag_into_the_hole_snaps_and_every_piece_placed_finishes_the_round():
    r = shapes(3)
    s = Stream()
    solve_all(r, s, offset=(2.0, 0.0))
    feed(r, s.events, settle_s=2.0)
    assert r.finished and r.placed_count == 3
    res = r.result()
    assert res.success and res.score == 1.0 and res.stars == 3
    assert res.metric("attempts_per_piece") == 1.0
    assert res.metric("placement_error") == pytest.approx(2.0, abs=1e-6)
    assert res.metric("wrong_place_drops") == 0.0
    assert res.metric("path_efficiency") == pytest.approx(100.0)
    for p in r.board.real:
        assert r.state[p.id].pos == pytest.approx(p.target)
    kinds = [k for k, _, _ in r.feedback.events]
    assert kinds.count("snap") == 3 and kinds[-1] == "done"


def test_a_drop_outside_the_tolerance_does_not_snap_and_slides_gently_home():
    r = shapes(3)
    p = r.board.real[0]
    s = Stream()
    miss = (p.target[0] + r.params.snap_mm + 1.0, p.target[1])
    s.drag(1, p.home, miss)
    feed(r, s.events)
    st = r.state[p.id]
    assert not st.placed and r.drops[-1].outcome == Outcome.MISSED
    assert r.drops[-1].pos_error_mm == pytest.approx(r.params.snap_mm + 1.0)
    assert [k for k, _, _ in r.feedback.events] == ["pickup", "back"]  # a soft sound, no oops
    for _ in range(round(SLIDE_BACK_S / LOGIC_DT) + 2):
        r.step(LOGIC_DT)
    assert st.pos == pytest.approx(p.home) and r.at_rest(p.id)
    # just inside the tolerance it snaps
    s2 = Stream()
    s2.t = s.t + 1000
    s2.drag(2, p.home, (p.target[0] + r.params.snap_mm - 0.5, p.target[1]))
    feed(r, s2.events)
    assert st.placed and r.drops[-1].outcome == Outcome.PLACED


def test_a_piece_let_go_in_another_hole_is_a_wrong_place_drop():
    r = shapes(3)
    a, b = r.board.real[0], r.board.real[1]
    s = Stream()
    s.drag(1, a.home, b.target)
    s.wait(1.0)
    feed(r, s.events, settle_s=1.0)
    assert r.drops[-1].outcome == Outcome.WRONG_PLACE and not r.state[a.id].placed
    s2 = Stream()
    s2.t = s.t + 2000
    solve_all(r, s2)
    feed(r, s2.events, settle_s=2.0)
    res = r.result()
    assert r.finished
    assert res.metric("wrong_place_drops") == 1.0
    assert res.metric("attempts_per_piece") == pytest.approx(4 / 3)
    assert res.metric("accuracy") == pytest.approx(75.0)
    assert res.success and res.stars == 2


def test_tray_drops_and_taps_are_not_attempts():
    r = shapes(3)
    p = r.board.real[0]
    s = Stream()
    s.tap(1, p.home)
    s.wait(0.2)
    s.drag(2, p.home, (p.home[0] + 10.0, p.home[1] + 5.0))  # shuffled about in the tray
    feed(r, s.events, settle_s=1.0)
    assert [d.outcome for d in r.drops] == [Outcome.TAP, Outcome.TRAY]
    assert r.selected == p.id
    values = M.compute(r.samples, r.geometry)
    assert values["attempts_per_piece"] == 0.0 and values["wrong_place_drops"] == 0.0


def test_distractors_fit_nowhere_and_stay_in_the_tray():
    r = shapes(3, distractors=2, piece_mm=35.0)  # 45 mm would not fit PLANE with 5 pieces
    xs = [p for p in r.board.pieces if p.distractor]
    assert len(xs) == 2 and all(p.shape not in {q.shape for q in r.board.real} for p in xs)
    s = Stream()
    x = xs[0]
    s.drag(1, x.home, r.board.real[0].target)
    s.wait(1.0)
    feed(r, s.events, settle_s=1.0)
    assert r.drops[-1].outcome == Outcome.DISTRACTOR
    assert r.state[x.id].pos == pytest.approx(x.home)
    s2 = Stream()
    s2.t = s.t + 2000
    solve_all(r, s2)
    feed(r, s2.events, settle_s=2.0)
    assert r.finished and not r.state[x.id].placed
    res = r.result()
    assert res.metric("wrong_place_drops") == 1.0 and res.metric("accuracy") == pytest.approx(75.0)


def test_a_second_finger_twists_the_held_piece_about_the_first():
    params = PuzzleParams(kind=Kind.JIGSAW, pieces=4, rotation=True, snap_deg=20.0)
    r = PuzzleRound(params, random.Random(3), PLANE)
    p = r.board.real[0]
    turn = (p.target_deg - p.start_deg + 180.0) % 360.0 - 180.0
    assert abs(turn) >= 90.0  # it starts turned
    s = Stream()
    a = p.home
    s.ev(Phase.DOWN, 1, *a)
    base = 90.0  # the second finger below the first, going round it
    for k in range(25):
        ang = math.radians(base + turn * k / 24)
        pos = (a[0] + 30 * math.cos(ang), a[1] + 30 * math.sin(ang))
        s.ev(Phase.DOWN if k == 0 else Phase.MOVE, 2, *pos)
    s.ev(Phase.UP, 2, *pos)
    feed(r, s.events)
    assert angle_error(r.state[p.id].angle, p.target_deg, 1) == pytest.approx(0.0, abs=1e-6)
    # carry it home with the first finger: the piece pivoted about it, so aim the finger
    local = r.hold.local
    off = rotate(local, r.state[p.id].angle)
    s2 = Stream()
    s2.t = s.t
    finger = (p.target[0] - off[0], p.target[1] - off[1])
    for k in range(1, 21):
        s2.ev(Phase.MOVE, 1, a[0] + (finger[0] - a[0]) * k / 20, a[1] + (finger[1] - a[1]) * k / 20)
    s2.ev(Phase.UP, 1, *finger)
    feed(r, s2.events)
    d = r.drops[-1]
    assert d.outcome == Outcome.PLACED and d.twisted and d.angle_error_deg < 1e-6


def test_a_placed_position_at_the_wrong_angle_slides_back_and_settles_on_a_turn_step():
    params = PuzzleParams(kind=Kind.JIGSAW, pieces=4, rotation=True)
    r = PuzzleRound(params, random.Random(3), PLANE)
    p = r.board.real[0]
    s = Stream()
    s.drag(1, p.home, p.target)
    feed(r, s.events, settle_s=1.0)
    assert r.drops[-1].outcome == Outcome.MISSED and r.drops[-1].angle_error_deg >= 90.0
    assert r.turn_hint == p.id and r.turn_button() is not None
    assert r.state[p.id].angle % 90.0 == pytest.approx(0.0)


def test_with_the_mouse_a_tap_selects_and_the_turn_button_turns_one_step():
    params = PuzzleParams(kind=Kind.JIGSAW, pieces=4, rotation=True)
    r = PuzzleRound(params, random.Random(3), PLANE)
    p = r.board.real[0]
    assert r.turn_button() is None  # nothing selected yet
    s = Stream(Device.MOUSE)
    s.tap(0, p.home)
    feed(r, s.events)
    centre = r.turn_button()
    assert centre is not None and r.selected == p.id
    assert centre[1] - 17.0 / 2 >= TOP_BAR_MM
    assert centre[0] < p.home[0]  # away from a right hand
    before = r.state[p.id].angle
    s2 = Stream(Device.MOUSE)
    s2.t = s.t + 300
    s2.tap(0, centre)
    feed(r, s2.events)
    assert r.state[p.id].angle == pytest.approx((before + 90.0) % 360.0)
    assert r.turn_taps == 1 and not r.state[p.id].placed
    assert r.state[p.id].shown_angle != r.state[p.id].angle  # it turns smoothly, not at once
    for _ in range(60):
        r.step(LOGIC_DT)
    assert r.state[p.id].shown_angle == r.state[p.id].angle


def test_steps_must_be_the_logic_step():
    r = shapes(3)
    with pytest.raises(ValueError):
        r.step(1 / 60)


# ------------------------------------------------------------------------ metrics
def test_first_entry_and_reentries_count_an_overshoot():
    r = shapes(3)
    p = r.board.real[0]
    s = Stream()
    tgt = p.target
    beyond = (tgt[0] - 20.0, tgt[1])  # past the hole (the tray is to the right)
    s.ev(Phase.DOWN, 1, *p.home)
    n = 40
    for k in range(1, n + 1):
        u = k / n
        s.ev(
            Phase.MOVE,
            1,
            p.home[0] + (beyond[0] - p.home[0]) * u,
            p.home[1] + (beyond[1] - p.home[1]) * u,
            dt=10.0,
        )
    for k in range(1, 11):
        u = k / 10
        s.ev(Phase.MOVE, 1, beyond[0] + (tgt[0] - beyond[0]) * u, tgt[1], dt=10.0)
    s.ev(Phase.UP, 1, *tgt)
    feed(r, s.events)
    assert r.drops[-1].outcome == Outcome.PLACED
    values = M.compute(r.samples, r.geometry)
    assert values["reentries"] == 1.0
    # first entry: the first sample within snap_mm of the target, 10 ms per sample
    dist = math.dist(p.home, beyond)
    first_k = next(
        k
        for k in range(1, n + 1)
        if abs(p.home[0] + (beyond[0] - p.home[0]) * k / n - tgt[0]) <= r.params.snap_mm
    )
    assert values["first_entry_time"] == pytest.approx(first_k * 0.010, abs=1e-9)
    assert values["path_efficiency"] == pytest.approx(
        100.0 * math.dist(p.home, tgt) / (dist + 20.0), rel=1e-3
    )


@pytest.mark.parametrize("d", [0.0, 0.65, 1.0])
def test_metrics_are_a_pure_function_of_samples_and_geometry(d):
    rng = random.Random(7)
    r = GAME.new_round(ladder(d), rng, PLANE)
    res = play_round(r, GAME.bot(r, rng, 0.3))
    assert res is not None and res.metrics_version == M.METRICS_VERSION == 2
    again = M.compute(as_stored(res.samples), res.geometry)
    assert {m.name: m.value for m in res.metrics} == again
    units = {m.name: m.unit for m in res.metrics}
    assert units["placement_error"] == "mm" and units["completion_time"] == "s"
    assert units["placement_error_angle"] == "deg"


def test_same_seed_and_same_input_give_the_same_trial():
    out = []
    for _ in range(2):
        rng = random.Random(11)
        r = GAME.new_round(ladder(0.9), rng, PLANE)
        res = play_round(r, GAME.bot(r, rng, 0.4))
        out.append((res.score, res.success, res.stars, res.metrics, res.geometry, res.samples))
    assert out[0] == out[1]


# ------------------------------------------------------------------------ bots
def test_the_touch_bot_twists_and_the_mouse_bot_taps_the_turn_button():
    for player, device in ((GAME.bot, Device.TOUCH), (mouse_bot, Device.MOUSE)):
        rng = random.Random(5)
        r = GAME.new_round(ladder(0.65), rng, PLANE)
        events = player(r, rng, 0.8)
        assert {e.device for e in events} == {device}
        res = play_round(r, events)
        assert res is not None and r.placed_count == len(r.board.real)
        twisted = [d for d in res.geometry["drops"] if d["twisted"]]
        if device is Device.TOUCH:
            assert twisted and res.geometry["turn_taps"] == 0
            assert len({e.pointer_id for e in events}) > len(r.board.real)
        else:
            assert not twisted and res.geometry["turn_taps"] > 0
            assert {e.pointer_id for e in events} == {0}


def test_a_less_skilled_bot_misses_more_and_scores_lower():
    def run(skill):
        drops = score = 0.0
        for seed in range(4):
            rng = random.Random(seed)
            r = GAME.new_round(ladder(0.7), rng, PLANE)
            res = play_round(r, GAME.bot(r, rng, skill))
            drops += res.metric("attempts_per_piece")
            score += res.score
        return drops / 4, score / 4

    low, high = run(0.0), run(1.0)
    assert low[0] > high[0] and low[1] < high[1]
    assert high[1] > 0.9


# ------------------------------------------------------------------------ small screens
SEVEN_INCH = (151.0, 94.0)
LEVEL_DS = sorted({start for start, _, _ in LEVELS} | {0.75, 1.0})


def _inside(rect, w, h) -> bool:
    x, y, rw, rh = rect
    eps = 1e-6
    return x >= -eps and y >= TOP_BAR_MM - eps and x + rw <= w + eps and y + rh <= h + eps


@pytest.mark.parametrize("left", [False, True])
@pytest.mark.parametrize("d", LEVEL_DS)
def test_every_level_lays_out_and_is_finished_on_a_7_inch_tablet(d, left):
    w, h = SEVEN_INCH
    rng = random.Random(3)
    r = GAME.new_round(ladder(d), rng, RoundContext(w, h, left_handed=left))
    b = r.board
    assert b.piece_mm >= 15.0 and r.params.piece_mm == b.piece_mm  # never below a target
    assert _inside(b.board_rect, w, h) and _inside(b.tray_rect, w, h)
    if b.model_rect is not None:
        assert _inside(b.model_rect, w, h)
    half = b.piece_mm / 2
    for p in b.pieces:
        assert _inside((p.home[0] - half, p.home[1] - half, b.piece_mm, b.piece_mm), w, h)
        if p.target is not None:
            assert _inside((p.target[0] - half, p.target[1] - half, b.piece_mm, b.piece_mm), w, h)
        if b.rotation and p.turnable:
            bx, by = b.turn_button_centre(p)
            rb = TURN_BUTTON_MM / 2
            assert _inside((bx - rb, by - rb, 2 * rb, 2 * rb), w, h)
    homes = [p.home for p in b.pieces]
    for i, a in enumerate(homes):  # tray pieces never lie on each other
        for c in homes[i + 1 :]:
            assert max(abs(a[0] - c[0]), abs(a[1] - c[1])) >= b.piece_mm
    res = play_round(r, GAME.bot(r, rng, 0.9))
    assert res is not None and r.placed_count == len(b.real) == r.params.pieces


def test_a_small_plane_presents_what_fits_and_records_it():
    asked = ladder(0.9)
    rng = random.Random(2)
    r = GAME.new_round(asked, rng, RoundContext(217.0, 136.0))  # a 10" tablet
    b = r.board
    # pieces shrink a little first (a board of one shape teaches nothing), then fewer pieces
    assert 15.0 <= b.piece_mm <= asked.piece_mm
    assert len(b.real) == r.params.pieces < asked.pieces
    assert r.params.distractors == sum(p.distractor for p in b.pieces)
    res = play_round(r, GAME.bot(r, rng, 0.9))
    assert res is not None
    assert res.params["pieces"] == len(b.real) and res.params["piece_mm"] == b.piece_mm
    # the easiest shape board keeps all its shapes, a little smaller
    easy = GAME.new_round(ladder(0.0), random.Random(2), RoundContext(217.0, 136.0))
    assert easy.params.pieces == ladder(0.0).pieces
    assert 0.6 * ladder(0.0).piece_mm <= easy.params.piece_mm < ladder(0.0).piece_mm
    assert res.geometry["requested"] == asked.model_dump(mode="json")
    assert res.geometry["snap_mm"] == res.params["snap_mm"]
    # on a 7" plane even a 2 x 2 jigsaw needs smaller pieces: the snap shrinks with them
    r7 = GAME.new_round(asked, random.Random(2), RoundContext(*SEVEN_INCH))
    assert 15.0 <= r7.params.piece_mm < asked.piece_mm
    scale = r7.params.piece_mm / asked.piece_mm
    assert r7.params.snap_mm == pytest.approx(asked.snap_mm * scale, abs=0.01)
    # where the asked puzzle fits, nothing changes and nothing extra is recorded
    big = GAME.new_round(ladder(0.5), random.Random(2), RoundContext(517.0, 323.0))
    assert big.params == ladder(0.5) and big.geometry["requested"] is None
