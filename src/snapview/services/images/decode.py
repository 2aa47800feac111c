"""Turning a downloaded body into a tile-sized ``QImage`` in a worker thread, and the small image
helpers around it: fitting a size, the grey signature for the frame checks, cropping sprite cells,
and what a decode costs in pixels.

Decoding uses ``QImageReader`` with ``setScaledSize`` over a path (see ``scratch.py`` for why not a
Python ``QBuffer``): ``read()`` releases the GIL and a JPEG decodes at 1/2..1/8 cost, while
``QImage.fromData`` would hold the GIL and stall the GUI (CRAFT practice 7). Before Qt sees a byte,
the header says the format (so Qt never probes plugins, see below), the pixel size (a decompression
bomb is refused before any allocation; Qt's allocation limit, set by the pipeline, is the second
guard) and whether the file is complete: a truncated JPEG is reported as corrupt instead of decoded
into a half-grey picture that libjpeg only warns about. QImages cross threads; QPixmaps are the
grid's business.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QImage, QImageIOHandler, QImageReader

from snapview.core.frame_checks import SIGNATURE_HEIGHT, SIGNATURE_WIDTH, is_black_frame
from snapview.core.i18n import QT_TRANSLATE_NOOP, Message
from snapview.core.image_sniff import (
    BAD_LENGTH,
    image_dimensions,
    is_textual_content_type,
    looks_like_text,
    sniff_image_type,
    truncation,
)
from snapview.services.images.failures import FailureKind, msg
from snapview.services.images.scratch import ScratchFiles

_scratch = ScratchFiles()

# The largest picture (width × height, as its header states it) the grid and the scan decode. A
# snapshot is a video frame: 8K is 33 million pixels, so 50 million passes any real frame or
# sprite sheet, while a decompression bomb (a few KB claiming 100,000 × 100,000) is refused
# before Qt allocates anything for it.
DEFAULT_MAX_IMAGE_PIXELS = 50_000_000


@dataclass(frozen=True)
class DecodeOutcome:
    image: QImage | None
    failure: FailureKind | None
    reason: Message | None
    pixel_size: QSize
    signature: bytes | None = None
    is_black: bool = False


# A load's own decoder, run in a decode thread instead of :func:`decode_image`: (body, target size,
# max pixels, Content-Type) -> (the outcome, what it derived from the picture, kept as the result's
# ``derived``). The scan decodes its JPEGs as luma and analyses them there (scan_decode.py).
Decoder = Callable[[bytes, QSize, int, str], tuple[DecodeOutcome, object | None]]


def fit_size(original: QSize, target: QSize) -> QSize:
    """``original`` scaled to fit in ``target`` keeping its aspect ratio, never enlarged."""
    if (
        not target.isValid()
        or target.isEmpty()
        or (original.width() <= target.width() and original.height() <= target.height())
    ):
        return QSize(original)
    scaled = original.scaled(target, Qt.AspectRatioMode.KeepAspectRatio)
    return QSize(max(1, scaled.width()), max(1, scaled.height()))


def gray_signature(image: QImage) -> bytes:
    """A 16x9 8-bit grayscale thumbnail (row by row, no padding) for the checks in ``core.frame_checks``."""
    small = image.scaled(
        SIGNATURE_WIDTH,
        SIGNATURE_HEIGHT,
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    ).convertToFormat(QImage.Format.Format_Grayscale8)
    raw = bytes(small.constBits())
    stride = small.bytesPerLine()
    return b"".join(raw[y * stride : y * stride + SIGNATURE_WIDTH] for y in range(SIGNATURE_HEIGHT))


def decode_cost(data: bytes, target: QSize) -> int | None:
    """The 4-byte pixels a decode of ``data`` at ``target`` holds at its peak, from the header;
    None when the header says nothing.

    A JPEG is decoded at the smallest 1/8 step of libjpeg's DCT scaling that still covers the
    target; every other format is decoded whole and then scaled (``_shrink``), and a 16-bit PNG
    holds 8 bytes a pixel, so it counts twice.
    """
    image_format = sniff_image_type(data)
    size = image_dimensions(data, image_format)
    if size is None:
        return None
    width, height = size
    scaled = fit_size(QSize(width, height), target)
    out = scaled.width() * scaled.height()
    if image_format == "jpeg" and width and height:
        eighths = max(8 * scaled.width() / width, 8 * scaled.height() / height)
        step = min(8, max(1, math.ceil(eighths - 1e-9)))
        return math.ceil(width * step / 8) * math.ceil(height * step / 8) + out
    wide = 2 if image_format == "png" and len(data) > 24 and data[24] == 16 else 1
    return width * height * wide + out


def decode_image(
    data: bytes,
    target: QSize,
    max_pixels: int,
    content_type: str = "",
    *,
    scratch: ScratchFiles | None = None,
    signature: bool = True,
) -> DecodeOutcome:
    """Decode ``data`` at (at most) ``target`` size. Safe to call from any thread.

    ``signature=False`` skips the grey signature and the black check of the grid (a scan runs its
    own detectors on the image).

    Raises ``OSError`` only when no scratch file can be written (a fault of this computer).
    """
    kind_label = content_type.split(";", 1)[0].strip() or "unknown type"
    image_format = sniff_image_type(data)
    if image_format is None:
        return _undecodable(data, "Unsupported image format", kind_label)
    header = image_dimensions(data, image_format)
    header_size = QSize(*header) if header is not None else QSize()
    if header is not None and header[0] * header[1] > max_pixels:
        return _too_large(header_size)
    cut = truncation(data, image_format)
    if cut is not None:
        reason = (
            msg(QT_TRANSLATE_NOOP("Images", "Corrupt image: {error}"), error=cut)
            if cut == BAD_LENGTH
            else msg(
                QT_TRANSLATE_NOOP(
                    "Images", "Corrupt image: the file is truncated (premature end of data)"
                )
            )
        )
        return DecodeOutcome(None, FailureKind.UNDECODABLE, reason, header_size)
    with (scratch or _scratch).path_for(data) as path:
        return _read(path, data, image_format, target, max_pixels, kind_label, signature)


def _read(
    path: str,
    data: bytes,
    image_format: str,
    target: QSize,
    max_pixels: int,
    kind_label: str,
    with_signature: bool = True,
) -> DecodeOutcome:
    reader = QImageReader(path)
    # Name the format so Qt never probes plugins with our data while it holds its plugin-loader
    # mutex: a plugin warning there goes to the (Python) Qt message handler, which needs the GIL,
    # while the GUI thread may hold the GIL and wait for that mutex (a deadlock seen in the tests).
    reader.setFormat(image_format.encode("ascii"))
    reader.setDecideFormatFromContent(False)
    reader.setAutoTransform(True)
    if not reader.canRead():
        _check_still_there(path)
        return _undecodable(data, reader.errorString(), kind_label)
    shrink_to: QSize | None = None  # scaled here rather than by the reader, see _shrink
    original = reader.size()
    if original.isValid():
        if original.width() * original.height() > max_pixels:
            return _too_large(original)
        rotated = bool(
            reader.transformation() & QImageIOHandler.Transformation.TransformationRotate90
        )
        shown = original.transposed() if rotated else original
        scaled = fit_size(shown, target)
        if scaled != shown:
            if reader.supportsOption(QImageIOHandler.ImageOption.ScaledSize):
                reader.setScaledSize(scaled.transposed() if rotated else scaled)
            else:
                shrink_to = scaled
    image = reader.read()
    if image.isNull():
        _check_still_there(path)
        if reader.error() == QImageReader.ImageReaderError.InvalidDataError and "allocation" in (
            reader.errorString().lower()
        ):
            return DecodeOutcome(
                None,
                FailureKind.TOO_LARGE,
                msg(QT_TRANSLATE_NOOP("Images", "Image too large to show (over the memory limit)")),
                QSize(original),
            )
        return _undecodable(data, reader.errorString(), kind_label, QSize(original))
    if shrink_to is not None:
        image = _shrink(image, shrink_to)
    if not original.isValid():
        original = image.size()
    if not with_signature:
        return DecodeOutcome(image, None, None, QSize(original))
    signature = gray_signature(image)
    return DecodeOutcome(image, None, None, QSize(original), signature, is_black_frame(signature))


def _shrink(image: QImage, size: QSize) -> QImage:
    """``image`` scaled to ``size``, at the peak memory of one full-size copy.

    For a format the reader cannot decode scaled (all but JPEG), QImageReader scales the decoded
    image itself, and Qt's smooth scaling first converts non-premultiplied alpha into a second
    full-size copy: a 49-megapixel RGBA PNG peaked at 375 MB. Converting in place first peaks at
    188 MB, and is faster too (measured: 1.8 s instead of 2.8 s).
    """
    if image.format() == QImage.Format.Format_ARGB32:
        image.convertTo(QImage.Format.Format_ARGB32_Premultiplied)
    return image.scaled(
        size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


def _check_still_there(path: str) -> None:
    """A scratch file that vanished before Qt opened it is a local fault, not a corrupt image."""
    if not os.path.exists(path):
        raise FileNotFoundError(2, "the decode scratch file disappeared", path)


def _too_large(size: QSize) -> DecodeOutcome:
    return DecodeOutcome(
        None,
        FailureKind.TOO_LARGE,
        msg(
            QT_TRANSLATE_NOOP("Images", "Image too large to show ({width}×{height} pixels)"),
            width=size.width(),
            height=size.height(),
        ),
        QSize(size),
    )


def _undecodable(
    data: bytes, error: str, kind_label: str, size: QSize | None = None
) -> DecodeOutcome:
    if sniff_image_type(data) is None and looks_like_text(data):
        if is_textual_content_type(kind_label):
            label = kind_label
        else:  # mislabelled (an error page served as image/jpeg): name what it really is
            label = "text/html" if b"<html" in data[:2048].lower() else "text"
        return DecodeOutcome(
            None,
            FailureKind.NOT_AN_IMAGE,
            msg(QT_TRANSLATE_NOOP("Images", "Not an image ({content_type})"), content_type=label),
            size or QSize(),
        )
    return DecodeOutcome(
        None,
        FailureKind.UNDECODABLE,
        msg(QT_TRANSLATE_NOOP("Images", "Corrupt image: {error}"), error=error or "unknown error"),
        size or QSize(),
    )


def crop(
    image: QImage, rect: QRect | tuple[int, int, int, int], *, original_size: QSize | None = None
) -> QImage | None:
    """The part of ``image`` inside ``rect`` (for "Split frames" on sprite sheets).

    ``rect`` is in the coordinates of the original sheet; when the image was decoded smaller
    (``original_size`` given, e.g. ``ImageResult.pixel_size``) the rectangle is scaled to match.
    Parts outside the image are clipped; None when nothing is left.
    """
    r = rect if isinstance(rect, QRect) else QRect(*rect)
    if original_size is not None and original_size.isValid() and original_size != image.size():
        sx = image.width() / original_size.width()
        sy = image.height() / original_size.height()
        left, top = math.floor(r.x() * sx), math.floor(r.y() * sy)
        right, bottom = math.ceil((r.x() + r.width()) * sx), math.ceil((r.y() + r.height()) * sy)
        r = QRect(left, top, right - left, bottom - top)
    r = r.intersected(image.rect())
    if r.isEmpty():
        return None
    return image.copy(r)
