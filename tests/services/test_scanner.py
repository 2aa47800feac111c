"""The scanner against the emulator over real HTTP, on the qasync loop the Defects panel will use:
every planted defect at exactly its index, nothing on clean videos, a second scan from the disk
cache, transient faults retried, cancellation that keeps partial results and a consistent cache."""

from __future__ import annotations

import asyncio

import pytest

from snapview.core.credentials import AliyunCredentials
from snapview.emulator import catalog as cat
from snapview.services.scan_images import PipelineImages
from snapview.services.scanner import (
    FetchRetry,
    ScanFinished,
    ScanListed,
    ScanProgress,
    SnapshotChecked,
    VideoScan,
)
from snapview.services.vod_client import VodClient
from tests.helpers.async_qt import run
from tests.helpers.qasync_loop import qasync_loop  # noqa: F401  (fixture)

pytestmark = [
    pytest.mark.usefixtures("qasync_loop"),
    # libjpeg reports the planted corrupt and truncated JPEGs while it decodes them.
    pytest.mark.qt_log_ignore("JPEG", "jpeg", "Corrupt", "Premature", "marker", "Huffman"),
]

# What the default catalogue plants in the defects video (NormalSnapshot), per docs/emulator.md.
PLANTED = {
    5: "black",
    6: "black",
    **dict.fromkeys(range(12, 17), "frozen"),
    21: "not_found",
    27: "corrupt",
    33: "not_image",
    50: "uniform",
    52: "uniform",
    54: "letterbox",
    56: "letterbox",
    58: "blurred",
    60: "repeat",
    62: "wrong_aspect",
    64: "corrupt",
    68: "empty",
    70: "expired",
    71: "forbidden",
    72: "too_large",
}


def scan(qtbot, emulator, video_id, cache, snapshot_type="NormalSnapshot", **kwargs):
    events: list[object] = []

    async def go():
        creds = AliyunCredentials(cat.DEMO_ACCESS_KEY_ID, cat.DEMO_ACCESS_KEY_SECRET)
        images = PipelineImages(disk_cache_dir=cache, concurrency=kwargs.pop("concurrency", 6))
        try:
            async with VodClient(creds, endpoint=emulator.base_url) as client:
                pager = client.pager(video_id, snapshot_type, page_size=100)
                return await VideoScan(pager, images, on_event=events.append, **kwargs).run()
        finally:
            await images.aclose()

    return run(qtbot, go()), events


def findings(report) -> dict[int, str]:
    found = {}
    for outcome in report.snapshots:
        names = [f.kind.value for f in outcome.flags]
        if outcome.failure is not None:
            names.append(outcome.failure.value)
        if names:
            assert len(names) == 1, (outcome.index, names)
            found[outcome.index] = names[0]
    return found


def test_every_planted_defect_is_reported_at_exactly_its_index(qtbot, emulator, tmp_path) -> None:
    report, events = scan(qtbot, emulator, cat.DEFECTS_VIDEO_ID, tmp_path)
    assert findings(report) == PLANTED
    by_index = {s.index: s for s in report.snapshots}
    assert by_index[50].flags[0].details["colour"] == "green"
    assert by_index[52].flags[0].details["colour"] == "grey"
    assert by_index[54].flags[0].severity.value == "info"  # equal bars: a letterboxed source
    assert by_index[56].flags[0].severity.value == "defect"  # a bar on one side only
    assert by_index[14].flags[0].details == {"run_start": 12, "run_end": 16, "run_length": 5}
    assert by_index[60].flags[0].details["same_as"] == 40
    assert by_index[62].flags[0].details["expected_size"] == "480×270"
    assert report.job_findings == []
    assert report.flagged == 13 and report.failed == 8 and report.found_anything
    # Events: listed once, then one check and one progress per snapshot, then finished.
    assert isinstance(events[0], ScanListed) and events[0].listed == 72
    assert isinstance(events[-1], ScanFinished)
    assert sum(isinstance(e, SnapshotChecked) for e in events) == 72
    progress = [e for e in events if isinstance(e, ScanProgress)]
    assert [p.done for p in progress] == list(range(1, 73))
    assert progress[-1].eta_s == 0


def test_a_cover_left_out_of_the_listing_is_a_count_mismatch_and_a_gap(
    qtbot, emulator, tmp_path
) -> None:
    report, _ = scan(qtbot, emulator, cat.DEFECTS_VIDEO_ID, tmp_path, "CoverSnapshot")
    assert findings(report) == {}
    jobs = {f.kind.value: dict(f.details) for f in report.job_findings}
    assert jobs == {
        "count_mismatch": {"total": 8, "listed": 7},
        "missing_index": {"missing": [6], "missing_count": 1, "repeated": [], "repeated_count": 0},
    }
    assert report.found_anything


