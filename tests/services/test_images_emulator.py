"""The image pipeline against the local VOD emulator's CDN: signed snapshot URLs, the planted defects
video (black frames, a frozen run, a 404, a corrupt JPEG, an HTML error page), expiring tokens,
and a WebVTT track whose cues cut a sprite sheet into its cells."""

from __future__ import annotations

import functools
from collections import Counter

import httpx
import pytest
from PySide6.QtCore import QSize

from snapview.core.frame_checks import duplicate_flags, mean_abs_diff
from snapview.core.sprites import SpriteLayout
from snapview.core.webvtt import parse_webvtt
from snapview.emulator.catalog import DEFECTS_VIDEO_ID, EXPIRING_VIDEO_ID, SPRITE_VIDEO_ID
from snapview.emulator.cdn import sign_path, snapshot_path, token_start
from snapview.services.images import (
    FailureKind,
    ImagePipeline,
    ImageResult,
    TileState,
    crop,
    gray_signature,
)
from tests.helpers.async_qt import run
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.usefixtures("qasync_loop")

TILE = QSize(320, 180)


def signed_url(
    emulator, video_id: str, snapshot_type: str, index: int, validity_s: int = 3600
) -> str:
    """A snapshot URL as ListSnapshots would hand it out (type-A token, SPEC A.6)."""
    video = emulator.catalog.videos[video_id]
    path = snapshot_path(video_id, video.jobs[-1], snapshot_type, index)
    ts = token_start(emulator.state.now(), validity_s)
    return emulator.base_url + sign_path(path, ts, emulator.catalog.cdn_private_key)


@pytest.fixture
def make_pipeline(qtbot):
    made: list[ImagePipeline] = []

    def factory(**kwargs) -> ImagePipeline:
        made.append(ImagePipeline(**kwargs))
        return made[-1]

    yield factory
    for pipeline in made:
        run(qtbot, pipeline.aclose())


def load_all(
    qtbot, pipeline: ImagePipeline, urls: dict[object, str], target: QSize = TILE
) -> dict[object, ImageResult]:
    results: dict[object, ImageResult] = {}

    def collect(result: ImageResult) -> None:
        results[result.key] = result

    pipeline.image_ready.connect(collect)
    try:
        for key, url in urls.items():
            immediate = pipeline.request(key, url, target)
            if immediate is not None:
                results[key] = immediate
        qtbot.waitUntil(lambda: len(results) == len(urls), timeout=WAIT_MS)
    finally:
        pipeline.image_ready.disconnect(collect)
    return results


# libjpeg's reports ("Corrupt JPEG data", "Premature end of JPEG file", "Unsupported marker type",
# Huffman table errors) on the planted corrupt and truncated JPEGs, whose decoding is the test.
@pytest.mark.qt_log_ignore("JPEG", "jpeg", "Corrupt", "Premature", "marker", "Huffman")
def test_planted_defects_are_explained_and_badged(qtbot, emulator, make_pipeline) -> None:
    pipeline = make_pipeline()
    urls = {i: signed_url(emulator, DEFECTS_VIDEO_ID, "NormalSnapshot", i) for i in range(1, 49)}
    results = load_all(qtbot, pipeline, urls)

    failed = {i: r for i, r in results.items() if r.state is TileState.FAILED}
    assert set(failed) == {21, 27, 33}
    assert (
        failed[21].failure is FailureKind.NOT_FOUND
        and failed[21].reason.english() == "Not found (HTTP 404)"
    )
    assert failed[27].failure is FailureKind.UNDECODABLE
    assert failed[27].reason.english().startswith("Corrupt image: ")
    assert failed[33].failure is FailureKind.NOT_AN_IMAGE
    assert failed[33].reason.english() == "Not an image (text/html)"

    loaded = {i: r for i, r in results.items() if r.state is TileState.LOADED}
    assert all(r.image.size() == TILE for r in loaded.values())
    assert {i for i, r in loaded.items() if r.is_black} == {5, 6}
    flags = duplicate_flags([loaded[i].signature if i in loaded else None for i in range(1, 49)])
    assert {i for i, flag in zip(range(1, 49), flags, strict=True) if flag} == {13, 14, 15, 16}


def test_reopening_a_video_downloads_nothing_again(
    qtbot, emulator, make_pipeline, tmp_path
) -> None:
    urls = {i: signed_url(emulator, DEFECTS_VIDEO_ID, "CoverSnapshot", i) for i in range(1, 9)}
    first = make_pipeline(disk_cache_dir=tmp_path)
    before = emulator.stats
    assert all(r.state is TileState.LOADED for r in load_all(qtbot, first, urls).values())
    run(qtbot, first.aclose())
    served = emulator.stats["images"] - before["images"]
    assert served == 8

    # Next session, fresh tokens: the CDN's max-age makes the stored bodies usable as they are.
    fresh = {
        i: signed_url(emulator, DEFECTS_VIDEO_ID, "CoverSnapshot", i, validity_s=7200)
        for i in range(1, 9)
    }
    second = make_pipeline(disk_cache_dir=tmp_path)
    again = load_all(qtbot, second, fresh)
    assert all(r.state is TileState.LOADED and r.from_cache for r in again.values())
    assert emulator.stats["images"] - before["images"] == 8
    assert second.stats.bytes_downloaded == 0 and second.stats.disk_hits == 8


