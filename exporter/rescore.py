"""Re-score an export: recompute every measure of every trial from the file's raw data and
compare it with the stored value, measure by measure.

This module is plain comparison; the games' metric code is handed in as ``scorers`` (one
callable per game id: samples + geometry -> measures) by the composition root
(``tinyhands.rescore``), so the exporter still never imports the engine or the games.

A trial scored by another version of a game's metric code than this program's is reported
as *not comparable* (its values were made by other definitions), never as a difference. The
tolerances are this program's (``MetricInfo.tolerance`` from the metric specs), not the
file's: a file cannot widen its own checks.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from exporter.catalog import GameCatalog
from exporter.json_export import TrialRecord
from progress.samples import Sample

Scorer = Callable[[Sequence[Sample], dict[str, Any]], Mapping[str, float]]


@dataclass(slots=True)
class MeasureAgreement:
    """How one measure of one game fared over every comparable trial."""

    game_id: str
    name: str
    unit: str
    tolerance: float
    compared: int = 0
    agreed: int = 0
    max_abs_diff: float = 0.0

    @property
    def differed(self) -> int:
        return self.compared - self.agreed


@dataclass(frozen=True, slots=True)
class Difference:
    trial_id: int
    trial_uuid: str
    game_id: str
    measure: str
    stored: float | None
    recomputed: float | None
    reason: str


@dataclass(slots=True)
class RescoreReport:
    trials: int = 0
    rescored: int = 0
    measures: dict[tuple[str, str], MeasureAgreement] = field(default_factory=dict)
    differences: list[Difference] = field(default_factory=list)
    #: (trial id, uuid, game, why): trials that could not be compared at all
    not_compared: list[tuple[int, str, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences

    def lines(self) -> list[str]:
        """The report as a person reads it: per measure, then every trial that differs."""
        out = [
            f"{self.rescored} of {self.trials} trials re-scored from the file's raw samples and"
            " geometry with this program's metric code."
        ]
        out.append("Agreement per measure (within the measure's tolerance):")
        for (gid, name), a in sorted(self.measures.items()):
            unit = f" {a.unit}" if a.unit else ""
            status = "ok" if a.differed == 0 else f"{a.differed} DIFFER"
            out.append(
                f"  {gid}.{name}: {a.agreed}/{a.compared} agree (tolerance {a.tolerance:g}{unit},"
                f" largest difference {a.max_abs_diff:.3g}{unit}) {status}"
            )
        if self.not_compared:
            out.append(f"{len(self.not_compared)} trials not compared:")
            for tid, uid, gid, why in self.not_compared[:50]:
                out.append(f"  trial {tid} ({gid}, {uid}): {why}")
            if len(self.not_compared) > 50:
                out.append(f"  ... and {len(self.not_compared) - 50} more")
        if self.differences:
            out.append(f"{len(self.differences)} stored values differ from the raw data:")
            for d in self.differences:
                out.append(
                    f"  trial {d.trial_id} ({d.game_id}, {d.trial_uuid}) {d.measure}: {d.reason}"
                )
        else:
            out.append("Every stored measure is reproduced by the raw data.")
        return out


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol + 1e-9 * max(1.0, abs(a), abs(b))


def rescore(
    trials: Sequence[TrialRecord],
    scorers: Mapping[str, Scorer],
    catalog: GameCatalog,
) -> RescoreReport:
    report = RescoreReport(trials=len(trials))
    for t in trials:
        info = catalog.get(t.game_id)
        scorer = scorers.get(t.game_id)
        if info is None or scorer is None:
            report.not_compared.append(
                (t.id, t.uuid, t.game_id, "this program has no metric code for the game")
            )
            continue
        if info.metrics_version is not None and t.metrics_version != info.metrics_version:
            report.not_compared.append(
                (
                    t.id,
                    t.uuid,
                    t.game_id,
                    f"scored by metric code version {t.metrics_version}; this program has"
                    f" version {info.metrics_version} (other definitions)",
                )
            )
            continue
        try:
            again = dict(scorer(t.samples.rows(), t.geometry))
        except Exception as exc:  # a damaged geometry or sample stream: name it, go on
            report.differences.append(
                Difference(
                    t.id,
                    t.uuid,
                    t.game_id,
                    "*",
                    None,
                    None,
                    f"the raw data cannot be scored ({type(exc).__name__}: {exc})",
                )
            )
            continue
        report.rescored += 1
        stored = {m.name: m.value for m in t.metrics}
        for name in sorted(set(stored) | set(again)):
            m = info.metric(name)
            unit = m.unit if m else next((x.unit for x in t.metrics if x.name == name), "")
            tol = m.tolerance if m else 0.0
            agg = report.measures.setdefault(
                (t.game_id, name), MeasureAgreement(t.game_id, name, unit, tol)
            )
            agg.compared += 1
            a, b = stored.get(name), again.get(name)
            if a is None or b is None:
                reason = (
                    "stored, but the raw data does not give it"
                    if b is None
                    else f"the raw data gives {b:.6g} {unit}, but none is stored"
                )
                report.differences.append(Difference(t.id, t.uuid, t.game_id, name, a, b, reason))
                continue
            diff = abs(a - b) if math.isfinite(a) and math.isfinite(b) else math.inf
            agg.max_abs_diff = max(agg.max_abs_diff, diff)
            if _close(a, b, tol):
                agg.agreed += 1
            else:
                report.differences.append(
                    Difference(
                        t.id,
                        t.uuid,
                        t.game_id,
                        name,
                        a,
                        b,
                        f"stored {a:.6g}, the raw data gives {b:.6g} {unit} (difference"
                        f" {diff:.3g}, tolerance {tol:g})",
                    )
                )
    return report
