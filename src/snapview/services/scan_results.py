"""The last scan of each video, kept under the cache directory so reopening a video shows its
findings without scanning again, and what the app's scans share (the analysis cache, the images).

A stored scan is the very JSON object ``snapview scan --json`` prints
(:func:`~snapview.services.scan_document.scan_document`: URLs redacted, no secrets) plus when it was
made, one small file per (provider, video, snapshot type) in ``<cache>/scans/``. It is a cache:
a file that cannot be read or parsed counts as "never scanned", and a failed write loses nothing
but the convenience (it is logged, the findings stay on screen). Writes go to a temporary file and
are renamed into place, so a crash never leaves half a file. When the review store lands, the
findings belong there; this keeps to the cache directory until then.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from snapview import paths

if TYPE_CHECKING:
    from snapview.services.images import ImagePipeline
    from snapview.services.scan_cache import AnalysisCache
    from snapview.services.scan_images import PipelineImages

log = logging.getLogger("snapview.scan")

ANALYSIS_CACHE_FILE = "scan-analysis.sqlite3"  # the one `snapview scan` uses: verdicts are shared
RESULTS_FOLDER = "scans"
FORMAT = 1


@dataclass(frozen=True)
class StoredScan:
    """A scan document and when (``time.time()``) the scan ended."""

    document: dict[str, Any]
    scanned_at: float


class ScanResultStore:
    """One JSON file per scanned video under ``folder`` (default ``<cache dir>/scans``)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else paths.cache_dir() / RESULTS_FOLDER

    def path_for(self, provider: str, video_id: str, snapshot_type: str) -> Path:
        # A video ID is the user's text: hashed, it can never name another place on the disk.
        name = hashlib.sha256(f"{provider}\0{video_id}\0{snapshot_type}".encode()).hexdigest()
        return self.folder / f"{name[:32]}.json"

    async def load(self, provider: str, video_id: str, snapshot_type: str) -> StoredScan | None:
        path = self.path_for(provider, video_id, snapshot_type)
        return await asyncio.to_thread(self._read, path, provider, video_id, snapshot_type)

    async def save(self, document: dict[str, Any], scanned_at: float | None = None) -> bool:
        """Keep ``document`` as its video's last scan; False (logged) when it could not be written."""
        when = time.time() if scanned_at is None else scanned_at
        path = self.path_for(
            str(document["provider"]), str(document["video_id"]), str(document["snapshot_type"])
        )
        return await asyncio.to_thread(self._write, path, document, when)

    @staticmethod
    def _read(path: Path, provider: str, video_id: str, snapshot_type: str) -> StoredScan | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("a stored scan could not be read (%s); it is ignored", type(exc).__name__)
            return None
        document = data.get("document") if isinstance(data, dict) else None
        if (
            data.get("format") != FORMAT
            or not isinstance(document, dict)
            or (document.get("provider"), document.get("video_id"), document.get("snapshot_type"))
            != (provider, video_id, snapshot_type)
            or not isinstance(document.get("snapshots"), list)
        ):
            return None
        return StoredScan(document, float(data.get("scanned_at") or 0.0))

    @staticmethod
    def _write(path: Path, document: dict[str, Any], when: float) -> bool:
        scratch = path.with_suffix(".tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            payload = {"format": FORMAT, "scanned_at": when, "document": document}
            scratch.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
            os.replace(scratch, path)
            return True
        except OSError as exc:
            log.warning("the scan's findings could not be stored: %s", type(exc).__name__)
            with contextlib.suppress(OSError):
                scratch.unlink(missing_ok=True)
            return False


def open_analysis_cache() -> AnalysisCache:
    """The analysis cache ``snapview scan`` uses, so the app and the CLI reuse each other's verdicts."""
    from snapview.services.scan_cache import AnalysisCache

    return AnalysisCache(paths.cache_dir() / ANALYSIS_CACHE_FILE)


def scan_images(pipeline: ImagePipeline) -> PipelineImages:
    """The scan's view of the app's one image pipeline (its disk cache, as the factory places it)."""
    from snapview.services.scan_images import PipelineImages

    return PipelineImages(pipeline, disk_cache_dir=paths.cache_dir() / "images")
