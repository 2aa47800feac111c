"""The awaitable facade (``ImagePipeline.load``) the scanner and the CLI use, the per-request
``refresh`` that keeps the 403 path inside services, and the pipeline in a process with no widgets.

``load`` shares the grid's queue, caches and limits: a result one of them fetched is the other's
cache hit, a key both want is fetched once, and cancelling the awaiting task cancels the fetch
unless the view still wants it (and the other way round).
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QSize

from snapview.services.images import FailureKind, ImageState, PipelineClosed
from tests.helpers.async_qt import run
from tests.helpers.timeouts import WAIT_MS
from tests.services.image_server import TILE, collector, wait_result

pytestmark = pytest.mark.usefixtures("qasync_loop")


def test_load_returns_the_result_and_shares_the_cache_with_request(
    qtbot, server, make_pipeline
) -> None:
    pipeline = make_pipeline()
    url = f"{server.base}/img/a.jpg?w=640&h=360"
    result = run(qtbot, pipeline.load(url, TILE))
    assert result.state is ImageState.LOADED and result.image.size().width() == 160
    assert result.key == url  # the URL is the key when none is given
    hit = pipeline.request(url, url, TILE)
    assert hit is not None and hit.from_cache
    again = run(qtbot, pipeline.load(url, TILE))
    assert again.from_cache and server.hits["a.jpg"] == 1


def test_load_and_request_of_one_key_are_fetched_once(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline()
    results = collector(pipeline)
    server.close_gate()
    url = f"{server.base}/img/k.jpg"
    assert pipeline.request("k", url, TILE) is None
    task = asyncio.get_event_loop().create_task(pipeline.load(url, TILE, key="k"))
    qtbot.waitUntil(lambda: server.active == 1)
    server.gate.set()
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
    assert task.result().state is ImageState.LOADED
    assert server.hits["k.jpg"] == 1 and [r.key for r in results] == ["k"]


def test_cancelling_the_awaiting_task_cancels_the_fetch(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline()
    results = collector(pipeline)
    server.close_gate()
    url = f"{server.base}/img/c.jpg"
    task = asyncio.get_event_loop().create_task(pipeline.load(url, TILE))
    qtbot.waitUntil(lambda: server.active == 1 and pipeline.in_flight_keys() == {url})
    task.cancel()
    # The download ends while the server still holds the request open.
    qtbot.waitUntil(lambda: task.done() and not pipeline.in_flight_keys())
    assert task.cancelled() and server.active == 1
    assert not pipeline.pending_keys() and pipeline.stats.cancelled == 1
    server.gate.set()
    assert results == []


def test_a_fetch_wanted_by_both_survives_either_cancelling(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline()
    results = collector(pipeline)
    server.close_gate()
    loop = asyncio.get_event_loop()
    # The scanner gives up, the view still wants the tile: the fetch goes on.
    pipeline.request("v", f"{server.base}/img/v.jpg", TILE)
    scan = loop.create_task(pipeline.load(f"{server.base}/img/v.jpg", TILE, key="v"))
    qtbot.waitUntil(lambda: server.active == 1)
    scan.cancel()
    qtbot.waitUntil(scan.done)
    assert "v" in pipeline.pending_keys()
    # The view scrolls away, the scanner still awaits: the fetch goes on.
    waiting = loop.create_task(pipeline.load(f"{server.base}/img/w.jpg", TILE, key="w"))
    pipeline.request("w", f"{server.base}/img/w.jpg", TILE)
    qtbot.waitUntil(lambda: server.active == 2)
    pipeline.cancel("w")
    assert "w" in pipeline.pending_keys() and pipeline.stats.cancelled == 0
    server.gate.set()
    qtbot.waitUntil(waiting.done, timeout=WAIT_MS)
    assert waiting.result().state is ImageState.LOADED
    qtbot.waitUntil(lambda: {r.key for r in results} == {"v", "w"}, timeout=WAIT_MS)


def test_a_zoom_of_the_view_does_not_resize_what_a_load_asked_for(
    qtbot, server, make_pipeline
) -> None:
    pipeline = make_pipeline()
    server.close_gate()
    small = QSize(64, 64)
    task = asyncio.get_event_loop().create_task(
        pipeline.load(f"{server.base}/img/s.jpg?w=640&h=360", small)
    )
    qtbot.waitUntil(lambda: server.active == 1)
    pipeline.set_target_size(QSize(480, 480))  # the grid zooms meanwhile
    server.gate.set()
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
    assert task.result().image.size() == QSize(64, 36)


def test_closing_the_pipeline_ends_every_load(qtbot, server, make_pipeline) -> None:
    pipeline = make_pipeline()
    server.close_gate()
    task = asyncio.get_event_loop().create_task(pipeline.load(f"{server.base}/img/z.jpg", TILE))
    qtbot.waitUntil(lambda: server.active == 1)
    run(qtbot, pipeline.aclose())
    qtbot.waitUntil(task.done)
    assert isinstance(task.exception(), PipelineClosed)
    with pytest.raises(PipelineClosed):
        run(qtbot, pipeline.load(f"{server.base}/img/z.jpg", TILE))


class FakePager:
    """Stands in for ``SnapshotListing.refresh_url`` (the emulator test uses the real pager)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.calls: list[int] = []

    async def refresh_url(self, index: int) -> str:
        self.calls.append(index)
        return f"{self.base}/signed/{index}.jpg?auth_key=fresh-{index}"


