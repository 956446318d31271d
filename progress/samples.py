"""Raw pointer samples and their compact binary form, so a trial can be re-scored years later.

Every sample of a trial is kept (thousands per trial), so the form must be small and
quick to write inside the 5 ms save budget, in pure Python. Each column is stored as
fixed-point integers, delta-coded, then zlib-compressed:

* time: integer microseconds (t_ms to 0.001 ms), int64 deltas;
* x, y: integer micrometres (mm to 0.001 mm), int32 deltas;
* pointer id: int64 deltas; phase, device and "has pressure": one byte;
* pressure (only where the device measured it): millionths, uint32.

Resolution is 1 µm and 1 µs, far below what any screen or digitiser resolves, and a
value already on that grid (for instance ``12.345`` mm) decodes to exactly the same
float. Format version 1; the header carries it so a later format can still read it.
"""

from __future__ import annotations

import math
import struct
import sys
import zlib
from array import array
from collections.abc import Iterable, Sequence
from itertools import accumulate
from operator import itemgetter, or_, sub
from typing import Any, NamedTuple

PHASES: tuple[str, ...] = ("down", "move", "up", "cancel")
DEVICES: tuple[str, ...] = ("mouse", "touch", "pen")
_HAS_PRESSURE = 0x10
_COLUMNS = tuple(itemgetter(i) for i in range(7))
_PHASE_CODE = {p: i for i, p in enumerate(PHASES)}
_DEVICE_CODE = {d: i << 2 for i, d in enumerate(DEVICES)}

MAGIC = b"THS"
FORMAT_VERSION = 1
_HEADER = struct.Struct("<3sBI")  # magic, version, sample count
_ZLIB_LEVEL = 1  # the fastest level; higher levels gain little on delta-coded columns

_BIG_ENDIAN = sys.byteorder == "big"
assert array("i").itemsize == 4 and array("I").itemsize == 4 and array("q").itemsize == 8

_INT32 = 2**31
_INT64 = 2**63


class SampleCodecError(ValueError):
    """A sample that cannot be stored faithfully, or a blob that is not a samples blob."""


class Sample(NamedTuple):
    """One pointer sample as stored: mm on the task plane, ms on a monotonic clock."""

    t_ms: float
    pointer_id: int
    x_mm: float
    y_mm: float
    phase: str  # down / move / up / cancel
    device: str  # mouse / touch / pen
    pressure: float | None = None  # only where the device really measures it


def _enum_value(v: Any) -> str:
    return str(getattr(v, "value", v))


def sample_from_event(event: Any) -> Sample:
    """Build a Sample from anything shaped like ``engine.input.PointerEvent`` (duck-typed,
    because progress must not import the engine)."""
    return Sample(
        t_ms=float(event.t_ms),
        pointer_id=int(event.pointer_id),
        x_mm=float(event.x_mm),
        y_mm=float(event.y_mm),
        phase=_enum_value(event.phase),
        device=_enum_value(event.device),
        pressure=None if event.pressure is None else float(event.pressure),
    )


def as_samples(items: Iterable[Any]) -> list[Sample]:
    """Accept Samples, plain tuples or PointerEvent-like objects."""
    out: list[Sample] = []
    for s in items:
        if isinstance(s, Sample):
            out.append(s)
        elif isinstance(s, tuple):
            out.append(Sample(*s))
        else:
            out.append(sample_from_event(s))
    return out


def _fixed(values: Sequence[float], scale: int, what: str, limit: int) -> list[int]:
    if not values:
        return []
    if not math.isfinite(sum(values)):  # NaN or inf anywhere makes the sum non-finite
        bad = next((v for v in values if not math.isfinite(v)), "too large")
        raise SampleCodecError(f"{what} must be a finite number, not {bad!r}")
    out = [round(v * scale) for v in values]
    if min(out) < -limit or max(out) >= limit:
        raise SampleCodecError(f"{what} is out of the storable range")
    return out


def _le_bytes(code: str, values: list[int]) -> bytes:
    a = array(code, values)
    if _BIG_ENDIAN:  # the stored form is little-endian on every platform
        a.byteswap()
    return a.tobytes()


def _deltas(values: list[int]) -> list[int]:
    return list(map(sub, values, [0, *values]))


def _undeltas(values: Sequence[int]) -> list[int]:
    return list(accumulate(values))


