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


#: a parameter in a therapist's words: what the child sees or must do, with its unit
#: ("{v}" is the value rounded for reading; "{pct}" a 0..1 value as a percentage)
PLAIN = {
    "band_mm": "band {v} mm wide",
    "size_mm": "shape {v} mm",
    "guide": "model line {pct} shown",
    "shape": "{v}",
    "mode": "{v}",
    "object_mm": "pom-poms {v} mm",
    "cup_mm": "cups {v} mm",
    "distance_mm": "carried {v} mm",
    "grip_band_mm": "grip {v} mm",
    "jitter_mm": "scattered {v} mm",
    "objects": "{v} pom-poms",
    "colours": "{v} colours",
    "obstacles": "{v} obstacles",
    "bead_mm": "beads {v} mm",
    "hole_mm": "holes {v} mm",
    "offset_tol_mm": "aim within {v} mm",
    "angle_tol_deg": "angle within {v}°",
    "stiffness": "string {pct} stiff",
    "sway_mm": "string sways {v} mm",
    "beads": "{v} beads",
    "spare_beads": "{v} spare beads",
    "pattern": "pattern {v}",
    "kind": "{v}",
    "pieces": "{v} pieces",
    "piece_mm": "pieces {v} mm",
    "snap_mm": "fits within {v} mm",
    "snap_deg": "turn within {v}°",
    "rotation": "pieces turned",
    "distractors": "{v} extra pieces",
    "ghost": "picture {pct} shown",
}
#: the parameters that say most about a level, in order; the first two present are shown
HEADLINE = (
    "band_mm",
    "object_mm",
    "bead_mm",
    "pieces",
    "size_mm",
    "objects",
    "piece_mm",
    "hole_mm",
)


def plain(key: str, value) -> str | None:
    """One parameter in words, or None when there is nothing to say (False, empty, 0 extra)."""
    if value is None or isinstance(value, (dict, list)) or value is False or value == "":
        return None
    if key in ("distractors", "obstacles", "spare_beads", "sway_mm") and value == 0:
        return None
    if isinstance(value, bool):
        shown = ""
    elif isinstance(value, (int, float)):
        shown = fmt_number(round(float(value), 1))
    else:
        shown = str(getattr(value, "value", value)).replace("_", " ")
    pattern = PLAIN.get(key)
    if pattern is None:
        name = key.removesuffix("_mm").replace("_", " ")
        unit = " mm" if key.endswith("_mm") else ""
        return f"{name} {shown}{unit}".strip()
    if key == "guide" and value == 0:
        return "no model line"
    if key == "ghost" and value == 0:
        return "no picture to match"
    pct_shown = f"{round(float(value) * 100)} %" if isinstance(value, (int, float)) else ""
    return pattern.format(v=shown, pct=pct_shown).strip()


def describe_params(params) -> str:
    """A game's parameters at one difficulty, in plain words with units ("band 9.8 mm
    wide · shape 69 mm · model line 67 % shown"), never the parameter's code name."""
    parts = [plain(k, v) for k, v in params.model_dump(mode="json").items()]
    return " · ".join(p for p in parts if p)


def headline(params) -> str:
    """The two facts that say most about a level ("band 24 mm wide · shape 120 mm")."""
    values = params.model_dump(mode="json")
    keys = [k for k in HEADLINE if k in values][:2]
    return " · ".join(p for p in (plain(k, values[k]) for k in keys) if p) or describe_params(
        params
    )


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
