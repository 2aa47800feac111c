"""One call per decoded snapshot: its pixel flags and the small summary the sequence checks keep
(so a scan can drop the pixels at once). This is what the scanner runs in its worker thread."""

from __future__ import annotations

from dataclasses import dataclass

from snapview.core.detectors.frame import Frame
from snapview.core.detectors.kinds import Flag, FrameFlag
from snapview.core.detectors.pixel import check_working_image
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
    size = original_size or (frame.width, frame.height)
    # One downscale and one luma conversion per frame, shared by every check and the summary.
    image = frame.working_image()
    report = check_working_image(image, image.convert("L"), size)
    flags = report.flags if pixel_checks else ()
    comparable = not any(f.kind in (FrameFlag.BLACK, FrameFlag.UNIFORM) for f in report.flags)
    summary = summarise(
        position, index, report.luma, size, comparable=comparable, luma_signature=report.signature
    )
    return FrameAnalysis(flags, summary)