def encode_samples(samples: Sequence[Sample]) -> bytes:
    """Encode samples (see the module docstring); raise SampleCodecError on bad values."""
    n = len(samples)
    # Columns by itemgetter, not zip(*samples): that would allocate one GC-tracked
    # iterator per sample and set off collections (10+ ms when the heap is big) mid-save.
    t_ms, pids, xs, ys, phases, devices, pressures = (list(map(g, samples)) for g in _COLUMNS)
    t = _fixed(t_ms, 1000, "sample time", _INT64 // 4)
    x = _fixed(xs, 1000, "x position", _INT32 // 2)
    y = _fixed(ys, 1000, "y position", _INT32 // 2)
    pid = [int(p) for p in pids]
    if pid and (min(pid) < -_INT64 // 4 or max(pid) >= _INT64 // 4):
        raise SampleCodecError("pointer id is out of the storable range")
    # map() over several iterables allocates no per-item tuple (zip in a comprehension
    # does), which keeps the garbage collector out of the save path.
    try:
        codes = list(
            map(
                or_,
                map(_PHASE_CODE.__getitem__, phases),
                map(_DEVICE_CODE.__getitem__, devices),
            )
        )
    except KeyError as exc:
        raise SampleCodecError(f"unknown phase or device in a sample: {exc.args[0]!r}") from exc
    measured = [p for p in pressures if p is not None]
    if measured:
        codes = list(map(or_, codes, [0 if p is None else _HAS_PRESSURE for p in pressures]))
    pr = _fixed(measured, 1_000_000, "pressure", 2**32)
    if pr and min(pr) < 0:
        raise SampleCodecError("pressure must not be negative")
    body = b"".join(
        (
            _le_bytes("q", _deltas(t)),
            _le_bytes("i", _deltas(x)),
            _le_bytes("i", _deltas(y)),
            _le_bytes("q", _deltas(pid)),
            bytes(codes),
            _le_bytes("I", pr),
        )
    )
    return _HEADER.pack(MAGIC, FORMAT_VERSION, n) + zlib.compress(body, _ZLIB_LEVEL)


def decode_samples(blob: bytes) -> list[Sample]:
    """Decode a blob made by ``encode_samples`` (any format version this code knows)."""
    if len(blob) < _HEADER.size:
        raise SampleCodecError("samples blob is too short")
    magic, version, n = _HEADER.unpack_from(blob)
    if magic != MAGIC or version != FORMAT_VERSION:
        raise SampleCodecError(f"not a samples blob this version can read ({magic!r} v{version})")
    try:
        body = zlib.decompress(blob[_HEADER.size :])
    except zlib.error as exc:
        raise SampleCodecError(f"samples blob is damaged: {exc}") from exc
    pos = 0

    def take(code: str, count: int) -> array:
        nonlocal pos
        a = array(code)
        size = a.itemsize * count
        if pos + size > len(body):
            raise SampleCodecError("samples blob is truncated")
        a.frombytes(body[pos : pos + size])
        if _BIG_ENDIAN:
            a.byteswap()
        pos += size
        return a

    t = _undeltas(take("q", n))
    x = _undeltas(take("i", n))
    y = _undeltas(take("i", n))
    pid = _undeltas(take("q", n))
    kinds = body[pos : pos + n]
    if len(kinds) != n:
        raise SampleCodecError("samples blob is truncated")
    pos += n
    n_pressure = sum(1 for k in kinds if k & _HAS_PRESSURE)
    pr = take("I", n_pressure)
    if pos != len(body):
        raise SampleCodecError("samples blob has trailing bytes")
    if any((k >> 2) & 0x3 >= len(DEVICES) for k in kinds):
        raise SampleCodecError("samples blob has an unknown device code")
    if n_pressure:
        it = iter(pr)
        pressures: list[float | None] = [
            next(it) / 1_000_000 if k & _HAS_PRESSURE else None for k in kinds
        ]
    else:
        pressures = [None] * n
    out = list(
        map(
            Sample,
            [v / 1000 for v in t],
            pid,
            [v / 1000 for v in x],
            [v / 1000 for v in y],
            [PHASES[k & 0x3] for k in kinds],
            [DEVICES[(k >> 2) & 0x3] for k in kinds],
            pressures,
        )
    )
    return out
