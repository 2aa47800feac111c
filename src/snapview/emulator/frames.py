"""Deterministic JPEGs that look like frames of a real video, sprite sheets of them and their WebVTT index.

A video is a sequence of scenes (sky, sun, mountains, a road, clouds, a moving car) whose palette and layout
come from a seeded RNG; within a scene things move with time, so neighbouring snapshots differ a little and a
scene cut changes everything. Each frame carries a burned-in timecode and snapshot index like a QA proxy
render, so a reviewer (or a test) can tell at a glance which image the server sent. The same inputs always
give the same bytes, which is what lets the server hand out stable ETags.
"""

from __future__ import annotations

import bisect
import functools
import io
import math
import random
from collections.abc import Callable

from PIL import Image, ImageColor, ImageDraw, ImageFilter, ImageFont, ImageOps

from snapview.emulator.catalog import SpriteConfig

Size = tuple[int, int]
RGB = tuple[int, int, int]

# (sky top, sky bottom, far hills, ground, road, accent): enough variety that scene cuts are obvious.
_PALETTES: tuple[tuple[RGB, RGB, RGB, RGB, RGB, RGB], ...] = (
    (
        (40, 90, 170),
        (150, 200, 240),
        (70, 100, 90),
        (70, 130, 60),
        (60, 60, 65),
        (235, 200, 60),
    ),  # noon
    (
        (60, 40, 110),
        (250, 150, 90),
        (80, 50, 80),
        (90, 80, 60),
        (50, 45, 50),
        (255, 120, 60),
    ),  # dusk
    (
        (10, 15, 40),
        (40, 50, 100),
        (25, 30, 55),
        (30, 40, 35),
        (35, 35, 40),
        (230, 230, 200),
    ),  # night
    (
        (150, 180, 210),
        (230, 235, 240),
        (170, 180, 195),
        (235, 240, 245),
        (120, 120, 130),
        (200, 60, 60),
    ),  # snow
    (
        (90, 150, 210),
        (240, 210, 160),
        (190, 130, 80),
        (220, 180, 120),
        (140, 110, 80),
        (40, 110, 170),
    ),  # desert
    (
        (30, 110, 160),
        (140, 210, 230),
        (30, 90, 120),
        (20, 90, 140),
        (210, 200, 160),
        (250, 250, 250),
    ),  # coast
    (
        (110, 150, 130),
        (200, 220, 190),
        (40, 80, 50),
        (50, 100, 45),
        (90, 70, 50),
        (240, 170, 40),
    ),  # forest
)

FPS = 25


def timecode(seconds: float) -> str:
    """HH:MM:SS:FF at 25 fps, the burn-in format of broadcast proxies."""
    frames = round(seconds * FPS)
    ff = frames % FPS
    total = frames // FPS
    return f"{total // 3600:02d}:{total // 60 % 60:02d}:{total % 60:02d}:{ff:02d}"


@functools.lru_cache(maxsize=64)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=max(8, size))


@functools.lru_cache(maxsize=256)
def _scene_bounds(seed: int, pace: float) -> tuple[float, ...]:
    """Scene start times (seconds): a scene lasts 3-8 snapshots of ``pace`` seconds, so neighbouring
    snapshots always show visible motion (a QA near-duplicate check must only fire on real freezes)."""
    rng = random.Random(seed * 7919 + 1)
    starts = [0.0]
    # Enough scenes for the longest catalogue video (the long one runs ~3 h at 1 s per snapshot).
    while starts[-1] < 4 * 3600 and len(starts) < 20_000:
        starts.append(starts[-1] + pace * rng.uniform(3, 8))
    return tuple(starts)


def _scene_at(seed: int, t: float, pace: float) -> tuple[int, float, float]:
    """(scene number, seconds into the scene, scene length) for time ``t``."""
    bounds = _scene_bounds(seed, pace)
    if t >= bounds[-1]:
        return len(bounds) - 1, 0.0, pace * 4
    index = bisect.bisect_right(bounds, t) - 1
    return index, t - bounds[index], bounds[index + 1] - bounds[index]


