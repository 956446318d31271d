"""The shipped message catalogues and how to open one.

Two gettext domains, one per reader: ``app`` (what the child and the grown-ups see on the
screens: ``tinyhands/``, ``engine/``, ``games/``) and ``report`` (the PDF and the exports'
human-readable headers: ``exporter/`` and the report words of ``tinyhands/catalog.py``).
A therapist may read the report in another language than the family plays in, so the two
are chosen separately (``tinyhands.i18n`` and ``exporter.i18n``).

Catalogues live in ``assets/locale/<lang>/LC_MESSAGES/<domain>.po`` and are compiled to
``.mo`` beside them by ``tools/make_catalogues.py`` (Babel extracts, updates and compiles;
a test checks the compiled files are current and that every message is translated).
Opening one needs only the standard library, so the exporter runs without pygame or Babel.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAINS: tuple[str, ...] = ("app", "report")
SOURCE_LANGUAGE = "en"


@cache
def translations(domain: str, lang: str) -> gettext.NullTranslations:
    """The catalogue for ``lang`` in ``domain``; English (the source text) when it is ``en``.

    A shipped language without its compiled file is a packaging fault, not a reason to show
    a child half a language: it raises instead of quietly falling back to English.
    """
    if domain not in DOMAINS:
        raise ValueError(f"unknown message domain {domain!r}")
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(domain, localedir=LOCALE_DIR, languages=[lang])


def catalogue_languages(domain: str) -> tuple[str, ...]:
    """The languages with a compiled catalogue for ``domain``, English first."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{domain}.mo"))
    return (SOURCE_LANGUAGE, *[lang for lang in found if lang != SOURCE_LANGUAGE])


def N_(message: str) -> str:
    """Mark a text for translation where it is defined (a game's name, a measure's label):
    the domain that shows it (``tinyhands.i18n`` or ``exporter.i18n``) translates it there."""
    return message
