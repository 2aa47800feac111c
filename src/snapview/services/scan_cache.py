"""The scan's analysis cache: what the detectors found on a picture, kept by the picture's content so
a second scan of the same video neither decodes nor analyses anything.

Keyed by the SHA-256 of the image body as the disk image cache holds it — what identifies the
picture whatever signing token its URL carried this time — and by
:data:`~snapview.core.detectors.version.ANALYSIS_VERSION`, so a change to a detector or to one
of its thresholds makes every stored verdict a miss (rows of other versions are deleted when the
cache opens). Each entry is the picture's pixel flags and the few hundred bytes of its
:class:`~snapview.core.detectors.sequence.FrameSummary`; the sequence checks run again on every
scan, over all the summaries.

One SQLite file next to the image disk cache, used from one worker thread. New entries are written
in batches, each one transaction, so a scan stopped at any point (Ctrl+C, a crash) leaves the file
consistent: it loses at most the batch not yet written. The cache is bounded (least recently used
entries go first) and is only an optimisation: a file that cannot be opened or written is one
warning in the log, and the scan goes on analysing every picture.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from snapview.core.detectors.analysis import FrameAnalysis
from snapview.core.detectors.kinds import Flag, FrameFlag, Severity
from snapview.core.detectors.sequence import FrameSummary
from snapview.core.detectors.version import ANALYSIS_VERSION

log = logging.getLogger("snapview.scan")

# Rows of about 0.75 KB: 50,000 are ~40 MB, about as many pictures as the 1 GB image disk cache
# holds (an analysis is only found while its picture is in that cache).
DEFAULT_MAX_ENTRIES = 50_000
# New entries written per transaction.
WRITE_BATCH = 256
# SQLite's IN (...) takes at most 32,766 parameters in current builds; stay far below.
_LOOKUP_CHUNK = 500
_SCHEMA = 1


@dataclass(frozen=True, slots=True)
class CachedAnalysis:
    """One picture's stored verdict: its pixel flags and its summary without a place in a job."""

    width: int
    height: int
    flags: tuple[Flag, ...]
    dhash: int
    signature: bytes
    comparable: bool

    @classmethod
    def of(cls, analysis: FrameAnalysis) -> CachedAnalysis:
        s = analysis.summary
        return cls(s.width, s.height, analysis.flags, s.dhash, s.signature, s.comparable)

    def summary(self, position: int, index: int) -> FrameSummary:
        """The summary for this picture at ``position`` (listing order) with ``index``."""
        return FrameSummary(
            position,
            index,
            self.width,
            self.height,
            self.dhash,
            self.signature,
            self.comparable,
        )


def _flags_json(flags: Iterable[Flag]) -> str:
    return json.dumps(
        [
            {"kind": f.kind.value, "severity": f.severity.value, "details": dict(f.details)}
            for f in flags
        ],
        separators=(",", ":"),
    )


def _flags_of(text: str) -> tuple[Flag, ...]:
    return tuple(
        Flag(FrameFlag(item["kind"]), item["details"], Severity(item["severity"]))
        for item in json.loads(text)
    )


def _signed(value: int) -> int:
    """A 64-bit unsigned hash as SQLite's signed INTEGER (and back with ``& (2**64 - 1)``)."""
    return value - 2**64 if value >= 2**63 else value


