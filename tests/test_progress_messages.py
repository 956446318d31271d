"""The data layer's words reach a grown-up in their language (issue 20).

progress/ speaks English and knows nothing of the app's language; its messages keep
their template and params (progress.messages.Message) and the screens translate them
(tinyhands.i18n.tr). Checked where a parent meets them: the data-problem screen after a
real damaged file and a real restart, with its backups' descriptions, and the child
form's name error. English stays as it was (the other tests read the English words).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from engine.harness import Harness
from progress.decision import decision_path, read_decision
from progress.messages import N_, Message, ngettext
from progress.paths import DB_NAME
from progress.safe import SafeStore
from tinyhands.i18n import set_language, tr
from tinyhands.screens.grownup import ChildFormScene
from tinyhands.screens.problem import DataProblemScene
from tinyhands.services import Services

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("screens_lang", ROOT / "tools" / "screens_lang.py")
screens_lang = importlib.util.module_from_spec(spec)
sys.modules.setdefault("screens_lang", screens_lang)
spec.loader.exec_module(screens_lang)

TZ = timezone(timedelta(hours=1))


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def lang():
    """Set the app's language for one test; English again afterwards."""
    yield set_language
    set_language("en")


def _a_family_then_garbage(data: Path, clock: Clock, make_trial) -> None:
    """Two children and a few rounds, a backup, then garbage written over the data file."""
    safe = SafeStore.open(data, clock=clock)
    kids = [safe.add_child("Mia", "cat"), safe.add_child("Leo", "lion")]
    for i in range(3):
        assert isinstance(safe.save_trial(make_trial(kids[i % 2].id, seed=i, n=40)), int)
    safe.idle()  # the day's backup
    safe.close()
    path = data / DB_NAME
    raw = bytearray(path.read_bytes())
    raw[:4096] = b"this is not a database " * 178 + b"xx"
    path.write_bytes(bytes(raw))
    for side in ("-wal", "-shm"):
        Path(f"{path}{side}").unlink(missing_ok=True)


def _problem_screen_words(safe: SafeStore) -> str:
    """Everything the data-problem screen draws: its text and its buttons' labels."""
    h = Harness(DataProblemScene(), services=Services(store=safe))
    try:
        with screens_lang.recording() as written:
            h.app.dirty = True
            h.app.draw(0.0)
        return " ".join(written.strings)
    finally:
        h.close()


def test_a_damaged_file_is_explained_in_spanish_after_a_restart(tmp_path, store_make_trial, lang):
    data = tmp_path / "data"
    clock = Clock(datetime(2024, 5, 1, 17, tzinfo=TZ))
    _a_family_then_garbage(data, clock, store_make_trial)
    SafeStore.open(data, clock=clock).close()  # finds the damage, moves the file aside
    safe = SafeStore.open(data, clock=clock)  # a restart: the reason comes from the note
    try:
        assert safe.awaiting_decision
        english = str(safe.problem)
        assert "could not be used because it is not a Tiny Hands data file" in english
        lang("es")
        words = _problem_screen_words(safe)
        assert "No se pudo usar el archivo de datos" in words
        assert "porque no es un archivo de datos de Tiny Hands" in words
        assert "Se movió a" in words and "(no se borró nada)" in words
        assert "Decide un adulto" in words
        # the backup on offer, described inside the reason and on its button
        assert "2 niños, 3 intentos, última práctica 2024-05-01" in words
        assert "Restaurar 2024-05-01: 2 niños, 3 intentos" in words
        for english_words in ("could not be used", "It was moved to", "children", "trials"):
            assert english_words not in words
        assert str(data) in words  # paths are shown as they are
        lang("fr")
        words = _problem_screen_words(safe)
        assert "n'a pas pu être utilisé car ce n'est pas un fichier de données" in words
        assert "Restaurer 2024-05-01 : 2 enfants, 3 essais" in words
        lang("en")
        words = _problem_screen_words(safe)
        assert english in words
        assert "Restore 2024-05-01: 2 children, 3 trials" in words
    finally:
        safe.close()


