"""Every spoken prompt of the app: its id, what kind of moment it is, and its words in each
shipped language.

This is the one place the words live. ``tools/make_voices.py`` speaks them into
``assets/voice/<lang>/<id>.ogg`` ahead of time (nothing is synthesized at run time), and
the tests check that every id the screens and games use is here and has a file in every
language. Prompts tell a child who cannot read what to do; praise is warm and never says
"wrong"; a hint shows the way instead of pointing out a mistake.

``calm`` says whether the prompt is still spoken in calm mode, where the app talks less:
a game's start, one hint a round, short praise and the "ask a grown-up" screens stay; the
menus' chatter and the longer praise go.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not imported here: tools/make_voices.py reads the words without pygame
    from engine.voice import PromptSpec

#: the languages the app ships in full (screens and voice), English first
LANGUAGES: tuple[str, ...] = ("en", "es", "fr")
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "es": "Español", "fr": "Français"}


@dataclass(frozen=True)
class Prompt:
    kind: str  # PromptSpec kinds: start, hint, praise, moment, grownup
    calm: bool
    words: dict[str, str]


def _p(kind: str, calm: bool, en: str, es: str, fr: str) -> Prompt:
    return Prompt(kind, calm, {"en": en, "es": es, "fr": fr})


PROMPTS: dict[str, Prompt] = {
    # -- each game's start and its hint when the child is stuck (ids: <game id>.start/.hint)
    "tracing.start": _p(
        "start",
        True,
        "Follow the road from the green dot.",
        "Sigue el camino desde el punto verde.",
        "Suis la route depuis le point vert.",
    ),
    "tracing.hint": _p(
        "hint",
        True,
        "Put your finger on the green dot, and follow the road.",
        "Pon el dedo en el punto verde, y sigue el camino.",
        "Pose ton doigt sur le point vert, et suis la route.",
    ),
    "tweezers.start": _p(
        "start",
        True,
        "Pick up the pom-pom and put it in the cup.",
        "Toma el pompón y ponlo en la taza.",
        "Attrape le pompon et mets-le dans la tasse.",
    ),
    "tweezers.hint": _p(
        "hint",
        True,
        "Pick up the shining pom-pom, and carry it to a cup.",
        "Toma el pompón que brilla, y llévalo a una taza.",
        "Attrape le pompon qui brille, et porte-le dans une tasse.",
    ),
    "beads.start": _p(
        "start",
        True,
        "Thread the bead onto the string.",
        "Pasa la cuenta por el cordón.",
        "Enfile la perle sur le fil.",
    ),
    "beads.hint": _p(
        "hint",
        True,
        "Take a bead, and slide it onto the string.",
        "Toma una cuenta, y deslízala por el cordón.",
        "Prends une perle, et fais-la glisser sur le fil.",
    ),
    "puzzle.start": _p(
        "start",
        True,
        "Put each piece in its place.",
        "Pon cada pieza en su lugar.",
        "Mets chaque pièce à sa place.",
    ),
    "puzzle.hint": _p(
        "hint",
        True,
        "Look at the shining piece. Where does it go?",
        "Mira la pieza que brilla. ¿Dónde va?",
        "Regarde la pièce qui brille. Où va-t-elle ?",
    ),
    # -- praise after a round: varied, warm, never "wrong"; the short ones stay in calm mode
    "praise.1": _p("praise", True, "Well done!", "¡Muy bien!", "Bravo !"),
    "praise.2": _p("praise", True, "You did it!", "¡Lo lograste!", "Tu as réussi !"),
    "praise.3": _p("praise", True, "Great job!", "¡Buen trabajo!", "Bien joué !"),
    "praise.4": _p("praise", False, "Lovely work!", "¡Qué buen trabajo!", "Très beau travail !"),
    "praise.5": _p("praise", False, "Super!", "¡Genial!", "Super !"),
    "praise.6": _p(
        "praise",
        False,
        "Look at that! Brilliant!",
        "¡Mira eso! ¡Estupendo!",
        "Regarde ça ! Génial !",
    ),
    # -- the child's menus, the plan and the reward moments
    "profiles.start": _p(
        "moment",
        False,
        "Who is playing? Tap your animal.",
        "¿Quién juega? Toca tu animal.",
        "Qui joue ? Touche ton animal.",
    ),
    "plan.start": _p(
        "moment",
        False,
        "Here are today's games. Tap a picture to play.",
        "Estos son los juegos de hoy. Toca un dibujo para jugar.",
        "Voici les jeux du jour. Touche une image pour jouer.",
    ),
    "practice.start": _p(
        "moment",
        True,
        "Let's practise! Play until the sun crosses the sky.",
        "¡A practicar! Juega hasta que el sol cruce el cielo.",
        "On s'entraîne ! Joue jusqu'à ce que le soleil traverse le ciel.",
    ),
    "practice.done": _p(
        "moment",
        True,
        "You finished today's practice! Here is a sticker for you.",
        "¡Terminaste la práctica de hoy! Aquí tienes una pegatina.",
        "Tu as fini l'entraînement du jour ! Voici un autocollant pour toi.",
    ),
    "reward.stars": _p(
        "moment", False, "Look at your stars!", "¡Mira tus estrellas!", "Regarde tes étoiles !"
    ),
    "reward.sticker": _p(
        "moment",
        False,
        "You got a sticker!",
        "¡Ganaste una pegatina!",
        "Tu as gagné un autocollant !",
    ),
    # -- the "ask a grown-up" screens: always spoken, calm mode too
    "grownup.ask": _p(
        "grownup",
        True,
        "Please ask a grown-up to help.",
        "Por favor, pide ayuda a un adulto.",
        "Demande à un adulte de t'aider, s'il te plaît.",
    ),
    "grownup.handback": _p(
        "grownup",
        True,
        "All done! Give the tablet back to your grown-up.",
        "¡Ya terminaste! Devuélvele la tableta a tu adulto.",
        "C'est fini ! Rends la tablette à ton adulte.",
    ),
    "grownup.paused": _p(
        "grownup",
        True,
        "Let's stop here. Give the tablet back to your grown-up.",
        "Paramos aquí. Devuélvele la tableta a tu adulto.",
        "On s'arrête là. Rends la tablette à ton adulte.",
    ),
}


def specs() -> dict[str, PromptSpec]:
    """What the engine's voice needs to know of each prompt (not its words)."""
    from engine.voice import PromptSpec

    return {pid: PromptSpec(kind=p.kind, calm=p.calm) for pid, p in PROMPTS.items()}