class AnalysisCache:
    """See the module docstring. Create, use from one event loop, ``await aclose()`` at the end."""

    def __init__(
        self,
        path: Path,
        *,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        version: str = ANALYSIS_VERSION,
    ) -> None:
        self.path = Path(path)
        self.max_entries = max(1, max_entries)
        self.version = version
        self._db: sqlite3.Connection | None = None
        self._disabled = False
        self._pending: list[tuple[bytes, CachedAnalysis]] = []
        self._flushing: asyncio.Task[None] | None = None
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="snapview-scan-cache")
        self._closed = False
        self.hits = 0
        self.misses = 0
        self.written = 0

    @property
    def usable(self) -> bool:
        """False once the file turned out unusable (the scan then analyses every picture)."""
        return not self._disabled

    async def _call(self, fn: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._thread, fn, *args)

    # -- the worker thread -------------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is not None or self._disabled:
            return self._db
        for attempt in (1, 2):
            try:
                self._db = self._open()
                return self._db
            except sqlite3.DatabaseError as exc:  # not a database (garbage), or a damaged one
                if attempt == 1 and self.path.exists():
                    log.info(
                        "scan analysis cache %s is damaged (%s); starting a new one", self.path, exc
                    )
                    self._remove_files()
                    continue
                self._give_up(exc)
            except OSError as exc:
                self._give_up(exc)
                break
        return None

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=5.0)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            (schema,) = db.execute("PRAGMA user_version").fetchone()
            if schema != _SCHEMA:
                db.execute("DROP TABLE IF EXISTS analysis")
            db.execute(
                "CREATE TABLE IF NOT EXISTS analysis (digest BLOB PRIMARY KEY, version TEXT NOT NULL,"
                " width INTEGER NOT NULL, height INTEGER NOT NULL, dhash INTEGER NOT NULL,"
                " signature BLOB NOT NULL, comparable INTEGER NOT NULL, flags TEXT NOT NULL,"
                " used REAL NOT NULL) WITHOUT ROWID"
            )
            db.execute("CREATE INDEX IF NOT EXISTS analysis_used ON analysis(used)")
            db.execute(f"PRAGMA user_version={_SCHEMA}")
            # Verdicts of other detectors are never used again: drop them now.
            with db:
                db.execute("DELETE FROM analysis WHERE version != ?", (self.version,))
        except BaseException:
            db.close()
            raise
        return db

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                self.path.with_name(self.path.name + suffix).unlink()

    def _give_up(self, exc: BaseException) -> None:
        if not self._disabled:
            self._disabled = True
            log.warning(
                "scan analysis cache %s cannot be used (%s); every picture is analysed",
                self.path,
                exc,
            )
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    def _lookup(self, digests: Sequence[bytes]) -> dict[bytes, CachedAnalysis]:
        db = self._connection()
        if db is None or not digests:
            return {}
        found: dict[bytes, CachedAnalysis] = {}
        try:
            for start in range(0, len(digests), _LOOKUP_CHUNK):
                chunk = list(digests[start : start + _LOOKUP_CHUNK])
                marks = ",".join("?" * len(chunk))
                rows = db.execute(
                    "SELECT digest, width, height, dhash, signature, comparable, flags FROM analysis"
                    f" WHERE version = ? AND digest IN ({marks})",
                    (self.version, *chunk),
                ).fetchall()
                for digest, width, height, dhash, signature, comparable, flags in rows:
                    found[bytes(digest)] = CachedAnalysis(
                        width,
                        height,
                        _flags_of(flags),
                        dhash & (2**64 - 1),
                        bytes(signature),
                        bool(comparable),
                    )
            if found:
                now = time.time()
                with db:  # marks them recently used, for the bound
                    db.executemany(
                        "UPDATE analysis SET used = ? WHERE digest = ?", [(now, d) for d in found]
                    )
        except sqlite3.OperationalError as exc:  # locked by another scan for 5 s: a miss
            log.info("scan analysis cache %s: %s", self.path, exc)
        except sqlite3.DatabaseError as exc:
            self._give_up(exc)
            return {}
        return found

    def _write(self, entries: Sequence[tuple[bytes, CachedAnalysis]]) -> None:
        db = self._connection()
        if db is None or not entries:
            return
        now = time.time()
        rows = [
            (
                digest,
                self.version,
                a.width,
                a.height,
                _signed(a.dhash),
                a.signature,
                int(a.comparable),
                _flags_json(a.flags),
                now,
            )
            for digest, a in entries
        ]
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO analysis VALUES (?,?,?,?,?,?,?,?,?)", rows)
            self._prune(db)
        except sqlite3.OperationalError as exc:
            log.info(
                "scan analysis cache %s: %d entries not written: %s", self.path, len(rows), exc
            )
            return
        except (sqlite3.DatabaseError, OSError) as exc:
            self._give_up(exc)
            return
        self.written += len(rows)

    def _prune(self, db: sqlite3.Connection) -> None:
        (count,) = db.execute("SELECT COUNT(*) FROM analysis").fetchone()
        excess = count - self.max_entries
        if excess > 0:
            # Down to 90 %, so the next batches do not prune again at once.
            drop = excess + self.max_entries // 10
            with db:
                db.execute(
                    "DELETE FROM analysis WHERE digest IN (SELECT digest FROM analysis ORDER BY used LIMIT ?)",
                    (drop,),
                )

    def _close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    # -- the loop ----------------------------------------------------------------------------------

    async def get_many(self, digests: Sequence[bytes]) -> dict[bytes, CachedAnalysis]:
        """The stored analyses of these pictures (by content digest); absent ones are missing."""
        if self._disabled or self._closed or not digests:
            return {}
        found: dict[bytes, CachedAnalysis] = await self._call(self._lookup, list(digests))
        self.hits += len(found)
        self.misses += len(set(digests)) - len(found)
        return found

    def put(self, digest: bytes, analysis: CachedAnalysis) -> None:
        """Keep ``analysis`` for the picture with this digest (written in the next batch)."""
        if self._disabled or self._closed:
            return
        self._pending.append((digest, analysis))
        if len(self._pending) >= WRITE_BATCH and (self._flushing is None or self._flushing.done()):
            self._flushing = asyncio.get_running_loop().create_task(
                self.flush(), name="scan-analysis-cache-write"
            )

    async def flush(self) -> None:
        """Write every entry kept so far (one transaction per batch)."""
        while self._pending:
            batch, self._pending = self._pending[:WRITE_BATCH], self._pending[WRITE_BATCH:]
            await self._call(self._write, batch)

    async def aclose(self) -> None:
        """Write what is pending, close the file, stop the thread. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        try:
            if self._flushing is not None:
                # A cancelled scan cancels this task's caller, not the writer: let it finish.
                with contextlib.suppress(Exception):
                    await asyncio.shield(self._flushing)
            await self.flush()
        finally:
            self._pending.clear()
            try:
                await self._call(self._close)
            finally:
                self._thread.shutdown(wait=True)
