"""Numbers and words as a therapist writes them: units, dates, cue levels, spans of time.

Kept in one place so the PDF, the summary sentences and the tests agree on every number.
"""

from __future__ import annotations

import math
from datetime import date

CUE_WORDS = {
    "independent": "independently",
    "verbal_cue": "with verbal cues",
    "demonstration": "with demonstration",
    "physical_help": "with physical assistance",
}


def cue_words(cue: str | None) -> str:
    if cue is None:
        return "cue level not recorded"
    return CUE_WORDS.get(cue, cue.replace("_", " "))


def fmt_number(value: float) -> str:
    """Short, honest precision: 0.1 for most values, whole numbers when large."""
    if not math.isfinite(value):
        return "–"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value - round(value)) < 0.05:
        return f"{round(value):.0f}"
    return f"{value:.1f}"


def fmt_value(value: float, unit: str) -> str:
    """A value with its unit: "6 mm", "85 %", "3 lifts" is left to callers; counts are bare."""
    text = fmt_number(value)
    if not unit or unit == "count":
        return text
    return f"{text} {unit}"


def pct(part: int, whole: int) -> str:
    return "–" if whole == 0 else f"{100.0 * part / whole:.0f} %"


def short_date(day: date) -> str:
    return f"{day.day} {day:%b} {day.year}"


def span_words(first: date, last: date) -> str:
    """ "over 3 weeks", "over 10 days", "over 5 months": the time a change took."""
    days = (last - first).days
    if days < 1:
        return "within one day"
    if days < 14:
        return f"over {days} days"
    if days < 63:
        return f"over {round(days / 7)} weeks"
    return f"over {round(days / 30.44)} months"


#: stored item prefixes in a therapist's words ("upper A" reads as a place, not a letter)
ITEM_PREFIXES = {"upper_": "capital ", "lower_": "small ", "digit_": "digit "}


def item_words(item: str) -> str:
    """A stored item id as words: "digit_3" -> "digit 3", "upper_A" -> "capital A",
    "lower_a" -> "small a", "zigzag_line" -> "zigzag line"."""
    for prefix, words in ITEM_PREFIXES.items():
        if item.startswith(prefix):
            return words + item.removeprefix(prefix).replace("_", " ")
    return item.replace("_", " ")


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def minutes_words(value: float) -> str:
    """ "1 minute", "5 minutes", "5.5 minutes": a unit that agrees with its number."""
    text = fmt_number(value)
    return f"{text} minute" if text == "1" else f"{text} minutes"


def measure_words(label: str) -> str:
    """A measure's title inside a sentence: "Trace length inside the band" -> "trace
    length inside the band", but "NIV ..." and "SD of ..." keep their capitals."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


#: what no game on a screen observes, whatever the input: said on every report
SCREEN_NEVER_OBSERVES = (
    "No grasp, grip force, posture or choice of fingers was observed, and no real pencil, "
    "tweezers, beads or puzzle pieces were handled: the games record where and when the "
    "screen was touched."
)

#: per input: what it records and what it never shows, in plain words
INPUT_WORDS = {
    "mouse": (
        "Mouse: the pointer's position and time only. Not observed: pressure, tilt, grasp; "
        "moving a mouse is not holding a pencil."
    ),
    "touch": (
        "Touch (finger): the fingertip's position and time on the glass. Not observed: "
        "pressure, tilt, grasp or grip force (the screen senses no force)."
    ),
    "pen": (
        "Pen (stylus): position and time, and pressure where the pen reports it. Not "
        "observed: the grasp on the pen."
    ),
}
