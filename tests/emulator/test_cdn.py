"""The emulator's CDN: URL tokens and their expiry, HTTP validators, planted defects, sprites and WebVTT."""

from __future__ import annotations

import io
import re
import time
from urllib.parse import urlsplit

import httpx
import pytest
from PIL import Image, ImageStat

from snapview.emulator import catalog as cat
from snapview.emulator.cdn import sign_path
from tests.emulator.signed_calls import snapshots, v1_call


def _urls(emulator, video, snapshot_type="NormalSnapshot", page_size=100, **extra) -> list[str]:
    params = {"VideoId": video, "SnapshotType": snapshot_type, "PageSize": str(page_size), **extra}
    return [s["Url"] for s in snapshots(v1_call(emulator.base_url, params))]


def _image(response: httpx.Response) -> Image.Image:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/jpeg"
    image = Image.open(io.BytesIO(response.content))
    image.load()
    return image


def test_frames_are_video_like_and_differ(emulator) -> None:
    urls = _urls(emulator, cat.SHORT_VIDEO_ID, page_size=3)
    first, second = (_image(httpx.get(u, timeout=10)) for u in urls[:2])
    assert first.size == (480, 270)
    # Colourful, not flat, and the next snapshot is a different picture.
    assert max(ImageStat.Stat(first).stddev) > 20
    assert httpx.get(urls[0]).content != httpx.get(urls[1]).content
    assert first.tobytes() != second.tobytes()


def test_bad_or_missing_token_is_403_with_tengine_reason(emulator) -> None:
    url = _urls(emulator, cat.SHORT_VIDEO_ID, page_size=1)[0]
    tampered = re.sub(r"-[0-9a-f]{32}$", "-" + "0" * 32, url)
    for bad in (tampered, url.split("?")[0]):
        response = httpx.get(bad, timeout=10)
        assert response.status_code == 403
        assert response.headers["X-Tengine-Error"].startswith("denied by req auth:")
    # A token for one file does not open another.
    other = url.replace("normal00001.jpg", "normal00002.jpg")
    assert httpx.get(other, timeout=10).status_code == 403


def test_urls_expire_after_auth_timeout(emulator_factory) -> None:
    emulator = emulator_factory()
    url = _urls(emulator, cat.SHORT_VIDEO_ID, page_size=1, AuthTimeout="7200")[0]
    assert httpx.get(url, timeout=10).status_code == 200
    emulator.advance_clock(7000)
    assert httpx.get(url, timeout=10).status_code == 200
    emulator.advance_clock(300)
    expired = httpx.get(url, timeout=10)
    assert expired.status_code == 403
    ts = url.rsplit("auth_key=", 1)[1].split("-")[0]
    assert expired.headers["X-Tengine-Error"] == f"denied by req auth: expired timestamp={ts}"
    assert emulator.stats["403s"] == 1


def test_auth_timeout_below_an_hour_counts_as_an_hour(emulator_factory) -> None:
    emulator = emulator_factory()
    url = _urls(emulator, cat.SHORT_VIDEO_ID, page_size=1, AuthTimeout="60")[0]
    emulator.advance_clock(3500)
    assert httpx.get(url, timeout=10).status_code == 200


def test_expiring_video_ignores_auth_timeout(emulator_factory) -> None:
    emulator = emulator_factory()
    url = _urls(emulator, cat.EXPIRING_VIDEO_ID, page_size=1, AuthTimeout="86400")[0]
    assert httpx.get(url, timeout=10).status_code == 200
    emulator.advance_clock(61)
    assert httpx.get(url, timeout=10).status_code == 403
    fresh = _urls(emulator, cat.EXPIRING_VIDEO_ID, page_size=1)[0]
    assert httpx.get(fresh, timeout=10).status_code == 200


def test_validators_answer_304(emulator) -> None:
    url = _urls(emulator, cat.SHORT_VIDEO_ID, page_size=1)[0]
    first = httpx.get(url, timeout=10)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert "max-age" in first.headers["Cache-Control"]
    again = httpx.get(url, headers={"If-None-Match": etag}, timeout=10)
    assert again.status_code == 304
    assert again.content == b""
    assert httpx.get(url, headers={"If-Modified-Since": modified}, timeout=10).status_code == 304
    changed = httpx.get(url, headers={"If-None-Match": '"something-else"'}, timeout=10)
    assert changed.status_code == 200
    assert changed.content == first.content


