"""The scan's own decoder: a JPEG snapshot decoded as luma alone, at the detectors' working size,
and analysed in the same decode thread.

Every pixel check but one reads only brightness (``black``, ``blurred``, ``letterbox``, the
sequence summary); ``uniform`` needs colour only to name it, and only for a frame whose luma is
flat. libjpeg can hand over its Y channel without upsampling the chroma or converting to RGB, and
Pillow asks it for that (``draft("L", …)``, with the same DCT scaling Qt uses): on the emulator's
480×270 thumbnails, about half the CPU of Qt's RGB decode at the scan's size (measured in
``docs/performance.md``, Scan). A frame whose luma is flat is decoded a second time in colour.

Qt stays the judge of everything else: a JPEG that fails the header checks (too large,
truncated), that Pillow cannot read, or any other format goes through
:func:`~snapview.services.images.decode_image` exactly as the grid's pictures do, so the failure
kinds and their messages are the pipeline's.
"""

from __future__ import annotations

import io
import sys
from typing import cast

from PIL import Image
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from snapview.core.detectors.analysis import FrameAnalysis, analyse_image, analyse_luma
from snapview.core.detectors.frame import Frame
from snapview.core.image_sniff import image_dimensions, sniff_image_type, truncation
from snapview.services.images import decode_image
from snapview.services.images.decode import DecodeOutcome, fit_size

# EXIF orientation (TIFF tag 0x0112) → the transpose that shows the picture upright, as Qt's
# auto-transform (and Pillow's ``ImageOps.exif_transpose``) applies it; 5-8 swap width and height.
_ORIENTATION = 0x0112
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_TURNED = frozenset({5, 6, 7, 8})


def decode_and_analyse(
    data: bytes,
    target: QSize,
    max_pixels: int,
    content_type: str,
) -> tuple[DecodeOutcome, FrameAnalysis | None]:
    """The decoded snapshot and its analysis (None when it could not be decoded): the scan's
    :data:`~snapview.services.images.decode.Decoder`. Safe to call from any thread; for a JPEG
    the image in the outcome is the grayscale picture the detectors read."""
    if sniff_image_type(data) == "jpeg":
        decoded = jpeg_luma(data, target, max_pixels)
        if decoded is not None:
            luma, stored = decoded
            analysis = analyse_luma(
                luma,
                lambda: _jpeg_colour(data, luma.size),
                position=-1,
                index=-1,
                original_size=(stored.width(), stored.height()),
            )
            return DecodeOutcome(_as_qimage(luma), None, None, stored), analysis
    outcome = decode_image(data, target, max_pixels, content_type, signature=False)
    if outcome.image is None:
        return outcome, None
    return outcome, analyse_decoded(outcome.image, outcome.pixel_size)


def jpeg_luma(data: bytes, target: QSize, max_pixels: int) -> tuple[Image.Image, QSize] | None:
    """The JPEG's luma fitted in ``target`` and its stored size (before any EXIF turn, as the
    pipeline reports a picture's size), or None when Qt should decode it (and say what is
    wrong)."""
    header = image_dimensions(data, "jpeg")
    if header is None or header[0] * header[1] > max_pixels or truncation(data, "jpeg"):
        return None
    try:
        picture = Image.open(io.BytesIO(data), formats=("JPEG",))
        orientation = picture.getexif().get(_ORIENTATION, 1)
        width, height = picture.size
        turned = orientation in _TURNED
        shown = QSize(height, width) if turned else QSize(width, height)
        fitted = fit_size(shown, target)
        wanted = (fitted.height(), fitted.width()) if turned else (fitted.width(), fitted.height())
        picture.draft("L", wanted)
        luma = _upright(picture.convert("L") if picture.mode != "L" else picture, orientation)
        size = (fitted.width(), fitted.height())
        if luma.size != size:
            luma = luma.resize(size, Image.Resampling.BOX)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    return luma, QSize(width, height)


def _upright(picture: Image.Image, orientation: int) -> Image.Image:
    """``picture`` decoded, and turned as its EXIF ``orientation`` says."""
    picture.load()
    method = _UPRIGHT.get(orientation)
    return picture if method is None else picture.transpose(method)


def _jpeg_colour(data: bytes, size: tuple[int, int]) -> Image.Image:
    """The JPEG in RGB at ``size`` (the luma's), turned as its EXIF says: for the frames whose
    luma is flat, which ``uniform`` names by their colour."""
    picture = Image.open(io.BytesIO(data), formats=("JPEG",))
    orientation = picture.getexif().get(_ORIENTATION, 1)
    picture.draft("RGB", (size[1], size[0]) if orientation in _TURNED else size)
    colour = _upright(picture.convert("RGB"), orientation)
    return colour if colour.size == size else colour.resize(size, Image.Resampling.BOX)


def _as_qimage(luma: Image.Image) -> QImage:
    """The grayscale picture as a QImage the pipeline can hand over (a copy Qt owns)."""
    width, height = luma.size
    return QImage(luma.tobytes(), width, height, width, QImage.Format.Format_Grayscale8).copy()


def frame_from_qimage(image: QImage) -> Frame:
    """A core Frame (packed RGB) of a decoded QImage."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    raw = bytes(rgb.constBits())
    row = width * 3
    if stride == row:
        return Frame(width, height, raw[: row * height])
    return Frame(width, height, b"".join(raw[y * stride : y * stride + row] for y in range(height)))


def pillow_from_qimage(image: QImage) -> Image.Image:
    """The decoded picture as a Pillow RGB image, in one unpacking pass. A JPEG decodes to
    ``Format_RGB32``: 32-bit 0xffRRGGBB words, so B, G, R, X bytes on a little-endian machine,
    which Pillow's "BGRX" raw mode reads straight from Qt's buffer (the same bytes the RGB888
    conversion of :func:`frame_from_qimage` gives, without its two extra copies: a test checks
    it). Other formats (alpha, grayscale, 16-bit) go through that conversion."""
    if image.format() == QImage.Format.Format_RGB32 and sys.byteorder == "little":
        size = (image.width(), image.height())
        # Pillow reads any buffer (its stubs say bytes) and copies while unpacking "BGRX", so
        # the picture does not point into Qt's memory.
        bits = cast(bytes, image.constBits())
        return Image.frombuffer("RGB", size, bits, "raw", "BGRX", image.bytesPerLine(), 1)
    return frame_from_qimage(image).to_image()


def analyse_decoded(image: QImage, original: QSize) -> FrameAnalysis:
    """The analysis of a decoded picture, made in the pipeline's decode thread. The listing
    position and Index in its summary are placeholders: :func:`placed` puts the real ones in."""
    size = (original.width(), original.height())
    return analyse_image(pillow_from_qimage(image), position=-1, index=-1, original_size=size)
