"""The scan's analysis cache against the emulator over real HTTP: a second scan of an unchanged
video takes every verdict from it (nothing downloaded, decoded or analysed) and finds exactly what
the first found, sequence checks included; other detector rules, a damaged file or an unusable
place never hand back a stale verdict or stop the scan."""

from __future__ import annotations

import logging

import pytest

from snapview.core.credentials import AliyunCredentials
from snapview.emulator import catalog as cat
from snapview.services.scan_cache import AnalysisCache
from snapview.services.scan_images import PipelineImages
from snapview.services.scanner import VideoScan
from snapview.services.vod_client import VodClient
from tests.helpers.async_qt import run
from tests.helpers.qasync_loop import qasync_loop  # noqa: F401  (fixture)
from tests.services.test_scanner import PLANTED, findings

pytestmark = [
    pytest.mark.usefixtures("qasync_loop"),
    pytest.mark.qt_log_ignore("JPEG", "jpeg", "Corrupt", "Premature", "marker", "Huffman"),
]

# The defects video's snapshots that load and decode (the 8 planted failures do not).
DECODABLE = 72 - 8


def scan(qtbot, emulator, folder, video_id=cat.DEFECTS_VIDEO_ID, **cache_options):
    """One scan with the disk cache and the analysis cache laid out as ``snapview scan`` does."""

    async def go():
        creds = AliyunCredentials(cat.DEMO_ACCESS_KEY_ID, cat.DEMO_ACCESS_KEY_SECRET)
        images = PipelineImages(disk_cache_dir=folder / "images", concurrency=6)
        cache = AnalysisCache(folder / "scan-analysis.sqlite3", **cache_options)
        try:
            async with VodClient(creds, endpoint=emulator.base_url) as client:
                pager = client.pager(video_id, "NormalSnapshot", page_size=100)
                return await VideoScan(pager, images, analysis_cache=cache).run(), cache
        finally:
            await cache.aclose()
            await images.aclose()

    return run(qtbot, go())


def test_a_rescan_reuses_every_verdict_and_finds_the_same(qtbot, emulator_factory, tmp_path):
    emulator = emulator_factory()
    first, cache = scan(qtbot, emulator, tmp_path)
    assert findings(first) == PLANTED
    assert first.reused == 0 and cache.written == DECODABLE
    served = emulator.stats["images"]

    second, cache = scan(qtbot, emulator, tmp_path)
    # Every picture that decoded the first time is judged from the cache: no download, no decode.
    assert second.reused == DECODABLE and cache.misses == 0
    assert all(s.attempts == 0 for s in second.snapshots if s.reused)
    # Only the planted failures are fetched again (a failure is never cached as a verdict).
    assert emulator.stats["images"] - served <= 8 * 4
    # Same findings at the same indices, including frozen / repeat / wrong_aspect, which run
    # again over the cached summaries, and the details a reviewer reads.
    assert findings(second) == PLANTED
    before = {s.index: [(f.kind, dict(f.details)) for f in s.flags] for s in first.snapshots}
    after = {s.index: [(f.kind, dict(f.details)) for f in s.flags] for s in second.snapshots}
    assert after == before


def test_other_detector_rules_never_reuse_a_verdict(qtbot, emulator, tmp_path):
    scan(qtbot, emulator, tmp_path, version="rules-of-yesterday")
    report, cache = scan(qtbot, emulator, tmp_path)  # today's ANALYSIS_VERSION
    assert report.reused == 0 and cache.hits == 0
    assert findings(report) == PLANTED


def test_a_damaged_cache_file_is_replaced_and_the_scan_goes_on(qtbot, emulator, tmp_path):
    (tmp_path / "scan-analysis.sqlite3").write_bytes(b"not a database " * 400)
    report, cache = scan(qtbot, emulator, tmp_path, video_id=cat.SHORT_VIDEO_ID)
    assert len(report.snapshots) == 60 and not report.found_anything
    assert cache.usable and cache.written == 60
    again, _ = scan(qtbot, emulator, tmp_path, video_id=cat.SHORT_VIDEO_ID)
    assert again.reused == 60


def test_an_unusable_cache_place_is_one_warning_and_every_picture_is_analysed(
    qtbot, emulator, tmp_path, caplog
):
    (tmp_path / "scan-analysis.sqlite3").mkdir()  # a folder where the file should be
    with caplog.at_level(logging.WARNING, logger="snapview.scan"):
        report, cache = scan(qtbot, emulator, tmp_path)
    assert findings(report) == PLANTED and report.reused == 0
    assert not cache.usable
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "every picture is analysed" in warnings[0].getMessage()
