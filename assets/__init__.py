"""Files shipped with the program (the spoken prompts, the message catalogues, the font),
each with its licence beside it.

A package only so the files install with Tiny Hands: ``VOICE_DIR``, ``FONT_DIR`` are where
they are.
"""

from pathlib import Path

VOICE_DIR = Path(__file__).resolve().parent / "voice"
#: DejaVu Sans, regular and bold (its licence beside it): the screens' and the report's
#: text, covering accents, Greek, Cyrillic, Arabic and Hebrew where pygame's own font cannot
FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = (FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf")
