"""Faults of this computer, not of the network (issue #15 D1, issue #16): the decode scratch folder
deleted mid-session, a cache folder that disappears, turns read-only or fills up. The images keep
loading, a fault is reported as local (never as a network error), and everything recovers by
itself once the fault is gone.

Read-only and full folders are real: as root (CI) a small tmpfs is mounted read-only or tiny;
otherwise a read-only folder is made with permissions, and the full-disk case is skipped.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from snapview.core.i18n import Message
from snapview.services.cache_entry import read_entry
from snapview.services.images import FailureKind, ImageState
from snapview.services.images.scratch import ScratchFiles
from tests.services.image_server import reason, wait_result

pytestmark = pytest.mark.usefixtures("qasync_loop")


def _mount(*args: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", *args], capture_output=True, check=False).returncode == 0


class Folder:
    """A folder whose writability the test switches: a tmpfs remounted as root, else chmod."""

    def __init__(self, path: Path, *, size: str | None = None) -> None:
        self.path = path
        path.mkdir()
        options = f"size={size},mode=0755" if size else "mode=0755"
        self.mounted = _mount("-t", "tmpfs", "-o", options, "tmpfs", str(path))

    def read_only(self) -> None:
        if self.mounted:
            assert _mount("-o", "remount,ro", str(self.path))
        else:
            self.path.chmod(0o555)

    def writable(self) -> None:
        if self.mounted:
            assert _mount("-o", "remount,rw", str(self.path))
        else:
            self.path.chmod(0o755)

    def close(self) -> None:
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.path)], capture_output=True, check=False)
        else:
            self.path.chmod(0o755)


@pytest.fixture
def switchable(tmp_path: Path) -> Iterator[Folder]:
    folder = Folder(tmp_path / "cache")
    if not folder.mounted and os.geteuid() == 0:
        folder.close()
        pytest.skip("root without mount: permissions cannot make a folder read-only")
    yield folder
    folder.close()


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[Folder]:
    folder = Folder(tmp_path / "tiny", size="48k")
    if not folder.mounted:
        pytest.skip("a full disk needs a small tmpfs, which needs root and mount")
    yield folder
    folder.close()


# -- the decode scratch folder ------------------------------------------------------------------


def test_decoding_needs_no_scratch_folder_where_memfd_exists(qtbot, server, make_pipeline) -> None:
    if not hasattr(os, "memfd_create"):
        pytest.skip("memfd_create is Linux-only; elsewhere the folder below is used")
    scratch = ScratchFiles()
    pipeline = make_pipeline(scratch=scratch)
    for i in range(3):
        assert wait_result(qtbot, pipeline, i, f"{server.base}/img/{i}.jpg").image is not None
    # Nothing on disk that a tmp cleaner could take away.
    assert scratch.use_memfd and scratch.folder is None


def test_a_deleted_scratch_folder_is_made_again(qtbot, server, make_pipeline, tmp_path) -> None:
    scratch = ScratchFiles(use_memfd=False, base=str(tmp_path))
    pipeline = make_pipeline(scratch=scratch)
    first = wait_result(qtbot, pipeline, "a", f"{server.base}/img/a.jpg")
    assert first.state is ImageState.LOADED
    folder = scratch.folder
    assert folder is not None and os.path.isdir(folder)
    shutil.rmtree(folder)  # what a tmp cleaner does to /dev/shm/snapview-decode-*
    for name in ("b", "c"):
        after = wait_result(qtbot, pipeline, name, f"{server.base}/img/{name}.jpg")
        assert after.state is ImageState.LOADED, after.reason
    assert scratch.folder is not None and os.path.isdir(scratch.folder)
    scratch.close()


def test_no_scratch_file_at_all_is_a_local_error_that_recovers(
    qtbot, server, make_pipeline, tmp_path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the scratch folder should go")
    scratch = ScratchFiles(use_memfd=False, base=str(blocked))
    pipeline = make_pipeline(scratch=scratch)
    pipeline.transient_failure_ttl = 0.0
    failed = wait_result(qtbot, pipeline, "a", f"{server.base}/img/a.jpg")
    assert failed.failure is FailureKind.LOCAL and failed.is_transient
    assert reason(failed).startswith("Local error (this computer, not the network): ")
    assert "Network" not in reason(failed)
    # The fault goes away (the path is a folder again): the same tile loads on its next request.
    blocked.unlink()
    blocked.mkdir()
    again = wait_result(qtbot, pipeline, "a", f"{server.base}/img/a.jpg")
    assert again.state is ImageState.LOADED
    scratch.close()


# -- the disk cache folder ------------------------------------------------------------------------


def test_a_deleted_cache_folder_is_made_again(qtbot, server, make_pipeline, tmp_path) -> None:
    cache = tmp_path / "images"
    pipeline = make_pipeline(disk_cache_dir=cache)
    wait_result(qtbot, pipeline, "a", f"{server.base}/img/a.jpg")
    # The worker writes the disk cache after it has sent the image: wait for the file, not the image.
    qtbot.waitUntil(lambda: bool(list(cache.rglob("*.entry"))))
    shutil.rmtree(cache)
    assert wait_result(qtbot, pipeline, "b", f"{server.base}/img/b.jpg").image is not None
    qtbot.waitUntil(lambda: len(list(cache.rglob("*.entry"))) == 1)
    assert pipeline.local_problem is None


def test_a_read_only_cache_folder_still_shows_images_and_says_the_fault_is_local(
    qtbot, server, make_pipeline, switchable, caplog
) -> None:
    switchable.read_only()
    pipeline = make_pipeline(disk_cache_dir=switchable.path / "images")
    notices: list[Message | None] = []
    pipeline.local_problem_changed.connect(notices.append)
    with caplog.at_level(logging.WARNING, logger="snapview.images"):  # the one expected warning
        for name in ("a", "b", "c"):
            result = wait_result(qtbot, pipeline, name, f"{server.base}/img/{name}.jpg")
            assert result.state is ImageState.LOADED, result.reason
        # The worker writes the disk cache after it has sent the images: the notice follows them.
        qtbot.waitUntil(lambda: pipeline.stats.local_errors == 3 and bool(notices))
    assert len(notices) == 1 and notices[0] is not None  # one notice, not one per image
    text = notices[0].english()
    assert text.startswith("Local error: the image cache folder ")
    assert str(switchable.path / "images") in text and "Images are still shown" in text
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "cannot be written" in warnings[0]
    # Writable again: the next image is kept, and the notice is withdrawn.
    switchable.writable()
    wait_result(qtbot, pipeline, "d", f"{server.base}/img/d.jpg")
    qtbot.waitUntil(lambda: notices[-1] is None)
    assert pipeline.local_problem is None
    assert len(list((switchable.path / "images").rglob("*.entry"))) == 1


def test_a_full_cache_disk_still_shows_images_and_leaves_no_partial_files(
    qtbot, server, make_pipeline, tiny, caplog
) -> None:
    pipeline = make_pipeline(disk_cache_dir=tiny.path)
    with caplog.at_level(logging.WARNING, logger="snapview.images"):
        results = [
            wait_result(qtbot, pipeline, i, f"{server.base}/img/{i}.jpg?w=640&h=360")
            for i in range(12)
        ]
    assert all(r.state is ImageState.LOADED for r in results)
    # The worker writes the disk cache after it has sent the images: wait for the last writes.
    qtbot.waitUntil(
        lambda: pipeline.local_problem is not None and not list(tiny.path.rglob("*.tmp"))
    )
    assert pipeline.stats.local_errors >= 1
    assert "No space left on device" in pipeline.local_problem.english()
    # Every stored entry is whole (its header and body, checked by reading it): nothing
    # half-written takes the space or would be served.
    for entry in tiny.path.rglob("*.entry"):
        read_entry(str(entry))
