"""Messages for a person that the screens can show in the reader's language.

progress/ knows nothing of the app's language (no pygame, no tinyhands), yet what it
says about a damaged file or a name reaches a grown-up's screen. So a message is made
here in English and keeps how it was made: a :class:`Message` *is* its English text (a
``str``: logs, the CLI, ``str(exc)`` and older code read it unchanged) and also carries
its English ``template`` with named ``{placeholders}`` and the ``params`` that fill it.
The app (``tinyhands.i18n.tr``) translates the template and fills it again.

Templates are marked with ``N_`` (or :func:`ngettext` for counts) so the catalogue
extractor finds them. A param may itself be a Message (translated in turn); anything
else (a path, a number, an errno text from the OS) is shown as it is.
"""

from __future__ import annotations

from typing import Any


def N_(template: str) -> str:
    """Mark an English template for the catalogues; it is translated where shown."""
    return template


class Message(str):
    """An English message that remembers its template and params (see the module)."""

    template: str
    plural: str | None
    n: int | None
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Message:
        return cls._make(template, None, None, params)

    @classmethod
    def _make(
        cls, template: str, plural: str | None, n: int | None, params: dict[str, Any]
    ) -> Message:
        chosen = template if plural is None or n == 1 else plural
        values = dict(params, n=n) if n is not None else params
        self = str.__new__(cls, chosen.format(**values))
        self.template, self.plural, self.n, self.params = template, plural, n, dict(params)
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.template, self.plural, self.n, self.params))

    def to_json(self) -> dict[str, Any]:
        """A form to keep on disk (the decision note), so a restart can still translate."""
        return {
            "template": self.template,
            "plural": self.plural,
            "n": self.n,
            "params": {
                k: v.to_json() if isinstance(v, Message) else str(v) for k, v in self.params.items()
            },
        }

    @classmethod
    def from_json(cls, data: Any, english: str) -> str:
        """The Message kept by :meth:`to_json`, or ``english`` as it is when the kept
        form is missing or does not fit (a note from an older version, a hand edit)."""
        try:
            return _load(data)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return english


def _load(data: dict[str, Any]) -> Message:
    params = {k: _load(v) if isinstance(v, dict) else str(v) for k, v in data["params"].items()}
    n = data.get("n")
    plural = data.get("plural")
    return Message._make(
        str(data["template"]),
        None if plural is None else str(plural),
        None if n is None else int(n),
        params,
    )


def ngettext(singular: str, plural: str, n: int, /, **params: Any) -> Message:
    """A message about ``n`` things (``{n}`` in both forms); the app picks the form the
    reader's language needs, English here picks singular for 1."""
    return Message._make(singular, plural, n, params)


def _rebuild(template: str, plural: str | None, n: int | None, params: dict[str, Any]) -> Message:
    return Message._make(template, plural, n, params)


def message_of(exc: BaseException) -> str:
    """An exception's message for a person, keeping the Message when there is one
    (``str(exc)`` of a ValueError would give plain English)."""
    text = getattr(exc, "message", None)
    if isinstance(text, Message):
        return text
    if exc.args and isinstance(exc.args[0], Message):
        return exc.args[0]
    return str(exc)


def reason_of(exc: ValueError) -> str:
    """Why a value was refused, in one line: the validator's Message where it raised one
    (also from inside a pydantic ValidationError, so the screens can translate it), else
    the first reason pydantic gives in its English words."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        found = errors()
        if found:
            raised = found[0].get("ctx", {}).get("error")
            if isinstance(raised, BaseException):
                said = message_of(raised)
                if isinstance(said, Message):
                    return said
            return str(found[0].get("msg", exc))
    return message_of(exc)
