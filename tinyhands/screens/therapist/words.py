"""Words and numbers the therapist's screens share: cue levels, units, goal sentences, a
game's parameters in plain words."""

from __future__ import annotations

from collections.abc import Callable

from engine import registry
from progress.models import GoalIn
from tinyhands.game_words import game_name, metric_label
from tinyhands.i18n import N_, _, pgettext

#: cue levels in OT words (marked: translate with ``_`` where shown)
CUE_WORDS = {
    # TRANSLATORS: the help a child had during a goal's trials (OT cue levels)
    "independent": N_("Independent"),
    "verbal_cue": N_("Verbal cue"),
    "demonstration": N_("Demonstration"),
    "physical_help": N_("Physical help"),
}
MAX_MINUTES = 30
MAX_TRIALS = 20
DIFFICULTY_STEP = 0.05
# threshold steps by unit: fine enough to write a real goal, coarse enough to reach it
UNIT_STEP = {"mm": 0.5, "%": 5.0, "s": 0.5, "count": 1.0, "deg": 1.0, "mm/s": 5.0, "1/min": 1.0}
GAS_ROWS = (
    # TRANSLATORS: Goal Attainment Scaling levels, -2..+2
    ("plus_2", "+2", N_("much more than expected")),
    ("plus_1", "+1", N_("somewhat more than expected")),
    ("expected", "0", N_("the expected outcome")),
    ("minus_1", "−1", N_("somewhat less than expected")),
    ("minus_2", "−2", N_("much less than expected (often the level now)")),
)


def cue_words(cue: str) -> str:
    return _(CUE_WORDS[cue]) if cue in CUE_WORDS else cue.replace("_", " ")


def pct(d: float) -> str:
    return f"{round(d * 100)} %"


def decimal_mark() -> str:
    """The decimal separator of the app's language ("9.8 mm", "9,8 mm")."""
    # TRANSLATORS: the decimal separator in numbers on screen: "." or ","
    return pgettext("decimal separator", ".")


def fmt_number(value: float, mark: str | None = None) -> str:
    """A number as a therapist reads it: no trailing zeros, the language's decimal mark
    (``mark="."`` for text stored as data)."""
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", mark or decimal_mark())


def with_unit(value: float, unit: str, mark: str | None = None) -> str:
    if not unit or unit == "count":
        return fmt_number(value, mark)
    return f"{fmt_number(value, mark)} {unit}"


#: a parameter in a therapist's words: what the child sees or must do, with its unit
#: ("{v}" is the value rounded for reading; "{pct}" a 0..1 value as a percentage)
# TRANSLATORS: a game's level in a therapist's words; keep {v} (a number, or a word) and
# {pct} (a percentage) where the language puts them
PLAIN = {
    "band_mm": N_("band {v} mm wide"),
    "size_mm": N_("shape {v} mm"),
    "guide": N_("model line {pct} shown"),
    "shape": "{v}",
    "mode": "{v}",
    "object_mm": N_("pom-poms {v} mm"),
    "cup_mm": N_("cups {v} mm"),
    "distance_mm": N_("carried {v} mm"),
    "grip_band_mm": N_("grip {v} mm"),
    "grip_mode": "{v}",
    "jitter_mm": N_("scattered {v} mm"),
    "objects": N_("{v} pom-poms"),
    "colours": N_("{v} colours"),
    "obstacles": N_("{v} obstacles"),
    "bead_mm": N_("beads {v} mm"),
    "hole_mm": N_("holes {v} mm"),
    "offset_tol_mm": N_("aim within {v} mm"),
    "angle_tol_deg": N_("angle within {v}°"),
    "stiffness": N_("string {pct} stiff"),
    "sway_mm": N_("string sways {v} mm"),
    "beads": N_("{v} beads"),
    "spare_beads": N_("{v} spare beads"),
    "pattern": N_("pattern {v}"),
    "kind": "{v}",
    "pieces": N_("{v} pieces"),
    "piece_mm": N_("pieces {v} mm"),
    "snap_mm": N_("fits within {v} mm"),
    "snap_deg": N_("turn within {v}°"),
    "rotation": N_("pieces turned"),
    "distractors": N_("{v} extra pieces"),
    "ghost": N_("picture {pct} shown"),
}
#: what a level presents, in words: the tracing shapes and how the model is shown, the
#: puzzle's kind (values the games store, shown to a therapist)
VALUE_WORDS = {
    # TRANSLATORS: a tracing shape, a way the model is shown, or a kind of puzzle
    "circle": N_("circle"),
    "cross": N_("cross"),
    "x_cross": N_("x cross"),
    "diagonal_down": N_("diagonal down"),
    "diagonal_up": N_("diagonal up"),
    "diamond": N_("diamond"),
    "horizontal": N_("horizontal line"),
    "vertical": N_("vertical line"),
    "square": N_("square"),
    "triangle": N_("triangle"),
    "copy": N_("copy"),
    "imitate": N_("imitate"),
    "jigsaw": N_("jigsaw"),
    "shapes": N_("shapes"),
    "pinch": N_("pinch with two fingers"),
    "one_finger": N_("one finger, like a mouse"),
}
#: tracing's digits and letters: "digit_3", "lower_a", "upper_A"
VALUE_PATTERNS = {
    # TRANSLATORS: a digit or a letter to trace; {v} is the digit or the letter itself
    "digit_": N_("digit {v}"),
    "lower_": N_("small {v}"),
    "upper_": N_("capital {v}"),
}


