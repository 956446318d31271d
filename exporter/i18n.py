"""The report's language: ``_`` translates a message in the ``report`` domain.

Chosen apart from the app's (a therapist may read another language than the family plays
in) and per export, so it is a context variable rather than a global: ``with
report_language("es"): build_pdf(...)``. Pure standard library; no pygame.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from assets.i18n import SOURCE_LANGUAGE, translations

_lang: ContextVar[str] = ContextVar("report_language", default=SOURCE_LANGUAGE)


@contextmanager
def report_language(lang: str) -> Iterator[None]:
    translations("report", lang)  # a missing catalogue fails here, before any page is made
    token = _lang.set(lang)
    try:
        yield
    finally:
        _lang.reset(token)


def language() -> str:
    return _lang.get()


def _t() -> gettext.NullTranslations:
    return translations("report", _lang.get())


def _(message: str) -> str:
    return _t().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _t().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _t().pgettext(context, message)


def N_(message: str) -> str:
    """Mark a text for translation where it is defined; ``_`` translates it where used."""
    return message
