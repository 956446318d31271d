"""The report in Spanish and French: `tinyhands --lang es demo` writes a Spanish progress
note, the CSV dictionary speaks the report's language while every machine key stays as it
is, and the report's language is chosen apart from the app's (``--report-lang``, the
grown-ups' setting, then the app's language)."""

from __future__ import annotations

import csv
import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from test_export import DAYS, START, make_store

from exporter.export import export_child
from progress.settings import AppSettings, save_settings
from tinyhands.catalog import build_catalog
from tinyhands.cli import main

#: headings and sentences of the English report that must never show in another language
ENGLISH = [
    "Progress note: home fine-motor practice",
    "For the clinician (to complete)",
    "Therapist's signature",
    "Date of birth",
    "Record number",
    "Prescribed",
    "Adherence",
    "Cannot tell",
    "1. Home practice",
    "2. Each game",
    "3. Goals in detail",
    "4. What the data suggests next",
    "5. About these measures",
    "Days practised",
    "Prescribed time reached",
    "The task presented (each trial; what the child was shown)",
    "Key measures (practice trials, warm-ups left out)",
    "Graded tasks (a fixed grade in session, shown apart from practice)",
    "What the measures mean",
    "Inputs used",
    "practice trials",
    "were successful",
    "expected days",
    "too few trials to test",
    "no clear change",
    "Not observed in this game",
    "These suggestions come from game data alone",
    "The measures in this report are game measures",
    "No grasp, grip force, posture",
    "Not calibrated",
    "page 1 of",
    "Tracing",
    "Tweezers",
    "Bead stringing",
    "not recorded",
    "Baseline",
    # the charts' words (drawn as text since the charts are vector graphics)
    "% of band",
    "count, lower",
    "lower is better",
    "higher is better",
    "running median",
    "warm-up (easier",
]

#: the same places in the report's language
HEADINGS = {
    "es": [
        "Nota de evolución: práctica motora fina en casa",
        "Para el clínico (a completar)",
        "1. Práctica domiciliaria",
        "2. Cada juego",
        "3. Objetivos en detalle",
        "4. Qué sugieren los datos a continuación",
        "5. Sobre estas medidas",
        "Medidas clave (intentos de práctica, sin calentamientos)",
        "Trazado",
        "Ensartar cuentas",
        "página 1 de",
    ],
    "fr": [
        "Note d'évolution : motricité fine à domicile",
        "Pour le clinicien (à compléter)",
        "1. Entraînement à domicile",
        "2. Chaque jeu",
        "3. Objectifs en détail",
        "4. Ce que suggèrent les données pour la suite",
        "5. À propos de ces mesures",
        "Mesures clés (essais d'entraînement, échauffements exclus)",
        "Tracé",
        "Enfilage de perles",
        "page 1 sur",
    ],
}


def _text(pdf: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)


@pytest.fixture(scope="module", params=["es", "fr"])
def demo(request, tmp_path_factory):
    """`tinyhands --lang LANG demo --days 7`, run the way a person types it."""
    out = tmp_path_factory.mktemp(f"demo-{request.param}")
    assert main(["--lang", request.param, "demo", "--days", "7", "--out", str(out)]) == 0
    return request.param, out


def test_lang_demo_writes_the_whole_pdf_in_that_language(demo):
    lang, out = demo
    (pdf,) = out.glob("*.pdf")
    text = _text(pdf)
    missing = [h for h in HEADINGS[lang] if h not in text]
    assert not missing, f"{lang}: headings missing: {missing}"
    english = [e for e in ENGLISH if e in text]
    assert not english, f"{lang}: English left in the PDF: {english}"
    # numbers with a decimal comma and units as symbols: "30,2 min", never "30.2 min"
    assert re.search(r"\d,\d (mm|min|s)\b", text)
    assert not re.search(r"\d\.\d (mm|min|s)\b", text), re.findall(
        r"\S+\d\.\d (?:mm|min|s)\b", text
    )


def test_lang_demo_json_says_its_language_and_keeps_its_keys(demo):
    lang, out = demo
    (path,) = [p for p in out.glob("*.json") if not p.name.endswith(".schema.json")]
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["summary"]["language"] == lang
    game = data["summary"]["games"][0]
    assert {"game_id", "metrics", "sentences", "key_change"} <= set(game)
    assert game["game_id"] == "tracing"
    m = game["metrics"][0]
    assert m["basis"] in ("as measured", "relative to the task presented") or m["basis"].startswith(
        ("at matched", "no trials at matched", "divided by", "share of")
    )  # the English description charts and readers match on
    assert m["basis_words"] and m["basis_words"] != m["basis"]
    # the games' definitions: words in the language, ids, units and formulas as they are
    tracing = next(g for g in data["games"] if g["id"] == "tracing")
    assert tracing["name"] == {"es": "Trazado", "fr": "Tracé"}[lang]
    mean = next(x for x in tracing["metrics"] if x["name"] == "mean_deviation")
    assert mean["unit"] == "mm" and mean["formula"].startswith("sum(w_i * d_i)")
    assert (
        mean["label"]
        == {"es": "Desviación media respecto al camino", "fr": "Écart moyen au chemin"}[lang]
    )


def test_lang_demo_csv_dictionary_names_what_was_presented_in_that_language(demo):
    lang, out = demo
    (path,) = out.glob("*.dictionary.csv")
    rows = {r[0]: r for r in _rows(path)}
    band = rows["tracing.presented.band_mm [mm]"]
    assert band[1:3] == ["number", "mm"]
    want = {
        "es": "Presentado al niño: Anchura de la carretera (banda de tolerancia)",
        "fr": "Présenté à l'enfant : Largeur de la route (bande de tolérance)",
    }
    assert band[6].startswith(want[lang]), band[6]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("store")
    store, child_id = make_store(tmp / "data")
    store.close()
    return tmp / "data", child_id


