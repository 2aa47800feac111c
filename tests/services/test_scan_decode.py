"""The scan's luma decoder (services/scan_decode.py): a JPEG decoded as brightness alone must get
the verdicts Qt's colour decode gets, name a flat frame's colour, stand EXIF-turned pictures
upright, and leave every broken or non-JPEG picture to the pipeline's own decoder and messages."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageDraw, ImageFilter
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from snapview.services.images import DEFAULT_MAX_IMAGE_PIXELS, FailureKind, decode_image
from snapview.services.scan_decode import analyse_decoded, decode_and_analyse
from snapview.services.scan_images import SCAN_TARGET

W, H = 480, 270


def encoded(image: Image.Image, image_format: str = "JPEG", **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, image_format, **options)
    return out.getvalue()


def busy(seed: int, size: tuple[int, int] = (W, H)) -> Image.Image:
    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.rectangle((x, y, x + rng.randrange(8, 90), y + rng.randrange(6, 60)), fill=colour)
    return image


def letterboxed(seed: int) -> Image.Image:
    image = busy(seed)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, W, 33), fill=(0, 0, 0))
    draw.rectangle((0, H - 34, W, H), fill=(0, 0, 0))
    return image


FRAMES = {
    "clean": lambda: busy(1),
    "black": lambda: Image.new("RGB", (W, H), (4, 3, 5)),
    "green": lambda: Image.new("RGB", (W, H), (0, 135, 0)),
    "grey": lambda: Image.new("RGB", (W, H), (128, 128, 128)),
    "blurred": lambda: busy(2).filter(ImageFilter.GaussianBlur(4)),
    "letterbox": lambda: letterboxed(3),
}


def qt_verdict(data: bytes):
    outcome = decode_image(
        data, SCAN_TARGET, DEFAULT_MAX_IMAGE_PIXELS, "image/jpeg", signature=False
    )
    assert outcome.image is not None
    return outcome, analyse_decoded(outcome.image, outcome.pixel_size)


def kinds(analysis) -> list[str]:
    return [f.kind.value for f in analysis.flags]


@pytest.mark.parametrize("name", list(FRAMES))
def test_a_jpeg_decoded_as_luma_gets_the_flags_of_the_colour_decode(qapp, name) -> None:
    data = encoded(FRAMES[name](), quality=85)
    outcome, analysis = decode_and_analyse(
        data, SCAN_TARGET, DEFAULT_MAX_IMAGE_PIXELS, "image/jpeg"
    )
    reference_outcome, reference = qt_verdict(data)
    assert outcome.failure is None
    assert outcome.image is not None and outcome.image.format() == QImage.Format.Format_Grayscale8
    assert outcome.image.size() == reference_outcome.image.size() == QSize(320, 180)
    assert outcome.pixel_size == reference_outcome.pixel_size == QSize(W, H)
    assert analysis is not None
    assert kinds(analysis) == kinds(reference)
    expected = {"clean": [], "green": ["uniform"], "grey": ["uniform"]}.get(name, [name])
    assert kinds(analysis) == expected
    if name in ("green", "grey"):  # colour was decoded for the flat frame, and named
        assert analysis.flags[0].details["colour"] == name
        assert analysis.flags[0].details == reference.flags[0].details
    if name == "letterbox":
        assert analysis.flags[0].details["top_px"] == reference.flags[0].details["top_px"]
    # The sequence checks compare these: near enough that the two decoders agree on "the same".
    assert analysis.summary.width == reference.summary.width
    assert bin(analysis.summary.dhash ^ reference.summary.dhash).count("1") <= 6


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_an_exif_turned_jpeg_is_judged_upright_and_keeps_its_stored_size(qapp, orientation) -> None:
    upright = letterboxed(4)  # bars top and bottom when shown upright
    turn = {
        3: Image.Transpose.ROTATE_180,
        6: Image.Transpose.ROTATE_90,
        8: Image.Transpose.ROTATE_270,
    }
    stored = upright.transpose(turn[orientation])
    exif = Image.Exif()
    exif[0x0112] = orientation
    data = encoded(stored, quality=90, exif=exif.tobytes())
    outcome, analysis = decode_and_analyse(
        data, SCAN_TARGET, DEFAULT_MAX_IMAGE_PIXELS, "image/jpeg"
    )
    reference_outcome, reference = qt_verdict(data)
    assert outcome.pixel_size == reference_outcome.pixel_size == QSize(*stored.size)
    assert outcome.image is not None and outcome.image.size() == reference_outcome.image.size()
    assert analysis is not None and kinds(analysis) == kinds(reference) == ["letterbox"]
    details = analysis.flags[0].details
    assert details["top"] > 0.1 and details["bottom"] > 0.1 and details["left"] == 0.0


def test_a_truncated_jpeg_is_reported_by_the_pipeline_decoder(qapp) -> None:
    data = encoded(busy(5), quality=85)
    cut = data[: len(data) // 2]
    outcome, analysis = decode_and_analyse(cut, SCAN_TARGET, DEFAULT_MAX_IMAGE_PIXELS, "image/jpeg")
    reference = decode_image(
        cut, SCAN_TARGET, DEFAULT_MAX_IMAGE_PIXELS, "image/jpeg", signature=False
    )
    assert analysis is None and outcome.image is None
    assert outcome.failure is FailureKind.UNDECODABLE
    assert str(outcome.reason) == str(reference.reason)
    assert "truncated" in str(outcome.reason)


def test_a_jpeg_too_large_is_refused_before_any_decode(qapp) -> None:
    data = encoded(busy(6), quality=85)
    outcome, analysis = decode_and_analyse(data, SCAN_TARGET, W * H - 1, "image/jpeg")
    assert analysis is None and outcome.failure is FailureKind.TOO_LARGE
    assert str(outcome.reason) == f"Image too large to show ({W}×{H} pixels)"


def test_a_jpeg_pillow_cannot_read_is_decoded_and_judged_as_the_grid_decodes_it(
    qapp, monkeypatch
) -> None:
    data = encoded(FRAMES["letterbox"](), quality=85)

    def unreadable(*args: object, **kwargs: object) -> Image.Image:
        raise OSError("broken data stream when reading image file")

    monkeypatch.setattr(Image, "open", unreadable)  # the module scan_decode reads it from
    outcome, analysis = decode_and_analyse(
        data, SCAN_TARGET, DEFAULT_MAX_IMAGE_PIXELS, "image/jpeg"
    )
    monkeypatch.undo()
    reference_outcome, reference = qt_verdict(data)
    assert outcome.image is not None and outcome.image.format() == QImage.Format.Format_RGB32
    assert outcome.pixel_size == reference_outcome.pixel_size
    assert analysis == reference and kinds(analysis) == ["letterbox"]


def test_other_formats_go_through_the_pipeline_decoder(qapp) -> None:
    data = encoded(Image.new("RGB", (W, H), (0, 135, 0)), "PNG")
    outcome, analysis = decode_and_analyse(data, SCAN_TARGET, DEFAULT_MAX_IMAGE_PIXELS, "image/png")
    assert outcome.image is not None and outcome.image.format() != QImage.Format.Format_Grayscale8
    assert analysis is not None and kinds(analysis) == ["uniform"]
    assert analysis.flags[0].details["colour"] == "green"
    html = b"<html><body>403 Forbidden</body></html>"
    outcome, analysis = decode_and_analyse(
        html, SCAN_TARGET, DEFAULT_MAX_IMAGE_PIXELS, "image/jpeg"
    )
    assert analysis is None and outcome.failure is FailureKind.NOT_AN_IMAGE
    assert str(outcome.reason) == "Not an image (text/html)"
