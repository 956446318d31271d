"""Millimetres on the task plane, so a 6 mm band is 6 mm on every screen.

The app draws on a fixed *logical* canvas that is letterboxed into the window.
A logical pixel is ``scale`` physical pixels, so the logical px/mm depends on
the display's physical px/mm (from its DPI or a calibration) and the scale.
"""

from __future__ import annotations

import ctypes
import glob
import os
from dataclasses import dataclass

MM_PER_INCH = 25.4
DEFAULT_DPI = 96.0  # what desktops report when they do not know better
BANK_CARD_WIDTH_MM = 85.60  # ISO/IEC 7810 ID-1, for the calibration screen
MIN_DPI, MAX_DPI = 40.0, 1000.0


@dataclass(frozen=True, slots=True)
class Units:
    """Converts between millimetres and logical pixels."""

    px_per_mm: float

    def __post_init__(self) -> None:
        if not (0.0 < self.px_per_mm < float("inf")):
            raise ValueError(f"px_per_mm must be a positive number, not {self.px_per_mm!r}")

    @classmethod
    def from_dpi(cls, dpi: float, scale: float = 1.0) -> Units:
        """Logical units for a display of ``dpi`` physical px per inch, drawn at ``scale``."""
        return cls(px_per_mm=dpi / MM_PER_INCH / scale)

    @property
    def dpi(self) -> float:
        return self.px_per_mm * MM_PER_INCH

    def mm(self, px: float) -> float:
        """Logical pixels to millimetres."""
        return px / self.px_per_mm

    def px(self, mm: float) -> float:
        """Millimetres to logical pixels."""
        return mm * self.px_per_mm

    def to_mm(self, x_px: float, y_px: float) -> tuple[float, float]:
        return x_px / self.px_per_mm, y_px / self.px_per_mm

    def to_px(self, x_mm: float, y_mm: float) -> tuple[float, float]:
        return x_mm * self.px_per_mm, y_mm * self.px_per_mm


def validate_dpi(dpi: float) -> float:
    """Return ``dpi`` if plausible for a real screen, else raise ValueError with a clear reason."""
    if not (MIN_DPI <= dpi <= MAX_DPI):
        raise ValueError(
            f"a screen density of {dpi:g} dpi is not plausible "
            f"(expected {MIN_DPI:g} to {MAX_DPI:g}); calibrate with a bank card instead"
        )
    return dpi


def dpi_from_card(card_width_px: float) -> float:
    """Physical DPI from the on-screen width (physical px) that matches a bank card."""
    return validate_dpi(card_width_px / BANK_CARD_WIDTH_MM * MM_PER_INCH)


def detect_display_dpi(display_index: int = 0) -> float | None:
    """Ask SDL for the display's DPI; None when SDL does not know (dummy driver, X without EDID).

    pygame-ce does not expose SDL_GetDisplayDPI, so it is called through ctypes on the
    SDL library that pygame-ce itself loaded.
    """
    try:
        import pygame

        here = os.path.dirname(pygame.__file__)
        candidates = (
            glob.glob(os.path.join(here, "..", "pygame_ce.libs", "libSDL2-*"))
            + glob.glob(os.path.join(here, "SDL2.dll"))
            + glob.glob(os.path.join(here, ".dylibs", "libSDL2*"))
        )
        if not candidates:
            return None
        lib = ctypes.CDLL(candidates[0])
        ddpi, hdpi, vdpi = ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
        rc = lib.SDL_GetDisplayDPI(
            display_index, ctypes.byref(ddpi), ctypes.byref(hdpi), ctypes.byref(vdpi)
        )
        if rc != 0:
            return None
        dpi = (hdpi.value + vdpi.value) / 2.0 or ddpi.value
        validate_dpi(dpi)
        return dpi
    except (OSError, AttributeError, ValueError):
        return None
