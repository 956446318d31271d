"""FHIR R4B: a collection Bundle with the child (a Patient, pseudonymous on request), one
Observation per key measure per practice day, and the therapist's goals with their
achievement status, for a clinic's record system.

Built with ``fhir.resources`` (R4B models), so every resource is validated as it is made.
The measures have no LOINC codes (they are game measures, not standardised tests), so they
are coded in a local code system, ``urn:tinyhands:measure``, as ``game.measure``, with the
metric spec's label as display and its definition as text; units are UCUM. Every resource's
id is a stable UUID, so the same day exported twice is the same Observation.
"""

from __future__ import annotations

import statistics
import uuid as uuid_mod
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.goal import Goal as FhirGoal
from fhir.resources.R4B.goal import GoalTarget
from fhir.resources.R4B.humanname import HumanName
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.observation import Observation, ObservationComponent
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.quantity import Quantity
from fhir.resources.R4B.reference import Reference

from exporter.catalog import GameCatalog, MetricInfo
from exporter.csv_export import ucum
from exporter.files import write_with
from exporter.i18n import _, ngettext
from exporter.summary import Summary
from progress.models import Goal, Trial

UCUM = "http://unitsofmeasure.org"
MEASURE_SYSTEM = "urn:tinyhands:measure"
CHILD_SYSTEM = "urn:tinyhands:child"
PSEUDONYM_SYSTEM = "urn:tinyhands:pseudonym"
GOAL_SYSTEM = "urn:tinyhands:goal"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"
TRIALS_CODE = "trials"
_NS = uuid_mod.UUID("5b0c7d8e-3c0a-4d51-9a55-7a1f2f6d1c42")  # names Observation ids

#: the store's goal status -> FHIR Goal.lifecycleStatus
LIFECYCLE = {
    "active": "active",
    "met": "completed",
    "paused": "on-hold",
    "discontinued": "cancelled",
}
#: the data's reading of a goal (exporter.goals) -> FHIR goal-achievement code
#: the report's goal states (exporter.summary.GoalState) as FHIR goal-achievement codes;
#: None: no status can honestly be given (the measure took one value in every trial)
ACHIEVED: dict[str, tuple[str, str] | None] = {
    "met": ("achieved", "Achieved"),
    "met_at_baseline": ("sustaining", "Sustaining"),
    "not_yet": ("in-progress", "In Progress"),
    "baseline_only": ("in-progress", "In Progress"),
    "not_rated": ("in-progress", "In Progress"),
    "not_enough_trials": ("in-progress", "In Progress"),
    "cannot_vary": None,
}


def measure_code(game_id: str, m: MetricInfo | None, name: str) -> CodeableConcept:
    """The measure's code (the same in every language) with its label and definition as
    display and free text in the report's language (HL7's own displays stay as HL7 wrote
    them)."""
    label = _(m.title) if m else name
    return CodeableConcept(
        coding=[Coding(system=MEASURE_SYSTEM, code=f"{game_id}.{name}", display=label)],
        text=(
            _("%(term)s: %(definition)s") % {"term": label, "definition": _(m.definition)}
            if m and m.definition
            else label
        ),
    )


def quantity(value: float, unit: str, comparator: str | None = None) -> Quantity:
    return Quantity(
        value=round(float(value), 6),
        comparator=comparator,
        unit=unit or "1",
        system=UCUM,
        code=ucum(unit),
    )


def observation_id(child_uuid: str, game_id: str, measure: str, day: date) -> str:
    return str(uuid_mod.uuid5(_NS, f"{child_uuid}/{game_id}/{measure}/{day.isoformat()}"))


def practice_day_medians(
    trials: Iterable[Trial], catalog: GameCatalog
) -> dict[tuple[str, str, date], list[float]]:
    """(game, key measure, day) -> the values of that day's practice (not graded) trials."""
    out: dict[tuple[str, str, date], list[float]] = defaultdict(list)
    for t in trials:
        if t.graded:
            continue
        info = catalog.get(t.game_id)
        keys = info.key_metrics if info else [m.name for m in t.metrics]
        for name in keys:
            v = t.metric(name)
            if v is not None:
                out[(t.game_id, name, t.local_date)].append(float(v))
    return out


def _patient(child_uuid: str, name: str, pseudonymised: bool, birth_year: int | None) -> Patient:
    ids = [Identifier(system=CHILD_SYSTEM, value=child_uuid)]
    if pseudonymised:
        ids.append(Identifier(system=PSEUDONYM_SYSTEM, value=name))
        return Patient(id=child_uuid, identifier=ids, active=True)
    return Patient(
        id=child_uuid,
        identifier=ids,
        active=True,
        name=[HumanName(text=name)],
        birthDate=str(birth_year) if birth_year else None,
    )


