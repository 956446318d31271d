"""The `tinyhands` command as a grown-up types it: through tinyhands.cli.main, the same
parser and argument handling the installed command uses."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from progress.paths import DB_NAME
from tinyhands.cli import main


def tiny(tmp_path, *words):
    return main(["--data-dir", str(tmp_path / "data"), *words])


def test_children_list_is_a_command(tmp_path, capsys):
    assert tiny(tmp_path, "children", "add", "Mia") == 0
    assert tiny(tmp_path, "children", "list") == 0
    assert "Mia" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["-2+3", "-Mia-", "--x", "-"])
def test_a_name_that_looks_like_an_option_is_a_name(tmp_path, capsys, name):
    assert tiny(tmp_path, "children", "add", name, "--avatar", "cat") == 0
    assert tiny(tmp_path, "children", "list") == 0
    assert f"{name}  (avatar: cat)" in capsys.readouterr().out
    assert tiny(tmp_path, "children", "remove", name, "--yes") == 0
    assert tiny(tmp_path, "children", "add", "--", name) == 0  # the classic way works too


def test_an_unknown_command_lists_every_command(tmp_path, capsys):
    with pytest.raises(SystemExit):
        tiny(tmp_path, "frobnicate")
    err = capsys.readouterr().err
    for command in ("play", "children", "backup", "export", "demo"):
        assert f"'{command}'" in err


def test_dates_at_the_ends_of_the_calendar_get_a_clear_message(tmp_path, capsys):
    pytest.importorskip("exporter.export")
    assert tiny(tmp_path, "children", "add", "Mia") == 0
    code = tiny(
        tmp_path,
        "export",
        "--child",
        "Mia",
        "--from",
        "0001-01-01",
        "--to",
        "9999-12-31",
        "--out",
        str(tmp_path / "out"),
    )
    err = capsys.readouterr().err
    assert code != 0
    assert "Overflow" not in err and "between 1900-01-01 and 2200-12-31" in err


@pytest.mark.parametrize(
    "name", ["\u200b", "\u2066\u2069", " \u200d ", "\u3164", "ab\u202ecd", "Mia\u2067"]
)
def test_invisible_names_and_bidi_overrides_are_refused(tmp_path, capsys, name):
    assert tiny(tmp_path, "children", "add", name) == 1
    err = capsys.readouterr().err
    assert "cannot add" in err and ("seen" in err or "override" in err)
    assert tiny(tmp_path, "children", "list") == 0
    assert "No children yet" in capsys.readouterr().out


def test_a_locked_data_file_is_explained_without_talk_of_memory(tmp_path):
    assert tiny(tmp_path, "children", "add", "Mia") == 0
    db = tmp_path / "data" / DB_NAME
    holder = sqlite3.connect(db)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the file
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tinyhands", "--data-dir", str(tmp_path / "data")]
            + ["children", "add", "Leo"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        holder.rollback()
        holder.close()
    assert done.returncode == 1
    assert "memory" not in done.stderr
    assert "busy" in done.stderr and "Nothing was changed" in done.stderr
    assert "Traceback" not in done.stderr
