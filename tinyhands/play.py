"""One child's play in this run of the app: picks each round's difficulty, runs the game
scene, saves the finished trial the moment it ends, and shows the reward.

The frame a round ends on never touches SQLite: the reward (stars, the day's sticker) is
worked out from what this Practice already knows, and the trial is handed over
(``SafeStore.hand_over``: a hand-over file, then the save on the writer thread).

This is where engine, games and progress meet; each of them stays ignorant of the others.
"""

from __future__ import annotations

import logging
import platform
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import BaseModel

from engine import registry
from engine.difficulty import Bounds, DifficultyController, DifficultyState, TrialPlan
from engine.game_scene import GameScene
from engine.input import Device, Phase
from engine.scoring import quick_switching
from engine.trial import TrialResult
from progress.models import HomeProgram, TrialIn
from progress.rescue import marshal_rows
from progress.safe import SessionSlot
from tinyhands import __version__

log = logging.getLogger(__name__)


def prebuild_models() -> None:
    """Build the models a round's end validates (the trial, its samples, metrics and
    presented values, the session): built lazily they cost a first round's end ~20 ms.
    The app calls this right after its first frame, before any round can end."""
    from progress.models import MetricValue, PracticeSession, PresentedValue, Trial

    for model in (MetricValue, PresentedValue, TrialIn, Trial, PracticeSession):
        model.model_rebuild()
    _ = DifficultyController(None, Bounds(0.0, 1.0)).state  # builds its stored model


@dataclass(frozen=True, slots=True)
class SamplesForSaving:
    """A round's samples in the forms its save needs, made on the scoring thread
    (``GameScene.prepare``): a long two-finger round has 12,000 samples, 15 ms of work."""

    rows: list[tuple]
    rows_blob: bytes  # rescue.marshal_rows(rows): the hand-over file's samples
    input_kind: str


def prepare_samples(result: TrialResult) -> SamplesForSaving:
    """Off the frame: what ``Practice.finish`` would otherwise build on it."""
    rows = _sample_rows(result)
    return SamplesForSaving(rows, marshal_rows(rows), input_kind(result))


def _sample_rows(result: TrialResult) -> list[tuple]:
    """The samples as plain tuples in the store's order: the least a frame can build (about
    0.3 us a sample: an enum's ``.value`` is a slow property, a dict lookup is not); the
    writer thread validates them."""
    phase = {p: p.value for p in Phase}
    device = {d: d.value for d in Device}
    return [
        (s.t_ms, s.pointer_id, s.x_mm, s.y_mm, phase[s.phase], device[s.device], s.pressure)
        for s in result.samples
    ]


def input_kind(result: TrialResult) -> str:
    """The device that made most of the round's samples (mouse, touch or pen)."""
    counts = Counter(s.device for s in result.samples)
    return max(counts, key=counts.__getitem__).value if counts else "unknown"


