"""The app's language for the screens: ``_`` translates a message in the ``app`` domain.

One language at a time for the whole app (the child and the grown-ups share a screen).
``set_language`` is called at start-up (``--lang``, then the grown-ups' setting, then the
system: :func:`tinyhands.language.choose_language`) and when the setting changes; screens
translate when they draw or lay out, so module-level texts are marked with ``N_`` (kept
in English, found by the extractor) and passed through ``_`` where they are shown.
"""

from __future__ import annotations

import gettext

from assets.i18n import SOURCE_LANGUAGE, translations
from progress.messages import Message

_current: gettext.NullTranslations = gettext.NullTranslations()
_lang: str = SOURCE_LANGUAGE


def set_language(lang: str) -> None:
    global _current, _lang
    _current = translations("app", lang)
    _lang = lang


def language() -> str:
    return _lang


def _(message: str) -> str:
    """``message`` in the app's language; an empty text stays empty (gettext would give
    the catalogue's header for it, and a page without a hint line would show that)."""
    return _current.gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _current.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a text for translation where it is defined; ``_`` translates it where shown."""
    return message


def tr(message: str) -> str:
    """A message from progress/ (:class:`progress.messages.Message`) in the app's
    language, its params filled in (a param that is a Message translated too); any other
    text as it is. A translation whose placeholders do not fit the params shows the
    English rather than nothing."""
    if not isinstance(message, Message):
        return message
    params = {k: tr(v) if isinstance(v, Message) else v for k, v in message.params.items()}
    if message.plural is not None and message.n is not None:
        template = ngettext(message.template, message.plural, message.n)
        params["n"] = message.n
    else:
        template = _(message.template)
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return str(message)
