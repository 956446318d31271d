"""Files shipped with the program (the spoken prompts), each with its licence beside it.

A package only so the files install with Tiny Hands: ``VOICE_DIR`` is where they are.
"""

from pathlib import Path

VOICE_DIR = Path(__file__).resolve().parent / "voice"
