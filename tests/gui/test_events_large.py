"""Large event files (walkthrough D12): a determinate progress bar with Cancel while a JSON Lines file
is read, Cancel and closing the window stop the read and keep what was on screen, the events keep
their line numbers although the file is parsed in slices, and the asset filter waits for a pause in
typing instead of refiltering the whole list on every key."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from snapview.app import create_application
from snapview.services import event_files
from snapview.ui.shell.language import interface_language
from tests.gui.test_events import _wait_loaded, app_window  # noqa: F401  (fixture)
from tests.helpers.timeouts import WAIT_MS

pytestmark = pytest.mark.gui
FIXTURES = Path(__file__).parents[1] / "fixtures" / "huawei"
SEED = FIXTURES / "thumbnail_succeed_seed.json"


def _big_jsonl(tmp_path: Path, count: int) -> Path:
    """``count`` one-line thumbnailComplete events, asset ids 000000…, with one broken line."""
    event = json.loads(SEED.read_text(encoding="utf-8"))
    lines = []
    for n in range(count):
        event["thumbnail_info"]["asset_id"] = f"{n:06d}" + "a" * 26
        lines.append(json.dumps(event, separators=(",", ":")))
    lines[count // 2] = '{"event_type": "thumbnailComplete",}'
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_slices(monkeypatch) -> list[int]:
    """Slices and read chunks small enough that a test file of a few MB gives many reports; the
    list it returns grows by one for every slice the reader parses (so a test sees it stop)."""
    monkeypatch.setattr(event_files, "PARSE_SLICE", 200_000)
    monkeypatch.setattr(event_files, "READ_CHUNK", 64 * 1024)
    parsed: list[int] = []
    real = event_files.parse_events  # type: ignore[attr-defined]

    def counting(data, source="<input>"):
        parsed.append(len(data))
        return real(data, source)

    monkeypatch.setattr(event_files, "parse_events", counting)
    return parsed


def test_a_large_file_shows_determinate_progress_and_keeps_line_numbers(
    app_window,  # noqa: F811
    qtbot,
    tmp_path,
    small_slices,
) -> None:
    window, feature = app_window()
    path = _big_jsonl(tmp_path, 6_000)
    seen: list[tuple[int, bool, int, int]] = []
    bar = feature.progress.bar
    feature.loader.progressed.connect(
        lambda p: seen.append((p, feature.progress.isVisible(), bar.minimum(), bar.maximum()))
    )
    assert _wait_loaded(qtbot, feature, lambda: feature.load_paths([str(path)])) == 5_999
    assert len(small_slices) > 10  # parsed in slices
    percents = [p for p, _visible, _lo, _hi in seen]
    assert percents == sorted(percents) and len(set(percents)) > 10  # it moves, forwards
    assert all(visible and (lo, hi) == (0, 100) for _p, visible, lo, hi in seen)  # determinate
    assert not feature.progress.isVisible()  # gone when done
    # Slicing the file changes nothing the user sees: same lines, same problem line.
    assert [e.line for e in feature.events[2_998:3_001]] == [2_999, 3_000, 3_002]
    assert feature.problems == [f"{path}:3001:36: {feature.problems[0].split(': ', 1)[1]}"]


def test_cancel_stops_the_read_and_keeps_the_events_on_screen(
    app_window,  # noqa: F811
    qtbot,
    tmp_path,
    small_slices,
) -> None:
    window, feature = app_window()
    assert _wait_loaded(qtbot, feature, lambda: feature.load_paths([str(SEED)])) == 1
    shown = feature.view.title_label.text()
    path = _big_jsonl(tmp_path, 6_000)
    loaded: list[int] = []
    feature.events_loaded.connect(loaded.append)
    small_slices.clear()
    feature.load_paths([str(path)])
    assert feature.progress.isVisible()  # the bar and its Cancel show at once
    with qtbot.waitSignal(feature.loader.cancelled, timeout=WAIT_MS):
        qtbot.mouseClick(feature.progress.cancel_button, Qt.MouseButton.LeftButton)
    assert feature.loader.wait(WAIT_MS)
    # It stops at its next check; the click may wait a slice or two for the GIL (26 in all).
    assert len(small_slices) < 13
    qtbot.wait(0)  # deliver anything the reader still queued
    assert loaded == []
    assert len(feature.events) == 1 and feature.view.title_label.text() == shown
    assert window.status_message.text() == "Reading events cancelled."
    assert not feature.progress.isVisible()


def test_closing_the_window_stops_a_large_read(app_window, qtbot, tmp_path, small_slices) -> None:  # noqa: F811
    window, feature = app_window()
    path = _big_jsonl(tmp_path, 6_000)
    feature.load_paths([str(path)])
    with qtbot.waitSignal(feature.loader.cancelled, timeout=WAIT_MS):
        window.close()
    assert feature.loader.wait(WAIT_MS)
    assert len(small_slices) < 13  # stopped early (26 slices in all)


def test_the_asset_filter_waits_for_a_pause_in_typing(app_window, qtbot, tmp_path) -> None:  # noqa: F811
    window, feature = app_window()
    path = _big_jsonl(tmp_path, 3_000)
    assert _wait_loaded(qtbot, feature, lambda: feature.load_paths([str(path)])) == 2_999
    panel = feature.panel
    resets: list[None] = []
    panel.model.modelReset.connect(lambda: resets.append(None))
    qtbot.keyClicks(panel.asset_edit, "001234")
    assert resets == []  # no refilter per key
    qtbot.waitUntil(lambda: panel.count_label.text() == "1 of 2999 events", timeout=WAIT_MS)
    assert len(resets) == 1
    assert panel.proxy.index(0, 0).data().startswith("001234aaaaaa")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_render_the_progress_bar(app_window, qtbot, tmp_path, small_slices, language: str) -> None:  # noqa: F811
    shots = os.environ.get("SNAPVIEW_SHOTS")
    if not shots:
        pytest.skip("set SNAPVIEW_SHOTS=DIR to render the progress bar")
    with interface_language(create_application(), language):
        window, feature = app_window()
        path = _big_jsonl(tmp_path, 6_000)
        target = Path(shots) / f"events-progress-{language}.png"

        def grab(percent: int) -> None:
            if percent >= 40 and not target.exists():
                window.grab().save(str(target))

        feature.loader.progressed.connect(grab)
        _wait_loaded(qtbot, feature, lambda: feature.load_paths([str(path)]))
    assert target.exists()