def _goal(goal: Goal, reading: Any, catalog: GameCatalog, patient: Reference) -> FhirGoal:
    info = catalog.get(goal.game_id)
    m = info.metric(goal.metric) if info else None
    unit = goal.unit or (m.unit if m else "")
    detail = quantity(goal.threshold, unit, ">=" if goal.comparison == "at_least" else "<=")
    target_text = reading.target if reading is not None else goal.description
    achievement = None
    status = ACHIEVED.get(reading.state, ("in-progress", "In Progress")) if reading else None
    if reading is not None and status is not None:
        code, display = status
        achievement = CodeableConcept(
            coding=[Coding(system=ACHIEVEMENT, code=code, display=display)], text=reading.result
        )
    elif reading is not None:
        achievement = CodeableConcept(text=reading.result)
    return FhirGoal(
        id=str(uuid_mod.uuid5(_NS, f"goal/{patient.reference}/{goal.id}")),
        identifier=[Identifier(system=GOAL_SYSTEM, value=str(goal.id))],
        lifecycleStatus=LIFECYCLE[goal.status],
        achievementStatus=achievement,
        description=CodeableConcept(text=target_text or goal.description or goal.metric),
        subject=patient,
        startDate=goal.created.date().isoformat(),
        target=[
            GoalTarget(
                measure=measure_code(goal.game_id, m, goal.metric),
                detailQuantity=detail,
            )
        ],
        note=[{"text": f"in {goal.n_required} of {goal.m_window} trials, {goal.cue_level}"}],
    )


def build_bundle(
    summary: Summary,
    trials: Sequence[Trial],
    goals: Sequence[Goal],
    catalog: GameCatalog,
    *,
    child_uuid: str,
    birth_year: int | None = None,
) -> Bundle:
    c = summary.child
    patient = _patient(child_uuid, c.name, c.pseudonymised, None if c.pseudonymised else birth_year)
    ref = Reference(reference=f"urn:uuid:{child_uuid}")  # the Patient entry's fullUrl
    entries = [BundleEntry(fullUrl=f"urn:uuid:{child_uuid}", resource=patient)]
    category = [
        CodeableConcept(coding=[Coding(system=OBS_CATEGORY, code="therapy", display="Therapy")])
    ]
    for (game_id, name, day), values in sorted(practice_day_medians(trials, catalog).items()):
        info = catalog.get(game_id)
        m = info.metric(name) if info else None
        unit = (
            m.unit
            if m
            else next((mv.unit for t in trials for mv in t.metrics if mv.name == name), "")
        )
        oid = observation_id(child_uuid, game_id, name, day)
        obs = Observation(
            id=oid,
            status="final",
            category=category,
            code=measure_code(game_id, m, name),
            subject=ref,
            effectiveDateTime=day.isoformat(),
            valueQuantity=quantity(statistics.median(values), unit),
            method=CodeableConcept(
                text=ngettext(
                    "median of the day's %(n)d home-practice trial of %(game)s (Tiny Hands "
                    "game measure, not a standardised test score)",
                    "median of the day's %(n)d home-practice trials of %(game)s (Tiny Hands "
                    "game measure, not a standardised test score)",
                    len(values),
                )
                % {"n": len(values), "game": _(info.name) if info else game_id}
            ),
            component=[
                ObservationComponent(
                    code=CodeableConcept(
                        coding=[Coding(system=MEASURE_SYSTEM, code=TRIALS_CODE, display="Trials")]
                    ),
                    valueInteger=len(values),
                )
            ],
        )
        entries.append(BundleEntry(fullUrl=f"urn:uuid:{oid}", resource=obs))
    readings = {g.goal_id: g for g in summary.goals}
    for goal in goals:
        fg = _goal(goal, readings.get(goal.id), catalog, ref)
        entries.append(BundleEntry(fullUrl=f"urn:uuid:{fg.id}", resource=fg))
    return Bundle(
        id=str(
            uuid_mod.uuid5(_NS, f"bundle/{child_uuid}/{summary.period.start}/{summary.period.end}")
        ),
        type="collection",
        timestamp=summary.generated_at.isoformat(),
        entry=entries,
    )


def write_fhir(path: Path, bundle: Bundle) -> Path:
    text = bundle.model_dump_json(indent=1)
    return write_with(path, lambda f: f.write(text + "\n"), "w", encoding="utf-8")
