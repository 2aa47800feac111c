"""Byte-level facts about image bodies (``snapview.core.image_sniff``): formats, header sizes, and
truncation, which the pipeline uses to call a cut-short file corrupt before Qt decodes it.

A false "truncated" would hide a good snapshot, so the JPEG marker walk is run over every kind of
JPEG Pillow writes (baseline, progressive, optimised, each chroma subsampling, restart markers,
grey, CMYK, EXIF with an embedded thumbnail), with trailing bytes added so the walk cannot take its
end-marker shortcut.
"""

from __future__ import annotations

import io
import random
from typing import Any

import pytest
from PIL import Image

from snapview.core.image_sniff import (
    ENDS_IN_DATA,
    ENDS_IN_HEADER,
    image_dimensions,
    is_textual_content_type,
    looks_like_text,
    sniff_image_type,
    truncation,
)


def picture(mode: str = "RGB", size: tuple[int, int] = (173, 97)) -> Image.Image:
    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(size[0] * size[1] * len(mode)))
    return Image.frombytes(mode, size, noise)


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def exif_with_thumbnail() -> bytes:
    # An EXIF block holding a small JPEG of its own: its end marker sits inside the APP1 header.
    thumb = encode(picture(size=(16, 9)), "JPEG")
    exif = Image.Exif()
    exif[0x010E] = "snapshot"
    raw = exif.tobytes()
    return raw + thumb


JPEG_VARIANTS: dict[str, dict[str, Any]] = {
    "baseline": {},
    "progressive": {"progressive": True},
    "optimised": {"optimize": True},
    "4:4:4": {"subsampling": 0},
    "4:2:2": {"subsampling": 1},
    "4:2:0": {"subsampling": 2},
    "restart markers": {"restart_marker_blocks": 4},
    "low quality": {"quality": 5},
}


@pytest.mark.parametrize("name", sorted(JPEG_VARIANTS))
def test_whole_jpegs_are_never_called_truncated(name: str) -> None:
    data = encode(picture(), "JPEG", **JPEG_VARIANTS[name])
    assert sniff_image_type(data) == "jpeg"
    assert truncation(data) is None
    # Trailing bytes after the end marker (padding, appended data) force the full walk.
    assert truncation(data + b"\x00\x11trailing\xff") is None
    assert image_dimensions(data) == (173, 97)


@pytest.mark.parametrize("mode", ["L", "CMYK"])
def test_grey_and_cmyk_jpegs_are_whole(mode: str) -> None:
    data = encode(picture(mode), "JPEG")
    assert truncation(data + b"junk") is None and image_dimensions(data) == (173, 97)


def test_an_exif_thumbnail_does_not_end_the_walk_early() -> None:
    data = encode(picture(), "JPEG", exif=exif_with_thumbnail())
    assert truncation(data + b"junk") is None
    assert image_dimensions(data) == (173, 97)
    # Cut inside the scan, after the thumbnail's own end marker: still truncated.
    assert truncation(data[: len(data) - 200]) == ENDS_IN_DATA


@pytest.mark.parametrize("name", ["baseline", "progressive", "restart markers"])
def test_a_jpeg_cut_anywhere_is_truncated(name: str) -> None:
    data = encode(picture(), "JPEG", **JPEG_VARIANTS[name])
    for cut in range(3, len(data) - 1, max(1, len(data) // 97)):
        assert truncation(data[:cut]) in (ENDS_IN_DATA, ENDS_IN_HEADER), cut


def test_png_and_webp_truncation_and_sizes() -> None:
    png = encode(picture("RGBA"), "PNG")
    assert truncation(png) is None and image_dimensions(png) == (173, 97)
    assert truncation(png[: len(png) // 2]) is not None
    assert truncation(png[:-4]) is not None  # the IEND chunk itself cut
    webp = encode(picture(), "WEBP")
    assert sniff_image_type(webp) == "webp" and truncation(webp) is None
    assert image_dimensions(webp) == (173, 97)
    assert truncation(webp[: len(webp) // 2]) is not None
    lossless = encode(picture("RGBA"), "WEBP", lossless=True)
    assert image_dimensions(lossless) == (173, 97)


@pytest.mark.parametrize("fmt", ["GIF", "BMP"])
def test_header_sizes_of_other_formats(fmt: str) -> None:
    data = encode(picture(), fmt)
    assert sniff_image_type(data) == fmt.lower() and image_dimensions(data) == (173, 97)


def test_a_huge_jpeg_header_is_read_without_decoding() -> None:
    # The 65535×65535 header from the hostile-server report: its size is known from the SOF alone.
    data = bytearray(encode(picture(size=(8, 8)), "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = (65535).to_bytes(2, "big") * 2
    assert image_dimensions(bytes(data)) == (65535, 65535)


def test_garbage_never_raises() -> None:
    rng = random.Random(16)
    whole = encode(picture(), "JPEG")
    for _ in range(2000):
        data = bytearray(whole[: rng.randrange(2, len(whole))])
        for _ in range(rng.randrange(1, 8)):
            data[rng.randrange(len(data))] = rng.choice(
                (0xFF, 0x00, 0xD9, 0xDA, rng.randrange(256))
            )
        sample = bytes(data)
        truncation(sample, "jpeg")
        image_dimensions(sample, "jpeg")
    for prefix in (b"", b"\xff\xd8", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF\x00\x00"):
        truncation(prefix)
        image_dimensions(prefix)


def test_text_bodies_and_content_types() -> None:
    assert looks_like_text(b"") and looks_like_text(b"  <html>") and looks_like_text(b"plain words")
    assert not looks_like_text(encode(picture(), "JPEG"))
    assert is_textual_content_type("text/html; charset=utf-8")
    assert is_textual_content_type("application/json") and not is_textual_content_type("image/png")
