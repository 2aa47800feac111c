"""Reports from a real store and the real emulator: CSV that Excel opens in Chinese, a JSON export
that imports into a fresh store as the same decisions (newer wins, history kept, idempotent), fresh
snapshot URLs from only the listing pages needed, every kind of broken picture as a reason, and a
PDF contact sheet whose pages, fonts, pictures and stale marks are what the report says."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import shutil
import subprocess
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from snapview.core.credentials import AliyunCredentials
from snapview.core.i18n import Message
from snapview.core.review.decisions import Decision, Mark, Verdict
from snapview.core.review.interchange import CSV_COLUMNS
from snapview.core.review.keys import AccountRef, SnapshotKey, VideoKey
from snapview.core.review.reasons import Reason
from snapview.core.review.report import ReportScope
from snapview.core.review.verdicts import SnapshotSet, VerdictOverride, VideoVerdict
from snapview.core.snapshots import SnapshotType
from snapview.emulator import catalog
from snapview.services.reports.collect import collect_report
from snapview.services.reports.importer import import_file
from snapview.services.reports.pdf_export import export_pdf
from snapview.services.reports.pdf_layout import Geometry, plan_pages
from snapview.services.reports.tabular import json_document, write_csv, write_json
from snapview.services.reports.thumbnails import (
    ResolvedUrls,
    Thumbnail,
    fetch_thumbnails,
    resolve_urls,
)
from snapview.services.review_store.interface import DecisionQuery
from snapview.services.review_store.sqlite_store import SqliteReviewStore
from snapview.services.vod_client import VodClient
from tests.helpers.timeouts import WAIT_MS

ACCOUNT = AccountRef("aliyun", "cn-shanghai", "demo")
DEFECTS = VideoKey(ACCOUNT, catalog.DEFECTS_VIDEO_ID)
SHORT = VideoKey(ACCOUNT, catalog.SHORT_VIDEO_ID)
DEFECTS_JOB = "01422590462b197cc6819fa8db62c2f2"
T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
CREDS = AliyunCredentials(catalog.DEMO_ACCESS_KEY_ID, catalog.DEMO_ACCESS_KEY_SECRET)


def make(
    index: int,
    verdict: Verdict = Verdict.APPROVED,
    reason: Reason | None = None,
    comment: str = "",
    *,
    video: VideoKey = DEFECTS,
    at: datetime = T0,
    job: str = DEFECTS_JOB,
    reviewer: str = "李伟",
) -> Decision:
    return Decision(
        SnapshotKey(video, "NormalSnapshot", index),
        Mark(verdict, reason, comment),
        reviewer,
        at,
        job_id=job,
    )


SAMPLE = [
    make(1),
    make(2),
    make(5, Verdict.REJECTED, Reason.BLACK, "开场黑屏 black intro"),
    make(12, Verdict.REJECTED, Reason.FROZEN),
    make(21, Verdict.REJECTED, Reason.BROKEN_LINK),
    make(27, Verdict.REJECTED, Reason.CORRUPT),
    make(33, Verdict.REJECTED, Reason.NOT_IMAGE),
    make(40, Verdict.NOT_REVIEWED),
    make(1, video=SHORT, job="72afecddf6c424b743e4d56cc832b567"),
]


def in_store(path: Path, body: Callable[[SqliteReviewStore], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        store = SqliteReviewStore(path, watch_interval=0)
        await store.open()
        try:
            return await body(store)
        finally:
            await store.aclose()

    return asyncio.run(asyncio.wait_for(main(), WAIT_MS / 1000 * 4))


async def seeded(store: SqliteReviewStore) -> None:
    await store.record(SAMPLE)
    await store.note_snapshot_sets([SnapshotSet(DEFECTS, "NormalSnapshot", DEFECTS_JOB, 48, T0)])
    await store.set_overrides([VerdictOverride(SHORT, VideoVerdict.PASSED, "抽查通过", "组长", T0)])


def test_the_csv_opens_in_excel_with_chinese_and_lists_rejections_first(tmp_path: Path) -> None:
    out = tmp_path / "report.csv"

    async def body(store: SqliteReviewStore) -> None:
        await seeded(store)
        report = await collect_report(
            store, ReportScope(), generated_by="li", include_cleared=False
        )
        labels = {"Black frame": "黑帧"}
        write_csv(report, out, lambda m: labels.get(m.template, m.english()))

    in_store(tmp_path / "r.sqlite3", body)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    table = [dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]]
    assert [(r["video_id"][:4], r["index"], r["decision"]) for r in table] == [
        ("159d", "1", "approved"),
        ("902a", "5", "rejected"), ("902a", "12", "rejected"), ("902a", "21", "rejected"),
        ("902a", "27", "rejected"), ("902a", "33", "rejected"),
        ("902a", "1", "approved"), ("902a", "2", "approved"),
    ]  # fmt: skip
    black = table[1]
    assert (black["reason"], black["reason_label"], black["comment"]) == (
        "black",
        "黑帧",
        "开场黑屏 black intro",
    )
    assert (
        black["reviewer"] == "李伟"
        and black["video_verdict"] == "failed"
        and black["stale"] == "no"
    )
    assert "40" not in [r["index"] for r in table]  # a cleared mark is not a row for people


def test_a_json_export_imports_into_a_fresh_store_as_the_same_decisions(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"

    async def export_from(store: SqliteReviewStore, path: Path) -> dict[str, Any]:
        report = await collect_report(store, ReportScope(), generated_by="li")
        write_json(report, path)
        return json_document(report)

    async def original(store: SqliteReviewStore) -> dict[str, Any]:
        await seeded(store)
        return await export_from(store, first)

    async def handed_over(store: SqliteReviewStore) -> dict[str, Any]:
        report = await import_file(store, first)
        assert (report.rows, report.current, report.older, report.known, report.skipped) == (
            9,
            9,
            0,
            0,
            0,
        )
        assert report.overrides == 1
        again = await import_file(store, first)  # idempotent
        assert (again.current, again.known) == (0, 9)
        return await export_from(store, second)

    a = in_store(tmp_path / "a.sqlite3", original)
    b = in_store(tmp_path / "b.sqlite3", handed_over)
    for document in (a, b):
        document.pop("exported_at")
        for row in document["decisions"]:
            row.pop("origin")  # "app" there, "import" here: where each copy came from
    assert a == b
    rows = json.loads(second.read_text(encoding="utf-8"))["decisions"]
    assert [r["comment"] for r in rows if r["index"] == 5] == ["开场黑屏 black intro"]


def test_an_import_keeps_both_decisions_and_the_newer_one_wins(tmp_path: Path) -> None:
    exported = tmp_path / "theirs.json"
    theirs = [
        make(1, Verdict.REJECTED, Reason.BLURRED, at=T0 + timedelta(hours=1), reviewer="王芳"),
        make(2, at=T0),
    ]

    async def write_theirs(store: SqliteReviewStore) -> None:
        await store.record(theirs)
        write_json(await collect_report(store, ReportScope(), generated_by="wang"), exported)

    async def merge_into_ours(store: SqliteReviewStore) -> None:
        ours = [make(1, at=T0), make(2, Verdict.REJECTED, Reason.BLACK, at=T0 + timedelta(hours=2))]
        await store.record(ours)
        report = await import_file(store, exported)
        assert (report.current, report.older) == (1, 1)
        rows = {r.key.index: r for r in await store.current(DecisionQuery())}
        assert rows[1].decision.reviewer == "王芳" and rows[1].version == 2  # theirs was newer
        assert rows[2].decision.reason is Reason.BLACK and rows[2].version == 1  # ours was newer
        for index in (1, 2):
            history = await store.history(SnapshotKey(DEFECTS, "NormalSnapshot", index))
            assert len(history) == 2

    in_store(tmp_path / "theirs.sqlite3", write_theirs)
    in_store(tmp_path / "ours.sqlite3", merge_into_ours)


def test_decisions_a_store_could_not_write_can_be_saved_and_imported_later(tmp_path: Path) -> None:
    from snapview.services.reports.tabular import pending_document, write_atomically

    saved = tmp_path / "unsaved.json"

    async def stuck(store: SqliteReviewStore) -> None:
        store._pending.add(
            SAMPLE[:3], [VerdictOverride(DEFECTS, VideoVerdict.FAILED, "黑屏", "li", T0)]
        )
        document = pending_document(store.pending(), exported_by="li", now=T0)
        write_atomically(saved, json.dumps(document, ensure_ascii=False).encode())
        store._pending.remove(store.pending())  # as if the app quit without writing them

    async def later(store: SqliteReviewStore) -> None:
        report = await import_file(store, saved)
        assert (report.current, report.overrides, report.skipped) == (3, 1, 0)
        assert {r.decision.decision_id for r in await store.current(DecisionQuery())} == {
            d.decision_id for d in SAMPLE[:3]
        }

    in_store(tmp_path / "stuck.sqlite3", stuck)
    in_store(tmp_path / "later.sqlite3", later)


# -- pictures ----------------------------------------------------------------------------------------


def listing_factory(client: VodClient) -> Callable[[VideoKey, str], Any]:
    return lambda video, snapshot_type: client.pager(
        video.video_id, SnapshotType(snapshot_type), page_size=100
    )


def test_fresh_urls_come_from_only_the_pages_that_hold_them(emulator_factory) -> None:
    emulator = emulator_factory()
    long_video = VideoKey(ACCOUNT, catalog.LONG_VIDEO_ID)
    keys = [SnapshotKey(long_video, "NormalSnapshot", i) for i in (5, 9_950, 10_001)]
    keys.append(SnapshotKey(VideoKey(ACCOUNT, "0" * 32), "NormalSnapshot", 1))
    keys.append(
        SnapshotKey(VideoKey(AccountRef("huawei", "cn-north-4", "media"), "a" * 32), "sample", 1)
    )

    async def main() -> Any:
        async with VodClient(CREDS, endpoint=emulator.base_url) as client:
            aliyun = listing_factory(client)
            return await resolve_urls(
                keys, lambda v, t: aliyun(v, t) if v.account.provider == "aliyun" else None
            )

    resolved = asyncio.run(main())
    assert sorted(k.index for k in resolved.urls) == [5, 9_950]
    assert (
        emulator.stats["list_snapshots"] == 3
    )  # pages 1 and 100 of the long video, 1 of the missing one
    assert resolved.problems[keys[2]].english() == "Not in the current snapshot job (Total 10000)"
    assert resolved.problems[keys[3]].english().startswith("The video does not exist")
    assert (
        resolved.problems[keys[4]].english()
        == "No credentials for account media (huawei cn-north-4)"
    )
    assert [(s.video.video_id[:4], s.total) for s in resolved.sets] == [("0d8f", 10_000)]


def test_every_broken_picture_becomes_a_reason_not_a_failure(emulator) -> None:
    keys = {i: SnapshotKey(DEFECTS, "NormalSnapshot", i) for i in (5, 21, 27, 33)}

    async def main() -> Any:
        async with VodClient(CREDS, endpoint=emulator.base_url) as client:
            resolved = await resolve_urls(list(keys.values()), listing_factory(client))
        urls = dict(resolved.urls)
        urls[SnapshotKey(DEFECTS, "NormalSnapshot", 1)] = "http://127.0.0.1:9/unreachable.jpg"
        return await fetch_thumbnails(urls, concurrency=2)

    found = asyncio.run(main())
    assert found[keys[5]].data is not None and found[keys[5]].data.startswith(b"\xff\xd8")
    assert found[keys[27]].data is not None  # bytes arrive; the sheet finds them undecodable
    assert found[keys[21]].problem == Message(
        "ReviewReport", "Image not available (HTTP {status})", {"status": 404}
    )
    assert (
        found[keys[33]].problem is not None
        and found[keys[33]].problem.english() == "Not an image (text/html)"
    )
    assert found[SnapshotKey(DEFECTS, "NormalSnapshot", 1)].problem.english() == "Network error"


# -- the PDF -----------------------------------------------------------------------------------------


def pdf_pages(path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


@pytest.mark.qt_log_ignore(
    "Corrupt JPEG data", "Unsupported marker type"
)  # the planted corrupt one
def test_the_contact_sheet_has_the_planned_pages_fonts_and_pictures(
    qapp, emulator, tmp_path: Path
) -> None:
    out = tmp_path / "sheet.pdf"

    async def body(store: SqliteReviewStore) -> Any:
        await seeded(store)
        # 30 more approvals so the defects video needs a second page.
        await store.record([make(i) for i in range(3, 48) if i not in (5, 12, 21, 27, 33, 40)][:30])
        async with VodClient(CREDS, endpoint=emulator.base_url) as client:
            return await export_pdf(
                store, ReportScope(), out, generated_by="li", open_listing=listing_factory(client)
            )

    result = in_store(tmp_path / "r.sqlite3", body)
    plan = plan_pages(result.report, Geometry())
    assert result.stats.pages == len(plan) == pdf_pages(out) == 4  # summary, defects ×2, short
    assert (
        result.stats.tiles == 38 and result.stats.placeholders == 3
    )  # 404, HTML page, corrupt JPEG
    assert result.stats.cjk_font
    assert b"NotoSansCJK" in out.read_bytes()  # embedded, so Chinese renders anywhere
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed: pixels not checked")
    # The defects video's first page: the black frame tile is dark, the 404 tile a light placeholder.
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "2", "-l", "2", str(out), str(tmp_path / "p")],
        check=True,
    )
    from PySide6.QtGui import QImage

    page = QImage(str(next(tmp_path.glob("p*.png"))))
    g = Geometry()
    scale = page.width() / g.width

    def centre(slot: int) -> int:
        """Lightness inside the picture box, beside its centre (a placeholder's label is there)."""
        x, y = g.tile_origin(slot, first=True)
        colour = page.pixelColor(
            int((x + g.tile_width / 2) * scale), int((y + g.thumb_height / 5) * scale)
        )
        return colour.lightness()

    # Rejected first, in index order: 5 (black), 12 (frozen scene), 21 (404), 27 (corrupt), 33 (HTML).
    assert centre(0) < 30
    assert centre(2) > 200 and centre(3) > 200 and centre(4) > 200
    assert 30 < centre(1) < 200  # a real picture


def test_decisions_on_a_replaced_job_are_drawn_stale_and_the_store_learns_the_new_job(
    qapp, emulator_factory, tmp_path: Path
) -> None:
    emulator = emulator_factory()
    video = VideoKey(ACCOUNT, catalog.REPLACED_JOB_VIDEO_ID)
    out = tmp_path / "replaced.pdf"

    async def body(store: SqliteReviewStore) -> Any:
        async with VodClient(CREDS, endpoint=emulator.base_url) as client:
            first = await client.pager(video.video_id, SnapshotType.NORMAL).page(1)
            await store.record([make(i, video=video, job=first.job_id) for i in (1, 2, 3)])
            await client.pager(video.video_id, SnapshotType.NORMAL).page(
                1
            )  # the 2nd call: job replaced
            result = await export_pdf(
                store,
                ReportScope((video.video_id,)),
                out,
                generated_by="li",
                open_listing=listing_factory(client),
            )
        sets = await store.snapshot_sets([video])
        return first.job_id, result, sets

    old_job, result, sets = in_store(tmp_path / "r.sqlite3", body)
    assert [s.job_id for s in sets] != [old_job] and sets[0].total == 36
    [report] = result.report.videos
    assert all(report.stale(d) for d in report.reviewed())
    assert result.stats.placeholders == 3 and result.report.videos[0].summary.counts.stale == 3
    assert result.report.videos[0].summary.verdict is VideoVerdict.NEEDS_ATTENTION


def test_a_download_that_breaks_off_ends_the_export_without_a_file_or_a_hang(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import snapview.services.reports.pdf_export as module

    out = tmp_path / "broken.pdf"
    out_before = b"an older report"
    out.write_bytes(out_before)

    async def every_url(keys: Any, open_listing: Any) -> ResolvedUrls:
        return ResolvedUrls(urls={key: "http://cdn.invalid/x.jpg" for key in keys})

    async def half_then_crash(urls: Any, *, deliver: Any = None) -> Any:
        deliver(Thumbnail(next(iter(urls)), problem=Message("ReviewReport", "Timed out")))
        raise RuntimeError("connection pool exploded")

    monkeypatch.setattr(module, "resolve_urls", every_url)

    async def body(store: SqliteReviewStore) -> None:
        await seeded(store)
        with pytest.raises(RuntimeError, match="exploded"):
            await export_pdf(
                store, ReportScope(), out, generated_by="li",
                open_listing=lambda v, t: None, fetch=half_then_crash,
            )  # fmt: skip

    in_store(tmp_path / "r.sqlite3", body)
    assert out.read_bytes() == out_before  # the older report is still there, not half a new one
    assert list(tmp_path.glob("*.part")) == []


def test_without_cloud_access_every_tile_is_a_placeholder_and_the_export_succeeds(
    qapp, tmp_path: Path
) -> None:
    out = tmp_path / "offline.pdf"

    async def body(store: SqliteReviewStore) -> Any:
        await seeded(store)
        return await export_pdf(store, ReportScope(), out, generated_by="li", open_listing=None)

    result = in_store(tmp_path / "r.sqlite3", body)
    assert result.stats.tiles == result.stats.placeholders == 8
    assert pdf_pages(out) == result.stats.pages == 3
