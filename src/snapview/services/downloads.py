"""Saving snapshot originals into a folder ("Save image(s)…" in the grid's menu).

Each original is downloaded on the app's long-lived ``httpx.AsyncClient`` (the image pipeline's,
passed in by whoever wires the grid) and written to ``snapshot-<index>.<ext>`` by a worker thread,
so neither the download nor the disk stalls the GUI. Nothing is raised for one bad snapshot: the
:class:`SaveReport` lists what was saved and, per failure, a sentence the user can act on.
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
_SAFE_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}")


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


def file_name(index: int, url: str) -> str:
    """``snapshot-00007.jpg``: the snapshot's index and the extension of its URL's path."""
    suffix = Path(url.split("?", 1)[0].split("#", 1)[0]).suffix
    if not _SAFE_SUFFIX.fullmatch(suffix):
        suffix = ".jpg"
    return f"snapshot-{index:05d}{suffix.lower()}"


class OriginalsSaver:
    """Downloads snapshot originals into a folder on one HTTP client.

    Pass the app's long-lived client. Without one, each :meth:`save` opens and closes a client of its
    own (kept until arch-wiring hands the grid the shared client).
    """

    def __init__(self, http: httpx.AsyncClient | None = None) -> None:
        self._http = http

    async def save(self, items: Sequence[tuple[int, str | None]], folder: Path) -> SaveReport:
        """Save ``(index, url)`` pairs into ``folder``, one after the other."""
        if self._http is not None:
            return await self._save(self._http, items, folder)
        async with httpx.AsyncClient(timeout=_OWN_CLIENT_TIMEOUT, follow_redirects=True) as http:
            return await self._save(http, items, folder)

    async def _save(
        self, http: httpx.AsyncClient, items: Sequence[tuple[int, str | None]], folder: Path
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
            path = folder / file_name(index, url)
            try:
                await loop.run_in_executor(None, path.write_bytes, response.content)
            except OSError as exc:
                failures.append(
                    SaveFailure(
                        index,
                        _msg(
                            QT_TRANSLATE_NOOP("Downloads", "{file} could not be written: {error}"),
                            file=path.name,
                            error=exc.strerror or type(exc).__name__,
                        ),
                    )
                )
                continue
            saved.append(path)
        return SaveReport(folder, tuple(saved), tuple(failures))
