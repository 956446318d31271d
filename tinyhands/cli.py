"""The ``tinyhands`` command: opens the game, or runs a grown-up's command-line task."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from tinyhands.logs import log_to_data_dir

log = logging.getLogger("tinyhands")


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
LIGHT_COMMANDS = frozenset({"play", "children", "backup"})
TOP_VALUE_OPTIONS = frozenset({"--data-dir", "--dpi", "--window", "--lang"})
# options of `children add/remove` and the values they take (a name is none of these)
NAME_COMMAND_OPTIONS = {
    "--avatar": True,
    "--handedness": True,
    "--birth-year": True,
    "--data-dir": True,
    "--id": True,
    "--name": True,
    "--yes": False,
    "-h": False,
    "--help": False,
}


def _command_word(words: list[str]) -> str | None:
    """The first word that is not a top-level option or its value (None: open the game)."""
    skip = False
    for w in words:
        if skip:
            skip = False
        elif w in TOP_VALUE_OPTIONS:
            skip = True
        elif not w.startswith("-"):
            return w
    return None


def needs_report_commands(words: list[str]) -> bool:
    """Load export and demo only when they may be wanted: for themselves, for --help, and
    for an unknown command (so the error lists every command)."""
    command = _command_word(words)
    if not REPORT_COMMANDS.isdisjoint(words):
        return True
    return command is not None and command not in LIGHT_COMMANDS


def names_as_options(words: list[str]) -> list[str]:
    """`children add -2+3`: a name that looks like an option becomes ``--name=-2+3``, so a
    child called "-2+3" (or "-Mia-") can be added and removed like any other."""
    out = list(words)
    try:
        i = out.index("children")
    except ValueError:
        return out
    if i + 1 >= len(out) or out[i + 1] not in ("add", "remove"):
        return out
    j = i + 2
    while j < len(out):
        w = out[j]
        if w == "--":
            break
        key = w.split("=", 1)[0]
        if key in NAME_COMMAND_OPTIONS:
            j += 2 if NAME_COMMAND_OPTIONS[key] and "=" not in w else 1
            continue
        if w.startswith("-"):
            out[j] = "--name=" + w
            break
        break  # the name, written plainly
    return out


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
    parser.add_argument("--no-voice", action="store_true", help="start with spoken prompts off")
    parser.add_argument("--calm", action="store_true", help="calm mode: fewer animations")
    from tinyhands.voice_prompts import LANGUAGES

    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="the app's language for this run (default: the grown-ups' setting, else the system's)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    play = sub.add_parser("play", help="open the game window (the default)")
    play.set_defaults(func=run_app)
    from engine.avatar_names import AVATARS
    from progress import cli as progress_cli

    progress_cli.add_commands(sub, AVATARS)
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
    """``export`` and ``demo``; their heavy imports (fpdf, the games) wait
    until they run, so opening the game never pays for them."""
    from exporter import cli as export_cli
    from tinyhands import demo, rescore

    def catalog():  # the composition root builds the plain data the exporter reads
        from tinyhands.catalog import build_catalog

        return build_catalog()

    def report_language(args, report_setting, app_setting):  # type: ignore[no-untyped-def]
        from tinyhands.language import choose_report_language

        return choose_report_language(
            getattr(args, "report_lang", None), report_setting, args.lang, app_setting
        )

    export_cli.add_commands(sub, catalog, report_language)
    demo.add_command(sub)
    rescore.add_command(sub)


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
    if store.problem:
        log.warning("at start: %s", store.problem)
        print(f"tinyhands: {store.problem}", file=sys.stderr)
    settings = load_settings(store.data_dir)
    services = Services(
        store=store, sounds=Sounds(), voice=new_voice(store.data_dir), lang_override=args.lang
    )
    services.apply_settings(settings)  # saved grown-up settings; the options below win
    services.calm = services.calm or args.calm
    services.voice.calm = services.calm
    if args.no_sound:
        services.sounds.set_enabled(False)
    if args.no_voice:
        services.voice.set_enabled(False)
    dpi = args.dpi or settings.dpi  # a --dpi given now beats the saved calibration
    app = App(window_size=args.window, fullscreen=args.fullscreen, dpi=dpi, services=services)
    app.on_quit(store.close)
    report = bool(os.environ.get("TINYHANDS_REPORT_FIRST_FRAME"))  # benchmarks/bench_app.py

    def after_first_frame() -> None:
        """The profile picker needs no game: they load once it is on screen, before the
        first event is handled, so start-up shows the window without paying for them."""
        if report:
            print("tinyhands: first frame drawn", flush=True)
        games.load_all()
        from tinyhands.play import prebuild_models

        prebuild_models()  # not on the frame the first round ends
        if services.sounds.enabled:  # made now, not on the frame that first plays each
            services.sounds.preload()
        services.voice.preload()  # the language's prompts read now, not mid-game
        import gc

        import numpy  # noqa: F401  (tracing scores a round with it: not on that frame)

        gc.collect()
        gc.freeze()  # start-up objects never need collecting: keeps GC pauses out of frames

    app.on_first_frame = after_first_frame
    try:
        app.open()
    except pygame.error as exc:
        from tinyhands.i18n import _

        store.close()
        words = _(
            "could not open a window ({error}). Is a screen attached? The command-line "
            "tasks (children, export, demo, backup) work without one."
        ).format(error=exc)
        print(f"tinyhands: {words}", file=sys.stderr)
        return 1
    if store.already_running:
        # A second copy: it explains and closes; it never saves, so nothing is split or lost.
        from tinyhands.screens.ask_grownup import AlreadyOpenScene

        try:
            app.run(AlreadyOpenScene())
        except KeyboardInterrupt:
            pass
        return 0
    try:
        return app.run(ProfileScene())
    except KeyboardInterrupt:
        return 130


def new_voice(data_dir):
    """The spoken prompts: a family's own recordings in ``<data dir>/voice/<lang>/`` win
    over the shipped ones (same file name)."""
    from pathlib import Path

    from assets import VOICE_DIR
    from engine.voice import Voice
    from tinyhands.voice_prompts import specs

    roots = [Path(data_dir) / "voice"] if data_dir is not None else []
    return Voice(specs(), [*roots, VOICE_DIR])


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    # Tiny Hands uses no pydantic plugins; looking for them reads every installed
    # package's metadata when the first model is built (about 30 ms of start-up).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    words = sys.argv[1:] if argv is None else argv
    # The exporter is only imported for its own commands: opening the game never loads it.
    words = names_as_options(list(words))
    parser = build_parser(reports=needs_report_commands(words))
    args = parser.parse_args(words)
    if args.command != "demo":  # the demo writes its own folder
        log_to_data_dir(getattr(args, "data_dir", None))
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
