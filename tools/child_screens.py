"""Screenshots of every child screen at a 7", 13" and 27" screen's size and density.

    python tools/child_screens.py OUT_DIR

Headless (SDL dummy driver): the profile picker, today's plan, the game picker, the
reward, today's practice and its end, and a round of each game, each resized in place
(so the pictures also show that a resize lays the screen out again).
"""

from __future__ import annotations

import math
import os
import random
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import games  # noqa: E402
from engine import registry  # noqa: E402
from engine.harness import Harness  # noqa: E402
from progress.safe import SafeStore  # noqa: E402
from tinyhands.screens.home import ProfileScene  # noqa: E402
from tinyhands.screens.plan import GamePickerScene, PlanScene  # noqa: E402
from tinyhands.screens.practice import DailyPracticeScene, PracticeEndScene  # noqa: E402
from tinyhands.screens.reward import RewardScene  # noqa: E402
from tinyhands.services import Services  # noqa: E402

SCREENS = {"7in": ((480, 300), 7.0), "13in": ((1280, 800), 13.3), "27in": ((2560, 1600), 27.0)}


def main(out: Path) -> None:
    games.load_all()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = SafeStore.open_dir(Path(tmp) / "data")
        for name, avatar in [("Mia", "cat"), ("Leo", "lion"), ("Ava", "owl"), ("Sam", "cat")]:
            store.add_child(name, avatar=avatar)
        child = store.list_children()[0]
        h = Harness(ProfileScene(), services=Services(store=store, rng=random.Random(1)))

        def shoot(label: str) -> None:
            for tag, (size, inches) in SCREENS.items():
                h.resize(size, math.hypot(*size) / inches)
                h.run_frames(2)
                h.screenshot(str(out / f"{label}-{tag}.png"))
            h.resize((1280, 800), 96.0)

        shoot("profile")
        plan = h.app.scenes.push(PlanScene(child))
        shoot("plan")
        h.app.scenes.push(GamePickerScene(plan.practice))
        shoot("picker")
        h.app.scenes.pop()
        game = plan.games[0]
        h.app.scenes.push(RewardScene(plan.practice, game, SimpleNamespace(stars=3), "sun"))
        h.run_seconds(3.0)
        shoot("reward")
        h.app.scenes.pop()
        for g in registry.all_games():
            scene = plan.practice.new_game_scene(g, on_leave=h.app.scenes.pop)
            h.app.scenes.push(scene)
            h.run_frames(30)
            shoot(f"game-{g.id}")
            h.app.scenes.pop()
        h.app.scenes.pop()
        daily = h.app.scenes.push(DailyPracticeScene(child))
        shoot("practice")
        h.app.scenes.push(PracticeEndScene(child, daily.practice))
        h.run_seconds(2.0)
        shoot("practice-end")
        h.close()
        store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screens"))
