"""The image pipeline: fetch snapshot images over HTTP under deadlines, decode them at tile size in
worker threads within a pixel budget, keep them in a byte-bounded memory cache and a
validator-aware disk cache, and say in plain words why a tile failed.

    pipeline.py   ImagePipeline: request()/load()/cancel(), the memory caches, results (GUI side)
    worker.py     the network side: its own loop, thread and HTTP session; batches both ways
    http_session.py  the aiohttp session the worker downloads with (why not httpx)
    scheduler.py  one job per key, newest-first queues, per-host slots, slow downloads yield
    download.py   one download: deadlines, the disk cache's validators, body limits, 403 -> fresh link
    deadlines.py  DownloadDeadlines (no HTTP client, so the GUI side can name them)
    cache_io.py   the disk cache on its I/O thread; an unwritable cache folder is one local notice
    decode.py     QImageReader at tile size, fit/signature/crop helpers, decode cost in pixels
    scratch.py    where bytes wait while Qt decodes them (memfd, or a folder made again if deleted)
    budget.py     the bound on pixels being decoded at once
    failures.py   FailureKind, ImageFetchError and the user sentences
    results.py    ImageResult, ImageState, PipelineStats
    factory.py    make_image_pipeline, what AppServices.images calls

Byte sniffing is pure and lives in :mod:`snapview.core.image_sniff`; the process-wide GC guard the
decode threads need is :mod:`snapview.services.gc_guard`. Everything a caller needs is importable
from this package.
"""

from snapview.core.image_sniff import looks_like_text, sniff_image_type
from snapview.services.gc_guard import MainThreadGarbageCollector
from snapview.services.images.deadlines import DownloadDeadlines
from snapview.services.images.decode import (
    DEFAULT_MAX_IMAGE_PIXELS,
    DecodeOutcome,
    crop,
    decode_cost,
    decode_image,
    fit_size,
    gray_signature,
)
from snapview.services.images.factory import make_image_pipeline
from snapview.services.images.failures import FailureKind, ImageFetchError
from snapview.services.images.pipeline import (
    DEFAULT_MEMORY_BYTES,
    ImagePipeline,
    PipelineClosed,
    UrlRefresher,
)
from snapview.services.images.results import ImageResult, ImageState, PipelineStats, TileState
from snapview.services.images.scheduler import Refresh

# The test harness (tests/conftest.py) counts open pipelines through this old name; it goes once
# the harness reads ``snapview.services.gc_guard.MainThreadGarbageCollector.users()``.
_MainThreadGarbageCollector = MainThreadGarbageCollector

__all__ = [
    "DEFAULT_MAX_IMAGE_PIXELS",
    "DEFAULT_MEMORY_BYTES",
    "DecodeOutcome",
    "DownloadDeadlines",
    "FailureKind",
    "ImageFetchError",
    "ImagePipeline",
    "ImageResult",
    "ImageState",
    "PipelineClosed",
    "PipelineStats",
    "Refresh",
    "TileState",
    "UrlRefresher",
    "crop",
    "decode_cost",
    "decode_image",
    "fit_size",
    "gray_signature",
    "looks_like_text",
    "make_image_pipeline",
    "sniff_image_type",
]
