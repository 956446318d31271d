"""Bead patterns to copy, as data: each a repeating motif of colour letters and the difficulty
from which it is offered.

A motif's letters are colour slots, not colours: ``"AAB"`` means two of one colour then one of
another; each round gives the letters different colours at random, so a child copies the
structure (the sequence skill) rather than remembering "red, blue". Patterns start with
alternation (AB), then longer units and a third colour, following the usual order of pattern
work in early-years maths and OT copying tasks (repeat an AB pattern before AAB, ABC).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Motif:
    letters: str  # e.g. "AB", "AAB", "ABC"
    from_d: float  # offered from this difficulty

    @property
    def colours(self) -> int:
        return len(set(self.letters))


#: the pattern ladder: below the first entry there is no pattern (any bead, any order)
MOTIFS: tuple[Motif, ...] = (
    Motif("AB", 0.35),
    Motif("AAB", 0.5),
    Motif("ABC", 0.62),
    Motif("AABB", 0.74),
    Motif("ABCB", 0.84),
    Motif("AABC", 0.93),
)

#: bead colours, by index: keys of engine.art's palette (colour-blind safe there too)
BEAD_COLOURS: tuple[str, ...] = (
    "accent_red",
    "accent_blue",
    "accent_yellow",
    "accent_green",
    "accent_purple",
    "accent_orange",
)


def motif_for(d: float) -> str:
    """The motif letters at difficulty ``d`` ("" below the first: free choice)."""
    letters = ""
    for m in MOTIFS:
        if d >= m.from_d:
            letters = m.letters
    return letters


def sequence(letters: str, n: int) -> str:
    """The motif repeated to ``n`` beads: ``sequence("AAB", 7) == "AABAABA"``."""
    if not letters:
        return ""
    return (letters * (n // len(letters) + 1))[:n]
