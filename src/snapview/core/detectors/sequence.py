"""Sequence checks over the snapshots of one job: ``frozen`` (a run of adjacent near-identical
frames), ``repeat`` (a frame near-identical to a non-adjacent one anywhere in the set) and
``wrong_aspect`` (a frame whose aspect differs from the rest of the set).

They run on :class:`FrameSummary` records — a 64-bit dHash, a 32×18 luma signature (576 bytes) and
the original pixel size — so a scan keeps a few hundred bytes per snapshot, never pixels. "Near
identical" is one rule for both frozen and repeat: a mean absolute difference of the signatures of
at most 1.5 levels. Measured on the emulator's frames decoded at 320 px: a JPEG re-encode of the
same frame at q60 differs by 0.3; a pan of 0.4 % of the width per snapshot by 0.9 (practically
still), of 1 % by 1.9 and of 2 % by 3.7 (a slow pan is motion, not a freeze); neighbouring
snapshots of the 10,000-snapshot demo video by at least 5.7. The grid's older 16×9 signature
averages small motion away (a 1 % pan reads 1.5 there), hence the finer one.

Repeats are found through a :class:`~snapview.core.detectors.dhash.HashIndex` (dHash within 6 bits,
RESEARCH §4.2: "≤ 6–8 fits JPEG snapshots"), then confirmed with the signature rule: dHash alone
matched unrelated frames of the demo videos at 4 bits, which the signatures told apart (≥ 4.3).
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from PIL import Image

from snapview.core.detectors.dhash import HashIndex, dhash
from snapview.core.detectors.kinds import Flag, FrameFlag
from snapview.core.detectors.luma import mean_abs_diff

SIGNATURE_SIZE = (32, 18)
NEAR_IDENTICAL_MAX_MAD = 1.5
REPEAT_MAX_BITS = 6
# Aspect ratios within 2 % are the same (RESEARCH §4.6: rounding of odd sizes stays well below).
ASPECT_TOLERANCE = 0.02
# A "rest of the set" needs a clear majority: more than half of the frames, and at least 3.
ASPECT_MIN_MAJORITY = 0.5
ASPECT_MIN_FRAMES = 3


@dataclass(frozen=True, slots=True)
class FrameSummary:
    """What the sequence checks need of one decoded snapshot (a few hundred bytes).

    ``position`` is the 0-based place in the listing (neighbours are neighbours there, whatever
    their Index says); ``comparable`` is False for frames already flagged black or uniform: two
    flags for one fade would be noise, and every black frame looks like every other.
    """

    position: int
    index: int
    width: int
    height: int
    dhash: int
    signature: bytes
    comparable: bool = True


# The dHash is taken from the luma picture reduced 4× (80×45 at the working width): the Lanczos
# resize to 9×8 from 320 px costs five times as much and the hash is the same in all but rare bits.
HASH_REDUCTION = 4


def signature(luma: Image.Image) -> bytes:
    """The 32×18 box-filtered luma signature of a working-size grayscale picture."""
    return luma.resize(SIGNATURE_SIZE, Image.Resampling.BOX).tobytes()


def hash_picture(luma: Image.Image) -> Image.Image:
    """The picture :func:`summarise` hashes (``imagehash.dhash`` of it gives the same bits)."""
    factor = HASH_REDUCTION if min(luma.size) >= 9 * HASH_REDUCTION else 1
    return luma.reduce(factor) if factor > 1 else luma


def summarise(
    position: int,
    index: int,
    luma: Image.Image,
    original_size: tuple[int, int],
    *,
    comparable: bool = True,
    luma_signature: bytes | None = None,
) -> FrameSummary:
    """``luma_signature``: the picture's :func:`signature` when the caller has made it already."""
    return FrameSummary(
        position,
        index,
        original_size[0],
        original_size[1],
        dhash(hash_picture(luma)),
        signature(luma) if luma_signature is None else luma_signature,
        comparable,
    )


def near_identical(a: bytes, b: bytes, *, max_mad: float = NEAR_IDENTICAL_MAX_MAD) -> bool:
    """Whether two signatures show practically the same picture; different sizes never do."""
    return len(a) == len(b) and bool(a) and mean_abs_diff(a, b) <= max_mad


def frozen_runs(frames: Iterable[FrameSummary]) -> list[list[FrameSummary]]:
    """Runs (≥ 2 frames) of listing neighbours that are near-identical, in order. A frame that is
    missing (failed to load) or not comparable breaks a run."""
    by_position = {f.position: f for f in frames if f.comparable}
    runs: list[list[FrameSummary]] = []
    current: list[FrameSummary] = []
    for position in sorted(by_position):
        frame = by_position[position]
        previous = current[-1] if current else None
        if (
            previous is not None
            and previous.position == position - 1
            and near_identical(previous.signature, frame.signature)
        ):
            current.append(frame)
            continue
        if len(current) >= 2:
            runs.append(current)
        current = [frame]
    if len(current) >= 2:
        runs.append(current)
    return runs


def frozen_flags(runs: Sequence[Sequence[FrameSummary]]) -> dict[int, Flag]:
    """Index -> ``frozen`` flag for every frame of every run, with the run's extent and length."""
    flags: dict[int, Flag] = {}
    for run in runs:
        details = {"run_start": run[0].index, "run_end": run[-1].index, "run_length": len(run)}
        for frame in run:
            flags[frame.index] = Flag(FrameFlag.FROZEN, details)
    return flags


