"""Saving snapshot originals (the grid's "Save image(s)…") against the emulator's CDN over real HTTP:
files named by index, the bytes the CDN served, and a sentence for each snapshot that was not saved."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from snapview.emulator.catalog import DEFECTS_VIDEO_ID, SHORT_VIDEO_ID
from snapview.services.downloads import OriginalsSaver, file_name
from tests.helpers.async_qt import run
from tests.services.test_images_emulator import signed_url

pytestmark = pytest.mark.usefixtures("qasync_loop")


@pytest.fixture
def http(qtbot):
    client = httpx.AsyncClient(timeout=10.0)
    yield client
    run(qtbot, client.aclose())


def test_originals_are_saved_by_index_on_the_shared_client(qtbot, emulator, http, tmp_path) -> None:
    items = [(i, signed_url(emulator, SHORT_VIDEO_ID, "NormalSnapshot", i)) for i in (1, 2, 12)]
    report = run(qtbot, OriginalsSaver(http).save(items, tmp_path))
    assert [p.name for p in report.saved] == [
        "snapshot-00001.jpg",
        "snapshot-00002.jpg",
        "snapshot-00012.jpg",
    ]
    assert report.failures == ()
    for path in report.saved:
        assert path.read_bytes()[:3] == b"\xff\xd8\xff"
    assert not http.is_closed  # the app's client: the saver only borrows it


def test_each_snapshot_not_saved_says_why_and_the_rest_are_saved(
    qtbot, emulator, http, tmp_path
) -> None:
    items = [
        (20, signed_url(emulator, DEFECTS_VIDEO_ID, "NormalSnapshot", 20)),
        (21, signed_url(emulator, DEFECTS_VIDEO_ID, "NormalSnapshot", 21)),  # planted 404
        (22, None),  # its page has not arrived yet
    ]
    report = run(qtbot, OriginalsSaver(http).save(items, tmp_path))
    assert [p.name for p in report.saved] == ["snapshot-00020.jpg"]
    reasons = {f.index: f.reason.english() for f in report.failures}
    assert reasons == {21: "HTTP 404", 22: "its link is not loaded yet"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["snapshot-00020.jpg"]


def test_a_folder_that_cannot_be_written_is_named_in_the_reason(
    qtbot, emulator, http, tmp_path
) -> None:
    gone = tmp_path / "removed"
    items = [(1, signed_url(emulator, SHORT_VIDEO_ID, "NormalSnapshot", 1))]
    report = run(qtbot, OriginalsSaver(http).save(items, gone))
    assert report.saved == ()
    [failure] = report.failures
    assert failure.reason.english() == (
        "snapshot-00001.jpg could not be written: No such file or directory"
    )


def test_a_saver_without_a_client_closes_the_one_it_opened(qtbot, emulator, tmp_path) -> None:
    items = [(3, signed_url(emulator, SHORT_VIDEO_ID, "NormalSnapshot", 3))]
    report = run(qtbot, OriginalsSaver().save(items, tmp_path))
    assert [p.name for p in report.saved] == ["snapshot-00003.jpg"]


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://cdn.example.com/a/b/0001.PNG?auth_key=1-2-3", "snapshot-00007.png"),
        ("https://cdn.example.com/a/sprite.jpeg#xywh=0,0,10,10", "snapshot-00007.jpeg"),
        ("https://cdn.example.com/a/b/no-extension", "snapshot-00007.jpg"),
        ("https://cdn.example.com/a/b/x.j%2F..%2Fpg", "snapshot-00007.jpg"),
    ],
)
def test_file_names_take_a_plain_extension_from_the_url(url: str, name: str) -> None:
    assert file_name(7, url) == name
    assert Path(name).name == name