def test_the_note_keeps_the_english_for_a_reader_and_an_old_note_still_shows(tmp_path, lang):
    """The note on disk says it in English (someone may open it); a note written before
    the parts were kept, or with parts spoiled by hand, shows its English words."""
    data = tmp_path / "data"
    data.mkdir()
    why = Message(N_("it is empty"))
    found = Message(
        N_(
            "The data file {path} could not be used because {why}. It was moved to {moved} "
            "(nothing was deleted). {offer}"
        ),
        path=data / DB_NAME,
        why=why,
        moved=data / "moved",
        offer=Message(
            N_("There is no backup to restore; a grown-up can start with an empty file.")
        ),
    )
    from progress.decision import write_decision

    write_decision(data, "empty", found, datetime(2024, 5, 1, 17, tzinfo=TZ))
    kept = json.loads(decision_path(data).read_text())
    assert kept["message"] == str(found) and "is empty" in kept["message"]
    lang("es")
    shown = tr(read_decision(data).message)
    assert "porque está vacío" in shown and "No hay ninguna copia de seguridad" in shown
    for spoiled in (None, {"template": "x {nothing}", "params": {}}, {"params": 3}):
        if spoiled is None:
            kept.pop("message_parts")
        else:
            kept["message_parts"] = spoiled
        decision_path(data).write_text(json.dumps(kept))
        assert tr(read_decision(data).message) == str(found)


def test_the_child_form_says_why_a_name_cannot_be_used_in_spanish(tmp_path, lang):
    safe = SafeStore.open(tmp_path / "data", clock=Clock(datetime(2024, 5, 1, 17, tzinfo=TZ)))
    lang("es")
    h = Harness(ChildFormScene(), services=Services(store=safe))
    try:
        h.type_text("\u200b\u200b")  # only invisible characters
        h.run_frames(1)
        h.tap_rect(h.top.buttons.find("save").rect)
        h.run_frames(1)
        assert isinstance(h.top, ChildFormScene)
        assert h.top.message.startswith("Un nombre debe tener al menos una letra")
        with screens_lang.recording() as written:
            h.app.dirty = True
            h.app.draw(0.0)
        assert "solo tiene espacios o caracteres invisibles" in " ".join(written.strings)
        assert safe.list_children() == []
    finally:
        h.close()
        safe.close()


def test_a_name_refused_by_the_store_is_explained_in_french(tmp_path, lang):
    """The same check inside the store's model (a name with a control character) reaches
    the screens as ``problem``; English for the CLI and logs, French on screen."""
    safe = SafeStore.open(tmp_path / "data", clock=Clock(datetime(2024, 5, 1, 17, tzinfo=TZ)))
    try:
        assert safe.add_child("Mia\x07", "cat") is None
        assert str(safe.problem).startswith(
            "That name cannot be used: a child's name must not contain control characters"
        )
        lang("fr")
        assert tr(safe.problem) == (
            "Ce nom ne peut pas être utilisé : le nom d'un enfant ne doit pas contenir de "
            "caractères de contrôle (trouvé : '\\x07')"
        )
    finally:
        safe.close()


def test_counts_take_the_plural_form_of_the_language(lang):
    one, none, many = (ngettext("{n} child", "{n} children", n) for n in (1, 0, 5))
    assert (one, none, many) == ("1 child", "0 children", "5 children")
    lang("fr")
    assert [tr(m) for m in (one, none, many)] == ["1 enfant", "0 enfant", "5 enfants"]
    lang("es")
    assert [tr(m) for m in (one, none, many)] == ["1 niño", "0 niños", "5 niños"]


def test_text_that_is_not_a_message_is_shown_as_it_is(lang):
    lang("es")
    assert tr("Mia") == "Mia"  # a child's name, an OS error text: never looked up
    assert tr("") == ""
