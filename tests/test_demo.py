"""``tinyhands demo``: real rounds, real store, real export; and it never touches real data."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from progress.store import Store
from tinyhands.cli import main
from tinyhands.demo import DEMO_CHILD, GRADED_TRIALS, DemoError, run_demo

TODAY = date(2025, 6, 30)


def test_demo_practises_and_exports(tmp_path):
    from pypdf import PdfReader

    res = run_demo(14, tmp_path / "out", today=TODAY)
    assert [f.suffix for f in res.files] == [".pdf", ".csv", ".csv", ".json", ".json"]
    assert all(f.exists() and f.parent == tmp_path / "out" for f in res.files)
    assert res.data_dir == tmp_path / "out" / "demo-data"
    with Store.open(res.data_dir, exclusive=False, auto_backup=False) as store:
        (child,) = store.list_children()
        assert child.display_name == DEMO_CHILD
        trials = store.trials(child.id)
        assert len(trials) == res.trials > 14
        assert trials[0].local_date >= res.start and trials[-1].local_date <= TODAY
        graded = [t for t in trials if t.graded]
        assert graded and len(graded) % GRADED_TRIALS == 0
        assert {t.cue_level for t in graded} == {"verbal_cue"}
        assert len({t.difficulty for t in graded}) == 1  # a locked grade
        assert len(store.list_goals(child.id)) == 3
        assert any(g.gas is not None for g in store.list_goals(child.id))
        # home practice on the days practised (some missed); the clinic's graded task is
        # counted apart, also on days without home practice
        days = store.home_minutes_by_day(child.id)
        assert len(days) == res.days_practised < 14
        practice_days = [m for m in days.values()]
        assert sorted(practice_days)[len(practice_days) // 2] == pytest.approx(5.5, abs=1.5)
        assert len({t.difficulty for t in trials if not t.graded}) > 5  # the staircase moved
    rows = list(csv.DictReader(io.StringIO(res.files[1].read_text(encoding="utf-8-sig"))))
    assert len({r["trial_id"] for r in rows}) == res.trials
    text = " ".join(p.extract_text() for p in PdfReader(res.files[0]).pages)
    assert DEMO_CHILD in text
    per_game = re.findall(r"\n?([A-Z][\w ]+): (\d+) trials? on", " ".join(text.split()))
    assert "Tracing" in [name for name, _ in per_game]
    assert sum(int(n) for _, n in per_game) == res.trials


def test_demo_never_writes_into_other_data(tmp_path):
    real = tmp_path / "family"
    Store.open(real, exclusive=False, auto_backup=False).close()
    with pytest.raises(DemoError, match="not made by the demo"):
        run_demo(1, tmp_path / "out", real, today=TODAY)
    assert not (real / ".tinyhands-demo").exists()


def test_demo_command_replaces_its_own_data_and_prints_paths(tmp_path, capsys):
    out = tmp_path / "out"
    for _ in range(2):  # the second run replaces the first run's demo data
        assert main(["demo", "--days", "2", "--out", str(out)]) == 0
    printed, _ = capsys.readouterr()
    assert "Wrote" in printed and ".pdf" in printed and "Demo data:" in printed
    with Store.open(out / "demo-data", exclusive=False, auto_backup=False) as store:
        assert len(store.list_children()) == 1
    assert main(["demo", "--days", "0", "--out", str(out)]) == 1
