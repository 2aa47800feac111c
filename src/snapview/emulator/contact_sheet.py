"""A PNG contact sheet of what the emulator serves, to look at by eye: frames of the short video, the planted
defects, and the first sprite sheet of the sprite video — fetched over HTTP from a fresh emulator, exactly as
a client gets them.

Usage: ``python -m snapview.emulator.contact_sheet OUTPUT.png``
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from urllib.parse import quote
from urllib.request import urlopen

from PIL import Image, ImageDraw, ImageFont

from snapview.core import signing
from snapview.core.credentials import AliyunCredentials
from snapview.emulator import catalog as cat
from snapview.emulator.server import EmulatorConfig, start_emulator_thread

_THUMB = (320, 180)


def _list(base_url: str, video_id: str, snapshot_type: str, page_size: int = 100) -> list[str]:
    import json

    creds = AliyunCredentials(cat.DEMO_ACCESS_KEY_ID, cat.DEMO_ACCESS_KEY_SECRET)
    params = signing.v1_signed_params(
        "GET",
        {
            "Action": "ListSnapshots",
            "VideoId": video_id,
            "SnapshotType": snapshot_type,
            "PageSize": str(page_size),
        },
        creds,
    )
    query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in params.items())
    with urlopen(f"{base_url}/?{query}", timeout=30) as response:
        body = json.load(response)
    return [s["Url"] for s in body["MediaSnapshot"]["Snapshots"]["Snapshot"]]


def _fetch(url: str) -> tuple[Image.Image | None, str]:
    try:
        with urlopen(url, timeout=30) as response:
            data = response.read()
            kind = response.headers.get("Content-Type", "")
    except OSError as exc:
        return None, f"HTTP error: {getattr(exc, 'code', exc)}"
    if not kind.startswith("image/"):
        return None, f"200 but {kind.split(';')[0]}"
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except OSError:
        return None, "corrupt JPEG"
    return image.convert("RGB"), ""


def build(output: Path) -> None:
    with start_emulator_thread(EmulatorConfig()) as emulator:
        base = emulator.base_url
        short = _list(base, cat.SHORT_VIDEO_ID, "NormalSnapshot")
        defects = _list(base, cat.DEFECTS_VIDEO_ID, "NormalSnapshot")
        tiles: list[tuple[str, str]] = [(f"short #{i}", short[i - 1]) for i in (1, 2, 3, 8, 20, 40)]
        tiles += [(f"defects #{i}", defects[i - 1]) for i in (5, 12, 16, 21, 27, 33)]
        sheet_url = _list(base, cat.SPRITE_VIDEO_ID, "SpriteSnapshot")[0]
        fetched = [(label, *_fetch(url)) for label, url in tiles]
        sprite, _ = _fetch(sheet_url)
    columns = 6
    pad = 8
    label_h = 22
    rows = (len(fetched) + columns - 1) // columns
    width = columns * (_THUMB[0] + pad) + pad
    sprite_h = 0
    if sprite is not None:
        scale = (width - 2 * pad) / sprite.width
        sprite = sprite.resize((width - 2 * pad, round(sprite.height * scale)))
        sprite_h = sprite.height + label_h + pad
    canvas = Image.new(
        "RGB", (width, pad + rows * (_THUMB[1] + label_h + pad) + sprite_h), (40, 40, 44)
    )
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.load_default(size=14)
    for n, (label, image, problem) in enumerate(fetched):
        x = pad + (n % columns) * (_THUMB[0] + pad)
        y = pad + (n // columns) * (_THUMB[1] + label_h + pad)
        draw.text(
            (x, y), label + (f" - {problem}" if problem else ""), font=font, fill=(230, 230, 230)
        )
        if image is not None:
            canvas.paste(image.resize(_THUMB), (x, y + label_h))
        else:
            draw.rectangle(
                (x, y + label_h, x + _THUMB[0], y + label_h + _THUMB[1]),
                outline=(200, 60, 60),
                width=3,
            )
    if sprite is not None:
        y = canvas.height - sprite_h
        draw.text(
            (pad, y), "sprite video: SpriteSnapshot 1 (10x3 cells)", font=font, fill=(230, 230, 230)
        )
        canvas.paste(sprite, (pad, y + label_h))
    canvas.save(output)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: python -m snapview.emulator.contact_sheet OUTPUT.png", file=sys.stderr)
        sys.exit(2)
    build(Path(sys.argv[1]))
    print(sys.argv[1])
