"""The image pipeline's disk cache: validators and 304s, freshness, no-store, token-free keys, LRU
eviction, and the decode helpers that need no server (fit, signature, crop, the byte LRU)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage

from snapview.services.http_cache import HttpDiskCache, cache_key, stable_url
from snapview.services.image_cache import ByteLRU
from snapview.services.images import (
    DEFAULT_MAX_IMAGE_PIXELS,
    FailureKind,
    TileState,
    crop,
    decode_image,
    gray_signature,
)
from tests.helpers.async_qt import run
from tests.services.image_server import reason, wait_result

pytestmark = pytest.mark.usefixtures("qasync_loop")

# --- disk cache with validators ----------------------------------------------------------------


def test_reopening_revalidates_with_etag_and_reuses_the_stored_body(
    qtbot, server, make_pipeline, tmp_path
) -> None:
    url = f"{server.base}/img/v.jpg?auth_key=1700000000-tokrnd-0-d41d8cd98f00b204e9800998ecf8427e"
    first = make_pipeline(disk_cache_dir=tmp_path)
    original = wait_result(qtbot, first, "v", url)
    assert original.http_status == 200 and server.bodies_sent == 1
    run(qtbot, first.aclose())

    # A new session, and ListSnapshots returned a fresh token for the same image.
    refreshed_url = url.replace("1700000000-tokrnd", "1800000000-newrnd")
    second = make_pipeline(disk_cache_dir=tmp_path)
    again = wait_result(qtbot, second, "v", refreshed_url)
    assert again.state is TileState.LOADED and again.from_cache and again.http_status == 304
    assert server.not_modified == 1 and server.bodies_sent == 1
    assert server.conditional[-1].get("If-None-Match", "").startswith('"')
    assert second.stats.bytes_downloaded == 0 and second.stats.disk_hits == 1
    assert again.image is not None and original.image is not None
    assert again.image.size() == original.image.size()
    # No token in any file name or stored file (the tokens' parts are not hex digits, so a hashed
    # file name cannot contain them by chance).
    for path in tmp_path.rglob("*"):
        assert "tokrnd" not in path.name and "newrnd" not in path.name
        assert "d41d8cd98f00b204e9800998ecf8427e" not in path.name
        if path.is_file():
            assert b"auth_key" not in path.read_bytes() and b"tokrnd" not in path.read_bytes()


def test_fresh_disk_entries_need_no_request_at_all(qtbot, server, make_pipeline, tmp_path) -> None:
    server.cache_control = "max-age=3600"
    url = f"{server.base}/img/f.jpg"
    first = make_pipeline(disk_cache_dir=tmp_path)
    wait_result(qtbot, first, "f", url)
    run(qtbot, first.aclose())
    second = make_pipeline(disk_cache_dir=tmp_path)
    again = wait_result(qtbot, second, "f", url)
    assert again.image is not None and again.from_cache
    assert server.hits["f.jpg"] == 1


def test_no_store_responses_are_not_written_to_disk(qtbot, server, make_pipeline, tmp_path) -> None:
    server.cache_control = "no-store"
    pipeline = make_pipeline(disk_cache_dir=tmp_path)
    wait_result(qtbot, pipeline, "n", f"{server.base}/img/n.jpg")
    run(qtbot, pipeline.aclose())  # the worker writes what it keeps by the time it is closed
    assert not list(tmp_path.rglob("*.entry"))


def test_cache_key_ignores_signing_tokens_and_never_contains_them() -> None:
    a = "https://cdn.example.com/s/00001.jpg?auth_key=1700000000-0-0-abcdef&x=1"
    b = "https://CDN.example.com/s/00001.jpg?x=1&auth_key=1800000000-1-0-fedcba"
    assert cache_key(a) == cache_key(b)
    oss = "https://b.oss-cn-shanghai.aliyuncs.com/s/1.jpg?Expires=1&OSSAccessKeyId=LTAIxxxx&Signature=sig%3D"
    oss_later = "https://b.oss-cn-shanghai.aliyuncs.com/s/1.jpg?Expires=2&OSSAccessKeyId=LTAIxxxx&Signature=other"
    assert cache_key(oss) == cache_key(oss_later)
    assert stable_url(oss) == "https://b.oss-cn-shanghai.aliyuncs.com/s/1.jpg"
    assert stable_url(a) == "https://cdn.example.com/s/00001.jpg?x=1"
    assert cache_key(a) != cache_key("https://cdn.example.com/s/00002.jpg?x=1")
    assert all(c in "0123456789abcdef" for c in cache_key(a))


def test_disk_cache_evicts_least_recently_used_bodies(tmp_path: Path) -> None:
    cache = HttpDiskCache(tmp_path, max_bytes=2500)
    headers = {"etag": '"x"'}
    for i in range(4):
        cache.store(f"https://h/{i}.jpg", bytes(1000), headers)
    assert cache.total_bytes() <= 2500
    assert cache.lookup("https://h/3.jpg") is not None
    assert cache.lookup("https://h/0.jpg") is None


def test_a_stored_entry_is_what_a_later_lookup_reads_even_after_its_folder_was_deleted(
    tmp_path: Path,
) -> None:
    cache = HttpDiskCache(tmp_path / "cache")
    headers = {"etag": '"e1"', "content-type": "image/jpeg", "cache-control": "max-age=60"}
    first = cache.store("https://h/a.jpg?auth_key=1-2-3-4", b"jpeg-bytes", headers)
    assert first is not None and first.size == 10 and first.is_fresh()
    assert first == cache.lookup("https://h/a.jpg")
    # A cleaner removed the whole cache folder: the next store makes it again.
    for path in sorted((tmp_path / "cache").rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    (tmp_path / "cache").rmdir()
    second = cache.store("https://h/a.jpg", None, {})  # a 304 of an entry that is gone
    assert second is None
    third = cache.store(
        "https://h/b.jpg", b"other", {"last-modified": "Mon, 01 Dec 2026 10:00:00 GMT"}
    )
    assert third is not None and third == cache.lookup("https://h/b.jpg")
    assert third.read_body() == b"other" and third.validators() == {
        "If-Modified-Since": "Mon, 01 Dec 2026 10:00:00 GMT"
    }
    assert not list((tmp_path / "cache").rglob("*.tmp"))


def test_a_loads_own_decoder_decodes_its_picture_and_a_failing_one_costs_no_picture(
    qtbot, server, make_pipeline, caplog
) -> None:
    seen: list[tuple[int, QSize]] = []

    def own(data: bytes, target: QSize, max_pixels: int, content_type: str):
        outcome = decode_image(data, target, max_pixels, content_type, signature=False)
        seen.append((len(data), target))
        assert outcome.image is not None
        return outcome, ("mine", outcome.image.width(), outcome.pixel_size.width())

    pipeline = make_pipeline()
    url = f"{server.base}/img/m.jpg"
    result = run(qtbot, pipeline.load(url, QSize(32, 32), key="m", decoder=own))
    assert result.image is not None and result.image.width() <= 32
    assert result.derived == ("mine", result.image.width(), result.pixel_size.width())
    assert seen == [(result.byte_size, QSize(32, 32))] and result.pixel_size.width() > 32
    # The decoder is the load's: the grid's requests on the same pipeline decode the grid's way.
    tile = wait_result(qtbot, pipeline, "g", f"{server.base}/img/g.jpg", QSize(32, 32))
    assert tile.derived is None and tile.signature is not None and len(seen) == 1

    def broken(data: bytes, target: QSize, max_pixels: int, content_type: str):
        raise RuntimeError("a bug of the decoder's owner")

    with caplog.at_level(logging.ERROR, logger="snapview.images"):
        shown = run(
            qtbot,
            pipeline.load(f"{server.base}/img/b.jpg", QSize(32, 32), key="b", decoder=broken),
        )
    assert shown.state is TileState.LOADED and shown.image is not None and shown.derived is None
    assert [r.getMessage() for r in caplog.records] == ["image pipeline decoder failed"]


# --- helpers without a server ----------------------------------------------------------------


def test_decode_image_directly_and_crop_a_sprite_cell() -> None:
    sheet = QImage(400, 200, QImage.Format.Format_RGB32)
    sheet.fill(QColor("blue"))
    for x in range(200, 400):
        for y in range(100, 200):
            sheet.setPixelColor(x, y, QColor("red"))
    # Decoded at half size: a cell in sheet coordinates maps onto the smaller image.
    small = sheet.scaled(200, 100)
    cell = crop(small, (200, 100, 200, 100), original_size=QSize(400, 200))
    assert cell is not None and cell.size() == QSize(100, 50)
    assert cell.pixelColor(50, 25) == QColor("red")
    assert crop(sheet, QRect(500, 500, 10, 10)) is None
    clipped = crop(sheet, (350, 150, 100, 100))
    assert clipped is not None and clipped.size() == QSize(50, 50)


def test_gray_signature_is_16_by_9() -> None:
    image = QImage(64, 36, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 255, 255))
    signature = gray_signature(image)
    assert len(signature) == 144 and set(signature) == {255}


def test_decode_image_of_garbage_is_a_clear_failure() -> None:
    outcome = decode_image(b"\x00\x01garbage" * 10, QSize(100, 100), 10**6)
    assert outcome.failure is FailureKind.UNDECODABLE and outcome.image is None


def test_byte_lru_evicts_oldest_and_expires_entries() -> None:
    now = [0.0]
    lru: ByteLRU[str] = ByteLRU(100, clock=lambda: now[0])
    lru.put("a", "A", 40)
    lru.put("b", "B", 40)
    assert lru.get("a") == "A"  # "a" becomes most recent
    lru.put("c", "C", 40)
    assert "b" not in lru and lru.get("a") == "A" and lru.total_bytes == 80
    lru.put("huge", "H", 500)
    assert "huge" not in lru
    lru.put("t", "T", 10, ttl=5)
    now[0] = 4.9
    assert lru.get("t") == "T"
    now[0] = 5.0
    assert lru.get("t") is None and lru.total_bytes == 80


def test_a_header_too_large_for_qt_is_too_large_not_corrupt() -> None:
    # Qt refuses JPEGs over 65500 px with "Unable to read image data"; the header says why.
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "JPEG")
    data = bytearray(out.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = (65535).to_bytes(2, "big") * 2
    outcome = decode_image(bytes(data), QSize(160, 160), DEFAULT_MAX_IMAGE_PIXELS)
    assert outcome.failure is FailureKind.TOO_LARGE and outcome.pixel_size == QSize(65535, 65535)
    assert reason(outcome) == "Image too large to show (65535×65535 pixels)"


def test_the_pixel_budget_is_held_until_the_thread_is_done_even_when_cancelled(qtbot) -> None:
    import asyncio
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from snapview.services.images.budget import PixelBudget

    budget = PixelBudget(100)
    release = threading.Event()
    with ThreadPoolExecutor(2) as pool:
        loop = asyncio.get_event_loop()
        big = loop.create_task(budget.run(90, lambda: pool.submit(release.wait, 10)))
        qtbot.waitUntil(lambda: budget.in_flight == 90)
        small = loop.create_task(budget.run(20, lambda: pool.submit(lambda: "small")))
        qtbot.waitUntil(lambda: budget.waits == 1)  # 90 + 20 > 100: it waits its turn
        big.cancel()
        qtbot.waitUntil(big.done)
        # The caller is gone but its thread still holds the pixels: the next one keeps waiting.
        assert budget.in_flight == 90 and not small.done()
        release.set()
        qtbot.waitUntil(small.done)
        assert small.result() == "small" and budget.peak == 90
        qtbot.waitUntil(lambda: budget.in_flight == 0)
