"""The grown-up commands, run through a real argparse parser as the app builds it."""

from __future__ import annotations

import argparse
import io

import pytest

from progress import cli
from progress.paths import DB_NAME
from progress.store import Store


def run(argv: list[str], monkeypatch, stdin: str = "") -> int:
    parser = argparse.ArgumentParser(prog="tinyhands")
    parser.add_argument("--data-dir", default=None)
    sub = parser.add_subparsers(dest="command")
    cli.add_commands(sub)
    args = parser.parse_args(argv)
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return args.func(args)


def test_list_add_and_list_again(tmp_path, monkeypatch, capsys):
    d = str(tmp_path / "data")
    assert run(["--data-dir", d, "children"], monkeypatch) == 0
    assert "No children yet" in capsys.readouterr().out
    assert run(["--data-dir", d, "children", "add", "Zoë 🦊", "--avatar", "fox"], monkeypatch) == 0
    assert "Added Zoë 🦊" in capsys.readouterr().out
    assert run(["--data-dir", d, "children", "add", "مريم"], monkeypatch) == 0
    capsys.readouterr()
    assert run(["--data-dir", d, "children"], monkeypatch) == 0
    out = capsys.readouterr().out
    assert "Zoë 🦊  (avatar: fox)" in out and "مريم" in out


def test_data_dir_from_the_environment(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TINYHANDS_DATA_DIR", str(tmp_path / "env"))
    assert run(["children", "add", "Ada"], monkeypatch) == 0
    assert (tmp_path / "env" / DB_NAME).exists()


def test_add_refuses_a_bad_name_without_a_traceback(tmp_path, monkeypatch, capsys):
    assert run(["--data-dir", str(tmp_path), "children", "add", "   "], monkeypatch) == 1
    err = capsys.readouterr().err
    assert "cannot add" in err and "Traceback" not in err


def test_remove_asks_and_needs_the_exact_name(tmp_path, monkeypatch, capsys):
    d = str(tmp_path / "data")
    run(["--data-dir", d, "children", "add", "Ada"], monkeypatch)
    with Store.open(tmp_path / "data", exclusive=False) as store:
        child = store.list_children()[0]
        store.start_session(child.id, "pc", "mouse")
    capsys.readouterr()
    assert run(["--data-dir", d, "children", "remove", "Ada"], monkeypatch, stdin="Bob\n") == 1
    out = capsys.readouterr().out
    assert "Remove Ada and all their practice data? Type the name to confirm:" in out
    assert "Not removed" in out
    assert run(["--data-dir", d, "children", "remove", "Ada"], monkeypatch, stdin="") == 1  # EOF
    assert run(["--data-dir", d, "children", "remove", "Ada"], monkeypatch, stdin="Ada\n") == 0
    assert "Removed Ada" in capsys.readouterr().out
    with Store.open(tmp_path / "data", exclusive=False) as store:
        assert store.list_children() == []
        assert store.connection.execute("SELECT count(*) FROM practice_session").fetchone()[0] == 0


def test_remove_with_yes_and_with_repeated_names(tmp_path, monkeypatch, capsys):
    d = str(tmp_path / "data")
    for _ in range(2):
        run(["--data-dir", d, "children", "add", "Sam"], monkeypatch)
    capsys.readouterr()
    assert run(["--data-dir", d, "children", "remove", "Sam", "--yes"], monkeypatch) == 1
    assert "2 children are called 'Sam'" in capsys.readouterr().err
    assert (
        run(["--data-dir", d, "children", "remove", "Sam", "--yes", "--id", "2"], monkeypatch) == 0
    )
    assert run(["--data-dir", d, "children", "remove", "Nobody", "--yes"], monkeypatch) == 1
    assert "no child called 'Nobody'" in capsys.readouterr().err
    with Store.open(tmp_path / "data", exclusive=False) as store:
        assert [c.id for c in store.list_children()] == [1]


def test_backup_list_and_restore(tmp_path, monkeypatch, capsys):
    d = str(tmp_path / "data")
    run(["--data-dir", d, "children", "add", "Ada"], monkeypatch)
    capsys.readouterr()
    assert run(["--data-dir", d, "backup"], monkeypatch) == 0
    out = capsys.readouterr().out
    assert out.startswith("Backed up to ") and (tmp_path / "data" / "backups").is_dir()
    run(["--data-dir", d, "children", "add", "Ben"], monkeypatch)
    assert run(["--data-dir", d, "backup", "--list"], monkeypatch) == 0
    assert "MB" in capsys.readouterr().out
    assert run(["--data-dir", d, "backup", "--restore", "latest"], monkeypatch) == 0
    assert "previous data file was kept" in capsys.readouterr().out
    with Store.open(tmp_path / "data", exclusive=False) as store:
        assert [c.display_name for c in store.list_children()] == ["Ada"]


@pytest.mark.parametrize("argv", [["children"], ["backup"], ["children", "add", "X"]])
def test_store_errors_are_a_message_and_exit_1(tmp_path, monkeypatch, capsys, argv):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert run(["--data-dir", str(blocker), *argv], monkeypatch) == 1
    err = capsys.readouterr().err
    assert str(blocker) in err and "Traceback" not in err


def test_a_damaged_file_is_reported_with_the_way_back(tmp_path, monkeypatch, capsys):
    d = tmp_path / "data"
    run(["--data-dir", str(d), "children", "add", "Ada"], monkeypatch)
    run(["--data-dir", str(d), "backup"], monkeypatch)
    for side in ("-wal", "-shm"):
        (d / f"{DB_NAME}{side}").unlink(missing_ok=True)
    (d / DB_NAME).write_bytes(b"garbage" * 1000)
    capsys.readouterr()
    assert run(["--data-dir", str(d), "children"], monkeypatch) == 1
    err = capsys.readouterr().err
    assert str(d / DB_NAME) in err and "backup --restore latest" in err
    assert run(["--data-dir", str(d), "backup", "--restore", "latest"], monkeypatch) == 0
    assert run(["--data-dir", str(d), "children"], monkeypatch) == 0
    assert "Ada" in capsys.readouterr().out
