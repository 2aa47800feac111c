"""Pixel checks on one decoded snapshot: ``black``, ``uniform`` (with its colour), ``blurred`` and
``letterbox`` (with the bar sizes), each a pure function of a :class:`Frame`.

Every threshold is a named constant with its source beside it (RESEARCH §4: ffmpeg's blackframe,
cropdetect; variance of the Laplacian after Pech-Pacheco et al.; uniform/green/grey frames). The
guiding rule is precision: a flag a reviewer learns to ignore is worse than none, so each check has
a gate against the content that is known to fool it (a dark scene with highlights is not black; a
sharp frame with little texture is not blurred; a dark sky is not a letterbox bar).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PIL import Image, ImageFilter

from snapview.core.detectors.frame import WORKING_WIDTH, Frame
from snapview.core.detectors.kinds import Flag, FrameFlag, Severity
from snapview.core.detectors.luma import BLACK_MIN_FRACTION, BLACK_PIXEL_MAX

# Private names: version.py digests this module's public constants, and these are sequence's.
from snapview.core.detectors.sequence import SIGNATURE_SIZE as _SIGNATURE_SIZE
from snapview.core.detectors.sequence import signature as _signature

# --- black: ffmpeg's blackframe rule lives in .luma (the grid's badges share it, without Pillow);
# imported above under its own names, so version.py's digest still reads them as pixel's.

# --- uniform: a solid or nearly solid colour (decoder green, mid-grey, any flat colour) ----------
# Measured on a 64×36 box-filtered thumbnail, which averages JPEG noise away: a flat frame reads a
# channel standard deviation of 0-1 (RESEARCH §4.7: black/green/grey 0.00, a natural frame 45.9).
# 2 leaves room for noise, yet a flat card with one short line of small caption text already
# reads 3, so designs with any content on a flat background are not flagged.
UNIFORM_THUMB_SIZE = (64, 36)
UNIFORM_MAX_STDDEV = 2.0
# Colour names for the report. Decoder-failure green is YUV (0,0,0) shown as RGB ≈ (0,135,0)
# (NVIDIA/nvvl#37); mid-grey ≈ 128 is the typical "missing reference frame" picture.
GREEN_MIN_G = 90
GREEN_MAX_RB = 60
GREY_MAX_CHROMA = 12

# --- blurred: variance of the Laplacian at 320 px wide (RESEARCH §4.3) ---------------------------
# Pillow recipe verified against OpenCV: 3×3 kernel [0,1,0,1,-4,1,0,1,0] with offset 128, the
# 1-px border cropped (Pillow leaves edge pixels unfiltered), ImageStat variance. Sharp frames of
# the emulator read 300-560, the same frames blurred with σ1.5 (at 480 px) 46-66, σ2 18-29, σ3
# 5-9; "100 or less is blurry" is the usual cut (togaware mlhub). Low variance alone also fires on
# sharp frames with little texture (a flat background with a logo or a caption), the method's known
# false positive, so a second gate looks at the edges that are there: a step edge keeps a
# Laplacian response of about half its contrast after the downscale, while a Gaussian blur of σ
# leaves at most 0.24·contrast/σ². Of the pixels that respond at all (≥ 8), 43-50 % answer ≥ 40
# on a sharp frame however little texture it has (a logo or a caption on a flat card: 58-70 %),
# 6-11 % after σ1.5, under 0.7 % after σ2 — so the 2 % cut flags σ ≥ 2 and leaves σ1.5 (soft,
# not broken) alone. Frames with almost no responding pixels (under 0.5 %) have too little
# structure to judge and are left alone.
BLUR_MAX_LAPLACIAN_VARIANCE = 100.0
BLUR_EDGE_RESPONSE = 8
BLUR_SHARP_RESPONSE = 40
BLUR_MAX_SHARP_SHARE = 0.02
BLUR_MIN_EDGE_FRACTION = 0.005

# --- letterbox: ffmpeg's cropdetect rule (libavfilter/vf_cropdetect.c), with two gates ----------
# From each edge, rows (or columns) whose mean luma is ≤ 24 (``limit``) are bar. Gates against a
# dark sky or a dark set read as a bar: a bar row must also be empty (at most 2 % of its samples
# at 32 or above, blackframe's rule again: no stars, no text) and the picture must start with a
# visible step (the first two picture rows at least 16 levels brighter than the bar), which a
# gradually darkening sky never has. Bars under 5 % are not reported (RESEARCH §4.4: "flag when
# > ~5 %"). Equal bars on opposite sides (within 2 % of the frame) are a letterboxed or
# pillarboxed source — expected, so *info*; bars on one side only, or unequal, mean a shifted or
# mis-cropped picture — a *defect*.
LETTERBOX_MAX_MEAN = 24
LETTERBOX_MAX_BRIGHT_FRACTION = 0.02
LETTERBOX_MIN_STEP = 16
LETTERBOX_MIN_FRACTION = 0.05
LETTERBOX_SYMMETRY_TOLERANCE = 0.02

_LEVELS = range(256)
_SQUARES = [i * i for i in range(256)]
_BRIGHT = [255 if v > BLACK_PIXEL_MAX else 0 for v in range(256)]
_LAPLACIAN = ImageFilter.Kernel((3, 3), [0, 1, 0, 1, -4, 1, 0, 1, 0], scale=1, offset=128)


@dataclass(frozen=True, slots=True)
class PixelReport:
    """What the pixel checks found on one frame, and the luma picture the sequence checks reuse."""

    flags: tuple[Flag, ...]
    luma: Image.Image  # the working-size grayscale picture (mode "L")
    signature: bytes  # its 32×18 box-filtered signature (sequence.SIGNATURE_SIZE)


def histogram_stats(histogram: list[int]) -> list[tuple[float, float]]:
    """(mean, standard deviation) per band of a Pillow histogram (256 bins a band). Pillow's
    ImageStat does the same in several Python passes; one pass is several times faster."""
    stats = []
    for band in range(len(histogram) // 256):
        bins = histogram[band * 256 : band * 256 + 256]
        count = sum(bins)
        if not count:
            stats.append((0.0, 0.0))
            continue
        # map() over C callables: the generator form was ~7 % of a scan's analysis time.
        total = sum(map(operator.mul, _LEVELS, bins))
        squares = sum(map(operator.mul, _SQUARES, bins))
        mean = total / count
        stats.append((mean, max(0.0, squares / count - mean * mean) ** 0.5))
    return stats


def luma_of(frame: Frame) -> Image.Image:
    """The working-size luma picture (ITU-R BT.601 weights, as JPEG and ``rgb_to_gray`` use)."""
    return frame.working_image().convert("L")


def black_fraction(luma: Image.Image) -> float:
    histogram = luma.histogram()
    total = sum(histogram)
    return sum(histogram[: BLACK_PIXEL_MAX + 1]) / total if total else 0.0


def check_black(luma: Image.Image) -> Flag | None:
    histogram = luma.histogram()
    total = sum(histogram)
    fraction = sum(histogram[: BLACK_PIXEL_MAX + 1]) / total if total else 0.0
    if fraction < BLACK_MIN_FRACTION:
        return None
    mean = histogram_stats(histogram)[0][0]
    return Flag(
        FrameFlag.BLACK, {"black_fraction": round(fraction, 3), "mean_luma": round(mean, 1)}
    )


def colour_name(rgb: tuple[int, int, int]) -> str:
    """black / white / grey / green / other, for a flat colour."""
    r, g, b = rgb
    if max(rgb) - min(rgb) <= GREY_MAX_CHROMA:
        mean = (r + g + b) / 3
        if mean <= BLACK_PIXEL_MAX:
            return "black"
        return "white" if mean >= 224 else "grey"
    if g >= GREEN_MIN_G and r <= GREEN_MAX_RB and b <= GREEN_MAX_RB:
        return "green"
    return "other"


def check_uniform(image: Image.Image) -> Flag | None:
    """``image`` is the frame in RGB (any size: it is reduced to the 64×36 thumbnail)."""
    thumb = image.resize(UNIFORM_THUMB_SIZE, Image.Resampling.BOX)
    stats = histogram_stats(thumb.histogram())
    spread = max(sd for _, sd in stats)
    if spread > UNIFORM_MAX_STDDEV:
        return None
    rgb = (round(stats[0][0]), round(stats[1][0]), round(stats[2][0]))
    return Flag(
        FrameFlag.UNIFORM,
        {
            "colour": colour_name(rgb),
            "rgb": "#{:02x}{:02x}{:02x}".format(*rgb),
            "max_stddev": round(spread, 2),
        },
    )


def laplacian_histogram(luma: Image.Image, top: int = 1, bottom: int | None = None) -> list[int]:
    """Histogram of the Laplacian response (offset 128) of the interior rows ``top`` to
    ``bottom - 1`` (default: every row but the first and last), the 1-px border columns cropped.
    The filter only reads a pixel's neighbours, so a band filtered with one row of margin either
    side answers exactly what the whole picture filtered answers on those rows: the histograms of
    bands that cover the interior add up to the whole picture's (a test checks it)."""
    bottom = luma.height - 1 if bottom is None else bottom
    band = luma.crop((0, top - 1, luma.width, bottom + 1)).filter(_LAPLACIAN)
    return band.crop((1, 1, band.width - 1, band.height - 1)).histogram()