def value_words(value: str) -> str:
    """A stored value in the app's language ("diagonal_up" -> "diagonal up", "upper_A" ->
    "capital A"); a value with no words is shown with spaces for underscores."""
    if value in VALUE_WORDS:
        return _(VALUE_WORDS[value])
    for prefix, pattern in VALUE_PATTERNS.items():
        if value.startswith(prefix):
            return _(pattern).format(v=value.removeprefix(prefix))
    return value.replace("_", " ")


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
        shown = value_words(str(getattr(value, "value", value)))
    pattern = PLAIN.get(key)
    if pattern is None:
        name = key.removesuffix("_mm").replace("_", " ")
        unit = " mm" if key.endswith("_mm") else ""
        return f"{name} {shown}{unit}".strip()
    if key == "guide" and value == 0:
        return _("no model line")
    if key == "ghost" and value == 0:
        return _("no picture to match")
    pct_shown = f"{round(float(value) * 100)} %" if isinstance(value, (int, float)) else ""
    return _(pattern).format(v=shown, pct=pct_shown).strip()


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


def _same(words: str) -> str:
    return words


def goal_sentence(goal: GoalIn, tr: Callable[[str], str] = _) -> str:
    """The goal in OT form: "Tracing: trace length inside the band at least 80 % in 4 of 5
    trials, independent", in the app's language. ``tr=english`` gives the English words,
    for the description stored with the goal (data, not a screen)."""
    try:
        game = registry.get(goal.game_id)
        spec = metric_spec(game, goal.metric)
        name = game_name(game) if tr is _ else game.name
    except KeyError:
        name, spec = goal.game_id, None
    if spec is not None and spec.label:
        what = metric_label(spec) if tr is _ else spec.label
    else:
        what = goal.metric.replace("_", " ")
    comp = tr(N_("at least")) if goal.comparison == "at_least" else tr(N_("at most"))
    return tr(N_("{game}: {measure} {comparison} {threshold} in {n} of {m} trials, {cue}")).format(
        game=name,
        measure=what.lower(),
        comparison=comp,
        threshold=with_unit(goal.threshold, goal.unit, None if tr is _ else "."),
        n=goal.n_required,
        m=goal.m_window,
        cue=tr(CUE_WORDS[goal.cue_level]).lower(),
    )


#: pass as ``tr`` for the English words (what is stored, whatever the screen's language)
english = _same


def key_metric_names(game: registry.GameDescription) -> list[str]:
    """The measures the report charts for this game (so screen and PDF agree)."""
    try:
        from tinyhands.catalog import game_info

        return list(game_info(game).key_metrics)
    except Exception:  # noqa: BLE001 - the catalog is optional here: fall back to the order
        return [m.name for m in game.metrics]


def games_with_metrics() -> list[registry.GameDescription]:
    return [g for g in registry.all_games() if g.metrics]