def test_a_per_request_refresh_replaces_an_expired_link(qtbot, server, make_pipeline) -> None:
    shared: list[str] = []

    async def pipeline_wide(key, url: str) -> str | None:
        shared.append(url)
        return None

    pager = FakePager(server.base)
    pipeline = make_pipeline(url_refresher=pipeline_wide)
    stale = f"{server.base}/signed/3.jpg?auth_key=old-3"
    # The grid's path: request() with the refresher of this one snapshot.
    shown = wait_result(
        qtbot, pipeline, "n3", stale, refresh=functools.partial(pager.refresh_url, 3)
    )
    assert shown.state is ImageState.LOADED and shown.url.endswith("auth_key=fresh-3")
    # The scanner's path: load() with its own refresher.
    stale7 = f"{server.base}/signed/7.jpg?auth_key=old-7"
    scanned = run(
        qtbot, pipeline.load(stale7, TILE, refresh=functools.partial(pager.refresh_url, 7))
    )
    assert scanned.state is ImageState.LOADED
    assert pager.calls == [3, 7] and shared == []  # the per-request one wins over the fallback
    assert pipeline.stats.url_refreshes == 2


def test_a_failing_per_request_refresh_leaves_the_tile_expired(
    qtbot, server, make_pipeline
) -> None:
    async def broken() -> str:
        raise RuntimeError("ListSnapshots failed")

    pipeline = make_pipeline()
    result = run(
        qtbot, pipeline.load(f"{server.base}/signed/1.jpg?auth_key=old-1", TILE, refresh=broken)
    )
    assert result.failure is FailureKind.EXPIRED
    assert result.reason.english() == "Link expired (HTTP 403)"


# What the CLI scan will be: no QApplication, no widgets, no display; a QCoreApplication and an
# asyncio loop, qasync's or a plain asyncio.run().
HEADLESS = textwrap.dedent(
    """
    import asyncio, json, sys
    from aiohttp import web
    from PySide6.QtCore import QCoreApplication, QSize
    from snapview.services.images import ImagePipeline
    from tests.services.image_server import jpeg_bytes

    widgets = "PySide6.QtWidgets" in sys.modules  # before qasync, which imports QtWidgets itself

    async def main():
        async def image(request):
            return web.Response(body=jpeg_bytes(640, 360), content_type="image/jpeg")
        app = web.Application()
        app.router.add_get("/{name}", image)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        base = "http://127.0.0.1:%d" % site._server.sockets[0].getsockname()[1]
        pipeline = ImagePipeline()
        try:
            results = await asyncio.gather(
                *(pipeline.load(f"{base}/{i}.jpg", QSize(160, 160)) for i in range(8))
            )
        finally:
            await pipeline.aclose()
            await runner.cleanup()
        return [[r.state.value, r.image.width() if r.image else 0] for r in results]

    qt = QCoreApplication([])
    if sys.argv[1] == "qasync":
        import qasync
        loop = qasync.QEventLoop(qt)
        asyncio.set_event_loop(loop)
        with loop:
            out = loop.run_until_complete(main())
    else:
        out = asyncio.run(main())
    print(json.dumps({"results": out, "widgets": widgets,
                      "gui_app": type(QCoreApplication.instance()).__name__}))
    """
)


@pytest.mark.parametrize("loop_kind", ["qasync", "asyncio"])
def test_the_pipeline_runs_with_only_a_core_application(loop_kind: str, tmp_path: Path) -> None:
    script = tmp_path / "headless.py"
    script.write_text(HEADLESS)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    done = subprocess.run(
        [sys.executable, str(script), loop_kind],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["results"] == [["loaded", 160]] * 8
    assert report == {"results": report["results"], "widgets": False, "gui_app": "QCoreApplication"}
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
