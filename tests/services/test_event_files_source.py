"""What File → Open Events keeps of a large event's source: its head (what the inspector's Raw
tab shows), never the whole decoded text beside the parsed tree."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

from snapview.core.json_document import SHOWN_SOURCE_CHARS
from snapview.services import event_files


def _event_file(tmp_path: Path) -> Path:
    sample = [{"offset": i, "url": f"https://cdn.example.com/{i:06d}.jpg"} for i in range(60_000)]
    event = {
        "event_type": "thumbnailComplete",
        "thumbnail_info": {"status": "SUCCEED", "sample": sample},
    }
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    assert path.stat().st_size > event_files.PARSE_SLICE
    return path


def test_a_large_event_keeps_the_head_of_its_source_and_no_copy_of_the_whole(
    tmp_path: Path,
) -> None:
    path = _event_file(tmp_path)
    size = path.stat().st_size
    tracemalloc.start()
    try:
        load = event_files.load_events([str(path)])
        snapshot = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    [event] = load.result.events
    assert event.thumbnail is not None and len(event.thumbnail.sample) == 60_000
    document = event.inspector_document
    assert document.text == path.read_text(encoding="utf-8")[:SHOWN_SOURCE_CHARS]
    assert document.length == size
    # Nothing as large as the text (or the file's bytes) is still allocated: only the tree's small
    # objects and the head remain.
    largest = max(trace.size for trace in snapshot.traces)
    assert largest < size // 2, f"a block of {largest:,} bytes is alive beside a {size:,}-byte file"
