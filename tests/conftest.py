"""Every test runs headless: SDL's dummy video and audio drivers, no window on screen."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
# The screens' language follows the system when no setting chooses one: the tests read
# English unless a test chooses a language, whatever the machine's locale.
for _name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"


# --- progress store fixtures (prefix store_) ---------------------------------------
import pytest  # noqa: E402


@pytest.fixture
def store_dir(tmp_path):
    """A fresh, not yet created data folder for a Store."""
    return tmp_path / "data"


@pytest.fixture
def store_make_trial():
    """Factory for a valid TrialIn with deterministic samples (on the 1 µm / 1 µs grid)."""
    import random

    from progress.models import MetricValue, TrialIn
    from progress.samples import Sample

    def make(child_id, session_id=None, *, n=50, seed=0, **overrides):
        rng = random.Random(seed)
        samples = [
            Sample(
                t_ms=1000 + i * 8 + rng.randint(0, 999) / 1000,
                pointer_id=rng.choice([0, 1, 2**40]),
                x_mm=rng.randint(-50_000, 300_000) / 1000,
                y_mm=rng.randint(-50_000, 200_000) / 1000,
                phase=rng.choice(["down", "move", "up", "cancel"]),
                device=rng.choice(["mouse", "touch", "pen"]),
                pressure=rng.randint(0, 1_000_000) / 1_000_000 if rng.random() < 0.5 else None,
            )
            for i in range(n)
        ]
        fields = dict(
            child_id=child_id,
            session_id=session_id,
            game_id="tracing",
            difficulty=0.4,
            params={"band_mm": 6.0, "seed": seed},
            duration_s=4.5,
            success=True,
            score=0.8,
            metrics=[MetricValue(name="mean_deviation", value=1.25, unit="mm")],
            metrics_version=2,
            samples=samples,
            geometry={"circle": {"r_mm": 40.0}},
            app_version="0.1.0",
        )
        fields.update(overrides)
        return TrialIn(**fields)

    return make


@pytest.fixture(autouse=True)
def app_language_english():
    """A test that sets the app's language (one global, like the app's) leaves English."""
    yield
    from tinyhands.i18n import set_language

    set_language("en")


# --- a real small file system (a tmpfs) for full-disk tests ---------------------------
import subprocess  # noqa: E402
import sys  # noqa: E402


@pytest.fixture
def small_disk(tmp_path):
    """A real 2 MB file system; skipped where mounting is not allowed (CI without root)."""
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root on Linux (not available here)")
    mnt = tmp_path / "disk"
    mnt.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(mnt)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


@pytest.fixture
def store(tmp_path):
    """A SafeStore in a fresh data folder, as the app opens it; closed after the test."""
    from progress.safe import SafeStore

    s = SafeStore.open_dir(tmp_path / "data")
    yield s
    s.close()