class Practice:
    """The play of one child from picking their avatar until they leave."""

    def __init__(self, services, child) -> None:
        self.services = services
        self.store = services.store
        self.child = child
        self._controllers: dict[str, DifficultyController] = {}
        self._session: SessionSlot | None = None  # its id comes from the writer thread
        self._session_device: str | None = None
        self._session_minutes = 0.0
        self.last_result: TrialResult | None = None
        #: the last finished trial's UUID (its row id is not known yet: the save is
        #: handed over, not awaited)
        self.last_trial_uuid: str | None = None
        self.last_sticker: str | None = None
        self._program: HomeProgram | None = None
        # What each day holds so far (games played, a sticker earned), read once here and
        # kept up to date by this Practice, so a round's end decides its sticker without
        # reading the store (no one else saves this child's trials: the folder lock).
        today = self.today()
        self._played_on: dict[date, set[str]] = {
            today: set(self.store.games_played_on(child.id, today))
        }
        self._sticker_on: dict[date, bool] = {today: bool(self.store.stickers_on(child.id, today))}

    @property
    def program(self) -> HomeProgram:
        """The child's home program, read once per Practice: rounds are built from it many
        times (and the graded task's too), the therapist changes it between visits."""
        if self._program is None:
            self._program = self.store.get_home_program(self.child.id)
        return self._program

    def params_for(self, game: registry.GameDescription, difficulty: float) -> BaseModel:
        """A round's parameters: the difficulty with the therapist's options for this game."""
        return game.params_for(difficulty, self.program.options_for(game.id))

    def next_params(self, game: registry.GameDescription) -> BaseModel | None:
        """The parameters of the round this child would play next (their picture card shows
        it); reading them changes nothing. None when they cannot be known just now."""
        try:
            return self.params_for(game, self.controller(game.id).next_trial().difficulty)
        except Exception:  # a card is a picture: it falls back to the game's icon
            log.exception("the next %s round's parameters are not known", game.id)
            return None

    # -- difficulty -----------------------------------------------------------------
    def controller(self, game_id: str) -> DifficultyController:
        ctl = self._controllers.get(game_id)
        if ctl is None:
            saved = self.store.get_difficulty_state(self.child.id, game_id)
            state = DifficultyState.from_dict(saved) if saved else None
            low, high = self.program.bounds_for(game_id)
            ctl = DifficultyController(state, Bounds(low, high))
            ctl.start_session(self.store.now())  # no warm-up later the same day
            self._controllers[game_id] = ctl
        return ctl

    # -- a round ------------------------------------------------------------------
    def new_game_scene(
        self, game: registry.GameDescription, on_leave, cue_level: str | None = None
    ) -> GameScene:
        """A round at the controller's next difficulty; ``cue_level`` is the help a
        therapist gave, recorded when the round is part of a graded task (a lock)."""
        plan = self.controller(game.id).next_trial()
        difficulty = plan.difficulty
        params = self.params_for(game, difficulty)
        seed = self.services.rng.randrange(2**31)

        def finished(result: TrialResult) -> None:
            self.finish(game, result, plan, params, seed, scene.active_s, cue_level, scene.prepared)

        def leave() -> None:
            on_leave()  # the scene leaves the stack: ``interrupted`` keeps what was played

        def interrupted(partial: TrialResult) -> None:
            self.save_interrupted(
                game, partial, plan, params, seed, scene.active_s, cue_level, scene.prepared
            )

        scene = GameScene(
            game,
            params,
            seed=seed,
            on_finished=finished,
            on_leave=leave,
            left_handed=getattr(self.child, "handedness", "right") == "left",
            calm=self.services.calm,
            colourblind=self.services.colourblind,
        )
        scene.on_interrupted = interrupted
        scene.prepare = prepare_samples  # on the scoring thread, not the frame
        return scene

    def save_interrupted(
        self,
        game,
        partial: TrialResult,
        plan: TrialPlan,
        params,
        seed: int,
        active_s: float,
        cue_level: str | None = None,
        prepared: SamplesForSaving | None = None,
    ) -> None:
        """A round left early (home button, window closed): kept as an interrupted trial
        with its time and samples, counted in the day's minutes, never a success, and it
        does not move the difficulty controller (leaving is not a miss). A round left
        before it was touched or played for a second leaves only its minutes."""
        if not partial.samples and active_s < 1.0:
            self._add_minutes(active_s / 60.0)
            return
        prepared = prepared or prepare_samples(partial)
        if self._session is None:
            self._start_session(prepared.input_kind)
        trial = self._trial_in(game, partial, plan, params, seed, cue_level, interrupted=True)
        self._played_on.setdefault(trial.started_at.date(), set()).add(game.id)
        self.store.hand_over(
            trial,
            prepared.rows,
            rows_blob=prepared.rows_blob,
            session_minutes=self._count_minutes(active_s / 60.0),
            session=self._session,
            around=quick_switching,
        )

    def _start_session(self, kind: str) -> None:
        """A new session, created on the writer thread ahead of the trial that needs it."""
        self._session = SessionSlot()
        self.store.start_session_later(
            self._session, self.child.id, device=platform.system() or "unknown", input_kind=kind
        )
        self._session_device = kind
        self._session_minutes = 0.0

    def _trial_in(
        self,
        game,
        result: TrialResult,
        plan: TrialPlan,
        params,
        seed: int,
        cue_level: str | None,
        *,
        interrupted: bool = False,
    ) -> TrialIn:
        """The trial as stored: what the controller did (plan), what the child was shown
        (the game's presented values), the program's bounds and the game's success rule;
        without its samples (``_sample_rows``, validated on the writer thread) and with its
        session's id only when already known (``hand_over`` fills it in)."""
        geometry = dict(result.geometry)
        geometry["seed"] = seed
        bounds = self.controller(game.id).bounds
        return TrialIn(
            child_id=self.child.id,
            session_id=None if self._session is None else self._session.id,
            game_id=game.id,
            difficulty=plan.difficulty,
            params=registry.params_dict(params),
            started_at=self.store.now() - timedelta(seconds=result.duration_s),
            duration_s=result.duration_s,
            success=result.success and not interrupted,
            score=result.score,
            metrics=[{"name": m.name, "value": m.value, "unit": m.unit} for m in result.metrics],
            metrics_version=result.metrics_version,
            geometry=geometry,
            graded=plan.graded,
            kind=plan.kind,
            tracked_difficulty=plan.tracked,
            presented=[
                {"name": p.name, "value": p.value, "unit": p.unit, "label": p.label}
                for p in game.describe_presented(result.params, result.geometry)
            ],
            bound_low=bounds.low,
            bound_high=bounds.high,
            at_bound=plan.at_bound,
            success_rule=game.success_rule.id if game.success_rule else "",
            cue_level=cue_level if plan.graded else None,
            app_version=__version__,
            uuid=str(uuid.uuid4()),  # known now, unlike the row id the writer gets
            interrupted=interrupted,
            stars=0 if interrupted else max(1, result.stars),
            sticker=None if interrupted else self.last_sticker,
        )

    def _add_minutes(self, minutes: float) -> None:
        if self._count_minutes(minutes) > 0:
            self.store.add_session_minutes_later(self._session, minutes)

    def _count_minutes(self, minutes: float) -> float:
        """The minutes this session gains (to be written with its trial), 0 without one."""
        if self._session is not None and minutes > 0:
            self._session_minutes += minutes
            return minutes
        return 0.0

    def end(self) -> None:
        """The child left (back to the profiles, or the app closed): close the session."""
        if self._session is not None:
            self.store.end_session_later(self._session, self._session_minutes)
            self._session = None
            self._session_device = None
        self.store.idle(session_end=True)  # waits for the saves; the backup then holds them

    def finish(
        self,
        game,
        result: TrialResult,
        plan: TrialPlan,
        params,
        seed: int,
        active_s: float,
        cue_level: str | None = None,
        prepared: SamplesForSaving | None = None,
    ) -> None:
        """Move the staircase, pick the reward, and hand the trial over to be saved with
        its stars, the staircase's new state and the round's minutes in one transaction
        (``SafeStore.hand_over``). Runs on the frame the round's result is ready: no SQLite
        here, about a millisecond; from its return a crash of the program loses nothing.
        ``prepared``: the samples made ready on the scoring thread (else made here)."""
        ctl = self.controller(game.id)
        prepared = prepared or prepare_samples(result)
        kind = prepared.input_kind
        if self._session is None or self._session_device != kind:
            if self._session is not None:
                self.store.end_session_later(self._session, self._session_minutes)
            self._start_session(kind)
        self.last_sticker = self._sticker_if_plan_done(game.id)
        # A graded trial given with a therapist's cues is no evidence of what the child does
        # alone: it is stored, but it does not move the child's level.
        cued = plan.graded and cue_level not in (None, "independent")
        ctl.record(result.score, result.success, now=self.store.now(), weight=0.0 if cued else 1.0)
        trial = self._trial_in(game, result, plan, params, seed, cue_level)
        day = trial.started_at.date()
        self._played_on.setdefault(day, set()).add(game.id)
        if self.last_sticker:
            self._sticker_on[day] = True
        self.store.hand_over(
            trial,
            prepared.rows,
            rows_blob=prepared.rows_blob,
            difficulty_state=ctl.state.to_dict(),
            session_minutes=self._count_minutes(active_s / 60.0),
            session=self._session,
            around=quick_switching,
        )
        self.last_result = result
        self.last_trial_uuid = trial.uuid

    # -- today's plan -------------------------------------------------------------
    def plan(self) -> list[registry.GameDescription]:
        """Today's games in the home program's order (all registered games by default)."""
        program = self.store.get_home_program(self.child.id)
        known = {g.id: g for g in registry.all_games()}
        ids = [g for g in (program.games or []) if g in known] or list(known)
        return [known[g] for g in ids]

    def played_today(self) -> set[str]:
        """Games played today (this Practice's rounds included, saved or still saving)."""
        return set(self._played_on.get(self.today(), ()))

    def note_sticker(self, day: date) -> None:
        """A sticker given outside a round (the end of today's practice): no second one."""
        self._sticker_on[day] = True

    def today(self) -> date:
        """The child's local day, from the store's clock (a demo or a test may set it)."""
        return self.store.now().date()

    def _sticker_if_plan_done(self, just_played: str) -> str | None:
        """A sticker the first time today's whole plan has been played (from memory: the
        plan this Practice builds its rounds from, and what the day holds so far)."""
        from engine import art

        known = {g.id for g in registry.all_games()}
        plan = {g for g in (self.program.games or []) if g in known} or known
        today = self.today()
        done = self.played_today() | {just_played}
        if plan and plan <= done and not self._sticker_on.get(today, False):
            return art.STICKERS[self.services.rng.randrange(len(art.STICKERS))]
        return None
