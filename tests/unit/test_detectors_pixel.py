"""Pixel detectors on synthetic frames, with the near misses that must not be flagged."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageDraw, ImageFilter

from snapview.core.detectors import pixel
from snapview.core.detectors.frame import Frame
from snapview.core.detectors.kinds import Flag, FrameFlag, Severity
from snapview.core.detectors.pixel import check_pixels

W, H = 320, 180


def jpeg_round_trip(image: Image.Image, quality: int = 82) -> Image.Image:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return Image.open(io.BytesIO(out.getvalue())).convert("RGB")


def textured(seed: int, size: tuple[int, int] = (W, H)) -> Image.Image:
    """A busy, sharp picture: random rectangles and lines over a gradient."""
    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.rectangle((x, y, x + rng.randrange(8, 60), y + rng.randrange(6, 40)), fill=colour)
    return jpeg_round_trip(image)


def flags(image: Image.Image, original_size: tuple[int, int] | None = None) -> dict[str, Flag]:
    report = check_pixels(Frame.from_image(image), original_size)
    return {f.kind.value: f for f in report.flags}


def test_frame_validates_its_buffer() -> None:
    with pytest.raises(ValueError, match="needs 12 bytes"):
        Frame(2, 2, b"\x00" * 11)
    with pytest.raises(ValueError, match="positive size"):
        Frame(0, 5, b"")


def test_a_busy_sharp_frame_has_no_flags() -> None:
    assert flags(textured(1)) == {}


def test_black_frames_are_black_and_only_black() -> None:
    found = flags(jpeg_round_trip(Image.new("RGB", (W, H), (3, 3, 4))))
    assert set(found) == {"black"}
    # Studio black (16) with noise is black too.
    noisy = Image.effect_noise((W, H), 4).point(lambda v: 16 + (v - 128) // 16).convert("RGB")
    assert set(flags(noisy)) == {"black"}


def test_a_dark_scene_with_highlights_is_not_black() -> None:
    night = Image.new("RGB", (W, H), (8, 10, 20))
    draw = ImageDraw.Draw(night)
    draw.ellipse((250, 20, 280, 50), fill=(230, 230, 200))  # a moon
    draw.rectangle((20, 150, 110, 170), fill=(255, 255, 255))  # a lit window / caption
    found = flags(jpeg_round_trip(night))
    assert "black" not in found
    assert "uniform" not in found


@pytest.mark.parametrize(
    ("colour", "name"),
    [((0, 135, 0), "green"), ((128, 128, 128), "grey"), ((200, 30, 40), "other")],
)
def test_uniform_frames_report_their_colour(colour: tuple[int, int, int], name: str) -> None:
    found = flags(jpeg_round_trip(Image.new("RGB", (W, H), colour)))
    assert set(found) == {"uniform"}
    assert found["uniform"].details["colour"] == name


def test_a_flat_card_with_a_caption_is_not_uniform() -> None:
    card = Image.new("RGB", (480, 270), (30, 60, 120))
    ImageDraw.Draw(card).text((20, 20), "Chapter 1", fill=(255, 255, 255))
    found = flags(jpeg_round_trip(card).resize((W, H), Image.Resampling.BOX))
    assert found == {}


def test_blurred_frames_are_flagged() -> None:
    sharp = textured(2, (480, 270))
    blurred = jpeg_round_trip(sharp.filter(ImageFilter.GaussianBlur(3)))
    found = flags(blurred.resize((W, H), Image.Resampling.BOX))
    assert set(found) == {"blurred"}
    assert found["blurred"].details["laplacian_variance"] < 100


def test_slightly_soft_frames_are_not_blurred() -> None:
    soft = jpeg_round_trip(textured(3, (480, 270)).filter(ImageFilter.GaussianBlur(1)))
    assert "blurred" not in flags(soft.resize((W, H), Image.Resampling.BOX))


@pytest.mark.parametrize("mark", ["logo", "line", "caption", "squares"])
def test_a_sharp_low_texture_frame_is_not_blurred(mark: str) -> None:
    image = Image.new("RGB", (480, 270), (30, 60, 120))
    draw = ImageDraw.Draw(image)
    if mark == "logo":
        draw.rectangle((200, 100, 240, 140), fill=(240, 240, 240))
    elif mark == "squares":
        # Low variance (≈ 46) and enough edges to be judged: only their sharpness saves it.
        for i in range(6):
            draw.rectangle((30 + i * 45, 120, 42 + i * 45, 132), fill=(130, 160, 220))
    elif mark == "line":
        draw.line((0, 135, 480, 135), fill=(200, 200, 200), width=2)
    else:
        draw.text((20, 20), "Chapter 1 — The harbour at dusk", fill=(255, 255, 255))
    frame = jpeg_round_trip(image).resize((W, H), Image.Resampling.BOX)
    assert "blurred" not in flags(frame)


def test_small_frames_are_not_judged_for_blur() -> None:
    # A 160×90 sprite cell: the blur threshold is defined at 320 px, enlarging would blur it.
    tiny = jpeg_round_trip(textured(4, (480, 270)).filter(ImageFilter.GaussianBlur(3)))
    assert "blurred" not in flags(tiny.resize((160, 90), Image.Resampling.BOX))


def bars(picture: Image.Image, top: int, bottom: int, left: int = 0, right: int = 0) -> Image.Image:
    w, h = picture.size
    canvas = Image.new("RGB", (w, h))
    canvas.paste(picture.resize((w - left - right, h - top - bottom)), (left, top))
    return jpeg_round_trip(canvas)


def bright(seed: int) -> Image.Image:
    image = textured(seed)
    return Image.eval(image, lambda v: 60 + v * 3 // 4)  # no dark edges of its own


def test_symmetric_letterbox_is_info_with_its_size() -> None:
    found = flags(bars(bright(5), 22, 22), original_size=(480, 270))
    flag = found["letterbox"]
    assert flag.severity is Severity.INFO
    assert flag.details["symmetric"] is True
    assert flag.details["top"] == pytest.approx(22 / H, abs=0.01)
    assert flag.details["top_px"] == pytest.approx(33, abs=2)  # in the original's pixels


def test_asymmetric_bars_are_a_defect() -> None:
    top_only = flags(bars(bright(6), 30, 0))["letterbox"]
    assert top_only.severity is Severity.DEFECT
    assert top_only.details["bottom"] == 0
    pillar = flags(bars(bright(7), 0, 0, 48, 20))["letterbox"]
    assert pillar.severity is Severity.DEFECT
    assert pillar.details["left"] > pillar.details["right"] > 0


def test_pillarbox_is_reported_left_and_right() -> None:
    flag = flags(bars(bright(8), 0, 0, 40, 40))["letterbox"]
    assert flag.severity is Severity.INFO
    assert flag.details["left"] == pytest.approx(40 / W, abs=0.01)


def test_thin_edges_are_not_letterbox() -> None:
    assert "letterbox" not in flags(bars(bright(9), 6, 6))  # 3 %: under the 5 % minimum


def test_a_dark_sky_is_not_a_letterbox_bar() -> None:
    # Night: the sky darkens smoothly to near black at the top, with no step into the picture.
    sky = Image.linear_gradient("L").resize((W, H)).point(lambda v: 4 + v // 3)
    picture = Image.merge("RGB", (sky, sky, sky.point(lambda v: min(255, v + 10))))
    ImageDraw.Draw(picture).rectangle((0, 120, W, H), fill=(40, 60, 40))
    assert "letterbox" not in flags(jpeg_round_trip(picture))


def test_uniform_frames_are_not_also_blurred_or_letterboxed() -> None:
    found = flags(jpeg_round_trip(Image.new("RGB", (W, H), (128, 128, 128))))
    assert list(found) == [FrameFlag.UNIFORM.value]


def test_a_frame_at_the_black_limit_is_still_black() -> None:
    # Exactly 98 % of the samples at 25 and the rest at 255: the brightest picture the black rule
    # allows (mean 29.6), which the cheap gate on the signature's mean must still let through.
    limit = Image.new("L", (W, H), 25)
    bright = W * H * 2 // 100
    ImageDraw.Draw(limit).rectangle((0, 0, W - 1, bright // W - 1), fill=255)
    ImageDraw.Draw(limit).line((0, bright // W, bright % W - 1, bright // W), fill=255)
    assert limit.histogram()[255] == bright
    assert set(flags(limit.convert("RGB"))) == {"black"}


def test_the_laplacian_bands_add_up_to_the_whole_picture() -> None:
    luma = textured(7).convert("L")
    interior = H - 2
    bands = pixel._bands(interior, pixel._BAND_COUNT)
    assert sorted(r for top, bottom in bands for r in range(top, bottom)) == list(range(1, H - 1))
    parts = [pixel.laplacian_histogram(luma, *band) for band in bands]
    summed = [sum(column) for column in zip(*parts, strict=True)]
    assert summed == pixel.laplacian_histogram(luma)


def whole_picture_blur_rule(luma: Image.Image) -> bool:
    """The blur rule on the whole picture at once, as the constants in pixel.py state it."""
    variance, edge_fraction, sharp_share = pixel.laplacian_stats(luma)
    return (
        variance <= pixel.BLUR_MAX_LAPLACIAN_VARIANCE
        and edge_fraction >= pixel.BLUR_MIN_EDGE_FRACTION
        and sharp_share < pixel.BLUR_MAX_SHARP_SHARE
    )


@pytest.mark.parametrize("amplitude", [2, 3, 4])
@pytest.mark.parametrize("strip_top", [1, 60, 150])
def test_the_blur_verdict_does_not_depend_on_where_the_texture_is(
    amplitude: int, strip_top: int
) -> None:
    # A flat picture with one strip of fine, faint texture (a checkerboard answering 8·amplitude,
    # under the "sharp" 40): the band it falls in reads a high variance, the whole picture a low
    # one. The banded reading may only stop early when the whole reading would agree.
    luma = Image.new("L", (W, H), 128)
    strip = [128 + (amplitude if (x + y) % 2 else -amplitude) for y in range(24) for x in range(W)]
    luma.paste(Image.frombytes("L", (W, 24), bytes(strip)), (0, strip_top))
    expected = whole_picture_blur_rule(luma)
    assert (pixel.check_blurred(luma) is not None) == expected


def test_the_texture_strips_above_cover_both_verdicts() -> None:
    # The agreement test above means something only if its frames are judged both ways.
    verdicts = set()
    for amplitude in (2, 4):
        luma = Image.new("L", (W, H), 128)
        strip = [
            128 + (amplitude if (x + y) % 2 else -amplitude) for y in range(24) for x in range(W)
        ]
        luma.paste(Image.frombytes("L", (W, 24), bytes(strip)), (0, 1))
        verdicts.add(whole_picture_blur_rule(luma))
    assert verdicts == {True, False}
