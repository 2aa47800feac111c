"""One call per decoded snapshot: its pixel flags and the small summary the sequence checks keep
(so a scan can drop the pixels at once). This is what the scanner runs in its worker thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from snapview.core.detectors.frame import Frame, at_working_width
from snapview.core.detectors.kinds import Flag, FrameFlag
from snapview.core.detectors.pixel import check_working_luma
from snapview.core.detectors.sequence import FrameSummary, summarise


@dataclass(frozen=True, slots=True)
class FrameAnalysis:
    flags: tuple[Flag, ...]
    summary: FrameSummary


def analyse_frame(
    frame: Frame,
    *,
    position: int,
    index: int,
    original_size: tuple[int, int] | None = None,
    pixel_checks: bool = True,
) -> FrameAnalysis:
    """Pixel checks (unless ``pixel_checks`` is False, e.g. for sprite sheets, whose mosaic of
    cells and empty slots is not a picture) and the summary of one frame."""
    return analyse_image(
        frame.to_image(),
        position=position,
        index=index,
        original_size=original_size,
        pixel_checks=pixel_checks,
    )


def analyse_image(
    picture: Image.Image,
    *,
    position: int,
    index: int,
    original_size: tuple[int, int] | None = None,
    pixel_checks: bool = True,
) -> FrameAnalysis:
    """:func:`analyse_frame` of a Pillow picture in RGB (what a :class:`Frame` holds, for a caller
    that has the pixels in Pillow already and need not pack them into a Frame first)."""
    if picture.mode != "RGB":
        raise ValueError(f"the detectors read RGB pictures, got mode {picture.mode}")
    # One downscale and one luma conversion per frame, shared by every check and the summary.
    image = at_working_width(picture)
    return analyse_luma(
        image.convert("L"),
        lambda: image,
        position=position,
        index=index,
        original_size=original_size or picture.size,
        pixel_checks=pixel_checks,
    )


def analyse_luma(
    luma: Image.Image,
    colour: Callable[[], Image.Image],
    *,
    position: int,
    index: int,
    original_size: tuple[int, int],
    pixel_checks: bool = True,
) -> FrameAnalysis:
    """:func:`analyse_image` of a frame decoded as luma alone (mode "L", at most the working
    width): ``colour()`` gives it in RGB at the same size, asked only for a frame whose luma is
    flat enough to be ``uniform`` (see :func:`~snapview.core.detectors.pixel.check_working_luma`)."""
    if luma.mode != "L":
        raise ValueError(f"analyse_luma reads grayscale pictures, got mode {luma.mode}")
    report = check_working_luma(at_working_width(luma), colour, original_size)
    flags = report.flags if pixel_checks else ()
    comparable = not any(f.kind in (FrameFlag.BLACK, FrameFlag.UNIFORM) for f in report.flags)
    summary = summarise(
        position,
        index,
        report.luma,
        original_size,
        comparable=comparable,
        luma_signature=report.signature,
    )
    return FrameAnalysis(flags, summary)
