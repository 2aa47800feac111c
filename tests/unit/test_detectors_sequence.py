"""Sequence detectors (frozen, repeat, wrong aspect) and the dHash index, on synthetic frames."""

from __future__ import annotations

import io
import random

import imagehash
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from snapview.core.detectors.dhash import HashIndex, dhash, hamming
from snapview.core.detectors.frame import Frame
from snapview.core.detectors.kinds import FrameFlag
from snapview.core.detectors.luma import mean_abs_diff
from snapview.core.detectors.pixel import luma_of
from snapview.core.detectors.sequence import (
    NEAR_IDENTICAL_MAX_MAD,
    REPEAT_MAX_BITS,
    FrameSummary,
    frozen_runs,
    repeat_flags,
    sequence_flags,
    signature_bands,
    summarise,
    wrong_aspect_flags,
)
from tests.helpers.call_counter import count_calls

W, H = 480, 270


def jpeg(image: Image.Image, quality: int = 82) -> Image.Image:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return Image.open(io.BytesIO(out.getvalue())).convert("RGB")


def scene(seed: int, size: tuple[int, int] = (W + 120, H)) -> Image.Image:
    rng = random.Random(seed)
    image = Image.linear_gradient("L").rotate(90).resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        fill = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse((x, y, x + rng.randrange(20, 90), y + rng.randrange(20, 70)), fill=fill)
    return image


def summary(position: int, image: Image.Image, index: int | None = None) -> FrameSummary:
    frame = Frame.from_image(image.resize((320, round(320 * image.height / image.width))))
    return summarise(position, index or position + 1, luma_of(frame), image.size)


def test_dhash_matches_imagehash_bit_for_bit() -> None:
    for seed in range(12):
        image = jpeg(scene(seed).crop((0, 0, W, H)))
        assert dhash(image) == int(str(imagehash.dhash(image)), 16)
    # and on the emulator-sized working frames the scanner hashes
    luma = luma_of(Frame.from_image(jpeg(scene(99).crop((0, 0, W, H)))))
    assert dhash(luma) == int(str(imagehash.dhash(luma)), 16)


def test_dhash_distances_follow_the_research_figures() -> None:
    a = jpeg(scene(1).crop((0, 0, W, H)))
    assert hamming(dhash(a), dhash(jpeg(a, 60))) <= 3  # a re-encode
    assert hamming(dhash(a), dhash(jpeg(scene(2).crop((0, 0, W, H))))) > 16  # another scene


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 2**64 - 1), min_size=1, max_size=80),
    st.integers(0, 2**64 - 1),
    st.integers(0, 10),
)
def test_hash_index_finds_exactly_what_a_linear_scan_finds(
    stored: list[int], query: int, radius: int
) -> None:
    index = HashIndex(radius)
    # Plant near neighbours of the query too, so there is something to find.
    values = stored + [query ^ (1 << (n * 7 % 64)) for n in range(3)]
    for key, value in enumerate(values):
        index.add(value, key)
    expected = sorted(
        (k, hamming(v, query)) for k, v in enumerate(values) if hamming(v, query) <= radius
    )
    # Every stored key, each once, with its distance: what the repeat check walks.
    found = sorted(
        (key, bits) for value, bits in index.near_values(query) for key in index.keys_of(value)
    )
    assert found == expected


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 2**64 - 1), st.integers(0, 3)), min_size=1, max_size=80),
    st.integers(0, 2**64 - 1),
    st.sets(st.integers(0, 3)),
)
def test_hash_index_finds_what_a_linear_scan_finds_in_the_bands_asked_for(
    stored: list[tuple[int, int]], query: int, bands: set[int]
) -> None:
    index = HashIndex(REPEAT_MAX_BITS)
    # Near neighbours of the query in every band, and one hash stored in two bands.
    items = stored + [(query ^ (1 << n * 9), n % 4) for n in range(4)] + [(query, 0), (query, 2)]
    for key, (value, band) in enumerate(items):
        index.add(value, key, band)
    expected = {
        value: hamming(value, query)
        for value, band in items
        if band in bands and hamming(value, query) <= REPEAT_MAX_BITS
    }
    assert dict(index.near_values(query, sorted(bands))) == expected
    # keys_of names a hash's keys in every band, in order: the repeat check walks them all.
    assert list(index.keys_of(query)) == [k for k, (v, _) in enumerate(items) if v == query]


def test_hash_index_rejects_a_useless_radius() -> None:
    with pytest.raises(ValueError, match="radius"):
        HashIndex(64)


def pan(seed: int, count: int, step: int) -> list[Image.Image]:
    wide = scene(seed)
    return [jpeg(wide.crop((n * step, 0, n * step + W, H))) for n in range(count)]


