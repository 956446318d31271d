"""The games: one subpackage each, each exposing a ``GAME`` registered with engine.registry.

``load_all()`` imports every subpackage, so adding a game is adding a folder.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil

log = logging.getLogger(__name__)


def load_all() -> list[str]:
    """Import (and so register) every game; a broken game is logged and left out."""
    loaded = []
    for info in pkgutil.iter_modules(__path__):
        if not info.ispkg:
            continue
        try:
            importlib.import_module(f"{__name__}.{info.name}")
            loaded.append(info.name)
        except Exception:  # one broken game must not stop the others
            log.exception("the game %r could not be loaded", info.name)
    return loaded
