"""At a bound, say so (issue 13): when practice has sat at the home program's hardest level
for about a week with high success, the grown-ups' home program screen says it in the
report's words (exporter.bounds, one rule for both), and a trial records the bound."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pygame

import games
from engine.harness import Harness
from progress.models import DifficultyBounds, HomeProgram
from progress.safe import SafeStore
from tinyhands.demo import SimClock, _play_one
from tinyhands.play import Practice
from tinyhands.screens.therapist import HomeProgramScene
from tinyhands.services import Services

NOTICE_INK = (150, 80, 20)


def _practise_at_a_low_ceiling(tmp_path, high: float):
    games.load_all()
    from engine import registry

    clock = SimClock(datetime(2025, 3, 10, 17, 0).astimezone())
    safe = SafeStore.open_dir(tmp_path / "data", clock=clock)
    child = safe.store.add_child("Mia", avatar="cat")
    safe.store.set_home_program(
        child.id,
        HomeProgram(games=["tracing"], per_game_bounds={"tracing": DifficultyBounds(high=high)}),
    )
    services = Services(store=safe, rng=random.Random(1))
    tracing = registry.get("tracing")
    rng = random.Random(2)
    for day in range(9):
        clock.set(datetime(2025, 3, 10, 17, 0).astimezone() + timedelta(days=day))
        practice = Practice(services, child)
        for _ in range(3):
            _play_one(practice, tracing, clock, rng, 1.0, None)  # a skilled child
        practice.end()
    return safe, child, services


def test_a_trial_at_the_programs_ceiling_records_it(tmp_path):
    safe, child, _ = _practise_at_a_low_ceiling(tmp_path, high=0.3)
    try:
        trials = safe.store.trials(child.id)
        assert trials[-1].at_bound == "high" and trials[-1].bound_high == 0.3
        assert trials[-1].presented_value("band_mm") is not None
        assert all(t.difficulty <= 0.3 + 1e-9 for t in trials)  # the bound is never crossed
    finally:
        safe.close()


def _notice_pixels(services, child) -> int:
    h = Harness(HomeProgramScene(child), services=services, dpi=96.0)
    h.run_frames(2)
    scene = h.top
    shot = h.app.canvas  # the logical 1280x800 canvas the screens draw on
    band = pygame.Rect(0, scene.msg_y - 45, 900, 90)
    n = sum(
        1
        for x in range(band.left, band.right, 2)
        for y in range(band.top, band.bottom, 2)
        if tuple(shot.get_at((x, y)))[:3] == NOTICE_INK
    )
    notices = list(scene.notices)
    h.close()
    return n, notices


def test_the_home_program_screen_says_when_tracing_sat_at_its_limit(tmp_path):
    safe, child, services = _practise_at_a_low_ceiling(tmp_path, high=0.3)
    try:
        pixels, notices = _notice_pixels(services, child)
        assert notices and notices[0].startswith("Tracing reached")
        assert "consider raising the limit" in notices[0] and "mm" in notices[0]
        assert pixels > 50  # drawn, in the notice's colour, where the message line is
    finally:
        safe.close()


def test_the_notice_speaks_the_screens_language(tmp_path):
    """The sentence comes from the report's catalogue, in the language of the screens."""
    from tinyhands.i18n import set_language

    safe, child, services = _practise_at_a_low_ceiling(tmp_path, high=0.3)
    try:
        set_language("es")
        _, notices = _notice_pixels(services, child)
        assert notices and "Tracing" not in notices[0] and "consider" not in notices[0]
        assert "Trazar" in notices[0] or "trazado" in notices[0].lower(), notices[0]
    finally:
        set_language("en")
        safe.close()


def test_no_notice_when_the_limit_was_never_reached(tmp_path):
    safe, child, services = _practise_at_a_low_ceiling(tmp_path, high=1.0)
    try:
        pixels, notices = _notice_pixels(services, child)
        assert notices == [] and pixels == 0
    finally:
        safe.close()