def test_a_frozen_run_is_reported_with_its_length() -> None:
    still = jpeg(scene(3).crop((0, 0, W, H)))
    frames = [
        jpeg(scene(4).crop((0, 0, W, H))),
        still,
        jpeg(still, 70),
        still,
        jpeg(scene(5).crop((0, 0, W, H))),
    ]
    summaries = [summary(p, f) for p, f in enumerate(frames)]
    flags = sequence_flags(summaries)
    assert sorted(flags) == [2, 3, 4]
    assert flags[3][0].details == {"run_start": 2, "run_end": 4, "run_length": 3}


def test_a_slow_pan_is_not_frozen() -> None:
    # 2 px (0.4 % of the width) per snapshot: slow, but the picture moves (difference ≈ 2.5,
    # between the 1.5 cut and the 16×9 grid's looser 4).
    summaries = [summary(p, f) for p, f in enumerate(pan(6, 8, 2))]
    assert frozen_runs(summaries) == []
    assert sequence_flags(summaries) == {}


def test_a_missing_frame_breaks_a_frozen_run() -> None:
    still = jpeg(scene(7).crop((0, 0, W, H)))
    summaries = [summary(0, still), summary(2, still)]  # position 1 failed to load
    assert frozen_runs(summaries) == []


def test_a_non_adjacent_repeat_names_the_frame_it_repeats() -> None:
    frames = [jpeg(scene(10 + n).crop((0, 0, W, H))) for n in range(10)]
    frames[7] = jpeg(frames[2], 75)  # frame 8 shows frame 3 again, re-encoded
    summaries = [summary(p, f) for p, f in enumerate(frames)]
    flags = repeat_flags(summaries)
    assert list(flags) == [8]
    assert flags[8].details["same_as"] == 3


def test_neighbours_and_frozen_runs_are_not_repeats() -> None:
    still = jpeg(scene(30).crop((0, 0, W, H)))
    other = jpeg(scene(31).crop((0, 0, W, H)))
    summaries = [summary(p, f) for p, f in enumerate([still, still, still, other])]
    runs = frozen_runs(summaries)
    assert repeat_flags(summaries, runs) == {}


def test_similar_but_different_frames_are_not_repeats() -> None:
    # The same scene 2 % of the width apart: dHash may be close, the signatures are not.
    frames = pan(40, 6, 10)
    summaries = [summary(p, frames[p]) for p in (0, 3)] + [summary(5, frames[5])]
    assert repeat_flags([replace_position(s, n * 3) for n, s in enumerate(summaries)]) == {}


def replace_position(s: FrameSummary, position: int) -> FrameSummary:
    return FrameSummary(position, position + 1, s.width, s.height, s.dhash, s.signature)


def test_black_and_uniform_frames_are_not_compared() -> None:
    black = Image.new("RGB", (W, H))
    summaries = [
        FrameSummary(p, p + 1, W, H, dhash(black), b"\x00" * 576, comparable=False)
        for p in range(4)
    ]
    assert sequence_flags(summaries) == {}


def sized(position: int, width: int, height: int) -> FrameSummary:
    return FrameSummary(position, position + 1, width, height, position, bytes([position]) * 576)


def test_a_frame_of_another_aspect_is_flagged() -> None:
    frames = [sized(p, 480, 270) for p in range(6)] + [sized(6, 360, 270), sized(7, 481, 270)]
    flags = wrong_aspect_flags(frames)
    assert list(flags) == [7]  # 481×270 is within 2 %
    assert flags[7].details["expected_size"] == "480×270"
    assert flags[7].details["aspect"] == pytest.approx(4 / 3, abs=0.001)


def test_without_a_clear_majority_no_aspect_is_wrong() -> None:
    frames = [sized(p, 480, 270) for p in range(3)] + [sized(p, 360, 270) for p in range(3, 6)]
    assert wrong_aspect_flags(frames) == {}
    assert wrong_aspect_flags([sized(0, 480, 270), sized(1, 100, 100)]) == {}


def _pairwise_repeats(frames: list[FrameSummary], runs: list[list[FrameSummary]]) -> dict:
    """The repeat rule as documented, by comparing every pair: the oracle for the index."""
    run_of = {f.position: n for n, run in enumerate(runs) for f in run}
    out = {}
    ordered = sorted((f for f in frames if f.comparable), key=lambda f: f.position)
    for later in ordered:
        for earlier in ordered:
            if earlier.position >= later.position - 1:
                break
            if later.position in run_of and run_of.get(earlier.position) == run_of[later.position]:
                continue
            if hamming(earlier.dhash, later.dhash) > REPEAT_MAX_BITS:
                continue
            if mean_abs_diff(earlier.signature, later.signature) <= NEAR_IDENTICAL_MAX_MAD:
                out[later.index] = earlier.index
                break
    return out


