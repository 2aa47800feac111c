"""The event list with many events (walkthrough D12): memory of the list, and the time one asset-filter
pass blocks the GUI thread, for the lazy ``EventListModel`` against the baseline it replaced (one
``QStandardItem`` per event with icon and tooltip, behind a ``QSortFilterProxyModel``), both
measured in the same run on the same parsed events. Also the slice-wise JSON Lines load with
progress against one call of the core parser (same events; the cost of reporting progress).

Usage: ``python benchmarks/event_list_bench.py [--count 100000]``. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QStyle

from snapview.core.huawei_events import VodEvent, parse_events
from snapview.services.event_files import load_events
from snapview.ui.events.list_model import EventListModel, EventRoles


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _jsonl(count: int) -> str:
    lines = []
    for n in range(count):
        asset = f"{n:032x}"
        event = {
            "event_type": "thumbnailComplete",
            "thumbnail_info": {
                "asset_id": asset,
                "status": "SUCCEED",
                "sample": [
                    {"offset": 0, "url": f"https://1.cdn-vod.huaweicloud.com/{asset}/0.jpg"}
                ],
            },
        }
        lines.append(json.dumps(event))
    return "\n".join(lines) + "\n"


class _BaselineProxy(QSortFilterProxyModel):
    asset = ""

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        return self.asset in str(index.data(EventRoles.ASSET) or "").casefold()


def _baseline(events: list[VodEvent]) -> tuple[float, float]:
    gc.collect()
    before = _rss_mb()
    model = QStandardItemModel()
    icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
    for index, event in enumerate(events):
        asset = event.asset_id or ""
        item = QStandardItem(icon, f"{asset[:12]}…  thumbnailComplete")
        item.setToolTip(f"{asset}\nthumbnailComplete · SUCCEED\n{event.source}:{event.line}")
        item.setData(index, EventRoles.INDEX)
        item.setData(event.status or "", EventRoles.STATUS)
        item.setData(asset, EventRoles.ASSET)
        model.appendRow(item)
    proxy = _BaselineProxy()
    proxy.setSourceModel(model)
    memory = _rss_mb() - before
    start = time.perf_counter()
    proxy.asset = "1869f"
    proxy.invalidate()
    proxy.rowCount()
    return memory, time.perf_counter() - start


def _lazy(events: list[VodEvent]) -> tuple[float, float]:
    gc.collect()
    before = _rss_mb()
    model = EventListModel()
    model.set_events(events, [])
    memory = _rss_mb() - before
    start = time.perf_counter()
    model.set_filter("", "1869f")
    model.rowCount()
    return memory, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000, help="events in the list")
    args = parser.parse_args()
    QApplication([])
    text = _jsonl(args.count)
    start = time.perf_counter()
    events = parse_events(text, "bench.jsonl").events
    whole = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.jsonl"
        path.write_text(text, encoding="utf-8")
        reports: list[int] = []
        start = time.perf_counter()
        sliced = load_events([str(path)], lambda done, total: reports.append(done)).result.events
        in_slices = time.perf_counter() - start
    assert [e.line for e in sliced] == [e.line for e in events]
    del sliced
    lazy_mb, lazy_s = _lazy(events)
    base_mb, base_s = _baseline(events)
    print(f"{args.count:,} events, {len(text) / 2**20:.0f} MB of JSON Lines")
    print(
        f"load: one parse {whole:.2f} s, in slices with progress {in_slices:.2f} s "
        f"({in_slices / whole:.2f}x, {len(reports)} progress reports)"
    )
    print(
        f"list memory: lazy model {lazy_mb:.1f} MB, item per event {base_mb:.1f} MB "
        f"({base_mb / max(lazy_mb, 0.1):.0f}x)"
    )
    print(
        f"one filter pass: lazy model {lazy_s * 1000:.0f} ms, proxy {base_s * 1000:.0f} ms "
        f"({base_s / max(lazy_s, 1e-6):.1f}x)"
    )


if __name__ == "__main__":
    main()
