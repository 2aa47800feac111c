"""The scan's worker processes (``services/scan_processes.py``) against the emulator over real HTTP:
the same findings as the pipeline in one process, a 403 refreshed through the parent, a worker
that dies turned into a clear local error, Ctrl+C left to the parent, and no process left behind."""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import signal
import socket
import threading

import pytest

from snapview.core.credentials import AliyunCredentials
from snapview.emulator import catalog as cat
from snapview.emulator.catalog import EXPIRING_VIDEO_ID
from snapview.services.images import FailureKind
from snapview.services.scan_cache import AnalysisCache
from snapview.services.scan_processes import ProcessImages
from snapview.services.scanner import FetchRetry, VideoScan
from snapview.services.vod_client import VodClient
from tests.helpers.async_qt import run
from tests.helpers.qasync_loop import qasync_loop  # noqa: F401  (fixture)
from tests.helpers.timeouts import WAIT_MS
from tests.services.test_images_emulator import signed_url
from tests.services.test_scanner import PLANTED, findings

pytestmark = [
    pytest.mark.usefixtures("qasync_loop"),
    pytest.mark.qt_log_ignore("JPEG", "jpeg", "Corrupt", "Premature", "marker", "Huffman"),
]


def scan_in_processes(qtbot, emulator, video_id, cache, *, workers=2, analysis=None, **kwargs):
    async def go():
        creds = AliyunCredentials(cat.DEMO_ACCESS_KEY_ID, cat.DEMO_ACCESS_KEY_SECRET)
        images = ProcessImages(disk_cache_dir=cache, concurrency=6, workers=workers)
        try:
            async with VodClient(creds, endpoint=emulator.base_url) as client:
                pager = client.pager(video_id, "NormalSnapshot", page_size=100)
                scan = VideoScan(pager, images, analysis_cache=analysis, **kwargs)
                return await scan.run(), images
        finally:
            await images.aclose()

    return run(qtbot, go())


def test_worker_processes_report_every_planted_defect_at_exactly_its_index(
    qtbot, emulator, tmp_path
) -> None:
    report, images = scan_in_processes(qtbot, emulator, cat.DEFECTS_VIDEO_ID, tmp_path)
    assert findings(report) == PLANTED
    by_index = {s.index: s for s in report.snapshots}
    assert by_index[50].flags[0].details["colour"] == "green"
    assert by_index[60].flags[0].details["same_as"] == 40  # sequence checks see every frame
    assert by_index[70].reason.english() == "Link expired (HTTP 403)"
    assert by_index[5].pixel_size == (480, 270)
    assert len(images.worker_peak_rss) == 2  # both said goodbye
    assert all(not w.process.is_alive() for w in images._workers)


def test_a_rescan_from_the_analysis_cache_starts_no_process(qtbot, emulator, tmp_path) -> None:
    cache = AnalysisCache(tmp_path / "analysis.sqlite3")
    try:
        first, images = scan_in_processes(
            qtbot, emulator, cat.SHORT_VIDEO_ID, tmp_path / "images", analysis=cache
        )
        assert len(images.worker_peak_rss) == 2
        served = emulator.stats["images"]
        again, idle = scan_in_processes(
            qtbot, emulator, cat.SHORT_VIDEO_ID, tmp_path / "images", analysis=cache
        )
    finally:
        run(qtbot, cache.aclose())
    assert again.reused == len(again.snapshots) == 60
    assert idle._workers == [] and emulator.stats["images"] == served


def test_transient_faults_in_a_worker_are_retried_and_never_become_findings(
    qtbot, emulator_factory, tmp_path
) -> None:
    emulator = emulator_factory(image_fault_rate=0.3, fault_rate=0.2, throttle_rate=0.1, seed=7)
    retry = FetchRetry(attempts=8, base_delay=0.01, max_delay=0.05)
    report, _ = scan_in_processes(
        qtbot, emulator, cat.SHORT_VIDEO_ID, tmp_path, concurrency=2, retry=retry
    )
    assert emulator.stats["faults"] > 10 and max(s.attempts for s in report.snapshots) > 1
    assert findings(report) == {} and not report.found_anything


