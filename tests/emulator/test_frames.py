"""The frame renderer: repeatable bytes, burned-in timecodes, and sprite/WebVTT geometry."""

from __future__ import annotations

import io

from PIL import Image

from snapview.emulator import frames
from snapview.emulator.catalog import SpriteConfig


def test_timecodes_are_broadcast_style() -> None:
    assert frames.timecode(0) == "00:00:00:00"
    assert frames.timecode(3723.04) == "01:02:03:01"
    assert frames.vtt_time(65.5) == "00:01:05.500"


def test_same_inputs_same_bytes_other_seed_other_picture() -> None:
    a = frames.frame_jpeg(5, 12.0, 3, (320, 180), "t", 4.0)
    assert a == frames.frame_jpeg(5, 12.0, 3, (320, 180), "t", 4.0)
    assert a != frames.frame_jpeg(6, 12.0, 3, (320, 180), "t", 4.0)
    assert Image.open(io.BytesIO(a)).size == (320, 180)


def test_sprite_layout_is_row_major_with_margin_and_padding() -> None:
    config = SpriteConfig(cell_width=100, cell_height=50, padding=2, margin=3, columns=4, lines=2)
    assert config.sheet_size == (3 * 2 + 4 * 100 + 3 * 2, 3 * 2 + 2 * 50 + 1 * 2)
    assert config.cell_box(0) == (3, 3, 100, 50)
    assert config.cell_box(5) == (3 + 102, 3 + 52, 100, 50)
    assert config.cell_box(8) == config.cell_box(0)  # first cell of the next sheet


def test_webvtt_cues_cover_the_cells_in_order() -> None:
    config = SpriteConfig(cell_width=100, cell_height=50, padding=0, margin=0, columns=2, lines=1)
    text = frames.webvtt(config, 3, 2.5, lambda sheet: f"s{sheet}.jpg")
    assert text.splitlines()[:6] == [
        "WEBVTT",
        "",
        "00:00:00.000 --> 00:00:02.500",
        "s1.jpg#xywh=0,0,100,50",
        "",
        "00:00:02.500 --> 00:00:05.000",
    ]
    assert "s2.jpg#xywh=0,0,100,50" in text
