"""The 64-bit difference hash (dHash) as ``imagehash.dhash`` computes it, and an index that finds
every earlier hash within a few bits of a new one without comparing all pairs.

dHash: the picture in grayscale, resized to 9×8 with Lanczos, one bit per horizontally adjacent
pair (left < right), row by row, the first bit the most significant — so ``int(str(
imagehash.dhash(img)), 16)`` equals :func:`dhash` (a test checks it bit for bit). A re-encode at
JPEG q60 moves 2 bits, a different scene about 33 (RESEARCH §4.2).

The index uses multi-index hashing (Norouzi, Punjani & Fleet, "Fast search in Hamming space with
multi-index hashing", CVPR 2012): the 64 bits are cut into ``radius + 1`` segments; two hashes
within ``radius`` bits agree exactly on at least one segment (pigeonhole), so only the hashes that
share a segment value with the query are compared. For unrelated frames those buckets are nearly
empty, so a set of n frames costs about O(n) instead of O(n²).

The buckets hold each distinct hash once, with the keys stored under it kept apart in the order
they were added. A video whose frames all look alike — an audio track behind one cover picture,
a long black stretch — gives thousands of frames the same hash: compared frame by frame that was
O(n²) again (19 s for a static 10,000-snapshot video); compared value by value it is one
comparison, and :meth:`HashIndex.keys_of` hands the keys over in order without copying them.

Real videos' hashes are far from random: frames of one scene, or of a studio backdrop, share
segment values, so exact segments alone still compared most pairs (the 10,000-snapshot demo video:
8.1 million comparisons, 2.4 s, and a hundred times that at 100,000 snapshots). So an item may
carry a *band*, a coarse second key that every match must share with the query by the caller's own
rule (the repeat check: cells of its signature's sum and top-minus-bottom balance, which a
near-identical frame cannot leave by more than one cell, ``sequence.signature_bands``); the query
names every band a match may lie in, and only the hashes stored there are compared (0.26 million
for the demo video).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Sequence

from PIL import Image

HASH_BITS = 64


def dhash(image: Image.Image) -> int:
    """The 64-bit dHash of ``image`` (imagehash-compatible, see the module docstring)."""
    small = image.convert("L").resize((9, 8), Image.Resampling.LANCZOS)
    pixels = small.tobytes()
    value = 0
    for row in range(8):
        line = pixels[row * 9 : row * 9 + 9]
        for col in range(8):
            value = (value << 1) | (line[col + 1] > line[col])
    return value


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


class HashIndex:
    """Finds stored hashes within ``radius`` bits of a query. Items are (hash, key) pairs, each in
    a band (see the module docstring; one band for all when none is given); keys are expected in
    increasing order (:meth:`keys_of` relies on it)."""

    def __init__(self, radius: int) -> None:
        if not 0 <= radius < HASH_BITS:
            raise ValueError("radius must be 0..63")
        self.radius = radius
        count = radius + 1
        # Segment boundaries: as equal as possible, covering all 64 bits.
        edges = [round(i * HASH_BITS / count) for i in range(count + 1)]
        self._segments = [(edges[i], edges[i + 1] - edges[i]) for i in range(count)]
        # Per band, per segment: segment value -> the distinct hashes having it in that band.
        self._bands: dict[Hashable, list[defaultdict[int, list[int]]]] = {}
        self._keys: dict[int, list[int]] = {}  # hash -> its keys (all bands), in the order added
        self._banded: set[tuple[int, Hashable]] = set()  # (hash, band) pairs in the buckets
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def _parts(self, value: int) -> Iterator[int]:
        for start, width in self._segments:
            yield (value >> start) & ((1 << width) - 1)

    def add(self, value: int, key: int, band: Hashable = 0) -> None:
        self._keys.setdefault(value, []).append(key)
        if (value, band) not in self._banded:
            self._banded.add((value, band))
            buckets = self._bands.get(band)
            if buckets is None:
                buckets = self._bands[band] = [defaultdict(list) for _ in self._segments]
            for bucket, part in zip(buckets, self._parts(value), strict=True):
                bucket[part].append(value)
        self._size += 1

    def near_values(self, value: int, bands: Iterable[Hashable] = (0,)) -> list[tuple[int, int]]:
        """Every distinct hash stored in one of ``bands`` within ``radius`` bits of ``value``,
        with its distance."""
        found: dict[int, int] = {}
        parts: list[int] | None = None
        for band in bands:
            buckets = self._bands.get(band)
            if buckets is None:
                continue
            parts = parts or list(self._parts(value))
            for bucket, part in zip(buckets, parts, strict=True):
                for stored in bucket.get(part, ()):
                    if stored not in found:
                        found[stored] = hamming(stored, value)
        return [(stored, bits) for stored, bits in found.items() if bits <= self.radius]

    def keys_of(self, value: int) -> Sequence[int]:
        """The keys stored with exactly ``value`` in any band, in the order added (not a copy: do
        not change)."""
        return self._keys.get(value, ())
