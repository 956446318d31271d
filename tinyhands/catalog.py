"""Build the exporter's GameCatalog from the game registry (the composition root's job).

The exporter knows nothing of the engine or the games; here their descriptions become
plain data. What a report needs beyond a GameDescription (the ladder's key parameter,
the few measures worth charting, the tests a game is *related to*) is read from optional
attributes of the description if a game provides them, else from ``REPORT_HINTS``.
"""

from __future__ import annotations

from typing import Any

from exporter.catalog import GameCatalog, GameInfo, MetricInfo, ParamInfo

KEY_METRICS_DEFAULT = 4

#: per game id: what the report charts and how it names the difficulty reached
REPORT_HINTS: dict[str, dict[str, Any]] = {
    "tracing": {
        "key_metrics": ["inside_band", "mean_deviation", "completion_time", "niv"],
        "key_param": ParamInfo(
            name="band_mm",
            label="band",
            unit="mm",
            harder="lower",
            rise_verb="widened",
            fall_verb="narrowed",
        ),
        "item_param": "shape",
        # FIELD-NOTES, "Related tests": named as related, never as equivalent.
        "related_tests": [
            "the Beery VMI (visual-motor integration)",
            "the BOT-2 fine motor precision subtest",
        ],
    },
}


def _better(value: Any) -> str:
    return str(getattr(value, "value", value))


def game_info(game: Any) -> GameInfo:
    """One ``engine.registry.GameDescription`` as plain data."""
    hints = dict(REPORT_HINTS.get(game.id, {}))
    for attr in ("key_metrics", "key_param", "item_param", "related_tests"):
        if getattr(game, attr, None) is not None:
            hints[attr] = getattr(game, attr)
    metrics = [
        MetricInfo(
            name=m.name,
            unit=m.unit,
            better=_better(m.better),  # type: ignore[arg-type]
            label=m.label,
            devices=sorted(m.devices),
            definition=m.definition,
            formula=m.formula,
            tolerance=m.rescore_tolerance,
        )
        for m in game.metrics
    ]
    names = {m.name for m in metrics}
    rule = getattr(game, "success_rule", None)
    key = [k for k in hints.get("key_metrics", []) if k in names] or [
        m.name for m in metrics[:KEY_METRICS_DEFAULT]
    ]
    return GameInfo(
        id=game.id,
        name=game.name,
        skill=game.skill,
        metrics=metrics,
        key_metrics=key,
        key_param=hints.get("key_param"),
        item_param=hints.get("item_param"),
        related_tests=list(hints.get("related_tests", [])),
        success_rule=rule.id if rule is not None else "",
        success_rule_text=rule.text if rule is not None else "",
        metrics_version=_metrics_version(game.id),
    )


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
