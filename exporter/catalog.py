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


class Normalisation(_Model):
    """A measure that grows with the task, read relative to it: "per" divides by a presented
    count (pick-ups per object), "of_allowance" gives the share of a presented allowance
    (the hole's tilt as a % of the tilt allowed)."""

    presented: str  # the presented value's name ("objects", "angle_tol_deg")
    how: Literal["per", "of_allowance"]
    label: str  # "Pick-ups per object"
    unit: str  # "per object", "% of allowed"


class RelatedTest(_Model):
    """A standardised test, named only with the citation that links this game's measure to
    it: without one, the report names no test at all."""

    name: str
    citation: str = Field(min_length=10)


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
    #: standardised tests a published study links a measure of this game to
    related_tests: list[RelatedTest] = Field(default_factory=list)
    #: how the game decides success (engine.trial.SuccessRule): its id ("tracing/1") and its
    #: words, stated beside every rate
    success_rule_id: str = ""
    success_rule: str = ""
    #: the rule as a message with its numbers apart (``success_rule`` is it filled in
    #: English), so the report can give it in its language
    success_rule_words: str = ""
    success_rule_values: dict[str, str] = Field(default_factory=dict)
    #: the version of the game's metric code (a trial scored by another may differ)
    metrics_version: int | None = None
    #: the presented value that best says how hard a trial was ("band_mm") and which way
    #: of it is harder; the bound words read "the narrowest band" / "the widest band"
    key_presented: str | None = None
    key_harder: Better = "higher"
    bound_words: dict[str, str] = Field(default_factory=dict)  # "high"/"low" -> words
    #: counts that equal the task's own size when it is done (beads threaded = beads
    #: asked for): never a change, reported as completion
    task_counts: dict[str, str] = Field(default_factory=dict)  # metric -> presented name
    normalise: dict[str, Normalisation] = Field(default_factory=dict)  # metric -> how
    #: measures already relative to the task (the share of the trace inside the band,
    #: attempts per bead): compared directly across difficulty
    relative: list[str] = Field(default_factory=list)
    #: what this game on a screen cannot observe, in plain words
    not_observed: list[str] = Field(default_factory=list)
    #: what the game's 0..1 score is, where the report shows one
    score_text: str = ""

    def metric(self, name: str) -> MetricInfo | None:
        return next((m for m in self.metrics if m.name == name), None)

    def success_rule_text(self) -> str:
        """The success rule in the report's language, its numbers as the game set them."""
        from exporter.i18n import _, language

        if self.success_rule_words:
            values = dict(self.success_rule_values)
            if language() != "en":  # "90 %" in Spanish and French
                values = {k: v.replace("%", "\u00a0%") for k, v in values.items()}
            return _(self.success_rule_words) % values
        return _(self.success_rule) if self.success_rule else ""


class GameCatalog(_Model):
    games: list[GameInfo] = Field(default_factory=list)

    def get(self, game_id: str) -> GameInfo | None:
        return next((g for g in self.games if g.id == game_id), None)