def test_an_expired_link_is_refreshed_through_the_parent(qtbot, emulator_factory, tmp_path) -> None:
    emulator = emulator_factory()
    stale = signed_url(emulator, EXPIRING_VIDEO_ID, "NormalSnapshot", 3)
    unrefreshed = signed_url(emulator, EXPIRING_VIDEO_ID, "NormalSnapshot", 4)
    emulator.advance_clock(3 * 3600)
    asked: list[str] = []

    async def fresh() -> str:
        asked.append("refresh")  # in this process: the listing lives here, not in the worker
        return signed_url(emulator, EXPIRING_VIDEO_ID, "NormalSnapshot", 3)

    async def go():
        images = ProcessImages(disk_cache_dir=tmp_path, workers=1)
        try:
            refreshed = await images.load(("n", 3), stale, refresh=fresh)
            expired = await images.load(("n", 4), unrefreshed)
            return refreshed, expired
        finally:
            await images.aclose()

    refreshed, expired = run(qtbot, go())
    assert asked == ["refresh"]
    assert refreshed.failure is None and refreshed.url != stale and refreshed.derived is not None
    assert expired.failure is FailureKind.EXPIRED
    assert expired.reason.english() == "Link expired (HTTP 403)"


class SilentServer:
    """Accepts connections and never answers, so a load stays in flight; ``connected`` is set
    once a request's connection is in."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/still.jpg"
        self.connected = threading.Event()
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.held.append(conn)
            self.connected.set()

    async def wait_connected(self) -> None:
        loop = asyncio.get_running_loop()
        assert await loop.run_in_executor(None, self.connected.wait, WAIT_MS / 1000)


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.listener.close()
    for conn in server.held:
        conn.close()


def test_a_worker_that_dies_fails_its_loads_as_a_local_problem_and_the_scan_goes_on(
    qtbot, emulator, tmp_path, silent_server, caplog
) -> None:
    url = signed_url(emulator, cat.SHORT_VIDEO_ID, "NormalSnapshot", 1)

    async def go():
        images = ProcessImages(disk_cache_dir=tmp_path, workers=1)
        try:
            pending = asyncio.ensure_future(images.load(("k", 1), silent_server.url))
            await silent_server.wait_connected()  # the worker is fetching it
            images._workers[0].process.kill()  # SIGKILL: no goodbye
            lost = await pending
            after = await images.load(("k", 2), url)  # no worker left: in this process
            return lost, after
        finally:
            await images.aclose()

    with caplog.at_level(logging.WARNING, logger="snapview.scan"):
        lost, after = run(qtbot, go())
    assert "scan worker snapview-scan-worker-0 stopped (exit status -9)" in caplog.text
    assert "no scan worker process is left; scanning in-process" in caplog.text
    assert lost.failure is FailureKind.LOCAL and lost.is_transient
    assert lost.reason.english() == (
        "The scan's worker process stopped unexpectedly (exit status -9)"
    )
    assert after.failure is None and after.derived is not None


def test_ctrl_c_is_the_parents_and_closing_leaves_no_process(
    qtbot, emulator, tmp_path, silent_server
) -> None:
    async def go():
        images = ProcessImages(disk_cache_dir=tmp_path, workers=2)
        url = signed_url(emulator, cat.SHORT_VIDEO_ID, "NormalSnapshot", 1)
        first = await images.load(("k", 1), url)
        processes = [w.process for w in images._workers]
        for process in processes:
            assert process.pid is not None
            os.kill(process.pid, signal.SIGINT)  # what a terminal's Ctrl+C sends them all
        second = await images.load(("k", 2), url)
        assert second.failure is None, second.reason  # the workers are still there
        stuck = asyncio.ensure_future(images.load(("k", 3), silent_server.url))
        await silent_server.wait_connected()
        stuck.cancel()
        await images.aclose()
        return first, second, stuck, processes

    first, second, stuck, processes = run(qtbot, go())
    assert first.failure is None and second.failure is None and stuck.cancelled()
    assert [p.exitcode for p in processes] == [0, 0]
    assert not list(tmp_path.rglob("*.tmp"))


def test_workers_that_cannot_start_leave_the_scan_to_this_process(
    qtbot, emulator, tmp_path, monkeypatch, caplog
) -> None:
    def no_processes(self):
        raise OSError(errno.EAGAIN, os.strerror(errno.EAGAIN))

    monkeypatch.setattr(ProcessImages, "_spawn", no_processes)
    urls = [signed_url(emulator, cat.SHORT_VIDEO_ID, "NormalSnapshot", n) for n in (1, 2)]

    async def go():
        images = ProcessImages(disk_cache_dir=tmp_path, workers=2)
        try:
            loads = [images.load(("k", n), url) for n, url in enumerate(urls)]
            return await asyncio.gather(*loads), images
        finally:
            await images.aclose()

    with caplog.at_level(logging.WARNING, logger="snapview.scan"):
        results, images = run(qtbot, go())
    assert caplog.text.count("cannot start the scan's worker processes") == 1
    assert "Resource temporarily unavailable" in caplog.text
    assert images._workers == []
    assert all(r.failure is None and r.derived is not None for r in results)
