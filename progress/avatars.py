"""Which avatars are taken on this device, and which one a new child gets.

A child who cannot read finds themselves by their picture, so each child on a device gets
their own avatar while free ones remain. Only a family with more children than avatars
shares one (the profile picker then tells them apart by a coloured ring and a letter).
The avatar names come from the caller: the store knows nothing of the pictures.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from progress.models import Child


def owners(children: Iterable[Child], except_id: int | None = None) -> dict[str, list[Child]]:
    """Avatar name -> the children who have it (``except_id``: leave that child out)."""
    out: dict[str, list[Child]] = {}
    for c in children:
        if c.avatar and c.id != except_id:
            out.setdefault(c.avatar, []).append(c)
    return out


def free_avatars(
    avatars: Sequence[str], children: Iterable[Child], except_id: int | None = None
) -> list[str]:
    """The avatars nobody else has, in the picker's order."""
    taken = owners(children, except_id)
    return [a for a in avatars if a not in taken]


def default_avatar(
    avatars: Sequence[str], children: Iterable[Child], own: Child | None = None
) -> str:
    """What the form or the command offers: the child's own avatar when editing, else the
    first free one, else (every avatar taken) the least shared one."""
    children = list(children)
    if own is not None and own.avatar and (own.avatar in avatars or not avatars):
        return own.avatar
    if not avatars:
        return ""
    taken = owners(children, None if own is None else own.id)
    return min(avatars, key=lambda a: (len(taken.get(a, [])), avatars.index(a)))


def names(children: Iterable[Child]) -> str:
    """ "Mia" / "Mia and Leo" / "Mia, Leo and Noa"."""
    ns = [c.display_name for c in children]
    return ns[0] if len(ns) == 1 else ", ".join(ns[:-1]) + " and " + ns[-1]
