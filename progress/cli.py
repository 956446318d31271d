"""Grown-up commands: ``tinyhands children [add|edit|remove]`` and ``tinyhands backup``.

Every failure is a StoreError whose text says what to do; the commands print it and
exit 1, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from progress import avatars as _avatars
from progress import backups as _backups
from progress.decision import read_decision
from progress.errors import (
    AlreadyRunningError,
    CorruptDataError,
    DiskFullError,
    ReadOnlyError,
    StoreBusyError,
    StoreError,
)
from progress.models import ChildIn, ClinicalRecord
from progress.paths import resolve_data_dir
from progress.store import Store, restore_backup, start_empty

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace], int]


def add_commands(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    avatars: Sequence[str] = (),
) -> None:
    """Add ``children`` (with ``add`` and ``remove``) and ``backup`` to a CLI. ``avatars``:
    the pictures a child may have (the app's; empty: any name is taken as it is)."""
    children = subparsers.add_parser(
        "children", help="list, add, edit or remove children", description="List the children."
    )
    children.set_defaults(func=_guarded(cmd_children_list))
    sub = children.add_subparsers(dest="children_command", metavar="{list,add,remove}")
    listing = sub.add_parser("list", help="list the children", description="List the children.")
    listing.set_defaults(func=_guarded(cmd_children_list))
    add = sub.add_parser(
        "add",
        help="add a child",
        description="Add a child. A name that starts with '-' works as it is "
        "(tinyhands children add -2+3), or after --.",
    )
    _name_argument(add, "the child's name as it should be shown")
    add.add_argument(
        "--avatar",
        default="",
        help="the avatar picture's name"
        + (f" ({', '.join(avatars)})" if avatars else "")
        + "; each child gets their own, a free one if not given",
    )
    add.add_argument("--handedness", default="right", choices=["right", "left", "mixed", "unknown"])
    add.add_argument("--birth-year", type=int, default=None)
    add.set_defaults(func=_guarded(cmd_children_add), avatars=tuple(avatars))
    edit = sub.add_parser(
        "edit",
        help="set what a clinic files a report under (record number, date of birth, ...)",
        description=(
            "Set a child's clinical record: the fields a filed report shows beside the name. "
            'Only the options given change; an empty value ("") clears a field.'
        ),
    )
    edit.add_argument("name", help="the child's name, exactly as listed")
    edit.add_argument("--id", type=int, default=None, help="which child, if names repeat")
    edit.add_argument("--record-number", default=None, help="the clinic's record number")
    edit.add_argument("--dob", default=None, metavar="YYYY-MM-DD", help="date of birth")
    edit.add_argument("--therapist", default=None, help="the treating therapist")
    edit.add_argument("--practice", default=None, help="the practice or clinic")
    edit.add_argument("--referral", default=None, help="the reason for referral")
    edit.set_defaults(func=_guarded(cmd_children_edit))
    remove = sub.add_parser(
        "remove",
        help="remove a child and all their practice data",
        description="Remove a child and all their practice data (asks first).",
    )
    _name_argument(remove, "the child's name, exactly as listed")
    remove.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    remove.add_argument("--id", type=int, default=None, help="which child, if names repeat")
    remove.set_defaults(func=_guarded(cmd_children_remove))

    backup = subparsers.add_parser(
        "backup",
        help="back up the practice data now",
        description="Make a backup of the practice data now (the last 7 are kept).",
    )
    backup.add_argument("--list", action="store_true", help="list the backups instead")
    backup.add_argument(
        "--restore",
        metavar="BACKUP",
        default=None,
        help='replace the data with a backup ("latest": the newest that holds children or '
        "trials; or a path); the current file is backed up and kept aside",
    )
    backup.add_argument(
        "--start-empty",
        action="store_true",
        help="after a damaged data file: carry on with a new, empty one (backups are kept)",
    )
    backup.set_defaults(func=_guarded(cmd_backup))


def _name_argument(parser: argparse.ArgumentParser, help_text: str) -> None:
    """NAME, or --name=NAME: tinyhands.cli turns a name that looks like an option
    (``-2+3``) into the second form before argparse sees it."""
    parser.add_argument("name", nargs="?", default=None, help=help_text)
    parser.add_argument("--name", dest="name_option", default=None, help=argparse.SUPPRESS)
    parser.set_defaults(needs_name=True)


def _the_name(args: argparse.Namespace) -> str:
    name = args.name if args.name is not None else args.name_option
    if name is None:
        raise SystemExit("tinyhands: give the child's name, e.g. tinyhands children add Mia")
    return name


def cli_message(exc: StoreError) -> str:
    """The error in words for a command line: nothing is "kept in memory" here, because
    the command changed nothing and has ended."""
    path = exc.path or "the data file"
    if isinstance(exc, StoreBusyError | AlreadyRunningError):
        return (
            f"the data file {path} is busy: another program is writing to it (perhaps the "
            "Tiny Hands window or a backup tool). Nothing was changed; try again in a moment."
        )
    if isinstance(exc, DiskFullError):
        return f"the disk holding {path} is full. Nothing was changed; free some space first."
    if isinstance(exc, ReadOnlyError):
        return (
            f"Tiny Hands cannot write to {path}. Nothing was changed; check that its folder "
            "is writable by this user and not on a read-only drive."
        )
    return str(exc)


def _guarded(handler: Handler) -> Handler:
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except StoreError as exc:
            log.warning("command %s failed: %s (%s)", handler.__name__, exc, exc.detail)
            print(f"tinyhands: {cli_message(exc)}", file=sys.stderr)
            if isinstance(exc, CorruptDataError) and exc.latest_backup is not None:
                info = _backups.backup_info(exc.latest_backup)
                print(
                    f"The latest backup with data holds {info.describe()}. To restore it, "
                    "run: tinyhands backup --restore latest",
                    file=sys.stderr,
                )
            return 1
        except KeyboardInterrupt:
            print("\ntinyhands: stopped; nothing was changed.", file=sys.stderr)
            return 1

    run.__name__ = handler.__name__
    run.__doc__ = handler.__doc__
    return run


def _open(args: argparse.Namespace) -> Store:
    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    # Not exclusive: a grown-up may add a child while the game is open.
    return Store.open(data_dir, exclusive=False, auto_backup=False)


def cmd_children_list(args: argparse.Namespace) -> int:
    from progress.errors import NotFoundError
    from progress.paths import DB_NAME, data_dir_path

    data_dir, _ = data_dir_path(getattr(args, "data_dir", None))
    ancestor = next((a for a in data_dir.parents if a.exists()), None)
    if data_dir.exists() or (ancestor is not None and not ancestor.is_dir()):
        data_dir = resolve_data_dir(getattr(args, "data_dir", None), writable=False)
    if not data_dir.exists() or (
        read_decision(data_dir) is None and not (data_dir / DB_NAME).exists()
    ):
        print(f"No children yet in {data_dir / DB_NAME}. Add one with: tinyhands children add NAME")
        return 0
    try:
        store = Store.open_readonly(data_dir)
    except NotFoundError:
        print(f"No children yet in {data_dir / DB_NAME}. Add one with: tinyhands children add NAME")
        return 0
    with store:
        children = store.list_children()
        if not children:
            print(f"No children yet in {store.db_path}. Add one with: tinyhands children add NAME")
            return 0
        for child in children:
            extra = f"  (avatar: {child.avatar})" if child.avatar else ""
            print(f"{child.id:>4}  {child.display_name}{extra}")
    return 0


def cmd_children_add(args: argparse.Namespace) -> int:
    args.name = _the_name(args)
    try:
        data = ChildIn(
            display_name=args.name,
            avatar=args.avatar,
            handedness=args.handedness,
            birth_year=args.birth_year,
        )
    except ValueError as exc:
        first = exc.errors()[0]["msg"] if hasattr(exc, "errors") else str(exc)
        first = first.removeprefix("Value error, ")
        print(f"tinyhands: cannot add {args.name!r}: {first}", file=sys.stderr)
        return 1
    avatars: tuple[str, ...] = getattr(args, "avatars", ())
    wanted = data.avatar.strip().lower() if avatars else data.avatar
    if avatars and wanted and wanted not in avatars:
        print(
            f"tinyhands: cannot add {args.name!r}: there is no avatar called {data.avatar!r}; "
            f"choose one of: {', '.join(avatars)}.",
            file=sys.stderr,
        )
        return 1
    with _open(args) as store:
        children = store.list_children()
        free = _avatars.free_avatars(avatars, children)
        owners = _avatars.owners(children).get(wanted, [])
        if wanted and owners and free:
            print(
                f"tinyhands: cannot add {args.name!r}: the {wanted} is already "
                f"{_avatars.names(owners)}'s avatar (each child on this computer gets their "
                f"own picture, so a child who cannot read finds themselves). "
                f"Free avatars: {', '.join(free)}.",
                file=sys.stderr,
            )
            return 1
        avatar = wanted or _avatars.default_avatar(avatars, children)
        child = store.add_child(data.display_name, avatar, data.handedness, data.birth_year)
    shown = f" with the {child.avatar} avatar" if child.avatar else ""
    print(f"Added {child.display_name} (number {child.id}){shown}.")
    sharing = _avatars.owners(children).get(child.avatar, []) if avatars else []
    if sharing:
        letter = (child.display_name.strip()[:1] or "?").upper()
        print(
            f"Every avatar is taken, so {child.display_name} shares the {child.avatar} with "
            f"{_avatars.names(sharing)}: the picker tells them apart by a coloured ring and "
            f"the letter {letter}."
        )
    return 0


def _one_child(store: Store, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The child ``args.name`` (and ``--id``) names, or None after saying why on stderr."""
    matches = store.find_children(args.name)
    if args.id is not None:
        matches = [c for c in matches if c.id == args.id]
    if not matches:
        print(f"tinyhands: there is no child called {args.name!r}.", file=sys.stderr)
        return None
    if len(matches) > 1:
        numbers = ", ".join(str(c.id) for c in matches)
        print(
            f"tinyhands: {len(matches)} children are called {args.name!r} (numbers "
            f"{numbers}); add --id NUMBER to say which one.",
            file=sys.stderr,
        )
        return None
    return matches[0]


def cmd_children_edit(args: argparse.Namespace) -> int:
    """Change only the record fields given; the rest of the child stays as stored."""
    changes: dict[str, object] = {}
    for option, field in (
        ("record_number", "record_number"),
        ("therapist", "therapist"),
        ("practice", "practice"),
        ("referral", "referral_reason"),
    ):
        value = getattr(args, option)
        if value is not None:
            changes[field] = value.strip()
    if args.dob is not None:
        text = args.dob.strip()
        try:
            changes["date_of_birth"] = date.fromisoformat(text) if text else None
        except ValueError:
            print(
                f"tinyhands: --dob {args.dob!r} is not a date; write it as YYYY-MM-DD.",
                file=sys.stderr,
            )
            return 1
    if not changes:
        print(
            "tinyhands: nothing to change; give --record-number, --dob, --therapist, "
            "--practice or --referral.",
            file=sys.stderr,
        )
        return 1
    with _open(args) as store:
        child = _one_child(store, args)
        if child is None:
            return 1
        try:
            record = ClinicalRecord.model_validate({**child.record.model_dump(), **changes})
        except ValueError as exc:
            first = exc.errors()[0]["msg"] if hasattr(exc, "errors") else str(exc)
            print(f"tinyhands: cannot change {child.display_name!r}: {first}", file=sys.stderr)
            return 1
        dob = record.date_of_birth
        if dob is not None and dob > store.now().date():
            print(f"tinyhands: the date of birth {dob} is in the future.", file=sys.stderr)
            return 1
        birth_year = dob.year if dob is not None else child.birth_year
        child = store.update_child(
            child.model_copy(update={"record": record, "birth_year": birth_year})
        )
    r = child.record
    shown = [
        ("record number", r.record_number),
        ("date of birth", r.date_of_birth.isoformat() if r.date_of_birth else ""),
        ("therapist", r.therapist),
        ("practice", r.practice),
        ("reason for referral", r.referral_reason),
    ]
    print(f"Updated {child.display_name} (number {child.id}):")
    for label, value in shown:
        print(f"  {label}: {value or '(not recorded)'}")
    return 0


def cmd_children_remove(args: argparse.Namespace) -> int:
    args.name = _the_name(args)
    with _open(args) as store:
        matches = store.find_children(args.name)
        if args.id is not None:
            matches = [c for c in matches if c.id == args.id]
        if not matches:
            print(f"tinyhands: there is no child called {args.name!r}.", file=sys.stderr)
            return 1
        if len(matches) > 1:
            numbers = ", ".join(str(c.id) for c in matches)
            print(
                f"tinyhands: {len(matches)} children are called {args.name!r} (numbers "
                f"{numbers}); add --id NUMBER to say which one.",
                file=sys.stderr,
            )
            return 1
        child = matches[0]
        if not args.yes:
            prompt = (
                f"Remove {child.display_name} and all their practice data? "
                "Type the name to confirm: "
            )
            try:
                answer = input(prompt)
            except EOFError:
                answer = ""
            if answer.strip() != child.display_name.strip():
                print("Not removed: the name typed did not match.")
                return 1
        store.remove_child(child.id)
        print(
            f"Removed {child.display_name} and all their practice data. Backups made before "
            f"now (in {_backups.backup_dir(store.data_dir)}) still contain it."
        )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    if args.list:
        return _list_backups(resolve_data_dir(getattr(args, "data_dir", None), writable=False))
    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    if args.start_empty:
        pending = read_decision(data_dir)
        if pending is None:
            print("Nothing to decide: the data file is in use as it is.")
            return 0
        start_empty(data_dir)
        where = f"; the earlier file is at {pending.moved_to}" if pending.moved_to else ""
        print(
            "Started with an empty data file. The earlier file and every backup were kept "
            f"(see `tinyhands backup --list`){where}."
        )
        return 0
    if args.restore is not None:
        if args.restore == "latest":
            target = _backups.best_backup(data_dir)
            if target is None:
                print(f"tinyhands: there are no backups in {data_dir}.", file=sys.stderr)
                return 1
        else:
            target = Path(args.restore).expanduser()
        moved = restore_backup(data_dir, target)
        kept = f" The previous data file was kept as {moved}." if moved else ""
        print(f"Restored {target} ({_backups.backup_info(target).describe()}).{kept}")
        return 0
    with _open(args) as store:
        path = store.backup_now()
    infos = _backups.list_backup_infos(data_dir)
    new = next(i for i in infos if i.path == path)
    print(f"Backed up to {path} ({new.describe()})")
    note = _backups.emptier_note(new, infos)
    if note:
        print(f"Note: {note}")
    return 0


def _list_backups(data_dir: Path) -> int:
    """What each backup holds, so a grown-up can choose; works on a read-only folder."""
    pending = read_decision(data_dir)
    if pending is not None:
        print(f"Waiting for a grown-up: {pending.message}")
    infos = _backups.list_backup_infos(data_dir)
    if not infos:
        print(f"No backups yet in {_backups.backup_dir(data_dir)}.")
    for info in infos:
        size = info.path.stat().st_size / 1e6
        print(f"{info.describe()}  ({size:.1f} MB)  {info.path}")
    return 0
