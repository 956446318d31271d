"""``tinyhands export``: the files, the choices, and clear one-line errors (never a traceback)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_export import DAYS, START, make_store

from tinyhands.cli import main


@pytest.fixture
def data(tmp_path):
    store, _ = make_store(tmp_path / "data")
    store.add_child("Twin")
    store.add_child("Twin")
    store.close()
    return tmp_path / "data"


def _run(data, capsys, *args):
    code = main(["--data-dir", str(data), "export", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_export_one_child_writes_every_format(data, tmp_path, capsys):
    end = START + timedelta(days=DAYS - 1)
    out_dir = tmp_path / "out"
    code, out, _ = _run(
        data,
        capsys,
        "--child",
        "Ada",
        "--from",
        str(START),
        "--to",
        str(end),
        "--out",
        str(out_dir),
    )
    assert code == 0
    names = sorted(p.name for p in out_dir.iterdir())
    stem = f"tinyhands-ada-1-{START}-to-{end}"
    assert names == [
        f"{stem}.csv",
        f"{stem}.dictionary.csv",
        f"{stem}.json",
        f"{stem}.pdf",
        "tinyhands-export-v3.schema.json",
    ]
    assert out.count("wrote") == 5
    assert not [p for p in out_dir.iterdir() if p.name.startswith(".")]  # no temp files left


def test_unknown_child_lists_the_children(data, capsys):
    code, _, err = _run(data, capsys, "--child", "Nobody")
    assert code == 1
    assert "no child named 'Nobody'" in err and "'Ada' (id 1)" in err


def test_two_children_with_one_name_ask_for_an_id(data, tmp_path, capsys):
    code, _, err = _run(data, capsys, "--child", "Twin", "--out", str(tmp_path))
    assert code == 1
    assert "2 children are named 'Twin'" in err and "id 2" in err and "id 3" in err
    assert "--id" in err
    code, out, _ = _run(data, capsys, "--id", "3", "--format", "csv", "--out", str(tmp_path / "o"))
    assert code == 0 and "tinyhands-twin-3-" in out


@pytest.mark.parametrize(
    "args, words",
    [
        (["--from", "2025-13-01"], "not a date"),
        (["--to", "yesterday"], "not a date"),
        (["--from", "2025-03-10", "--to", "2025-03-01"], "after --to"),
        (["--format", "pdf,docx"], "unknown format 'docx'"),
    ],
)
def test_bad_options_exit_1_with_a_message(data, capsys, args, words):
    code, _, err = _run(data, capsys, "--child", "Ada", *args)
    assert code == 1 and words in err


def test_missing_data_folder(tmp_path, capsys):
    code, _, err = _run(tmp_path / "nothing-here", capsys, "--child", "Ada")
    assert code == 1 and "no Tiny Hands data" in err


def test_export_all_shows_progress_and_pseudonyms(data, tmp_path, capsys):
    out_dir = tmp_path / "all"
    code, out, err = _run(
        data, capsys, "--all", "--format", "csv", "--pseudonym", "--out", str(out_dir)
    )
    assert code == 0
    assert "[" in err and "3/3" in err and "#" in err
    files = list(out_dir.iterdir())
    assert len(files) == 6  # a CSV and its dictionary per child
    assert all("ada" not in f.name and "twin" not in f.name for f in files)
    assert "Ada" not in "".join(f.read_text(encoding="utf-8-sig") for f in files)
