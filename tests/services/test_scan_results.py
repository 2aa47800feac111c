"""The store of each video's last scan: a round trip, and a file that is damaged, of another format
or of another video counts as "never scanned" instead of showing wrong findings."""

from __future__ import annotations

import asyncio
import json
import logging

from snapview.services.scan_results import ScanResultStore


def document(video_id: str = "v1") -> dict:
    return {
        "video_id": video_id,
        "provider": "aliyun",
        "snapshot_type": "NormalSnapshot",
        "job_id": "j",
        "total": 2,
        "snapshots": [{"index": 2, "state": "failed", "failure": "not_found", "flags": []}],
        "job_flags": [],
        "summary": {"scanned": 2},
    }


def test_a_saved_scan_is_loaded_back_with_its_time(tmp_path) -> None:
    store = ScanResultStore(tmp_path / "scans")
    assert asyncio.run(store.save(document(), 1_700_000_000.5))
    stored = asyncio.run(store.load("aliyun", "v1", "NormalSnapshot"))
    assert stored is not None and stored.scanned_at == 1_700_000_000.5
    assert stored.document == document()
    assert asyncio.run(store.load("aliyun", "v1", "CoverSnapshot")) is None
    assert asyncio.run(store.load("huawei", "v1", "NormalSnapshot")) is None
    assert not list((tmp_path / "scans").glob("*.tmp"))


def test_a_damaged_or_foreign_file_is_never_scanned(tmp_path, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="snapview.scan")
    store = ScanResultStore(tmp_path)
    path = store.path_for("aliyun", "v1", "NormalSnapshot")
    path.write_text("{not json", encoding="utf-8")
    assert asyncio.run(store.load("aliyun", "v1", "NormalSnapshot")) is None
    # Another video's document under this name (a hash collision, a hand-edited file).
    path.write_text(json.dumps({"format": 1, "scanned_at": 1, "document": document("v2")}))
    assert asyncio.run(store.load("aliyun", "v1", "NormalSnapshot")) is None
    path.write_text(json.dumps({"format": 99, "scanned_at": 1, "document": document()}))
    assert asyncio.run(store.load("aliyun", "v1", "NormalSnapshot")) is None


def test_a_folder_that_cannot_be_written_loses_only_the_convenience(tmp_path, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="snapview.scan")
    blocker = tmp_path / "scans"
    blocker.write_text("a file where the folder should be")
    store = ScanResultStore(blocker)
    assert asyncio.run(store.save(document())) is False
    assert asyncio.run(store.load("aliyun", "v1", "NormalSnapshot")) is None
    assert "could not be stored: FileExistsError" in caplog.text
