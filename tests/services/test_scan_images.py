"""The scan's hand-over from a decoded QImage to the detectors: the direct Pillow path must show
the detectors exactly the pixels (and so the verdicts) the packed-Frame path shows them."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageDraw, ImageFilter
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from snapview.core.detectors.analysis import analyse_frame
from snapview.services.images import DEFAULT_MAX_IMAGE_PIXELS, decode_image
from snapview.services.scan_decode import analyse_decoded, frame_from_qimage, pillow_from_qimage
from snapview.services.scan_images import SCAN_TARGET


def jpeg(seed: int, *, blur: float = 0.0, size: tuple[int, int] = (480, 270)) -> bytes:
    rng = random.Random(seed)
    image = Image.new("RGB", size, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.rectangle((x, y, x + rng.randrange(8, 80), y + rng.randrange(6, 50)), fill=colour)
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def decoded(data: bytes) -> tuple[QImage, tuple[int, int]]:
    outcome = decode_image(
        data, SCAN_TARGET, DEFAULT_MAX_IMAGE_PIXELS, "image/jpeg", signature=False
    )
    assert outcome.image is not None
    return outcome.image, (outcome.pixel_size.width(), outcome.pixel_size.height())


@pytest.mark.parametrize(
    "image_format",
    [
        QImage.Format.Format_RGB32,
        QImage.Format.Format_ARGB32,
        QImage.Format.Format_Grayscale8,
        QImage.Format.Format_RGB888,
    ],
)
def test_the_direct_pillow_path_reads_the_same_pixels(qapp, image_format) -> None:
    image, _ = decoded(jpeg(1, size=(333, 187)))  # an odd width: rows of any padding
    image = image.convertToFormat(image_format)
    expected = frame_from_qimage(image).to_image()
    picture = pillow_from_qimage(image)
    assert picture.mode == "RGB"
    assert picture.size == expected.size
    assert picture.tobytes() == expected.tobytes()


def test_a_decoded_jpeg_is_rgb32_so_the_scan_takes_the_direct_path(qapp) -> None:
    image, _ = decoded(jpeg(2))
    assert image.format() == QImage.Format.Format_RGB32


@pytest.mark.parametrize(("seed", "blur"), [(3, 0.0), (4, 3.0), (5, 0.0)])
def test_the_scan_analysis_equals_the_frame_analysis(qapp, seed, blur) -> None:
    image, size = decoded(jpeg(seed, blur=blur))
    direct = analyse_decoded(image, QSize(*size))
    reference = analyse_frame(frame_from_qimage(image), position=-1, index=-1, original_size=size)
    assert direct == reference
    if blur:  # the frames judged include a flagged one
        assert [f.kind.value for f in direct.flags] == ["blurred"]
