"""Saving snapshot originals (the grid's "Save image(s)…") against the emulator's CDN over real HTTP:
files named by index, the bytes the CDN served, and a sentence for each snapshot that was not saved."""

from __future__ import annotations

import httpx
import pytest

from snapview.emulator.catalog import DEFECTS_VIDEO_ID, SHORT_VIDEO_ID
from snapview.services.downloads import OriginalsSaver, file_stem, image_extension
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
        "snapshot_00001.jpg",
        "snapshot_00002.jpg",
        "snapshot_00012.jpg",
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
    assert [p.name for p in report.saved] == ["snapshot_00020.jpg"]
    reasons = {f.index: f.reason.english() for f in report.failures}
    assert reasons == {21: "HTTP 404", 22: "its link is not loaded yet"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["snapshot_00020.jpg"]


def test_a_folder_that_cannot_be_written_is_named_in_the_reason(
    qtbot, emulator, http, tmp_path
) -> None:
    gone = tmp_path / "removed"
    items = [(1, signed_url(emulator, SHORT_VIDEO_ID, "NormalSnapshot", 1))]
    report = run(qtbot, OriginalsSaver(http).save(items, gone))
    assert report.saved == ()
    [failure] = report.failures
    assert failure.reason.english() == (
        "snapshot_00001.jpg could not be written: No such file or directory"
    )


def test_a_saver_without_a_client_closes_the_one_it_opened(qtbot, emulator, tmp_path) -> None:
    items = [(3, signed_url(emulator, SHORT_VIDEO_ID, "NormalSnapshot", 3))]
    report = run(qtbot, OriginalsSaver().save(items, tmp_path))
    assert [p.name for p in report.saved] == ["snapshot_00003.jpg"]


def test_files_are_named_by_video_type_and_index_and_never_overwritten(
    qtbot, emulator, http, tmp_path
) -> None:
    url = signed_url(emulator, SHORT_VIDEO_ID, "NormalSnapshot", 4)
    prefix = f"{SHORT_VIDEO_ID}_NormalSnapshot"
    (tmp_path / f"{prefix}_00004.jpg").write_bytes(b"kept")  # a file of an earlier save
    saver = OriginalsSaver(http)
    first = run(qtbot, saver.save([(4, url)], tmp_path, prefix=prefix))
    second = run(qtbot, saver.save([(4, url)], tmp_path, prefix=prefix))
    assert [p.name for p in first.saved + second.saved] == [
        f"{prefix}_00004-1.jpg",
        f"{prefix}_00004-2.jpg",
    ]
    assert (tmp_path / f"{prefix}_00004.jpg").read_bytes() == b"kept"


def test_an_html_page_served_as_a_snapshot_is_not_saved_as_an_image(
    qtbot, emulator, http, tmp_path
) -> None:
    items = [(33, signed_url(emulator, DEFECTS_VIDEO_ID, "NormalSnapshot", 33))]  # planted HTML
    report = run(qtbot, OriginalsSaver(http).save(items, tmp_path))
    assert report.saved == () and list(tmp_path.iterdir()) == []
    [failure] = report.failures
    assert failure.reason.english().startswith("the server sent no image (text/html, ")


@pytest.mark.parametrize(
    ("body", "extension"),
    [
        (b"\xff\xd8\xff\xe0rest", ".jpg"),
        (b"\x89PNG\r\n\x1a\nrest", ".png"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", ".webp"),
        (b"GIF89a...", ".gif"),
        (b"<!DOCTYPE html><html>", None),
        (b"", None),
    ],
)
def test_the_extension_is_the_one_of_the_bytes(body: bytes, extension: str | None) -> None:
    assert image_extension(body) == extension


def test_a_name_prefix_cannot_leave_the_folder() -> None:
    assert file_stem("../../etc/x y", 7) == "etc-x-y_00007"
    assert file_stem("", 7) == "snapshot_00007"
