"""The app loop, scene stack and harness, headless, with real posted events."""

import random

import pygame
import pytest

from engine.harness import Harness
from engine.input import Phase
from engine.registry import LOGIC_DT
from engine.scene import Scene


class Recorder(Scene):
    """Records what it gets; moves a dot with seeded noise so determinism can be checked."""

    def __init__(self, seed=1):
        self.events = []
        self.steps = 0
        self.rng = random.Random(seed)
        self.x = 0.0
        self.entered = 0
        self.exited = 0

    def on_enter(self):
        self.entered += 1

    def on_exit(self):
        self.exited += 1

    def on_pointer(self, event):
        self.events.append(event)
        self.x += event.x_mm

    def update(self, dt):
        assert dt == LOGIC_DT
        self.steps += 1
        self.x += self.rng.random()

    def draw(self, surface, alpha):
        assert 0.0 <= alpha < 1.0
        pygame.draw.circle(surface, (200, 80, 80), (int(self.x) % 1280, 400), 20)


def test_fixed_logic_step_runs_at_120_hz_whatever_the_frame_rate():
    for rate in (30, 60, 144):
        scene = Recorder()
        h = Harness(scene, rate_hz=rate)
        h.run_seconds(2.0)
        assert scene.steps == pytest.approx(240, abs=2)
        h.close()


def test_same_script_same_seed_same_state_bit_for_bit():
    def play():
        scene = Recorder(seed=42)
        h = Harness(scene)
        h.finger("down", 100, 100)
        for i in range(30):
            h.finger("move", 100 + i * 7.3, 100 + i * 2.1)
            h.run_frames(1)
        h.finger("up", 320, 163)
        h.run_frames(5)
        state = (scene.x, scene.steps, [(e.phase, e.x_mm, e.y_mm, e.t_ms) for e in scene.events])
        h.close()
        return state

    assert play() == play()


def test_scene_stack_push_pop_replace_and_pointer_cancel_on_cover():
    base, top = Recorder(), Recorder()
    h = Harness(base)
    h.finger("down", 10, 10)
    h.run_frames(1)
    h.app.scenes.push(top)
    assert base.events[-1].phase is Phase.CANCEL  # the half gesture ended for the covered scene
    assert h.top is top and base.exited == 1
    h.app.scenes.pop()
    assert h.top is base and base.entered == 2 and top.exited == 1
    other = Recorder()
    h.app.scenes.replace(other)
    assert h.top is other and len(h.app.scenes) == 1
    h.close()


def test_focus_loss_pauses_logic_and_cancels_pointers():
    scene = Recorder()
    h = Harness(scene)
    h.finger("down", 10, 10)
    h.run_frames(1)
    pygame.event.post(pygame.event.Event(pygame.WINDOWFOCUSLOST))
    h.run_frames(1)
    steps = scene.steps
    assert scene.events[-1].phase is Phase.CANCEL
    h.run_seconds(1.0)
    assert scene.steps == steps  # paused
    pygame.event.post(pygame.event.Event(pygame.WINDOWFOCUSGAINED))
    h.run_seconds(1.0)
    assert scene.steps >= steps + 110
    h.close()


def test_a_flood_of_ten_thousand_events_in_one_frame_is_handled():
    scene = Recorder()
    h = Harness(scene, mouse_twins=False)
    h.finger("down", 5, 5)
    for i in range(10_000):
        h.finger("move", (i * 13) % 1280, (i * 7) % 800)
    h.finger("up", 5, 5)
    h.run_frames(1)
    # SDL's queue holds 65535 events, so every sample arrives and is kept
    assert len(scene.events) == 10_002
    assert scene.events[-1].phase is Phase.UP
    h.close()


def test_window_resized_to_1x1_does_not_crash_and_recovers():
    scene = Recorder()
    h = Harness(scene)
    for size in [(1, 1), (300, 2000), (2000, 300), (1280, 800)]:
        pygame.display.set_mode(size, pygame.RESIZABLE)
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1]))
        h.finger("down", 640, 400)
        h.finger("up", 640, 400)
        h.run_frames(2)
        assert h.app.viewport.window_w == size[0]
        assert h.app.units.px_per_mm > 0
    assert h.app.canvas is h.app.window  # back at 1280x800: drawn without scaling
    h.close()


def test_quit_event_ends_the_loop_cleanly():
    scene = Recorder()
    h = Harness(scene)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    h.run_frames(1)
    assert not h.app.running
    h.close()
    assert scene.exited == 1


class Broken(Scene):
    def update(self, dt):
        raise RuntimeError("a bug in a game")


def test_a_failing_scene_is_left_not_shown_as_a_crash(caplog):
    base = Recorder()
    h = Harness(base)
    h.app.scenes.push(Broken())
    h.clock.advance(0.1)
    h.app.safe_frame()
    assert h.top is base  # back where the child was
    assert "a bug in a game" in caplog.text
    # with nowhere to go back to, the error is not hidden
    only = Harness(Broken())
    only.clock.advance(0.1)
    with pytest.raises(RuntimeError):
        only.app.safe_frame()
    h.close()


class LaidOut(Recorder):
    animating = False

    def __init__(self):
        super().__init__()
        self.layouts = []

    def layout(self):
        self.layouts.append(self.app.units.px_per_mm)


def test_a_resize_lays_out_every_scene_on_the_stack_again():
    below, top = LaidOut(), LaidOut()
    h = Harness(below)
    h.app.scenes.push(top)
    h.resize((640, 400))
    assert below.layouts and top.layouts
    assert top.layouts[-1] == pytest.approx(h.app.units.px_per_mm)
    assert h.app.units.px_per_mm == pytest.approx(2 * 96 / 25.4)  # half the window
    h.close()


def test_the_app_repaints_when_exposed_or_refocused_even_while_paused():
    h = Harness(LaidOut())
    h.run_frames(2)
    pygame.event.post(pygame.event.Event(pygame.WINDOWFOCUSLOST))
    h.run_frames(2)
    assert h.app.paused
    drawn = h.app.frames_drawn
    pygame.event.post(pygame.event.Event(pygame.WINDOWEXPOSED))
    h.run_frames(1)
    assert h.app.frames_drawn == drawn + 1  # stale pixels painted over at once
    pygame.event.post(pygame.event.Event(pygame.WINDOWFOCUSGAINED))
    h.run_frames(1)
    assert h.app.frames_drawn == drawn + 2
    h.close()
