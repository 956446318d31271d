"""Numbers and words as a therapist writes them: units, dates, cue levels, spans of time.

Kept in one place so the PDF, the summary sentences and the tests agree on every number.
Every word is in the report's language (``exporter.i18n``): numbers and dates through
Babel (a decimal comma in Spanish and French, "1 dic 2026"), words through the ``report``
catalogue. Units stay as the measures declare them (mm, s, min).
"""

from __future__ import annotations

import math
from datetime import date
from functools import cache

from babel.dates import format_date
from babel.numbers import get_decimal_symbol, get_minus_sign_symbol

from exporter.i18n import N_, _, language, ngettext, pgettext

CUE_WORDS = {
    "independent": N_("independently"),
    "verbal_cue": N_("with verbal cues"),
    "demonstration": N_("with demonstration"),
    "physical_help": N_("with physical assistance"),
}


def cue_words(cue: str | None) -> str:
    if cue is None:
        return _("cue level not recorded")
    return _(CUE_WORDS[cue]) if cue in CUE_WORDS else cue.replace("_", " ")


@cache
def _symbols(lang: str) -> tuple[str, str]:
    """(decimal sign, minus sign) of ``lang`` from Babel's locale data, read once."""
    return get_decimal_symbol(lang), get_minus_sign_symbol(lang)


def _decimal(value: float, pattern: str) -> str:
    """``value`` by a plain pattern ("0", "0.0", "0.000": no grouping) in the report's
    language; what ``babel.numbers.format_decimal`` gives, at a tenth of its cost (a year's
    report writes thousands of numbers)."""
    places = len(pattern.partition(".")[2])
    point, minus = _symbols(language())
    text = f"{value:.{places}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace("-", minus).replace(".", point)


def fmt_number(value: float) -> str:
    """Short, honest precision: 0.1 for most values, whole numbers when large; the decimal
    sign of the report's language."""
    if not math.isfinite(value):
        return "–"
    if abs(value) >= 100:
        return _decimal(round(value), "0")
    if abs(value - round(value)) < 0.05:
        return _decimal(round(value), "0")
    return _decimal(round(value, 1), "0.0")


def fmt_decimal1(value: float) -> str:
    """One decimal always ("45.0", "45,0"): a score read to its stated precision."""
    return _decimal(round(value, 1), "0.0")


def fmt_p(value: float) -> str:
    """A p value to three decimals, in the report's language ("0,012" in Spanish)."""
    return _decimal(round(value, 3), "0.000")


#: the units a report writes that are words, not symbols (mm, s and % stay as they are)
UNIT_WORDS = {
    "% of band": N_("% of band"),
    "% of allowed": N_("% of allowed"),
    "per thing": N_("per thing"),
    "s per piece": N_("s per piece"),
    # TRANSLATORS: the unit of an angle after its number ("31 deg"); "°" reads well
    "deg": N_("deg"),
}


def unit_words(unit: str) -> str:
    return _(UNIT_WORDS[unit]) if unit in UNIT_WORDS else unit


def fmt_value(value: float, unit: str) -> str:
    """A value with its unit: "6 mm", "85 %", "3 lifts" is left to callers; counts are bare."""
    text = fmt_number(value)
    if not unit or unit == "count":
        return text
    return f"{text} {unit_words(unit)}"


def pct(part: int, whole: int) -> str:
    return "–" if whole == 0 else f"{_decimal(round(100.0 * part / whole), '0')} %"


def short_date(day: date) -> str:
    """ "1 Dec 2026", "1 dic 2026", "1 déc. 2026"."""
    return format_date(day, "d MMM y", locale=language())


def long_date(day: date) -> str:
    """ "1 December 2026", "1 de diciembre de 2026", "1 décembre 2026"."""
    return format_date(day, "long", locale=language())


def span_words(first: date, last: date) -> str:
    """ "over 3 weeks", "over 10 days", "over 5 months": the time a change took."""
    days = (last - first).days
    if days < 1:
        return _("within one day")
    if days < 14:
        return ngettext("over %(n)d day", "over %(n)d days", days) % {"n": days}
    if days < 63:
        weeks = round(days / 7)
        return ngettext("over %(n)d week", "over %(n)d weeks", weeks) % {"n": weeks}
    months = round(days / 30.44)
    return ngettext("over %(n)d month", "over %(n)d months", months) % {"n": months}


#: stored item prefixes in a therapist's words ("upper A" reads as a place, not a letter)
ITEM_PREFIXES = {
    # TRANSLATORS: a capital letter traced, e.g. "capital A"
    "upper_": N_("capital %(letter)s"),
    # TRANSLATORS: a small (lower-case) letter traced, e.g. "small a"
    "lower_": N_("small %(letter)s"),
    # TRANSLATORS: a digit traced, e.g. "digit 3"
    "digit_": N_("digit %(letter)s"),
}

#: the forms a child traces, as stored ids
SHAPE_WORDS = {
    "vertical": N_("vertical line"),
    "horizontal": N_("horizontal line"),
    "circle": N_("circle"),
    "cross": N_("cross"),
    "diagonal_down": N_("diagonal line \\"),
    "diagonal_up": N_("diagonal line /"),
    "square": N_("square"),
    "x_cross": N_("X"),
    "triangle": N_("triangle"),
    "diamond": N_("diamond"),
}


def item_words(item: str) -> str:
    """A stored item id as words: "digit_3" -> "digit 3", "upper_A" -> "capital A",
    "lower_a" -> "small a", "zigzag_line" -> "zigzag line"."""
    for prefix, words in ITEM_PREFIXES.items():
        if item.startswith(prefix):
            return _(words) % {"letter": item.removeprefix(prefix).replace("_", " ")}
    if item in SHAPE_WORDS:
        return _(SHAPE_WORDS[item])
    return item.replace("_", " ")


def minutes_words(value: float) -> str:
    """ "1 minute", "5 minutes", "5.5 minutes": a unit that agrees with its number."""
    text = fmt_number(value)
    n = 1 if text == "1" else 2 if value != int(value) else int(value)
    return ngettext("%(n)s minute", "%(n)s minutes", n) % {"n": text}


def clauses(parts: list[str]) -> str:
    """Clauses joined as the language punctuates them ("a; b" in English and Spanish,
    "a ; b" in French)."""
    # TRANSLATORS: what separates two clauses in a list; French puts a space before it
    return pgettext("between clauses", "; ").join(parts)


def measure_words(label: str) -> str:
    """A measure's title inside a sentence: "Trace length inside the band" -> "trace
    length inside the band", but "NIV ..." and "SD of ..." keep their capitals."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


#: what no game on a screen observes, whatever the input: said on every report
SCREEN_NEVER_OBSERVES = N_(
    "No grasp, grip force, posture or choice of fingers was observed, and no real pencil, "
    "tweezers, beads or puzzle pieces were handled: the games record where and when the "
    "screen was touched."
)

#: per input: what it records and what it never shows, in plain words
INPUT_WORDS = {
    "mouse": N_(
        "Mouse: the pointer's position and time only. Not observed: pressure, tilt, grasp; "
        "moving a mouse is not holding a pencil."
    ),
    "touch": N_(
        "Touch (finger): the fingertip's position and time on the glass. Not observed: "
        "pressure, tilt, grasp or grip force (the screen senses no force)."
    ),
    "pen": N_(
        "Pen (stylus): position and time, and pressure where the pen reports it. Not "
        "observed: the grasp on the pen."
    ),
}
