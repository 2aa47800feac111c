"""The one way the app makes its image pipeline: the disk cache in the app's cache folder and a
memory budget chosen by the caller (the grid keeps its own pixmaps, so it asks for less).

``pipeline_for`` is the older, string-keyed way (``AppServices.extras``); it stays, as a thin
alias over :func:`make_image_pipeline`, until the typed services object owns the pipeline.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from snapview import paths
from snapview.services.images.download import DownloadDeadlines
from snapview.services.images.pipeline import DEFAULT_MEMORY_BYTES, ImagePipeline, UrlRefresher

if TYPE_CHECKING:
    from snapview.services.context import AppServices


def make_image_pipeline(
    *,
    disk_cache_dir: Path | None = None,
    memory_bytes: int = DEFAULT_MEMORY_BYTES,
    http: httpx.AsyncClient | None = None,
    deadlines: DownloadDeadlines | None = None,
    url_refresher: UrlRefresher | None = None,
) -> ImagePipeline:
    """A pipeline with its disk cache in ``disk_cache_dir`` (default: ``<cache dir>/images`` from
    :mod:`snapview.paths`). The caller closes it (``await pipeline.aclose()``) at shutdown."""
    return ImagePipeline(
        disk_cache_dir=disk_cache_dir
        if disk_cache_dir is not None
        else paths.cache_dir() / "images",
        memory_bytes=memory_bytes,
        http=http,
        deadlines=deadlines,
        url_refresher=url_refresher,
    )


def pipeline_for(services: AppServices) -> ImagePipeline:
    """The app's one pipeline (made on first use, closed on quit).

    Deprecated: kept for the features that still look it up in ``services.extras``; once the typed
    services object holds ``images`` (made with :func:`make_image_pipeline`), this goes.
    """
    existing = services.extras.get("image_pipeline")
    if isinstance(existing, ImagePipeline):
        return existing
    pipeline = make_image_pipeline()
    services.extras["image_pipeline"] = pipeline
    services.add_closer("image pipeline", pipeline.aclose)
    return pipeline
