"""Which language the app speaks: ``--lang`` first, then the grown-ups' setting, then the
system's locale, then English. Only languages shipped in full are ever chosen, so a child
is never left with half a language (a German system gets English, not silence)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from tinyhands.voice_prompts import LANGUAGES

DEFAULT = "en"


def system_languages(environ: Mapping[str, str] | None = None) -> list[str]:
    """The system's preferred languages in order, as two- or three-letter codes.

    Read the way gettext reads them: ``LANGUAGE`` (a colon-separated list) wins, then the
    first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set; "C" and "POSIX" mean none.
    """
    env = os.environ if environ is None else environ
    found: list[str] = []
    wanted: list[str] = []
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            wanted.append(value)
            break
    language = env.get("LANGUAGE", "")
    if language and wanted and wanted[0] not in ("C", "POSIX"):
        wanted = language.split(":") + wanted  # gettext ignores LANGUAGE under the C locale
    for value in wanted:
        code = value.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
        if code and code not in ("c", "posix") and code not in found:
            found.append(code)
    return found


def choose_language(
    cli: str | None,
    setting: str | None,
    environ: Mapping[str, str] | None = None,
    shipped: Sequence[str] = LANGUAGES,
) -> str:
    for lang in (cli, setting, *system_languages(environ)):
        if lang and lang.lower() in shipped:
            return lang.lower()
    return DEFAULT


def report_languages() -> tuple[str, ...]:
    """The languages the report is shipped in (a compiled ``report`` catalogue)."""
    from assets.i18n import catalogue_languages

    return catalogue_languages("report")


def choose_report_language(
    report_cli: str | None,
    report_setting: str | None,
    app_cli: str | None,
    app_setting: str | None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The report's language: ``--report-lang``, then the grown-ups' report-language
    setting, then the app's language as ``choose_language`` finds it (``--lang``, its
    setting, the system). A therapist may read another language than the family plays in;
    by default the report follows the app."""
    shipped = report_languages()
    for lang in (report_cli, report_setting):
        if lang and lang.lower() in shipped:
            return lang.lower()
    return choose_language(app_cli, app_setting, environ, shipped=shipped)
