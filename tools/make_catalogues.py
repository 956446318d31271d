"""Extract, update and compile the message catalogues (Babel), one step for both domains.

    python tools/make_catalogues.py            # extract -> update es/fr .po -> compile .mo
    python tools/make_catalogues.py --check    # exit 1 if a .po is stale or a message untranslated

Messages are found where the code marks them: ``_("...")``, ``N_("...")``,
``ngettext("...", "...", n)`` and ``pgettext("context", "...")``. Each domain reads the
files its reader sees (``DOMAIN_SOURCES``); a text used on a screen and in the report
(a game's name, a measure's label) is in both catalogues. Translators edit the ``.po``
files; this script keeps them in step with the code and writes the ``.mo`` files the app
reads (standard-library gettext; Babel is needed only here and in the tests).
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assets.i18n import LOCALE_DIR  # noqa: E402

#: the languages translated in full beside the English source text
LANGUAGES: tuple[str, ...] = ("es", "fr")
LANGUAGE_TEAMS = {"es": "Spanish", "fr": "French"}
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}

#: per domain: the folders (globbed for *.py) and single files its messages come from,
#: and files excluded from that domain
DOMAIN_SOURCES: dict[str, dict[str, list[str]]] = {
    # games/ feeds only the report: the games' words on screen are listed in tinyhands/game_words.py
    "app": {"include": ["tinyhands", "engine", "progress"], "exclude": ["tinyhands/catalog.py"]},
    "report": {"include": ["exporter", "games", "tinyhands/catalog.py"], "exclude": []},
}


def source_files(domain: str) -> list[Path]:
    spec = DOMAIN_SOURCES[domain]
    excluded = {ROOT / e for e in spec["exclude"]}
    files: set[Path] = set()
    for entry in spec["include"]:
        path = ROOT / entry
        found = [path] if path.is_file() else path.rglob("*.py")
        files.update(p for p in found if p not in excluded and "__pycache__" not in p.parts)
    return sorted(files)


def extract(domain: str) -> Catalog:
    """Every marked message of ``domain`` with where it is used."""
    catalog = Catalog(project="Tiny Hands", domain=domain, charset="utf-8")
    for path in source_files(domain):
        rel = path.relative_to(ROOT).as_posix()
        for lineno, message, comments, context in extract_from_file(
            "python", str(path), keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
        ):
            catalog.add(
                message, None, [(rel, lineno)], auto_comments=comments, context=context
            )
    return catalog


def po_path(domain: str, lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def read(path: Path, lang: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=lang, charset="utf-8")
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def untranslated(catalog: Catalog) -> list[str]:
    """Messages a reader would see in English: empty, fuzzy, or a plural form left empty."""
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def updated(domain: str, lang: str, template: Catalog) -> Catalog:
    path = po_path(domain, lang)
    catalog = read(path, lang)
    created = catalog.creation_date if path.exists() else template.creation_date
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.creation_date = created  # a re-run with nothing new leaves the file as it was
    catalog.project, catalog.version = "Tiny Hands", ""
    catalog.copyright_holder = "the Tiny Hands authors"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "Tiny Hands translators"
    catalog.language_team = LANGUAGE_TEAMS.get(lang, lang)
    catalog.fuzzy = False
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=False, sort_output=True)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def stale(domains: Iterable[str] = ("app", "report")) -> list[str]:
    """What ``--check`` reports: a .po behind the code, a .mo behind its .po, untranslated text."""
    problems: list[str] = []
    for domain in domains:
        template = extract(domain)
        for lang in LANGUAGES:
            path = po_path(domain, lang)
            current = read(path, lang)
            ids = {m.id for m in current if m.id}
            wanted = {m.id for m in template if m.id}
            if ids != wanted:
                problems.append(f"{path.relative_to(ROOT)}: out of step with the code, run {Path(__file__).name}")
            for msg in untranslated(current):
                problems.append(f"{path.relative_to(ROOT)}: untranslated {msg!r}")
            mo = path.with_suffix(".mo")
            if not mo.exists() or mo.read_bytes() != mo_bytes(current):
                problems.append(f"{mo.relative_to(ROOT)}: not compiled from its .po")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report, change nothing")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale()
        print("\n".join(problems) or "catalogues complete and compiled")
        return 1 if problems else 0
    for domain in DOMAIN_SOURCES:
        template = extract(domain)
        for lang in LANGUAGES:
            catalog = updated(domain, lang, template)
            path = po_path(domain, lang)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(po_bytes(catalog))
            catalog = read(path, lang)
            path.with_suffix(".mo").write_bytes(mo_bytes(catalog))
            left = untranslated(catalog)
            print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {len(left)} untranslated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
