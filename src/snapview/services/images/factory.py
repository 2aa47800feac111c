"""The one way the app makes its image pipeline: the disk cache in the app's cache folder and a
memory budget chosen by the caller (the grid keeps its own pixmaps, so it asks for less).
``AppServices.images`` calls it; so can the CLI.
"""

from __future__ import annotations

from pathlib import Path

from snapview import paths
from snapview.services.images.deadlines import DownloadDeadlines
from snapview.services.images.pipeline import DEFAULT_MEMORY_BYTES, ImagePipeline, UrlRefresher


def make_image_pipeline(
    *,
    disk_cache_dir: Path | None = None,
    memory_bytes: int = DEFAULT_MEMORY_BYTES,
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
        deadlines=deadlines,
        url_refresher=url_refresher,
    )
