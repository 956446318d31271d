"""Speak every prompt of tinyhands/voice_prompts.py into assets/voice/<lang>/<id>.ogg.

Run by a maintainer when a prompt's words change, never by the app (which only plays the
files). Needs the espeak-ng program (Debian/Ubuntu: ``apt-get install espeak-ng``) and the
``voices`` extra (``pip install -e ".[voices]"``: soundfile, for the Ogg Vorbis encoder).

    python tools/make_voices.py              # every language, only what changed
    python tools/make_voices.py --all        # speak everything again
    python tools/make_voices.py --check      # exit 1 if any file is missing or stale

``assets/voice/manifest.json`` records, for each file, the words it says and the voice
that said them; ``--check`` (and a test) compare it with the catalogue, so changed words
are never left with an old recording. A recording replaced by hand (a family's or a
clinic's own voice) is marked ``"source": "recorded"`` in the manifest and kept as it is.

espeak-ng is GPL-3.0-or-later; it is only run here, never shipped or linked, and its
output (the speech of our own sentences) carries no licence of the program:
see assets/voice/LICENSE.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tinyhands.voice_prompts import LANGUAGES, PROMPTS  # noqa: E402

OUT = ROOT / "assets" / "voice"
MANIFEST = OUT / "manifest.json"
#: the espeak-ng voice for each language: a softer variant (+f3), slower than the default
#: 175 words a minute and a little higher, which young children follow more easily
VOICES: dict[str, str] = {"en": "en-gb+f3", "es": "es+f3", "fr": "fr-fr+f3"}
SPEED_WPM = 140
PITCH = 58
PEAK = 0.89  # -1 dBFS: loud enough beside the effects, never clipping


def espeak_version(exe: str) -> str:
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, check=True).stdout
    return out.split(":")[1].split("Data")[0].strip() if ":" in out else out.strip()


def speak(exe: str, voice: str, words: str):
    """The WAV samples espeak-ng makes of ``words`` (float, -1..1) and their rate."""
    import numpy as np
    import soundfile as sf

    wav = subprocess.run(
        [exe, "-v", voice, "-s", str(SPEED_WPM), "-p", str(PITCH), "--stdout", words],
        capture_output=True,
        check=True,
    ).stdout
    data, rate = sf.read(io.BytesIO(wav), dtype="float64")
    top = float(np.max(np.abs(data))) or 1.0
    data = data * (PEAK / top)
    fade = min(len(data), int(0.01 * rate))  # no click at either end
    if fade:
        ramp = np.linspace(0.0, 1.0, fade)
        data[:fade] *= ramp
        data[-fade:] *= ramp[::-1]
    return data, rate


def entry(lang: str, pid: str) -> dict:
    return {"words": PROMPTS[pid].words[lang], "voice": f"espeak-ng {VOICES[lang]}"}


def load_manifest() -> dict:
    try:
        return json.loads(MANIFEST.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"files": {}}


def stale(manifest: dict) -> list[str]:
    """``lang/id`` of every file missing or saying other words than the catalogue."""
    out = []
    files = manifest.get("files", {})
    for lang in LANGUAGES:
        for pid, prompt in PROMPTS.items():
            key = f"{lang}/{pid}"
            have = files.get(key)
            if not (OUT / lang / f"{pid}.ogg").is_file() or have is None:
                out.append(key)
            elif have.get("source") != "recorded" and have.get("words") != prompt.words[lang]:
                out.append(key)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--all", action="store_true", help="speak every prompt again")
    ap.add_argument("--check", action="store_true", help="only report missing or stale files")
    ap.add_argument("--lang", choices=LANGUAGES, action="append", help="only these languages")
    args = ap.parse_args(argv)
    manifest = load_manifest()
    todo = stale(manifest)
    if args.check:
        for key in todo:
            print(f"missing or stale: {key}")
        return 1 if todo else 0
    exe = shutil.which("espeak-ng")
    if exe is None:
        print("make_voices: espeak-ng is not installed (apt-get install espeak-ng)")
        return 2
    version = espeak_version(exe)
    langs = args.lang or list(LANGUAGES)
    import soundfile as sf

    files = manifest.setdefault("files", {})
    made = 0
    for lang in langs:
        (OUT / lang).mkdir(parents=True, exist_ok=True)
        for pid in PROMPTS:
            key = f"{lang}/{pid}"
            if files.get(key, {}).get("source") == "recorded":
                continue  # a human recording: never overwritten
            if not args.all and key not in todo:
                continue
            data, rate = speak(exe, VOICES[lang], PROMPTS[pid].words[lang])
            sf.write(str(OUT / lang / f"{pid}.ogg"), data, rate, format="OGG", subtype="VORBIS")
            files[key] = entry(lang, pid) | {"source": "espeak-ng", "espeak_ng": version}
            made += 1
    known = {f"{lang}/{pid}" for lang in LANGUAGES for pid in PROMPTS}
    for key in [k for k in files if k not in known]:
        del files[key]  # a prompt removed from the catalogue
    manifest["files"] = dict(sorted(files.items()))
    MANIFEST.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"make_voices: {made} file(s) spoken, {len(known)} in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
