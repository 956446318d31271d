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