def test_the_misaligned_sprite_sheet_is_reported(qtbot, emulator, tmp_path) -> None:
    import httpx

    from snapview.services.scan_sprites import load_sprite_geometry

    async def geometry(video_id):
        creds = AliyunCredentials(cat.DEMO_ACCESS_KEY_ID, cat.DEMO_ACCESS_KEY_SECRET)
        async with (
            VodClient(creds, endpoint=emulator.base_url) as client,
            httpx.AsyncClient() as http,
        ):
            vtt = await client.pager(video_id, "WebVttSnapshot").all_snapshots()
            sheets = await client.pager(video_id, "SpriteSnapshot").all_snapshots()
            return await load_sprite_geometry(http, vtt[0].url, sheets)

    planted = run(qtbot, geometry(cat.DEFECTS_VIDEO_ID))
    report, _ = scan(
        qtbot, emulator, cat.DEFECTS_VIDEO_ID, tmp_path, "SpriteSnapshot", sprites=planted
    )
    assert findings(report) == {2: "sprite_misaligned"}
    details = report.snapshots[1].flags[0].details
    assert details["problems"] == ["region_outside_sheet", "size_does_not_fit_grid"]
    assert details["expected_size"] == "1648×290"
    clean = run(qtbot, geometry(cat.SPRITE_VIDEO_ID))
    report, _ = scan(
        qtbot, emulator, cat.SPRITE_VIDEO_ID, tmp_path, "SpriteSnapshot", sprites=clean
    )
    assert findings(report) == {} and not report.found_anything


@pytest.mark.parametrize(
    ("video_id", "snapshot_type"),
    [
        (cat.SHORT_VIDEO_ID, "NormalSnapshot"),
        (cat.SHORT_VIDEO_ID, "CoverSnapshot"),
        (cat.SPRITE_VIDEO_ID, "NormalSnapshot"),
        (cat.SPRITE_VIDEO_ID, "SpriteOriginSnapshot"),
        (cat.EXPIRING_VIDEO_ID, "NormalSnapshot"),
        (cat.REPLACED_JOB_VIDEO_ID, "NormalSnapshot"),
        (cat.LONG_VIDEO_ID, "CoverSnapshot"),
    ],
)
def test_clean_videos_have_no_findings(qtbot, emulator, tmp_path, video_id, snapshot_type) -> None:
    report, _ = scan(qtbot, emulator, video_id, tmp_path, snapshot_type)
    assert report.snapshots and findings(report) == {} and report.job_findings == []
    assert not report.found_anything


def test_a_second_scan_downloads_nothing(qtbot, emulator_factory, tmp_path) -> None:
    emulator = emulator_factory()
    first, _ = scan(qtbot, emulator, cat.SHORT_VIDEO_ID, tmp_path)
    served = emulator.stats["images"]
    assert served == 60 and not any(s.from_cache for s in first.snapshots)
    second, _ = scan(qtbot, emulator, cat.SHORT_VIDEO_ID, tmp_path)
    assert emulator.stats["images"] == served
    assert all(s.from_cache for s in second.snapshots) and not second.found_anything


def test_a_processing_video_is_a_job_finding(qtbot, emulator, tmp_path) -> None:
    report, _ = scan(qtbot, emulator, cat.PROCESSING_VIDEO_ID, tmp_path)
    assert [f.kind.value for f in report.job_findings] == ["processing"]
    assert report.snapshots == [] and report.found_anything


def test_transient_faults_are_retried_and_never_become_findings(
    qtbot, emulator_factory, tmp_path
) -> None:
    emulator = emulator_factory(image_fault_rate=0.3, fault_rate=0.2, throttle_rate=0.1, seed=7)
    # Image fates follow each image's own request count, so with this seed no image fails eight
    # times running and the outcome does not depend on the order in which requests arrive.
    retry = FetchRetry(attempts=8, base_delay=0.01, max_delay=0.05)
    report, _ = scan(qtbot, emulator, cat.SHORT_VIDEO_ID, tmp_path, concurrency=2, retry=retry)
    assert emulator.stats["faults"] > 10
    assert max(s.attempts for s in report.snapshots) > 1
    assert findings(report) == {} and not report.found_anything


def test_cancelling_keeps_partial_results_and_a_consistent_cache(qtbot, emulator, tmp_path) -> None:
    progress: list[ScanProgress] = []

    async def go():
        creds = AliyunCredentials(cat.DEMO_ACCESS_KEY_ID, cat.DEMO_ACCESS_KEY_SECRET)
        images = PipelineImages(disk_cache_dir=tmp_path, concurrency=4)
        try:
            async with VodClient(creds, endpoint=emulator.base_url) as client:
                pager = client.pager(cat.LONG_VIDEO_ID, "NormalSnapshot", page_size=100)

                enough = asyncio.Event()

                def seen(event):
                    if isinstance(event, ScanProgress):
                        progress.append(event)
                        if len(progress) >= 30:
                            enough.set()

                scan = VideoScan(pager, images, concurrency=4, on_event=seen)
                task = asyncio.get_running_loop().create_task(scan.run())
                await enough.wait()
                task.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await task
                return scan.report()
        finally:
            await images.aclose()

    report = run(qtbot, go())
    assert report.cancelled
    assert 30 <= len(report.snapshots) < 10_000
    assert progress[-1].eta_s is not None and progress[-1].total == 10_000
    assert not [t for t in asyncio.all_tasks() if t.get_name().startswith("scan-worker")]
    assert not list(tmp_path.rglob("*.tmp"))  # no half-written cache entry
    again, _ = scan(qtbot, emulator, cat.LONG_VIDEO_ID, tmp_path, "CoverSnapshot")
    assert not again.found_anything