# A few pictures (hash, signature level) and their near twins, so runs and repeats are common.
_PICTURES = [(0x0F0F_0F0F_0F0F_0F0F, 40), (0x0F0F_0F0F_0F0F_0F0E, 41), (0xF0F0_F0F0_F0F0_F0F0, 90)]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.booleans(), st.booleans()), max_size=60))
def test_repeats_are_what_comparing_every_pair_finds(picks: list[tuple[int, bool, bool]]) -> None:
    frames = []
    for position, (picture, shifted, missing) in enumerate(picks):
        if missing:
            continue  # a failed snapshot: a hole in the listing
        value, level = _PICTURES[picture]
        # A shifted copy: a hash 1 bit away with a signature 3 levels off (not near-identical).
        value, level = (value ^ 1 << 40, level + 3) if shifted else (value, level)
        frames.append(FrameSummary(position, position + 1, 320, 180, value, bytes([level]) * 576))
    runs = frozen_runs(frames)
    found = {i: f.details["same_as"] for i, f in repeat_flags(frames, runs).items()}
    assert found == _pairwise_repeats(frames, runs)


def test_a_static_video_costs_one_hash_comparison_a_frame(monkeypatch) -> None:
    # An audio track behind one cover picture: 10,000 snapshots with the same hash. Compared
    # frame by frame (the index before) that was 50 million comparisons and 19 s in the scan.
    from snapview.core.detectors import dhash as dhash_module

    hamming_calls = count_calls(monkeypatch, dhash_module, "hamming")
    cover = bytes(range(200)) * 3
    frames = [
        FrameSummary(p, p + 1, 320, 180, 0x0123_4567_89AB_CDEF, cover[:576]) for p in range(10_000)
    ]
    flags = sequence_flags(frames)
    assert hamming_calls.calls <= len(frames)
    # One frozen run over the whole video, and no frame a "repeat" of its own run.
    assert {f.kind for found in flags.values() for f in found} == {FrameFlag.FROZEN}
    assert flags[1][0].details["run_length"] == 10_000


@settings(max_examples=150, deadline=None)
@given(
    st.binary(min_size=576, max_size=576),
    st.lists(st.tuples(st.integers(0, 575), st.integers(-60, 60)), max_size=60),
)
def test_a_near_identical_signature_is_always_in_one_of_the_bands_looked_in(
    signature: bytes, changes: list[tuple[int, int]]
) -> None:
    twin = bytearray(signature)
    budget = int(NEAR_IDENTICAL_MAX_MAD * len(signature))  # Σ|a − b| a near twin may have
    for position, delta in changes:
        new = min(255, max(0, twin[position] + delta))
        spent = sum(abs(a - b) for a, b in zip(signature, twin, strict=True))
        if spent - abs(twin[position] - signature[position]) + abs(new - signature[position]) > (
            budget
        ):
            break
        twin[position] = new
    assert mean_abs_diff(signature, bytes(twin)) <= NEAR_IDENTICAL_MAX_MAD
    home, looked_in = signature_bands(signature)
    twin_home, twin_looks_in = signature_bands(bytes(twin))
    assert twin_home in looked_in
    assert home in twin_looks_in


def test_a_repeat_across_a_band_edge_is_still_found() -> None:
    # Sums 22,489 and 23,290 lie either side of a cell edge (cells are 1,730 wide at 576 bytes),
    # yet differ by 801 over 576 samples: 1.39 on average, near-identical.
    first = bytes([40] * 25 + [39] * 551)
    again = bytes([41] * 250 + [40] * 326)
    assert sum(first) == 22_489 and sum(again) == 23_290
    assert mean_abs_diff(first, again) <= NEAR_IDENTICAL_MAX_MAD
    assert signature_bands(first)[0] != signature_bands(again)[0]
    value = 0x0123_4567_89AB_CDEF
    frames = [
        FrameSummary(0, 1, 320, 180, value, first),
        FrameSummary(1, 2, 320, 180, value ^ 0xFFFF_0000_FFFF_0000, bytes([200] * 576)),
        FrameSummary(2, 3, 320, 180, value, again),
    ]
    flags = repeat_flags(frames)
    assert flags[3].details["same_as"] == 1


def test_look_alike_hashes_are_told_apart_by_band_not_compared_pairwise(monkeypatch) -> None:
    # Frames of one setting share most of their dHash (a sky, a studio backdrop): every frame of
    # the 10,000-snapshot demo video shared a hash segment with hundreds of others, and the
    # repeat check compared 8.1 million hashes. Here 3,000 frames share the top 16 bits and
    # differ in brightness: each may only be compared with the few of a brightness like its own.
    from snapview.core.detectors import dhash as dhash_module

    hamming_calls = count_calls(monkeypatch, dhash_module, "hamming")
    rng = random.Random(7)
    frames = [
        FrameSummary(p, p + 1, 320, 180, 0xABCD << 48 | rng.getrandbits(48), bytes([p % 250]) * 576)
        for p in range(3000)
    ]
    repeat_flags(frames)
    # Each frame meets the earlier ones within about 6 levels of its own (36 a frame on average
    # here); sharing a hash segment alone, it met every earlier frame (1,500 on average).
    assert hamming_calls.calls <= 50 * len(frames)
