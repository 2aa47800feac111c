"""Where the bytes of an image wait while Qt decodes them: a path Qt can open with its own C++ file.

Why a path at all: a ``QBuffer`` made in Python is a PySide wrapper whose virtual methods (readData,
seek, size...) take the GIL on first use from C++. QImageReader calls them while holding Qt's
image-plugin loader mutex, so a worker could wait for the GIL while the GUI thread, holding the GIL,
waited for that mutex: a deadlock seen in the grid tests. A path makes Qt open its own C++ QFile,
and the decode never needs the GIL.

On Linux the path is an anonymous in-memory file (``memfd_create``) reached through
``/proc/self/fd``: nothing on disk, nothing a tmp cleaner can remove, gone when closed. Elsewhere,
or when that fails, it is a per-thread file in a private scratch folder (in ``/dev/shm`` when
writable), and that folder is made again whenever it has disappeared: a cleaner deleting it costs
nothing (issue #15, D1). Only when no scratch file can be written at all does the decode fail, with
an ``OSError`` the pipeline reports as a local error.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from collections.abc import Iterator

_PROC_FD = "/proc/self/fd"


def _memfd_usable() -> bool:
    if not hasattr(os, "memfd_create") or not os.path.isdir(_PROC_FD):
        return False
    try:
        fd = os.memfd_create("snapview-probe", os.MFD_CLOEXEC)
    except OSError:
        return False
    os.close(fd)
    return True


class ScratchFiles:
    """Hands out a readable path holding given bytes, for the duration of a ``with`` block.

    Thread-safe; each thread writes its own file. ``use_memfd=False`` forces the folder (other
    platforms, and the tests of the folder's recovery).
    """

    def __init__(self, *, use_memfd: bool | None = None, base: str | None = None) -> None:
        self.use_memfd = _memfd_usable() if use_memfd is None else use_memfd
        self._base = base
        self._lock = threading.Lock()
        self._folder: tempfile.TemporaryDirectory[str] | None = None

    @contextlib.contextmanager
    def path_for(self, data: bytes) -> Iterator[str]:
        """A path whose file holds ``data``; raises ``OSError`` when none can be written."""
        if self.use_memfd:
            fd = self._memfd(data)
            if fd is not None:
                try:
                    yield f"{_PROC_FD}/{fd}"
                finally:
                    os.close(fd)
                return
        yield self._write_in_folder(data)

    @property
    def folder(self) -> str | None:
        """The scratch folder in use, if one was made (None while memfd serves every decode)."""
        return self._folder.name if self._folder is not None else None

    def _memfd(self, data: bytes) -> int | None:
        try:
            fd = os.memfd_create("snapview-decode", os.MFD_CLOEXEC)
        except OSError:
            return None  # out of file descriptors, or forbidden: the folder still works
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        except OSError:
            os.close(fd)
            return None
        return fd

    def _write_in_folder(self, data: bytes) -> str:
        name = f"img-{threading.get_ident()}"
        folder = self._current_folder()
        try:
            return self._write(os.path.join(folder, name), data)
        except FileNotFoundError:
            # The folder was deleted under us (a tmp cleaner): make a new one and try once more.
            return self._write(os.path.join(self._current_folder(gone=folder), name), data)

    def _current_folder(self, *, gone: str | None = None) -> str:
        """The folder to write in, made anew when missing (``gone``: the one a write just missed;
        another thread may have replaced it already, and then its new folder is kept)."""
        with self._lock:
            current = self._folder
            if current is not None and (current.name == gone or not os.path.isdir(current.name)):
                current.cleanup()
                self._folder = current = None
            if current is None:
                self._folder = current = self._make_folder()
            return current.name

    def _make_folder(self) -> tempfile.TemporaryDirectory[str]:
        candidates = [self._base] if self._base else [_shm(), None]
        error: OSError | None = None
        for base in candidates:
            try:
                return tempfile.TemporaryDirectory(
                    prefix="snapview-decode-", dir=base, ignore_cleanup_errors=True
                )
            except OSError as exc:  # /dev/shm full or read-only: the system temp folder next
                error = exc
        assert error is not None
        raise error

    @staticmethod
    def _write(path: str, data: bytes) -> str:
        with open(path, "wb") as handle:
            handle.write(data)
        return path

    def close(self) -> None:
        with self._lock:
            if self._folder is not None:
                self._folder.cleanup()
                self._folder = None


def _shm() -> str | None:
    return "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
