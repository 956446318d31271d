"""Tiny Hands engine: the shared runtime every game stands on.

The engine knows no single game and never imports ``games``, ``progress`` or
``exporter``: games plug in through :mod:`engine.registry`, and the app wires
the store in from outside.
"""

import os as _os

_os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