def test_planted_defects(emulator) -> None:
    urls = _urls(emulator, cat.DEFECTS_VIDEO_ID)
    by_index = dict(enumerate(urls, start=1))
    black = _image(httpx.get(by_index[5], timeout=10))
    assert max(ImageStat.Stat(black).mean) < 8
    frozen = [httpx.get(by_index[i], timeout=10).content for i in (12, 13, 16)]
    assert frozen[0] == frozen[1] == frozen[2]
    assert httpx.get(by_index[17], timeout=10).content != frozen[0]
    assert httpx.get(by_index[21], timeout=10).status_code == 404
    corrupt = httpx.get(by_index[27], timeout=10)
    assert corrupt.status_code == 200
    assert corrupt.content[:2] == b"\xff\xd8"
    with pytest.raises(OSError, match="broken data stream"):
        Image.open(io.BytesIO(corrupt.content)).load()
    html = httpx.get(by_index[33], timeout=10)
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert b"<html" in html.content


def test_sprite_sheets_follow_the_config_and_vtt_points_at_cells(emulator) -> None:
    sheets = _urls(emulator, cat.SPRITE_VIDEO_ID, "SpriteSnapshot")
    first, second = (_image(httpx.get(u, timeout=10)) for u in sheets)
    # 10 columns x 3 lines of 160x90 cells, padding 4, margin 6 (both sheets share the layout).
    assert first.size == (2 * 6 + 10 * 160 + 9 * 4, 2 * 6 + 3 * 90 + 2 * 4) == second.size
    vtt_url = _urls(emulator, cat.SPRITE_VIDEO_ID, "WebVttSnapshot")[0]
    vtt = httpx.get(vtt_url, timeout=10)
    assert vtt.headers["content-type"].startswith("text/vtt")
    lines = vtt.text.splitlines()
    assert lines[0] == "WEBVTT"
    cues = [line for line in lines if "#xywh=" in line]
    assert len(cues) == 50
    assert lines[2] == "00:00:00.000 --> 00:00:05.000"
    # Cue 32 is the second cell of the second sheet; its relative URL resolves next to the .vtt.
    target, _, region = cues[31].partition("#xywh=")
    assert region == "170,6,160,90"
    image = _image(httpx.get(httpx.URL(vtt_url).join(target), timeout=10))
    assert image.size == second.size
    cells = _urls(emulator, cat.SPRITE_VIDEO_ID, "SpriteOriginSnapshot")
    cell = _image(httpx.get(cells[31], timeout=10))
    assert cell.size == (160, 90)
    # The cell image and its region of the sheet show the same picture (up to JPEG noise).
    crop = second.crop((170, 6, 330, 96))
    assert _mean_abs_diff(crop, cell) < 12
    far = _image(httpx.get(cells[0], timeout=10))
    assert _mean_abs_diff(crop, far) > 2 * _mean_abs_diff(crop, cell)


def _mean_abs_diff(a: Image.Image, b: Image.Image) -> float:
    return sum(abs(x - y) for x, y in zip(a.tobytes(), b.tobytes(), strict=True)) / len(a.tobytes())


def test_a_100000_snapshot_video_serves_every_image_it_lists(emulator) -> None:
    # The last page lists 99,901..100,000; index 100,000 is six digits wide (normal100000.jpg).
    last = _urls(emulator, cat.HUGE_VIDEO_ID, PageNo="1000")
    assert len(last) == 100
    assert last[-2].split("?")[0].endswith("/normal99999.jpg")
    assert last[-1].split("?")[0].endswith("/normal100000.jpg")
    for url in (last[0], last[-2], last[-1]):
        assert _image(httpx.get(url, timeout=10)).size == (480, 270)
    first = _urls(emulator, cat.HUGE_VIDEO_ID, page_size=1)[0]
    assert first.split("?")[0].endswith("/normal00001.jpg")
    assert _image(httpx.get(first, timeout=10)).size == (480, 270)


def test_only_the_listed_name_of_an_index_is_served(emulator) -> None:
    # With a valid token for the path, a name that is not the one ListSnapshots writes (leading
    # zeros beyond five digits, too few digits, past the job's last index) is 404, as on a bucket.
    listed = _urls(emulator, cat.HUGE_VIDEO_ID, page_size=1)[0].split("?")[0]
    folder = listed.rsplit("/", 1)[0]
    for name in ("normal000001.jpg", "normal0001.jpg", "normal100001.jpg", "normal0100000.jpg"):
        path = urlsplit(f"{folder}/{name}").path
        signed = sign_path(path, int(time.time()), cat.DEMO_CDN_PRIVATE_KEY)
        response = httpx.get(folder.split("/cdn/")[0] + signed, timeout=10)
        assert response.status_code == 404, name
