"""The whole-video defect scan: list every snapshot of a job, fetch and decode each one with bounded
concurrency through the image pipeline, run every detector, and stream progress and findings.

One :class:`VideoScan` per video. ``await scan.run()`` lists the job through its
:class:`~snapview.services.snapshot_listing.SnapshotListing` (either provider's), looks every
snapshot up in the analysis cache (``services/scan_cache.py``: a picture the disk cache holds fresh
and that was analysed before is neither decoded nor analysed again), then ``concurrency`` workers
load the rest (:class:`~snapview.services.scan_images.ImageSource`: disk cache, one link refresh on
403) and analyse each frame in a worker thread, so the event loop — the GUI's, under qasync — never
waits on pixels. Pixel checks and fetch failures are reported as each snapshot finishes; the
sequence checks (frozen, repeat, wrong aspect) and the job checks run when every snapshot is in.
Only a :class:`~snapview.core.detectors.sequence.FrameSummary` (≈ 0.7 KB) is kept per snapshot, so
memory stays flat in the number of snapshots.

Transient fetch faults (timeouts, resets, cut-short bodies, 408/429/5xx, local faults) never become
findings unless they persist: a snapshot is tried ``FetchRetry.attempts`` times with backoff, and
one still failing that way gets a second look of as many attempts after every other snapshot is
done (a server that drops 30 % of requests at random leaves 0.3⁸ ≈ 1 in 15,000 snapshots failed,
and a short outage is over by then). A ``local`` failure (this computer) is a scan error, never a
finding about the video.

Cancelling the task that runs :meth:`VideoScan.run` stops the downloads and the listing; what was
found so far stays readable through :meth:`VideoScan.report` (``cancelled`` set).

Events, delivered to ``on_event`` on the loop's thread, in this order:
``ScanListed`` once; ``SnapshotChecked`` and ``ScanProgress`` per snapshot; ``ScanFinished`` once.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from snapview.core.detectors.analysis import FrameAnalysis, analyse_image
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
from snapview.services.scan_cache import AnalysisCache, CachedAnalysis
from snapview.services.scan_decode import pillow_from_qimage
from snapview.services.scan_images import (
    ImageSource,
    fetch_failure,
    is_retryable,
    placed,
)
from snapview.services.snapshot_listing import SnapshotListing

log = logging.getLogger("snapview.scan")

# Snapshots looked up in the analysis cache at once (one trip to its thread and to the disk's).
LOOKUP_BATCH = 256


@dataclass(frozen=True)
class FetchRetry:
    """How often and how patiently a transient fetch failure is retried (full-jitter backoff):
    ``attempts`` at once, then ``second_look`` more after the other snapshots, at least
    ``second_look_after`` seconds after the last failure."""

    attempts: int = 4
    second_look: int = 4
    second_look_after: float = 1.0
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
    attempts: int = 1  # downloads tried (0: the verdict came from the analysis cache)
    offset_s: float | None = None  # seconds into the video, when the provider says (Huawei)
    reused: bool = False  # pixel flags and summary from the analysis cache: nothing decoded

    @property
    def failed(self) -> bool:
        """Could not be checked, for a reason that is a finding about the video."""
        return self.failure is not None and self.failure.about_the_video

    @property
    def scan_error(self) -> bool:
        """Could not be checked because of this computer (``local``): not a finding."""
        return self.failure is not None and not self.failure.about_the_video

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
    errors: int = 0  # snapshots this computer could not check (local faults)


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
    def errors(self) -> int:
        """Snapshots not checked because of a fault on this computer (the scan is incomplete)."""
        return sum(1 for s in self.snapshots if s.scan_error)

    @property
    def reused(self) -> int:
        """Snapshots whose verdict came from the analysis cache."""
        return sum(1 for s in self.snapshots if s.reused)

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
        """Failures that are findings about the video (local faults are :attr:`errors`)."""
        counts: dict[str, int] = {}
        for outcome in self.snapshots:
            if outcome.failed and outcome.failure is not None:
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
        analysis_cache: AnalysisCache | None = None,
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
        self._cache = analysis_cache
        self._report = ScanReport(listing.provider, listing.video_id, listing.snapshot_type)
        self._outcomes: dict[int, SnapshotOutcome] = {}  # by listing position
        self._summaries: list[FrameSummary] = []
        self._snapshots: Sequence[Snapshot] = ()
        # Snapshots whose transient failure gets a second look: (position, snapshot, attempts
        # so far, when the last one failed).
        self._deferred: list[tuple[int, Snapshot, int, float]] = []
        self._started = 0.0
        self._failed = 0
        self._flagged = 0
        self._errors = 0

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
            await self._second_look(pool)
            await self._sequence_checks(pool)
            if self._cache is not None:
                await self._cache.flush()
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
        """Cached verdicts first, batch by batch; what is not cached goes to the workers."""
        queue: asyncio.Queue[tuple[int, Snapshot] | None] = asyncio.Queue(self._concurrency * 2)
        count = min(self._concurrency, max(1, len(self._snapshots)))

        async def produce() -> None:
            snapshots = list(enumerate(self._snapshots))
            for start in range(0, len(snapshots), LOOKUP_BATCH):
                batch = snapshots[start : start + LOOKUP_BATCH]
                cached = await self._cached(batch)
                for position, snapshot in batch:
                    known = cached.get(position)
                    if known is not None:
                        self._record(position, self._reuse(position, snapshot, known))
                    else:
                        await queue.put((position, snapshot))
            for _ in range(count):
                await queue.put(None)

        async def worker() -> None:
            while (item := await queue.get()) is not None:
                position, snapshot = item
                outcome = await self._check(position, snapshot, pool, self._retry.attempts)
                if outcome is not None:
                    self._record(position, outcome)

        loop = asyncio.get_running_loop()
        tasks = [loop.create_task(produce(), name="scan-lookup")] + [
            loop.create_task(worker(), name=f"scan-worker-{n}") for n in range(count)
        ]
        await _run_all(tasks)

    async def _second_look(self, pool: ThreadPoolExecutor) -> None:
        """The snapshots whose transient failure outlasted their first attempts, tried again."""
        deferred, self._deferred = self._deferred, []
        if not deferred:
            return
        log.info(
            "%s: %d snapshots failed transiently; trying them again",
            self.listing.video_id,
            len(deferred),
        )
        queue = iter(deferred)

        async def worker() -> None:
            for position, snapshot, tried, failed_at in queue:
                pause = failed_at + self._retry.second_look_after - time.monotonic()
                if pause > 0:
                    await asyncio.sleep(pause)
                outcome = await self._check(
                    position, snapshot, pool, self._retry.second_look, tried=tried
                )
                assert outcome is not None  # a second look is final
                self._record(position, outcome)

        loop = asyncio.get_running_loop()
        count = min(self._concurrency, len(deferred))
        await _run_all([loop.create_task(worker(), name=f"scan-worker-{n}") for n in range(count)])

    async def _cached(self, batch: list[tuple[int, Snapshot]]) -> dict[int, CachedAnalysis]:
        """The analysis cache's verdicts for a batch, by listing position."""
        cache = self._cache
        if cache is None or not cache.usable or self.is_sprite_scan:
            return {}
        digests = await self._images.fingerprints([s.url for _, s in batch])
        known = await cache.get_many([d for d in digests if d is not None])
        return {
            position: known[digest]
            for (position, _), digest in zip(batch, digests, strict=True)
            if digest is not None and digest in known
        }

    def _reuse(self, position: int, snapshot: Snapshot, known: CachedAnalysis) -> SnapshotOutcome:
        self._summaries.append(known.summary(position, snapshot.index))
        return SnapshotOutcome(
            snapshot.index,
            snapshot.url,
            flags=known.flags,
            pixel_size=(known.width, known.height),
            from_cache=True,
            attempts=0,
            offset_s=snapshot.offset_s,
            reused=True,
        )

    def _record(self, position: int, outcome: SnapshotOutcome) -> None:
        self._outcomes[position] = outcome
        self._failed += outcome.failed
        self._errors += outcome.scan_error
        self._flagged += any(f.severity is Severity.DEFECT for f in outcome.flags)
        self._emit(SnapshotChecked(outcome))
        done, total = len(self._outcomes), len(self._snapshots)
        elapsed = time.monotonic() - self._started
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (total - done) / rate if rate > 0 and done >= min(total, 5) else None
        self._emit(
            ScanProgress(done, total, self._failed, self._flagged, elapsed, eta, self._errors)
        )

    async def _load(self, snapshot: Snapshot, attempts: int) -> tuple[ImageResult, int]:
        """The result after at most ``attempts`` tries (fewer when it is not worth another)."""
        listing = self.listing
        key = ("scan", listing.provider, listing.video_id, listing.snapshot_type, snapshot.index)
        refresh = functools.partial(listing.refresh_url, snapshot.index)
        attempt = 1
        while True:
            result = await self._images.load(key, snapshot.url, refresh=refresh)
            if result.failure is None or attempt >= attempts or not is_retryable(result):
                return result, attempt
            # The pipeline remembers failures for a while: the next try must reach the server.
            self._images.forget(key)
            await asyncio.sleep(self._retry.delay(attempt))
            attempt += 1

    async def _check(
        self,
        position: int,
        snapshot: Snapshot,
        pool: ThreadPoolExecutor,
        attempts: int,
        *,
        tried: int = 0,
    ) -> SnapshotOutcome | None:
        """One snapshot's outcome, or None when its transient failure is deferred to the second
        look (only on the first look: ``tried`` is 0)."""
        result, made = await self._load(snapshot, attempts)
        if (
            result.failure is not None
            and not tried
            and self._retry.second_look > 0
            and is_retryable(result)
        ):
            self._deferred.append((position, snapshot, made, time.monotonic()))
            return None
        size = (result.pixel_size.width(), result.pixel_size.height())
        base = SnapshotOutcome(
            snapshot.index,
            result.url or snapshot.url,
            http_status=result.http_status,
            pixel_size=size if result.pixel_size.isValid() else None,
            from_cache=result.from_cache,
            attempts=tried + made,
            offset_s=snapshot.offset_s,
        )
        # The pipeline's decode thread may have analysed the frame already (scan_images), or a
        # worker process did and sent the analysis without the picture (scan_processes).
        premade = result.derived if isinstance(result.derived, FrameAnalysis) else None
        if result.failure is not None or (result.image is None and premade is None):
            return replace(base, failure=fetch_failure(result), reason=result.reason)
        if self.is_sprite_scan:
            return replace(base, flags=self._sprite_flags(snapshot.index, size))
        image, url, byte_size = result.image, result.url or snapshot.url, result.byte_size
        content_sha256 = result.content_sha256
        del result  # only the summary is kept, not the picture

        def analyse() -> FrameAnalysis:
            assert image is not None  # no picture comes without its analysis
            picture = pillow_from_qimage(image)
            return analyse_image(
                picture, position=position, index=snapshot.index, original_size=size
            )

        async def analysed() -> FrameAnalysis:
            if premade is not None:
                return placed(premade, position, snapshot.index)
            return await asyncio.get_running_loop().run_in_executor(pool, analyse)

        if self._cache is not None and self._cache.usable and content_sha256 is not None:
            analysis = await analysed()
            self._cache.put(content_sha256, CachedAnalysis.of(analysis))
        elif self._cache is not None and self._cache.usable:
            analysis, digests = await asyncio.gather(
                analysed(), self._images.fingerprints([url], [byte_size])
            )
            if digests[0] is not None:
                self._cache.put(digests[0], CachedAnalysis.of(analysis))
        else:
            analysis = await analysed()
        self._summaries.append(analysis.summary)
        return replace(base, flags=analysis.flags)

    def _sprite_flags(self, index: int, size: tuple[int, int]) -> tuple[Flag, ...]:
        if self._sprites is None:
            return ()
        flag = check_sprite_sheet(size, self._sprites.regions.get(index, ()), self._sprites.layout)
        return (flag,) if flag is not None else ()

    async def _sequence_checks(self, pool: ThreadPoolExecutor) -> None:
        # In the worker thread: over 10,000 summaries the frozen and repeat checks compare
        # hundreds of thousands of signature bytes in Python (≈ 0.3 s), which on the event loop
        # — the GUI's, under qasync — would freeze the window at the end of every scan.
        summaries = list(self._summaries)
        found = await asyncio.get_running_loop().run_in_executor(pool, sequence_flags, summaries)
        for position, outcome in self._outcomes.items():
            extra = found.get(outcome.index)
            if extra:
                self._outcomes[position] = replace(outcome, flags=outcome.flags + tuple(extra))


async def _run_all(tasks: list[asyncio.Task[None]]) -> None:
    """Await every task; if one fails or this is cancelled, cancel the rest and wait for them."""
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _job_finding(error: VodError) -> JobFinding | None:
    """A listing error that is a finding about the job rather than a reason the scan cannot run:
    the provider ran the snapshot job and it failed (``JOB_FAILED``: Huawei's THUMBNAIL_FAILED, with
    its ``exec_desc``), or it has not finished yet (``NOT_READY``)."""
    if error.error_class is ErrorClass.JOB_FAILED:
        return job_failed(error.code, error.message, str(getattr(error, "exec_desc", "") or ""))
    if error.error_class is ErrorClass.NOT_READY:
        return processing(error.code, error.message)
    return None
