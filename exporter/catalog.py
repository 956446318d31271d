"""What the exporter knows about games, as plain data.

The exporter must not import the engine or the games (it runs without pygame), so the
composition root (``tinyhands.catalog``) builds this catalog from the game registry and
hands it over. A game missing from the catalog is still reported, from what its stored
trials say about themselves (metric names and units).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Better = Literal["higher", "lower"]
INPUT_KINDS: tuple[str, ...] = ("mouse", "touch", "pen")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MetricInfo(_Model):
    """One measure a game reports: its unit, which way is better, and which inputs give it."""

    name: str
    unit: str = ""
    better: Better = "higher"
    label: str = ""
    devices: list[str] = Field(default_factory=lambda: list(INPUT_KINDS))
    #: what is measured, in a sentence or two (the game's MetricSpec: one place for every
    #: renderer: PDF glossary, CSV dictionary, JSON Schema, FHIR codes)
    definition: str = ""
    #: the measure in one line, in the names of the trial's raw data
    formula: str = ""
    #: how far a re-scored value may stray from the stored one (``tinyhands rescore``)
    tolerance: float = 0.0

    @property
    def title(self) -> str:
        return self.label or self.name.replace("_", " ").capitalize()


class ParamInfo(_Model):
    """The ladder's key parameter (e.g. the tracing band): what "difficulty reached" means
    in the task's own units, which a therapist reads more easily than a 0..1 value."""

    name: str
    label: str
    unit: str = ""
    harder: Better = "higher"  # which direction makes the task harder
    rise_verb: str = "rose"  # "widened" for a band
    fall_verb: str = "fell"  # "narrowed" for a band


class GameInfo(_Model):
    id: str
    name: str
    skill: str = ""
    metrics: list[MetricInfo] = Field(default_factory=list)
    #: the few measures charted and worded in the report (the rest are in the CSV/JSON)
    key_metrics: list[str] = Field(default_factory=list)
    key_param: ParamInfo | None = None
    #: the parameter naming what was practised (e.g. the tracing shape), if any
    item_param: str | None = None
    #: standardised tests the game's skill is *related to* (never equivalent to)
    related_tests: list[str] = Field(default_factory=list)
    #: the current success rule ("tracing/1") and its words
    success_rule: str = ""
    success_rule_text: str = ""
    #: the version of the game's metric code (a trial scored by another may differ)
    metrics_version: int | None = None

    def metric(self, name: str) -> MetricInfo | None:
        return next((m for m in self.metrics if m.name == name), None)


class GameCatalog(_Model):
    games: list[GameInfo] = Field(default_factory=list)

    def get(self, game_id: str) -> GameInfo | None:
        return next((g for g in self.games if g.id == game_id), None)
