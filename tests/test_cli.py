"""The tinyhands command: help, bad flags and bad folders give clear messages."""

import os
import subprocess
import sys

import pytest

from tinyhands.cli import build_parser, main


def test_help_explains_every_command(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for word in ["--data-dir", "--dpi", "--window", "--fullscreen", "children", "backup", "play"]:
        assert word in out
    assert "TINYHANDS_DATA_DIR" in out


@pytest.mark.parametrize(
    "argv, words",
    [
        (["--frobnicate"], "unrecognized arguments: --frobnicate"),
        (["--dpi", "5"], "not plausible"),
        (["--dpi", "lots"], "expected a number"),
        (["--window", "big"], "WIDTHxHEIGHT"),
        (["--window", "0x0"], "not possible"),
    ],
)
def test_bad_flags_get_a_clear_message_not_a_traceback(capsys, argv, words):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert err.startswith("usage: tinyhands")


def test_parser_defaults_to_opening_the_game():
    args = build_parser().parse_args([])
    assert args.func.__name__ == "run_app"


def test_a_data_dir_that_cannot_be_written_is_explained_and_play_goes_on(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    env = dict(
        os.environ,
        SDL_VIDEODRIVER="dummy",
        SDL_AUDIODRIVER="dummy",
        TINYHANDS_REPORT_FIRST_FRAME="1",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "tinyhands", "--data-dir", str(blocker / "data")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = proc.stdout.readline()  # the window still opens: the child can play
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert "first frame" in first
    assert str(blocker) in err and "Traceback" not in err


def test_children_command_with_a_bad_data_dir_exits_1_with_a_message(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["--data-dir", str(blocker / "d"), "children"]) == 1
    err = capsys.readouterr().err
    assert str(blocker) in err and "Traceback" not in err


def test_data_dir_may_follow_the_command(tmp_path, capsys):
    assert main(["children", "add", "Mia", "--avatar", "cat", "--data-dir", str(tmp_path)]) == 0
    assert main(["children", "--data-dir", str(tmp_path)]) == 0
    assert "Mia" in capsys.readouterr().out


def test_no_screen_gives_a_clear_message(tmp_path):
    env = dict(os.environ, SDL_VIDEODRIVER="nosuchdriver", SDL_AUDIODRIVER="dummy")
    proc = subprocess.run(
        [sys.executable, "-m", "tinyhands", "--data-dir", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "could not open a window" in proc.stderr and "Traceback" not in proc.stderr