def laplacian_figures(histogram: list[int]) -> tuple[float, float, float]:
    """(variance of the Laplacian, fraction of pixels that respond ≥ BLUR_EDGE_RESPONSE, share
    of those that respond ≥ BLUR_SHARP_RESPONSE) of a :func:`laplacian_histogram`."""
    total = sum(histogram) or 1
    variance = histogram_stats(histogram)[0][1] ** 2

    def beyond(level: int) -> int:
        # Offset 128: a response r is stored as 128 + r, clipped to 0..255.
        return sum(histogram[: 128 - level + 1]) + sum(histogram[128 + level :])

    edges = beyond(BLUR_EDGE_RESPONSE)
    sharp = beyond(BLUR_SHARP_RESPONSE)
    return variance, edges / total, (sharp / edges if edges else 0.0)


def laplacian_stats(luma: Image.Image) -> tuple[float, float, float]:
    """:func:`laplacian_figures` of the whole picture, in one pass (the reference that
    :func:`check_blurred`'s banded reading must agree with)."""
    return laplacian_figures(laplacian_histogram(luma))


def _bands(rows: int, count: int) -> list[tuple[int, int]]:
    """The interior rows 1 .. ``rows`` split into ``count`` bands (top, bottom), in the order they
    are read: spread over the picture first (a talking head's texture sits in the middle, a
    landscape's at the bottom), then the bands between."""
    edges = [1 + i * rows // count for i in range(count + 1)]
    bands = [(edges[i], edges[i + 1]) for i in range(count)]
    return [bands[i] for i in _BAND_ORDER if i < count]


# Nine bands; the first three read (a third of the rows, one at the top, middle and bottom) settle
# every frame of the demo videos (their variance reads 430 and more), sharper frames fewer.
_BAND_COUNT = 9
_BAND_ORDER = (0, 4, 8, 2, 6, 1, 3, 5, 7)


def cannot_be_blurred(histogram: list[int], whole: int) -> bool:
    """Whether the Laplacian histogram of some of a picture's ``whole`` interior pixels already
    proves its variance over all of them above :data:`BLUR_MAX_LAPLACIAN_VARIANCE`. By the law of
    total variance, the variance over all pixels is at least (n / whole) × the variance over the
    n read (the rest adds its own variance and the gap of the means, neither below 0), so this
    bound never leaves a frame that the whole reading would flag."""
    stats = histogram_stats(histogram)[0]
    return sum(histogram) / whole * stats[1] ** 2 > BLUR_MAX_LAPLACIAN_VARIANCE


def check_blurred(luma: Image.Image) -> Flag | None:
    """Only frames at the working width are judged: the threshold is defined there, and an
    enlarged small picture would read blurred for the enlargement alone.

    The Laplacian is read band by band and stops as soon as the bands read prove the variance
    over the threshold (:func:`cannot_be_blurred`): a clean frame costs a third of the filter or
    less. A frame that could be blurred is read whole, and its figures are those of
    :func:`laplacian_stats` exactly (the band histograms add up to the whole one)."""
    if luma.width != WORKING_WIDTH or luma.height < 16:
        return None
    interior = luma.height - 2
    whole = interior * (luma.width - 2)
    histogram = [0] * 256
    for top, bottom in _bands(interior, min(_BAND_COUNT, interior)):
        histogram = list(map(operator.add, histogram, laplacian_histogram(luma, top, bottom)))
        if cannot_be_blurred(histogram, whole):
            return None
    variance, edge_fraction, sharp_share = laplacian_figures(histogram)
    if (
        variance > BLUR_MAX_LAPLACIAN_VARIANCE
        or edge_fraction < BLUR_MIN_EDGE_FRACTION
        or sharp_share >= BLUR_MAX_SHARP_SHARE
    ):
        return None
    return Flag(
        FrameFlag.BLURRED,
        {"laplacian_variance": round(variance, 1), "sharp_edge_share": round(sharp_share, 4)},
    )


def _profile(luma: Image.Image, bright: Image.Image, axis: str) -> tuple[list[int], list[int]]:
    """Per-row (axis "y") or per-column ("x") mean luma and share of bright samples (0-255)."""
    size = (1, luma.height) if axis == "y" else (luma.width, 1)
    means = list(luma.resize(size, Image.Resampling.BOX).tobytes())
    shares = list(bright.resize(size, Image.Resampling.BOX).tobytes())
    return means, shares


def _bar(means: list[int], shares: list[int]) -> int:
    """How many lines from the start of ``means`` are letterbox bar (0 when none qualifies)."""
    limit = LETTERBOX_MAX_BRIGHT_FRACTION * 255
    n = 0
    while n < len(means) and means[n] <= LETTERBOX_MAX_MEAN and shares[n] <= limit:
        n += 1
    if n == 0 or n >= len(means) - 2:
        return 0
    bar_mean = sum(means[:n]) / n
    picture = (means[n] + means[n + 1]) / 2
    return n if picture - bar_mean >= LETTERBOX_MIN_STEP else 0


def letterbox_bars(luma: Image.Image) -> tuple[float, float, float, float]:
    """Bar sizes as fractions of the frame: (top, bottom, left, right)."""
    bright = luma.point(_BRIGHT)
    rows, row_shares = _profile(luma, bright, "y")
    cols, col_shares = _profile(luma, bright, "x")
    top = _bar(rows, row_shares)
    bottom = _bar(rows[::-1], row_shares[::-1])
    left = _bar(cols, col_shares)
    right = _bar(cols[::-1], col_shares[::-1])
    h, w = luma.height, luma.width
    return top / h, bottom / h, left / w, right / w


def check_letterbox(luma: Image.Image, original_size: tuple[int, int] | None = None) -> Flag | None:
    top, bottom, left, right = letterbox_bars(luma)
    if max(top, bottom, left, right) < LETTERBOX_MIN_FRACTION:
        return None
    # Sides under the minimum count as no bar, so a 1-px edge artefact does not break symmetry.
    top, bottom, left, right = (
        v if v >= LETTERBOX_MIN_FRACTION else 0.0 for v in (top, bottom, left, right)
    )
    symmetric = (
        abs(top - bottom) <= LETTERBOX_SYMMETRY_TOLERANCE
        and abs(left - right) <= LETTERBOX_SYMMETRY_TOLERANCE
    )
    width, height = original_size or luma.size
    details = {
        "top": round(top, 3),
        "bottom": round(bottom, 3),
        "left": round(left, 3),
        "right": round(right, 3),
        "top_px": round(top * height),
        "bottom_px": round(bottom * height),
        "left_px": round(left * width),
        "right_px": round(right * width),
        "symmetric": symmetric,
    }
    return Flag(FrameFlag.LETTERBOX, details, Severity.INFO if symmetric else Severity.DEFECT)


def _signature_mean_and_spread(signature: Sequence[int]) -> tuple[float, float]:
    """Mean and standard deviation of the 32×18 luma signature, summed in C (a generator over
    576 values cost as much as the Laplacian). Both gate a check:

    - uniform: the signature averages cells of the working picture, so its spread cannot exceed
      the 64×36 thumbnail's largest channel spread by more than rounding (gate: ≤ max + 0.5);
    - black: the signature's cells are box means that tile the picture evenly, so its mean is the
      picture's mean luma within half a level of rounding (see :func:`_could_be_black`).
    """
    n = len(signature)
    mean = sum(signature) / n
    spread: float = max(0.0, sum(map(operator.mul, signature, signature)) / n - mean * mean) ** 0.5
    return mean, spread


# A black picture has ≥ 98 % of its samples ≤ 25 and the rest ≤ 255, so its mean luma is at most
# 0.98·25 + 0.02·255 = 29.6; the signature's mean is that within rounding (0.5, margin 1).
_BLACK_MAX_SIGNATURE_MEAN = (
    BLACK_MIN_FRACTION * BLACK_PIXEL_MAX + (1 - BLACK_MIN_FRACTION) * 255 + 1.0
)


def _could_be_black(signature_mean: float) -> bool:
    """Whether the frame's mean luma (as its signature reads it) leaves ``black`` possible; the
    histogram of every clean frame is skipped."""
    return signature_mean <= _BLACK_MAX_SIGNATURE_MEAN


def _could_be_letterboxed(signature: Sequence[int], columns: int) -> bool:
    """A bar of ≥ 5 % fills at least nine tenths of an edge line of the 32×18 signature with
    samples ≤ 24, so that line's mean stays under 48; frames with all four edges brighter have
    no bar and skip the full profile."""
    rows = len(signature) // columns
    edges = (
        signature[:columns],
        signature[-columns:],
        signature[::columns],
        signature[columns - 1 :: columns],
    )
    return rows > 0 and any(sum(edge) / len(edge) < 48 for edge in edges)


def check_pixels(
    frame: Frame,
    original_size: tuple[int, int] | None = None,
    signature: bytes | None = None,
    signature_columns: int = _SIGNATURE_SIZE[0],
) -> PixelReport:
    """Every pixel check on one frame (see :func:`check_working_image`)."""
    image = frame.working_image()
    return check_working_image(
        image, image.convert("L"), original_size, signature, signature_columns
    )


def check_working_image(
    image: Image.Image,
    luma: Image.Image,
    original_size: tuple[int, int] | None = None,
    signature: bytes | None = None,
    signature_columns: int = _SIGNATURE_SIZE[0],
) -> PixelReport:
    """Every pixel check on a frame already at the working size: ``image`` in RGB and ``luma``
    its grayscale conversion, each made once per frame by the caller (see
    :func:`check_working_luma`)."""
    return check_working_luma(luma, lambda: image, original_size, signature, signature_columns)


def check_working_luma(
    luma: Image.Image,
    colour: Callable[[], Image.Image],
    original_size: tuple[int, int] | None = None,
    signature: bytes | None = None,
    signature_columns: int = _SIGNATURE_SIZE[0],
) -> PixelReport:
    """Every pixel check on a frame already at the working size, from its grayscale picture
    ``luma``. Only ``uniform`` needs colour (to name it), and only for a frame whose luma is flat:
    ``colour()`` gives the RGB picture at the same size and is called for those frames alone, so
    a caller that decoded just the luma (the scan, ``services/scan_decode.py``) decodes colour
    only then. A black frame is only ``black`` (it is also flat, dark everywhere and without
    edges: more flags for one fault would be noise); a uniform frame is not also judged blurred
    or letterboxed. ``signature`` (the frame's 32×18 luma signature; made here when the caller
    has none) lets clean frames skip the black, uniform and letterbox work: the gates below only
    pass over frames those checks cannot flag."""
    if signature is None:
        signature = _signature(luma)
        signature_columns = _SIGNATURE_SIZE[0]
    spread_gate = _signature_mean_and_spread(signature)
    if _could_be_black(spread_gate[0]):
        black = check_black(luma)
        if black is not None:
            return PixelReport((black,), luma, signature)
    if spread_gate[1] <= UNIFORM_MAX_STDDEV + 0.5:
        uniform = check_uniform(colour())
        if uniform is not None:
            return PixelReport((uniform,), luma, signature)
    letterbox = None
    if _could_be_letterboxed(signature, signature_columns):
        letterbox = check_letterbox(luma, original_size)
    flags = [f for f in (check_blurred(luma), letterbox) if f is not None]
    return PixelReport(tuple(flags), luma, signature)
