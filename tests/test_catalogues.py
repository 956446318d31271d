"""The message catalogues: every marked text of the code is translated in every shipped
language, and the compiled files the app reads are the ones the translators wrote."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from assets.i18n import DOMAINS, translations

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location(
    "make_catalogues", ROOT / "tools" / "make_catalogues.py"
)
make_catalogues = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_catalogues)


@pytest.mark.parametrize("domain", DOMAINS)
def test_catalogues_complete_and_compiled(domain):
    problems = make_catalogues.stale([domain])
    assert not problems, "\n".join(problems[:40])


def test_an_untranslated_message_is_found(tmp_path):
    """The check itself can fail: a catalogue with an empty or fuzzy string is reported."""
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="es")
    catalog.add("Done", "Hecho")
    catalog.add("Play", "")
    catalog.add("Stop", "Para", flags=["fuzzy"])
    catalog.add(("one trial", "%(n)s trials"), ("un intento", ""))
    assert sorted(make_catalogues.untranslated(catalog)) == ["Play", "Stop", "one trial"]


@pytest.mark.parametrize("lang", make_catalogues.LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_shipped_language_opens(domain, lang):
    assert translations(domain, lang) is not None


def test_the_app_domain_holds_the_screens_texts():
    """The app catalogue is what the screens say: hundreds of messages from the child's and
    grown-ups' screens, the gate and the settings, and none of the report's own words."""
    catalog = make_catalogues.extract("app")
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    assert len(ids) >= 350, len(ids)
    for words in ("For grown-ups", "Settings", "Start today's practice", "Save goal", "Tracing"):
        assert words in ids, words
    files = {loc[0] for m in catalog for loc in m.locations}
    assert not any(f.startswith("exporter/") or f == "tinyhands/catalog.py" for f in files)
    assert any(f.startswith("tinyhands/screens/therapist/") for f in files)


def test_the_report_domain_extracts_every_report_text():
    """The report's messages are marked: the PDF's headings and sentences, the CSV
    dictionary, the games' measure labels and definitions (about 430 today)."""
    catalog = make_catalogues.extract("report")
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    assert len(ids) >= 350, len(ids)
    for wanted in (
        "Progress note: home fine-motor practice",  # exporter/pdf.py
        "These suggestions come from game data alone; confirm them with your own "
        "observation before changing the program.",  # exporter/build.py
        "Met at baseline",  # exporter/goals.py
        "the narrowest band",  # tinyhands/catalog.py
        "Trace length inside the band",  # games/tracing/metrics.py
        "Road width (tolerance band)",  # games/tracing/params.py
        "The trial's number in this device's store.",  # exporter/csv_export.py
    ):
        assert wanted in ids, wanted
