"""One puzzle trial as pure logic: pick pieces up, drag them, turn them, fit them in.

Rules, in a child's terms:

* Touch a piece to pick it up; it follows the finger from where it was touched. On a board
  that asks for turning, a second finger turns it (a two-finger twist: the piece pivots
  about the first finger by the turn of the line between the fingers); elsewhere a second
  finger does nothing, so no piece can be left at an angle it cannot be turned back from.
  A tap on a piece selects it; the selected piece shows a big turn button (mouse, or a
  hand that cannot twist) that turns it one step per tap.
* Let go near enough its place (``snap_mm``) at a near enough angle (``snap_deg``) and the
  piece clicks in. Anywhere else it slides gently back to its tray slot at the nearest whole
  turn step: no failure, no sound of failure. Distractors fit nowhere and always go back.
* When every real piece is in, the finished picture stays a moment for the child to see,
  then the round ends. Nothing times out.

Every release is recorded as a ``Drop`` (the drag log), which the metrics read with the raw
samples; the log is stored in the trial's geometry so the trial can be re-scored.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

from engine.gestures import angle_delta
from engine.input import Phase, PointerEvent
from engine.registry import LOGIC_DT, Feedback, RoundContext, params_dict
from engine.trial import TrialResult, as_stored, on_grid, round_result
from games.puzzle import board as B
from games.puzzle import metrics as m
from games.puzzle.board import Board, Piece, Point, angle_error, rotate, settle_angle
from games.puzzle.params import PuzzleParams

GAME_ID = "puzzle"
GRAB_SLOP_MM = 3.0  # a little forgiveness around each piece for small fingers
TAP_MM = 3.0  # a press that moves less than this is a tap (select), not a drag
SLIDE_BACK_S = 0.45
SNAP_S = 0.12
TURN_S = 0.18
CELEBRATE_S = 1.5  # the finished picture stays this long before the round ends


class Outcome:
    PLACED = "placed"  # snapped into its place
    MISSED = "missed"  # on the board, nearest its own place, outside the tolerance
    WRONG_PLACE = "wrong_place"  # on the board, inside another piece's place
    DISTRACTOR = "distractor"  # a piece that fits nowhere, let go over the board
    TRAY = "tray"  # let go off the board: put back, not an attempt
    TAP = "tap"  # hardly moved: a tap that selects the piece
    CANCELLED = "cancelled"  # the system took the pointer away


ATTEMPTS = (Outcome.PLACED, Outcome.MISSED, Outcome.WRONG_PLACE)


@dataclass(slots=True)
class Drop:
    """One pick-up to release of a piece (the drag log the metrics read)."""

    piece: str
    pointer_id: int
    t_down_ms: float
    t_up_ms: float
    grab_local: Point  # where on the piece it was held, in the piece's own frame (mm)
    start: Point  # piece centre at pick-up
    release: Point  # piece centre at release
    release_deg: float
    pos_error_mm: float | None  # to its own place (None for a distractor)
    angle_error_deg: float | None
    outcome: str
    twisted: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "piece": self.piece,
            "pointer_id": self.pointer_id,
            "t_down_ms": on_grid(self.t_down_ms),
            "t_up_ms": on_grid(self.t_up_ms),
            "grab_local_mm": [round(v, 4) for v in self.grab_local],
            "start_mm": [round(v, 4) for v in self.start],
            "release_mm": [round(v, 4) for v in self.release],
            "release_deg": round(self.release_deg, 4),
            "pos_error_mm": None if self.pos_error_mm is None else round(self.pos_error_mm, 4),
            "angle_error_deg": (
                None if self.angle_error_deg is None else round(self.angle_error_deg, 4)
            ),
            "outcome": self.outcome,
            "twisted": self.twisted,
        }


@dataclass(slots=True)
class _Tween:
    start: tuple[float, float, float]
    end: tuple[float, float, float]
    duration: float
    t: float = 0.0

    def at(self) -> tuple[float, float, float]:
        u = min(1.0, self.t / self.duration)
        e = 1.0 - (1.0 - u) ** 3  # ease out: quick, then gentle
        (x0, y0, a0), (x1, y1, a1) = self.start, self.end
        da = (a1 - a0 + 180.0) % 360.0 - 180.0
        return x0 + (x1 - x0) * e, y0 + (y1 - y0) * e, a0 + da * e


@dataclass(slots=True)
class PieceState:
    """Where a piece is now. ``angle`` is its logical angle (what a snap checks); the view
    draws ``shown_angle`` which eases towards it after a tap on the turn button."""

    x: float
    y: float
    angle: float
    shown_angle: float
    placed: bool = False
    tween: _Tween | None = None
    z: int = 0

    @property
    def pos(self) -> Point:
        return self.x, self.y


@dataclass(slots=True)
class _Hold:
    piece: str
    pointer_id: int
    device: str
    t_down_ms: float
    finger0: Point
    finger: Point
    local: Point  # grab point in the piece frame
    start: Point
    moved_mm: float = 0.0
    twist_pointer: int | None = None
    twist_finger: Point | None = None
    twist_line_deg: float = 0.0
    twisted: bool = False


class PuzzleRound:
    """Fit every real piece into its place; see the module docstring for the rules."""

    def __init__(self, params: PuzzleParams, rng: random.Random, ctx: RoundContext) -> None:
        #: what the ladder asked for; ``params`` is what the plane let us present (fewer
        #: pieces, or smaller pieces with a snap tolerance to match): the trial records that
        self.requested = params
        self.plan = B.plan(params, ctx)
        self.params = B.presented(params, self.plan)
        self.ctx = ctx
        self.board: Board = B.build(self.params, rng, ctx)
        self.state: dict[str, PieceState] = {
            p.id: PieceState(p.home[0], p.home[1], p.start_deg, p.start_deg, z=i)
            for i, p in enumerate(self.board.pieces)
        }
        self._z = len(self.board.pieces)
        self.samples: list[PointerEvent] = []
        self.drops: list[Drop] = []
        self.hold: _Hold | None = None
        self.selected: str | None = None
        self.turn_hint: str | None = None  # dropped in place but at the wrong angle
        self.turn_taps = 0
        self._button_pointers: set[int] = set()
        self.clock_s = 0.0
        self.done_at_s: float | None = None
        self.feedback = Feedback()
        self._result: TrialResult | None = None

    # -- state the view reads ------------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.done_at_s is not None and self.clock_s >= self.done_at_s + CELEBRATE_S

    @property
    def complete(self) -> bool:
        """Every real piece is in (the round then lingers CELEBRATE_S before finishing)."""
        return self.done_at_s is not None

    @property
    def placed_count(self) -> int:
        return sum(1 for p in self.board.real if self.state[p.id].placed)

    def draw_order(self) -> list[Piece]:
        """Unplaced pieces bottom to top (the held piece last)."""
        loose = [p for p in self.board.pieces if not self.state[p.id].placed]
        return sorted(loose, key=lambda p: self.state[p.id].z)

    def turn_button(self) -> Point | None:
        """Centre (mm) of the turn button, or None when none is shown."""
        if not self.board.rotation or self.selected is None or self.complete:
            return None
        piece = self.board.piece(self.selected)
        st = self.state[piece.id]
        if st.placed or not piece.turnable or (self.hold and self.hold.piece == piece.id):
            return None
        return self.board.turn_button_centre(piece)

    def can_twist(self, piece_id: str) -> bool:
        """A second finger turns a held piece only where the board asks for turning: on a
        board without it a piece left turned could never fit (issue 17)."""
        return self.board.rotation and self.board.piece(piece_id).turnable

    def centre_for(self, piece: Piece, finger: Point, angle: float, local: Point) -> Point:
        off = rotate(local, angle)
        return finger[0] + off[0], finger[1] + off[1]

    @property
    def geometry(self) -> dict[str, Any]:
        g = self.board.geometry()
        g["snap_mm"] = self.params.snap_mm
        g["snap_deg"] = self.params.snap_deg
        g["requested"] = None if self.requested == self.params else params_dict(self.requested)
        g["drops"] = [d.as_dict() for d in self.drops]
        g["turn_taps"] = self.turn_taps
        g["complete_s"] = self.done_at_s
        return g

    # -- hit tests -----------------------------------------------------------------------
    def piece_at(self, pos: Point) -> Piece | None:
        """The top-most loose piece under ``pos`` (its cell, turned with it, plus slop)."""
        for piece in reversed(self.draw_order()):
            st = self.state[piece.id]
            lx, ly = rotate((pos[0] - st.x, pos[1] - st.y), -st.angle)
            h = piece.half_mm + GRAB_SLOP_MM
            if abs(lx) <= h and abs(ly) <= h:
                return piece
        return None

    def _on_turn_button(self, pos: Point) -> bool:
        c = self.turn_button()
        return c is not None and math.dist(pos, c) <= B.TURN_BUTTON_MM / 2 + GRAB_SLOP_MM

    # -- input ---------------------------------------------------------------------------
    def handle(self, event: PointerEvent) -> None:
        if self.finished:
            return
        self.samples.append(event)
        pos = (event.x_mm, event.y_mm)
        if not (math.isfinite(pos[0]) and math.isfinite(pos[1])):
            return
        phase = event.phase
        if phase is Phase.DOWN:
            self._down(event, pos)
        elif phase is Phase.MOVE:
            self._move(event, pos)
        else:
            self._end(event, pos, cancelled=phase is Phase.CANCEL)

    def _down(self, ev: PointerEvent, pos: Point) -> None:
        hold = self.hold
        if hold is not None:
            if (
                hold.twist_pointer is None
                and ev.pointer_id != hold.pointer_id
                and self.can_twist(hold.piece)
            ):
                hold.twist_pointer = ev.pointer_id
                hold.twist_finger = pos
                hold.twist_line_deg = _line_deg(hold.finger, pos)
            return
        if self.complete:
            return
        if self._on_turn_button(pos):
            assert self.selected is not None
            self._turn(self.selected)
            self._button_pointers.add(ev.pointer_id)
            return
        piece = self.piece_at(pos)
        if piece is None:
            return
        st = self.state[piece.id]
        st.tween = None
        st.shown_angle = st.angle
        self._z += 1
        st.z = self._z
        local = rotate((st.x - pos[0], st.y - pos[1]), -st.angle)
        self.hold = _Hold(
            piece.id, ev.pointer_id, ev.device.value, ev.t_ms, pos, pos, local, st.pos
        )
        if self.selected != piece.id:
            self.turn_hint = None
        self.selected = piece.id
        self._say("pickup", piece.id)

    def _move(self, ev: PointerEvent, pos: Point) -> None:
        hold = self.hold
        if hold is None:
            return
        if ev.pointer_id == hold.pointer_id:
            hold.moved_mm = max(hold.moved_mm, math.dist(pos, hold.finger0))
            hold.finger = pos
        elif ev.pointer_id == hold.twist_pointer:
            hold.twist_finger = pos
        else:
            return
        st = self.state[hold.piece]
        if hold.twist_finger is not None:
            line = _line_deg(hold.finger, hold.twist_finger)
            turn = math.degrees(angle_delta(math.radians(hold.twist_line_deg), math.radians(line)))
            hold.twist_line_deg = line
            if abs(turn) > 0.0:
                st.angle = (st.angle + turn) % 360.0
                st.shown_angle = st.angle
                hold.twisted = True
        st.x, st.y = self.centre_for(
            self.board.piece(hold.piece), hold.finger, st.angle, hold.local
        )

    def _end(self, ev: PointerEvent, pos: Point, cancelled: bool) -> None:
        self._button_pointers.discard(ev.pointer_id)
        hold = self.hold
        if hold is None:
            return
        if ev.pointer_id == hold.twist_pointer:
            hold.twist_pointer = None
            hold.twist_finger = None
            return
        if ev.pointer_id != hold.pointer_id:
            return
        self._move(ev, pos)
        self.hold = None
        piece = self.board.piece(hold.piece)
        st = self.state[piece.id]
        outcome = self._judge(piece, st, hold, cancelled)
        pos_err = ang_err = None
        if piece.target is not None:
            pos_err = math.dist(st.pos, piece.target)
            ang_err = angle_error(st.angle, piece.target_deg, piece.symmetry)
        self.drops.append(
            Drop(
                piece.id,
                hold.pointer_id,
                hold.t_down_ms,
                ev.t_ms,
                hold.local,
                hold.start,
                st.pos,
                st.angle,
                pos_err,
                ang_err,
                outcome,
                hold.twisted,
            )
        )
        if outcome == Outcome.PLACED:
            assert piece.target is not None
            st.placed = True
            end = (piece.target[0], piece.target[1], piece.target_deg)
            st.tween = _Tween((st.x, st.y, st.angle), end, SNAP_S)
            st.angle = piece.target_deg
            if self.selected == piece.id:
                self.selected = None
            self.turn_hint = None
            self._say("snap", piece.id)
            if all(self.state[p.id].placed for p in self.board.real):
                self.done_at_s = self.clock_s
                self._say("done", piece.id)
            return
        settle = settle_angle(st.angle, piece.target_deg, piece.turn_step_deg)
        if piece.symmetry == 0:
            settle = st.angle
        elif not self.board.rotation:
            settle = piece.target_deg  # nothing can turn it back: it always rests fitting
        self.turn_hint = (
            piece.id
            if outcome == Outcome.MISSED
            and pos_err is not None
            and pos_err <= self.params.snap_mm
            and piece.turnable
            else None
        )
        st.tween = _Tween((st.x, st.y, st.angle), (*piece.home, settle), SLIDE_BACK_S)
        st.angle = settle
        if outcome not in (Outcome.TAP, Outcome.CANCELLED):
            self._say("back", piece.id)

    def _judge(self, piece: Piece, st: PieceState, hold: _Hold, cancelled: bool) -> str:
        if cancelled:
            return Outcome.CANCELLED
        if hold.moved_mm < TAP_MM and not hold.twisted:
            return Outcome.TAP
        if not self.board.on_board(st.pos):
            return Outcome.TRAY
        if piece.target is None:
            return Outcome.DISTRACTOR
        pos_err = math.dist(st.pos, piece.target)
        ang_err = angle_error(st.angle, piece.target_deg, piece.symmetry)
        if pos_err <= self.params.snap_mm and ang_err <= self.params.snap_deg:
            return Outcome.PLACED
        return m.classify_miss(st.pos, piece.id, self.board)

    def _turn(self, piece_id: str) -> None:
        piece = self.board.piece(piece_id)
        st = self.state[piece_id]
        st.angle = (st.angle + piece.turn_step_deg) % 360.0
        self.turn_taps += 1
        self._say("turn", piece_id)

    def _say(self, kind: str, piece_id: str) -> None:
        self.feedback.events.append((kind, piece_id, self.clock_s))

    # -- time ----------------------------------------------------------------------------
    def step(self, dt: float) -> None:
        """Advance the slides, snaps and turns; the rules themselves wait for the child."""
        if abs(dt - LOGIC_DT) > 1e-9:
            raise ValueError(f"a Round steps by exactly LOGIC_DT, not {dt}")
        if self.finished:
            return
        self.clock_s += dt
        for st in self.state.values():
            tw = st.tween
            if tw is not None:
                tw.t += dt
                st.x, st.y, st.shown_angle = tw.at()
                if tw.t >= tw.duration:
                    st.x, st.y = tw.end[0], tw.end[1]
                    st.shown_angle = st.angle
                    st.tween = None
            elif st.shown_angle != st.angle:
                da = (st.angle - st.shown_angle + 180.0) % 360.0 - 180.0
                turn_rate = 90.0 / TURN_S * dt
                st.shown_angle = (
                    st.angle
                    if abs(da) <= turn_rate
                    else st.shown_angle + math.copysign(turn_rate, da)
                )

    def at_rest(self, piece_id: str) -> bool:
        st = self.state[piece_id]
        return st.tween is None and st.shown_angle == st.angle

    # -- the result ----------------------------------------------------------------------
    def result(self) -> TrialResult:
        if self._result is not None:
            return self._result
        geometry = self.geometry
        values = m.compute(as_stored(self.samples), geometry)
        score, success = m.score_and_success(values, self.complete)
        res = round_result(
            game_id=GAME_ID,
            params=params_dict(self.params),
            samples=self.samples,
            geometry=geometry,
            metrics=m.as_metrics(values),
            metrics_version=m.METRICS_VERSION,
            score=score,
            success=success,
            stars=m.stars_for(values, self.complete),
            finished=self.complete,
            clock_s=self.clock_s,
        )
        if self.finished:
            self._result = res
        return res


def _line_deg(a: Point, b: Point) -> float:
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))
