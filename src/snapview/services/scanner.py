"""The whole-video defect scan: list every snapshot of a job, fetch and decode each one with bounded
concurrency through the image pipeline, run every detector, and stream progress and findings.

One :class:`VideoScan` per video. ``await scan.run()`` lists the job through its
:class:`~snapview.services.snapshot_listing.SnapshotListing`, then ``concurrency`` workers load the
snapshots (:class:`~snapview.services.scan_images.ImageSource`: disk cache, one link refresh on 403)
and analyse each frame in a worker thread, so the event loop — the GUI's, under qasync — never
waits on pixels. Pixel checks and fetch failures are reported as each snapshot finishes; the
sequence checks (frozen, repeat, wrong aspect) and the job checks run when every snapshot is in.
Only a :class:`~snapview.core.detectors.sequence.FrameSummary` (≈ 0.7 KB) is kept per snapshot, so
memory stays flat in the number of snapshots. Transient fetch faults (timeouts, resets, 5xx) are
retried with backoff and never become findings unless they persist.

Cancelling the task that runs :meth:`VideoScan.run` stops the downloads and the listing; what was
found so far stays readable through :meth:`VideoScan.report` (``cancelled`` set).

Events, delivered to ``on_event`` on the loop's thread, in this order:
``ScanListed`` once; ``SnapshotChecked`` and ``ScanProgress`` per snapshot; ``ScanFinished`` once.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from snapview.core.detectors.analysis import analyse_frame
from snapview.core.detectors.job import (
    Rect,
    check_sprite_sheet,
    count_mismatch,
    job_failed,
    missing_index,
    processing,
)
from snapview.core.detectors.kinds import (
    FetchFailure,
    Flag,
    JobFinding,
    Severity,
)
from snapview.core.detectors.sequence import FrameSummary, sequence_flags
from snapview.core.i18n import Message
from snapview.core.snapshots import Snapshot, SnapshotType
from snapview.core.sprites import SpriteLayout
from snapview.core.vod_errors import ErrorClass, VodError
from snapview.services.images import ImageResult
from snapview.services.scan_images import ImageSource, fetch_failure, frame_from_qimage
from snapview.services.snapshot_listing import SnapshotListing

log = logging.getLogger("snapview.scan")

# A listing error with one of these codes means the provider reports the job itself as failed.
JOB_FAILED_CODES = frozenset({"JobFailed", "SnapshotJobFailed"})
# Fetch failures worth another try: they say nothing about the image.
TRANSIENT_FAILURES = frozenset({FetchFailure.TIMEOUT, FetchFailure.NETWORK})


@dataclass(frozen=True)
class FetchRetry:
    """How often and how patiently a transient fetch failure is retried (full-jitter backoff)."""

    attempts: int = 4
    base_delay: float = 0.2
    max_delay: float = 2.0
    rng: random.Random = field(default_factory=random.Random, compare=False, repr=False)

    def delay(self, attempt: int) -> float:
        return self.rng.uniform(0.0, min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))


@dataclass(frozen=True, slots=True)
class SnapshotOutcome:
    """One snapshot's result. ``url`` is the link as fetched (it may carry a token: show it with
    ``redact_url``); ``flags`` grow by the sequence checks' at the end of the scan."""

    index: int
    url: str
    failure: FetchFailure | None = None
    reason: Message | None = None
    http_status: int | None = None
    flags: tuple[Flag, ...] = ()
    pixel_size: tuple[int, int] | None = None
    from_cache: bool = False
    attempts: int = 1

    @property
    def failed(self) -> bool:
        return self.failure is not None

    @property
    def defective(self) -> bool:
        """Failed, or flagged with at least one defect (info flags alone do not count)."""
        return self.failed or any(f.severity is Severity.DEFECT for f in self.flags)


@dataclass(frozen=True, slots=True)
class ScanListed:
    total: int
    listed: int
    job_id: str


@dataclass(frozen=True, slots=True)
class SnapshotChecked:
    outcome: SnapshotOutcome


@dataclass(frozen=True, slots=True)
class ScanProgress:
    done: int
    total: int
    failed: int
    flagged: int
    elapsed_s: float
    eta_s: float | None  # None until a rate is known


@dataclass(frozen=True, slots=True)
class ScanFinished:
    report: ScanReport


