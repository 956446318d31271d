"""The installed games' words on the grown-ups' screens, in the app's language: each game's
name, its options' questions and choices, and its measures' labels.

The games define these words in English (``engine.registry.GameDescription``); they are
marked for the ``app`` catalogue here rather than in ``games/``, because everything marked
in ``games/`` also enters the ``report`` catalogue, whose words and translations belong to
the report (the report chooses its own language). A test walks every registered game and
fails on a word that is neither listed here nor translated, so a new game cannot show
English on a Spanish screen unnoticed.
"""

from __future__ import annotations

from engine import registry
from tinyhands.i18n import N_, _

#: every installed game's words, as the games spell them (msgids of the app catalogue)
GAME_WORDS: tuple[str, ...] = (
    # TRANSLATORS: the games' names, for grown-ups (children see pictures)
    N_("Tracing"),
    N_("Tweezers"),
    N_("Bead stringing"),
    N_("Puzzles"),
    # TRANSLATORS: a game's options: the question a therapist answers, then its choices
    N_("What to trace"),
    N_("shapes"),
    N_("digits"),
    N_("capital letters"),
    N_("small letters"),
    N_("How the model is shown"),
    N_("automatic"),
    N_("imitate: watch first"),
    N_("copy: model only"),
    N_("Grip on a touch screen"),
    N_("pinch with two fingers"),
    N_("one finger, like a mouse"),
    # TRANSLATORS: the games' measures, as a therapist reads them in a goal or a table
    N_("Mean deviation from the path"),
    N_("RMS deviation from the path"),
    N_("Trace length inside the band"),
    N_("Template covered by the trace"),
    N_("Time from first touch to the end"),
    N_("Pen lifts"),
    N_("Mean drawing speed"),
    N_("Velocity inversions per stroke (NIV)"),
    N_("Smoothness (SPARC)"),
    N_("Strokes out of order"),
    N_("Strokes drawn backwards"),
    N_("Pick-ups (fewer: each thing taken once)"),
    N_("Pick-ups that did not end in a cup"),
    N_("Distance from the cup centre"),
    N_("Time from pick-up to placing"),
    N_("Straightness of the carry"),
    N_("SD of the finger gap while holding (two-finger pinch)"),
    N_("Things popped out by a closing finger gap (two-finger pinch)"),
    N_("Put towards a jar of another colour"),
    N_("Things placed per minute"),
    N_("Beads threaded onto the string"),
    N_("Approaches to the tip per bead"),
    N_("Hole's miss of the tip when threaded"),
    N_("Hole's tilt from the tip when threaded"),
    N_("Time per bead threaded"),
    N_("Beads of another colour than the pattern"),
    N_("Beads let go away from the string"),
    N_("Threaded with the other hand steadying the string"),
    N_("Time from first touch to the last piece"),
    N_("Pieces fitted in"),
    N_("Distance from the place at release (fitted pieces)"),
    N_("Turn from the fit at release (fitted pieces)"),
    N_("Distance from the place when a piece did not fit"),
    N_("Attempts per piece"),
    N_("Pieces let go in a wrong place"),
    N_("Straightness of the drags"),
    N_("Time to first reach the place"),
    N_("Re-entries into the place per attempt"),
    N_("Pieces fitted at the first try, overall"),
)


def shown_words(game: registry.GameDescription) -> list[str]:
    """Every word of ``game`` a grown-up's screen shows (for the test that each is listed)."""
    words = [game.name]
    for option in game.options:
        words.append(option.label)
        words.extend(w for _value, w in option.choices)
    words.extend(m.label for m in game.metrics if m.label)
    return words


def game_name(game: registry.GameDescription) -> str:
    return _(game.name)


def metric_label(spec) -> str:
    """A measure's label in the app's language (its code name when it has no label)."""
    return _(spec.label) if spec.label else spec.name.replace("_", " ")


def describe_options(game: registry.GameDescription, chosen=None) -> str:
    """``GameDescription.describe_options`` in the app's language: "capital letters ·
    copy: model only"."""
    values = game.resolve_options(chosen)
    return " · ".join(_(o.words(values[o.name])) for o in game.options)
