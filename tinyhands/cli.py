"""The ``tinyhands`` command: opens the game, or runs a grown-up's command-line task."""

from __future__ import annotations

import argparse
import os
import sys


def _window_size(value: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in value.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected WIDTHxHEIGHT such as 1280x800, not {value!r}"
        ) from None
    if w < 1 or h < 1 or w > 16384 or h > 16384:
        raise argparse.ArgumentTypeError(f"a window of {w}x{h} pixels is not possible")
    return w, h


def _dpi(value: str) -> float:
    from engine.units import validate_dpi

    try:
        dpi = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a number of dots per inch, not {value!r}"
        ) from None
    try:
        return validate_dpi(dpi)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


REPORT_COMMANDS = frozenset({"export", "demo", "rescore", "-h", "--help"})


def build_parser(reports: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tinyhands",
        description=(
            "Tiny Hands: fine-motor practice games for children in occupational therapy. "
            "With no command, opens the game window. Everything is stored on this computer only."
        ),
        epilog="Data folder: --data-dir, else $TINYHANDS_DATA_DIR, else the user data folder.",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=None,
        help="where the children's practice data is kept (default: $TINYHANDS_DATA_DIR or the "
        "user data folder)",
    )
    parser.add_argument(
        "--dpi",
        type=_dpi,
        default=None,
        help="the screen's real pixels per inch, if the system reports it wrongly "
        "(so that millimetres on screen are true millimetres)",
    )
    parser.add_argument(
        "--window",
        type=_window_size,
        default=None,
        metavar="WxH",
        help="window size in pixels, e.g. 1280x800",
    )
    parser.add_argument("--fullscreen", action="store_true", help="start full screen (F11 toggles)")
    parser.add_argument("--no-sound", action="store_true", help="start with sound off")
    parser.add_argument("--calm", action="store_true", help="calm mode: fewer animations")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    play = sub.add_parser("play", help="open the game window (the default)")
    play.set_defaults(func=run_app)
    from progress import cli as progress_cli

    progress_cli.add_commands(sub)
    if reports:
        _add_report_commands(sub)
    _accept_data_dir(parser)
    parser.set_defaults(func=run_app)
    return parser


def _accept_data_dir(parser: argparse.ArgumentParser) -> None:
    """Let every (sub-)command take ``--data-dir`` too: `tinyhands children add X --data-dir D`
    reads as naturally as `tinyhands --data-dir D children add X` (the demo has its own)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, command in action.choices.items():
                known = {o for a in command._actions for o in a.option_strings}
                if name != "demo" and "--data-dir" not in known:
                    command.add_argument(
                        "--data-dir",
                        metavar="DIR",
                        default=argparse.SUPPRESS,
                        help="where the practice data is kept",
                    )
                _accept_data_dir(command)


def _add_report_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """``export`` and ``demo``; their heavy imports (fpdf, matplotlib, the games) wait
    until they run, so opening the game never pays for them."""
    from exporter import cli as export_cli
    from tinyhands import demo, rescore

    def catalog():  # the composition root builds the plain data the exporter reads
        from tinyhands.catalog import build_catalog

        return build_catalog()

    export_cli.add_commands(sub, catalog)
    demo.add_command(sub)
    rescore.add_command(sub)


def _log_to_data_dir(data_dir) -> None:
    """Problems go to tinyhands.log beside the data (owner-only, rotated), for a grown-up
    or a developer to read; a child never sees a traceback."""
    import logging
    import logging.handlers

    logging.getLogger().setLevel(logging.INFO)
    if data_dir is None:
        return
    path = os.path.join(str(data_dir), "tinyhands.log")
    try:
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=2, encoding="utf-8"
        )
        os.chmod(path, 0o600)
    except OSError:
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)


def run_app(args: argparse.Namespace) -> int:
    import pygame

    import games
    from engine.app import App
    from engine.sound import Sounds
    from progress.safe import SafeStore
    from progress.settings import load_settings
    from tinyhands.screens.home import ProfileScene
    from tinyhands.services import Services

    store = SafeStore.open_dir(args.data_dir)
    _log_to_data_dir(store.data_dir)
    if store.problem:
        print(f"tinyhands: {store.problem}", file=sys.stderr)
    games.load_all()
    import gc

    gc.collect()
    gc.freeze()  # start-up objects never need collecting: keeps GC pauses out of frames
    settings = load_settings(store.data_dir)
    services = Services(store=store, sounds=Sounds())
    services.apply_settings(settings)  # saved grown-up settings; the options below win
    services.calm = services.calm or args.calm
    if args.no_sound:
        services.sounds.set_enabled(False)
    dpi = args.dpi or settings.dpi  # a --dpi given now beats the saved calibration
    app = App(window_size=args.window, fullscreen=args.fullscreen, dpi=dpi, services=services)
    app.on_quit(store.close)
    if os.environ.get("TINYHANDS_REPORT_FIRST_FRAME"):  # for benchmarks/bench_app.py
        app.on_first_frame = lambda: print("tinyhands: first frame drawn", flush=True)
    try:
        app.open()
    except pygame.error as exc:
        store.close()
        print(
            f"tinyhands: could not open a window ({exc}). Is a screen attached? "
            "The command-line tasks (children, export, demo, backup) work without one.",
            file=sys.stderr,
        )
        return 1
    try:
        return app.run(ProfileScene())
    except KeyboardInterrupt:
        return 130


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    words = sys.argv[1:] if argv is None else argv
    # The exporter is only imported for its own commands: opening the game never loads it.
    parser = build_parser(reports=not REPORT_COMMANDS.isdisjoint(words))
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