ScanEvent = ScanListed | SnapshotChecked | ScanProgress | ScanFinished


@dataclass
class ScanReport:
    """Everything one scan found. ``snapshots`` is in listing order."""

    provider: str
    video_id: str
    snapshot_type: str
    job_id: str | None = None
    total: int | None = None
    snapshots: list[SnapshotOutcome] = field(default_factory=list)
    job_findings: list[JobFinding] = field(default_factory=list)
    cancelled: bool = False
    elapsed_s: float = 0.0

    @property
    def failed(self) -> int:
        return sum(1 for s in self.snapshots if s.failed)

    @property
    def flagged(self) -> int:
        """Snapshots with at least one defect flag."""
        return sum(1 for s in self.snapshots if any(f.severity is Severity.DEFECT for f in s.flags))

    def by_flag(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for outcome in self.snapshots:
            for flag in outcome.flags:
                counts[flag.kind.value] = counts.get(flag.kind.value, 0) + 1
        return dict(sorted(counts.items()))

    def by_failure(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for outcome in self.snapshots:
            if outcome.failure is not None:
                counts[outcome.failure.value] = counts.get(outcome.failure.value, 0) + 1
        return dict(sorted(counts.items()))

    @property
    def found_anything(self) -> bool:
        """A defect, a failed snapshot or a job problem (what makes ``snapview scan`` exit 1)."""
        return bool(self.job_findings) or any(s.defective for s in self.snapshots)


@dataclass(frozen=True)
class SpriteGeometry:
    """What a sprite-sheet scan checks each sheet against: the WebVTT regions pointing at each
    sheet (by the sheet's 1-based Index) and the grid they describe."""

    regions: Mapping[int, Sequence[Rect]]
    layout: SpriteLayout | None = None


class VideoScan:
    """Scans one video's snapshot job; see the module docstring."""

    def __init__(
        self,
        listing: SnapshotListing,
        images: ImageSource,
        *,
        concurrency: int = 8,
        retry: FetchRetry | None = None,
        sprites: SpriteGeometry | None = None,
        on_event: Callable[[ScanEvent], None] | None = None,
        analysis_pool: ThreadPoolExecutor | None = None,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.listing = listing
        self._images = images
        self._concurrency = concurrency
        self._retry = retry or FetchRetry()
        self._sprites = sprites
        self._on_event = on_event
        self._pool = analysis_pool
        self._report = ScanReport(listing.provider, listing.video_id, listing.snapshot_type)
        self._outcomes: dict[int, SnapshotOutcome] = {}  # by listing position
        self._summaries: list[FrameSummary] = []
        self._snapshots: Sequence[Snapshot] = ()
        self._started = 0.0
        self._failed = 0
        self._flagged = 0

    @property
    def is_sprite_scan(self) -> bool:
        return self.listing.snapshot_type == SnapshotType.SPRITE.value

    def report(self) -> ScanReport:
        """What is known now (complete after :meth:`run`, partial while or after it was cancelled)."""
        report = self._report
        report.snapshots = [self._outcomes[p] for p in sorted(self._outcomes)]
        report.elapsed_s = time.monotonic() - self._started if self._started else 0.0
        return report

    def _emit(self, event: ScanEvent) -> None:
        if self._on_event is not None:
            try:
                self._on_event(event)
            except Exception:  # a listener's bug must not end the scan
                log.exception("scan event listener failed")

    async def run(self) -> ScanReport:
        self._started = time.monotonic()
        pool = self._pool or ThreadPoolExecutor(1, thread_name_prefix="snapview-scan")
        try:
            if not await self._list():
                return self._finish()
            await self._scan_all(pool)
            self._sequence_checks()
            return self._finish()
        except asyncio.CancelledError:
            self._report.cancelled = True
            self.listing.cancel()
            raise
        finally:
            if self._pool is None:
                pool.shutdown(wait=False, cancel_futures=True)

    def _finish(self) -> ScanReport:
        report = self.report()
        self._emit(ScanFinished(report))
        return report

    async def _list(self) -> bool:
        try:
            self._snapshots = await self.listing.all_snapshots()
        except VodError as exc:
            finding = _job_finding(exc)
            if finding is None:
                raise
            self._report.job_findings.append(finding)
            return False
        report = self._report
        report.job_id = self.listing.job_id
        report.total = (
            self.listing.total if self.listing.total is not None else len(self._snapshots)
        )
        for check in (
            count_mismatch(report.total, len(self._snapshots)),
            missing_index([s.index for s in self._snapshots]),
        ):
            if check is not None:
                report.job_findings.append(check)
        self._emit(ScanListed(report.total, len(self._snapshots), report.job_id or ""))
        return True

    async def _scan_all(self, pool: ThreadPoolExecutor) -> None:
        queue = iter(enumerate(self._snapshots))

        async def worker() -> None:
            for position, snapshot in queue:
                outcome = await self._check(position, snapshot, pool)
                self._record(position, outcome)

        workers = [
            asyncio.get_running_loop().create_task(worker(), name=f"scan-worker-{n}")
            for n in range(min(self._concurrency, max(1, len(self._snapshots))))
        ]
        try:
            await asyncio.gather(*workers)
        finally:
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)

    def _record(self, position: int, outcome: SnapshotOutcome) -> None:
        self._outcomes[position] = outcome
        self._failed += outcome.failed
        self._flagged += any(f.severity is Severity.DEFECT for f in outcome.flags)
        self._emit(SnapshotChecked(outcome))
        done, total = len(self._outcomes), len(self._snapshots)
        elapsed = time.monotonic() - self._started
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (total - done) / rate if rate > 0 and done >= min(total, 5) else None
        self._emit(ScanProgress(done, total, self._failed, self._flagged, elapsed, eta))

    async def _load(self, snapshot: Snapshot) -> tuple[ImageResult, int]:
        listing_id = (self.listing.provider, self.listing.video_id, self.listing.snapshot_type)
        key = ("scan", *listing_id, snapshot.index)
        listing = self.listing

        async def refresh() -> str | None:
            try:
                return await listing.refresh_url(snapshot.index)
            except VodError as exc:  # the snapshot then fails as expired, with the 403's reason
                log.info("refreshing snapshot %s failed: %s", snapshot.index, exc.code)
                return None

        attempt = 1
        while True:
            result = await self._images.load(key, snapshot.url, refresh=refresh)
            if result.failure is None or attempt >= self._retry.attempts:
                return result, attempt
            if fetch_failure(result) not in TRANSIENT_FAILURES:
                return result, attempt
            self._images.forget(key)
            await asyncio.sleep(self._retry.delay(attempt))
            attempt += 1

    async def _check(
        self, position: int, snapshot: Snapshot, pool: ThreadPoolExecutor
    ) -> SnapshotOutcome:
        result, attempts = await self._load(snapshot)
        size = (result.pixel_size.width(), result.pixel_size.height())
        base = SnapshotOutcome(
            snapshot.index,
            result.url or snapshot.url,
            http_status=result.http_status,
            pixel_size=size if result.pixel_size.isValid() else None,
            from_cache=result.from_cache,
            attempts=attempts,
        )
        if result.failure is not None or result.image is None:
            return replace(base, failure=fetch_failure(result), reason=result.reason)
        if self.is_sprite_scan:
            return replace(base, flags=self._sprite_flags(snapshot.index, size))
        frame = frame_from_qimage(result.image)
        del result  # the QImage is not needed any more; only the summary is kept
        analysis = await asyncio.get_running_loop().run_in_executor(
            pool,
            lambda: analyse_frame(
                frame, position=position, index=snapshot.index, original_size=size
            ),
        )
        self._summaries.append(analysis.summary)
        return replace(base, flags=analysis.flags)

    def _sprite_flags(self, index: int, size: tuple[int, int]) -> tuple[Flag, ...]:
        if self._sprites is None:
            return ()
        flag = check_sprite_sheet(size, self._sprites.regions.get(index, ()), self._sprites.layout)
        return (flag,) if flag is not None else ()

    def _sequence_checks(self) -> None:
        found = sequence_flags(self._summaries)
        for position, outcome in self._outcomes.items():
            extra = found.get(outcome.index)
            if extra:
                self._outcomes[position] = replace(outcome, flags=outcome.flags + tuple(extra))


def _job_finding(error: VodError) -> JobFinding | None:
    """A listing error that is a finding about the job rather than a reason the scan cannot run."""
    if error.code in JOB_FAILED_CODES:
        return job_failed(error.code, error.message)
    if error.error_class is ErrorClass.NOT_READY:
        return processing(error.code, error.message)
    return None
