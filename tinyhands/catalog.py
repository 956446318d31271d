"""Build the exporter's GameCatalog from the game registry (the composition root's job).

The exporter knows nothing of the engine or the games; here their descriptions become
plain data. What a report needs beyond a GameDescription (the ladder's key parameter,
the few measures worth charting, how a measure that grows with the task is read, what a
screen cannot observe, the words for a program's bounds) is read from optional
attributes of the description if a game provides them, else from ``REPORT_HINTS``.
"""

from __future__ import annotations

from typing import Any

from exporter.catalog import GameCatalog, GameInfo, MetricInfo, Normalisation, ParamInfo
from exporter.i18n import N_

KEY_METRICS_DEFAULT = 4

#: per game id: what the report charts and how it words the task and its bounds.
#: No standardised test is named: no published study links these game measures to one
#: (FIELD-NOTES: digital versions did not show validity against the physical tests).
REPORT_HINTS: dict[str, dict[str, Any]] = {
    "tracing": {
        "key_metrics": ["inside_band", "mean_deviation", "completion_time", "niv"],
        "key_param": ParamInfo(
            name="band_mm",
            label=N_("band"),
            unit="mm",
            harder="lower",
            rise_verb="widened",
            fall_verb="narrowed",
        ),
        "item_param": "shape",
        "key_harder": "lower",
        "bound_words": {"high": N_("the narrowest band"), "low": N_("the widest band")},
        "relative": ["inside_band"],
        "normalise": {
            "mean_deviation": Normalisation(
                presented="band_mm",
                how="of_allowance",
                label=N_("Mean deviation, share of the band width"),
                unit="% of band",
            ),
        },
        "not_observed": [
            N_("pencil grasp and pressure on paper (a finger or stylus on glass)"),
            N_("letter formation on paper, size control on lines, copying without a model"),
        ],
        "score_text": N_(
            "score = the mean of the share of the trace inside the band and the share of the "
            "path covered (0 to 1)"
        ),
        "definitions": {
            "inside_band": "the share of the trace's length that lies inside the band",
            "mean_deviation": "the mean distance of the trace from the template path, "
            "along the trace's length, as a share of the band's width",
            "completion_time": "seconds from the first touch to the end of the trace",
            "niv": "the number of times the drawing speed turns from speeding up to slowing "
            "down within a stroke (NIV, Truxius); about 1 for one fluent movement",
            "coverage": "the share of the template's length that the trace came within the "
            "band's half-width of",
        },
    },
    "beads": {
        "key_metrics": [
            "attempts_per_bead",
            "alignment_offset",
            "alignment_angle",
            "time_per_bead",
        ],
        "key_harder": "lower",
        "bound_words": {"high": N_("the smallest hole"), "low": N_("the largest hole")},
        "task_counts": {"beads_threaded": "beads"},
        "relative": ["attempts_per_bead"],
        "normalise": {
            "alignment_offset": Normalisation(
                presented="offset_tol_mm",
                how="of_allowance",
                label=N_("Bead hole's distance from the string tip, share allowed"),
                unit="% of allowed",
            ),
            "alignment_angle": Normalisation(
                presented="angle_tol_deg",
                how="of_allowance",
                label=N_("Bead's tilt when threaded, share of the tilt allowed"),
                unit="% of allowed",
            ),
        },
        "not_observed": [
            N_(
                "holding a real bead and string; the second hand's part unless two fingers "
                "touched the screen"
            ),
        ],
        "definitions": {
            "attempts_per_bead": "approaches of a bead to the string's tip for each bead "
            "threaded (1 = every bead threaded at the first approach)",
            "alignment_offset": "how far the bead's hole missed the tip when threaded, as a "
            "share of the miss the task allowed",
            "alignment_angle": "the hole's tilt from the string when threaded, as a share of "
            "the tilt the task allowed",
            "time_per_bead": "seconds per bead threaded",
        },
    },
    "puzzle": {
        "key_metrics": [
            "completion_time",
            "attempts_per_piece",
            "placement_error",
            "path_efficiency",
        ],
        "key_harder": "higher",
        "bound_words": {"high": N_("the most pieces"), "low": N_("the fewest pieces")},
        "task_counts": {"pieces_placed": "pieces"},
        "relative": ["attempts_per_piece"],
        "normalise": {
            "completion_time": Normalisation(
                presented="pieces", how="per", label=N_("Time per piece"), unit="s per piece"
            ),
            "placement_error": Normalisation(
                presented="snap_mm",
                how="of_allowance",
                label=N_("Miss of the place at release, share of the tolerance"),
                unit="% of allowed",
            ),
        },
        "not_observed": [N_("handling real puzzle pieces (turning them in the fingers)")],
        "definitions": {
            "completion_time": "seconds from the first touch to the last piece, per piece",
            "attempts_per_piece": "times a piece was let go before it fitted (1 = first try)",
            "placement_error": "the piece's distance from its place when let go, as a share "
            "of the tolerance within which it fits",
            "path_efficiency": "straight-line distance over the distance dragged (100 % = a "
            "straight drag)",
        },
    },
    "tweezers": {
        "key_metrics": ["pickups", "drops", "transport_time", "objects_per_minute"],
        "key_harder": "lower",
        "bound_words": {"high": N_("the smallest things"), "low": N_("the largest things")},
        "normalise": {
            "pickups": Normalisation(
                presented="objects", how="per", label=N_("Pick-ups per thing"), unit="per thing"
            ),
            "drops": Normalisation(
                presented="objects",
                how="per",
                label=N_("Pick-ups not ending in a cup, per thing"),
                unit="per thing",
            ),
        },
        "not_observed": [
            N_(
                "real tweezers or tongs, their spring and the force needed to close them; the "
                "on-screen tweezers close with a two-finger pinch or a drag, and a screen "
                "senses no force"
            ),
        ],
        "definitions": {
            "pickups": "pick-ups for each thing to put away (1 = each thing taken once)",
            "drops": "pick-ups that did not end in a cup, for each thing to put away",
            "transport_time": "seconds from picking a thing up to placing it",
            "objects_per_minute": "things placed per minute from the first touch to the last "
            "placing",
        },
    },
}