def test_expired_token_is_refreshed_through_the_refresher(
    qtbot, emulator_factory, make_pipeline
) -> None:
    emulator = emulator_factory()
    stale = signed_url(emulator, EXPIRING_VIDEO_ID, "NormalSnapshot", 3)
    emulator.advance_clock(3 * 3600)
    refreshed: list[str] = []

    async def refresher(key, url: str) -> str | None:
        # What the grid does: ask ListSnapshots again; here the emulator's signer stands in for it.
        refreshed.append(url)
        return signed_url(emulator, EXPIRING_VIDEO_ID, "NormalSnapshot", 3)

    pipeline = make_pipeline(url_refresher=refresher)
    result = load_all(qtbot, pipeline, {"n3": stale})["n3"]
    assert result.state is TileState.LOADED
    assert refreshed == [stale] and result.url != stale
    assert emulator.stats["403s"] == 1

    without = make_pipeline()
    expired = load_all(qtbot, without, {"n3": stale})["n3"]
    assert expired.failure is FailureKind.EXPIRED
    assert expired.reason.english() == "Link expired (HTTP 403)"


def test_the_pagers_refresh_url_is_the_per_request_refresh(
    qtbot, emulator_factory, make_pipeline
) -> None:
    """The 403 path of the grid and the scanner once they pass ``refresh=``: the pipeline calls the
    real pager's ``refresh_url`` for that one snapshot, and never goes up into the UI."""
    from snapview.core.credentials import AliyunCredentials
    from snapview.core.snapshots import SnapshotType
    from snapview.emulator.catalog import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
    from snapview.services.vod_client import VodClient

    emulator = emulator_factory()
    pipeline = make_pipeline()  # no pipeline-wide url_refresher at all

    async def scenario() -> tuple[str, ImageResult]:
        credentials = AliyunCredentials(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
        async with VodClient(credentials, endpoint=emulator.base_url) as client:
            pager = client.pager(EXPIRING_VIDEO_ID, SnapshotType.NORMAL)
            page = await pager.page(1)
            stale = next(s.url for s in page.snapshots if s.index == 3)
            emulator.advance_clock(120)  # past the 45 s links, within the API clock skew
            result = await pipeline.load(
                stale, TILE, key=("n", 3), refresh=functools.partial(pager.refresh_url, 3)
            )
            return stale, result

    stale, result = run(qtbot, scenario())
    assert result.state is TileState.LOADED and result.url != stale, (result.reason, emulator.stats)
    assert emulator.stats["403s"] == 1 and pipeline.stats.url_refreshes == 1


def test_webvtt_cues_cut_the_sprite_sheet_into_cells(qtbot, emulator, make_pipeline) -> None:
    vtt_url = signed_url(emulator, SPRITE_VIDEO_ID, "WebVttSnapshot", 1)

    async def fetch() -> str:
        async with httpx.AsyncClient() as client:
            response = await client.get(vtt_url)
            response.raise_for_status()
            return response.text

    track = parse_webvtt(run(qtbot, fetch()), vtt_url)
    assert len(track.cues) == 50 and track.issues == ()
    assert len(track.image_urls()) == 2  # sheets of 30 and 20 cells

    job = emulator.catalog.videos[SPRITE_VIDEO_ID].jobs[-1]
    layout = SpriteLayout(
        job.sprite.cell_width,
        job.sprite.cell_height,
        job.sprite.columns,
        job.sprite.lines,
        job.sprite.padding,
        job.sprite.margin,
    )
    assert layout.sheet_counts(50) == [30, 20]
    # The cue regions are exactly the geometry of core.sprites.
    for n, cue in enumerate(track.cues):
        sheet, rect = layout.locate(n)
        assert cue.image_url == track.image_urls()[sheet]
        assert (
            cue.region is not None and cue.region.to_pixels(*layout.sheet_size) == rect.as_tuple()
        )

    pipeline = make_pipeline()
    sheets = load_all(qtbot, pipeline, dict(enumerate(track.image_urls())), QSize(4096, 4096))
    sheet = sheets[0]
    assert sheet.state is TileState.LOADED and sheet.pixel_size == QSize(*layout.sheet_size)
    cell = crop(
        sheet.image,
        track.cues[11].region.to_pixels(*layout.sheet_size),
        original_size=sheet.pixel_size,
    )
    assert cell is not None and cell.size() == QSize(job.sprite.cell_width, job.sprite.cell_height)
    # The cut-out shows the same picture as the job's own cell image (SpriteOriginSnapshot 12),
    # and a clearly different one from its neighbour: the rectangle is not off by a cell or a margin.
    origin = load_all(
        qtbot,
        pipeline,
        {n: signed_url(emulator, SPRITE_VIDEO_ID, "SpriteOriginSnapshot", n) for n in (12, 13)},
        QSize(job.sprite.cell_width, job.sprite.cell_height),
    )
    own = mean_abs_diff(gray_signature(cell), origin[12].signature)
    neighbour = mean_abs_diff(gray_signature(cell), origin[13].signature)
    assert own < 4 < neighbour


def test_flaky_cdn_failures_are_transient_and_explained(
    qtbot, emulator_factory, make_pipeline, tmp_path
) -> None:
    # Every image request fails: 503, a dropped connection, or a body cut off halfway (even split).
    emulator = emulator_factory(image_fault_rate=1.0)
    pipeline = make_pipeline(disk_cache_dir=tmp_path)
    pipeline.transient_failure_ttl = 0.0
    urls = {i: signed_url(emulator, DEFECTS_VIDEO_ID, "NormalSnapshot", i) for i in range(1, 31)}
    results = load_all(qtbot, pipeline, urls)
    assert all(r.state is TileState.FAILED and r.is_transient for r in results.values())
    reasons = Counter(r.reason.english() for r in results.values())
    assert set(reasons) == {
        "Server answered HTTP 503",
        "Network error: the server closed the connection",
        "Network error: the download was cut short",
    }
    # Half a body is never stored, and a failure is not remembered: the next request tries again.
    assert not list(tmp_path.rglob("*.entry"))
    assert pipeline.request(1, urls[1], TILE) is None
