"""Saving snapshot originals into a folder ("Save image(s)…" in the grid's menu).

Each original is downloaded on the app's long-lived ``httpx.AsyncClient`` (the image pipeline's,
passed in by whoever wires the grid) and written to ``<video>_<type>_<index>.<ext>`` by a worker
thread, so neither the download nor the disk stalls the GUI. The extension is the one of the bytes
received (a JPEG is ``.jpg`` whatever the URL says); a body that is no image (a CDN's HTML error
page served with 200) is not saved at all. A file already there is never replaced: the new one gets
``-1``, ``-2``… Nothing is raised for one bad snapshot: the :class:`SaveReport` lists what was saved
and, per failure, a sentence the user can act on.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from snapview.core.i18n import QT_TRANSLATE_NOOP, Message

log = logging.getLogger("snapview.downloads")

# Only for a saver made without a client (until the app hands the grid its one client).
_OWN_CLIENT_TIMEOUT = httpx.Timeout(20.0, connect=5.0)
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_SUFFIX = 999  # "-1" … "-999": past that the folder is surely not meant for this


def _msg(template: str, **params: object) -> Message:
    return Message("Downloads", template, params)


@dataclass(frozen=True, slots=True)
class SaveFailure:
    """One snapshot that was not saved, and why."""

    index: int
    reason: Message


@dataclass(frozen=True, slots=True)
class SaveReport:
    """What one "save originals" did: the files written and the snapshots that failed."""

    folder: Path
    saved: tuple[Path, ...]
    failures: tuple[SaveFailure, ...]


def image_extension(body: bytes) -> str | None:
    """The extension of the picture format ``body`` is in (by its magic bytes), None for no image."""
    if body.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if body.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if body[:6] in (b"GIF87a", b"GIF89a"):
        return ".gif"
    if body[:4] == b"RIFF" and body[8:12] == b"WEBP":
        return ".webp"
    if body.startswith(b"BM"):
        return ".bmp"
    return None


def file_stem(prefix: str, index: int) -> str:
    """``<prefix>_00007``, with ``prefix`` (``<video>_<type>``) made safe for any file system."""
    safe = _UNSAFE_IN_NAME.sub("-", prefix).strip(".-") or "snapshot"
    return f"{safe[:150]}_{index:05d}"


def write_new_file(folder: Path, stem: str, extension: str, data: bytes) -> Path:
    """Write ``data`` to ``stem + extension`` in ``folder``, or ``stem-1``, ``stem-2``… when taken:
    an existing file is never overwritten (the exclusive open makes that hold against races too)."""
    for n in range(_MAX_SUFFIX + 1):
        path = folder / f"{stem}{f'-{n}' if n else ''}{extension}"
        try:
            with path.open("xb") as out:
                out.write(data)
        except FileExistsError:
            continue
        return path
    raise FileExistsError(0, "too many files of that name", str(folder / (stem + extension)))


class OriginalsSaver:
    """Downloads snapshot originals into a folder on one HTTP client.

    Pass the app's long-lived client. Without one, each :meth:`save` opens and closes a client of its
    own (kept until arch-wiring hands the grid the shared client).
    """

    def __init__(self, http: httpx.AsyncClient | None = None) -> None:
        self._http = http

    async def save(
        self, items: Sequence[tuple[int, str | None]], folder: Path, *, prefix: str = "snapshot"
    ) -> SaveReport:
        """Save ``(index, url)`` pairs into ``folder``, one after the other, as
        ``<prefix>_<index>.<ext>`` (``prefix`` is ``<video>_<type>`` from the grid)."""
        if self._http is not None:
            return await self._save(self._http, items, folder, prefix)
        async with httpx.AsyncClient(timeout=_OWN_CLIENT_TIMEOUT, follow_redirects=True) as http:
            return await self._save(http, items, folder, prefix)

    async def _save(
        self,
        http: httpx.AsyncClient,
        items: Sequence[tuple[int, str | None]],
        folder: Path,
        prefix: str,
    ) -> SaveReport:
        loop = asyncio.get_running_loop()
        saved: list[Path] = []
        failures: list[SaveFailure] = []
        for index, url in items:
            if not url:
                failures.append(
                    SaveFailure(
                        index, _msg(QT_TRANSLATE_NOOP("Downloads", "its link is not loaded yet"))
                    )
                )
                continue
            try:
                response = await http.get(url)
            except httpx.HTTPError as exc:
                log.info("saving snapshot %d failed: %s", index, type(exc).__name__)
                failures.append(
                    SaveFailure(
                        index,
                        _msg(
                            QT_TRANSLATE_NOOP("Downloads", "network error ({error})"),
                            error=type(exc).__name__,
                        ),
                    )
                )
                continue
            if response.status_code >= 400:
                failures.append(
                    SaveFailure(
                        index,
                        _msg(
                            QT_TRANSLATE_NOOP("Downloads", "HTTP {status}"),
                            status=response.status_code,
                        ),
                    )
                )
                continue
            body = response.content
            extension = image_extension(body)
            if extension is None:
                kind = response.headers.get("content-type", "").split(";", 1)[0].strip()
                failures.append(
                    SaveFailure(
                        index,
                        _msg(
                            QT_TRANSLATE_NOOP(
                                "Downloads", "the server sent no image ({kind}, {size} bytes)"
                            ),
                            kind=kind or "?",
                            size=len(body),
                        ),
                    )
                )
                continue
            stem = file_stem(prefix, index)
            try:
                path = await loop.run_in_executor(
                    None, write_new_file, folder, stem, extension, body
                )
            except OSError as exc:
                failures.append(
                    SaveFailure(
                        index,
                        _msg(
                            QT_TRANSLATE_NOOP("Downloads", "{file} could not be written: {error}"),
                            file=stem + extension,
                            error=exc.strerror or type(exc).__name__,
                        ),
                    )
                )
                continue
            saved.append(path)
        return SaveReport(folder, tuple(saved), tuple(failures))