def _better(value: Any) -> str:
    return str(getattr(value, "value", value))


def game_info(game: Any) -> GameInfo:
    """One ``engine.registry.GameDescription`` as plain data."""
    hints = dict(REPORT_HINTS.get(game.id, {}))
    for attr in ("key_metrics", "key_param", "item_param"):
        if getattr(game, attr, None) is not None:
            hints[attr] = getattr(game, attr)
    definitions = hints.get("definitions", {})
    metrics = [
        MetricInfo(
            name=m.name,
            unit=m.unit,
            better=_better(m.better),  # type: ignore[arg-type]
            label=m.label,
            devices=sorted(m.devices),
            definition=m.definition or definitions.get(m.name, ""),
            formula=m.formula,
            tolerance=m.rescore_tolerance,
        )
        for m in game.metrics
    ]
    names = {m.name for m in metrics}
    key = [k for k in hints.get("key_metrics", []) if k in names] or [
        m.name for m in metrics[:KEY_METRICS_DEFAULT]
    ]
    rule = getattr(game, "success_rule", None)
    return GameInfo(
        id=game.id,
        name=game.name,
        skill=game.skill,
        metrics=metrics,
        key_metrics=key,
        key_param=hints.get("key_param"),
        item_param=hints.get("item_param"),
        success_rule_id=rule.id if rule is not None else "",
        success_rule=rule.text if rule is not None else "",
        **_success_words(game.id),
        key_presented=getattr(game, "key_presented", None),
        key_harder=hints.get("key_harder", "higher"),
        bound_words=dict(hints.get("bound_words", {})),
        task_counts=dict(hints.get("task_counts", {})),
        normalise=dict(hints.get("normalise", {})),
        relative=list(hints.get("relative", [])),
        not_observed=list(hints.get("not_observed", [])),
        score_text=hints.get("score_text", ""),
        metrics_version=_metrics_version(game.id),
    )


def _success_words(game_id: str) -> dict[str, Any]:
    """The success rule as a message and its numbers (``games.<id>.metrics.SUCCESS_WORDS``
    and ``SUCCESS_VALUES``), where a game gives them, for the report's language."""
    import importlib

    try:
        module = importlib.import_module(f"games.{game_id}.metrics")
        return {
            "success_rule_words": str(module.SUCCESS_WORDS),
            "success_rule_values": {k: str(v) for k, v in module.SUCCESS_VALUES.items()},
        }
    except (ImportError, AttributeError):
        return {}


def _metrics_version(game_id: str) -> int | None:
    """``games.<id>.metrics.METRICS_VERSION``, where a game follows that layout."""
    import importlib

    try:
        return int(importlib.import_module(f"games.{game_id}.metrics").METRICS_VERSION)
    except (ImportError, AttributeError):
        return None


def build_catalog() -> GameCatalog:
    """Every registered game, in the registry's order."""
    import games
    from engine import registry

    games.load_all()
    return GameCatalog(games=[game_info(g) for g in registry.all_games()])