def repeat_flags(
    frames: Iterable[FrameSummary], runs: Sequence[Sequence[FrameSummary]] = ()
) -> dict[int, Flag]:
    """Index -> ``repeat`` flag for each frame that shows the picture of an earlier frame which is
    not its listing neighbour nor in its frozen run. The later frame carries the flag and names the
    earliest frame it repeats (``same_as``)."""
    # A run is consecutive positions, so "not a neighbour nor in my run" is "before my run's
    # first frame and before my left neighbour": one bound per frame, found by bisection in each
    # hash's keys (positions, ascending) — a static video's 10,000 frames never look at each other.
    run_start = {f.position: run[0].position for run in runs for f in run}
    index = HashIndex(REPEAT_MAX_BITS)
    ordered = sorted((f for f in frames if f.comparable), key=lambda f: f.position)
    by_position = {f.position: f for f in ordered}
    flags: dict[int, Flag] = {}
    for frame in ordered:
        before = min(frame.position - 1, run_start.get(frame.position, frame.position))
        best: tuple[int, int, float] | None = None  # earliest (position, bits, difference)
        band, near_bands = signature_bands(frame.signature)
        for value, bits in index.near_values(frame.dhash, near_bands):
            keys = index.keys_of(value)
            for position in itertools.islice(keys, bisect.bisect_left(keys, before)):
                if best is not None and position >= best[0]:
                    break
                difference = mean_abs_diff(by_position[position].signature, frame.signature)
                if difference <= NEAR_IDENTICAL_MAX_MAD:
                    best = (position, bits, difference)
                    break
        if best is not None:
            position, bits, difference = best
            flags[frame.index] = Flag(
                FrameFlag.REPEAT,
                {
                    "same_as": by_position[position].index,
                    "hash_bits": bits,
                    "difference": round(difference, 2),
                },
            )
        index.add(frame.dhash, frame.position, band)
    return flags


def signature_bands(signature: bytes) -> tuple[Hashable, list[Hashable]]:
    """A frame's band in the repeat check's hash index, and every band a frame near-identical to
    it can be in.

    A band is a cell of a coarse grid over two projections of the signature: its sum, and its top
    half's sum minus its bottom half's. Each weighs every sample by +1 or -1, so between two
    signatures it differs by at most Σ|a − b|, which for near-identical frames is at most
    NEAR_IDENTICAL_MAX_MAD × length: ``limit`` (plus one level of margin for the float product).
    In cells ``2 × limit`` wide, such a frame lies, on each projection, in this frame's cell or in
    the neighbour on the side this frame is nearer to: four cells to look in. On the demo video
    they cut the hashes compared 30-fold (8.1 million to 0.26 million); the property test checks
    the flags against comparing every pair. The length is part of the band: signatures of
    different sizes never match."""
    length, total = len(signature), sum(signature)
    limit = math.floor(NEAR_IDENTICAL_MAX_MAD * length) + 1
    top = sum(signature[: length // 2])
    home: list[int] = []
    choices: list[tuple[int, int]] = []
    for value in (total, 2 * top - total):
        cell, offset = divmod(value, 2 * limit)
        home.append(cell)
        choices.append((cell, cell + 1 if offset >= limit else cell - 1))
    return (length, *home), [(length, *cells) for cells in itertools.product(*choices)]


def _same_aspect(a: float, b: float) -> bool:
    return abs(a - b) / b <= ASPECT_TOLERANCE


def wrong_aspect_flags(frames: Iterable[FrameSummary]) -> dict[int, Flag]:
    """Index -> ``wrong_aspect`` for frames whose aspect differs from the clear majority's."""
    sized = [f for f in frames if f.width > 0 and f.height > 0]
    if len(sized) < ASPECT_MIN_FRAMES:
        return {}
    sizes = Counter((f.width, f.height) for f in sized)
    # The majority aspect: the most common exact size, then everything within tolerance of it.
    (common_w, common_h), _ = sizes.most_common(1)[0]
    expected = common_w / common_h
    majority = sum(n for (w, h), n in sizes.items() if _same_aspect(w / h, expected))
    if majority <= ASPECT_MIN_MAJORITY * len(sized) or majority < ASPECT_MIN_FRAMES:
        return {}
    flags: dict[int, Flag] = {}
    for frame in sized:
        aspect = frame.width / frame.height
        if not _same_aspect(aspect, expected):
            flags[frame.index] = Flag(
                FrameFlag.WRONG_ASPECT,
                {
                    "width": frame.width,
                    "height": frame.height,
                    "aspect": round(aspect, 3),
                    "expected_aspect": round(expected, 3),
                    "expected_size": f"{common_w}×{common_h}",
                },
            )
    return flags


def sequence_flags(frames: Sequence[FrameSummary]) -> dict[int, list[Flag]]:
    """Every sequence check over one job's summaries: index -> its flags (frozen, repeat,
    wrong_aspect, in that order)."""
    runs = frozen_runs(frames)
    result: dict[int, list[Flag]] = {}
    for found in (frozen_flags(runs), repeat_flags(frames, runs), wrong_aspect_flags(frames)):
        for index, flag in found.items():
            result.setdefault(index, []).append(flag)
    return result
