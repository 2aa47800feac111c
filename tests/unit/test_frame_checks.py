"""QA heuristics: black frames and near-duplicates, on 16x9 grayscale signatures."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from snapview.core.frame_checks import (
    duplicate_flags,
    is_black_frame,
    is_near_duplicate,
    luma_stats,
    mean_abs_diff,
    rgb_to_gray,
)

N = 16 * 9


def flat(value: int) -> bytes:
    return bytes([value]) * N


def noisy(base: bytes, amplitude: int, seed: int) -> bytes:
    rng = random.Random(seed)
    return bytes(max(0, min(255, p + rng.randint(-amplitude, amplitude))) for p in base)


def scene(seed: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randint(0, 255) for _ in range(N))


def test_black_frames() -> None:
    assert is_black_frame(flat(0))
    assert is_black_frame(flat(16))  # studio black
    assert is_black_frame(noisy(flat(8), 4, 1))  # black with sensor/JPEG noise
    assert not is_black_frame(flat(60))  # dark grey
    # A dark scene with a bright window is dark on average but not flat: not a black frame.
    dark_scene = flat(5)[: N - 20] + flat(250)[:20]
    assert luma_stats(dark_scene)[0] < 40
    assert not is_black_frame(dark_scene)
    assert not is_black_frame(b"")


def test_near_duplicates() -> None:
    a = scene(1)
    assert is_near_duplicate(a, a)
    assert is_near_duplicate(a, noisy(a, 3, 2))  # re-encoded same frame
    assert not is_near_duplicate(a, scene(2))  # a cut
    assert not is_near_duplicate(a, a[:-1])  # different sizes never match
    assert mean_abs_diff(flat(10), flat(30)) == 20
    with pytest.raises(ValueError, match="differ in size"):
        mean_abs_diff(b"\x00", b"")


def test_duplicate_flags_follow_time_order_and_break_on_missing_frames() -> None:
    a, b = scene(1), scene(2)
    flags = duplicate_flags([a, noisy(a, 2, 3), b, None, b, b])
    assert flags == [False, True, False, False, False, True]
    # A run of black frames is badged black, not also duplicate.
    assert duplicate_flags([a, flat(0), flat(0), flat(2)]) == [False, False, False, False]


def test_rgb_to_gray_uses_bt601_weights() -> None:
    assert rgb_to_gray(bytes([255, 255, 255, 0, 0, 0, 255, 0, 0, 0, 255, 0])) == bytes(
        [255, 0, 76, 150]
    )
    with pytest.raises(ValueError, match="multiple of 3"):
        rgb_to_gray(b"\x00\x00")


def test_the_grids_badges_never_load_pillow() -> None:
    # The badges run on the GUI thread and in every decode thread; importing Pillow there (the
    # scan's detectors need it) held each decode thread's first picture back ~100 ms.
    script = (
        "import sys\n"
        "from snapview.core import frame_checks as f\n"
        "assert f.is_black_frame(bytes(144)) and f.is_near_duplicate(bytes(144), bytes(144))\n"
        "assert f.duplicate_flags([bytes(range(144)), bytes(range(144))]) == [False, True]\n"
        "print('PIL' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
