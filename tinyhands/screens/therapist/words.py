"""Words and numbers the therapist's screens share: cue levels, units, goal sentences, a
game's parameters in plain words."""

from __future__ import annotations

from engine import registry
from progress.models import GoalIn

CUE_WORDS = {
    "independent": "Independent",
    "verbal_cue": "Verbal cue",
    "demonstration": "Demonstration",
    "physical_help": "Physical help",
}
MAX_MINUTES = 30
MAX_TRIALS = 20
DIFFICULTY_STEP = 0.05
# threshold steps by unit: fine enough to write a real goal, coarse enough to reach it
UNIT_STEP = {"mm": 0.5, "%": 5.0, "s": 0.5, "count": 1.0, "deg": 1.0, "mm/s": 5.0, "1/min": 1.0}
GAS_ROWS = (
    ("plus_2", "+2", "much more than expected"),
    ("plus_1", "+1", "somewhat more than expected"),
    ("expected", "0", "the expected outcome"),
    ("minus_1", "−1", "somewhat less than expected"),
    ("minus_2", "−2", "much less than expected (often the level now)"),
)


def pct(d: float) -> str:
    return f"{round(d * 100)} %"


def fmt_number(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def with_unit(value: float, unit: str) -> str:
    if not unit:
        return fmt_number(value)
    if unit == "count":
        return fmt_number(value)
    return f"{fmt_number(value)} {unit}"


def describe_params(params) -> str:
    """A game's parameters at one difficulty, in short words ("band 9.8 mm · pieces 9")."""
    parts = []
    for key, value in params.model_dump(mode="json").items():
        if value is None or isinstance(value, (dict, list)):
            continue
        name = key.removesuffix("_mm").replace("_", " ")
        if isinstance(value, bool):
            shown = "yes" if value else "no"
        elif isinstance(value, (int, float)):
            shown = fmt_number(round(float(value), 1)) + (" mm" if key.endswith("_mm") else "")
        else:
            shown = str(value).replace("_", " ")
        parts.append(f"{name} {shown}")
    return " · ".join(parts)


def metric_spec(game: registry.GameDescription, name: str):
    return next((m for m in game.metrics if m.name == name), None)


def goal_sentence(goal: GoalIn) -> str:
    """The goal in OT form: "Tracing: trace length inside the band at least 80 % in 4 of 5
    trials, independent"."""
    try:
        game = registry.get(goal.game_id)
        spec = metric_spec(game, goal.metric)
        game_name = game.name
    except KeyError:
        game_name, spec = goal.game_id, None
    what = (spec.label if spec and spec.label else goal.metric.replace("_", " ")).lower()
    comp = "at least" if goal.comparison == "at_least" else "at most"
    return (
        f"{game_name}: {what} {comp} {with_unit(goal.threshold, goal.unit)} in "
        f"{goal.n_required} of {goal.m_window} trials, {CUE_WORDS[goal.cue_level].lower()}"
    )


def key_metric_names(game: registry.GameDescription) -> list[str]:
    """The measures the report charts for this game (so screen and PDF agree)."""
    try:
        from tinyhands.catalog import game_info

        return list(game_info(game).key_metrics)
    except Exception:  # noqa: BLE001 - the catalog is optional here: fall back to the order
        return [m.name for m in game.metrics]


def games_with_metrics() -> list[registry.GameDescription]:
    return [g for g in registry.all_games() if g.metrics]
