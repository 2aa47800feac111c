"""A real small filesystem for tests of full disks and read-only media: a tmpfs of a given size,
mounted for the test and remountable read-only. Needs root with CAP_SYS_ADMIN (CI and dev.sh run
as root in a container that allows it); elsewhere the tests that use it are skipped with a reason,
and the portable variant (``PRAGMA max_page_count``) still runs."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


class Tmpfs:
    def __init__(self, path: Path) -> None:
        self.path = path

    def remount(self, *options: str) -> None:
        subprocess.run(["mount", "-o", ",".join(("remount", *options)), str(self.path)], check=True)

    def fill(self) -> Path:
        """Write a filler file until the filesystem is full; returns it (delete it to free space)."""
        filler = self.path / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError:
            pass
        finally:
            os.close(fd)
        return filler


@contextmanager
def mounted_tmpfs(size: str) -> Iterator[Tmpfs]:
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    path = Path(tempfile.mkdtemp(prefix="snapview-tmpfs-"))
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        path.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield Tmpfs(path)
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)
        path.rmdir()