@functools.lru_cache(maxsize=512)
def _sky(top: RGB, bottom: RGB, size: Size) -> Image.Image:
    # Colourise a 1-pixel-wide gradient and stretch it: the horizon moves every frame, so this runs
    # often and must stay cheap.
    column = ImageOps.colorize(Image.linear_gradient("L").resize((1, size[1])), top, bottom)
    return column.resize(size, Image.Resampling.NEAREST)


def _lit(color: RGB, factor: float) -> RGB:
    return (
        min(255, int(color[0] * factor)),
        min(255, int(color[1] * factor)),
        min(255, int(color[2] * factor)),
    )


def render_frame(
    seed: int, t: float, index: int, size: Size, title: str = "", pace: float = 5.0
) -> Image.Image:
    """The frame at ``t`` seconds of the video drawn from ``seed``, labelled with snapshot ``index``;
    ``pace`` is the seconds between the job's snapshots (it sets how long scenes last)."""
    w, h = size
    scene, into, length = _scene_at(seed, t, max(0.04, pace))
    rng = random.Random(seed * 1_000_003 + scene)
    palette = _PALETTES[rng.randrange(len(_PALETTES))]
    progress = into / length if length else 0.0
    # Exposure drifts through the scene (clouds over the sun, auto-exposure); quantised so sky
    # gradients can be cached.
    rising = rng.random() < 0.5
    light = round((0.75 + 0.5 * (progress if rising else 1 - progress)) * 20) / 20
    sky_top, sky_bottom, hills, ground, road, accent = (_lit(c, light) for c in palette)
    # A hand-held camera: the horizon tilts up and down as the scene goes on.
    sway = math.sin(2 * math.pi * (1.3 * progress + rng.random()))
    horizon = int(h * (rng.uniform(0.52, 0.64) + 0.07 * sway))

    image = _sky(sky_top, sky_bottom, (w, horizon))
    frame = Image.new("RGB", (w, h), ground)
    frame.paste(image, (0, 0))
    draw = ImageDraw.Draw(frame)

    # The camera pans: everything in the landscape slides left over the scene.
    pan = progress * w * 0.9

    radius = max(4, int(h * rng.uniform(0.05, 0.09)))
    sun_x = int(w * rng.uniform(0.3, 1.2) - pan * 0.5)
    sun_y = int(horizon * rng.uniform(0.2, 0.5))
    draw.ellipse((sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius), fill=accent)

    shade = _lit(tuple(min(255, c + 70) for c in palette[1]), light)  # type: ignore[arg-type]
    for _ in range(rng.randint(2, 5)):
        cw = int(w * rng.uniform(0.12, 0.25))
        ch = max(3, int(h * rng.uniform(0.04, 0.08)))
        cx = int((rng.uniform(0, 1.5) * w - pan * rng.uniform(0.6, 1.2)) % (w + cw)) - cw
        cy = int(horizon * rng.uniform(0.1, 0.6))
        draw.ellipse((cx, cy, cx + cw, cy + ch), fill=shade)
        draw.ellipse((cx + cw // 4, cy - ch // 2, cx + cw * 3 // 4, cy + ch // 2), fill=shade)

    # A mountain range wider than the frame, scrolled by the pan.
    peaks = rng.randint(8, 14)
    span = w * 2.2
    points = [(int(-pan * 0.8) - w // 4, horizon)]
    for p in range(peaks + 1):
        x = int(p / peaks * span - pan * 0.8) - w // 10
        y = horizon - int(h * rng.uniform(0.08, 0.32))
        points.append((x, y))
    points.append((points[-1][0] + w // 4, horizon))
    points.append((w + w // 4, horizon))
    draw.polygon(points, fill=hills)

    # Road in perspective, its dashes moving towards the viewer.
    road_top = horizon + max(2, (h - horizon) // 6)
    draw.polygon(
        [
            (int(w * 0.46), road_top),
            (int(w * 0.54), road_top),
            (int(w * 0.85), h),
            (int(w * 0.15), h),
        ],
        fill=road,
    )
    dash_phase = (t * 0.37 + progress * 3.0) % 1.0
    for d in range(5):
        f0 = (d + dash_phase) / 5
        f1 = f0 + 0.08
        y0 = road_top + int((h - road_top) * f0 * f0)
        y1 = road_top + int((h - road_top) * min(1.0, f1 * f1))
        half = max(1, int(w * 0.004 * (1 + 4 * f0)))
        draw.rectangle((w // 2 - half, y0, w // 2 + half, y1), fill=(230, 230, 220))

    # A car crosses the frame once per scene.
    car_w = int(w * 0.2)
    car_h = int(h * 0.09)
    car_x = (
        int(-car_w + progress * (w + 2 * car_w))
        if rng.random() < 0.5
        else int(w - progress * (w + car_w))
    )
    car_y = min(h - car_h - 2, horizon + int((h - horizon) * 0.55))
    body = (rng.randrange(60, 240), rng.randrange(20, 120), rng.randrange(20, 200))
    draw.rounded_rectangle(
        (car_x, car_y, car_x + car_w, car_y + car_h), radius=max(1, car_h // 3), fill=body
    )
    draw.rectangle(
        (car_x + car_w // 4, car_y - car_h // 2, car_x + car_w * 3 // 4, car_y), fill=body
    )
    wheel = max(2, car_h // 2)
    for wx in (car_x + car_w // 5, car_x + car_w * 4 // 5):
        draw.ellipse(
            (
                wx - wheel // 2,
                car_y + car_h - wheel // 2,
                wx + wheel // 2,
                car_y + car_h + wheel // 2,
            ),
            fill=(20, 20, 20),
        )

    _burn_in(draw, size, t, index, title)
    return frame


def _burn_in(draw: ImageDraw.ImageDraw, size: Size, t: float, index: int, title: str) -> None:
    w, h = size
    font = _font(max(8, h // 13))
    small = _font(max(8, h // 18))
    pad = max(2, h // 60)
    text = timecode(t)
    box = draw.textbbox((0, 0), text, font=font)
    tw, th = box[2] - box[0], box[3] - box[1]
    x, y = pad * 2, h - th - pad * 4
    draw.rectangle((x - pad, y - pad, x + tw + pad, y + th + pad * 2), fill=(0, 0, 0))
    draw.text((x, y - box[1]), text, font=font, fill=(255, 255, 255))
    label = f"#{index:05d}"
    box = draw.textbbox((0, 0), label, font=font)
    lw, lh = box[2] - box[0], box[3] - box[1]
    lx, ly = w - lw - pad * 3, pad * 2
    draw.rectangle((lx - pad, ly - pad, lx + lw + pad, ly + lh + pad * 2), fill=(0, 0, 0))
    draw.text((lx, ly - box[1]), label, font=font, fill=(255, 230, 0))
    if title and h >= 120:
        draw.text(
            (pad * 2, pad * 2),
            title,
            font=small,
            fill=(255, 255, 255),
            stroke_width=1,
            stroke_fill=(0, 0, 0),
        )


def encode_jpeg(image: Image.Image, quality: int = 82) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=False)
    return out.getvalue()


def frame_jpeg(
    seed: int, t: float, index: int, size: Size, title: str = "", pace: float = 5.0
) -> bytes:
    return encode_jpeg(render_frame(seed, t, index, size, title, pace))


def black_jpeg(size: Size) -> bytes:
    """A black frame as a broken encoder or a fade would produce it (near-black, not pure zero)."""
    return encode_jpeg(Image.new("RGB", size, (3, 3, 4)))


def corrupt_jpeg(good: bytes) -> bytes:
    """A JPEG cut short with garbage in its entropy-coded data: the header parses, the image does not."""
    cut = good[: max(200, len(good) * 3 // 5)]
    middle = len(cut) // 2
    garbage = bytes((i * 73 + 41) % 256 for i in range(64))
    return cut[:middle] + garbage + cut[middle + 64 :]


# Decoder-failure green: an all-zero YUV frame shown as RGB (NVIDIA/nvvl#37, RESEARCH §4.5).
DECODER_GREEN: RGB = (0, 135, 0)
MID_GREY: RGB = (128, 128, 128)


def flat_jpeg(size: Size, color: RGB) -> bytes:
    """A frame of one flat colour (a decoder that output zeros, a missing reference frame)."""
    return encode_jpeg(Image.new("RGB", size, color))


def barred_jpeg(frame: Image.Image, top: float, bottom: float) -> bytes:
    """``frame`` squeezed between black bars of ``top`` and ``bottom`` (fractions of the height):
    equal bars are a letterboxed source, a bar on one side only a shifted picture."""
    w, h = frame.size
    top_px, bottom_px = round(h * top), round(h * bottom)
    canvas = Image.new("RGB", (w, h), (0, 0, 0))
    canvas.paste(frame.resize((w, h - top_px - bottom_px)), (0, top_px))
    return encode_jpeg(canvas)


def blurred_jpeg(frame: Image.Image, radius: float = 3.0) -> bytes:
    """``frame`` out of focus: a Gaussian blur of ``radius`` pixels (σ)."""
    return encode_jpeg(frame.filter(ImageFilter.GaussianBlur(radius)))


def truncated_jpeg(good: bytes) -> bytes:
    """The first 60 % of a JPEG: no end-of-image marker. Served as a complete response (the length
    matches), so only the decoder can tell; libjpeg fills the rest with grey and merely warns."""
    return good[: len(good) * 3 // 5]


def oversized_jpeg(good: bytes, width: int = 20_000, height: int = 20_000) -> bytes:
    """``good`` with its frame header (SOF0) claiming ``width × height`` pixels: a decompression bomb
    as far as the header goes, refused before anything is decoded."""
    data = bytearray(good)
    at = data.find(b"\xff\xc0")
    if at < 0:
        raise ValueError("not a baseline JPEG")
    data[at + 5 : at + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(data)


def sprite_sheet(
    config: SpriteConfig,
    first_cell: int,
    cells: int,
    cell_image: Callable[[int], Image.Image],
    *,
    shrink: Size = (0, 0),
) -> Image.Image:
    """A sheet of ``cells`` cells starting at 0-based ``first_cell``, laid out row-major per ``config``.

    ``shrink`` makes the sheet that many pixels narrower and shorter than the grid (a misaligned
    sheet: its size no longer fits the cells, and its last column and line are cut)."""
    full_w, full_h = config.sheet_size
    sheet = Image.new("RGB", (full_w - shrink[0], full_h - shrink[1]), _rgb(config.color))
    for n in range(cells):
        x, y, cw, ch = config.cell_box(n)
        sheet.paste(cell_image(first_cell + n).resize((cw, ch)), (x, y))
    return sheet


def _rgb(color: str) -> RGB:
    """``color`` as RGB; a catalogue with an unusable colour gets the default near-black."""
    try:
        rgb = ImageColor.getrgb(color)
    except ValueError:
        return (16, 16, 16)
    return (rgb[0], rgb[1], rgb[2])


def vtt_time(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def webvtt(
    config: SpriteConfig, cells: int, interval_s: float, sheet_url: Callable[[int], str]
) -> str:
    """A WebVTT thumbnail track: one cue per cell pointing at its region of a sprite sheet (``#xywh=``)."""
    lines = ["WEBVTT", ""]
    for cell in range(cells):
        sheet = cell // config.cells_per_sheet + 1
        x, y, w, h = config.cell_box(cell)
        lines.append(f"{vtt_time(cell * interval_s)} --> {vtt_time((cell + 1) * interval_s)}")
        lines.append(f"{sheet_url(sheet)}#xywh={x},{y},{w},{h}")
        lines.append("")
    return "\n".join(lines)