def _export(store_dir, out: Path, formats: list[str], lang: str) -> list[Path]:
    from progress.store import Store

    data, child_id = store_dir
    end = START + timedelta(days=DAYS - 1)
    with Store.open_readonly(data) as store:
        return export_child(store, child_id, START, end, build_catalog(), formats, out, lang=lang)


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def test_the_csv_dictionary_is_spanish_and_every_machine_key_stays(store_dir, tmp_path):
    en_csv, en_dict = _export(store_dir, tmp_path / "en", ["csv"], "en")
    es_csv, es_dict = _export(store_dir, tmp_path / "es", ["csv"], "es")
    assert en_csv.name == es_csv.name and en_dict.name == es_dict.name
    # the data file: the same header and the same cells in every language
    assert _rows(en_csv) == _rows(es_csv)
    en, es = _rows(en_dict), _rows(es_dict)
    assert en[0] == es[0]  # the dictionary's own column names
    head = en[0]
    col = {name: head.index(name) for name in head}
    assert len(en) == len(es) > 20
    for a, b in zip(en[1:], es[1:], strict=True):
        # name, type, unit, required, game, better and formula are the machine's words
        for key in head:
            if key not in ("definition", "values"):
                assert a[col[key]] == b[col[key]], (key, a, b)
    definitions = {r[col[head[0]]]: r[col["definition"]] for r in es[1:]}
    english = {r[col[head[0]]]: r[col["definition"]] for r in en[1:]}
    assert definitions["trial_uuid"].startswith("El identificador estable del intento")
    inside = next(v for k, v in definitions.items() if k.startswith("tracing.inside_band"))
    assert inside.startswith("Longitud del trazo dentro de la banda.")
    same = [k for k in definitions if definitions[k] == english[k]]
    assert not same, f"definitions left in English: {same}"
    rule = next(r[col["values"]] for r in es[1:] if r[0] == "success_rule")
    assert "tracing/1: el trazo cubre al menos el 90\u00a0% del camino" in rule


@pytest.mark.parametrize(
    ("setting", "top", "extra", "want"),
    [
        (None, [], [], "en"),  # nothing chosen: the app's language (LANG=C here) is English
        (None, ["--lang", "es"], [], "es"),  # --lang sets the report's language too
        ("fr", ["--lang", "es"], [], "fr"),  # ...unless a report language is set
        ("fr", ["--lang", "es"], ["--report-lang", "es"], "es"),  # the command line wins
    ],
)
def test_the_report_language_setting_and_options(
    store_dir, tmp_path, capsys, monkeypatch, setting, top, extra, want
):
    import shutil

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C")
    data = tmp_path / "data"
    shutil.copytree(store_dir[0], data)
    save_settings(data, AppSettings(report_language=setting))
    code = main(
        [*top, "--data-dir", str(data), "export", "--id", str(store_dir[1]), "--format", "pdf"]
        + ["--out", str(tmp_path / "out"), *extra]
    )
    assert code == 0, capsys.readouterr().err
    (pdf,) = (tmp_path / "out").glob("*.pdf")
    first = _text(pdf)[:200]
    title = {
        "en": "Progress note: home fine-motor practice",
        "es": "Nota de evolución: práctica motora fina en casa",
        "fr": "Note d'évolution : motricité fine à domicile",
    }
    assert first.startswith(title[want]), first


def test_an_unknown_report_language_is_refused_in_one_line(store_dir, capsys):
    code = main(["--data-dir", str(store_dir[0]), "export", "--id", "1", "--report-lang", "de"])
    err = capsys.readouterr().err
    assert code == 1 and "--report-lang de" in err and "en, es, fr" in err
    assert "Traceback" not in err


def test_the_export_screen_passes_the_apps_language_along(tmp_path):
    """The grown-ups' export runs `tinyhands export` in its own process: it carries the
    app's language, so the report follows it unless a report language is set."""
    from tinyhands.export_job import ExportJob
    from tinyhands.i18n import set_language

    job = ExportJob(tmp_path, 1, START, START, tmp_path / "out")
    set_language("fr")
    try:
        cmd = job.command()
    finally:
        set_language("en")
    assert cmd[cmd.index("--lang") + 1] == "fr"
    assert cmd.index("--lang") < cmd.index("export")


def test_fhir_codes_and_units_stay_while_its_free_text_is_spanish(store_dir, tmp_path):
    (en,) = _export(store_dir, tmp_path / "en", ["fhir"], "en")
    (es,) = _export(store_dir, tmp_path / "es", ["fhir"], "es")
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (en, es))
    obs = [
        (x["resource"], y["resource"])
        for x, y in zip(a["entry"], b["entry"], strict=True)
        if x["resource"]["resourceType"] == "Observation"
    ]
    assert obs
    for x, y in obs:
        assert x["code"]["coding"][0]["code"] == y["code"]["coding"][0]["code"]
        assert x["code"]["coding"][0]["system"] == y["code"]["coding"][0]["system"]
        assert x["valueQuantity"] == y["valueQuantity"]  # value, UCUM unit and code
        assert x["category"] == y["category"]
    x, y = obs[0]
    assert y["method"]["text"].startswith("mediana de")
    assert y["code"]["text"] != x["code"]["text"]
