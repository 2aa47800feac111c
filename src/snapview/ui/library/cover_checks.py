"""The picture checks a library cover gets beyond "it loaded": the scan's ``uniform`` detector
(:func:`snapview.core.detectors.pixel.check_uniform`), so a flat decoder-green or grey cover is
badged with the same rule, threshold and colour name as a flat frame in a whole-video scan. (The
``black`` check comes with every image from the pipeline: ``ImageResult.is_black``.)

The detector needs Pillow (~70 ms to import) and the RGB pixels; a cheap gate on the pipeline's
16x9 luma signature, which a flat picture always passes, keeps both off the path of every cover
that has any content — nearly all of them — so the first screen of covers does not wait for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QImage

if TYPE_CHECKING:
    from snapview.core.detectors.kinds import Flag

# The detector's own limit (UNIFORM_MAX_STDDEV = 2.0, on a 64x36 box-filtered thumbnail per
# channel) plus room for the coarser signature's rounding: a flat picture reads 0-1 here, any
# picture with content (a caption, a gradient) far more.
SIGNATURE_GATE_STDDEV = 3.0


def _could_be_uniform(signature: bytes) -> bool:
    n = len(signature)
    mean = sum(signature) / n
    spread: float = (sum((v - mean) ** 2 for v in signature) / n) ** 0.5
    return spread <= SIGNATURE_GATE_STDDEV


def uniform_flag(image: QImage, signature: bytes | None) -> Flag | None:
    """The scan's ``uniform`` flag for ``image`` (a decoded cover), or None when it has content."""
    if image.isNull() or (signature and not _could_be_uniform(signature)):
        return None
    from PIL import Image

    from snapview.core.detectors.pixel import check_uniform

    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    data = bytes(rgb.constBits())[: stride * height]
    picture = Image.frombytes("RGB", (width, height), data, "raw", "RGB", stride)
    return check_uniform(picture)
